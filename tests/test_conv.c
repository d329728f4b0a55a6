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
    tl_section(NULL);
    return tl_finish();
}
