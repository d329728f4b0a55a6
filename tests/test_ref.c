/*
 * test_ref.c - the golden reference's block operation (ref/, mx_dot and its
 * stages) against the independent MPFR oracle (tests/oracle.c).
 *
 *   test_ref [--count N] [--seed S] [FILE.vec ...]
 *
 * FILEs hold known answers (SPEC section 3 format with D FLAGS): each line is
 * checked against both the oracle and the reference. N (default 1000000, or
 * MX_TEST_COUNT) is the number of random K = 32 blocks from each of the two
 * generators (ref/mxgen and this file's own); the other random sections
 * scale with it. A mismatch prints the vector with the observed result and
 * the expected one; the program stops after 10 errors (MX_TEST_MAX_ERRORS)
 * and ends with "N passed, N failed".
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mxdot.h"
#include "mxgen.h"
#include "mxvec.h"
#include "oracle.h"
#include "testlib.h"

static tl_block blk;       /* the block under test (large: static) */
static mx_vector gv;       /* a block from ref/mxgen */

/* Result coverage: how often each flag and result class was expected. */
static unsigned long cov_flag[5], cov_zero, cov_sub, cov_inf, cov_nan, cov_all;

static void cover(uint32_t d, unsigned f)
{
    int i;
    for (i = 0; i < 5; i++)
        cov_flag[i] += (f >> i) & 1u;
    cov_zero += (d & 0x7FFFFFFFu) == 0;
    cov_sub += (d & 0x7F800000u) == 0 && (d & 0x7FFFFFu) != 0;
    cov_inf += (d & 0x7FFFFFFFu) == 0x7F800000u;
    cov_nan += (d & 0x7FFFFFFFu) > 0x7F800000u;
    cov_all++;
}

static void print_coverage(void)
{
    printf("   expected results: %lu zero, %lu subnormal, %lu inf, %lu nan;"
           " flags NX %lu UF %lu OF %lu NV %lu (of %lu)\n",
           cov_zero, cov_sub, cov_inf, cov_nan, cov_flag[0], cov_flag[1],
           cov_flag[2], cov_flag[4], cov_all);
    memset(cov_flag, 0, sizeof cov_flag);
    cov_zero = cov_sub = cov_inf = cov_nan = cov_all = 0;
}

/* The core comparison: mx_dot against oracle_dot on one block. */
static void check_block(const char *what, const tl_block *t)
{
    unsigned ef = 0x55, gf = 0xAA;
    uint32_t e = oracle_dot(t->k, t->a, t->b, t->xa, t->xb, t->c, t->rm, &ef);
    uint32_t g = mx_dot(t->k, t->a, t->b, t->xa, t->xb, t->c, t->rm, &gf);
    cover(e, ef);
    if (e == g && ef == gf)
        tl_pass();
    else
        tl_fail_block(what, t, g, gf, e, ef);
}

static void from_mx(tl_block *t, const mx_vector *m)
{
    t->rm = m->rm;
    t->xa = m->xa;
    t->xb = m->xb;
    t->c = m->c;
    t->k = m->k;
    memcpy(t->a, m->a, m->k);
    memcpy(t->b, m->b, m->k);
    t->has_result = 0;
}

static uint32_t f32_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

/* Exact block term c-free: 2^(xa+xb-254) * sum a[i] b[i] as a double
 * (exact: the sum has at most 48 significant bits, the scale fits). */
static double block_value(const tl_block *t)
{
    double s = 0;
    size_t i;
    for (i = 0; i < t->k; i++)
        s += oracle_e4m3_value(t->a[i]) * oracle_e4m3_value(t->b[i]);
    return ldexp(s, (int)t->xa + (int)t->xb - 254);
}

/* ---------------------------------------------------------------------- */
/* Known answers from vector files                                        */

