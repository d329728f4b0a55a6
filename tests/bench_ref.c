/*
 * bench_ref.c - the reference's speed (issue 11), side by side in one run:
 * the fast path (mx_dot, mx_dot_fmt, mx_dot_batch: the group sum in
 * floating point, SIMD where the CPU has it) against the integer
 * definition that was the hot path before it (mx_dot_ref, mx_dot_fmt_ref,
 * and a loop of them for the batch: today's code, kept in the library),
 * on the same pre-generated groups; then both against the MPFR oracle.
 * Reports only; asserts nothing.
 *
 *   bench_ref [--count N]       N groups per case (default 100000, or
 *                               MX_TEST_COUNT; long groups use fewer)
 *   bench_ref --instr CASE old|new [--count N]
 *                               run one case's loop once (for callgrind:
 *                               tests/bench_instr.sh counts instructions
 *                               per group of run_case)
 *
 * Times are CPU time (CLOCK_PROCESS_CPUTIME_ID, so that other jobs on a
 * shared machine count less), per group, the median of RUNS runs in which
 * the two paths of a case alternate; the ratio is definition / fast. The
 * groups: "mxgen" are ref/mxgen's (seed 1: its share of hard cases, every
 * mode), with the codes redrawn as finite codes of each format; "typical"
 * are uniform finite codes with scales near 2^-4 and an accumulator near
 * the group term, every mode: data without the regression's hard cases.
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

#define RUNS 11

typedef struct {
    size_t k;
    unsigned fa, fb;
    uint8_t *a, *b, *xa, *xb, *rm;
    uint32_t *c, *d;
    uint8_t *fl;
    unsigned long n;
} groups;

typedef struct {
    const char *name;
    size_t k;
    unsigned fa, fb;
    int typical;         /* data: 0 mxgen, 1 typical */
    int batch;           /* 1: mx_dot_batch against a loop of mx_dot_fmt_ref */
    int dot;             /* 1: mx_dot / mx_dot_ref (E4M3 only) */
    unsigned long div;   /* groups: N / div */
} bench_case;

static const bench_case cases[] = {
    { "mx_dot E4M3 K=32 mxgen",        32, 0, 0, 0, 0, 1, 1 },
    { "mx_dot E4M3 K=32 typical",      32, 0, 0, 1, 0, 1, 1 },
    { "mx_dot_fmt E4M3xE4M3 K=32",     32, 0, 0, 0, 0, 0, 1 },
    { "mx_dot_fmt E3M2xE2M3 K=32",     32, 2, 3, 0, 0, 0, 1 },
    { "mx_dot_fmt E2M3xE2M3 K=32",     32, 3, 3, 0, 0, 0, 1 },
    { "mx_dot_fmt E2M1xE2M1 K=32",     32, 4, 4, 0, 0, 0, 1 },
    { "mx_dot_fmt INT8xINT8 K=32",     32, 5, 5, 0, 0, 0, 1 },
    { "mx_dot_fmt E4M3xINT8 K=32",     32, 0, 5, 0, 0, 0, 1 },
    { "mx_dot_fmt E5M2xE5M2 K=32 (*)", 32, 1, 1, 0, 0, 0, 1 },
    { "mx_dot_fmt E2M1xE2M1 K=32 typ.", 32, 4, 4, 1, 0, 0, 1 },
    { "mx_dot_fmt INT8xINT8 K=32 typ.", 32, 5, 5, 1, 0, 0, 1 },
    { "mx_dot E4M3 K=128 mxgen",      128, 0, 0, 0, 0, 1, 4 },
    { "mx_dot E4M3 K=4096 mxgen",    4096, 0, 0, 0, 0, 1, 128 },
    { "mx_dot_batch E4M3 K=32",        32, 0, 0, 0, 1, 0, 1 },
    { "mx_dot_batch E2M1xE2M1 K=32",   32, 4, 4, 0, 1, 0, 1 },
    { "mx_dot_batch E4M3 K=32 typical",32, 0, 0, 1, 1, 0, 1 }
};
#define NCASES (sizeof cases / sizeof cases[0])

static mx_vector v;

static double cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

static double median(double *t, int n)
{
    qsort(t, (size_t)n, sizeof t[0], cmp_double);
    return t[n / 2];
}

/* A finite code of format f from the byte x (the oracle says which codes
 * are finite; the reference is not asked). */
static uint8_t finite_in(unsigned f, uint8_t x)
{
    x &= (uint8_t)((1u << oracle_fmt_width(f)) - 1u);
    while (oracle_elem_class(f, x) >= ORACLE_INF)
        x = (uint8_t)(x - 1u);
    return x;
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fprintf(stderr, "bench_ref: out of memory\n");
        exit(2);
    }
    return p;
}

