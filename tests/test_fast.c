/*
 * test_fast.c - the fast path of mx_dot, mx_dot_fmt and mx_dot_batch (the
 * group sum in floating point, SIMD chosen at run time, and the rounding
 * through binary64 of ref/mxdot.c, issue 11) against the integer
 * definition, mx_dot_ref and mx_dot_fmt_ref, on every element pair and on
 * millions of random and aimed groups; and a share of them against the
 * independent MPFR oracle (tests/oracle.c).
 *
 *   test_fast [--count N] [--seed S]
 *
 * N (default 4000000, or MX_TEST_COUNT) sizes the random sections: N
 * OCP-sized E4M3 groups from ref/mxgen (its hard-case kinds), N/16 groups
 * of every format pair without E5M2 and every length 1..4096 from mx_gen_group,
 * N groups aimed at the fast path's own decisions (below), N/4 uniformly
 * random groups (reserved modes, NaN scales and accumulators included),
 * N/16 groups through mx_dot_batch, and N/100 of the aimed groups against
 * the oracle. Whatever N is, every element pair (all 256 x 256 byte
 * values, so that the bits above an FP6/FP4 element's width are exercised)
 * of every format pair without E5M2 runs once, in a rotating mode.
 *
 * The aimed groups put the exact value where the fast path changes its way:
 * the binary64 window (the two terms' bits spanning 52..55), the jams (the
 * lower term just below, at or above a quarter of the other's quantum; a
 * group term of 23..25 bits), the results whose MSB is at 2^-128..2^-125
 * (subnormal, tininess after rounding) and 2^125..2^128 (overflow),
 * cancellations to zero and to a few bits, and zero terms of both signs.
 * The sums come from this file's own decoding of the codes (mx_elem_decode
 * gives the values; the products and sums are formed here), the expected
 * results always from mx_dot_fmt_ref.
 *
 * The make rules run it twice: linked with the library as built (the SIMD
 * sum where the CPU has it) and with ref/mxdot.c built with MX_NO_SIMD (the
 * portable sum), so that both are checked on one machine. The first lines
 * say which one ran. A mismatch prints the group as a vector line; the
 * program stops after 10 errors (MX_TEST_MAX_ERRORS) and ends with
 * "N passed, N failed".
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mxdot.h"
#include "mxgen.h"
#include "mxvec.h"
#include "oracle.h"
#include "testlib.h"

#define NFMT 6u
#define FMT_E5M2 1u

static tl_block blk;   /* the group under test (large: static) */
static mx_vector gv;   /* a group from ref/mxgen */

static const char *fmt_name(unsigned f)
{
    static const char *names[8] = { "E4M3", "E5M2", "E3M2", "E2M3", "E2M1", "INT8", "F6", "F7" };
    return names[f & 7u];
}

/* One group through the fast entry (mx_dot for E4M3 x E4M3 without the F
 * field, else mx_dot_fmt) against the definition. Returns 1 when equal. */
static int check_group(const tl_block *t, const char *what)
{
    unsigned gf = 0, ef = 0;
    uint32_t got, want;
    char name[96];
    want = mx_dot_fmt_ref(t->k, t->a, t->b, t->fa, t->fb, t->xa, t->xb, t->c,
                          t->rm, &ef);
    if (t->fa == 0 && t->fb == 0 && !t->has_fmt)
        got = mx_dot(t->k, t->a, t->b, t->xa, t->xb, t->c, t->rm, &gf);
    else
        got = mx_dot_fmt(t->k, t->a, t->b, t->fa, t->fb, t->xa, t->xb, t->c,
                         t->rm, &gf);
    if (got == want && gf == ef) {
        tl_pass();
        return 1;
    }
    snprintf(name, sizeof name, "%s: fast path vs definition (%s x %s)", what,
             fmt_name(t->fa), fmt_name(t->fb));
    tl_fail_block(name, t, got, gf, want, ef);
    return 0;
}

