/*
 * conv_model.c - C model of a conventional two-step truncating unit (the
 * comparison design of `make synth-compare` before issue 10, whose RTL,
 * synth/conv/mxdot_conv.v, is in the git history; the comparison design is
 * now the Blackwell-compatible synth/conv/mxdot_bw.v). It stays as the
 * independent model of the `conv` preset of ref/mxmodel.h (make test-model),
 * and the comparison with the exact reference.
 *
 *   conv_model eval [FILE]
 *       read blocks (SPEC vector format), write them with the conventional
 *       unit's D FLAGS (what test_model checks the `conv` preset against)
 *   conv_model compare --seed S --count N [--k K]
 *       N blocks of mx_gen_block(S, i, K): the conventional result against
 *       mx_dot, per kind of block: share of results that differ, largest
 *       and mean distance in binary32 ulps; a markdown table on stdout
 *
 * The arithmetic: exact products, aligned to the largest product exponent
 * and truncated to ALIGN_W bits (a 32-lane unit, E4M3 only), an exact
 * fixed-point sum, rounded to 24 bits ties-to-even, then c + sum rounded
 * once more in mode rm by the reference's binary32 rounding.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mxdot.h"
#include "mxgen.h"
#include "mxvec.h"

#define ALIGN_W 24 /* aligned product width, AlignW in the RTL */

/* E4M3 product: 8-bit significand and exponent, value p * 2^(e - 20). */
static void product(uint8_t a, uint8_t b, unsigned *p, int *e, int *neg)
{
    unsigned ea = mx_e4m3_exp(a), eb = mx_e4m3_exp(b);
    unsigned sa = (ea ? 8u : 0u) | mx_e4m3_frac(a);
    unsigned sb = (eb ? 8u : 0u) | mx_e4m3_frac(b);
    *p = sa * sb;
    *e = (int)(ea ? ea : 1u) + (int)(eb ? eb : 1u);
    *neg = (int)(mx_e4m3_sign(a) ^ mx_e4m3_sign(b));
}

static uint32_t conv_dot(size_t k, const uint8_t *a, const uint8_t *b, uint8_t xa,
                         uint8_t xb, uint32_t c, unsigned rm, unsigned *flags)
{
    int nan = mx_ue8m0_is_nan(xa) || mx_ue8m0_is_nan(xb) || mx_f32_is_nan(c);
    int emax = 0, bneg, be = 0, cneg, ce, neg;
    int64_t sum = 0, hi, lo, total;
    uint64_t mag, bm = 0, cm;
    size_t i;

    *flags = 0;
    if (rm > MX_RMM) {
        *flags = MX_FLAG_NV;
        return MX_F32_QNAN;
    }
    for (i = 0; i < k; i++)
        nan |= mx_e4m3_is_nan(a[i]) || mx_e4m3_is_nan(b[i]);
    if (nan) {
        *flags = mx_f32_is_snan(c) ? MX_FLAG_NV : 0u;
        return MX_F32_QNAN;
    }
    if (mx_f32_is_inf(c))
        return c;

    /* Largest exponent of a non-zero product, then aligned and truncated
     * products (toward zero), summed exactly. */
    for (i = 0; i < k; i++) {
        unsigned p;
        int e;
        product(a[i], b[i], &p, &e, &neg);
        if (p && e > emax)
            emax = e;
    }
    for (i = 0; i < k; i++) {
        unsigned p;
        int e, sh;
        int64_t t;
        product(a[i], b[i], &p, &e, &neg);
        sh = emax - e;
        t = (p == 0 || sh >= ALIGN_W) ? 0 : (int64_t)(((uint64_t)p << (ALIGN_W - 8)) >> sh);
        sum += neg ? -t : t;
    }

    /* First rounding: the sum to 24 bits, ties to even; value
     * bm * 2^be with the sum's LSB at 2^(emax - 12 - ALIGN_W + xa + xb - 254). */
    bneg = sum < 0;
    mag = (uint64_t)(bneg ? -sum : sum);
    if (mag) {
        int n = 63;
        be = emax - 12 - ALIGN_W + (int)xa + (int)xb - 254;
        while (!(mag >> n))
            n--;
        if (n > 23) {
            int r = n - 23;
            uint64_t top = mag >> r, half = (uint64_t)1 << (r - 1);
            uint64_t rest = mag & (((uint64_t)1 << r) - 1);
            if (rest > half || (rest == half && (top & 1)))
                top++;
            if (top >> 24) {
                top >>= 1;
                r++;
            }
            bm = top;
            be += r;
        } else {
            bm = mag << (23 - n);
            be -= 23 - n;
        }
    }

    /* Second rounding: c + block, correctly rounded (what an adder with
     * guard, round and sticky bits delivers). */
    cneg = (int)mx_f32_sign(c);
    cm = mx_f32_frac(c) | (mx_f32_exp(c) ? 0x800000u : 0u);
    ce = (int)(mx_f32_exp(c) ? mx_f32_exp(c) : 1u) - 150;
    if (bm == 0 && cm == 0)                 /* +-0 + +0, IEEE 754 6.3 */
        return (uint32_t)(cneg && rm == MX_RDN) << 31;
    if (bm == 0)
        return c;
    if (cm == 0)
        return mx_f32_round_pack((unsigned)bneg, bm, be, rm, flags);
    {
        /* hi: the operand with the larger exponent; lo at most 38 places
         * below it exactly, else replaced by a sticky unit that rounds the
         * same (it stays between the same rounding boundaries). */
        int he = ce >= be ? ce : be;
        int d = ce >= be ? ce - be : be - ce, lexp;
        hi = (int64_t)(ce >= be ? cm : bm);
        lo = (int64_t)(ce >= be ? bm : cm);
        if (ce >= be ? cneg : bneg)
            hi = -hi;
        if (ce >= be ? bneg : cneg)
            lo = -lo;
        if (d > 38) {
            lo = lo < 0 ? -1 : 1;
            d = 38;
        }
        lexp = he - d;
        total = hi * ((int64_t)1 << d) + lo;
        if (total == 0)
            return (uint32_t)(rm == MX_RDN) << 31;
        return mx_f32_round_pack(total < 0, (uint64_t)(total < 0 ? -total : total), lexp, rm,
                                 flags);
    }
}

