/*
 * bench_gen.c - the generator's speed (issue 11: the co-simulation spends a
 * quarter of its time there), side by side in one run: today's ref/mxgen.c
 * (mx_gen_group) against the generator before the speed work (a frozen
 * copy, tests/mxgen_base.c: base_gen_group), over the same indices and
 * configurations. Reports only; asserts nothing (the generator's
 * properties are tested by tests/test_tool.sh and the co-simulation's
 * --require-coverage).
 *
 *   bench_gen [--count N]      N groups per case (default 200000, or
 *                              MX_TEST_COUNT; the mixed-length cases use
 *                              N/16: their groups are ~25x longer)
 *   bench_gen --kinds [--count N]
 *                              also ns per group of each kind, case 0
 *   bench_gen --instr CASE old|new [--count N]
 *                              run one case's loop once (for callgrind:
 *                              tests/bench_gen_instr.sh counts instructions
 *                              per group of run_case)
 *
 * Times are CPU time (CLOCK_PROCESS_CPUTIME_ID, so that other jobs on a
 * shared machine count less), per group, the median of RUNS runs in which
 * old and new alternate; the ratio is old / new. The configurations are the
 * co-simulation's (tb/mxdot_sim.c: the reserved codes 6, 7 and reserved
 * modes on, the lane count 32): E4M3 groups of K = 32, every format with
 * K = 32, every format with K = 1..4096 (the default regression); and
 * mx_gen_block(seed, i, 32), what `mxdot gen` writes.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mxgen.h"
#include "mxgen_base.h"
#include "testlib.h"

#define RUNS 11
#define SEED 1u

typedef struct {
    const char   *name;
    mx_gen_config cfg;   /* kmax, lanes, formats, fixed_k, reserved_rm */
    int           block; /* 1: mx_gen_block(seed, i, kmax) instead */
    unsigned long div;   /* groups: N / div */
} bench_case;

