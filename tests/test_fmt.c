/*
 * test_fmt.c - the reference's element formats (issue 8) and its streamed
 * and batched groups (issue 7) against the independent MPFR oracle
 * (tests/oracle.c): mx_dot_fmt, mx_elem_*, mx_format_*, mx_group_*,
 * mx_dot_batch.
 *
 *   test_fmt [--count N] [--seed S] [FILE.vec ...]
 *
 * FILEs hold known answers (SPEC section 3 lines, with or without F): each
 * line is checked against the oracle and against mx_dot_fmt, and both
 * readers (tests/testlib.c, ref/mxvec.c) must read it alike. N (default
 * 1000000, or MX_TEST_COUNT) sizes the random sections: N groups from this
 * file's own generator and N/4 from ref/mxgen's mx_gen_group, spread over
 * the 36 format pairs, lengths 1..4096 (mostly short); N/80000 (at least 1)
 * (scale pair, accumulator) choices per element pair and mode in the
 * exhaustive section, so that every element pair of every format pair runs
 * at least once in every mode whatever N is (below N = 50000, the sanitizer
 * run, once in one rotating mode). A mismatch prints the group as a vector
 * line with the observed result and the expected one; the program stops
 * after 10 errors (MX_TEST_MAX_ERRORS) and ends with "N passed, N failed".
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mxdot.h"
#include "mxgen.h"
#include "mxvec.h"
#include "oracle.h"
#include "testlib.h"

#define NFMT ORACLE_FMT_COUNT

static tl_block blk;   /* the group under test (large: static) */
static mx_vector gv;   /* a group from ref/mxgen */
static tl_block kept;  /* the kept elements of blk; a second parse */

/* Per format, derived from the oracle's values (never from bit layouts):
 * the number of codes 2^width, the codes of +1.0, +1.5 and of the smallest
 * positive value, and the negation of each code (a code with value -v; -0
 * for +0, except INT8's one zero; has_neg 0 for INT8 -128 and the NaNs). */
static unsigned ncodes[NFMT];
static uint8_t one_code[NFMT], three_halves_code[NFMT], tiny_code[NFMT];
static uint8_t neg_of[NFMT][256];
static int has_neg[NFMT][256];

static void learn_formats(void)
{
    unsigned f, x, y;
    for (f = 0; f < NFMT; f++) {
        ncodes[f] = 1u << oracle_fmt_width(f);
        for (x = 0; x < ncodes[f]; x++) {
            double v = oracle_elem_value(f, (uint8_t)x);
            if (v == 1.0)
                one_code[f] = (uint8_t)x;
            if (v == 1.5)
                three_halves_code[f] = (uint8_t)x;
            if (v > 0 && (oracle_elem_value(f, tiny_code[f]) == 0 || v < oracle_elem_value(f, tiny_code[f])))
                tiny_code[f] = (uint8_t)x;
            has_neg[f][x] = 0;
            for (y = 0; y < ncodes[f] && !isnan(v); y++) {
                double w = oracle_elem_value(f, (uint8_t)y);
                if (w == -v && (v != 0 || signbit(w) != signbit(v) || f == ORACLE_FMT_INT8)) {
                    neg_of[f][x] = (uint8_t)y;
                    has_neg[f][x] = 1;
                    break;
                }
            }
        }
    }
}

/* ---------------------------------------------------------------------- */
/* Coverage: what the expected results were, per format pair              */

typedef struct {
    unsigned long nx, uf, of, nv, zero, sub, inf, nan, all;
} coverage;
static coverage cov[NFMT][NFMT];

static void cover(unsigned fa, unsigned fb, uint32_t d, unsigned f)
{
    coverage *c;
    if (fa >= NFMT || fb >= NFMT)
        return;
    c = &cov[fa][fb];
    c->nx += f & 1u;
    c->uf += (f >> 1) & 1u;
    c->of += (f >> 2) & 1u;
    c->nv += (f >> 4) & 1u;
    c->zero += (d & 0x7FFFFFFFu) == 0;
    c->sub += (d & 0x7F800000u) == 0 && (d & 0x7FFFFFu) != 0;
    c->inf += (d & 0x7FFFFFFFu) == 0x7F800000u;
    c->nan += (d & 0x7FFFFFFFu) > 0x7F800000u;
    c->all++;
}

/* Print the coverage table; with enforce, every format pair must have
 * expected results of every class that the section aims at (a generator
 * that stopped reaching one would otherwise pass silently). */
static void report_coverage(const char *section, int enforce)
{
    unsigned fa, fb;
    printf("   coverage of expected results (%s): pair all/NX/UF/OF/NV/zero/sub/inf/nan\n", section);
    for (fa = 0; fa < NFMT; fa++) {
        printf("  ");
        for (fb = 0; fb < NFMT; fb++) {
            coverage *c = &cov[fa][fb];
            printf(" %u%u:%lu/%lu/%lu/%lu/%lu/%lu/%lu/%lu/%lu", fa, fb, c->all, c->nx,
                   c->uf, c->of, c->nv, c->zero, c->sub, c->inf, c->nan);
            if (enforce && (!c->nx || !c->uf || !c->of || !c->nv || !c->zero ||
                            !c->sub || !c->inf || !c->nan))
                tl_fail("%s: format pair %u%u never produced one of the result "
                        "classes NX/UF/OF/NV/zero/subnormal/inf/nan", section, fa, fb);
        }
        printf("\n");
    }
    memset(cov, 0, sizeof cov);
}

/* ---------------------------------------------------------------------- */
/* The core comparison                                                     */

static void check_block(const char *what, const tl_block *t)
{
    unsigned ef = 0x55, gf = 0xAA; /* written, not ORed */
    uint32_t e = oracle_dot_fmt(t->k, t->a, t->b, t->fa, t->fb, t->xa, t->xb,
                                t->c, t->rm, &ef);
    uint32_t g = mx_dot_fmt(t->k, t->a, t->b, t->fa, t->fb, t->xa, t->xb,
                            t->c, t->rm, &gf);
    cover(t->fa, t->fb, e, ef);
    if (e == g && ef == gf)
        tl_pass();
    else
        tl_fail_block(what, t, g, gf, e, ef);
}

static uint32_t f32_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

/* 2^(xa+xb-254) * sum a[i] b[i] as a double: exact for every format pair
 * but E5M2 groups that span more than 53 bits (there it aims, no more). */
static double block_value(const tl_block *t)
{
    double s = 0;
    size_t i;
    for (i = 0; i < t->k; i++)
        s += oracle_elem_value(t->fa, t->a[i]) * oracle_elem_value(t->fb, t->b[i]);
    return ldexp(s, (int)t->xa + (int)t->xb - 254);
}

static int exp_of(double x)
{
    int e;
    frexp(x, &e);
    return e - 1;
}

/* ---------------------------------------------------------------------- */
/* 1. Every code of every format                                           */

static unsigned mx_class_of(enum oracle_class c)
{
    switch (c) {
    case ORACLE_ZERO:      return MX_ZERO;
    case ORACLE_SUBNORMAL: return MX_SUBNORMAL;
    case ORACLE_NORMAL:    return MX_NORMAL;
    case ORACLE_INF:       return MX_INF;
    default:               return MX_QNAN;
    }
}

/* Values SPEC section 1 states in words, checked against both sides. */
static void landmarks(void)
{
    static const struct { unsigned f; uint8_t x; double v; } lm[] = {
        { 0, 0x7E, 448.0 }, { 0, 0x01, 0x1p-9 }, { 0, 0x08, 0x1p-6 },
        { 1, 0x7B, 57344.0 }, { 1, 0xFB, -57344.0 }, { 1, 0x01, 0x1p-16 },
        { 1, 0x04, 0x1p-14 }, { 1, 0x3C, 1.0 }, { 1, 0x7C, INFINITY },
        { 1, 0xFC, -INFINITY }, { 2, 0x1F, 28.0 }, { 2, 0x3F, -28.0 },
        { 2, 0x01, 0x1p-4 }, { 2, 0x04, 0x1p-2 }, { 3, 0x1F, 7.5 },
        { 3, 0x3F, -7.5 }, { 3, 0x01, 0x1p-3 }, { 3, 0x08, 1.0 },
        { 4, 0x07, 6.0 }, { 4, 0x0F, -6.0 }, { 4, 0x01, 0.5 }, { 4, 0x02, 1.0 },
        { 5, 0x80, -2.0 }, { 5, 0x7F, 1.984375 }, { 5, 0x40, 1.0 },
        { 5, 0xFF, -0x1p-6 }, { 5, 0x01, 0x1p-6 },
    };
    size_t i;
    char what[80];
    for (i = 0; i < sizeof lm / sizeof lm[0]; i++) {
        unsigned sign = 9, g;
        uint32_t sig = 0;
        int exp = 0;
        double gv_;
        snprintf(what, sizeof what, "SPEC value of %s %02X (oracle)", oracle_fmt_name(lm[i].f), lm[i].x);
        tl_expect(what, oracle_elem_value(lm[i].f, lm[i].x) == lm[i].v, 1);
        snprintf(what, sizeof what, "SPEC value of %s %02X (reference)", oracle_fmt_name(lm[i].f), lm[i].x);
        if (isinf(lm[i].v)) {
            tl_expect(what, (unsigned long)mx_elem_is_inf(lm[i].f, lm[i].x), 1);
            continue;
        }
        g = (unsigned)mx_elem_decode(lm[i].f, lm[i].x, &sign, &sig, &exp);
        gv_ = (sign ? -1.0 : 1.0) * ldexp((double)sig, exp);
        tl_expect(what, g == 1 && gv_ == lm[i].v, 1);
    }
    tl_expect("oracle: INT8 has no -0 (0x00 is +0)", signbit(oracle_elem_value(5, 0x00)) == 0, 1);
    tl_expect("oracle: E2M1 0x8 is -0", oracle_elem_value(4, 0x08) == 0 && signbit(oracle_elem_value(4, 0x08)), 1);
}

static void names(void)
{
    unsigned f;
    char what[80], up[16];
    for (f = 0; f < 8; f++) {
        const char *n = mx_format_name(f);
        snprintf(what, sizeof what, "mx_format_bits(%u)", f);
        tl_expect(what, mx_format_bits(f), oracle_fmt_width(f));
        snprintf(what, sizeof what, "mx_format_name(%u) is NULL exactly when reserved", f);
        tl_expect(what, n == NULL, f >= NFMT);
        if (n) {
            size_t i;
            snprintf(what, sizeof what, "mx_format_from_name(mx_format_name(%u))", f);
            tl_expect(what, (unsigned long)(long)mx_format_from_name(n), f);
            for (i = 0; n[i] && i + 1 < sizeof up; i++)
                up[i] = (char)(n[i] >= 'a' && n[i] <= 'z' ? n[i] - 32 : n[i]);
            up[i] = 0;
            snprintf(what, sizeof what, "mx_format_from_name(\"%s\") (case)", up);
            tl_expect(what, (unsigned long)(long)mx_format_from_name(up), f);
            snprintf(what, sizeof what, "mx_format_name(%u) is the oracle's name", f);
            tl_expect(what, strcmp(up, oracle_fmt_name(f)) == 0, 1);
        }
    }
    tl_expect("mx_format_name(255)", mx_format_name(255) == NULL, 1);
    tl_expect("mx_format_bits(8)", mx_format_bits(8), 0);
    tl_expect("mx_format_from_name(\"e6m1\")", (unsigned long)(long)mx_format_from_name("e6m1"), (unsigned long)-1L);
    tl_expect("mx_format_from_name(\"\")", (unsigned long)(long)mx_format_from_name(""), (unsigned long)-1L);
}