static void known_answers(const char *path)
{
    static char line[MX_VEC_LINE_MAX + 64];
    static mx_vector mv;
    char err[256];
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
        char what[300];
        ln++;
        rr = mx_vec_parse(line, &mv, err, sizeof err);
        snprintf(what, sizeof what, "%s:%lu", path, ln);
        if (r < 0) {
            tl_fail("%s: malformed known-answer line", what);
            continue;
        }
        /* the reference's parser must read the same block */
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
        /* lines with F go through the format-aware entry points (test_fmt
         * checks them in depth); E4M3 lines through mx_dot and oracle_dot */
        if (blk.has_fmt)
            d = oracle_dot_fmt(blk.k, blk.a, blk.b, blk.fa, blk.fb, blk.xa, blk.xb, blk.c, blk.rm, &fl);
        else
            d = oracle_dot(blk.k, blk.a, blk.b, blk.xa, blk.xb, blk.c, blk.rm, &fl);
        if (d == blk.d && fl == blk.flags)
            tl_pass();
        else
            tl_fail_block(what, &blk, d, fl, blk.d, blk.flags);
        strcpy(what + strlen(what) - 6, blk.has_fmt ? "mx_dot_fmt" : "mx_dot");
        if (blk.has_fmt)
            d = mx_dot_fmt(blk.k, blk.a, blk.b, blk.fa, blk.fb, blk.xa, blk.xb, blk.c, blk.rm, &fl);
        else
            d = mx_dot(blk.k, blk.a, blk.b, blk.xa, blk.xb, blk.c, blk.rm, &fl);
        if (d == blk.d && fl == blk.flags)
            tl_pass();
        else
            tl_fail_block(what, &blk, d, fl, blk.d, blk.flags);
    }
    fclose(f);
    printf("   %s: %lu known answers\n", path, n);
}

/* ---------------------------------------------------------------------- */
/* Exhaustive single lane                                                  */

static void exhaustive_k1(int quick)
{
    static const uint8_t scales[][2] = {
        { 0x7F, 0x7F },  /* unscaled */
        { 0x40, 0x40 },  /* products straddle 2^-126 (subnormal boundary) */
        { 0xFE, 0x6E },  /* products straddle 2^128 (overflow boundary) */
        { 0x00, 0x00 },  /* everything far below the subnormals */
        { 0xFE, 0xFE },  /* everything far above the range */
        { 0x00, 0xFE },  /* the extreme codes, 2^0 together */
        { 0x6A, 0x00 },  /* products around the smallest subnormal */
        { 0x7F, 0xFF },  /* NaN scale */
    };
    static const uint32_t accs[] = {
        0x00000000, 0x80000000, 0x3F800000, 0xBF800000, 0x00000001,
        0x80000001, 0x007FFFFF, 0x80800000, 0x7F7FFFFF, 0xFF7FFFFF,
        0x7F800000, 0xFF800000, 0x7FC00000, 0x7F800001, 0x4B800000,
    };
    const size_t ns = sizeof scales / sizeof scales[0];
    const size_t nc = sizeof accs / sizeof accs[0];
    unsigned a, b, rm;
    size_t si, ci;

    blk.k = 1;
    for (si = 0; si < ns; si++) {
        blk.xa = scales[si][0];
        blk.xb = scales[si][1];
        for (a = 0; a < 256; a++)
            for (b = 0; b < 256; b++) {
                uint32_t near[3];
                double p;
                blk.a[0] = (uint8_t)a;
                blk.b[0] = (uint8_t)b;
                /* accumulators that (nearly) cancel this very product */
                p = block_value(&blk);
                near[0] = f32_bits(-(float)p);
                near[1] = near[0] + 1;
                near[2] = near[0] - 1;
                for (rm = 0; rm < 5; rm++) {
                    blk.rm = rm;
                    for (ci = 0; ci < nc + 3; ci++) {
                        /* quick: a rotating third of the accumulators */
                        if (quick && (ci + a + b) % 3)
                            continue;
                        blk.c = ci < nc ? accs[ci] : near[ci - nc];
                        check_block("exhaustive K=1", &blk);
                    }
                }
            }
    }
}

/* ---------------------------------------------------------------------- */
/* This file's own random block generator (unlike ref/mxgen by design)    */

enum { OWN_UNIFORM, OWN_TYPICAL, OWN_CANCEL, OWN_TIE, OWN_UNDER, OWN_OVER,
       OWN_STICKY, OWN_ZEROS, OWN_SPECIAL, OWN_WIDE, OWN_KINDS };

static uint8_t own_code(tl_rng *r)
{
    uint8_t x = (uint8_t)tl_rng_next(r);
    /* keep NaN elements rare, or most blocks would be NaN */
    while ((x & 0x7Fu) == 0x7Fu && tl_rng_below(r, 64))
        x = (uint8_t)tl_rng_next(r);
    return x;
}

/* A random finite binary32 with biased exponent in lo..hi, random sign. */
static uint32_t own_f32(tl_rng *r, unsigned lo, unsigned hi)
{
    uint32_t e = lo + tl_rng_below(r, hi - lo + 1);
    uint32_t f = (uint32_t)tl_rng_next(r) & 0x7FFFFFu;
    /* sparse fractions make exact results and ties more likely */
    if (tl_rng_below(r, 2))
        f &= 0x7FFFFFu << tl_rng_below(r, 24);
    return (uint32_t)(tl_rng_next(r) & 1u) << 31 | e << 23 | f;
}