/* The same group against the MPFR oracle too. */
static void check_oracle(const tl_block *t, const char *what)
{
    unsigned gf = 0, of = 0;
    uint32_t got = mx_dot_fmt(t->k, t->a, t->b, t->fa, t->fb, t->xa, t->xb, t->c,
                              t->rm, &gf);
    uint32_t want = oracle_dot_fmt(t->k, t->a, t->b, t->fa, t->fb, t->xa, t->xb,
                                   t->c, t->rm, &of);
    if (got == want && gf == of) {
        tl_pass();
        return;
    }
    tl_fail_block(what, t, got, gf, want, of);
}

static void from_vector(const mx_vector *v, tl_block *t)
{
    t->fa = v->fa;
    t->fb = v->fb;
    t->has_fmt = v->has_fmt;
    t->rm = v->rm;
    t->xa = v->xa;
    t->xb = v->xb;
    t->c = v->c;
    t->k = v->k;
    memcpy(t->a, v->a, v->k);
    memcpy(t->b, v->b, v->k);
    t->has_result = 0;
}

static void progress(const char *what, unsigned long i, unsigned long n)
{
    if (n >= 8 && i % (n / 4) == 0 && i)
        printf("   %s: %lu of %lu\n", what, i, n), fflush(stdout);
}

/* ---- every element pair ---------------------------------------------- */

/* All 256 x 256 byte values of every pair without E5M2 at K = 1, one of
 * the 5 modes in turn, the scale pair and the accumulator from small
 * rotating sets (zeros, a subnormal, values the product meets and misses). */
static void every_pair(void)
{
    static const uint32_t accs[] = { 0x00000000u, 0x80000000u, 0x3F800000u, 0xBF800000u,
                                     0x00000001u, 0x4B800000u, 0x7F7FFFFFu, 0x33800000u };
    static const uint8_t scales[][2] = { { 127, 127 }, { 120, 125 }, { 0, 0 }, { 254, 254 },
                                         { 1, 130 }, { 140, 90 } };
    unsigned fa, fb, x, y, r = 0;
    for (fa = 0; fa < NFMT; fa++)
        for (fb = 0; fb < NFMT; fb++) {
            if (fa == FMT_E5M2 || fb == FMT_E5M2)
                continue;
            for (x = 0; x < 256; x++)
                for (y = 0; y < 256; y++, r++) {
                    blk.fa = fa;
                    blk.fb = fb;
                    blk.has_fmt = 1;
                    blk.k = 1;
                    blk.a[0] = (uint8_t)x;
                    blk.b[0] = (uint8_t)y;
                    blk.rm = r % 5;
                    blk.xa = scales[(r / 5) % 6][0];
                    blk.xb = scales[(r / 5) % 6][1];
                    blk.c = accs[(r / 30) % 8];
                    check_group(&blk, "every element pair");
                }
        }
}

/* ---- groups from ref/mxgen ------------------------------------------- */

static void gen_blocks(uint64_t seed, unsigned long n)
{
    unsigned long i;
    for (i = 0; i < n; i++) {
        progress("mx_gen_block K=32", i, n);
        mx_gen_block(seed, i, 32, &gv);
        from_vector(&gv, &blk);
        check_group(&blk, "mx_gen_block K=32");
    }
}

static void gen_groups(uint64_t seed, unsigned long n)
{
    mx_gen_config cfg;
    unsigned long i;
    cfg.kmax = MX_K_MAX;
    cfg.lanes = 32;
    cfg.formats = 0x3Du;                  /* every format but E5M2 */
    cfg.fixed_k = 0;
    cfg.reserved_rm = 1;
    for (i = 0; i < n; i++) {
        progress("mx_gen_group", i, n);
        mx_gen_group(seed + 1, i, &cfg, &gv);
        from_vector(&gv, &blk);
        check_group(&blk, "mx_gen_group K=1..4096");
    }
}

/* ---- aimed groups ------------------------------------------------------ */

/* Units of 2^-9 of a finite code of format f (E4M3 NaN never drawn here):
 * value = sig * 2^exp, and exp + 9 >= 0 for every format but E5M2. */
static int64_t units_of(unsigned f, uint8_t x)
{
    unsigned sign;
    uint32_t sig;
    int exp;
    mx_elem_decode(f, x, &sign, &sig, &exp);
    return (sign ? -1 : 1) * ((int64_t)sig << (exp + 9));
}

/* A random finite code of format f whose magnitude lies in a band of
 * exponents around the band's centre (so that sums of a controlled width
 * come out), or any finite code. */
