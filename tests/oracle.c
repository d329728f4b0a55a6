/*
 * oracle.c - independent MPFR model of the MXFP8 block dot product.
 *
 * Method (deliberately unlike ref/, which uses fixed-point integers):
 *   1. every E4M3 code is decoded from the SPEC table into an MPFR number,
 *      and the 65,536 products are tabulated once (8 bits each, exact);
 *   2. the block sum is mpfr_sum of the k tabulated products into 64 bits
 *      (exact: |product| < 2^18 with its LSB at 2^-18, k <= 4096 -> < 2^48
 *      in units of 2^-18), then scaled by 2^(xa+xb-254) (exact);
 *   3. v = c + block in VPREC bits (exact: the terms span at most 2^-272 ..
 *      2^285), checked through the ternary value;
 *   4. v is rounded to 24 bits with an unbounded exponent (overflow and
 *      tininess, SPEC rule 4) and again to binary32 with subnormals (the
 *      delivered d): MPFR rounds in its wide range, then mpfr_check_range and
 *      mpfr_subnormalize apply the narrow one. RMM (ties away) is built from
 *      RNDZ and RNDA and an exact comparison with their midpoint.
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

static int inited;
static mpfr_t elem[256];          /* E4M3 values, NaN for the NaN codes */
static mpfr_t prod[65536];        /* prod[a << 8 | b] = a * b, exact */
static mpfr_ptr terms[ORACLE_K_MAX];
static mpfr_t blk;                /* exact block sum */
static mpfr_t cval;               /* the accumulator */
static mpfr_t v;                  /* exact c + block */
static mpfr_t mid;                /* RMM midpoint */
/* per format (F32, E4M3): unbounded and delivered roundings, RNDZ and RNDA */
static mpfr_t r_unb[2], r_del[2], r_z[2], r_a[2];
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

static void init(void)
{
    long sig, ex;
    unsigned i, j;

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
    for (i = 0; i < 2; i++)
        mpfr_inits2(i == 0 ? F32.prec : E4M3.prec, r_unb[i], r_del[i], r_z[i],
                    r_a[i], (mpfr_ptr)0);
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

/* SPEC rule 4 on the exact non-zero value x. */
static uint32_t round_f32(mpfr_srcptr x, unsigned rm, unsigned *flags)
{
    mpfr_ptr unb = r_unb[F32.id], del = r_del[F32.id];
    round_rm(unb, x, rm, &F32, 0);
    if (mpfr_get_exp(unb) > F32.emax) { /* |r| >= 2^128 */
        *flags |= ORACLE_OF | ORACLE_NX;
        return overflow_f32(mpfr_signbit(x) != 0, rm);
    }
    round_rm(del, x, rm, &F32, 1);
    if (mpfr_cmp(del, x) != 0) {
        *flags |= ORACLE_NX;
        if (mpfr_get_exp(unb) < F32.tiny_e) /* |r| < 2^-126 */
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
