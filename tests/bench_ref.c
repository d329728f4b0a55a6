/*
 * bench_ref.c - nanoseconds per K = 32 block: the reference's mx_dot
 * against the MPFR oracle, on the same pre-generated blocks (ref/mxgen,
 * seed 1), median of RUNS runs each; then mx_dot_fmt per format pair (and
 * the streamed mx_group_* in beats of 8) against oracle_dot_fmt, on the
 * same blocks with their codes redrawn in each format (finite codes only).
 * Reports only; asserts nothing.
 *
 *   bench_ref [--count N]      N blocks (default 100000, or MX_TEST_COUNT)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mxdot.h"
#include "mxgen.h"
#include "oracle.h"
#include "testlib.h"

#define RUNS 7
#define K 32

typedef struct {
    uint8_t a[K], b[K], xa, xb, rm;
    uint32_t c;
} block32;

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

static mx_vector v;

/* A finite code of format f from the byte x (the oracle says which codes are
 * finite; the reference is not asked). */
static uint8_t finite_in(unsigned f, uint8_t x)
{
    x &= (uint8_t)((1u << oracle_fmt_width(f)) - 1u);
    while (oracle_elem_class(f, x) >= ORACLE_INF)
        x = (uint8_t)(x - 1u);
    return x;
}

static double median(double *t)
{
    qsort(t, RUNS, sizeof t[0], cmp_double);
    return t[RUNS / 2];
}

/* mx_dot_fmt, the streamed group and the oracle per format pair. */
static uint32_t bench_formats(const block32 *blocks, unsigned long n)
{
    static const unsigned pairs[][2] = { { 0, 0 }, { 1, 1 }, { 1, 0 }, { 2, 3 }, { 4, 4 }, { 5, 5 } };
    block32 *fb = malloc(n * sizeof *fb);
    uint32_t sink = 0;
    size_t p;
    if (!fb)
        return 0;
    printf("bench-ref: mx_dot_fmt per format pair, K=%d, the same %lu blocks with finite codes"
           " of each format\n", K, n);
    printf("  %-10s %12s %14s %12s %12s\n", "pair", "mx_dot_fmt", "mx_group_* x8", "oracle",
           "oracle/ref");
    for (p = 0; p < sizeof pairs / sizeof pairs[0]; p++) {
        unsigned fa = pairs[p][0], fbm = pairs[p][1], f;
        double t_d[RUNS], t_g[RUNS], t_o[RUNS];
        unsigned long i;
        int run, rep, j;
        for (i = 0; i < n; i++) {
            fb[i] = blocks[i];
            for (j = 0; j < K; j++) {
                fb[i].a[j] = finite_in(fa, blocks[i].a[j]);
                fb[i].b[j] = finite_in(fbm, blocks[i].b[j]);
            }
        }
        for (run = 0; run < RUNS; run++) {
            double t0 = now_ns();
            for (rep = 0; rep < 10; rep++)
                for (i = 0; i < n; i++) {
                    const block32 *q = &fb[i];
                    sink += mx_dot_fmt(K, q->a, q->b, fa, fbm, q->xa, q->xb, q->c, q->rm, &f) + f;
                }
            t_d[run] = (now_ns() - t0) / ((double)n * 10);
            t0 = now_ns();
            for (rep = 0; rep < 10; rep++)
                for (i = 0; i < n; i++) {
                    const block32 *q = &fb[i];
                    mx_group g;
                    mx_group_begin(&g, fa, fbm, q->xa, q->xb, q->c, q->rm);
                    for (j = 0; j < K; j += 8)
                        mx_group_add(&g, 8, q->a + j, q->b + j, NULL);
                    sink += mx_group_end(&g, &f) + f;
                }
            t_g[run] = (now_ns() - t0) / ((double)n * 10);
            t0 = now_ns();
            for (i = 0; i < n; i++) {
                const block32 *q = &fb[i];
                sink += oracle_dot_fmt(K, q->a, q->b, fa, fbm, q->xa, q->xb, q->c, q->rm, &f) + f;
            }
            t_o[run] = (now_ns() - t0) / (double)n;
        }
        {
            double d = median(t_d), g = median(t_g), o = median(t_o);
            char name[16];
            snprintf(name, sizeof name, "%s x %s", oracle_fmt_name(fa), oracle_fmt_name(fbm));
            printf("  %-10s %9.1f ns %11.1f ns %9.1f ns %11.1fx\n", name, d, g, o, o / d);
        }
    }
    free(fb);
    return sink;
}

int main(int argc, char **argv)
{
    unsigned long n = tl_arg_count(argc, argv, 100000), i;
    block32 *blocks = malloc(n * sizeof *blocks);
    double t_ref[RUNS], t_orc[RUNS];
    uint32_t sink = 0;
    int run, rep, reps;
    unsigned f;

    if (!blocks || n == 0) {
        fprintf(stderr, "bench_ref: no memory for %lu blocks\n", n);
        return 2;
    }
    for (i = 0; i < n; i++) {
        mx_gen_block(1, i, K, &v);
        memcpy(blocks[i].a, v.a, K);
        memcpy(blocks[i].b, v.b, K);
        blocks[i].xa = v.xa;
        blocks[i].xb = v.xb;
        blocks[i].c = v.c;
        blocks[i].rm = (uint8_t)v.rm;
    }
    /* the oracle initialises its product table on the first call */
    sink += oracle_dot(K, blocks[0].a, blocks[0].b, 0x7F, 0x7F, 0, 0, &f);
    /* mx_dot is fast: repeat it so that one run lasts long enough to time */
    reps = 10;
    for (run = 0; run < RUNS; run++) {
        double t0 = now_ns();
        for (rep = 0; rep < reps; rep++)
            for (i = 0; i < n; i++) {
                const block32 *q = &blocks[i];
                sink += mx_dot(K, q->a, q->b, q->xa, q->xb, q->c, q->rm, &f) + f;
            }
        t_ref[run] = (now_ns() - t0) / ((double)n * reps);
        t0 = now_ns();
        for (i = 0; i < n; i++) {
            const block32 *q = &blocks[i];
            sink += oracle_dot(K, q->a, q->b, q->xa, q->xb, q->c, q->rm, &f) + f;
        }
        t_orc[run] = (now_ns() - t0) / (double)n;
    }
    qsort(t_ref, RUNS, sizeof t_ref[0], cmp_double);
    qsort(t_orc, RUNS, sizeof t_orc[0], cmp_double);
    printf("bench-ref: K=%d, %lu blocks from mx_gen_block(seed 1), median of %d runs\n",
           K, n, RUNS);
    printf("  %-22s %10s %10s %10s\n", "", "median ns", "min ns", "max ns");
    printf("  %-22s %10.1f %10.1f %10.1f\n", "mx_dot (reference)", t_ref[RUNS / 2],
           t_ref[0], t_ref[RUNS - 1]);
    printf("  %-22s %10.1f %10.1f %10.1f\n", "oracle_dot (MPFR)", t_orc[RUNS / 2],
           t_orc[0], t_orc[RUNS - 1]);
    printf("  oracle / reference: %.1fx   (blocks/s: reference %.3g, oracle %.3g)\n",
           t_orc[RUNS / 2] / t_ref[RUNS / 2], 1e9 / t_ref[RUNS / 2], 1e9 / t_orc[RUNS / 2]);
    printf("  (checksum %08lX)\n", (unsigned long)sink);
    sink = bench_formats(blocks, n);
    printf("  (checksum %08lX)\n", (unsigned long)sink);
    free(blocks);
    return 0;
}