/* Mantissa bits of each format as SPEC section 1's layouts give them (the
 * canonical decode: a normal's sig has mbits+1 bits). */
static const unsigned mbits_of[NFMT] = { 3, 2, 2, 3, 1, 0 };

static void codes(void)
{
    unsigned f, x;
    char what[96];
    for (f = 0; f < 8; f++)
        for (x = 0; x < 256; x++) {
            unsigned sign = 7, cls, code_sign;
            uint32_t sig = 0, want_f32, got_f32;
            int exp = 0, ok;
            double v;
            const char *fn = f < NFMT ? oracle_fmt_name(f) : "reserved";
            ok = mx_elem_decode(f, (uint8_t)x, &sign, &sig, &exp);
            got_f32 = mx_elem_to_f32(f, (uint8_t)x);
            if (f >= NFMT) {
                /* a reserved format is a NaN everywhere (header) */
                snprintf(what, sizeof what, "reserved format %u, code %02X: a NaN everywhere", f, x);
                tl_expect(what, ok == 0 && sign == 0 && sig == 0 && exp == 0 &&
                                mx_elem_is_nan(f, (uint8_t)x) && !mx_elem_is_inf(f, (uint8_t)x) &&
                                mx_elem_class(f, (uint8_t)x) == MX_QNAN && got_f32 == MX_F32_QNAN, 1);
                continue;
            }
            v = oracle_elem_value(f, (uint8_t)x);
            /* the sign bit of the code: the top bit of the format's width */
            code_sign = (x >> (oracle_fmt_width(f) - 1u)) & 1u;
            cls = mx_class_of(oracle_elem_class(f, (uint8_t)x));
            snprintf(what, sizeof what, "mx_elem_class(%s, %02X)", fn, x);
            tl_expect(what, (unsigned long)mx_elem_class(f, (uint8_t)x), cls);
            snprintf(what, sizeof what, "mx_elem_is_nan(%s, %02X)", fn, x);
            tl_expect(what, (unsigned long)(mx_elem_is_nan(f, (uint8_t)x) != 0), (unsigned long)(isnan(v) != 0));
            snprintf(what, sizeof what, "mx_elem_is_inf(%s, %02X)", fn, x);
            tl_expect(what, (unsigned long)(mx_elem_is_inf(f, (uint8_t)x) != 0), (unsigned long)(isinf(v) != 0));
            snprintf(what, sizeof what, "mx_elem_decode(%s, %02X) return", fn, x);
            tl_expect(what, (unsigned long)ok, (unsigned long)(isfinite(v) != 0));
            if (ok && isfinite(v)) {
                double g = ldexp((double)sig, exp);
                uint32_t max_sig = f == ORACLE_FMT_INT8 ? 128u : (2u << mbits_of[f]) - 1u;
                snprintf(what, sizeof what, "mx_elem_decode(%s, %02X) value and sign", fn, x);
                tl_expect(what, sign <= 1 && (sign ? -g : g) == v && sign == code_sign &&
                                (f != ORACLE_FMT_INT8 || v != 0 || sign == 0), 1);
                /* the documented split: sig within the format's precision,
                 * normals with the leading bit, INT8 on 2^-6 */
                snprintf(what, sizeof what, "mx_elem_decode(%s, %02X) sig %lu exp %d canonical",
                         fn, x, (unsigned long)sig, exp);
                tl_expect(what, sig <= max_sig &&
                                (f == ORACLE_FMT_INT8 ? exp == -6
                                 : cls == MX_NORMAL ? sig >= (1u << mbits_of[f])
                                 : sig < (1u << mbits_of[f]) && exp == exp_of(oracle_elem_value(f, tiny_code[f]))), 1);
            } else if (!ok) {
                snprintf(what, sizeof what, "mx_elem_decode(%s, %02X) of NaN/Inf: sign bit, sig 0, exp 0", fn, x);
                tl_expect(what, sign == code_sign && sig == 0 && exp == 0, 1);
            }
            /* element -> binary32: exact for every code; NaN canonical
             * with the element's sign */
            if (isnan(v)) {
                want_f32 = MX_F32_QNAN | (uint32_t)code_sign << 31;
            } else {
                unsigned fl = 0;
                want_f32 = isinf(v) ? (v < 0 ? 0xFF800000u : 0x7F800000u)
                         : v == 0 ? (signbit(v) ? 0x80000000u : 0u)
                         : oracle_f32_from_double(v, &fl);
                snprintf(what, sizeof what, "oracle: %s %02X is exact in binary32", fn, x);
                tl_expect(what, fl, 0);
            }
            snprintf(what, sizeof what, "mx_elem_to_f32(%s, %02X)", fn, x);
            tl_expect(what, got_f32, want_f32);
            /* the E4M3-only entry points agree with the general ones */
            if (f == ORACLE_FMT_E4M3) {
                unsigned s2 = 9;
                uint32_t g2 = 9;
                int e2 = 9, ok2 = mx_e4m3_decode((uint8_t)x, &s2, &g2, &e2);
                snprintf(what, sizeof what, "mx_e4m3_class/decode/to_f32 vs mx_elem_* (%02X)", x);
                tl_expect(what, mx_e4m3_class((uint8_t)x) == mx_elem_class(0, (uint8_t)x) &&
                                mx_e4m3_to_f32((uint8_t)x) == got_f32 && ok2 == ok &&
                                s2 == sign && g2 == sig && e2 == exp, 1);
            }
        }
}

/* ---------------------------------------------------------------------- */
/* 2. Every element pair of every format pair, single-element groups       */

/* Accumulators: zeros of both signs, ones, the smallest subnormals, the
 * subnormal/normal edge, the largest finite, infinities, NaNs (quiet and
 * signaling), a tie-maker; then three that (nearly) cancel the product. */
static const uint32_t accs[] = {
    0x00000000, 0x80000000, 0x3F800000, 0xBF800000, 0x00000001, 0x80000001,
    0x007FFFFF, 0x80800000, 0x7F7FFFFF, 0xFF7FFFFF, 0x7F800000, 0xFF800000,
    0x7FC00000, 0x7F800001, 0x4B800000,
};
#define NACC (sizeof accs / sizeof accs[0] + 3)
#define NSCALE 12

/* Scale pairs for a format pair: unscaled; around the subnormal edge; far
 * below and far above the range; the extreme codes; a NaN scale; and four
 * aimed at this pair's products: the smallest non-zero product on 2^-149
 * and on 2^-150, the largest finite one just below and at 2^128. */
static void pair_scales(unsigned fa, unsigned fb, uint8_t sc[NSCALE][2])
{
    static const uint8_t fixed[8][2] = {
        { 0x7F, 0x7F }, { 0x40, 0x40 }, { 0x00, 0x00 }, { 0xFE, 0xFE },
        { 0x00, 0xFE }, { 0x7F, 0xFF }, { 0xFF, 0x7F }, { 0x30, 0x7F },
    };
    double pmin = INFINITY, pmax = 0;
    unsigned a, b, i;
    int lo, hi, s[4];
    for (a = 0; a < ncodes[fa]; a++)
        for (b = 0; b < ncodes[fb]; b++) {
            double p = fabs(oracle_elem_value(fa, (uint8_t)a) * oracle_elem_value(fb, (uint8_t)b));
            if (isfinite(p) && p != 0) {
                pmin = p < pmin ? p : pmin;
                pmax = p > pmax ? p : pmax;
            }
        }
    lo = exp_of(pmin);
    hi = exp_of(pmax);
    s[0] = -149 - lo;
    s[1] = -150 - lo;
    s[2] = 127 - hi;
    s[3] = 128 - hi;
    memcpy(sc, fixed, sizeof fixed);
    for (i = 0; i < 4; i++) {
        int sum = s[i] + 254;
        sum = sum < 0 ? 0 : sum > 508 ? 508 : sum;
        sc[8 + i][0] = (uint8_t)(sum > 254 ? 254 : sum);
        sc[8 + i][1] = (uint8_t)(sum - sc[8 + i][0]);
    }
}

static void exhaustive_pairs(tl_rng *r, unsigned per, int tiny)
{
    unsigned fa, fb, a, b, rm, j;
    uint8_t sc[NSCALE][2];
    const unsigned ncombo = NSCALE * NACC;
    unsigned long n = 0;

    if (per > ncombo)
        per = ncombo;
    blk.k = 1;
    blk.has_fmt = 1;
    for (fa = 0; fa < NFMT; fa++)
        for (fb = 0; fb < NFMT; fb++) {
            pair_scales(fa, fb, sc);
            blk.fa = fa;
            blk.fb = fb;
            for (a = 0; a < ncodes[fa]; a++)
                for (b = 0; b < ncodes[fb]; b++) {
                    blk.a[0] = (uint8_t)a;
                    blk.b[0] = (uint8_t)b;
                    for (rm = 0; rm < 5; rm++) {
                        /* tiny (the sanitizer run): one mode per pair */
                        if (tiny && rm != (a + b) % 5)
                            continue;
                        blk.rm = rm;
                        for (j = 0; j < per; j++) {
                            /* per = ncombo: every combination; else a
                             * random sample, the first one rotating */
                            unsigned combo = per == ncombo ? j
                                : j == 0 ? (a * 7u + b * 3u + rm + fa + fb) % ncombo
                                : tl_rng_below(r, ncombo);
                            unsigned si = combo / NACC, ci = combo % NACC;
                            blk.xa = sc[si][0];
                            blk.xb = sc[si][1];
                            if (ci < NACC - 3) {
                                blk.c = accs[ci];
                            } else {
                                double p = block_value(&blk);
                                uint32_t near = isnan(p) ? 0x7FC00000u : f32_bits(-(float)p);
                                blk.c = near + (ci - (NACC - 3)) - 1u;
                            }
                            check_block("all element pairs, K=1", &blk);
                            n++;
                        }
                    }
                }
        }
    printf("   %lu single-element groups (%u per element pair and %s)\n", n, per,
           tiny ? "one rotating mode" : "mode");
}

/* ---------------------------------------------------------------------- */
/* 3. Random groups: this file's own generator                             */

enum { OWN_UNIFORM, OWN_TYPICAL, OWN_CANCEL, OWN_TIE, OWN_UNDER, OWN_OVER,
       OWN_STICKY, OWN_ZEROS, OWN_SPECIAL, OWN_SPREAD, OWN_KINDS };
static const char *const own_kind_name[OWN_KINDS] = {
    "uniform", "typical", "cancel", "tie", "under", "over", "sticky",
    "zeros", "special", "spread"
};

/* A random code of format f: NaN and Inf kept rare; FP6/FP4 codes now and
 * then carry garbage above their width (the operation ignores it). */
static uint8_t own_code(tl_rng *r, unsigned f)
{
    uint8_t x;
    unsigned w = f < NFMT ? oracle_fmt_width(f) : 8;
    for (;;) {
        x = (uint8_t)tl_rng_next(r);
        if (w < 8)
            x &= (uint8_t)((1u << w) - 1u);
        if (f < NFMT && !isfinite(oracle_elem_value(f, x)) && tl_rng_below(r, 64))
            continue;
        break;
    }
    if (w < 8 && tl_rng_below(r, 8) == 0)
        x |= (uint8_t)(tl_rng_next(r) << w);
    return x;
}

