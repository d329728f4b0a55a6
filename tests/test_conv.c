/*
 * test_conv.c - the reference's codes and conversions (ref/mxdot.h) against
 * values derived independently (tests/oracle.c and explicit formulas here):
 * every E4M3 and UE8M0 code, sampled binary32 patterns, binary32 -> E4M3
 * rounding under both overflow policies, the MX scale rules, quantize and
 * dequantize.
 *
 *   test_conv [--count N] [--seed S]
 *
 * N (default 1000000, or MX_TEST_COUNT) sizes the random sections. Ends with
 * "N passed, N failed"; stops after 10 errors (MX_TEST_MAX_ERRORS).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mxdot.h"
#include "oracle.h"
#include "testlib.h"

static uint32_t f32_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

static int f32_nan(uint32_t f) { return (f & 0x7FFFFFFFu) > 0x7F800000u; }

/* ---------------------------------------------------------------------- */

static void e4m3_codes(void)
{
    unsigned x;
    char what[80];
    for (x = 0; x < 256; x++) {
        double v = oracle_e4m3_value((uint8_t)x);
        unsigned e = (x >> 3) & 15u, m = x & 7u, sign = 0, want_class;
        uint32_t sig = 0, want_f32;
        int exp = 0, ok = mx_e4m3_decode((uint8_t)x, &sign, &sig, &exp);
        int nan = isnan(v);

        snprintf(what, sizeof what, "mx_e4m3_decode(%02X) return", x);
        tl_expect(what, (unsigned long)ok, (unsigned long)!nan);
        snprintf(what, sizeof what, "mx_e4m3_is_nan(%02X)", x);
        tl_expect(what, (unsigned long)(mx_e4m3_is_nan((uint8_t)x) != 0), (unsigned long)nan);
        snprintf(what, sizeof what, "mx_e4m3_sign/exp/frac(%02X)", x);
        tl_expect(what, mx_e4m3_sign((uint8_t)x) << 7 | mx_e4m3_exp((uint8_t)x) << 3 |
                        mx_e4m3_frac((uint8_t)x), x);
        if (!nan) {
            /* the header's canonical split: m at 2^-9, or 8+m at 2^(e-10) */
            snprintf(what, sizeof what, "mx_e4m3_decode(%02X) sign", x);
            tl_expect(what, sign, x >> 7);
            snprintf(what, sizeof what, "mx_e4m3_decode(%02X) sig", x);
            tl_expect(what, sig, e ? 8u + m : m);
            snprintf(what, sizeof what, "mx_e4m3_decode(%02X) exp", x);
            tl_expect(what, (unsigned long)(long)exp, (unsigned long)(long)(e ? (int)e - 10 : -9));
            snprintf(what, sizeof what, "mx_e4m3_decode(%02X) value", x);
            tl_expect(what, (sign ? -1 : 1) * ldexp((double)sig, exp) == v, 1);
        }
        want_class = nan ? MX_QNAN : v == 0 ? MX_ZERO : e == 0 ? MX_SUBNORMAL : MX_NORMAL;
        snprintf(what, sizeof what, "mx_e4m3_class(%02X)", x);
        tl_expect(what, (unsigned long)mx_e4m3_class((uint8_t)x), want_class);
        /* exact in binary32 (the host's float conversion of an exact double) */
        want_f32 = nan ? (MX_F32_QNAN | (uint32_t)(x >> 7) << 31) : f32_bits((float)v);
        snprintf(what, sizeof what, "mx_e4m3_to_f32(%02X)", x);
        tl_expect(what, mx_e4m3_to_f32((uint8_t)x), want_f32);
    }
}

static void ue8m0_codes(void)
{
    unsigned x, fl;
    char what[80];
    for (x = 0; x < 256; x++) {
        double v = oracle_ue8m0_value((uint8_t)x);
        uint32_t want;
        fl = 0;
        want = isnan(v) ? MX_F32_QNAN : oracle_f32_from_double(v, &fl);
        snprintf(what, sizeof what, "mx_ue8m0_to_f32(%02X)", x);
        tl_expect(what, mx_ue8m0_to_f32((uint8_t)x), want);
        snprintf(what, sizeof what, "mx_ue8m0_to_f32(%02X) exact", x);
        tl_expect(what, fl, 0);
        snprintf(what, sizeof what, "mx_ue8m0_is_nan(%02X)", x);
        tl_expect(what, (unsigned long)(mx_ue8m0_is_nan((uint8_t)x) != 0), (unsigned long)(x == 0xFF));
        if (x != 0xFF) {
            snprintf(what, sizeof what, "mx_ue8m0_exp(%02X)", x);
            tl_expect(what, (unsigned long)(long)mx_ue8m0_exp((uint8_t)x), (unsigned long)(long)((int)x - 127));
        }
    }
    tl_expect("mx_ue8m0_to_f32(00) is 2^-127", mx_ue8m0_to_f32(0), 0x00400000u);
}

/* binary32 patterns: specials, the neighbours of the class edges, then n
 * patterns evenly spread over all 2^32 (each moved by a random amount
 * within its stride). */