/* Scales with sum s = xa + xb - 254, clamped into the legal codes. */
static void own_scales(tl_rng *r, tl_block *t, int s)
{
    int sum = s + 254, xa;
    if (sum < 0)
        sum = 0;
    if (sum > 508)
        sum = 508;
    xa = sum <= 254 ? (int)tl_rng_below(r, (uint32_t)sum + 1)
                    : sum - 254 + (int)tl_rng_below(r, (uint32_t)(508 - sum) + 1);
    t->xa = (uint8_t)xa;
    t->xb = (uint8_t)(sum - xa);
}

/* Exponent of a non-zero finite double: 2^e <= |x| < 2^(e+1). */
static int exp_of(double x)
{
    int e;
    frexp(x, &e);
    return e - 1;
}

static int own_block(tl_rng *r, size_t k, tl_block *t)
{
    int kind = (int)tl_rng_below(r, OWN_KINDS);
    size_t i;
    double bv;
    uint32_t c;

    t->k = k;
    t->has_result = 0;
    t->rm = tl_rng_below(r, 64) ? tl_rng_below(r, 5) : 5 + tl_rng_below(r, 3);
    for (i = 0; i < k; i++) {
        t->a[i] = own_code(r);
        t->b[i] = own_code(r);
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
        c = bv == 0 ? 127 : (uint32_t)(exp_of(bv) + 127);
        c = c < 20 ? 20 : c > 230 ? 230 : c;
        t->c = own_f32(r, c - 12, c + 12);
        break;
    case OWN_CANCEL:
        /* c is the block's value rounded, moved by a few ulps */
        own_scales(r, t, (int)tl_rng_below(r, 200) - 100);
        bv = block_value(t);
        t->c = f32_bits(-(float)bv) + (uint32_t)((int)tl_rng_below(r, 7) - 3);
        break;
    case OWN_TIE: {
        /* one lane is an odd multiple of half an ulp of c, the other lanes
         * cancel in pairs or are zeros: v lies on a rounding midpoint */
        int ec, q;
        size_t lane = tl_rng_below(r, (uint32_t)k);
        t->c = tl_rng_below(r, 4) ? own_f32(r, 1, 254) : own_f32(r, 0, 0);
        ec = (int)((t->c >> 23) & 0xFFu);
        q = (ec == 0 ? -149 : ec - 150) - 1; /* half an ulp: 2^q */
        for (i = 0; i < k; i++) {
            t->a[i] = (uint8_t)(tl_rng_next(r) & 0x80u);
            t->b[i] = own_code(r);
            if ((t->b[i] & 0x7Fu) == 0x7Fu)
                t->b[i] = 0x38;
        }
        for (i = 0; i + 1 < k; i += 2) {
            if (i == lane || i + 1 == lane || tl_rng_below(r, 2))
                continue;
            t->a[i] = own_code(r) & 0x77u; /* finite, exponent <= 14 */
            t->a[i + 1] = t->a[i] ^ 0x80u;
            t->b[i + 1] = t->b[i];
        }
        /* +-1.0 * 2^q is one half ulp, +-1.5 * 2^(q+1) three */
        t->a[lane] = (uint8_t)(tl_rng_below(r, 2) ? 0x38 : 0xB8);
        t->b[lane] = (uint8_t)(tl_rng_below(r, 2) ? 0x38 : 0x3C);
        own_scales(r, t, t->b[lane] == 0x3C ? q + 1 : q);
        /* sometimes a sticky bit far below breaks the tie */
        if (tl_rng_below(r, 4) == 0 && k > 1) {
            size_t j = (lane + 1) % k;
            t->a[j] = (uint8_t)(tl_rng_below(r, 2) ? 0x01 : 0x81);
            t->b[j] = 0x01;
        }
        break;
    }
    case OWN_UNDER:
        own_scales(r, t, (int)tl_rng_below(r, 90) - 180);
        t->c = tl_rng_below(r, 3) ? own_f32(r, 0, 3) : (uint32_t)(tl_rng_next(r) & 0x80000000u);
        break;
    case OWN_OVER:
        own_scales(r, t, 100 + (int)tl_rng_below(r, 40));
        t->c = tl_rng_below(r, 2) ? own_f32(r, 240, 254) : (uint32_t)(tl_rng_next(r) & 0x80000000u);
        break;
    case OWN_STICKY:
        t->c = own_f32(r, 1, 254);
        bv = block_value(t);
        if (bv != 0) {
            int want = (int)((t->c >> 23) & 0xFFu) - 127 - 26 - (int)tl_rng_below(r, 100);
            own_scales(r, t, want - exp_of(bv) + (int)t->xa + (int)t->xb - 254);
        }
        break;
    case OWN_ZEROS:
        for (i = 0; i < k; i++) {
            if (tl_rng_below(r, 8) == 0 && i > 0)
                continue; /* a few non-zero products survive */
            t->a[i] = (uint8_t)(tl_rng_next(r) & 0x80u);
        }
        t->c = (uint32_t)(tl_rng_next(r) & 0x80000000u);
        break;
    case OWN_SPECIAL: {
        static const uint32_t cs[] = { 0x7F800000, 0xFF800000, 0x7FC00000,
                                       0xFFC00000, 0x7F800001, 0xFFBFFFFF };
        uint32_t w = tl_rng_below(r, 4);
        if (w == 0)
            t->a[tl_rng_below(r, (uint32_t)k)] = (uint8_t)(0x7Fu | (tl_rng_next(r) & 0x80u));
        else if (w == 1)
            t->xa = 0xFF;
        t->c = cs[tl_rng_below(r, 6)];
        if (w == 3 && t->c > 0x7F800000u && t->c != 0xFF800000u)
            t->c ^= (uint32_t)tl_rng_next(r) & 0x003FFFFEu; /* payloads */
        break;
    }
    default: /* OWN_WIDE: c anywhere, the block's exponent near c's */
        t->c = own_f32(r, 0, 254);
        bv = block_value(t);
        if (bv != 0) {
            int want = (int)((t->c >> 23) & 0xFFu) - 127 + (int)tl_rng_below(r, 9) - 4;
            own_scales(r, t, want - exp_of(bv) + (int)t->xa + (int)t->xb - 254);
        }
        break;
    }
    return kind;
}