static uint8_t finite_code(tl_rng *r, unsigned f)
{
    uint8_t x;
    if (f >= NFMT) /* a reserved format: any byte */
        return (uint8_t)tl_rng_next(r);
    do
        x = own_code(r, f);
    while (!isfinite(oracle_elem_value(f, x)));
    return x;
}

/* A random finite binary32 with biased exponent in lo..hi, random sign. */
static uint32_t own_f32(tl_rng *r, unsigned lo, unsigned hi)
{
    uint32_t e = lo + tl_rng_below(r, hi - lo + 1);
    uint32_t f = (uint32_t)tl_rng_next(r) & 0x7FFFFFu;
    if (tl_rng_below(r, 2))
        f &= 0x7FFFFFu << tl_rng_below(r, 24);
    return (uint32_t)(tl_rng_next(r) & 1u) << 31 | e << 23 | f;
}

/* Scales with xa + xb - 254 = s, clamped into the legal codes. */
static void own_scales(tl_rng *r, tl_block *t, int s)
{
    int sum = s + 254, xa;
    sum = sum < 0 ? 0 : sum > 508 ? 508 : sum;
    xa = sum <= 254 ? (int)tl_rng_below(r, (uint32_t)sum + 1)
                    : sum - 254 + (int)tl_rng_below(r, (uint32_t)(508 - sum) + 1);
    t->xa = (uint8_t)xa;
    t->xb = (uint8_t)(sum - xa);
}

/* Group lengths: mostly short, some whole OCP/DeepSeek groups, some long. */
static size_t own_length(tl_rng *r)
{
    uint32_t w = tl_rng_below(r, 1000);
    if (w < 500)
        return 1 + tl_rng_below(r, 8);
    if (w < 750)
        return 9 + tl_rng_below(r, 56);
    if (w < 850) {
        static const size_t whole[] = { 16, 32, 33, 31, 64, 128 };
        return whole[tl_rng_below(r, 6)];
    }
    if (w < 970)
        return 65 + tl_rng_below(r, 448);
    if (w < 990)
        return 513 + tl_rng_below(r, 3584);
    return w < 995 ? 4096 : 4095 + tl_rng_below(r, 2);
}

static int own_group_valid(tl_rng *r, unsigned fa, unsigned fb, size_t k, tl_block *t)
{
    int kind = (int)tl_rng_below(r, OWN_KINDS);
    size_t i;
    double bv;

    t->k = k;
    t->fa = fa;
    t->fb = fb;
    t->has_fmt = 1;
    t->has_result = 0;
    t->rm = tl_rng_below(r, 128) ? tl_rng_below(r, 5) : 5 + tl_rng_below(r, 3);
    for (i = 0; i < k; i++) {
        t->a[i] = own_code(r, fa);
        t->b[i] = own_code(r, fb);
    }
    t->xa = (uint8_t)tl_rng_below(r, 255);
    t->xb = (uint8_t)tl_rng_below(r, 255);
    t->c = (uint32_t)tl_rng_next(r);

    switch (kind) {
    case OWN_UNIFORM:
        if (!tl_rng_below(r, 128))
            t->xb = 0xFF;
        break;
    case OWN_TYPICAL:
        t->xa = (uint8_t)(117 + tl_rng_below(r, 21));
        t->xb = (uint8_t)(117 + tl_rng_below(r, 21));
        bv = block_value(t);
        if (isfinite(bv)) {
            int e = bv == 0 ? 127 : exp_of(bv) + 127;
            e = e < 20 ? 20 : e > 230 ? 230 : e;
            t->c = own_f32(r, (unsigned)e - 12, (unsigned)e + 12);
        }
        break;
    case OWN_CANCEL: /* c is minus the group's value, moved a few ulps */
        own_scales(r, t, (int)tl_rng_below(r, 200) - 100);
        bv = block_value(t);
        t->c = f32_bits(-(float)bv) + (uint32_t)((int)tl_rng_below(r, 7) - 3);
        break;
    case OWN_TIE: {
        /* one lane is +-1 (or +-1.5 at twice the scale) times half an ulp
         * of c, the others are zeros or cancel in pairs: v lies on a
         * rounding midpoint; sometimes a tiny lane breaks the tie */
        int ec, q, big = tl_rng_below(r, 2);
        size_t lane = tl_rng_below(r, (uint32_t)k);
        switch (tl_rng_below(r, 6)) {
        case 0: /* subnormal c */
            t->c = own_f32(r, 0, 0);
            break;
        case 1: /* c at the subnormal/normal edge: v may round up to 2^-126 */
            t->c = (tl_rng_below(r, 2) ? 0x007FFFFFu - tl_rng_below(r, 3) : 0x00800000u + tl_rng_below(r, 2))
                 | (uint32_t)(tl_rng_next(r) & 0x80000000u);
            break;
        default:
            t->c = own_f32(r, 1, 254);
            break;
        }
        ec = (int)((t->c >> 23) & 0xFFu);
        q = (ec == 0 ? -149 : ec - 150) - 1; /* half an ulp: 2^q */
        for (i = 0; i < k; i++) {
            t->a[i] = tl_rng_below(r, 2) ? 0u : (has_neg[fa][0] ? neg_of[fa][0] : 0u);
            t->b[i] = finite_code(r, fb);
        }
        for (i = 0; i + 1 < k; i += 2) {
            uint8_t x;
            if (i == lane || i + 1 == lane || tl_rng_below(r, 2))
                continue;
            x = finite_code(r, fa);
            if (!has_neg[fa][x])
                continue;
            t->a[i] = x;
            t->a[i + 1] = neg_of[fa][x];
            t->b[i + 1] = t->b[i];
        }
        t->a[lane] = tl_rng_below(r, 2) ? one_code[fa] : neg_of[fa][one_code[fa]];
        t->b[lane] = big ? three_halves_code[fb] : one_code[fb];
        own_scales(r, t, big ? q + 1 : q);
        if (tl_rng_below(r, 4) == 0 && k > 1) {
            size_t j = (lane + 1) % k;
            t->a[j] = tl_rng_below(r, 2) ? tiny_code[fa] : neg_of[fa][tiny_code[fa]];
            t->b[j] = tiny_code[fb];
        }
        break;
    }
    case OWN_UNDER:
        own_scales(r, t, (int)tl_rng_below(r, 120) - 190);
        t->c = tl_rng_below(r, 3) ? own_f32(r, 0, 3) : (uint32_t)(tl_rng_next(r) & 0x80000000u);
        break;
    case OWN_OVER:
        own_scales(r, t, 90 + (int)tl_rng_below(r, 60));
        t->c = tl_rng_below(r, 2) ? own_f32(r, 240, 254) : (uint32_t)(tl_rng_next(r) & 0x80000000u);
        break;
    case OWN_STICKY: /* the group far below c: only a sticky bit */
        t->c = own_f32(r, 1, 254);
        bv = block_value(t);
        if (bv != 0 && isfinite(bv)) {
            int want = (int)((t->c >> 23) & 0xFFu) - 127 - 26 - (int)tl_rng_below(r, 100);
            own_scales(r, t, want - exp_of(bv) + (int)t->xa + (int)t->xb - 254);
        }
        break;
    case OWN_ZEROS: /* zeros of both signs, a few non-zero products */
        for (i = 0; i < k; i++) {
            if (tl_rng_below(r, 8) == 0 && i > 0)
                continue;
            t->a[i] = tl_rng_below(r, 2) ? 0u : (has_neg[fa][0] ? neg_of[fa][0] : 0u);
        }
        t->c = (uint32_t)(tl_rng_next(r) & 0x80000000u);
        break;
    case OWN_SPECIAL: {
        /* NaN and infinity sources: an E5M2 infinity (maybe times a zero,
         * maybe two of opposite signs), a NaN element, a NaN scale, a
         * special c */
        static const uint32_t cs[] = { 0x7F800000, 0xFF800000, 0x7FC00000,
                                       0xFFC00000, 0x7F800001, 0xFFBFFFFF,
                                       0x00000000, 0x3F800000 };
        uint32_t w = tl_rng_below(r, 6), m;
        size_t lane = tl_rng_below(r, (uint32_t)k);
        int on_a = (int)tl_rng_below(r, 2);
        uint8_t *side = on_a ? t->a : t->b;
        unsigned f = on_a ? fa : fb;
        for (m = 0; m < 1 + tl_rng_below(r, 3); m++) {
            size_t at = m == 0 ? lane : tl_rng_below(r, (uint32_t)k);
            if (w <= 2 && f == ORACLE_FMT_E5M2) /* +-Inf */
                side[at] = (uint8_t)(tl_rng_below(r, 2) ? 0x7C : 0xFC);
            else if (w == 3 && (f == ORACLE_FMT_E5M2 || f == ORACLE_FMT_E4M3))
                side[at] = (uint8_t)(f == ORACLE_FMT_E4M3 ? 0x7F : 0x7D + tl_rng_below(r, 3)) |
                           (uint8_t)(tl_rng_next(r) & 0x80u);
            if (w == 1) { /* the partner a zero: invalid */
                uint8_t *other = side == t->a ? t->b : t->a;
                unsigned fo = side == t->a ? fb : fa;
                other[at] = tl_rng_below(r, 2) ? 0u : (has_neg[fo][0] ? neg_of[fo][0] : 0u);
            }
        }
        if (w == 4)
            t->xa = 0xFF;
        t->c = tl_rng_below(r, 2) ? cs[tl_rng_below(r, 8)] : own_f32(r, 0, 254);
        if ((t->c & 0x7FFFFFFFu) > 0x7F800000u && tl_rng_below(r, 2))
            t->c ^= (uint32_t)tl_rng_next(r) & 0x003FFFFEu; /* NaN payloads */
        break;
    }
    default: { /* OWN_SPREAD: the format pair's largest and smallest
                * products in one group, the large ones cancelling */
        uint8_t big_a = finite_code(r, fa), big_b = finite_code(r, fb);
        unsigned x;
        double best = 0;
        for (x = 0; x < ncodes[fa]; x++) {
            double v = fabs(oracle_elem_value(fa, (uint8_t)x));
            if (isfinite(v) && v > best && has_neg[fa][x]) {
                best = v;
                big_a = (uint8_t)x;
            }
        }
        best = 0;
        for (x = 0; x < ncodes[fb]; x++) {
            double v = fabs(oracle_elem_value(fb, (uint8_t)x));
            if (isfinite(v) && v > best) {
                best = v;
                big_b = (uint8_t)x;
            }
        }
        for (i = 0; i < k; i++) {
            uint32_t w = tl_rng_below(r, 4);
            if (w == 0) { /* tiny: a small subnormal-ish code */
                t->a[i] = (uint8_t)(1u + tl_rng_below(r, 3));
                t->b[i] = (uint8_t)(1u + tl_rng_below(r, 3));
            } else if (w <= 2) {
                t->a[i] = big_a;
                t->b[i] = big_b;
            }
        }
        /* cancel most of the big lanes in pairs */
        for (i = 0; i + 1 < k; i += 2)
            if (t->a[i] == big_a && t->b[i] == big_b && tl_rng_below(r, 4)) {
                t->a[i + 1] = neg_of[fa][big_a];
                t->b[i + 1] = big_b;
            }
        own_scales(r, t, (int)tl_rng_below(r, 300) - 150);
        if (tl_rng_below(r, 2))
            t->c = (uint32_t)(tl_rng_next(r) & 0x80000000u);
        break;
    }
    }
    return kind;
}