/* Signed magnitude order of binary32 codes: adjacent floats differ by 1. */
static int64_t f32_order(uint32_t x)
{
    int64_t m = (int64_t)(x & 0x7FFFFFFFu);
    return (x >> 31) ? -m : m;
}

static int usage(void)
{
    fprintf(stderr, "usage: conv_model eval [FILE]\n"
                    "       conv_model compare --seed S --count N [--k K]\n");
    return 2;
}

static int cmd_eval(const char *path)
{
    static mx_vector v;
    mx_reader r;
    char err[256];
    int st;
    if (mx_reader_open(&r, path, err, sizeof err)) {
        fprintf(stderr, "conv_model: %s\n", err);
        return 2;
    }
    while ((st = mx_reader_next(&r, &v, err, sizeof err)) == 1) {
        v.d = conv_dot(v.k, v.a, v.b, v.xa, v.xb, v.c, v.rm, &v.flags);
        mx_vec_write(stdout, &v, 1);
    }
    mx_reader_close(&r);
    if (st < 0) {
        fprintf(stderr, "conv_model: %s\n", err);
        return 2;
    }
    return 0;
}

typedef struct {
    uint64_t n, differ, over1, nan_mismatch;
    double sum_ulp;
    int64_t max_ulp;
} stats;

static void add(stats *s, uint32_t got, uint32_t want)
{
    s->n++;
    if (got == want)
        return;
    s->differ++;
    if (mx_f32_is_nan(got) || mx_f32_is_nan(want)) {
        s->nan_mismatch++;
        return;
    }
    {
        int64_t u = f32_order(got) - f32_order(want);
        if (u < 0)
            u = -u;
        if (u > 1)
            s->over1++;
        if (u > s->max_ulp)
            s->max_ulp = u;
        s->sum_ulp += (double)u;
    }
}

static void row(const char *name, const stats *s)
{
    if (!s->n)
        return;
    printf("| %s | %" PRIu64 " | %.2f%% | %.2f%% | %" PRId64 " | %.3g |\n", name, s->n,
           100.0 * (double)s->differ / (double)s->n, 100.0 * (double)s->over1 / (double)s->n,
           s->max_ulp, s->sum_ulp / (double)s->n);
}

static int cmd_compare(uint64_t seed, uint64_t count, size_t k)
{
    static mx_vector v;
    stats kinds[MX_GEN_KINDS], all, typical;
    uint64_t i;
    int kd;
    memset(kinds, 0, sizeof kinds);
    memset(&all, 0, sizeof all);
    for (i = 0; i < count; i++) {
        unsigned fc, fe;
        uint32_t dc, de;
        kd = mx_gen_block(seed, i, k, &v);
        dc = conv_dot(v.k, v.a, v.b, v.xa, v.xb, v.c, v.rm, &fc);
        de = mx_dot(v.k, v.a, v.b, v.xa, v.xb, v.c, v.rm, &fe);
        if (kd >= 0 && kd < MX_GEN_KINDS)
            add(&kinds[kd], dc, de);
        add(&all, dc, de);
    }
    typical = kinds[MX_GEN_TYPICAL];
    printf("Conventional unit (align to the largest product exponent, truncate to %d bits,\n"
           "round the block to 24 bits, then c + block rounded again) against the exact\n"
           "reference mx_dot, K = %zu, %" PRIu64 " blocks of mx_gen_block(seed %" PRIu64 ").\n"
           "ulp = distance in binary32 codes (adjacent floats differ by 1).\n\n",
           ALIGN_W, k, count, seed);
    printf("| blocks | count | differ | > 1 ulp | largest (ulp) | mean (ulp) |\n");
    printf("|---|--:|--:|--:|--:|--:|\n");
    row("all", &all);
    for (kd = 0; kd < MX_GEN_KINDS; kd++)
        row(mx_gen_kind_name(kd), &kinds[kd]);
    printf("\nTypical data (%s): %.2f%% of the results differ from the exact ones.\n",
           mx_gen_kind_name(MX_GEN_TYPICAL),
           typical.n ? 100.0 * (double)typical.differ / (double)typical.n : 0.0);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "eval") && argc <= 3)
        return cmd_eval(argc == 3 ? argv[2] : NULL);
    if (argc >= 2 && !strcmp(argv[1], "compare")) {
        uint64_t seed = 1, count = 100000;
        unsigned long k = 32;
        int i;
        for (i = 2; i + 1 < argc; i += 2) {
            char *end;
            unsigned long long x = strtoull(argv[i + 1], &end, 0);
            if (*end || end == argv[i + 1])
                return usage();
            if (!strcmp(argv[i], "--seed"))
                seed = x;
            else if (!strcmp(argv[i], "--count"))
                count = x;
            else if (!strcmp(argv[i], "--k") && x >= 1 && x <= MX_K_MAX)
                k = (unsigned long)x;
            else
                return usage();
        }
        if (i != argc)
            return usage();
        return cmd_compare(seed, count, (size_t)k);
    }
    return usage();
}