static void random_blocks(const char *what, uint64_t seed, size_t k,
                          unsigned long n, int use_mxgen)
{
    unsigned long i, kinds[16] = { 0 };
    int kind, j, nk = use_mxgen ? MX_GEN_KINDS : OWN_KINDS;
    tl_rng r;
    tl_rng_seed(&r, seed ^ (uint64_t)k << 40);
    for (i = 0; i < n; i++) {
        if (use_mxgen) {
            kind = mx_gen_block(seed, i, k, &gv);
            from_mx(&blk, &gv);
        } else {
            kind = own_block(&r, k, &blk);
        }
        if (kind >= 0 && kind < 16)
            kinds[kind]++;
        check_block(what, &blk);
    }
    printf("   %s K=%lu: %lu blocks; kinds:", what, (unsigned long)k, n);
    for (j = 0; j < nk; j++)
        printf(" %lu", kinds[j]);
    printf("\n");
}

/* ---------------------------------------------------------------------- */
/* Boundary sweeps: ties, cancellation, overflow and underflow edges built */
/* around every binary32 exponent, every mode                              */

/* Two-lane blocks at a range edge: overflow, c within 4 ulps of the largest
 * finite and the block near its ulp 2^104 (scale sums s0..s0+5); underflow,
 * c near 2^-126 or the smallest subnormals and the block near the quantum
 * 2^-149 (s0..s0+9). */
static void edge_sweep(tl_rng *r, const char *what, int under, int s0)
{
    int j;
    for (j = 0; j < 20000; j++) {
        uint32_t sign = (uint32_t)(j & 1) << 31;
        if (!under)
            blk.c = (0x7F7FFFFFu - tl_rng_below(r, 4)) | sign;
        else if (j & 2)
            blk.c = tl_rng_below(r, 4) | sign;
        else
            blk.c = (0x00800000u + tl_rng_below(r, 5) - 2) | sign;
        own_scales(r, &blk, s0 + (int)tl_rng_below(r, under ? 10 : 6));
        blk.a[0] = own_code(r);
        blk.b[0] = own_code(r);
        blk.a[1] = own_code(r);
        blk.b[1] = (uint8_t)tl_rng_below(r, 16);
        blk.rm = tl_rng_below(r, 5);
        check_block(what, &blk);
    }
}

