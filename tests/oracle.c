/*
 * oracle.c - independent MPFR model of the MX block dot product.
 *
 * Method (deliberately unlike ref/, which uses fixed-point integers):
 *   1. every element code of every format is decoded from the SPEC table
 *      (one row of constants per format, written as the table states them)
 *      into an MPFR number; at start-up each table is checked against a
 *      second derivation that walks the number line from zero, one code at a
 *      time, adding the step the format's binade gives (no bit fields);
 *      the E4M3 x E4M3 products are also tabulated once (8 bits, exact);
 *   2. the group sum is mpfr_sum of the k exact products (E4M3: into 64
 *      bits, exact since |product| < 2^18 on a 2^-18 grid and k <= 4096;
 *      other formats: into 128 bits, checked exact by the ternary value),
 *      then scaled by 2^(xa+xb-254) (exact);
 *   3. v = c + block in VPREC bits (exact: the terms span at most 2^-286 ..
 *      2^299), checked through the ternary value;
 *   4. v is rounded to 24 bits with an unbounded exponent (overflow and
 *      tininess, SPEC rule 4) and again to binary32 with subnormals (the
 *      delivered d): MPFR rounds in its wide range, then mpfr_check_range and
 *      mpfr_subnormalize apply the narrow one. RMM (ties away) is built from
 *      RNDZ and RNDA and an exact comparison with their midpoint.
 * The NaN, invalid and infinity rules (SPEC rules 0-2) are decided from the
 * decoded MPFR values (mpfr_nan_p, mpfr_inf_p, mpfr_zero_p and the signs),
 * never from bit patterns of the element codes.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "oracle.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mpfr.h>

/* Enough bits for every exact c + block value (about 560 are needed). */
#define VPREC 640

enum { RNE = 0, RTZ = 1, RDN = 2, RUP = 3, RMM = 4 };

/* A target format for the single rounding: significand bits, MPFR exponent
 * range of the delivered value (value = m * 2^e, 0.5 <= m < 1), and the
 * normal range used for tininess and overflow. */
typedef struct {
    int id;              /* index of its scratch variables */
    mpfr_prec_t prec;
    mpfr_exp_t emin;     /* smallest subnormal is 2^(emin-1) */
    mpfr_exp_t emax;
    mpfr_exp_t tiny_e;   /* |r| < 2^(tiny_e-1) (smallest normal) is tiny */
} fmt_t;

/* binary32: smallest subnormal 2^-149, smallest normal 2^-126, 2^128 overflows */
static const fmt_t F32 = { 0, 24, -148, 128, -125 };
/* E4M3: smallest subnormal 2^-9, smallest normal 2^-6; overflow (> 448) is
 * decided by value, since 480 and 512 would be in this exponent range */
static const fmt_t E4M3 = { 1, 4, -8, 10, -5 };
/* rounding targets of the element formats: ids 2 .. 2+ORACLE_FMT_COUNT-1,
 * filled in from the SPEC rows at start-up */
#define NROUND (2 + ORACLE_FMT_COUNT)
static fmt_t elem_round_fmt[ORACLE_FMT_COUNT];

/* ---- element formats: SPEC section 1, one row each ----
 * A floating-point row states the table's value law literally:
 *   e = 0:  (-1)^s * m * 2^sub_exp
 *   e >= 1: (-1)^s * (2^mbits + m) * 2^(e + norm_off)
 * with the sign the top bit of the format's width, and its specials. INT8 is
 * i * 2^-6 with i the two's complement byte. */
enum special_rule {
    SPECIAL_NONE,    /* every code a finite value (E3M2, E2M3, E2M1) */
    SPECIAL_ALLONES, /* S.1111.111 is NaN, no Inf (E4M3) */
    SPECIAL_IEEE,    /* e all ones: m = 0 Inf, m != 0 NaN (E5M2) */
    SPECIAL_INT      /* two's complement integer times 2^-6 (INT8) */
};
typedef struct {
    const char *name;
    unsigned width, ebits, mbits;
    int sub_exp, norm_off;
    enum special_rule special;
    double max;      /* largest finite magnitude, as SPEC section 1 says */
} elem_row;
static const elem_row rows[ORACLE_FMT_COUNT] = {
    { "E4M3", 8, 4, 3,  -9, -10, SPECIAL_ALLONES, 448.0 },
    { "E5M2", 8, 5, 2, -16, -17, SPECIAL_IEEE,    57344.0 },
    { "E3M2", 6, 3, 2,  -4,  -5, SPECIAL_NONE,    28.0 },
    { "E2M3", 6, 2, 3,  -3,  -4, SPECIAL_NONE,    7.5 },
    { "E2M1", 4, 2, 1,  -1,  -2, SPECIAL_NONE,    6.0 },
    { "INT8", 8, 0, 0,  -6,   0, SPECIAL_INT,     2.0 },
};