static uint32_t f32_sample(tl_rng *r, unsigned long i, unsigned long n)
{
    static const uint32_t edge[] = {
        0x00000000, 0x00000001, 0x00000002, 0x003FFFFF, 0x00400000, 0x007FFFFE,
        0x007FFFFF, 0x00800000, 0x00800001, 0x3F800000, 0x7F7FFFFF, 0x7F800000,
        0x7F800001, 0x7FBFFFFF, 0x7FC00000, 0x7FC00001, 0x7FFFFFFF,
    };
    const unsigned long ne = sizeof edge / sizeof edge[0];
    uint64_t stride = ((uint64_t)1 << 32) / (n ? n : 1) + 1;
    if (i < 2 * ne)
        return edge[i / 2] | (uint32_t)(i & 1) << 31;
    i -= 2 * ne;
    return (uint32_t)((uint64_t)i * stride + tl_rng_next(r) % stride);
}

static void f32_codes(tl_rng *r, unsigned long n)
{
    unsigned long i;
    char what[80];
    for (i = 0; i < n; i++) {
        uint32_t f = f32_sample(r, i, n), sig = 0;
        unsigned e = (f >> 23) & 0xFFu, sign = 0, want;
        int exp = 0, ok = mx_f32_decode(f, &sign, &sig, &exp);
        int nan = e == 255 && (f & 0x7FFFFFu), inf = e == 255 && !nan;
        int snan = nan && !(f & 0x400000u);
        want = nan ? (snan ? MX_SNAN : MX_QNAN) : inf ? MX_INF
             : (f & 0x7FFFFFFFu) == 0 ? MX_ZERO : e == 0 ? MX_SUBNORMAL : MX_NORMAL;
        snprintf(what, sizeof what, "mx_f32_class(%08lX)", (unsigned long)f);
        if (!tl_expect(what, (unsigned long)mx_f32_class(f), want))
            continue;
        snprintf(what, sizeof what, "mx_f32_is_nan/snan/inf(%08lX)", (unsigned long)f);
        tl_expect(what, (unsigned long)((mx_f32_is_nan(f) != 0) << 2 | (mx_f32_is_snan(f) != 0) << 1 |
                                        (mx_f32_is_inf(f) != 0)),
                  (unsigned long)(nan << 2 | snan << 1 | inf));
        snprintf(what, sizeof what, "mx_f32_decode(%08lX) return", (unsigned long)f);
        tl_expect(what, (unsigned long)ok, (unsigned long)(!nan && !inf));
        if (ok) {
            double v = oracle_f32_value(f);
            snprintf(what, sizeof what, "mx_f32_decode(%08lX) value", (unsigned long)f);
            tl_expect(what, sig < (1u << 24) && sign == f >> 31 &&
                            (sign ? -1 : 1) * ldexp((double)sig, exp) == v &&
                            (sig != 0 || signbit(v) == (int)sign), 1);
        }
    }
}

/* ---------------------------------------------------------------------- */
/* binary32 -> E4M3                                                        */

static void to_e4m3_one(uint32_t f)
{
    int pol;
    for (pol = 0; pol < 2; pol++) {
        unsigned gf = 0, ef = 0;
        enum mx_overflow ovf = pol ? MX_NAN_ON_OVERFLOW : MX_SATURATE;
        uint8_t g = mx_f32_to_e4m3(f, ovf, &gf), e;
        if (f32_nan(f)) {
            /* NaN keeps its sign; a signaling NaN raises NV */
            e = (uint8_t)(0x7Fu | (f >> 24 & 0x80u));
            ef = (f & 0x400000u) ? 0 : MX_FLAG_NV;
        } else {
            e = oracle_e4m3_from_double(oracle_f32_value(f), !pol, &ef);
        }
        if (g == e && gf == ef)
            tl_pass();
        else
            tl_fail("mx_f32_to_e4m3(%08lX, %s): observed %02X flags %02X, expected %02X flags %02X",
                    (unsigned long)f, pol ? "NAN_ON_OVERFLOW" : "SATURATE", g, gf, e, ef);
    }
}

static void to_e4m3(tl_rng *r, unsigned long n)
{
    unsigned long i;
    unsigned x;
    int d;
    /* every E4M3 value, every midpoint between neighbours (and beyond 448:
     * 464 is the tie to 448/480, 480 and 512 overflow), and their binary32
     * neighbours up to 3 ulps away, both signs */
    for (x = 0; x < 0x7F; x++) {
        double lo = oracle_e4m3_value((uint8_t)x);
        double hi = x == 0x7E ? 480.0 : oracle_e4m3_value((uint8_t)(x + 1));
        double pts[3];
        int p;
        pts[0] = lo;
        pts[1] = (lo + hi) / 2;
        pts[2] = x == 0x7E ? 512.0 : hi;
        for (p = 0; p < 3; p++) {
            uint32_t c = f32_bits((float)pts[p]);
            for (d = -3; d <= 3; d++) {
                to_e4m3_one(c + (uint32_t)d);
                to_e4m3_one((c + (uint32_t)d) | 0x80000000u);
            }
        }
    }
    /* every sign, exponent and top 6 fraction bits (every rounding position
     * E4M3 can have, normal or subnormal) with low bits that make the
     * discarded part zero, tiny, just below, at and just above half, or full */
    for (i = 0; i < 2u * 256u * 64u; i++) {
        static const uint32_t low[] = { 0, 1, 0xFFFF, 0x10000, 0x10001, 0x1FFFF };
        for (x = 0; x < 6; x++)
            to_e4m3_one((uint32_t)i << 17 | low[x]);
    }
    for (i = 0; i < n; i++)
        to_e4m3_one(f32_sample(r, i, n));
}