static uint8_t random_code(tl_rng *r, unsigned f, int any)
{
    unsigned width = tl_fmt_width(f);
    uint8_t x;
    do {
        x = (uint8_t)(tl_rng_next(r) & ((1u << width) - 1u));
        if (!any && f != MX_FMT_INT8 && (tl_rng_next(r) & 3u) == 0)
            x = (uint8_t)(x & ~(0x3u << (width - 3)));  /* smaller exponents */
    } while (f == MX_FMT_E4M3 && (x & 0x7Fu) == 0x7Fu);
    return x;
}

static int bits_of(uint64_t x)
{
    int n = 0;
    while (x) {
        n++;
        x >>= 1;
    }
    return n;
}

/* A binary32 near (-1)^neg * sig * 2^exp: sig cut to 24 bits toward
 * zero, clamped into the finite range, at least the smallest subnormal (an
 * aim, not a result). */
static uint32_t f32_near(unsigned neg, uint64_t sig, int exp)
{
    int n = bits_of(sig), drop;
    uint32_t bits;
    if (sig == 0)
        return (uint32_t)neg << 31;
    if (n > 24) {
        sig >>= n - 24;
        exp += n - 24;
    } else {
        sig <<= 24 - n;
        exp -= 24 - n;
    }                                     /* sig in [2^23, 2^24) */
    if (exp + 23 > 127)
        bits = 0x7F7FFFFFu;
    else if (exp + 23 >= -126)
        bits = (uint32_t)(exp + 23 + 127) << 23 | ((uint32_t)sig & 0x7FFFFFu);
    else {                                /* subnormal: exp < -149 */
        drop = -149 - exp;
        bits = drop >= 24 ? 1u : (uint32_t)(sig >> drop);
    }
    return (uint32_t)neg << 31 | bits;
}

/* Scales whose sum is xa + xb = 254 + e (e the group term's exponent
 * offset, clamped to what two codes 0..254 give). */
static void scales_for(tl_rng *r, int e, uint8_t *xa, uint8_t *xb)
{
    int sum = 254 + e, a;
    if (sum < 0)
        sum = 0;
    if (sum > 508)
        sum = 508;
    a = sum / 2 + (int)tl_rng_below(r, 21) - 10;
    if (a < 0)
        a = 0;
    if (a > 254)
        a = 254;
    if (sum - a > 254)
        a = sum - 254;
    if (sum - a < 0)
        a = sum;
    *xa = (uint8_t)a;
    *xb = (uint8_t)(sum - a);
}

/* The E4M3 code of 2^t units (t = 0..17): subnormal m = 2^t for t < 3,
 * else exponent field t - 2 with m = 0. */
static uint8_t e4m3_pow2(unsigned t)
{
    return (uint8_t)(t < 3 ? 1u << t : (t - 2) << 3);
}

/* One aimed group in blk (fast-pair formats): random codes of a random
 * length, or a sum of one or two powers of two (E4M3 lanes), the exact sum
 * computed here; then scales and an accumulator placed relative to it by
 * one of the aims of the file's comment. */