static int inited;
static mpfr_t elem[256];          /* E4M3 values, NaN for the NaN codes */
static mpfr_t prod[65536];        /* prod[a << 8 | b] = a * b, exact */
static mpfr_ptr terms[ORACLE_K_MAX];
static mpfr_t blk;                /* exact block sum */
static mpfr_t cval;               /* the accumulator */
static mpfr_t v;                  /* exact c + block */
static mpfr_t mid;                /* RMM midpoint */
/* per format (F32, E4M3, elements): unbounded and delivered roundings, RNDZ
 * and RNDA */
static mpfr_t r_unb[NROUND], r_del[NROUND], r_z[NROUND], r_a[NROUND];
/* every format's 256 codes (bits above the width ignored), exact */
static mpfr_t fval[ORACLE_FMT_COUNT][256];
static double fval_d[ORACLE_FMT_COUNT][256];
static enum oracle_class fclass[ORACLE_FMT_COUNT][256];
static mpfr_t pool[ORACLE_K_MAX]; /* the products of one group, exact */
static oracle_info last_info;     /* what the last oracle_dot_fmt met */
static int want_tie;              /* oracle_dot_fmt_info: look for ties */
static mpfr_t wsum;               /* exact group sum of any formats */
static mpfr_t tmp;                /* VPREC-wide scratch */
static mpfr_exp_t wide_emin, wide_emax;

static void fail(const char *what)
{
    /* An oracle that is not exact is useless: stop loudly. */
    fprintf(stderr, "oracle: internal error: %s\n", what);
    abort();
}

/* E4M3 from the SPEC table: e = 0: m * 2^-9; e >= 1: (8+m) * 2^(e-10). */
static int e4m3_parts(uint8_t x, long *sig, long *ex)
{
    unsigned e = (x >> 3) & 15u, m = x & 7u;
    if (e == 15u && m == 7u)
        return 0;
    *sig = e == 0 ? (long)m : (long)(8u + m);
    *ex = e == 0 ? -9 : (long)e - 10;
    if (x & 0x80u)
        *sig = -*sig;
    return 1;
}

/* Code x of a format by its SPEC row, into dst; returns its class. Bits
 * above the format's width are ignored (as the operation ignores them). */
static enum oracle_class row_decode(const elem_row *r, unsigned x, mpfr_ptr dst)
{
    unsigned code = x & ((1u << r->width) - 1u);
    unsigned half = 1u << (r->width - 1u);
    unsigned neg, mag, e, m, e_top, m_top;
    long sig, ex;

    if (r->special == SPECIAL_INT) {
        sig = code < half ? (long)code : (long)code - 2 * (long)half;
        if (mpfr_set_si_2exp(dst, sig, r->sub_exp, MPFR_RNDN) != 0)
            fail("INT8 decode");
        return sig == 0 ? ORACLE_ZERO : ORACLE_NORMAL;
    }
    neg = code >= half;
    mag = code - (neg ? half : 0u);
    e = mag / (1u << r->mbits);
    m = mag % (1u << r->mbits);
    e_top = (1u << r->ebits) - 1u;
    m_top = (1u << r->mbits) - 1u;
    if ((r->special == SPECIAL_ALLONES && e == e_top && m == m_top) ||
        (r->special == SPECIAL_IEEE && e == e_top && m != 0)) {
        mpfr_set_nan(dst);
        return ORACLE_NAN;
    }
    if (r->special == SPECIAL_IEEE && e == e_top) {
        mpfr_set_inf(dst, neg ? -1 : 1);
        return ORACLE_INF;
    }
    sig = e == 0 ? (long)m : (long)((1u << r->mbits) + m);
    ex = e == 0 ? r->sub_exp : (long)e + r->norm_off;
    if (mpfr_set_si_2exp(dst, sig, ex, MPFR_RNDN) != 0)
        fail("element decode");
    if (neg)
        mpfr_neg(dst, dst, MPFR_RNDN); /* keeps -0: SPEC rule 3 needs it */
    return sig == 0 ? ORACLE_ZERO : e == 0 ? ORACLE_SUBNORMAL : ORACLE_NORMAL;
}

/* The second derivation: walk the number line from zero, one code at a
 * time. Between neighbouring codes n and n+1 of a binary floating-point
 * format the step is the quantum 2^sub_exp in the subnormals and the first
 * binade, and doubles with each binade after it; the negative half repeats
 * the positive one with the sign bit set. INT8 steps by 2^-6 from -2 (code
 * 0x80) up to code 0x7F. Every finite code must agree with row_decode. */