/* ---------------------------------------------------------------------- */
/* Scale rules, quantize, dequantize                                       */

static int exp_of(double x)
{
    int e;
    frexp(x, &e);
    return e - 1;
}

/* The OCP rule written out: FLOOR floor(log2(amax)) - 8; CEIL the least x
 * with amax / 2^x <= 448; both clamped to 2^-127 .. 2^127. */
static uint8_t want_scale(uint32_t amax_bits, int ceil_policy)
{
    double amax = fabs(oracle_f32_value(amax_bits & 0x7FFFFFFFu));
    int x;
    if (isnan(amax) || isinf(amax))
        return 0xFF;
    if (amax == 0)
        return 0x00;
    x = exp_of(amax) - 8;
    if (ceil_policy) {
        while (ldexp(amax, -x) > 448.0)
            x++;
        while (ldexp(amax, -(x - 1)) <= 448.0)
            x--;
    }
    x = x < -127 ? -127 : x > 127 ? 127 : x;
    return (uint8_t)(x + 127);
}

static void scale_rule(tl_rng *r, unsigned long n)
{
    unsigned long i;
    for (i = 0; i < n; i++) {
        uint32_t a = f32_sample(r, i, n);
        int pol;
        if (i % 4 == 1) /* around 448 * 2^k, where CEIL changes its mind */
            a = (f32_bits(448.0f) + (uint32_t)tl_rng_below(r, 5) - 2 +
                 ((uint32_t)tl_rng_below(r, 250) << 23)) - (126u << 23);
        for (pol = 0; pol < 2; pol++) {
            uint8_t g = mx_scale_for_amax(a, pol ? MX_SCALE_CEIL : MX_SCALE_FLOOR);
            uint8_t e = want_scale(a, pol);
            if (g == e)
                tl_pass();
            else
                tl_fail("mx_scale_for_amax(%08lX, %s): observed %02X, expected %02X",
                        (unsigned long)a, pol ? "CEIL" : "FLOOR", g, e);
        }
    }
}

/* Random data shaped like real tensors: a block exponent, per-element
 * spread, zeros, subnormals, and now and then NaN or Inf. */
static uint32_t data_value(tl_rng *r, int base)
{
    uint32_t w = tl_rng_below(r, 100);
    int e = base + (int)tl_rng_below(r, 20) - 10;
    if (w == 0)
        return tl_rng_below(r, 2) ? 0x7FC00000u : 0x7F800000u | (uint32_t)(tl_rng_next(r) & 0x80000000u);
    if (w < 8)
        return (uint32_t)(tl_rng_next(r) & 0x80000000u);
    if (w < 12)
        return (uint32_t)(tl_rng_next(r) & 0x807FFFFFu);
    e = e < 1 ? 1 : e > 254 ? 254 : e;
    return (uint32_t)(tl_rng_next(r) & 0x807FFFFFu) | (uint32_t)e << 23;
}

static void quantize(tl_rng *r, unsigned long nblocks)
{
    enum { N = 100 };
    static uint32_t x[N], y[N];
    static uint8_t el[N], sc[(N + 31) / 32];
    unsigned long it;
    for (it = 0; it < nblocks; it++) {
        size_t n = 1 + tl_rng_below(r, N), i, j;
        int pol = (int)(it & 1), sat = (int)(it >> 1 & 1), base, clean = (int)(it % 5 == 0);
        unsigned gf = 0, ef = 0, df = 0, dwant = 0;
        unsigned long failed_before = tl_failed();
        base = it % 7 == 0 ? (int)tl_rng_below(r, 256) : 100 + (int)tl_rng_below(r, 55);
        for (i = 0; i < n; i++)
            x[i] = data_value(r, base);
        if (clean) {
            /* representable data: amax = 448 * 2^t, the rest E4M3 codes
             * times 2^t: both rules pick x = t, the round trip is exact */
            int t = (int)tl_rng_below(r, 200) - 100;
            for (i = 0; i < n; i++) {
                uint8_t c = (uint8_t)tl_rng_next(r);
                if ((c & 0x7Fu) == 0x7Fu)
                    c = 0x7Eu;
                x[i] = f32_bits((float)ldexp(oracle_e4m3_value(c), t));
            }
            for (j = 0; j < n; j += 32)
                x[j] = f32_bits((float)ldexp(448.0, t)) | (uint32_t)(tl_rng_next(r) & 0x80000000u);
        }
        mx_quantize(n, x, el, sc, pol ? MX_SCALE_CEIL : MX_SCALE_FLOOR,
                    sat ? MX_SATURATE : MX_NAN_ON_OVERFLOW, &gf);
        for (j = 0; j < (n + 31) / 32; j++) {
            uint32_t amax = 0;
            int special = 0;
            uint8_t s;
            for (i = j * 32; i < n && i < j * 32 + 32; i++) {
                uint32_t m = x[i] & 0x7FFFFFFFu;
                special |= m >= 0x7F800000u;
                if (m > amax && m < 0x7F800000u)
                    amax = m;
            }
            s = special ? 0xFF : want_scale(amax, pol);
            if (!tl_expect("mx_quantize scale", sc[j], s))
                break;
            if (special) { /* docs/arith.md: NaN scale and NaN elements */
                for (i = j * 32; i < n && i < j * 32 + 32; i++)
                    if (!tl_expect("mx_quantize NaN element of a NaN/Inf block",
                                   (unsigned long)((el[i] & 0x7Fu) == 0x7Fu), 1))
                        break;
                continue;
            }
            for (i = j * 32; i < n && i < j * 32 + 32; i++) {
                /* the exact quotient rounded once to E4M3 */
                double q = ldexp(oracle_f32_value(x[i]), 127 - (int)s);
                uint8_t e = oracle_e4m3_from_double(q, sat, &ef);
                double back = ldexp(oracle_e4m3_value(e), (int)s - 127);
                uint32_t want_y = isnan(back) ? MX_F32_QNAN : oracle_f32_from_double(back, &dwant);
                if (el[i] != e) {
                    tl_fail("mx_quantize(%s, %s) element %lu of %08lX (scale %02X): observed %02X, expected %02X",
                            pol ? "CEIL" : "FLOOR", sat ? "SATURATE" : "NAN_ON_OVERFLOW",
                            (unsigned long)i, (unsigned long)x[i], s, el[i], e);
                    break;
                }
                tl_pass();
                y[i] = want_y;
                if (clean)
                    tl_expect("exact round trip", want_y, x[i]);
            }
        }
        if (tl_failed() != failed_before)
            continue;
        /* flags: the OR of the element conversions (clean blocks: none) */
        if (!memchr(sc, 0xFF, (n + 31) / 32)) {
            tl_expect("mx_quantize flags", gf, ef);
            if (clean)
                tl_expect("mx_quantize flags of representable data", gf, 0);
            mx_dequantize(n, el, sc, x, &df);
            for (i = 0; i < n; i++)
                if (!tl_expect("mx_dequantize(mx_quantize(x))", x[i], y[i]))
                    break;
            tl_expect("mx_dequantize flags", df, dwant);
        }
    }
}