/* The groups of one case. */
static void make_groups(const bench_case *bc, unsigned long n, groups *g)
{
    unsigned long i;
    size_t j, k = bc->k;
    uint64_t s = 0x9E3779B97F4A7C15ull;
    g->k = k;
    g->fa = bc->fa;
    g->fb = bc->fb;
    g->n = n;
    g->a = xmalloc(n * k);
    g->b = xmalloc(n * k);
    g->xa = xmalloc(n);
    g->xb = xmalloc(n);
    g->rm = xmalloc(n);
    g->c = xmalloc(n * sizeof *g->c);
    g->d = xmalloc(n * sizeof *g->d);
    g->fl = xmalloc(n);
    for (i = 0; i < n; i++) {
        if (bc->typical) {
            for (j = 0; j < k; j++) {
                s = mx_gen_mix(s);
                g->a[i * k + j] = finite_in(bc->fa, (uint8_t)s);
                g->b[i * k + j] = finite_in(bc->fb, (uint8_t)(s >> 8));
            }
            s = mx_gen_mix(s);
            g->xa[i] = (uint8_t)(121 + (s & 3));
            g->xb[i] = (uint8_t)(121 + ((s >> 2) & 3));
            g->rm[i] = (uint8_t)((s >> 8) % 5);
            /* c: a binary32 of magnitude 2^-4 .. 2^4, either sign */
            g->c[i] = (uint32_t)(s >> 32) % 0x04000000u + 0x3D800000u;
            g->c[i] |= (uint32_t)(s >> 16) << 31;
            continue;
        }
        mx_gen_block(1, i, k, &v);
        for (j = 0; j < k; j++) {
            g->a[i * k + j] = bc->fa ? finite_in(bc->fa, v.a[j]) : v.a[j];
            g->b[i * k + j] = bc->fb ? finite_in(bc->fb, v.b[j]) : v.b[j];
        }
        g->xa[i] = v.xa;
        g->xb[i] = v.xb;
        g->c[i] = v.c;
        g->rm[i] = (uint8_t)v.rm;
    }
}

static void free_groups(groups *g)
{
    free(g->a);
    free(g->b);
    free(g->xa);
    free(g->xb);
    free(g->rm);
    free(g->c);
    free(g->d);
    free(g->fl);
}

/* One pass of a case over its groups, old (the definition) or new (the
 * fast path); a checksum of the results. Not inlined: tests/bench_instr.sh
 * counts its instructions. The batch takes one rm for all its groups (the
 * API's), the first group's. */
__attribute__((noinline)) uint32_t run_case(const bench_case *bc, const groups *g, int fast);
__attribute__((noinline)) uint32_t run_case(const bench_case *bc, const groups *g, int fast)
{
    uint32_t sum = 0;
    unsigned long i;
    unsigned f;
    size_t k = g->k;
    if (bc->batch) {
        if (fast) {
            mx_dot_batch(g->n, k, g->a, g->b, g->fa, g->fb, g->xa, g->xb, g->c, g->rm[0],
                         g->d, g->fl);
        } else {
            for (i = 0; i < g->n; i++) {
                g->d[i] = mx_dot_fmt_ref(k, g->a + i * k, g->b + i * k, g->fa, g->fb,
                                         g->xa[i], g->xb[i], g->c[i], g->rm[0], &f);
                g->fl[i] = (uint8_t)f;
            }
        }
        for (i = 0; i < g->n; i++)
            sum += g->d[i] + g->fl[i];
        return sum;
    }
    for (i = 0; i < g->n; i++) {
        const uint8_t *a = g->a + i * k, *b = g->b + i * k;
        uint32_t d;
        if (bc->dot)
            d = fast ? mx_dot(k, a, b, g->xa[i], g->xb[i], g->c[i], g->rm[i], &f)
                     : mx_dot_ref(k, a, b, g->xa[i], g->xb[i], g->c[i], g->rm[i], &f);
        else
            d = fast ? mx_dot_fmt(k, a, b, g->fa, g->fb, g->xa[i], g->xb[i], g->c[i],
                                  g->rm[i], &f)
                     : mx_dot_fmt_ref(k, a, b, g->fa, g->fb, g->xa[i], g->xb[i],
                                      g->c[i], g->rm[i], &f);
        sum += d + f;
    }
    return sum;
}