/* A group of formats fa, fb; a reserved code gets E4M3's data (any bytes
 * would do: rule 0 decides the result). */
static int own_group(tl_rng *r, unsigned fa, unsigned fb, size_t k, tl_block *t)
{
    int kind = own_group_valid(r, fa < NFMT ? fa : 0, fb < NFMT ? fb : 0, k, t);
    t->fa = fa;
    t->fb = fb;
    return kind;
}

static void from_mx(tl_block *t, const mx_vector *m)
{
    t->fa = m->fa;
    t->fb = m->fb;
    t->has_fmt = 1;
    t->rm = m->rm;
    t->xa = m->xa;
    t->xb = m->xb;
    t->c = m->c;
    t->k = m->k;
    memcpy(t->a, m->a, m->k);
    memcpy(t->b, m->b, m->k);
    t->has_result = 0;
}

/* Hard classes the own generator must reach, per mode (from the oracle's
 * account of each group): rounding ties, an inexact v just below 2^-126
 * (delivered as the largest subnormal or the smallest normal: where
 * tininess after rounding differs from before), v below 2^-149, and groups
 * decided by each rule of SPEC section 2. */
static unsigned long hard_tie[5], hard_up[5], hard_deep[5], hard_rule[5];

static void check_block_hard(const char *what, const tl_block *t)
{
    unsigned ef = 0x55, gf = 0xAA;
    oracle_info info;
    uint32_t e = oracle_dot_fmt_info(t->k, t->a, t->b, t->fa, t->fb, t->xa, t->xb,
                                     t->c, t->rm, &ef, &info);
    uint32_t g = mx_dot_fmt(t->k, t->a, t->b, t->fa, t->fb, t->xa, t->xb,
                            t->c, t->rm, &gf);
    cover(t->fa, t->fb, e, ef);
    hard_rule[info.rule]++;
    if (t->rm < 5) {
        uint32_t m = e & 0x7FFFFFFFu;
        hard_tie[t->rm] += info.tie != 0;
        /* v below 2^-126 and inexact, delivered as the largest subnormal or
         * the smallest normal: the case tininess after rounding decides */
        hard_up[t->rm] += info.tiny_before && (ef & ORACLE_NX) && (m == 0x007FFFFFu || m == 0x00800000u);
        hard_deep[t->rm] += info.deep != 0;
    }
    if (e == g && ef == gf)
        tl_pass();
    else
        tl_fail_block(what, t, g, gf, e, ef);
}

static void clear_hard(void)
{
    memset(hard_tie, 0, sizeof hard_tie);
    memset(hard_up, 0, sizeof hard_up);
    memset(hard_deep, 0, sizeof hard_deep);
    memset(hard_rule, 0, sizeof hard_rule);
}

/* Print the hard-class counts; with enforce, each must be non-zero. */
static void report_hard(const char *who, int enforce)
{
    int j;
    printf("   %s: groups by rule 0..4: %lu %lu %lu %lu %lu; per mode RNE..RMM: ties", who,
           hard_rule[0], hard_rule[1], hard_rule[2], hard_rule[3], hard_rule[4]);
    for (j = 0; j < 5; j++)
        printf(" %lu", hard_tie[j]);
    printf(", just below 2^-126");
    for (j = 0; j < 5; j++)
        printf(" %lu", hard_up[j]);
    printf(", below 2^-149");
    for (j = 0; j < 5; j++)
        printf(" %lu", hard_deep[j]);
    printf("\n");
    if (!enforce)
        return;
    for (j = 0; j < 5; j++)
        if (!hard_rule[j] || !hard_tie[j] || !hard_up[j] || !hard_deep[j])
            tl_fail("%s: a hard class was never reached (rule %d: %lu groups; mode %d: %lu ties, "
                    "%lu just below 2^-126, %lu below 2^-149)", who, j, hard_rule[j], j,
                    hard_tie[j], hard_up[j], hard_deep[j]);
}

static void random_groups(uint64_t seed, unsigned long n, int enforce)
{
    unsigned long i, kinds[OWN_KINDS] = { 0 }, elems = 0, longest = 0;
    tl_rng r;
    int j;
    tl_rng_seed(&r, seed ^ 0xF0F0ull);
    clear_hard();
    for (i = 0; i < n; i++) {
        unsigned p = (unsigned)(i % (NFMT * NFMT)), fa = p / NFMT, fb = p % NFMT;
        size_t k = own_length(&r);
        int kind;
        /* a few groups name a reserved format */
        if (i % 997 == 5)
            fa = 6 + tl_rng_below(&r, 2);
        if (i % 991 == 7)
            fb = 6 + tl_rng_below(&r, 2);
        kind = own_group(&r, fa, fb, k, &blk);
        kinds[kind]++;
        elems += k;
        longest = k > longest ? k : longest;
        check_block_hard("own generator", &blk);
    }
    printf("   own generator: %lu groups, %lu elements (longest %lu); kinds:", n, elems, longest);
    for (j = 0; j < OWN_KINDS; j++)
        printf(" %s %lu", own_kind_name[j], kinds[j]);
    printf("\n");
    report_hard("own generator", enforce);
}

static void mxgen_groups(uint64_t seed, unsigned long n)
{
    mx_gen_config cfg;
    unsigned long i, elems = 0, pairs[8][8];
    unsigned a, b;
    memset(&cfg, 0, sizeof cfg);
    memset(pairs, 0, sizeof pairs);
    cfg.kmax = MX_K_MAX;
    cfg.lanes = 32;
    cfg.formats = 0xFFu; /* all six and the reserved codes */
    cfg.reserved_rm = 1;
    clear_hard();
    for (i = 0; i < n; i++) {
        mx_gen_group(seed, i, &cfg, &gv);
        from_mx(&blk, &gv);
        pairs[blk.fa & 7][blk.fb & 7]++;
        elems += blk.k;
        check_block_hard("mx_gen_group", &blk);
    }
    printf("   mx_gen_group: %lu groups, %lu elements; per pair:", n, elems);
    for (a = 0; a < 8; a++)
        for (b = 0; b < 8; b++)
            if (pairs[a][b])
                printf(" %u%u:%lu", a, b, pairs[a][b]);
    printf("\n");
    report_hard("mx_gen_group", 0); /* reported, not enforced: ref/'s generator */
    /* the generator must mix every pair of the six formats */
    for (a = 0; a < NFMT; a++)
        for (b = 0; b < NFMT; b++)
            if (n >= 20000 && !pairs[a][b])
                tl_fail("mx_gen_group never drew format pair %u%u in %lu groups", a, b, n);
}

/* ---------------------------------------------------------------------- */
/* 4. Hand-built groups too long for a vector line to be readable           */

static void expect_group(const char *what, const tl_block *t, uint32_t d, unsigned f)
{
    unsigned ef = 0, gf = 0;
    uint32_t e = oracle_dot_fmt(t->k, t->a, t->b, t->fa, t->fb, t->xa, t->xb, t->c, t->rm, &ef);
    uint32_t g = mx_dot_fmt(t->k, t->a, t->b, t->fa, t->fb, t->xa, t->xb, t->c, t->rm, &gf);
    char w[160];
    snprintf(w, sizeof w, "%s (oracle vs hand)", what);
    if (e == d && ef == f)
        tl_pass();
    else
        tl_fail_block(w, t, e, ef, d, f);
    snprintf(w, sizeof w, "%s (mx_dot_fmt vs hand)", what);
    if (g == d && gf == f)
        tl_pass();
    else
        tl_fail_block(w, t, g, gf, d, f);
}

static void fill(tl_block *t, unsigned fa, unsigned fb, size_t k, uint8_t a, uint8_t b)
{
    t->fa = fa;
    t->fb = fb;
    t->has_fmt = 1;
    t->k = k;
    t->rm = 0;
    t->xa = t->xb = 0x7F;
    t->c = 0;
    memset(t->a, a, k);
    memset(t->b, b, k);
}

static void long_hand_cases(void)
{
    size_t i, at;
    unsigned rm;
    static const size_t pos[] = { 0, 1, 2047, 2048, 4095 };
    /* 4096 x 57344^2 = 49 * 2^38: the largest E5M2 group sum, exact */
    fill(&blk, 1, 1, 4096, 0x7B, 0x7B);
    expect_group("4096 x 57344^2", &blk, 0x55440000u, 0);
    fill(&blk, 1, 1, 4096, 0xFB, 0x7B);
    expect_group("4096 x -57344^2", &blk, 0xD5440000u, 0);
    /* 4096 x 2^-32 = 2^-20 */
    fill(&blk, 1, 1, 4096, 0x01, 0x01);
    expect_group("4096 x 2^-32", &blk, 0x35800000u, 0);
    /* 2048 x +57344^2, 2047 x -57344^2 in any order, and 2^-32 somewhere */
    for (at = 0; at < sizeof pos / sizeof pos[0]; at++)
        for (rm = 0; rm < 5; rm++) {
            fill(&blk, 1, 1, 4096, 0x7B, 0x7B);
            for (i = 0; i < 4096; i += 2)
                blk.a[i] = 0xFB;
            blk.a[pos[at]] = 0x01;
            blk.b[pos[at]] = 0x01;
            blk.rm = rm;
            /* the lanes left: 2048 positive and 2047 negative, or the other
             * way round when the tiny lane replaced a positive one */
            if (blk.a[pos[at] ^ 1u] == 0x7B) {
                expect_group("spread, +57344^2 left with a 2^-32 sticky", &blk,
                             rm == 3 ? 0x4F440001u : 0x4F440000u, 1);
            } else {
                expect_group("spread, -57344^2 left with a 2^-32 sticky", &blk,
                             rm == 1 || rm == 3 ? 0xCF43FFFFu : 0xCF440000u, 1);
            }
        }
    /* all 4096 large products cancel, interleaved: +0, -0 under RDN */
    for (rm = 0; rm < 5; rm++) {
        fill(&blk, 1, 1, 4096, 0x7B, 0x7B);
        for (i = 1; i < 4096; i += 2)
            blk.b[i] = 0xFB;
        blk.rm = rm;
        expect_group("2048 pairs of +-57344^2 cancel", &blk, rm == 2 ? 0x80000000u : 0u, 0);
    }
    /* ... leaving exactly 2^-32 at the end of the group */
    blk.rm = 0;
    blk.a[4095] = blk.b[4095] = 0x01;
    blk.a[4094] = 0x7B;
    blk.b[4094] = 0x00; /* a zero product keeps the pairs even */
    expect_group("cancelling group leaves 2^-32", &blk, 0x2F800000u, 0);
    /* INT8 -128 x -128 = 4, 4096 times: 2^14 */
    fill(&blk, 5, 5, 4096, 0x80, 0x80);
    expect_group("4096 x INT8 (-2)(-2)", &blk, 0x46800000u, 0);
    /* all zeros of one sign over a whole group, every format pair */
    {
        unsigned fa, fb;
        for (fa = 0; fa < NFMT; fa++)
            for (fb = 0; fb < NFMT; fb++) {
                uint8_t za = has_neg[fa][0] ? neg_of[fa][0] : 0, zb = 0;
                int neg = has_neg[fa][0] && za != 0;
                fill(&blk, fa, fb, 4096, za, zb);
                blk.c = 0x80000000u;
                /* -0 * +0 = -0 throughout, c -0: -0 (INT8: +0 * +0, mixed: +0) */
                expect_group("4096 zero products and c = -0", &blk, neg ? 0x80000000u : 0u, 0);
                blk.a[4095] = 0;
                expect_group("4095 -0 products, one +0, c = -0", &blk, 0, 0);
            }
    }
}