static void dequantize(tl_rng *r, unsigned long n)
{
    unsigned long i;
    for (i = 0; i < n; i++) {
        uint8_t e = (uint8_t)tl_rng_next(r), s = (uint8_t)tl_rng_next(r);
        uint32_t g = 0, want;
        unsigned gf = 0, ef = 0;
        double v;
        if (i < 65536) { /* every (element, scale) pair first */
            e = (uint8_t)i;
            s = (uint8_t)(i >> 8);
        }
        v = s == 0xFF ? NAN : ldexp(oracle_e4m3_value(e), (int)s - 127);
        want = isnan(v) ? MX_F32_QNAN : oracle_f32_from_double(v, &ef);
        mx_dequantize(1, &e, &s, &g, &gf);
        if (g == want && gf == ef)
            tl_pass();
        else
            tl_fail("mx_dequantize(element %02X, scale %02X): observed %08lX flags %02X, expected %08lX flags %02X",
                    e, s, (unsigned long)g, gf, (unsigned long)want, ef);
    }
}

/* ---------------------------------------------------------------------- */
/* Every element format: binary32 -> element, element round-pack, scale    */
/* policies, quantize / dequantize with any group size (issue 8)           */

#define NFMT ORACLE_FMT_COUNT
/* precision p (significant bits) of each format, from SPEC section 1's
 * layouts (mantissa bits + 1; INT8: 7 bits of magnitude for 127) */
static const int prec_of[NFMT] = { 4, 3, 3, 4, 2, 7 };

static const char *pol_name(int ovf) { return ovf ? "NAN_ON_OVERFLOW" : "SATURATE"; }

/* The code of value x in format fmt (x a value of the format), by search. */
static uint8_t code_of(unsigned fmt, double x)
{
    unsigned n, codes = 1u << oracle_fmt_width(fmt);
    for (n = 0; n < codes; n++) {
        double v = oracle_elem_value(fmt, (uint8_t)n);
        if (v == x && (x != 0 || signbit(v) == signbit(x)))
            return (uint8_t)n;
    }
    return code_of(fmt, 0.0); /* INT8 has no -0 */
}

/* What an overflow gives under each policy (mxdot.h): saturate to the
 * largest finite of the sign (INT8: 127/64 or -2); NAN_ON_OVERFLOW: E4M3 its
 * NaN of the sign, E5M2 the infinity of the sign, the others saturate. */
static uint8_t overflow_code(unsigned fmt, int neg, int ovf)
{
    if (ovf && fmt == ORACLE_FMT_E4M3)
        return (uint8_t)(neg ? 0xFF : 0x7F);
    if (ovf && fmt == ORACLE_FMT_E5M2)
        return code_of(fmt, neg ? -INFINITY : INFINITY);
    return code_of(fmt, neg ? (fmt == ORACLE_FMT_INT8 ? -2.0 : -oracle_fmt_max(fmt))
                            : oracle_fmt_max_pos(fmt));
}