/* CPU ns per group of one pass, repeated so that a pass lasts about 20 ms. */
static double time_case(const bench_case *bc, const groups *g, int fast, uint32_t *sink)
{
    int reps = 1, r;
    double t0, t;
    for (;;) {
        t0 = cpu_ns();
        for (r = 0; r < reps; r++)
            *sink += run_case(bc, g, fast);
        t = cpu_ns() - t0;
        if (t > 2e7 || reps >= 1024)
            return t / ((double)g->n * reps);
        reps *= 2;
    }
}

static int instr_mode(int argc, char **argv)
{
    unsigned long n = tl_arg_count(argc, argv, 20000), c = strtoul(argv[2], NULL, 10);
    groups g;
    uint32_t sink;
    if (c >= NCASES || (strcmp(argv[3], "old") != 0 && strcmp(argv[3], "new") != 0)) {
        fprintf(stderr, "bench_ref --instr: CASE 0..%lu, then old or new\n",
                (unsigned long)NCASES - 1);
        return 2;
    }
    n /= cases[c].div;
    make_groups(&cases[c], n ? n : 1, &g);
    sink = run_case(&cases[c], &g, strcmp(argv[3], "new") == 0);
    printf("%lu groups of K=%lu: %s (checksum %08lX)\n", g.n, (unsigned long)g.k,
           cases[c].name, (unsigned long)sink);
    free_groups(&g);
    return 0;
}

int main(int argc, char **argv)
{
    unsigned long n = tl_arg_count(argc, argv, 100000), i;
    static double t_old[NCASES][RUNS], t_new[NCASES][RUNS];
    static groups gs[NCASES];
    uint32_t sink = 0;
    double to[RUNS], tn[RUNS];
    size_t c;
    int run;

    if (argc >= 4 && strcmp(argv[1], "--instr") == 0)
        return instr_mode(argc, argv);
    if (n == 0) {
        fprintf(stderr, "bench_ref: --count must be at least 1\n");
        return 2;
    }
    for (c = 0; c < NCASES; c++) {
        unsigned long m = n / cases[c].div;
        make_groups(&cases[c], m ? m : 1, &gs[c]);
    }
    /* the results of the two paths agree (tests/test_fast.c checks it in
     * depth): a wrong fast path would make its speed meaningless */
    for (c = 0; c < NCASES; c++)
        if (run_case(&cases[c], &gs[c], 0) != run_case(&cases[c], &gs[c], 1))
            printf("  WARNING: %s: the two paths disagree\n", cases[c].name);
    for (run = 0; run < RUNS; run++)
        for (c = 0; c < NCASES; c++) {
            t_old[c][run] = time_case(&cases[c], &gs[c], 0, &sink);
            t_new[c][run] = time_case(&cases[c], &gs[c], 1, &sink);
        }
    printf("bench-ref: CPU ns per group, median of %d runs alternating the paths;"
           " fast path sum: %s\n", RUNS, mx_fast_path_name());
    printf("  %-32s %12s %12s %9s\n", "case (groups)", "definition", "fast path", "speed-up");
    for (c = 0; c < NCASES; c++) {
        double o = median(t_old[c], RUNS), f = median(t_new[c], RUNS);
        printf("  %-32s %9.1f ns %9.1f ns %8.2fx   (%lu groups)\n", cases[c].name, o, f,
               o / f, gs[c].n);
    }
    printf("  definition: mx_dot_ref / mx_dot_fmt_ref (and a loop of it for the batch),\n"
           "  the integer path mx_dot and mx_dot_fmt took before the fast path;\n"
           "  (*) E5M2 pairs keep the integer path in both columns.\n");
    printf("  (checksum %08lX)\n", (unsigned long)sink);

    /* the oracle, for scale: E4M3 K=32, the mxgen groups */
    {
        const groups *g = &gs[0];
        unsigned f;
        unsigned long m = g->n < 20000 ? g->n : 20000;
        sink += oracle_dot(32, g->a, g->b, 0x7F, 0x7F, 0, 0, &f);  /* its tables */
        for (run = 0; run < 5; run++) {
            double t0 = cpu_ns();
            for (i = 0; i < m; i++)
                sink += oracle_dot(32, g->a + i * 32, g->b + i * 32, g->xa[i], g->xb[i],
                                   g->c[i], g->rm[i], &f) + f;
            to[run] = (cpu_ns() - t0) / (double)m;
            tn[run] = time_case(&cases[0], g, 1, &sink);
        }
        printf("bench-ref: the MPFR oracle (tests/oracle.c), E4M3 K=32 mxgen: %.0f ns per group,"
               " %.0fx the fast path\n", median(to, 5), median(to, 5) / median(tn, 5));
        printf("  (checksum %08lX)\n", (unsigned long)sink);
    }
    for (c = 0; c < NCASES; c++)
        free_groups(&gs[c]);
    return 0;
}