/* Group sums at the reference's window boundary: 2^48 units of the pair's
 * grid (the exponent of the smallest product) plus or minus a few units,
 * both signs, from lanes of one power-of-two product and a few +-1-unit
 * products; every mode, a few scales and accumulators. Only pairs with E5M2
 * get there (the others' sums stay below 2^48 units). The oracle gives the
 * expected results. */
static void window_boundaries(void)
{
    unsigned fa, fb, rm, x;
    for (fa = 0; fa < NFMT; fa++)
        for (fb = 0; fb < NFMT; fb++) {
            int g = exp_of(oracle_elem_value(fa, tiny_code[fa])) +
                    exp_of(oracle_elem_value(fb, tiny_code[fb]));
            double best_a = 0, best_b = 0;
            uint8_t ca = 0, cb = 0;
            long lanes;
            int d, neg, e;
            /* the largest power-of-two magnitudes of each format */
            for (x = 0; x < ncodes[fa]; x++) {
                double v = fabs(oracle_elem_value(fa, (uint8_t)x));
                if (isfinite(v) && v > best_a && exp2(exp_of(v)) == v && has_neg[fa][x] &&
                    oracle_elem_value(fa, (uint8_t)x) > 0) {
                    best_a = v;
                    ca = (uint8_t)x;
                }
            }
            for (x = 0; x < ncodes[fb]; x++) {
                double v = oracle_elem_value(fb, (uint8_t)x);
                if (isfinite(v) && v > best_b && exp2(exp_of(v)) == v) {
                    best_b = v;
                    cb = (uint8_t)x;
                }
            }
            e = exp_of(best_a * best_b) - g; /* one product is 2^e units */
            if (e > 48 || 48 - e > 11)
                continue; /* 2^48 units out of reach of 4094 lanes */
            lanes = 1L << (48 - e);
            for (neg = 0; neg < 2; neg++)
                for (d = -3; d <= 3; d++)
                    for (rm = 0; rm < 5; rm++) {
                        long i;
                        int j;
                        fill(&blk, fa, fb, (size_t)lanes + 3, neg ? neg_of[fa][ca] : ca, cb);
                        /* |d| lanes of one unit, of the sign that moves
                         * the sum to sgn * (2^48 + d) units; the others 0 */
                        for (j = 0; j < 3; j++) {
                            int down = (d < 0) != (neg != 0); /* a negative unit */
                            i = lanes + j;
                            blk.a[i] = j >= (d < 0 ? -d : d) ? 0
                                     : down ? neg_of[fa][tiny_code[fa]] : tiny_code[fa];
                            blk.b[i] = tiny_code[fb];
                        }
                        blk.xa = blk.xb = 0x7F;
                        if (!tl_expect("window boundary group sums to +-(2^48 + d) units",
                                       ldexp(block_value(&blk), -g) == (neg ? -1.0 : 1.0) * (ldexp(1.0, 48) + d), 1))
                            return;
                        blk.rm = rm;
                        blk.xa = (uint8_t)(0x7F - (rm & 1) * 40);
                        blk.xb = (uint8_t)(0x7F + (rm & 2) * 20);
                        blk.c = rm == 4 ? 0x3F800000u : rm == 3 ? 0xC7000000u : 0u;
                        check_block("group sum at the 2^48-unit window boundary", &blk);
                    }
        }
}

/* FP6 and FP4 codes: the bits above the width are ignored by every entry
 * point (the vector format forbids them, the API ignores them). */
static void upper_bits_ignored(void)
{
    unsigned f, x, hi;
    char what[96];
    for (f = 2; f <= 4; f++) {
        unsigned w = oracle_fmt_width(f);
        for (x = 0; x < (1u << w); x++)
            for (hi = 1; hi < (1u << (8 - w)); hi++) {
                uint8_t y = (uint8_t)(x | hi << w);
                unsigned sa = 0, sb = 0, fa_ = 0, fb_ = 0;
                uint32_t ga, gb, da, db;
                int ea = 0, eb = 0;
                snprintf(what, sizeof what, "%s %02X and %02X alike", oracle_fmt_name(f), x, y);
                ga = 0;
                gb = 1;
                mx_elem_decode(f, (uint8_t)x, &sa, &ga, &ea);
                mx_elem_decode(f, y, &sb, &gb, &eb);
                da = mx_dot_fmt(1, (const uint8_t *)&x, &one_code[ORACLE_FMT_E4M3], f, 0, 0x7F, 0x7F, 0, 0, &fa_);
                db = mx_dot_fmt(1, &y, &one_code[ORACLE_FMT_E4M3], f, 0, 0x7F, 0x7F, 0, 0, &fb_);
                tl_expect(what, mx_elem_class(f, y) == mx_elem_class(f, (uint8_t)x) &&
                                sa == sb && ga == gb && ea == eb &&
                                mx_elem_to_f32(f, y) == mx_elem_to_f32(f, (uint8_t)x) &&
                                da == db && fa_ == fb_, 1);
            }
    }
}

/* ---------------------------------------------------------------------- */
/* Known answers from vector files                                        */

static void known_answers(const char *path)
{
    static char line[MX_VEC_LINE_MAX + 64];
    static mx_vector mv;
    char err[256], what[300];
    unsigned long ln = 0, n = 0;
    FILE *f = fopen(path, "r");
    if (!f) {
        tl_fail("%s: cannot open", path);
        return;
    }
    while (fgets(line, sizeof line, f)) {
        int r = tl_parse(line, &blk), rr;
        unsigned fl;
        uint32_t d;
        ln++;
        rr = mx_vec_parse(line, &mv, err, sizeof err);
        snprintf(what, sizeof what, "%s:%lu", path, ln);
        if (r < 0) {
            tl_fail("%s: malformed known-answer line", what);
            continue;
        }
        if (rr != r || (r == 1 && (mv.rm != blk.rm || mv.xa != blk.xa ||
                                   mv.fa != blk.fa || mv.fb != blk.fb ||
                                   (mv.has_fmt != 0) != (blk.has_fmt != 0) ||
                                   mv.xb != blk.xb || mv.c != blk.c ||
                                   mv.k != blk.k || !mv.has_result ||
                                   mv.d != blk.d || mv.flags != blk.flags ||
                                   memcmp(mv.a, blk.a, blk.k) ||
                                   memcmp(mv.b, blk.b, blk.k)))) {
            tl_fail("%s: mx_vec_parse reads the line differently (%d, %s)",
                    what, rr, rr < 0 ? err : "fields differ");
            continue;
        }
        tl_pass();
        if (r == 0)
            continue;
        if (!blk.has_result) {
            tl_fail("%s: known-answer line without D FLAGS", what);
            continue;
        }
        n++;
        strncat(what, " oracle", sizeof what - strlen(what) - 1);
        d = oracle_dot_fmt(blk.k, blk.a, blk.b, blk.fa, blk.fb, blk.xa, blk.xb, blk.c, blk.rm, &fl);
        if (d == blk.d && fl == blk.flags)
            tl_pass();
        else
            tl_fail_block(what, &blk, d, fl, blk.d, blk.flags);
        strcpy(what + strlen(what) - 6, "mx_dot_fmt");
        d = mx_dot_fmt(blk.k, blk.a, blk.b, blk.fa, blk.fb, blk.xa, blk.xb, blk.c, blk.rm, &fl);
        if (d == blk.d && fl == blk.flags)
            tl_pass();
        else
            tl_fail_block(what, &blk, d, fl, blk.d, blk.flags);
    }
    fclose(f);
    printf("   %s: %lu known answers\n", path, n);
}

/* Lines with F, valid and broken on purpose: this file's reader
 * (testlib) and the reference's (mx_vec_parse) must agree on every one. */
static void reader_agreement(tl_rng *r, unsigned long n)
{
    static char line[MX_VEC_LINE_MAX + 64];
    static mx_vector mv;
    char err[256];
    unsigned long i;
    for (i = 0; i < n; i++) {
        unsigned fa = tl_rng_below(r, 8), fb = tl_rng_below(r, 8);
        size_t k = 1 + tl_rng_below(r, 6), j, len = 0;
        int broken = (int)tl_rng_below(r, 10), mine, theirs;
        own_group(r, fa < NFMT ? fa : 0, fb < NFMT ? fb : 0, k, &blk);
        /* a valid line has nothing above an FP6/FP4 width */
        for (j = 0; j < k; j++) {
            if (tl_fmt_width(fa) && tl_fmt_width(fa) < 8)
                blk.a[j] &= (uint8_t)((1u << tl_fmt_width(fa)) - 1u);
            if (tl_fmt_width(fb) && tl_fmt_width(fb) < 8)
                blk.b[j] &= (uint8_t)((1u << tl_fmt_width(fb)) - 1u);
        }
        len += (size_t)sprintf(line + len, "%X%X %X %02X %02X %08lX ", fa, fb,
                               blk.rm, blk.xa, blk.xb, (unsigned long)blk.c);
        for (j = 0; j < k; j++)
            len += (size_t)sprintf(line + len, "%02X", blk.a[j]);
        line[len++] = ' ';
        for (j = 0; j < k; j++)
            len += (size_t)sprintf(line + len, "%02X", blk.b[j]);
        len += (size_t)sprintf(line + len, " 3F800000 01");
        switch (broken) {
        case 0: line[0] = (char)"89ABCDEF"[tl_rng_below(r, 8)]; break;  /* F digit > 7 */
        case 1: line[1] = (char)"89ABCDEF"[tl_rng_below(r, 8)]; break;
        case 2: line[3] = (char)"89ABCDEF"[tl_rng_below(r, 8)]; break;  /* RM > 7 */
        case 3: /* an FP6/FP4 element with a bit above its width */
            if (tl_fmt_width(fa) && tl_fmt_width(fa) < 8)
                line[18] = (char)"89ABCDEF"[tl_rng_below(r, 8)];
            break;
        case 4: line[len - 1] = 0; break;                              /* FLAGS 1 digit */
        case 5: strcpy(line + len - 12, ""); break;                    /* no D FLAGS: valid */
        default: break;
        }
        mine = tl_parse(line, &kept);
        theirs = mx_vec_parse(line, &mv, err, sizeof err);
        if (mine != theirs || (mine == 1 && (mv.fa != kept.fa || mv.fb != kept.fb ||
                                             mv.rm != kept.rm || mv.k != kept.k ||
                                             memcmp(mv.a, kept.a, kept.k) ||
                                             memcmp(mv.b, kept.b, kept.k))))
            tl_fail("readers disagree on \"%s\": tl_parse %d, mx_vec_parse %d (%s)",
                    line, mine, theirs, theirs < 0 ? err : "");
        else
            tl_pass();
    }
}

/* ---------------------------------------------------------------------- */
/* 5. Streaming (mx_group_*) and batches (mx_dot_batch)                    */

static uint8_t keep[2 * MX_K_MAX];
static uint8_t sa[2 * MX_K_MAX], sb[2 * MX_K_MAX];

/* Stream sa/sb[0..n-1] with keep mask km (NULL: all) in beats of `lanes`
 * elements (0: random splits), as a unit would. */