static void sweeps(tl_rng *r)
{
    int e, rm, j, s;
    blk.k = 2;
    for (e = 0; e < 255; e++)
        for (j = 0; j < 40; j++) {
            /* c with exponent e; lane 0 = +-1.0 or 1.5 at scale s, lane 1 a
             * tiny or zero sticky term */
            uint32_t c = (uint32_t)e << 23 | ((uint32_t)tl_rng_next(r) & 0x7FFFFFu);
            int ulp = e == 0 ? -149 : e - 150;
            if (j < 4)
                c = (uint32_t)e << 23 | (uint32_t)(j & 1) | (j >= 2 ? 0x7FFFFEu : 0u);
            c |= (uint32_t)(j & 8) << 28;
            s = ulp - 1 + (int)tl_rng_below(r, 4) - 1; /* around half an ulp */
            if (j >= 30)
                s = ulp + 24 + (int)tl_rng_below(r, 3) - 1; /* cancel or carry */
            own_scales(r, &blk, s);
            blk.c = c;
            blk.a[0] = (uint8_t)(tl_rng_below(r, 2) ? 0x38 : 0xB8);
            blk.b[0] = (uint8_t)(tl_rng_below(r, 2) ? 0x38 : 0x3C);
            if (j >= 30 && j < 35)
                blk.b[0] = (uint8_t)(0x38 + tl_rng_below(r, 8));
            blk.a[1] = (uint8_t)(tl_rng_below(r, 3) ? 0x00 : tl_rng_below(r, 2) ? 0x01 : 0x81);
            blk.b[1] = (uint8_t)(tl_rng_below(r, 2) ? 0x01 : 0x08);
            for (rm = 0; rm < 5; rm++) {
                blk.rm = (unsigned)rm;
                check_block("boundary sweep", &blk);
            }
        }
    edge_sweep(r, "overflow edge", 0, 100);
    edge_sweep(r, "underflow edge", 1, -155);
}

/* ---------------------------------------------------------------------- */
/* Interface corners and the exposed stages                               */

static void interface_corners(tl_rng *r)
{
    unsigned f = 0x1F, rm;
    uint32_t d;
    unsigned char fdpi;
    size_t i;

    for (i = 0; i < 64; i++) {
        blk.a[i] = 0x38;
        blk.b[i] = 0x38;
    }
    /* k out of range: canonical NaN with NV (header contract) */
    d = mx_dot(0, blk.a, blk.b, 0x7F, 0x7F, 0, 0, &f);
    tl_expect("mx_dot k=0 d", d, MX_F32_QNAN);
    tl_expect("mx_dot k=0 flags", f, MX_FLAG_NV);
    d = mx_dot(MX_K_MAX + 1, blk.a, blk.b, 0x7F, 0x7F, 0, 0, &f);
    tl_expect("mx_dot k=4097 d", d, MX_F32_QNAN);
    tl_expect("mx_dot k=4097 flags", f, MX_FLAG_NV);
    d = mx_dot_dpi(-1, blk.a, blk.b, 0x7F, 0x7F, 0, 0, &fdpi);
    tl_expect("mx_dot_dpi k=-1 d", d, MX_F32_QNAN);
    tl_expect("mx_dot_dpi k=-1 flags", fdpi, MX_FLAG_NV);
    /* flags written, not ORed; a NULL flags pointer is allowed */
    f = 0x1F;
    d = mx_dot(4, blk.a, blk.b, 0x7F, 0x7F, 0, 0, &f);
    tl_expect("mx_dot writes flags", f, 0);
    tl_expect("mx_dot flags NULL", mx_dot(4, blk.a, blk.b, 0x7F, 0x7F, 0, 0, NULL), d);
    tl_expect("mx_dot 4 ones", d, 0x40800000u);
    /* the DPI entry agrees with mx_dot */
    for (i = 0; i < 20000; i++) {
        unsigned ef;
        own_block(r, 1 + tl_rng_below(r, 64), &blk);
        rm = blk.rm;
        d = oracle_dot(blk.k, blk.a, blk.b, blk.xa, blk.xb, blk.c, rm, &ef);
        fdpi = 0xFF;
        if (mx_dot_dpi((int)blk.k, blk.a, blk.b, blk.xa, blk.xb, blk.c,
                       (unsigned char)rm, &fdpi) == d && fdpi == ef)
            tl_pass();
        else
            tl_fail_block("mx_dot_dpi", &blk, mx_dot_dpi((int)blk.k, blk.a, blk.b,
                          blk.xa, blk.xb, blk.c, (unsigned char)rm, &fdpi), fdpi, d, ef);
    }
}