/* binary32 -> element per mxdot.h's policy, from the oracle's rounding. */
static uint8_t want_to_elem(unsigned fmt, uint32_t f, int ovf, unsigned *flags)
{
    int neg = (int)(f >> 31);
    uint8_t code;
    if (fmt >= NFMT) {
        *flags |= MX_FLAG_NV;
        return 0;
    }
    if (f32_nan(f)) {
        if (!(f & 0x400000u)) /* signaling */
            *flags |= MX_FLAG_NV;
        if (fmt == ORACLE_FMT_E4M3)
            return (uint8_t)(neg ? 0xFF : 0x7F);
        if (fmt == ORACLE_FMT_E5M2)
            return (uint8_t)(neg ? 0xFE : 0x7E);
        *flags |= MX_FLAG_NV; /* no NaN in the format */
        return 0;
    }
    if ((f & 0x7FFFFFFFu) == 0x7F800000u) {
        if (fmt == ORACLE_FMT_E5M2) /* kept, exact */
            return code_of(fmt, neg ? -INFINITY : INFINITY);
        *flags |= MX_FLAG_OF | MX_FLAG_NX;
        return overflow_code(fmt, neg, ovf);
    }
    if (!oracle_elem_round(fmt, oracle_f32_value(f), &code, flags)) {
        *flags |= MX_FLAG_OF | MX_FLAG_NX;
        return overflow_code(fmt, neg, ovf);
    }
    return code;
}

static void to_elem_one(unsigned fmt, uint32_t f)
{
    int ovf;
    for (ovf = 0; ovf < 2; ovf++) {
        unsigned gf = MX_FLAG_DZ, ef = MX_FLAG_DZ; /* flags are ORed in */
        uint8_t g = mx_f32_to_elem(fmt, f, ovf ? MX_NAN_ON_OVERFLOW : MX_SATURATE, &gf);
        uint8_t e = want_to_elem(fmt, f, ovf, &ef);
        if (g == e && gf == ef)
            tl_pass();
        else
            tl_fail("mx_f32_to_elem(%s, %08lX, %s): observed %02X flags %02X, expected %02X flags %02X",
                    fmt < NFMT ? oracle_fmt_name(fmt) : "reserved", (unsigned long)f,
                    pol_name(ovf), g, gf & ~MX_FLAG_DZ, e, ef & ~MX_FLAG_DZ);
        if (fmt == ORACLE_FMT_E4M3) {
            unsigned hf = 0;
            tl_expect("mx_f32_to_e4m3 is mx_f32_to_elem(E4M3)",
                      mx_f32_to_e4m3(f, ovf ? MX_NAN_ON_OVERFLOW : MX_SATURATE, &hf), g);
        }
    }
}

static void to_elem(tl_rng *r, unsigned long n)
{
    unsigned fmt, x;
    unsigned long i;
    int d, j, e;
    for (fmt = 0; fmt < 8; fmt++) {
        unsigned codes = fmt < NFMT ? 1u << oracle_fmt_width(fmt) : 0u;
        /* every value of the format, the midpoints to its neighbours (and
         * beyond the largest: the overflow threshold and the next value of
         * an unbounded exponent), and binary32 neighbours up to 3 ulps away */
        for (x = 0; x < codes; x++) {
            double lo = oracle_elem_value(fmt, (uint8_t)x), hi = INFINITY, pts[3];
            unsigned y;
            int p;
            if (!isfinite(lo) || lo < 0 || (lo == 0 && signbit(lo)))
                continue;
            for (y = 0; y < codes; y++) { /* the next larger value */
                double w = oracle_elem_value(fmt, (uint8_t)y);
                if (isfinite(w) && w > lo && w < hi)
                    hi = w;
            }
            if (isinf(hi)) /* past the largest: the next binade step */
                hi = lo + (lo - oracle_elem_value(fmt, code_of(fmt, lo) - 1u));
            pts[0] = lo;
            pts[1] = (lo + hi) / 2;
            pts[2] = hi;
            for (p = 0; p < 3; p++) {
                uint32_t c = f32_bits((float)pts[p]);
                for (d = -3; d <= 3; d++) {
                    if (c == 0 && d < 0)
                        continue;
                    to_elem_one(fmt, c + (uint32_t)d);
                    to_elem_one(fmt, (c + (uint32_t)d) | 0x80000000u);
                }
            }
        }
        /* structured: every sign and exponent with fractions that put a
         * tie, a value just off it, or a sticky bit at every bit position */
        for (e = 0; e < 256; e++)
            for (j = 0; j < 23; j++) {
                static const int nsh = 6;
                uint32_t bit = 1u << j, fr[6];
                int k2;
                fr[0] = bit;
                fr[1] = bit | 1u;
                fr[2] = bit - 1u;
                fr[3] = (bit << 1 | bit) & 0x7FFFFFu;
                fr[4] = ~(bit - 1u) & 0x7FFFFFu;
                fr[5] = (0x7FFFFFu >> j) | bit;
                for (k2 = 0; k2 < nsh; k2++) {
                    uint32_t f = (uint32_t)e << 23 | (fr[k2] & 0x7FFFFFu);
                    to_elem_one(fmt, f);
                    to_elem_one(fmt, f | 0x80000000u);
                }
            }
        for (i = 0; i < n / 8; i++)
            to_elem_one(fmt, f32_sample(r, i, n / 8));
    }
}

/* element -> binary32 -> element is the identity (no flags) */
static void round_trip(void)
{
    unsigned fmt, x;
    char what[96];
    for (fmt = 0; fmt < NFMT; fmt++)
        for (x = 0; x < (1u << oracle_fmt_width(fmt)); x++) {
            unsigned fl = 0;
            double v = oracle_elem_value(fmt, (uint8_t)x);
            uint8_t back = mx_f32_to_elem(fmt, mx_elem_to_f32(fmt, (uint8_t)x), MX_SATURATE, &fl);
            snprintf(what, sizeof what, "%s %02X -> binary32 -> %s", oracle_fmt_name(fmt), x,
                     oracle_fmt_name(fmt));
            if (isnan(v)) /* the canonical NaN of the format, sign kept */
                tl_expect(what, back, (unsigned long)(fmt == 0 ? (x & 0x80u) | 0x7Fu : (x & 0x80u) | 0x7Eu));
            else
                tl_expect(what, (unsigned long)back << 8 | fl, (unsigned long)x << 8);
        }
}