static void walk_check(unsigned f)
{
    const elem_row *r = &rows[f];
    double q = ldexp(1.0, r->sub_exp), val = 0, top = 0;
    unsigned n, half = 1u << (r->width - 1u), codes = half * 2u;

    if (r->special == SPECIAL_INT) {
        val = -2.0;
        for (n = 0; n < codes; n++) {
            unsigned code = (half + n) % codes;
            if (fval_d[f][code] != val || fclass[f][code] != (val == 0 ? ORACLE_ZERO : ORACLE_NORMAL)
                || (val == 0 && signbit(fval_d[f][code])))
                fail("INT8 walk");
            top = val;
            val += q;
        }
        if (top != 127.0 / 64.0 || fval_d[f][half] != -r->max)
            fail("INT8 range");
        return;
    }
    for (n = 0; n < half; n++) {
        unsigned binade = n / (1u << r->mbits);
        int special = r->special == SPECIAL_ALLONES ? n == half - 1u
                    : r->special == SPECIAL_IEEE ? binade == (1u << r->ebits) - 1u : 0;
        if (special) {
            int inf = r->special == SPECIAL_IEEE && n == binade * (1u << r->mbits);
            if (fclass[f][n] != (inf ? ORACLE_INF : ORACLE_NAN) ||
                fclass[f][n + half] != fclass[f][n] ||
                (inf && (fval_d[f][n] != INFINITY || fval_d[f][n + half] != -INFINITY)))
                fail("special code walk");
            continue;
        }
        if (fval_d[f][n] != val || fval_d[f][n + half] != -val ||
            signbit(fval_d[f][n]) || !signbit(fval_d[f][n + half]))
            fail("element walk");
        if (fclass[f][n] != (n == 0 ? ORACLE_ZERO : n < (1u << r->mbits) ? ORACLE_SUBNORMAL : ORACLE_NORMAL) ||
            fclass[f][n + half] != fclass[f][n])
            fail("element class walk");
        top = val;
        val += q * ldexp(1.0, binade > 1u ? (int)binade - 1 : 0);
    }
    if (top != r->max)
        fail("largest finite value differs from SPEC section 1");
}

static void init_formats(void)
{
    unsigned f, x, y;
    for (f = 0; f < ORACLE_FMT_COUNT; f++) {
        const elem_row *r = &rows[f];
        fmt_t *rf = &elem_round_fmt[f];
        for (x = 0; x < 256; x++) {
            mpfr_init2(fval[f][x], 8);
            fclass[f][x] = row_decode(r, x, fval[f][x]);
            fval_d[f][x] = mpfr_get_d(fval[f][x], MPFR_RNDN); /* exact */
        }
        /* bits above the width are ignored: every alias decodes alike */
        for (x = 0; x < 256; x++) {
            y = x % (1u << r->width);
            if (fclass[f][x] != fclass[f][y] ||
                (fclass[f][x] != ORACLE_NAN && memcmp(&fval_d[f][x], &fval_d[f][y], sizeof(double))))
                fail("alias decode");
        }
        walk_check(f);
        /* rounding target: mbits+1 significant bits, smallest subnormal
         * 2^sub_exp, smallest normal 2^(mbits+1+norm_off) */
        rf->id = 2 + (int)f;
        rf->prec = (mpfr_prec_t)r->mbits + 1;
        rf->emin = r->sub_exp + 1;
        rf->tiny_e = (mpfr_exp_t)r->mbits + 2 + r->norm_off;
        {
            int e2;
            frexp(r->max, &e2);
            rf->emax = e2 + 1; /* room for a rounded overflow, decided by value */
        }
        if (r->special == SPECIAL_INT)
            rf->prec = 8;
    }
    /* the fast E4M3 table agrees with the SPEC row */
    for (x = 0; x < 256; x++)
        if (mpfr_nan_p(elem[x]) != (fclass[0][x] == ORACLE_NAN) ||
            (!mpfr_nan_p(elem[x]) && (mpfr_cmp(elem[x], fval[0][x]) != 0 ||
                                      mpfr_signbit(elem[x]) != mpfr_signbit(fval[0][x]))))
            fail("E4M3 tables differ");
    for (x = 0; x < ORACLE_K_MAX; x++)
        mpfr_init2(pool[x], 16); /* products of two <= 8-bit significands */
    mpfr_init2(wsum, 128);
}

static void init(void)
{
    long sig, ex;
    unsigned i, j;

    /* the widest exponent range MPFR has: 2^(INT_MIN..INT_MAX) times a
     * 64-bit significand is an ordinary number (mx_f32_round_pack's domain) */
    mpfr_set_emin(mpfr_get_emin_min());
    mpfr_set_emax(mpfr_get_emax_max());
    wide_emin = mpfr_get_emin();
    wide_emax = mpfr_get_emax();
    for (i = 0; i < 256; i++) {
        mpfr_init2(elem[i], 8);
        if (e4m3_parts((uint8_t)i, &sig, &ex)) {
            if (mpfr_set_si_2exp(elem[i], sig, ex, MPFR_RNDN) != 0)
                fail("E4M3 decode");
            /* keep the sign of zero: it matters for SPEC rule 3 */
            if (sig == 0 && (i & 0x80u))
                mpfr_neg(elem[i], elem[i], MPFR_RNDN);
        } else {
            mpfr_set_nan(elem[i]);
        }
    }
    for (i = 0; i < 256; i++)
        for (j = 0; j < 256; j++) {
            mpfr_init2(prod[i << 8 | j], 8);
            if (mpfr_mul(prod[i << 8 | j], elem[i], elem[j], MPFR_RNDN) != 0)
                fail("E4M3 product");
        }
    mpfr_init2(blk, 64);
    mpfr_init2(cval, 24);
    mpfr_inits2(VPREC, v, mid, tmp, (mpfr_ptr)0);
    init_formats();
    for (i = 0; i < NROUND; i++) {
        mpfr_prec_t p = i == 0 ? F32.prec : i == 1 ? E4M3.prec : elem_round_fmt[i - 2].prec;
        mpfr_inits2(p, r_unb[i], r_del[i], r_z[i], r_a[i], (mpfr_ptr)0);
    }
    inited = 1;
}