static void stages(tl_rng *r, unsigned long n)
{
    unsigned a, b;
    unsigned long i;
    char what[96];
    mx_block_sum s;

    /* decode and multiply: every non-NaN pair, exact product * 2^18 */
    for (a = 0; a < 256; a++)
        for (b = 0; b < 256; b++) {
            double p;
            if ((a & 0x7F) == 0x7F || (b & 0x7F) == 0x7F)
                continue;
            p = ldexp(oracle_e4m3_value((uint8_t)a) * oracle_e4m3_value((uint8_t)b), 18);
            snprintf(what, sizeof what, "mx_decode_mul(%02X, %02X)", a, b);
            tl_expect(what, (unsigned long)(uint64_t)mx_decode_mul((uint8_t)a, (uint8_t)b),
                      (unsigned long)(uint64_t)(int64_t)p);
        }
    for (a = 0; a < 255; a++)
        for (b = 0; b < 255; b++) {
            snprintf(what, sizeof what, "mx_scale_exp(%02X, %02X)", a, b);
            tl_expect(what, (unsigned long)(long)mx_scale_exp((uint8_t)a, (uint8_t)b),
                      (unsigned long)(long)((int)a + (int)b - 254 - 18));
        }
    /* reduce + scale + accumulate_round compose to the block operation
     * (finite inputs) */
    for (i = 0; i < n; i++) {
        size_t j, k = 1 + tl_rng_below(r, 64);
        int nan = 0, nonzero = 0, zp = 0, zn = 0;
        double sum = 0;
        unsigned ef, gf = 0;
        uint32_t e, g;
        if (i % 1000 == 0)
            k = 4096;
        own_block(r, k, &blk);
        if (blk.rm > 4)
            blk.rm = 0;
        if (blk.xa == 0xFF)
            blk.xa = 0;
        if (blk.xb == 0xFF)
            blk.xb = 0xFE;
        for (j = 0; j < k; j++) {
            double p = oracle_e4m3_value(blk.a[j]) * oracle_e4m3_value(blk.b[j]);
            if (isnan(p)) {
                nan = 1;
                continue;
            }
            sum += p;
            nonzero |= p != 0;
            zp |= p == 0 && !signbit(p);
            zn |= p == 0 && signbit(p);
        }
        mx_reduce(k, blk.a, blk.b, &s);
        if (!tl_expect("mx_reduce nan", (unsigned long)(s.nan != 0), (unsigned long)nan))
            continue;
        if (nan)
            continue;
        tl_expect("mx_reduce nonzero", (unsigned long)(s.nonzero != 0), (unsigned long)nonzero);
        tl_expect("mx_reduce sum", (unsigned long)(uint64_t)s.sum,
                  (unsigned long)(uint64_t)(int64_t)ldexp(sum, 18));
        /* the zero summary is only needed (and only computed by the
         * reference) when the sum is zero */
        if (sum == 0) {
            tl_expect("mx_reduce zero_pos", (unsigned long)(s.zero_pos != 0), (unsigned long)zp);
            tl_expect("mx_reduce zero_neg", (unsigned long)(s.zero_neg != 0), (unsigned long)zn);
        }
        /* mx_accumulate_round is the finite path: mx_dot sorts out NaN and
         * Inf before it */
        if ((blk.c & 0x7F800000u) == 0x7F800000u)
            blk.c &= 0x807FFFFFu;
        e = oracle_dot(k, blk.a, blk.b, blk.xa, blk.xb, blk.c, blk.rm, &ef);
        g = mx_accumulate_round(&s, mx_scale_exp(blk.xa, blk.xb), blk.c, blk.rm, &gf);
        if (e == g && ef == gf)
            tl_pass();
        else
            tl_fail_block("mx_reduce/mx_scale_exp/mx_accumulate_round", &blk, g, gf, e, ef);
    }
}

/* mx_f32_round_pack: (-1)^sign sig 2^exp, any sig and any int exp (issue 9
 * item 10: INT_MIN..INT_MAX), ORs flags; a reserved rm is NaN NV. */