/* mx_elem_round_pack: (-1)^sign sig 2^exp, any sig and int exp */
static void elem_round_pack(tl_rng *r, unsigned long n)
{
    unsigned long i;
    for (i = 0; i < n; i++) {
        unsigned fmt = (unsigned)(i % NFMT), sign = (unsigned)(tl_rng_next(r) & 1u);
        unsigned width = 1 + tl_rng_below(r, 64), gf = MX_FLAG_DZ, ef = MX_FLAG_DZ;
        int ovf = (int)(tl_rng_next(r) & 1u), exp;
        uint64_t sig = tl_rng_next(r);
        uint8_t g, e;
        if (width < 64)
            sig &= ((uint64_t)1 << width) - 1;
        if (tl_rng_below(r, 4) == 0) /* near a power of two: carries */
            sig = ((uint64_t)1 << (width - 1)) + tl_rng_below(r, 5) - 2;
        if (tl_rng_below(r, 3) == 0) /* ties: an odd number of half units */
            sig = (sig | 1u) << tl_rng_below(r, 8);
        if (i % 499 == 0)
            sig = 0;
        /* exponents around the format's range, or anywhere in int */
        exp = -(int)width + (int)tl_rng_below(r, 48) - 24;
        if (i % 7 == 0)
            exp = (int)(uint32_t)tl_rng_next(r);
        if (i % 11 == 0)
            exp = tl_rng_below(r, 2) ? INT_MAX - (int)tl_rng_below(r, 64)
                                     : INT_MIN + (int)tl_rng_below(r, 64);
        g = mx_elem_round_pack(fmt, sign, sig, exp, ovf ? MX_NAN_ON_OVERFLOW : MX_SATURATE, &gf);
        if (!oracle_elem_round_sig(fmt, sign, sig, exp, &e, &ef)) {
            ef |= MX_FLAG_OF | MX_FLAG_NX;
            e = overflow_code(fmt, (int)sign, ovf);
        }
        if (g == e && gf == ef)
            tl_pass();
        else
            tl_fail("mx_elem_round_pack(%s, sign %u, sig 0x%llX, exp %d, %s): observed %02X "
                    "flags %02X, expected %02X flags %02X", oracle_fmt_name(fmt), sign,
                    (unsigned long long)sig, exp, pol_name(ovf), g, gf & ~MX_FLAG_DZ, e,
                    ef & ~MX_FLAG_DZ);
    }
    {
        unsigned f = 0;
        tl_expect("mx_elem_round_pack reserved fmt", (unsigned long)mx_elem_round_pack(6, 0, 1, 0, MX_SATURATE, &f) << 8 | f, MX_FLAG_NV);
    }
}

/* The scale policies written from their definitions in mxdot.h (with the
 * format's largest positive value maxpos = M * 2^emax and precision p):
 *   FLOOR      floor(log2(amax)) - emax
 *   CEIL       the least X with amax / 2^X <= maxpos (searched)
 *   EVEN       floor(log2(amax rounded to p bits, ties away)) - emax
 *   CEIL_LOG2  ceil(log2(amax)) - emax
 * clamped to -127..127; zero: 0x00; Inf, NaN, unknown policy or reserved
 * format: 0xFF. */
static uint8_t want_scale_fmt(unsigned fmt, uint32_t amax_bits, unsigned policy)
{
    double amax = fabs(oracle_f32_value(amax_bits & 0x7FFFFFFFu)), maxpos;
    int x, emax;
    if (fmt >= NFMT || policy > 3 || isnan(amax) || isinf(amax))
        return 0xFF;
    if (amax == 0)
        return 0x00;
    maxpos = oracle_fmt_max_pos(fmt);
    emax = exp_of(maxpos);
    switch (policy) {
    case 0:
        x = exp_of(amax) - emax;
        break;
    case 1:
        x = exp_of(amax) - emax - 2;
        while (ldexp(amax, -x) > maxpos)
            x++;
        break;
    case 2: {
        /* amax = m 2^e; m scaled to p bits: an integer part and a fraction */
        int e = exp_of(amax);
        double m = ldexp(amax, prec_of[fmt] - 1 - e), ip = floor(m);
        if (m - ip >= 0.5)
            ip += 1;
        x = exp_of(ldexp(ip, e - (prec_of[fmt] - 1))) - emax;
        break;
    }
    default: {
        int t = exp_of(amax);
        if (ldexp(1.0, t) < amax)
            t++;
        x = t - emax;
        break;
    }
    }
    x = x < -127 ? -127 : x > 127 ? 127 : x;
    return (uint8_t)(x + 127);
}