/* binary32 from the SPEC table into cval (finite only). */
static void set_f32(mpfr_ptr dst, uint32_t f)
{
    unsigned e = (f >> 23) & 0xFFu;
    unsigned long frac = f & 0x7FFFFFu;
    int r = e == 0 ? mpfr_set_ui_2exp(dst, frac, -149, MPFR_RNDN)
                   : mpfr_set_ui_2exp(dst, frac | 0x800000ul, (long)e - 150,
                                      MPFR_RNDN);
    if (r != 0)
        fail("binary32 decode");
    if (f >> 31)
        mpfr_neg(dst, dst, MPFR_RNDN);
}

static mpfr_rnd_t mpfr_mode(unsigned rm)
{
    switch (rm) {
    case RTZ: return MPFR_RNDZ;
    case RDN: return MPFR_RNDD;
    case RUP: return MPFR_RNDU;
    default:  return MPFR_RNDN;
    }
}

/* r = x rounded in MPFR mode rnd to fmt's precision; narrow: also to fmt's
 * exponent range with subnormals. Returns the ternary value. */
static int round_dir(mpfr_ptr r, mpfr_srcptr x, mpfr_rnd_t rnd,
                     const fmt_t *fmt, int narrow)
{
    int t = mpfr_set(r, x, rnd);
    if (narrow) {
        mpfr_set_emin(fmt->emin);
        mpfr_set_emax(fmt->emax);
        t = mpfr_check_range(r, t, rnd);
        t = mpfr_subnormalize(r, t, rnd);
        mpfr_set_emin(wide_emin);
        mpfr_set_emax(wide_emax);
    }
    return t;
}

/* r = x rounded in SPEC mode rm (0..4); RMM from RNDZ, RNDA and a midpoint
 * comparison, since MPFR_RNDNA is not a general rounding mode. */
static void round_rm(mpfr_ptr r, mpfr_srcptr x, unsigned rm, const fmt_t *fmt,
                     int narrow)
{
    if (rm != RMM) {
        round_dir(r, x, mpfr_mode(rm), fmt, narrow);
        return;
    }
    mpfr_ptr z = r_z[fmt->id], a = r_a[fmt->id];
    if (round_dir(z, x, MPFR_RNDZ, fmt, narrow) == 0) {
        mpfr_set(r, z, MPFR_RNDN);
        return;
    }
    round_dir(a, x, MPFR_RNDA, fmt, narrow);
    /* RNDA overflowing to Inf: the caller has ruled out an RMM overflow */
    if (mpfr_inf_p(a)) {
        mpfr_set(r, z, MPFR_RNDN);
        return;
    }
    if (mpfr_add(mid, z, a, MPFR_RNDN) != 0)
        fail("midpoint");
    mpfr_div_2ui(mid, mid, 1, MPFR_RNDN);
    mpfr_set(r, mpfr_cmpabs(x, mid) >= 0 ? a : z, MPFR_RNDN);
}

/* Magnitude of the regular value x as an integer multiple of 2^q. */
static unsigned long scaled_int(mpfr_srcptr x, long q)
{
    mpfr_abs(tmp, x, MPFR_RNDN);
    mpfr_mul_2si(tmp, tmp, -q, MPFR_RNDN);
    if (!mpfr_integer_p(tmp) || !mpfr_fits_ulong_p(tmp, MPFR_RNDN))
        fail("encoding");
    return mpfr_get_ui(tmp, MPFR_RNDN);
}

/* binary32 bits of a delivered value (zero, subnormal or normal). */
static uint32_t pack_f32(mpfr_srcptr x)
{
    uint32_t s = mpfr_signbit(x) ? 0x80000000u : 0u;
    long e;
    if (mpfr_zero_p(x))
        return s;
    e = (long)mpfr_get_exp(x) - 1; /* 2^e <= |x| < 2^(e+1) */
    if (e < -126)
        return s | (uint32_t)scaled_int(x, -149);
    if (e > 127)
        fail("binary32 overflow reached pack");
    return s | (uint32_t)(e + 127) << 23 | ((uint32_t)scaled_int(x, e - 23) - 0x800000u);
}

/* The value after an overflow (SPEC rule 4, the table by mode and sign). */
static uint32_t overflow_f32(int neg, unsigned rm)
{
    const uint32_t inf = 0x7F800000u, big = 0x7F7FFFFFu;
    uint32_t mag;
    switch (rm) {
    case RTZ: mag = big; break;
    case RDN: mag = neg ? inf : big; break;
    case RUP: mag = neg ? big : inf; break;
    default:  mag = inf; break;
    }
    return (neg ? 0x80000000u : 0u) | mag;
}

/* SPEC rule 4 on the exact non-zero value x. Also records in last_info
 * what the rounding met (tininess before and after rounding, a value below
 * the smallest subnormal, a tie at the delivered precision). */