static void round_pack(tl_rng *r, unsigned long n)
{
    unsigned long i;
    for (i = 0; i < n; i++) {
        unsigned sign = (unsigned)(tl_rng_next(r) & 1u), rm = tl_rng_below(r, 5);
        unsigned width = 1 + tl_rng_below(r, 64), ef = 0, gf = 0;
        uint64_t sig = tl_rng_next(r);
        int exp;
        uint32_t e, g;
        if (width < 64)
            sig &= ((uint64_t)1 << width) - 1;
        if (tl_rng_below(r, 4) == 0) /* near a power of two: carries */
            sig = ((uint64_t)1 << (width - 1)) + tl_rng_below(r, 5) - 2;
        if (i % 997 == 0)
            sig = 0;
        exp = (int)tl_rng_below(r, 420) - 300 - (int)width + 24;
        if (i % 3 == 0) /* most often near the binary32 edges */
            exp = (tl_rng_below(r, 2) ? 128 : -126) - (int)width + (int)tl_rng_below(r, 6) - 3;
        if (i % 13 == 0) /* the ends of int, and anywhere in it */
            exp = tl_rng_below(r, 2) ? INT_MAX - (int)tl_rng_below(r, 80)
                                     : INT_MIN + (int)tl_rng_below(r, 80);
        if (i % 13 == 1)
            exp = (int)(uint32_t)tl_rng_next(r);
        e = oracle_round_f32(sign, sig, exp, rm, &ef);
        if (i % 5 == 0) { /* must OR into, not overwrite, the flags */
            ef |= MX_FLAG_DZ;
            gf = MX_FLAG_DZ;
        }
        g = mx_f32_round_pack(sign, sig, exp, rm, &gf);
        if (e == g && ef == gf) {
            tl_pass();
        } else {
            tl_fail("mx_f32_round_pack(sign %u, sig 0x%llX, exp %d, rm %u): "
                    "observed %08lX %02X, expected %08lX %02X",
                    sign, (unsigned long long)sig, exp, rm, (unsigned long)g,
                    gf, (unsigned long)e, ef);
        }
    }
}

/* The corners of the int range by hand (the reproducer first). */
static void round_pack_corners(void)
{
    static const struct {
        unsigned sign; uint64_t sig; int exp; unsigned rm; uint32_t d; unsigned f;
    } kc[] = {
        { 1, 5, INT_MAX - 1, MX_RNE, 0xFF800000u, 0x05 },
        { 0, 5, INT_MAX - 1, MX_RTZ, 0x7F7FFFFFu, 0x05 },
        { 0, 1, INT_MAX, MX_RUP, 0x7F800000u, 0x05 },
        { 1, UINT64_MAX, INT_MAX, MX_RDN, 0xFF800000u, 0x05 },
        { 1, UINT64_MAX, INT_MAX, MX_RUP, 0xFF7FFFFFu, 0x05 },
        { 0, 1, INT_MIN, MX_RNE, 0x00000000u, 0x03 },
        { 0, 1, INT_MIN, MX_RUP, 0x00000001u, 0x03 },
        { 1, UINT64_MAX, INT_MIN, MX_RDN, 0x80000001u, 0x03 },
        { 1, UINT64_MAX, INT_MIN + 1, MX_RMM, 0x80000000u, 0x03 },
        { 0, 0, INT_MIN, MX_RNE, 0x00000000u, 0x00 },
        { 1, 0, INT_MAX, MX_RUP, 0x80000000u, 0x00 },
        /* the ends of int do not wrap into the normal range */
        { 0, (uint64_t)1 << 63, INT_MIN, MX_RNE, 0x00000000u, 0x03 },
        { 0, 1, INT_MAX - 200, MX_RTZ, 0x7F7FFFFFu, 0x05 },
        { 0, 1, 127, MX_RNE, 0x7F000000u, 0x00 },
        { 0, 1, -149, MX_RNE, 0x00000001u, 0x00 },
    };
    size_t i;
    int rm;
    char what[128];
    for (i = 0; i < sizeof kc / sizeof kc[0]; i++) {
        unsigned gf = 0, ef = 0;
        uint32_t g = mx_f32_round_pack(kc[i].sign, kc[i].sig, kc[i].exp, kc[i].rm, &gf);
        uint32_t e = oracle_round_f32(kc[i].sign, kc[i].sig, kc[i].exp, kc[i].rm, &ef);
        snprintf(what, sizeof what, "mx_f32_round_pack(%u, 0x%llX, %d, rm %u) by hand", kc[i].sign,
                 (unsigned long long)kc[i].sig, kc[i].exp, kc[i].rm);
        tl_expect(what, (unsigned long)g << 8 | gf, (unsigned long)kc[i].d << 8 | kc[i].f);
        strcat(what, " (oracle)");
        tl_expect(what, (unsigned long)e << 8 | ef, (unsigned long)kc[i].d << 8 | kc[i].f);
    }
    for (rm = 5; rm < 8; rm++) {
        unsigned gf = 0;
        uint32_t g = mx_f32_round_pack(0, 1, 0, (unsigned)rm, &gf);
        snprintf(what, sizeof what, "mx_f32_round_pack reserved rm %d", rm);
        tl_expect(what, (unsigned long)g << 8 | gf, (unsigned long)MX_F32_QNAN << 8 | MX_FLAG_NV);
    }
}

/* mx_accumulate_round over its whole documented domain: any int64 sum (here
 * non-zero), any int exp, any finite c. */