static void aimed_group(tl_rng *r)
{
    static const unsigned pairs[] = { 0, 2, 3, 4, 5 };
    unsigned fa = pairs[tl_rng_below(r, 5)], fb = pairs[tl_rng_below(r, 5)];
    size_t k, i;
    int64_t sum = 0;
    uint64_t mag, sig;
    int s_bits, e, aim, lsb;
    unsigned neg;
    if (tl_rng_below(r, 3) == 0)
        fa = fb = MX_FMT_E4M3;
    if (tl_rng_below(r, 16) == 0) {
        /* The carry at the 53-bit edge: S = 2^d + 1 (two lanes: 2^d and
         * the smallest product) and c = (2^24 - 1) * 2^(e+d) of the same
         * sign: c + S * 2^e = 2^(e+d+24) + 2^e, d + 25 bits: the last that
         * binary64 holds (d = 28: its lowest bit alone below the binary32
         * quantum) and the first it does not. */
        unsigned d = 24 + (unsigned)tl_rng_below(r, 9);
        neg = (unsigned)tl_rng_below(r, 2);
        blk.fa = blk.fb = MX_FMT_E4M3;
        blk.has_fmt = 1;
        blk.k = 2 + tl_rng_below(r, 3);
        memset(blk.a, 0, blk.k);
        memset(blk.b, 0, blk.k);
        blk.a[0] = (uint8_t)(e4m3_pow2(d - 17) | neg << 7);
        blk.b[0] = e4m3_pow2(17);
        blk.a[1] = (uint8_t)(0x01 | neg << 7);
        blk.b[1] = 0x01;
        blk.rm = tl_rng_below(r, 5);
        scales_for(r, (int)tl_rng_below(r, 60) - 40 + 18, &blk.xa, &blk.xb);
        e = blk.xa + blk.xb - 254 - 18;
        blk.c = f32_near(neg, 0xFFFFFFu, e + (int)d);
        return;
    }
    if (tl_rng_below(r, 3) == 0) {        /* +-2^j, or +-2^j +- 2^i */
        fa = fb = MX_FMT_E4M3;
        k = 1 + tl_rng_below(r, 3);
        for (i = 0; i < k; i++) {
            unsigned j = tl_rng_below(r, 35), ta = j > 17 ? 17 : j - tl_rng_below(r, j + 1);
            if (j - ta > 17)
                ta = j - 17;
            blk.a[i] = (uint8_t)(e4m3_pow2(ta) | (tl_rng_below(r, 2) << 7));
            blk.b[i] = e4m3_pow2(j - ta);
            if (i == 2)
                blk.a[i] = blk.b[i] = 0;  /* a zero lane */
        }
    } else {
        k = tl_rng_below(r, 8) == 0 ? 1 + tl_rng_below(r, 300) : 1 + tl_rng_below(r, 40);
        for (i = 0; i < k; i++) {
            int any = tl_rng_below(r, 4) == 0;
            blk.a[i] = random_code(r, fa, any);
            blk.b[i] = random_code(r, fb, any);
            if (i > 0 && tl_rng_below(r, 8) == 0) {    /* cancel the lane before */
                blk.a[i] = blk.a[i - 1];
                blk.b[i] = blk.b[i - 1] ^ (uint8_t)(1u << (tl_fmt_width(fb) - 1));
                if (fb == MX_FMT_INT8)
                    blk.b[i] = (uint8_t)(0u - blk.b[i - 1]);
            }
        }
    }
    for (i = 0; i < k; i++)
        sum += units_of(fa, blk.a[i]) * units_of(fb, blk.b[i]);
    blk.fa = fa;
    blk.fb = fb;
    blk.has_fmt = 1;
    blk.k = k;
    blk.rm = tl_rng_below(r, 5);
    mag = sum < 0 ? (uint64_t)0 - (uint64_t)sum : (uint64_t)sum;
    s_bits = bits_of(mag);
    /* the group term's LSB 2^e, e = xa + xb - 254 - 18; sometimes aimed at
     * the subnormal and the overflow boundaries */
    aim = (int)tl_rng_below(r, 10);
    if (aim == 0)
        e = -126 - s_bits + (int)tl_rng_below(r, 7) - 2;
    else if (aim == 1)
        e = 127 - s_bits + (int)tl_rng_below(r, 7) - 3;
    else
        e = (int)tl_rng_below(r, 80) - 60;
    scales_for(r, e + 18, &blk.xa, &blk.xb);
    e = blk.xa + blk.xb - 254 - 18;
    /* the accumulator, by its sign, its 24-bit significand and the
     * exponent of its LSB (f32_near normalises); the sign is often the
     * group term's opposite (cancellation, MSB one lower) */
    neg = tl_rng_below(r, 2) ? (unsigned)tl_rng_below(r, 2) : sum > 0;
    sig = (tl_rng_next(r) & 0xFFFFFFu) | 0x800000u;
    if (tl_rng_below(r, 3) == 0)
        sig &= ~(((uint64_t)1 << tl_rng_below(r, 24)) - 1); /* trailing zeros */
    switch (tl_rng_below(r, 15)) {
    case 0:                               /* a zero of either sign */
        blk.c = (uint32_t)neg << 31;
        return;
    case 1:                               /* cancel the group term */
        blk.c = f32_near(sum > 0, mag, e);
        return;
    case 2:                               /* a subnormal */
        blk.c = (uint32_t)neg << 31 | (uint32_t)(tl_rng_next(r) & 0x7FFFFFu);
        return;
    case 3:                               /* c's MSB at e - 4 .. e + 1: the jam of c */
        lsb = e - 28 + (int)tl_rng_below(r, 6);
        break;
    case 4:                               /* c's LSB at e + s_bits - 1 .. + 4: the
                                           * jam of the group term */
        lsb = e + s_bits - 1 + (int)tl_rng_below(r, 6);
        break;
    case 5:                               /* a power of two at the 53-bit edge */
        sig = 1;
        lsb = e + s_bits - 55 + (int)tl_rng_below(r, 8);
        break;
    case 6:                               /* c's LSB at the 53-bit edge */
        lsb = e + s_bits - 55 + (int)tl_rng_below(r, 8);
        break;
    case 7:                               /* c above, at the 53-bit edge: its MSB
                                           * 51..56 bits above the group term's
                                           * LSB, often all ones (a carry) */
        if (tl_rng_below(r, 2))
            sig = 0xFFFFFFu;
        lsb = e + 27 + (int)tl_rng_below(r, 6);
        break;
    case 8:                               /* a power of two anywhere near */
        sig = 1;
        lsb = e + s_bits + (int)tl_rng_below(r, 121) - 60;
        break;
    default:                              /* MSB within 60 bits either side */
        lsb = e + s_bits + (int)tl_rng_below(r, 121) - 60 - 24;
        break;
    }
    blk.c = f32_near(neg, sig, lsb);
}