static uint32_t round_f32(mpfr_srcptr x, unsigned rm, unsigned *flags)
{
    mpfr_ptr unb = r_unb[F32.id], del = r_del[F32.id];
    mpfr_ptr z = r_z[F32.id], a = r_a[F32.id];
    last_info.tiny_before = mpfr_get_exp(x) < F32.tiny_e;      /* |x| < 2^-126 */
    last_info.deep = mpfr_get_exp(x) < F32.emin;                /* |x| < 2^-149 */
    /* a tie: x halfway between its neighbours at the delivered precision
     * (24 bits, or the 2^-149 quantum below the normal range) */
    last_info.tie = 0;
    if (want_tie && round_dir(z, x, MPFR_RNDZ, &F32, 1) != 0) {
        round_dir(a, x, MPFR_RNDA, &F32, 1);
        if (!mpfr_inf_p(a)) {
            mpfr_add(mid, z, a, MPFR_RNDN);
            mpfr_div_2ui(mid, mid, 1, MPFR_RNDN);
            last_info.tie = mpfr_cmp(mid, x) == 0;
        }
    }
    round_rm(unb, x, rm, &F32, 0);
    last_info.tiny = mpfr_get_exp(unb) < F32.tiny_e;
    if (mpfr_get_exp(unb) > F32.emax) { /* |r| >= 2^128 */
        *flags |= ORACLE_OF | ORACLE_NX;
        return overflow_f32(mpfr_signbit(x) != 0, rm);
    }
    round_rm(del, x, rm, &F32, 1);
    if (mpfr_cmp(del, x) != 0) {
        *flags |= ORACLE_NX;
        if (last_info.tiny)
            *flags |= ORACLE_UF;
    }
    return pack_f32(del);
}

static int is_f32_nan(uint32_t c)
{
    return ((c >> 23) & 0xFFu) == 0xFFu && (c & 0x7FFFFFu) != 0;
}

uint32_t oracle_dot(size_t k, const uint8_t *a, const uint8_t *b, uint8_t xa,
                    uint8_t xb, uint32_t c, unsigned rm, unsigned *flags)
{
    unsigned fl = 0;
    uint32_t d;
    size_t i;
    int nan = 0, any_nonzero, all_neg, all_pos;

    if (!inited)
        init();
    if (rm > RMM || k == 0 || k > ORACLE_K_MAX) {
        d = ORACLE_QNAN;
        fl = ORACLE_NV;
        goto out;
    }
    for (i = 0; i < k; i++)
        nan |= mpfr_nan_p(elem[a[i]]) || mpfr_nan_p(elem[b[i]]);
    if (nan || xa == 0xFFu || xb == 0xFFu || is_f32_nan(c)) {
        d = ORACLE_QNAN;
        /* a signaling binary32 NaN has the quiet bit (fraction bit 22) clear */
        fl = is_f32_nan(c) && !(c & 0x400000u) ? ORACLE_NV : 0u;
        goto out;
    }
    if ((c & 0x7FFFFFFFu) == 0x7F800000u) {
        d = c;
        goto out;
    }

    set_f32(cval, c);
    any_nonzero = !mpfr_zero_p(cval);
    all_neg = mpfr_zero_p(cval) && mpfr_signbit(cval);
    all_pos = mpfr_zero_p(cval) && !mpfr_signbit(cval);
    for (i = 0; i < k; i++) {
        mpfr_ptr p = prod[(unsigned)a[i] << 8 | b[i]];
        terms[i] = p;
        if (mpfr_zero_p(p)) {
            all_neg &= mpfr_signbit(p) != 0;
            all_pos &= mpfr_signbit(p) == 0;
        } else {
            any_nonzero = 1;
        }
    }
    if (mpfr_sum(blk, terms, k, MPFR_RNDN) != 0)
        fail("block sum");
    mpfr_mul_2si(blk, blk, (long)xa + (long)xb - 254, MPFR_RNDN);
    if (mpfr_add(v, cval, blk, MPFR_RNDN) != 0)
        fail("accumulate");

    if (mpfr_zero_p(v)) {
        /* SPEC rule 3: only all-zero terms keep a common sign */
        if (!any_nonzero && (all_neg || all_pos))
            d = all_neg ? 0x80000000u : 0u;
        else
            d = rm == RDN ? 0x80000000u : 0u;
        goto out;
    }
    d = round_f32(v, rm, &fl);
out:
    if (flags)
        *flags = fl;
    return d;
}

uint32_t oracle_round_f32(unsigned sign, uint64_t sig, int exp, unsigned rm,
                          unsigned *flags)
{
    unsigned fl = 0;
    uint32_t d;
    if (!inited)
        init();
    if (sig == 0)
        return sign ? 0x80000000u : 0u;
    /* 64-bit significand in two halves: unsigned long may be 32 bits */
    mpfr_set_ui_2exp(v, (unsigned long)(sig >> 32), 32, MPFR_RNDN);
    mpfr_add_ui(v, v, (unsigned long)(sig & 0xFFFFFFFFu), MPFR_RNDN);
    mpfr_mul_2si(v, v, exp, MPFR_RNDN);
    if (sign)
        mpfr_neg(v, v, MPFR_RNDN);
    d = round_f32(v, rm > RMM ? RNE : rm, &fl);
    if (flags)
        *flags |= fl;
    return d;
}