static void accumulate_extremes(tl_rng *r, unsigned long n)
{
    unsigned long i;
    for (i = 0; i < n; i++) {
        mx_block_sum s;
        unsigned rm = tl_rng_below(r, 5), gf = 0, ef = 0, width = 1 + tl_rng_below(r, 64);
        uint32_t c = (uint32_t)tl_rng_next(r), e, g;
        uint64_t m = tl_rng_next(r);
        int exp;
        if (width < 64)
            m &= ((uint64_t)1 << width) - 1;
        memset(&s, 0, sizeof s);
        s.sum = (int64_t)m;
        if (i % 17 == 0)
            s.sum = INT64_MIN;
        if (i % 17 == 1)
            s.sum = INT64_MAX;
        if (s.sum == 0)
            s.sum = 1;
        s.nonzero = 1;
        if ((c & 0x7F800000u) == 0x7F800000u)
            c &= 0x807FFFFFu;
        if (tl_rng_below(r, 4) == 0)
            c &= 0x80000000u; /* a zero c */
        /* the block near c (cancellation, carries), or anywhere in int */
        switch (tl_rng_below(r, 4)) {
        case 0:
            exp = (int)((c >> 23) & 0xFFu) - 150 - (int)width + (int)tl_rng_below(r, 30);
            break;
        case 1:
            exp = (int)(uint32_t)tl_rng_next(r);
            break;
        case 2:
            exp = tl_rng_below(r, 2) ? INT_MAX - (int)tl_rng_below(r, 80)
                                     : INT_MIN + (int)tl_rng_below(r, 80);
            break;
        default:
            exp = (int)tl_rng_below(r, 700) - 400;
            break;
        }
        e = oracle_accumulate(c, s.sum, exp, rm, &ef);
        g = mx_accumulate_round(&s, exp, c, rm, &gf);
        if (e == g && ef == gf)
            tl_pass();
        else
            tl_fail("mx_accumulate_round(sum %lld, exp %d, c %08lX, rm %u): observed %08lX %02X, "
                    "expected %08lX %02X", (long long)s.sum, exp, (unsigned long)c, rm,
                    (unsigned long)g, gf, (unsigned long)e, ef);
    }
}

int main(int argc, char **argv)
{
    unsigned long n = tl_arg_count(argc, argv, 1000000);
    uint64_t seed = tl_arg_seed(argc, argv, 1);
    int i, quick = n < 200000;
    static const size_t ks[] = { 1, 2, 7, 64, 4096 };
    tl_rng r;

    tl_rng_seed(&r, seed);
    printf("test_ref: count %lu, seed %llu%s\n", n, (unsigned long long)seed,
           quick ? " (quick)" : "");
    tl_section("known answers (oracle and reference)");
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--count") == 0 || strcmp(argv[i], "--seed") == 0) {
            i++;
            continue;
        }
        known_answers(argv[i]);
    }
    tl_section("interface corners, mx_dot_dpi");
    interface_corners(&r);
    tl_section("stages: mx_decode_mul, mx_scale_exp, mx_reduce, mx_accumulate_round");
    stages(&r, n / 20 + 1000);
    tl_section("mx_f32_round_pack, exponents over the whole int range");
    round_pack(&r, n / 2 + 1000);
    round_pack_corners();
    tl_section("mx_accumulate_round: any int64 sum, any int exp");
    accumulate_extremes(&r, n / 10 + 1000);
    tl_section("boundary sweeps (ties, cancellation, overflow, underflow)");
    sweeps(&r);
    print_coverage();
    tl_section(quick ? "single lane, all 65536 pairs x 5 modes (a third of the accumulators)"
                     : "single lane, all 65536 pairs x 5 modes x 8 scale pairs x 18 accumulators");
    exhaustive_k1(quick);
    print_coverage();
    tl_section("random K=32 blocks, ref/mxgen");
    random_blocks("mx_gen_block", seed, 32, n, 1);
    print_coverage();
    tl_section("random K=32 blocks, own generator");
    random_blocks("own generator", seed, 32, n, 0);
    print_coverage();
    tl_section("K = 1, 2, 7, 64, 4096");
    for (i = 0; i < 5; i++) {
        unsigned long m = ks[i] == 4096 ? n / 2000 + 20 : ks[i] == 64 ? n / 20 : n / 10;
        random_blocks("mx_gen_block", seed + 1, ks[i], m, 1);
        random_blocks("own generator", seed + 1, ks[i], m, 0);
    }
    print_coverage();
    tl_section(NULL);
    return tl_finish();
}