static void scale_policies(tl_rng *r, unsigned long n)
{
    unsigned fmt, pol;
    unsigned long i;
    for (fmt = 0; fmt < 8; fmt++) {
        double maxpos = fmt < NFMT ? oracle_fmt_max_pos(fmt) : 448.0;
        for (i = 0; i < n; i++) {
            uint32_t a = f32_sample(r, i, n);
            if (i % 3 == 1) { /* maxpos, 2 - 2^-p, 1 and 2 times 2^k, +-2 ulps */
                static const double near_m[4] = { 0, 0, 1.0, 2.0 };
                double m = i % 4 == 0 ? maxpos / ldexp(1.0, exp_of(maxpos))
                         : i % 4 == 1 ? 2.0 - ldexp(1.0, -(fmt < NFMT ? prec_of[fmt] : 4))
                         : near_m[i % 4];
                a = f32_bits((float)m) + (uint32_t)tl_rng_below(r, 5) - 2u;
                a = (a & 0x807FFFFFu) | ((uint32_t)tl_rng_below(r, 254) + 1u) << 23;
                a |= (uint32_t)(tl_rng_next(r) & 0x80000000u);
            }
            for (pol = 0; pol < 6; pol++) {
                uint8_t g = mx_scale_for_amax_fmt(fmt, a, (enum mx_scale_policy)pol);
                uint8_t e = want_scale_fmt(fmt, a, pol);
                if (g == e)
                    tl_pass();
                else
                    tl_fail("mx_scale_for_amax_fmt(%s, %08lX, policy %u): observed %02X, expected %02X",
                            fmt < NFMT ? oracle_fmt_name(fmt) : "reserved", (unsigned long)a, pol, g, e);
                if (fmt == 0 && pol < 4)
                    tl_expect("mx_scale_for_amax is the E4M3 case",
                              mx_scale_for_amax(a, (enum mx_scale_policy)pol), g);
            }
        }
    }
}

/* Quantize n values of format fmt in groups of `group`, every policy, and
 * check scales, elements, flags against the definitions; dequantize back. */
static void quantize_fmt_one(tl_rng *r, unsigned fmt, size_t n, size_t group,
                             unsigned pol, int ovf, int clean)
{
    enum { NMAX = 600 };
    static uint32_t x[NMAX], y[NMAX], yq[NMAX];
    static uint8_t el[NMAX], sc[NMAX];
    size_t i, j, ng = (n + group - 1) / group;
    unsigned gf = MX_FLAG_DZ, ef = MX_FLAG_DZ, df = 0, dwant = 0;
    int base = (int)tl_rng_below(r, 2) ? (int)tl_rng_below(r, 256) : 110 + (int)tl_rng_below(r, 35);
    int special_any = 0;
    char what[160];

    for (i = 0; i < n; i++)
        x[i] = data_value(r, base);
    if (clean) {
        /* representable data: codes of fmt times 2^t, every group holding
         * its largest value: FLOOR, CEIL and EVEN all choose t, and the round
         * trip is exact */
        int t = (int)tl_rng_below(r, 200) - 100;
        unsigned codes = 1u << oracle_fmt_width(fmt);
        for (i = 0; i < n; i++) {
            double v;
            /* (INT8's -2 is left out: its magnitude is above the largest
             * positive value, so a group holding it scales by one more) */
            do
                v = oracle_elem_value(fmt, (uint8_t)tl_rng_below(r, codes));
            while (!isfinite(v) || fabs(v) > oracle_fmt_max_pos(fmt));
            x[i] = f32_bits((float)ldexp(v, t));
        }
        for (j = 0; j < n; j += group)
            x[j] = f32_bits((float)ldexp(oracle_fmt_max_pos(fmt), t));
    }
    memset(el, 0xEE, sizeof el);
    mx_quantize_fmt(fmt, n, group, x, el, sc, (enum mx_scale_policy)pol,
                    ovf ? MX_NAN_ON_OVERFLOW : MX_SATURATE, &gf);
    for (j = 0; j < ng; j++) {
        uint32_t amax = 0;
        int special = 0;
        uint8_t s;
        size_t end = (j + 1) * group < n ? (j + 1) * group : n;
        for (i = j * group; i < end; i++) {
            uint32_t m = x[i] & 0x7FFFFFFFu;
            special |= m >= 0x7F800000u;
            if (m > amax && m < 0x7F800000u)
                amax = m;
        }
        special_any |= special;
        s = special ? 0xFF : want_scale_fmt(fmt, amax, pol);
        snprintf(what, sizeof what, "mx_quantize_fmt(%s, n %lu, group %lu, policy %u) scale of group %lu",
                 oracle_fmt_name(fmt), (unsigned long)n, (unsigned long)group, pol, (unsigned long)j);
        if (!tl_expect(what, sc[j], s))
            return;
        for (i = j * group; i < end; i++) {
            uint8_t e;
            if (special) { /* the format's NaN, or 0 without one */
                e = fmt == ORACLE_FMT_E4M3 ? 0x7F : fmt == ORACLE_FMT_E5M2 ? 0x7E : 0x00;
            } else if (!oracle_elem_round(fmt, ldexp(oracle_f32_value(x[i]), 127 - (int)s), &e, &ef)) {
                ef |= MX_FLAG_OF | MX_FLAG_NX;
                e = overflow_code(fmt, (int)(x[i] >> 31), ovf);
            }
            if (el[i] != e) {
                tl_fail("mx_quantize_fmt(%s, group %lu, policy %u, %s) element %lu of %08lX "
                        "(scale %02X): observed %02X, expected %02X", oracle_fmt_name(fmt),
                        (unsigned long)group, pol, pol_name(ovf), (unsigned long)i,
                        (unsigned long)x[i], s, el[i], e);
                return;
            }
            tl_pass();
            /* what dequantize must give: the element times the scale */
            {
                double back = s == 0xFF ? NAN : ldexp(oracle_elem_value(fmt, e), (int)s - 127);
                yq[i] = isnan(back) ? MX_F32_QNAN
                      : isinf(back) ? (back < 0 ? 0xFF800000u : 0x7F800000u)
                      : back == 0 ? (signbit(back) ? 0x80000000u : 0u)
                      : oracle_f32_from_double(back, &dwant);
            }
        }
    }
    if (!special_any) {
        snprintf(what, sizeof what, "mx_quantize_fmt(%s, group %lu, policy %u, %s) flags",
                 oracle_fmt_name(fmt), (unsigned long)group, pol, pol_name(ovf));
        tl_expect(what, gf, ef);
    }
    if (clean && pol <= 2) {
        snprintf(what, sizeof what, "mx_quantize_fmt(%s, policy %u) of representable data: no flag",
                 oracle_fmt_name(fmt), pol);
        tl_expect(what, gf, MX_FLAG_DZ);
    }
    mx_dequantize_fmt(fmt, n, group, el, sc, y, &df);
    for (i = 0; i < n; i++) {
        snprintf(what, sizeof what, "mx_dequantize_fmt(%s, group %lu) element %lu (code %02X, scale %02X)",
                 oracle_fmt_name(fmt), (unsigned long)group, (unsigned long)i, el[i], sc[i / group]);
        if (!tl_expect(what, y[i], yq[i]))
            return;
        if (clean && pol <= 2 && !tl_expect("exact round trip of representable data", y[i], x[i]))
            return;
    }
    tl_expect("mx_dequantize_fmt flags", df, dwant);
}