uint32_t oracle_f32_from_double(double x, unsigned *flags)
{
    unsigned fl = 0;
    uint32_t d;
    if (!inited)
        init();
    if (x == 0)
        return signbit(x) ? 0x80000000u : 0u;
    if (mpfr_set_d(v, x, MPFR_RNDN) != 0)
        fail("double input");
    d = round_f32(v, RNE, &fl);
    if (flags)
        *flags |= fl;
    return d;
}

double oracle_e4m3_value(uint8_t x)
{
    long sig, ex;
    if (!e4m3_parts(x, &sig, &ex))
        return NAN;
    if (sig == 0)
        return (x & 0x80u) ? -0.0 : 0.0;
    return ldexp((double)sig, (int)ex);
}

double oracle_ue8m0_value(uint8_t x)
{
    return x == 0xFFu ? NAN : ldexp(1.0, (int)x - 127);
}

double oracle_f32_value(uint32_t f)
{
    if (!inited)
        init();
    if (((f >> 23) & 0xFFu) == 0xFFu)
        return (f & 0x7FFFFFu) ? NAN : (f >> 31) ? -INFINITY : INFINITY;
    set_f32(cval, f);
    return mpfr_get_d(cval, MPFR_RNDN); /* exact: binary32 is in double */
}

uint8_t oracle_e4m3_from_double(double x, int sat, unsigned *flags)
{
    unsigned fl = 0, neg = signbit(x) ? 0x80u : 0u;
    uint8_t r;
    long e;
    unsigned long m;
    mpfr_ptr unb, del;
    if (!inited)
        init();
    if (isnan(x)) {
        r = (uint8_t)(neg | 0x7Fu);
        goto out;
    }
    if (x == 0) {
        r = (uint8_t)neg;
        goto out;
    }
    if (isinf(x)) {
        fl = ORACLE_OF | ORACLE_NX;
        r = (uint8_t)(neg | (sat ? 0x7Eu : 0x7Fu));
        goto out;
    }
    mpfr_set_d(v, x, MPFR_RNDN);
    unb = r_unb[E4M3.id];
    del = r_del[E4M3.id];
    round_rm(unb, v, RNE, &E4M3, 0);
    if (mpfr_cmp_ui(unb, 448) > 0 || mpfr_cmp_si(unb, -448) < 0) {
        fl = ORACLE_OF | ORACLE_NX;
        r = (uint8_t)(neg | (sat ? 0x7Eu : 0x7Fu));
        goto out;
    }
    round_rm(del, v, RNE, &E4M3, 1);
    if (mpfr_cmp(del, v) != 0) {
        fl = ORACLE_NX;
        if (mpfr_get_exp(unb) < E4M3.tiny_e) /* |r| < 2^-6 */
            fl |= ORACLE_UF;
    }
    if (mpfr_zero_p(del)) {
        r = (uint8_t)neg;
    } else {
        e = (long)mpfr_get_exp(del) - 1;
        if (e < -6) {
            r = (uint8_t)(neg | scaled_int(del, -9));
        } else {
            m = scaled_int(del, e - 3) - 8u;
            r = (uint8_t)(neg | (unsigned long)(e + 7) << 3 | m);
        }
    }
out:
    if (flags)
        *flags |= fl;
    return r;
}

/* ---------------------------------------------------------------------- */
/* Element formats                                                         */

const char *oracle_fmt_name(unsigned fmt)
{
    return fmt < ORACLE_FMT_COUNT ? rows[fmt].name : NULL;
}

unsigned oracle_fmt_width(unsigned fmt)
{
    return fmt < ORACLE_FMT_COUNT ? rows[fmt].width : 0u;
}

double oracle_fmt_max(unsigned fmt)
{
    return fmt < ORACLE_FMT_COUNT ? rows[fmt].max : NAN;
}

double oracle_fmt_max_pos(unsigned fmt)
{
    if (fmt >= ORACLE_FMT_COUNT)
        return NAN;
    return rows[fmt].special == SPECIAL_INT ? 127.0 / 64.0 : rows[fmt].max;
}

enum oracle_class oracle_elem_class(unsigned fmt, uint8_t x)
{
    if (!inited)
        init();
    return fmt < ORACLE_FMT_COUNT ? fclass[fmt][x] : ORACLE_NAN;
}

double oracle_elem_value(unsigned fmt, uint8_t x)
{
    if (!inited)
        init();
    return fmt < ORACLE_FMT_COUNT ? fval_d[fmt][x] : NAN;
}