static void aimed(tl_rng *r, unsigned long n, unsigned long n_oracle)
{
    unsigned long i, every = n_oracle ? n / n_oracle : 0;
    for (i = 0; i < n; i++) {
        progress("aimed groups", i, n);
        aimed_group(r);
        if (check_group(&blk, "aimed") && every && i % every == 0)
            check_oracle(&blk, "aimed group: fast path vs MPFR oracle");
    }
}

/* ---- uniformly random groups ----------------------------------------- */

static void uniform(tl_rng *r, unsigned long n)
{
    unsigned long i;
    size_t j;
    for (i = 0; i < n; i++) {
        uint64_t w = tl_rng_next(r);
        progress("uniform groups", i, n);
        blk.fa = (unsigned)(w % 6);
        blk.fb = (unsigned)((w >> 8) % 6);
        blk.has_fmt = (w >> 16) & 1;
        if (!blk.has_fmt)
            blk.fa = blk.fb = 0;
        blk.rm = (unsigned)((w >> 20) & 7);
        if (blk.rm > 4 && ((w >> 23) & 7))
            blk.rm &= 3;                  /* reserved modes now and then */
        blk.k = 1 + (size_t)tl_rng_below(r, (w >> 26) & 1 ? 64 : 4096);
        blk.xa = (uint8_t)(w >> 32);
        blk.xb = (uint8_t)(w >> 40);
        if (((w >> 48) & 15) != 0) {      /* mostly no NaN scale */
            blk.xa = blk.xa == 0xFF ? 0xFE : blk.xa;
            blk.xb = blk.xb == 0xFF ? 0xFE : blk.xb;
        }
        blk.c = (uint32_t)tl_rng_next(r);
        for (j = 0; j < blk.k; j += 8) {
            uint64_t x = tl_rng_next(r), y = tl_rng_next(r);
            size_t m;
            for (m = 0; m < 8 && j + m < blk.k; m++) {
                blk.a[j + m] = (uint8_t)(x >> (8 * m));
                blk.b[j + m] = (uint8_t)(y >> (8 * m));
            }
        }
        check_group(&blk, "uniform");
    }
}

/* ---- mx_dot_batch ------------------------------------------------------ */

static uint8_t batch_a[64 * 300], batch_b[64 * 300], batch_xa[64], batch_xb[64], batch_fl[64];
static uint32_t batch_c[64], batch_d[64];