static void quantize_fmt(tl_rng *r, unsigned long iters)
{
    static const size_t groups[] = { 1, 2, 3, 7, 16, 31, 32, 33, 64, 100, 128, 257 };
    unsigned long it;
    for (it = 0; it < iters; it++) {
        unsigned fmt = (unsigned)(it % NFMT), pol = (unsigned)(it / NFMT % 4);
        size_t group = groups[it / 24 % (sizeof groups / sizeof groups[0])];
        size_t n = 1 + tl_rng_below(r, group < 100 ? (uint32_t)group * 5 : 600);
        quantize_fmt_one(r, fmt, n, group, pol, (int)(it & 1), it % 5 == 0);
    }
}

/* Every (element, scale) pair of every format back to binary32. */
static void dequantize_fmt(void)
{
    unsigned fmt, e, s;
    for (fmt = 0; fmt < NFMT; fmt++)
        for (e = 0; e < 256; e++)
            for (s = 0; s < 256; s++) {
                uint8_t ec = (uint8_t)e, scode = (uint8_t)s;
                uint32_t g = 0, want;
                unsigned gf = 0, ef = 0;
                double v = s == 0xFF ? NAN : ldexp(oracle_elem_value(fmt, ec), (int)s - 127);
                want = isnan(v) ? MX_F32_QNAN : isinf(v) ? (v < 0 ? 0xFF800000u : 0x7F800000u)
                     : v == 0 ? (signbit(v) ? 0x80000000u : 0u) : oracle_f32_from_double(v, &ef);
                mx_dequantize_fmt(fmt, 1, 1, &ec, &scode, &g, &gf);
                if (g == want && gf == ef)
                    tl_pass();
                else
                    tl_fail("mx_dequantize_fmt(%s, element %02X, scale %02X): observed %08lX flags "
                            "%02X, expected %08lX flags %02X", oracle_fmt_name(fmt), e, s,
                            (unsigned long)g, gf, (unsigned long)want, ef);
            }
}

int main(int argc, char **argv)
{
    unsigned long n = tl_arg_count(argc, argv, 1000000);
    tl_rng r;
    tl_rng_seed(&r, tl_arg_seed(argc, argv, 1) ^ 0xC0u);
    printf("test_conv: count %lu\n", n);
    tl_section("E4M3 codes: decode, class, to binary32 (all 256)");
    e4m3_codes();
    tl_section("UE8M0 codes: to binary32 (all 256)");
    ue8m0_codes();
    tl_section("binary32 class and decode (sampled)");
    f32_codes(&r, n + 64);
    tl_section("binary32 -> E4M3, both overflow policies (midpoints, structured, sampled)");
    to_e4m3(&r, n + 64);
    tl_section("mx_scale_for_amax, FLOOR and CEIL");
    scale_rule(&r, n / 4 + 64);
    tl_section("mx_quantize / mx_dequantize");
    quantize(&r, n / 50 + 200);
    dequantize(&r, n / 10 + 65536);
    tl_section("binary32 -> every element format, both overflow policies (values, midpoints, "
               "ties at every bit, sampled)");
    to_elem(&r, n + 64);
    round_trip();
    tl_section("mx_elem_round_pack, any sig and int exp");
    elem_round_pack(&r, n / 2 + 1000);
    tl_section("mx_scale_for_amax_fmt: FLOOR, CEIL, EVEN, CEIL_LOG2 (and unknown) per format");
    scale_policies(&r, n / 8 + 64);
    tl_section("mx_quantize_fmt / mx_dequantize_fmt, groups of 1..257, every policy and format");
    quantize_fmt(&r, n / 100 + 288);
    dequantize_fmt();
    tl_section(NULL);
    return tl_finish();
}