static uint32_t stream(const tl_block *t, size_t n, const uint8_t *km, size_t lanes,
                       tl_rng *r, unsigned *flags)
{
    mx_group g, copy;
    size_t off = 0;
    int copied = 0;
    memset(&g, 0xA5, sizeof g); /* begin must set up everything */
    mx_group_begin(&g, t->fa, t->fb, t->xa, t->xb, t->c, t->rm);
    while (off < n) {
        size_t beat = lanes ? lanes : 1 + tl_rng_below(r, 100);
        if (beat > n - off)
            beat = n - off;
        if (!lanes) {
            unsigned f;
            /* empty adds, an early end (which must not change the state),
             * and a copy of the state that carries on in its place */
            if (tl_rng_below(r, 16) == 0)
                mx_group_add(&g, 0, sa + off, sb + off, km ? km + off : NULL);
            if (tl_rng_below(r, 16) == 0)
                (void)mx_group_end(&g, &f);
            if (!copied && tl_rng_below(r, 8) == 0) {
                copy = g;
                memset(&g, 0x5A, sizeof g);
                g = copy;
                copied = 1;
            }
        }
        mx_group_add(&g, beat, sa + off, sb + off, km ? km + off : NULL);
        off += beat;
    }
    return mx_group_end(&g, flags);
}

/* The same through the DPI state words, in beats of 1..64, keep passed,
 * with a save and restore of the words half way. */
static uint32_t stream_dpi(const tl_block *t, size_t n, const uint8_t *km, tl_rng *r,
                           unsigned *flags)
{
    unsigned int st[MX_GROUP_DPI_WORDS], saved[MX_GROUP_DPI_WORDS];
    unsigned char fl = 0xEE;
    size_t off = 0;
    uint32_t d;
    mx_group_dpi_begin(st, (unsigned char)t->fa, (unsigned char)t->fb, t->xa, t->xb, t->c,
                       (unsigned char)t->rm);
    while (off < n) {
        size_t beat = 1 + tl_rng_below(r, 64);
        beat = beat > n - off ? n - off : beat;
        mx_group_dpi_add(st, (int)beat, sa + off, sb + off, km ? km + off : NULL);
        off += beat;
        if (off * 2 >= n && off * 2 < n + 2 * beat) {
            memcpy(saved, st, sizeof st);
            memset(st, 0xC3, sizeof st);
            memcpy(st, saved, sizeof st);
        }
    }
    d = mx_group_dpi_end(st, &fl);
    *flags = fl;
    return d;
}

/* The streamed lanes of a failing group (the report's vector line holds
 * only the kept ones): A, B and the keep mask (1 kept, 0 dropped). */
static void print_streamed(size_t n, const uint8_t *km)
{
    size_t i;
    printf("  streamed A: ");
    for (i = 0; i < n; i++)
        printf("%02X", sa[i]);
    printf("\n  streamed B: ");
    for (i = 0; i < n; i++)
        printf("%02X", sb[i]);
    printf("\n  keep:       ");
    for (i = 0; i < n; i++)
        printf(" %d", km ? km[i] != 0 : 1);
    printf("\n");
}

/* Fill lanes that are dropped with poison: NaN, infinity, Inf x 0, a -0
 * product, or a huge value, so that a dropped lane counted as a term (or
 * as a zero product) changes the result. */
static void poison(tl_rng *r, unsigned fa, unsigned fb, uint8_t *x, uint8_t *y)
{
    switch (tl_rng_below(r, 5)) {
    case 0: /* NaN where the format has one */
        *x = fa == 0 ? 0x7F : fa == 1 ? 0x7E : *x;
        *y = fb == 0 ? 0xFF : fb == 1 ? 0xFD : *y;
        break;
    case 1: /* Inf x 0 */
        if (fa == 1) {
            *x = 0x7C;
            *y = 0;
        }
        break;
    case 2: /* a zero product of the other sign */
        *x = has_neg[fa][0] ? neg_of[fa][0] : 0;
        *y = 0;
        break;
    default: /* something large */
        *x = finite_code(r, fa);
        *y = finite_code(r, fb);
        break;
    }
}

static void streaming(tl_rng *r, unsigned long n)
{
    /* 0: random splits; 300 and 5000: beats past the reference's 256-lane
     * packing buffer for kept lanes; 9999: the DPI form */
    static const size_t lane_counts[] = { 1, 8, 32, 64, 300, 5000, 0, 0, 9999 };
    unsigned long i;
    size_t j, li;
    char what[96];
    for (i = 0; i < n; i++) {
        unsigned p = (unsigned)(i % (NFMT * NFMT)), fa = p / NFMT, fb = p % NFMT;
        size_t k = own_length(r), nk = 0, total;
        int drops = tl_rng_below(r, 3) != 0, use_null;
        unsigned ef, gf, sf;
        uint32_t e, g, s;

        own_group(r, fa, fb, k, &blk);
        if (i % 211 == 3) /* no element kept */
            drops = 2;
        /* the streamed elements: the group with dropped lanes interleaved,
         * or (drops == 2) only a few dropped lanes */
        total = 0;
        if (drops == 2) {
            size_t nd = 1 + tl_rng_below(r, 8);
            for (total = 0; total < nd; total++) {
                sa[total] = finite_code(r, fa);
                sb[total] = finite_code(r, fb);
                poison(r, fa, fb, &sa[total], &sb[total]);
                keep[total] = 0;
            }
        }
        for (j = 0; j < k && drops != 2; ) {
            if (drops && tl_rng_below(r, 5) == 0 && total < MX_K_MAX + 3000) {
                sa[total] = finite_code(r, fa);
                sb[total] = finite_code(r, fb);
                poison(r, fa, fb, &sa[total], &sb[total]);
                keep[total++] = 0;
                continue;
            }
            sa[total] = blk.a[j];
            sb[total] = blk.b[j];
            /* any non-zero byte keeps */
            keep[total++] = (uint8_t)(1u + tl_rng_below(r, 255));
            j++;
        }
        kept = blk;
        for (j = 0, nk = 0; j < total; j++)
            if (keep[j]) {
                kept.a[nk] = sa[j];
                kept.b[nk] = sb[j];
                nk++;
            }
        kept.k = nk;
        e = oracle_dot_fmt(nk, kept.a, kept.b, fa, fb, kept.xa, kept.xb, kept.c, kept.rm, &ef);
        g = mx_dot_fmt(nk, kept.a, kept.b, fa, fb, kept.xa, kept.xb, kept.c, kept.rm, &gf);
        cover(fa, fb, e, ef);
        if (nk && (e != g || ef != gf)) {
            tl_fail_block("mx_dot_fmt on the kept elements", &kept, g, gf, e, ef);
            continue;
        }
        if (!nk) {
            tl_expect("no kept element: oracle NaN NV", (unsigned long)e << 8 | ef,
                      (unsigned long)MX_F32_QNAN << 8 | MX_FLAG_NV);
            tl_expect("no kept element: mx_dot_fmt(k=0) NaN NV", (unsigned long)g << 8 | gf,
                      (unsigned long)MX_F32_QNAN << 8 | MX_FLAG_NV);
        }
        use_null = !drops && tl_rng_below(r, 2);
        for (li = 0; li < sizeof lane_counts / sizeof lane_counts[0]; li++) {
            sf = 0x1F;
            if (lane_counts[li] == 9999)
                s = stream_dpi(&kept, total, use_null ? NULL : keep, r, &sf);
            else
                s = stream(&kept, total, use_null ? NULL : keep, lane_counts[li], r, &sf);
            if (s == e && sf == ef) {
                tl_pass();
            } else {
                snprintf(what, sizeof what, "%s in beats of %lu%s (%lu streamed, %lu kept)",
                         lane_counts[li] == 9999 ? "mx_group_dpi_*" : "mx_group_*",
                         (unsigned long)(lane_counts[li] == 9999 ? 0 : lane_counts[li]),
                         lane_counts[li] ? "" : " (random splits)",
                         (unsigned long)total, (unsigned long)nk);
                print_streamed(total, use_null ? NULL : keep);
                tl_fail_block(what, &kept, s, sf, e, ef);
                break;
            }
        }
    }
}

/* Groups longer than MX_K_MAX: 4097 kept is NaN NV; 4096 kept among more
 * streamed elements is an ordinary group. */
static void streaming_limits(tl_rng *r)
{
    size_t j, total;
    unsigned sf, ef;
    uint32_t s, e;
    unsigned fa, fb;
    for (fa = 0; fa < NFMT; fa++)
        for (fb = 0; fb < NFMT; fb++) {
            own_group(r, fa, fb, 4096, &blk);
            if (blk.rm > 4)
                blk.rm = 0;
            /* 4096 kept + 700 dropped */
            for (j = 0, total = 0; j < 4096; ) {
                if (tl_rng_below(r, 7) == 0 && total < 4796) {
                    sa[total] = finite_code(r, fa);
                    sb[total] = finite_code(r, fb);
                    poison(r, fa, fb, &sa[total], &sb[total]);
                    keep[total++] = 0;
                    continue;
                }
                sa[total] = blk.a[j];
                sb[total] = blk.b[j];
                keep[total++] = 1;
                j++;
            }
            e = oracle_dot_fmt(4096, blk.a, blk.b, fa, fb, blk.xa, blk.xb, blk.c, blk.rm, &ef);
            sf = 0;
            s = stream(&blk, total, keep, 32, r, &sf);
            if (s == e && sf == ef)
                tl_pass();
            else
                tl_fail_block("4096 kept among more streamed elements", &blk, s, sf, e, ef);
            /* one more kept element: 4097 */
            sa[total] = finite_code(r, fa);
            sb[total] = finite_code(r, fb);
            keep[total++] = 1;
            sf = 0;
            s = stream(&blk, total, keep, 64, r, &sf);
            tl_expect("4097 kept elements: NaN NV", (unsigned long)s << 8 | sf,
                      (unsigned long)MX_F32_QNAN << 8 | MX_FLAG_NV);
            s = stream(&blk, total, NULL, 0, r, &sf);
            tl_expect("4097+ elements, keep NULL: NaN NV", (unsigned long)s << 8 | sf,
                      (unsigned long)MX_F32_QNAN << 8 | MX_FLAG_NV);
            e = mx_dot_fmt(MX_K_MAX + 1, sa, sb, fa, fb, 0x7F, 0x7F, 0, 0, &ef);
            tl_expect("mx_dot_fmt k=4097: NaN NV", (unsigned long)e << 8 | ef,
                      (unsigned long)MX_F32_QNAN << 8 | MX_FLAG_NV);
        }
    /* a beat whose element count alone passes MX_K_MAX */
    memset(sa, 0x38, sizeof sa);
    memset(sb, 0x38, sizeof sb);
    {
        mx_group g;
        mx_group_begin(&g, 0, 0, 0x7F, 0x7F, 0, 0);
        mx_group_add(&g, 2 * MX_K_MAX, sa, sb, NULL);
        s = mx_group_end(&g, &sf);
        tl_expect("one beat of 8192 elements: NaN NV", (unsigned long)s << 8 | sf,
                  (unsigned long)MX_F32_QNAN << 8 | MX_FLAG_NV);
        mx_group_begin(&g, 0, 0, 0x7F, 0x7F, 0, 0);
        s = mx_group_end(&g, &sf);
        tl_expect("empty group: NaN NV", (unsigned long)s << 8 | sf,
                  (unsigned long)MX_F32_QNAN << 8 | MX_FLAG_NV);
        /* end does not change the state: twice the same answer */
        mx_group_begin(&g, 1, 4, 0x7F, 0x7F, 0x3F800000u, 0);
        mx_group_add(&g, 3, (const uint8_t *)"\x3c\x3c\x3c", (const uint8_t *)"\x02\x02\x02", NULL);
        s = mx_group_end(&g, &sf);
        ef = 0;
        e = mx_group_end(&g, &ef);
        tl_expect("mx_group_end twice", (unsigned long)s << 8 | sf, (unsigned long)e << 8 | ef);
        tl_expect("mx_group_end 1 + 3 x 1", s, 0x40800000u);
    }
}