uint32_t oracle_dot_fmt(size_t k, const uint8_t *a, const uint8_t *b,
                        unsigned fa, unsigned fb, uint8_t xa, uint8_t xb,
                        uint32_t c, unsigned rm, unsigned *flags)
{
    unsigned fl = 0;
    uint32_t d;
    size_t i;
    int nan = 0, invalid = 0, inf_pos = 0, inf_neg = 0;
    int any_nonzero, all_neg, all_pos;

    if (!inited)
        init();
    memset(&last_info, 0, sizeof last_info);
    /* rule 0, and the API's k range */
    if (rm > RMM || fa >= ORACLE_FMT_COUNT || fb >= ORACLE_FMT_COUNT ||
        k == 0 || k > ORACLE_K_MAX) {
        d = ORACLE_QNAN;
        fl = ORACLE_NV;
        goto out;
    }
    /* rule 1: NaN first, from the decoded values */
    for (i = 0; i < k; i++)
        nan |= mpfr_nan_p(fval[fa][a[i]]) || mpfr_nan_p(fval[fb][b[i]]);
    last_info.rule = 1;
    if (nan || xa == 0xFFu || xb == 0xFFu || is_f32_nan(c)) {
        d = ORACLE_QNAN;
        fl = is_f32_nan(c) && !(c & 0x400000u) ? ORACLE_NV : 0u;
        goto out;
    }
    /* rule 1 (invalid) and rule 2 (infinity): the infinite terms */
    for (i = 0; i < k; i++) {
        mpfr_srcptr x = fval[fa][a[i]], y = fval[fb][b[i]];
        if (!mpfr_inf_p(x) && !mpfr_inf_p(y))
            continue;
        if (mpfr_zero_p(x) || mpfr_zero_p(y)) {
            invalid = 1;
        } else if ((mpfr_signbit(x) != 0) != (mpfr_signbit(y) != 0)) {
            inf_neg = 1;
        } else {
            inf_pos = 1;
        }
    }
    if ((c & 0x7FFFFFFFu) == 0x7F800000u) {
        if (c >> 31)
            inf_neg = 1;
        else
            inf_pos = 1;
    }
    if (invalid || (inf_pos && inf_neg)) {
        d = ORACLE_QNAN;
        fl = ORACLE_NV;
        goto out;
    }
    last_info.rule = 2;
    if (inf_pos || inf_neg) {
        d = inf_neg ? 0xFF800000u : 0x7F800000u;
        goto out;
    }

    set_f32(cval, c);
    any_nonzero = !mpfr_zero_p(cval);
    all_neg = mpfr_zero_p(cval) && mpfr_signbit(cval);
    all_pos = mpfr_zero_p(cval) && !mpfr_signbit(cval);
    for (i = 0; i < k; i++) {
        if (mpfr_mul(pool[i], fval[fa][a[i]], fval[fb][b[i]], MPFR_RNDN) != 0)
            fail("element product");
        terms[i] = pool[i];
        if (mpfr_zero_p(pool[i])) {
            all_neg &= mpfr_signbit(pool[i]) != 0;
            all_pos &= mpfr_signbit(pool[i]) == 0;
        } else {
            any_nonzero = 1;
        }
    }
    if (mpfr_sum(wsum, terms, k, MPFR_RNDN) != 0)
        fail("group sum");
    mpfr_mul_2si(wsum, wsum, (long)xa + (long)xb - 254, MPFR_RNDN);
    if (mpfr_add(v, cval, wsum, MPFR_RNDN) != 0)
        fail("accumulate");
    last_info.rule = 3;
    if (mpfr_zero_p(v)) {
        /* rule 3: only all-zero terms keep a common sign */
        if (!any_nonzero && (all_neg || all_pos))
            d = all_neg ? 0x80000000u : 0u;
        else
            d = rm == RDN ? 0x80000000u : 0u;
        goto out;
    }
    last_info.rule = 4;
    d = round_f32(v, rm, &fl);
out:
    if (flags)
        *flags = fl;
    return d;
}

uint32_t oracle_dot_fmt_info(size_t k, const uint8_t *a, const uint8_t *b,
                             unsigned fa, unsigned fb, uint8_t xa, uint8_t xb,
                             uint32_t c, unsigned rm, unsigned *flags,
                             oracle_info *info)
{
    uint32_t d;
    want_tie = 1;
    d = oracle_dot_fmt(k, a, b, fa, fb, xa, xb, c, rm, flags);
    want_tie = 0;
    *info = last_info;
    return d;
}

/* The code of format fmt whose value is x (a zero: the code of that sign,
 * or +0 when the format has no -0), by search over the format's codes:
 * no bit packing. */
static uint8_t elem_code_of(unsigned fmt, double x)
{
    unsigned n, codes = 1u << rows[fmt].width;
    for (n = 0; n < codes; n++)
        if (fclass[fmt][n] != ORACLE_NAN && fval_d[fmt][n] == x &&
            (x != 0 || signbit(fval_d[fmt][n]) == signbit(x)))
            return (uint8_t)n;
    if (x == 0)
        return elem_code_of(fmt, 0.0);
    fail("no element code for a rounded value");
    return 0;
}

/* Round the exact non-NaN value in v to element format fmt (nearest even):
 * see oracle_elem_round. */