static void batches(tl_rng *r, unsigned long n)
{
    unsigned long done = 0;
    while (done < n) {
        size_t groups = 1 + tl_rng_below(r, 64), k = 1 + tl_rng_below(r, 300), g, i;
        unsigned fa = tl_rng_below(r, 6), fb = tl_rng_below(r, 6), rm = tl_rng_below(r, 5);
        if (tl_rng_below(r, 2))
            fa = fb = MX_FMT_E4M3;
        for (g = 0; g < groups; g++) {
            for (i = 0; i < k; i++) {
                batch_a[g * k + i] = (uint8_t)tl_rng_next(r);
                batch_b[g * k + i] = (uint8_t)tl_rng_next(r);
                if (fa == MX_FMT_E4M3 && (batch_a[g * k + i] & 0x7F) == 0x7F
                    && tl_rng_below(r, 8))
                    batch_a[g * k + i] ^= 1;   /* NaN in few groups */
            }
            batch_xa[g] = (uint8_t)(100 + tl_rng_below(r, 54));
            batch_xb[g] = (uint8_t)(100 + tl_rng_below(r, 54));
            batch_c[g] = (uint32_t)tl_rng_next(r);
            if (tl_rng_below(r, 4) == 0)
                batch_c[g] = 0;
        }
        mx_dot_batch(groups, k, batch_a, batch_b, fa, fb, batch_xa, batch_xb,
                     batch_c, rm, batch_d, batch_fl);
        for (g = 0; g < groups; g++) {
            unsigned ef;
            uint32_t want = mx_dot_fmt_ref(k, batch_a + g * k, batch_b + g * k, fa, fb,
                                           batch_xa[g], batch_xb[g], batch_c[g], rm, &ef);
            if (batch_d[g] == want && batch_fl[g] == ef) {
                tl_pass();
                continue;
            }
            blk.fa = fa;
            blk.fb = fb;
            blk.has_fmt = 1;
            blk.rm = rm;
            blk.xa = batch_xa[g];
            blk.xb = batch_xb[g];
            blk.c = batch_c[g];
            blk.k = k;
            memcpy(blk.a, batch_a + g * k, k);
            memcpy(blk.b, batch_b + g * k, k);
            tl_fail_block("mx_dot_batch vs mx_dot_fmt_ref", &blk, batch_d[g],
                          batch_fl[g], want, ef);
        }
        done += groups;
    }
}

/* ---- oracle on groups from ref/mxgen --------------------------------- */

static void gen_oracle(uint64_t seed, unsigned long n)
{
    mx_gen_config cfg;
    unsigned long i;
    cfg.kmax = 256;
    cfg.lanes = 32;
    cfg.formats = 0x3Du;
    cfg.fixed_k = 0;
    cfg.reserved_rm = 0;
    for (i = 0; i < n; i++) {
        mx_gen_group(seed + 2, i, &cfg, &gv);
        from_vector(&gv, &blk);
        check_oracle(&blk, "mx_gen_group: fast path vs MPFR oracle");
    }
}

int main(int argc, char **argv)
{
    unsigned long n = tl_arg_count(argc, argv, 4000000);
    uint64_t seed = tl_arg_seed(argc, argv, 1);
    tl_rng r;
    tl_rng_seed(&r, seed);
    printf("test_fast: the fast path (%s sum) against mx_dot_fmt_ref and the MPFR oracle,"
           " N = %lu, seed %lu\n", mx_fast_path_name(), n, (unsigned long)seed);
    tl_section("every element pair (256 x 256 byte values) of every pair without E5M2, K=1");
    every_pair();
    tl_section("mx_gen_block K=32 E4M3 (hard-case kinds): N groups");
    gen_blocks(seed, n);
    tl_section("mx_gen_group, every pair without E5M2, K = 1..4096: N/16 groups");
    gen_groups(seed, n / 16);
    tl_section("aimed at the binary64 window, the jams, subnormal and overflow results:"
               " N groups, N/100 also against the oracle");
    aimed(&r, n, n / 100);
    tl_section("uniformly random codes, scales, accumulators, modes, K = 1..4096: N/4 groups");
    uniform(&r, n / 4);
    tl_section("mx_dot_batch, every pair, batches of 1..64 groups: N/16 groups");
    batches(&r, n / 16);
    tl_section("mx_gen_group K = 1..256 against the MPFR oracle: N/200 groups");
    gen_oracle(seed, n / 200);
    tl_section(NULL);
    return tl_finish();
}