static void batches(tl_rng *r, unsigned long n)
{
    enum { MAXN = 64 };
    static uint8_t a[MAXN * 128], b[MAXN * 128], xa[MAXN], xb[MAXN], fl[MAXN];
    static uint32_t c[MAXN], d[MAXN], d2[MAXN];
    unsigned long it;
    for (it = 0; it < n; it++) {
        size_t ng = 1 + tl_rng_below(r, MAXN), k = 1 + tl_rng_below(r, 128), g;
        unsigned fa = tl_rng_below(r, 8), fb = tl_rng_below(r, 8), rm = tl_rng_below(r, 8);
        if (tl_rng_below(r, 8))
            fa %= NFMT, fb %= NFMT, rm %= 5;
        for (g = 0; g < ng; g++) {
            own_group(r, fa < NFMT ? fa : 0, fb < NFMT ? fb : 0, k, &blk);
            memcpy(a + g * k, blk.a, k);
            memcpy(b + g * k, blk.b, k);
            xa[g] = blk.xa;
            xb[g] = blk.xb;
            c[g] = blk.c;
        }
        memset(fl, 0xEE, sizeof fl);
        mx_dot_batch(ng, k, a, b, fa, fb, xa, xb, c, rm, d, fl);
        mx_dot_batch(ng, k, a, b, fa, fb, xa, xb, c, rm, d2, NULL);
        for (g = 0; g < ng; g++) {
            unsigned ef;
            uint32_t e = mx_dot_fmt(k, a + g * k, b + g * k, fa, fb, xa[g], xb[g], c[g], rm, &ef);
            if (d[g] == e && fl[g] == ef && d2[g] == e) {
                tl_pass();
            } else {
                blk.fa = fa, blk.fb = fb, blk.rm = rm, blk.xa = xa[g], blk.xb = xb[g];
                blk.c = c[g], blk.k = k, blk.has_fmt = 1;
                memcpy(blk.a, a + g * k, k);
                memcpy(blk.b, b + g * k, k);
                tl_fail_block("mx_dot_batch vs mx_dot_fmt", &blk, d[g], fl[g], e, ef);
                break;
            }
        }
    }
    /* k out of range in a batch: every group NaN NV */
    memset(fl, 0, sizeof fl);
    mx_dot_batch(2, 0, a, b, 0, 0, xa, xb, c, 0, d, fl);
    tl_expect("mx_dot_batch k=0", (unsigned long)d[0] << 8 | fl[1],
              (unsigned long)MX_F32_QNAN << 8 | MX_FLAG_NV);
}

/* E4M3 x E4M3 through mx_dot_fmt is mx_dot; and the oracle's two paths
 * (the tabulated E4M3 one and the general one) agree. */
static void e4m3_paths(tl_rng *r, unsigned long n)
{
    unsigned long i;
    for (i = 0; i < n; i++) {
        unsigned f1, f2, f3;
        uint32_t d1, d2, d3;
        own_group(r, 0, 0, own_length(r), &blk);
        d1 = mx_dot(blk.k, blk.a, blk.b, blk.xa, blk.xb, blk.c, blk.rm, &f1);
        d2 = mx_dot_fmt(blk.k, blk.a, blk.b, 0, 0, blk.xa, blk.xb, blk.c, blk.rm, &f2);
        d3 = oracle_dot(blk.k, blk.a, blk.b, blk.xa, blk.xb, blk.c, blk.rm, &f3);
        if (d1 != d2 || f1 != f2)
            tl_fail_block("mx_dot vs mx_dot_fmt(E4M3, E4M3)", &blk, d1, f1, d2, f2);
        else if (d3 != oracle_dot_fmt(blk.k, blk.a, blk.b, 0, 0, blk.xa, blk.xb, blk.c, blk.rm, &f2) || f2 != f3)
            tl_fail_block("oracle_dot vs oracle_dot_fmt (oracle self-check)", &blk, d3, f3, d3, f2);
        else
            tl_pass();
    }
}

/* ---------------------------------------------------------------------- */
/* DPI entry points: the same results as the C calls                      */

static void dpi_entries(tl_rng *r, unsigned long n)
{
    unsigned long i;
    unsigned int st[MX_GROUP_DPI_WORDS];
    for (i = 0; i < n; i++) {
        unsigned p = (unsigned)(i % (NFMT * NFMT)), fa = p / NFMT, fb = p % NFMT, ef;
        unsigned char fl = 0xEE, sfl = 0xEE;
        size_t k = own_length(r), off = 0;
        uint32_t e, g, s;
        if (i % 50 == 7) /* reserved codes, and values past 7 */
            fa = 6 + tl_rng_below(r, 250);
        own_group(r, fa < NFMT ? fa : 0, fb, k, &blk);
        blk.fa = fa;
        e = mx_dot_fmt(k, blk.a, blk.b, fa, fb, blk.xa, blk.xb, blk.c, blk.rm, &ef);
        g = mx_dot_fmt_dpi((int)k, blk.a, blk.b, (unsigned char)fa, (unsigned char)fb,
                           blk.xa, blk.xb, blk.c, (unsigned char)blk.rm, &fl);
        mx_group_dpi_begin(st, (unsigned char)fa, (unsigned char)fb, blk.xa, blk.xb, blk.c,
                           (unsigned char)blk.rm);
        while (off < k) {
            size_t beat = 1 + tl_rng_below(r, 64);
            beat = beat > k - off ? k - off : beat;
            mx_group_dpi_add(st, (int)beat, blk.a + off, blk.b + off, NULL);
            off += beat;
        }
        s = mx_group_dpi_end(st, &sfl);
        if (fa >= NFMT) /* any value above 7 is reserved too */
            e = MX_F32_QNAN, ef = MX_FLAG_NV;
        if (g == e && fl == ef && s == e && sfl == ef)
            tl_pass();
        else
            tl_fail_block(g != e || fl != ef ? "mx_dot_fmt_dpi vs mx_dot_fmt"
                                             : "mx_group_dpi_* vs mx_dot_fmt", &blk,
                          g != e || fl != ef ? g : s, g != e || fl != ef ? fl : sfl, e, ef);
    }
    tl_expect("mx_dot_fmt_dpi k=0", mx_dot_fmt_dpi(0, blk.a, blk.b, 0, 0, 0x7F, 0x7F, 0, 0, NULL), MX_F32_QNAN);
    mx_group_dpi_begin(st, 0, 0, 0x7F, 0x7F, 0, 0);
    mx_group_dpi_add(st, -1, blk.a, blk.b, NULL);
    tl_expect("mx_group_dpi_add n < 0 poisons", mx_group_dpi_end(st, NULL), MX_F32_QNAN);
    tl_expect("MX_GROUP_DPI_WORDS holds an mx_group", sizeof(mx_group) <= MX_GROUP_DPI_WORDS * 4u, 1);
}

/* ---------------------------------------------------------------------- */
/* 7. The pointer contract of mxdot.h, function by function: what the      */
/* header allows must not crash (this runs under ASan/UBSan in             */
/* test-ref-asan) and must answer as documented                            */

#define NAN_NV(d, f) ((unsigned long)(d) << 8 | (f))
#define WANT_NAN_NV NAN_NV(MX_F32_QNAN, MX_FLAG_NV)