static int elem_round_v(unsigned fmt, uint8_t *code, unsigned *flags)
{
    unsigned fl = 0;
    const fmt_t *rf = &elem_round_fmt[fmt];
    mpfr_ptr unb = r_unb[rf->id], del = r_del[rf->id];
    if (rows[fmt].special == SPECIAL_INT) {
        /* the 2^-6 grid without limit, ties to even, then the range */
        mpfr_mul_2si(tmp, v, -rows[fmt].sub_exp, MPFR_RNDN);
        if (mpfr_rint(del, tmp, MPFR_RNDN) != 0 || !mpfr_equal_p(del, tmp))
            fl |= ORACLE_NX;
        if (mpfr_cmp_si(del, 127) > 0 || mpfr_cmp_si(del, -128) < 0)
            return 0;
        mpfr_mul_2si(del, del, rows[fmt].sub_exp, MPFR_RNDN);
        *code = elem_code_of(fmt, mpfr_zero_p(del) ? 0.0 : mpfr_get_d(del, MPFR_RNDN));
        goto done;
    }
    if (mpfr_zero_p(v)) {
        *code = elem_code_of(fmt, mpfr_signbit(v) ? -0.0 : 0.0);
        goto done;
    }
    round_rm(unb, v, RNE, rf, 0);
    if (mpfr_cmp_d(unb, rows[fmt].max) > 0 || mpfr_cmp_d(unb, -rows[fmt].max) < 0)
        return 0;
    round_rm(del, v, RNE, rf, 1);
    if (mpfr_cmp(del, v) != 0) {
        fl = ORACLE_NX;
        if (mpfr_get_exp(unb) < rf->tiny_e)
            fl |= ORACLE_UF;
    }
    /* exact in a double; keeps -0 */
    *code = elem_code_of(fmt, mpfr_zero_p(del) ? (mpfr_signbit(del) ? -0.0 : 0.0)
                                               : mpfr_get_d(del, MPFR_RNDN));
done:
    if (flags)
        *flags |= fl;
    return 1;
}

int oracle_elem_round(unsigned fmt, double x, uint8_t *code, unsigned *flags)
{
    if (!inited)
        init();
    if (fmt >= ORACLE_FMT_COUNT || isnan(x) || isinf(x))
        fail("oracle_elem_round: reserved format or non-finite input");
    if (mpfr_set_d(v, x, MPFR_RNDN) != 0)
        fail("double input");
    return elem_round_v(fmt, code, flags);
}

int oracle_elem_round_sig(unsigned fmt, unsigned sign, uint64_t sig, int exp,
                          uint8_t *code, unsigned *flags)
{
    if (!inited)
        init();
    if (fmt >= ORACLE_FMT_COUNT)
        fail("oracle_elem_round_sig: reserved format");
    mpfr_set_ui_2exp(v, (unsigned long)(sig >> 32), 32, MPFR_RNDN);
    mpfr_add_ui(v, v, (unsigned long)(sig & 0xFFFFFFFFu), MPFR_RNDN);
    mpfr_mul_2si(v, v, exp, MPFR_RNDN);
    if (sign)
        mpfr_neg(v, v, MPFR_RNDN);
    return elem_round_v(fmt, code, flags);
}

uint32_t oracle_accumulate(uint32_t c, int64_t sum, int exp, unsigned rm,
                           unsigned *flags)
{
    unsigned fl = 0;
    uint32_t d;
    uint64_t mag;
    static mpfr_t sv;
    static int sv_init;
    if (!inited)
        init();
    if (!sv_init) {
        mpfr_init2(sv, 64);
        sv_init = 1;
    }
    if (rm > RMM || is_f32_nan(c) || (c & 0x7FFFFFFFu) == 0x7F800000u || sum == 0)
        fail("oracle_accumulate: outside its domain");
    /* |sum| as an unsigned 64-bit magnitude (INT64_MIN included) */
    mag = sum < 0 ? (uint64_t)0 - (uint64_t)sum : (uint64_t)sum;
    mpfr_set_ui_2exp(sv, (unsigned long)(mag >> 32), 32, MPFR_RNDN);
    mpfr_add_ui(sv, sv, (unsigned long)(mag & 0xFFFFFFFFu), MPFR_RNDN);
    mpfr_mul_2si(sv, sv, exp, MPFR_RNDN);
    if (sum < 0)
        mpfr_neg(sv, sv, MPFR_RNDN);
    set_f32(cval, c);
    if (!mpfr_zero_p(cval)) {
        /* a term more than 300 binades below the other only acts as a
         * sticky bit: replace it by one of its sign 300 binades down (same
         * neighbours, never a midpoint), so that c + s stays exact in VPREC */
        mpfr_exp_t ec = mpfr_get_exp(cval), es = mpfr_get_exp(sv);
        if (es < ec - 300)
            mpfr_set_si_2exp(sv, mpfr_signbit(sv) ? -1 : 1, ec - 300, MPFR_RNDN);
        else if (ec < es - 300)
            mpfr_set_si_2exp(cval, mpfr_signbit(cval) ? -1 : 1, es - 300, MPFR_RNDN);
    }
    if (mpfr_add(v, cval, sv, MPFR_RNDN) != 0)
        fail("accumulate (wide)");
    if (mpfr_zero_p(v))
        d = rm == RDN ? 0x80000000u : 0u; /* non-zero terms cancelled */
    else
        d = round_f32(v, rm, &fl);
    if (flags)
        *flags |= fl;
    return d;
}