static const bench_case cases[] = {
    { "co-sim E4M3 K=32",              {   32, 32, 0xC1u, 1, 1 }, 0,  1 },
    { "mx_gen_block K=32 (mxdot gen)", {   32,  0, 0x01u, 1, 0 }, 1,  1 },
    { "co-sim all formats K=32",       {   32, 32, 0xFFu, 1, 1 }, 0,  1 },
    { "co-sim all formats K=1..4096",  { 4096, 32, 0xFFu, 0, 1 }, 0, 16 },
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

static int generate(const bench_case *bc, uint64_t i, int new_gen)
{
    if (bc->block)
        return new_gen ? mx_gen_block(SEED, i, bc->cfg.kmax, &v)
                       : base_gen_block(SEED, i, bc->cfg.kmax, &v);
    return new_gen ? mx_gen_group(SEED, i, &bc->cfg, &v) : base_gen_group(SEED, i, &bc->cfg, &v);
}

/* One pass of a case over groups from..from+n-1 (step `step`), old or new;
 * a checksum of what was generated (so nothing is optimized away) and the
 * elements generated. Not inlined: tests/bench_gen_instr.sh counts its
 * instructions. */
__attribute__((noinline)) uint32_t run_case(const bench_case *bc, uint64_t from, uint64_t step,
                                            unsigned long n, int new_gen, unsigned long *elems);
__attribute__((noinline)) uint32_t run_case(const bench_case *bc, uint64_t from, uint64_t step,
                                            unsigned long n, int new_gen, unsigned long *elems)
{
    uint32_t sum = 0;
    unsigned long i, e = 0;
    for (i = 0; i < n; i++) {
        sum += (uint32_t)generate(bc, from + i * step, new_gen);
        sum += v.c + v.xa + v.a[v.k - 1] + v.b[0];
        e += v.k;
    }
    *elems = e;
    return sum;
}

/* CPU ns per group of one pass. */
static double time_case(const bench_case *bc, unsigned long n, int new_gen, uint32_t *sink,
                        double *per_elem)
{
    unsigned long e;
    double t0 = cpu_ns(), t;
    *sink += run_case(bc, 0, 1, n, new_gen, &e);
    t = cpu_ns() - t0;
    *per_elem = t / (double)e;
    return t / (double)n;
}

static int instr_mode(int argc, char **argv)
{
    unsigned long n = tl_arg_count(argc, argv, 20000), c = strtoul(argv[2], NULL, 10), e;
    int new_gen;
    uint32_t sink;
    if (c >= NCASES || (strcmp(argv[3], "old") != 0 && strcmp(argv[3], "new") != 0)) {
        fprintf(stderr, "bench_gen --instr: CASE 0..%lu, then old or new\n",
                (unsigned long)NCASES - 1);
        return 2;
    }
    new_gen = strcmp(argv[3], "new") == 0;
    n /= cases[c].div;
    if (n < 1) n = 1;
    sink = run_case(&cases[c], 0, 1, n, new_gen, &e);
    printf("%lu groups, %lu elements: %s (checksum %08X)\n", n, e, cases[c].name, (unsigned)sink);
    return 0;
}

/* ns per group of each kind of case 0: indices of one slot of the 32-slot
 * kind cycle at a time (slot 31 is also the reserved slot every other
 * time). */
static void kinds_table(unsigned long n, uint32_t *sink)
{
    static const char *const names[MX_GEN_KINDS + 1] = {
        "random", "typical", "tie", "cancel", "overflow", "underflow", "sticky",
        "zeros", "special", "tiny", "deep", "inf", "spread", "reserved", "?"
    };
    double t_old[MX_GEN_KINDS][RUNS], t_new[MX_GEN_KINDS][RUNS];
    unsigned long per = n / 32 < 1000 ? 1000 : n / 32, e;
    int seen[MX_GEN_KINDS] = {0}, kind_of_slot[32];
    unsigned slot;
    int run, k;
    for (slot = 0; slot < 32; slot++) {
        kind_of_slot[slot] = generate(&cases[0], slot + 32, 1);  /* slot 31, index 63: no reserved */
        seen[kind_of_slot[slot]] = 1;
    }
    for (k = 0; k < MX_GEN_KINDS; k++)
        if (seen[k])
            for (run = 0; run < RUNS; run++) {
                double t;
                int new_gen;
                for (new_gen = 0; new_gen < 2; new_gen++) {
                    double sum = 0;
                    unsigned long cnt = 0;
                    for (slot = 0; slot < 32; slot++) {
                        if (kind_of_slot[slot] != k) continue;
                        t = cpu_ns();
                        /* index = slot + 64 j: never the reserved slot */
                        *sink += run_case(&cases[0], slot, 64, per, new_gen, &e);
                        sum += cpu_ns() - t;
                        cnt += per;
                    }
                    (new_gen ? t_new : t_old)[k][run] = sum / (double)cnt;
                }
            }
    printf("\nper kind, %s (ns per group, median of %d):\n", cases[0].name, RUNS);
    printf("  %-12s %10s %10s %8s\n", "kind", "old", "new", "ratio");
    for (k = 0; k < MX_GEN_KINDS; k++)
        if (seen[k]) {
            double o = median(t_old[k], RUNS), f = median(t_new[k], RUNS);
            printf("  %-12s %10.1f %10.1f %7.2fx\n", names[k], o, f, o / f);
        }
}

int main(int argc, char **argv)
{
    unsigned long n;
    static double t_old[NCASES][RUNS], t_new[NCASES][RUNS], e_old[NCASES][RUNS], e_new[NCASES][RUNS];
    uint32_t sink = 0;
    size_t c;
    int run, i, kinds = 0;
    if (argc >= 4 && strcmp(argv[1], "--instr") == 0)
        return instr_mode(argc, argv);
    for (i = 1; i < argc; i++)
        if (strcmp(argv[i], "--kinds") == 0) kinds = 1;
    n = tl_arg_count(argc, argv, 200000);
    printf("bench-gen: ns per generated group (CPU time, median of %d alternating runs),\n"
           "  ref/mxgen.c today (new) against the generator before issue 11 (old,\n"
           "  tests/mxgen_base.c), seed %u, %lu groups per K=32 case\n", RUNS, SEED, n);
    for (run = 0; run < RUNS; run++)
        for (c = 0; c < NCASES; c++) {
            unsigned long m = n / cases[c].div ? n / cases[c].div : 1;
            t_old[c][run] = time_case(&cases[c], m, 0, &sink, &e_old[c][run]);
            t_new[c][run] = time_case(&cases[c], m, 1, &sink, &e_new[c][run]);
        }
    printf("  %-32s %10s %10s %8s %12s %12s\n", "case", "old ns", "new ns", "ratio",
           "old ns/elem", "new ns/elem");
    for (c = 0; c < NCASES; c++) {
        double o = median(t_old[c], RUNS), f = median(t_new[c], RUNS);
        printf("  %-32s %10.1f %10.1f %7.2fx %12.2f %12.2f\n", cases[c].name, o, f, o / f,
               median(e_old[c], RUNS), median(e_new[c], RUNS));
    }
    if (kinds)
        kinds_table(n, &sink);
    printf("(checksum %08X)\n", (unsigned)sink);
    return 0;
}