static void null_contract(void)
{
    static const uint8_t one[4] = { 0x38, 0x38, 0x38, 0x38 };
    static const uint32_t xf[2] = { 0x3F800000u, 0x40000000u };
    uint8_t el[4] = { 0 }, sc[2] = { 0 }, fl8[2] = { 0 }, xs[2] = { 0x7F, 0x7F };
    uint32_t cs[2] = { 0, 0 }, d[2] = { 1, 1 }, y[2] = { 0 };
    unsigned f, sign;
    uint32_t sig, u;
    int exp;
    mx_block_sum bs;
    mx_group g;

    /* flags NULL: results as with flags */
    f = 0;
    u = mx_f32_round_pack(0, 3, -150, 0, NULL);
    tl_expect("mx_f32_round_pack flags NULL", u, mx_f32_round_pack(0, 3, -150, 0, &f));
    tl_expect("mx_dot flags NULL", mx_dot(4, one, one, 0x7F, 0x7F, 0, 0, NULL), 0x40800000u);
    tl_expect("mx_dot_fmt flags NULL", mx_dot_fmt(4, one, one, 0, 0, 0x7F, 0x7F, 0, 0, NULL), 0x40800000u);
    tl_expect("mx_dot_dpi flags NULL", mx_dot_dpi(4, one, one, 0x7F, 0x7F, 0, 0, NULL), 0x40800000u);
    tl_expect("mx_dot_fmt_dpi flags NULL", mx_dot_fmt_dpi(4, one, one, 0, 0, 0x7F, 0x7F, 0, 0, NULL), 0x40800000u);
    tl_expect("mx_f32_to_elem flags NULL", mx_f32_to_elem(1, 0x3F800000u, MX_SATURATE, NULL), 0x3C);
    tl_expect("mx_f32_to_e4m3 flags NULL", mx_f32_to_e4m3(0x3F800000u, MX_SATURATE, NULL), 0x38);
    tl_expect("mx_elem_round_pack flags NULL", mx_elem_round_pack(4, 0, 1, 0, MX_SATURATE, NULL), 0x2);
    mx_quantize_fmt(4, 2, 2, xf, el, sc, MX_SCALE_FLOOR, MX_SATURATE, NULL);
    mx_dequantize_fmt(4, 2, 2, el, sc, y, NULL);
    tl_expect("mx_quantize_fmt / mx_dequantize_fmt flags NULL", y[0] == xf[0] && y[1] == xf[1], 1);
    mx_quantize(2, xf, el, sc, MX_SCALE_FLOOR, MX_SATURATE, NULL);
    mx_dequantize(2, el, sc, y, NULL);
    tl_expect("mx_quantize / mx_dequantize flags NULL", y[0] == xf[0] && y[1] == xf[1], 1);
    mx_reduce(4, one, one, &bs);
    tl_expect("mx_accumulate_round flags NULL",
              mx_accumulate_round(&bs, mx_scale_exp(0x7F, 0x7F), 0, 0, NULL), 0x40800000u);

    /* decode outputs NULL, one at a time and all: the others still right */
    sign = 9, sig = 9, exp = 9;
    tl_expect("mx_elem_decode(E5M2 FB) sign only", (unsigned long)mx_elem_decode(1, 0xFB, &sign, NULL, NULL) << 4 | sign, 0x11);
    tl_expect("mx_elem_decode(E5M2 FB) sig only", mx_elem_decode(1, 0xFB, NULL, &sig, NULL) == 1 && ldexp(sig, 13) == 57344.0 * 1, 1);
    tl_expect("mx_elem_decode exp only", mx_elem_decode(4, 0x07, NULL, NULL, &exp) == 1 && exp == 1, 1);
    tl_expect("mx_elem_decode all NULL", (unsigned long)mx_elem_decode(1, 0x7C, NULL, NULL, NULL), 0);
    tl_expect("mx_elem_decode reserved, all NULL", (unsigned long)mx_elem_decode(7, 0x38, NULL, NULL, NULL), 0);
    tl_expect("mx_e4m3_decode all NULL", (unsigned long)mx_e4m3_decode(0x38, NULL, NULL, NULL), 1);
    tl_expect("mx_e4m3_decode NaN, sign only", (unsigned long)mx_e4m3_decode(0xFF, &sign, NULL, NULL) << 4 | sign, 1);
    tl_expect("mx_f32_decode all NULL", (unsigned long)mx_f32_decode(0x7F800000u, NULL, NULL, NULL), 0);
    tl_expect("mx_f32_decode sig only", mx_f32_decode(0x3F800000u, NULL, &sig, NULL) == 1 && sig == 0x800000u, 1);

    /* NULL element arrays with k > 0: NaN NV; with k == 0 the k rule */
    tl_expect("mx_dot(4, NULL, b)", NAN_NV(mx_dot(4, NULL, one, 0x7F, 0x7F, 0, 0, &f), f), WANT_NAN_NV);
    tl_expect("mx_dot(4, a, NULL)", NAN_NV(mx_dot(4, one, NULL, 0x7F, 0x7F, 0, 0, &f), f), WANT_NAN_NV);
    tl_expect("mx_dot(0, NULL, NULL)", NAN_NV(mx_dot(0, NULL, NULL, 0x7F, 0x7F, 0, 0, &f), f), WANT_NAN_NV);
    tl_expect("mx_dot_fmt(4, NULL, b)", NAN_NV(mx_dot_fmt(4, NULL, one, 1, 1, 0x7F, 0x7F, 0, 0, &f), f), WANT_NAN_NV);
    tl_expect("mx_dot_fmt(4, a, NULL)", NAN_NV(mx_dot_fmt(4, one, NULL, 5, 4, 0x7F, 0x7F, 0, 0, &f), f), WANT_NAN_NV);
    {
        unsigned char fc = 0;
        tl_expect("mx_dot_dpi(4, NULL, b)", NAN_NV(mx_dot_dpi(4, NULL, one, 0x7F, 0x7F, 0, 0, &fc), fc), WANT_NAN_NV);
        tl_expect("mx_dot_fmt_dpi(4, a, NULL)", NAN_NV(mx_dot_fmt_dpi(4, one, NULL, 0, 0, 0x7F, 0x7F, 0, 0, &fc), fc), WANT_NAN_NV);
    }
    /* stages */
    mx_reduce(4, one, one, NULL); /* nothing is done */
    memset(&bs, 0, sizeof bs);
    mx_reduce(4, NULL, one, &bs);
    tl_expect("mx_reduce(4, NULL, b): a NaN group", bs.nan != 0 && bs.sum == 0, 1);
    tl_expect("mx_accumulate_round(NULL)", NAN_NV(mx_accumulate_round(NULL, 0, 0, 0, &f), f), WANT_NAN_NV);
    mx_reduce(4, one, one, &bs);
    tl_expect("mx_accumulate_round reserved rm", NAN_NV(mx_accumulate_round(&bs, 0, 0, 5, &f), f), WANT_NAN_NV);
    /* the streamed group */
    mx_group_begin(NULL, 0, 0, 0x7F, 0x7F, 0, 0);
    mx_group_add(NULL, 4, one, one, NULL);
    tl_expect("mx_group_end(NULL)", NAN_NV(mx_group_end(NULL, &f), f), WANT_NAN_NV);
    mx_group_begin(&g, 0, 0, 0x7F, 0x7F, 0, 0);
    mx_group_add(&g, 0, NULL, NULL, NULL);
    mx_group_add(&g, 4, one, one, NULL);
    tl_expect("mx_group_add(n=0, NULLs) then 4 ones", NAN_NV(mx_group_end(&g, &f), f), NAN_NV(0x40800000u, 0));
    mx_group_add(&g, 4, NULL, one, NULL);
    tl_expect("mx_group_add(4, NULL, b) poisons", NAN_NV(mx_group_end(&g, &f), f), WANT_NAN_NV);
    mx_group_add(&g, 4, one, one, NULL);
    tl_expect("a poisoned group stays poisoned", NAN_NV(mx_group_end(&g, &f), f), WANT_NAN_NV);
    mx_group_begin(&g, 0, 0, 0x7F, 0x7F, 0, 0);
    mx_group_add(&g, 4, one, NULL, one);
    tl_expect("mx_group_add(4, a, NULL) poisons", NAN_NV(mx_group_end(&g, &f), f), WANT_NAN_NV);
    mx_group_dpi_begin(NULL, 0, 0, 0x7F, 0x7F, 0, 0);
    mx_group_dpi_add(NULL, 4, one, one, NULL);
    {
        unsigned char fc = 0;
        tl_expect("mx_group_dpi_end(NULL)", NAN_NV(mx_group_dpi_end(NULL, &fc), fc), WANT_NAN_NV);
    }
    /* batches */
    mx_dot_batch(0, 4, NULL, NULL, 0, 0, NULL, NULL, NULL, 0, NULL, NULL);
    mx_dot_batch(2, 4, one, one, 0, 0, xs, xs, cs, 0, NULL, fl8); /* d NULL: nothing */
    tl_expect("mx_dot_batch d NULL writes no flags", fl8[0] == 0 && fl8[1] == 0, 1);
    {
        static const char *const which[5] = { "a", "b", "xa", "xb", "c" };
        int w;
        for (w = 0; w < 5; w++) {
            char what[64];
            d[0] = d[1] = 1;
            fl8[0] = fl8[1] = 0;
            mx_dot_batch(2, 2, w == 0 ? NULL : one, w == 1 ? NULL : one, 0, 0,
                         w == 2 ? NULL : xs, w == 3 ? NULL : xs, w == 4 ? NULL : cs, 0, d, fl8);
            snprintf(what, sizeof what, "mx_dot_batch(%s NULL): every group NaN NV", which[w]);
            tl_expect(what, d[0] == MX_F32_QNAN && d[1] == MX_F32_QNAN &&
                            fl8[0] == MX_FLAG_NV && fl8[1] == MX_FLAG_NV, 1);
        }
    }
    /* names */
    tl_expect("mx_format_from_name(NULL)", (unsigned long)(long)mx_format_from_name(NULL), (unsigned long)-1L);
    /* quantizer: NULL arrays with n > 0, group 0, reserved fmt: nothing
     * written, NV; n == 0 with NULL arrays is fine */
    {
        static const char *const which[4] = { "x", "elems", "scales", "group 0" };
        int w;
        for (w = 0; w < 4; w++) {
            char what[80];
            el[0] = el[1] = sc[0] = 0xAB;
            f = 0;
            mx_quantize_fmt(0, 2, w == 3 ? 0 : 2, w == 0 ? NULL : xf, w == 1 ? NULL : el,
                            w == 2 ? NULL : sc, MX_SCALE_CEIL, MX_SATURATE, &f);
            snprintf(what, sizeof what, "mx_quantize_fmt(%s NULL): nothing written, NV", which[w]);
            tl_expect(what, f == MX_FLAG_NV && (w == 1 || el[0] == 0xAB) && (w == 2 || sc[0] == 0xAB), 1);
            y[0] = 0xABu;
            f = 0;
            mx_dequantize_fmt(0, 2, w == 3 ? 0 : 2, w == 1 ? NULL : el, w == 2 ? NULL : sc,
                              w == 0 ? NULL : y, &f);
            snprintf(what, sizeof what, "mx_dequantize_fmt(%s NULL): nothing written, NV", which[w]);
            tl_expect(what, f == MX_FLAG_NV && (w == 0 || y[0] == 0xABu), 1);
        }
        f = 0;
        mx_quantize_fmt(7, 2, 2, xf, el, sc, MX_SCALE_CEIL, MX_SATURATE, &f);
        tl_expect("mx_quantize_fmt reserved fmt: NV", f, MX_FLAG_NV);
        f = 0;
        mx_quantize_fmt(0, 0, 32, NULL, NULL, NULL, MX_SCALE_CEIL, MX_SATURATE, &f);
        mx_dequantize_fmt(0, 0, 32, NULL, NULL, NULL, &f);
        mx_quantize(0, NULL, NULL, NULL, MX_SCALE_FLOOR, MX_SATURATE, &f);
        mx_dequantize(0, NULL, NULL, NULL, &f);
        tl_expect("n == 0 with NULL arrays: no flag", f, 0);
        f = 0;
        mx_quantize(2, NULL, el, sc, MX_SCALE_FLOOR, MX_SATURATE, &f);
        tl_expect("mx_quantize(x NULL): NV", f, MX_FLAG_NV);
        f = 0;
        mx_dequantize(2, el, NULL, y, &f);
        tl_expect("mx_dequantize(scales NULL): NV", f, MX_FLAG_NV);
    }
}

int main(int argc, char **argv)
{
    unsigned long n = tl_arg_count(argc, argv, 1000000);
    uint64_t seed = tl_arg_seed(argc, argv, 1);
    int i, quick = n < 200000;
    unsigned per = (unsigned)(n / 80000);
    tl_rng r;

    if (per < 1)
        per = 1;
    tl_rng_seed(&r, seed ^ 0xF00Dull);
    printf("test_fmt: count %lu, seed %llu%s\n", n, (unsigned long long)seed,
           quick ? " (quick)" : "");
    learn_formats();
    tl_section("format names and widths; every code of every format (class, value, sign, to binary32)");
    names();
    landmarks();
    codes();
    upper_bits_ignored();
    tl_section("known answers (oracle and mx_dot_fmt)");
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--count") == 0 || strcmp(argv[i], "--seed") == 0) {
            i++;
            continue;
        }
        known_answers(argv[i]);
    }
    reader_agreement(&r, n / 100 + 500);
    tl_section("hand-built long groups (E5M2 spread, INT8 -2, zeros, window boundaries)");
    long_hand_cases();
    window_boundaries();
    tl_section("every element pair of every format pair x 5 modes, K=1");
    exhaustive_pairs(&r, per, n < 50000);
    report_coverage("all element pairs", 1);
    tl_section("random groups, own generator, K = 1..4096");
    random_groups(seed, n, !quick);
    report_coverage("own generator", !quick);
    tl_section("random groups, ref/mxgen mx_gen_group, K = 1..4096");
    mxgen_groups(seed, n / 4);
    report_coverage("mx_gen_group", 0);
    tl_section("E4M3: mx_dot vs mx_dot_fmt; oracle paths");
    e4m3_paths(&r, n / 20 + 100);
    tl_section("streaming: mx_group_* in beats of 1, 8, 32, 64, 300, 5000 and random, keep masks; DPI");
    streaming(&r, n / 20 + 500);
    streaming_limits(&r);
    report_coverage("streaming", 0);
    tl_section("mx_dot_batch vs mx_dot_fmt");
    batches(&r, n / 200 + 100);
    tl_section("DPI entry points: mx_dot_fmt_dpi, mx_group_dpi_* vs mx_dot_fmt");
    dpi_entries(&r, n / 100 + 200);
    tl_section("pointer contract of mxdot.h (NULL where the header allows it)");
    null_contract();
    tl_section(NULL);
    return tl_finish();
}
