/*
 * bw_vectors.c - expected results of an accumulation model (ref/mxmodel.h)
 * for the co-simulation of the Blackwell-compatible unit synth/conv/mxdot_bw.v,
 * and that model's error against the exact reference.
 *
 *   bw_vectors eval [--model SPEC] [--skip-uncarried] [FILE]
 *       read groups (SPEC section 3; results ignored) and write each with
 *       the model's D FLAGS; comments and blank lines pass through. Feeds
 *       `mxdot-sim --vectors OUT --check`. --skip-uncarried: a group with a
 *       format code 0..5 that the model does not carry (INT8 for blackwell)
 *       is written as a comment line instead (a build of the unit without
 *       that format cannot take it; the reserved codes 6 and 7 stay).
 *   bw_vectors gen --seed S --count N [--kmax K] [--lanes L] [--model SPEC]
 *       N groups of mx_gen_group (lengths 1..K shaped for L lanes, every
 *       format the model carries plus the reserved codes 6 and 7, reserved
 *       rm too) with the model's D FLAGS.
 *   bw_vectors compare --seed S --count N [--k K] [--model SPEC]
 *       the model against mx_dot_fmt on N generated E4M3 groups of K: per
 *       kind of group, the share of results that differ from the exact
 *       unit's in RTZ and in RNE, and the distance to the exact RNE result
 *       in binary32 ulps (largest, mean); a markdown table on stdout.
 *
 * SPEC defaults to "blackwell"; "blackwell,chunk=8" is the model of an
 * 8-lane build of the unit (a beat is a chunk). Bad input: a message naming
 * the file, line and field, exit 2.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mxdot.h"
#include "mxgen.h"
#include "mxmodel.h"
#include "mxvec.h"

static const char *prog = "bw_vectors";

static int usage(void)
{
    fprintf(stderr,
            "usage: %s eval [--model SPEC] [--skip-uncarried] [FILE]\n"
            "       %s gen --seed S --count N [--kmax K] [--lanes L] [--model SPEC]\n"
            "       %s compare --seed S --count N [--k K] [--model SPEC]\n"
            "SPEC: an accumulation model of ref/mxmodel.h (default blackwell).\n",
            prog, prog, prog);
    return 2;
}

static uint32_t model_dot(const mx_model *m, mx_vector *v)
{
    unsigned f = 0;
    uint32_t d = mx_model_dot(m, v->k, v->a, v->b, v->fa, v->fb, v->xa, v->xb, v->c, v->rm, &f);
    v->d = d;
    v->flags = f;
    v->has_result = 1;
    return d;
}

static int write_or_fail(const mx_vector *v)
{
    if (mx_vec_write(stdout, v, 1) != 0) {
        fprintf(stderr, "%s: write error\n", prog);
        return -1;
    }
    return 0;
}

static int uncarried(const mx_model *m, unsigned fmt)
{
    return !m->exact && fmt < MX_FMT_COUNT && !((m->formats >> fmt) & 1u);
}

static int cmd_eval(const mx_model *m, const char *path, int skip)
{
    static mx_vector v;
    static mx_reader r;
    char err[256];
    int st, rc = 0;
    if (mx_reader_open(&r, path, err, sizeof err)) {
        fprintf(stderr, "%s: %s\n", prog, err);
        return 2;
    }
    r.want_comments = 1;
    while ((st = mx_reader_next(&r, &v, err, sizeof err)) > 0) {
        if (st == 2) {
            if (fputs(r.buf, stdout) == EOF || (!r.more && putchar('\n') == EOF)) {
                rc = 2;
                break;
            }
            continue;
        }
        if (skip && (uncarried(m, v.fa) || uncarried(m, v.fb))) {
            if (printf("# not carried by the model (line %lu): ", r.line) < 0
                || mx_vec_write(stdout, &v, 0) != 0) {
                fprintf(stderr, "%s: write error\n", prog);
                rc = 2;
                break;
            }
            continue;
        }
        model_dot(m, &v);
        if (write_or_fail(&v)) {
            rc = 2;
            break;
        }
    }
    mx_reader_close(&r);
    if (st < 0) {
        fprintf(stderr, "%s: %s\n", prog, err);
        return 2;
    }
    return rc;
}

static int cmd_gen(const mx_model *m, const char *spec, uint64_t seed, uint64_t count,
                   size_t kmax, size_t lanes)
{
    static mx_vector v;
    mx_gen_config cfg;
    uint64_t i;
    memset(&cfg, 0, sizeof cfg);
    cfg.kmax = kmax;
    cfg.lanes = lanes;
    cfg.formats = (m->exact ? MX_FMT_ALL : m->formats) | 0xC0u; /* the reserved codes too */
    cfg.reserved_rm = 1;
    printf("# %" PRIu64 " groups of mx_gen_group(seed %" PRIu64 "), K 1..%zu for %zu lanes, "
           "results of the model '%s' (synth/conv/bw_vectors gen)\n",
           count, seed, kmax, lanes, spec);
    for (i = 0; i < count; i++) {
        mx_gen_group(seed, i, &cfg, &v);
        model_dot(m, &v);
        if (write_or_fail(&v))
            return 2;
    }
    return 0;
}

/* Signed-magnitude order of binary32 codes: adjacent floats differ by 1. */
static int64_t f32_order(uint32_t x)
{
    int64_t mag = (int64_t)(x & 0x7FFFFFFFu);
    return (x >> 31) ? -mag : mag;
}

typedef struct {
    uint64_t n, differ_rtz, differ_rne, nan_mismatch;
    uint64_t *ulps;          /* distance to exact RNE of every finite result */
    size_t   nulps, cap;
} stats;

static int same_value(uint32_t x, uint32_t y)
{
    return x == y || (mx_f32_is_nan(x) && mx_f32_is_nan(y)); /* any NaN encoding */
}

static void add(stats *s, uint32_t got, uint32_t rtz, uint32_t rne)
{
    int64_t u;
    s->n++;
    s->differ_rtz += !same_value(got, rtz);
    s->differ_rne += !same_value(got, rne);
    if (mx_f32_is_nan(got) || mx_f32_is_nan(rne)) {
        s->nan_mismatch += !same_value(got, rne);
        return;
    }
    u = f32_order(got) - f32_order(rne);
    if (s->nulps == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 1024;
        s->ulps = realloc(s->ulps, s->cap * sizeof *s->ulps);
        if (!s->ulps) {
            fprintf(stderr, "%s: out of memory\n", prog);
            exit(2);
        }
    }
    s->ulps[s->nulps++] = (uint64_t)(u < 0 ? -u : u);
}

static int cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

/* The q-quantile (0..1) of the sorted distances. */
static uint64_t quantile(const stats *s, double q)
{
    size_t i = (size_t)(q * (double)(s->nulps - 1) + 0.5);
    return s->ulps[i];
}

static void row(const char *name, stats *s)
{
    size_t i, within1 = 0;
    if (!s->n)
        return;
    qsort(s->ulps, s->nulps, sizeof *s->ulps, cmp_u64);
    for (i = 0; i < s->nulps; i++)
        within1 += s->ulps[i] <= 1;
    printf("| %s | %" PRIu64 " | %.2f%% | %.2f%% | %.2f%% | %" PRIu64 " | %" PRIu64 " | %" PRIu64 " |\n", name,
           s->n, 100.0 * (double)s->differ_rtz / (double)s->n,
           100.0 * (double)s->differ_rne / (double)s->n,
           s->nulps ? 100.0 * (double)within1 / (double)s->nulps : 100.0,
           s->nulps ? quantile(s, 0.5) : 0, s->nulps ? quantile(s, 0.99) : 0,
           s->nulps ? s->ulps[s->nulps - 1] : 0);
    free(s->ulps);
    s->ulps = NULL;
}

static int cmd_compare(const mx_model *m, const char *spec, uint64_t seed, uint64_t count,
                       size_t k)
{
    static mx_vector v;
    static stats kinds[MX_GEN_KINDS];
    stats all;
    uint64_t i;
    int kd;
    memset(&all, 0, sizeof all);
    for (i = 0; i < count; i++) {
        unsigned f;
        uint32_t got, rtz, rne;
        kd = mx_gen_block(seed, i, k, &v);
        got = mx_model_dot(m, v.k, v.a, v.b, 0, 0, v.xa, v.xb, v.c, v.rm, &f);
        rtz = mx_dot_fmt(v.k, v.a, v.b, 0, 0, v.xa, v.xb, v.c, MX_RTZ, &f);
        rne = mx_dot_fmt(v.k, v.a, v.b, 0, 0, v.xa, v.xb, v.c, MX_RNE, &f);
        if (kd >= 0 && kd < MX_GEN_KINDS)
            add(&kinds[kd], got, rtz, rne);
        add(&all, got, rtz, rne);
    }
    printf("Model '%s' against the exact reference (mx_dot_fmt) on %" PRIu64 " E4M3 groups of\n"
           "K = %zu (mx_gen_block, seed %" PRIu64 ": random data and the hard cases of the\n"
           "exact unit's regression). The model truncates in every mode; the exact unit is\n"
           "taken in RTZ (its own truncation) and in RNE. ulp = distance to the exact RNE\n"
           "result in binary32 codes (adjacent floats differ by 1; NaN results left out,\n"
           "any NaN encoding counts as the same value).\n\n",
           spec, count, k, seed);
    printf("| groups | count | differ from exact RTZ | differ from exact RNE | within 1 ulp | median ulp | p99 ulp | largest ulp |\n");
    printf("|---|--:|--:|--:|--:|--:|--:|--:|\n");
    row("all", &all);
    for (kd = 0; kd < MX_GEN_KINDS; kd++)
        row(mx_gen_kind_name(kd), &kinds[kd]);
    return 0;
}

static int parse_u64(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long x;
    if (!s || !*s || *s == '-')
        return -1;
    x = strtoull(s, &end, 0);
    if (*end)
        return -1;
    *out = (uint64_t)x;
    return 0;
}

int main(int argc, char **argv)
{
    const char *cmd, *spec = "blackwell", *path = NULL;
    uint64_t seed = 1, count = 1000, kmax = 32, lanes = 32, k = 32;
    int have_seed = 0, have_count = 0, skip = 0, a;
    mx_model m;
    char err[200];

    if (argc < 2)
        return usage();
    cmd = argv[1];
    for (a = 2; a < argc; a++) {
        const char *opt = argv[a], *val = a + 1 < argc ? argv[a + 1] : NULL;
        uint64_t *num = NULL;
        if (!strcmp(opt, "--model")) {
            if (!val)
                return usage();
            spec = val;
            a++;
            continue;
        }
        if (!strcmp(cmd, "eval") && !strcmp(opt, "--skip-uncarried")) {
            skip = 1;
            continue;
        }
        if (!strcmp(opt, "--seed")) num = &seed, have_seed = 1;
        else if (!strcmp(opt, "--count")) num = &count, have_count = 1;
        else if (!strcmp(opt, "--kmax")) num = &kmax;
        else if (!strcmp(opt, "--lanes")) num = &lanes;
        else if (!strcmp(opt, "--k")) num = &k;
        if (num) {
            if (parse_u64(val, num)) {
                fprintf(stderr, "%s: %s %s: not a number\n", prog, opt, val ? val : "(missing)");
                return 2;
            }
            a++;
            continue;
        }
        if (!strcmp(cmd, "eval") && !path && opt[0] != '-') {
            path = opt;
            continue;
        }
        if (!strcmp(cmd, "eval") && !path && !strcmp(opt, "-")) {
            path = opt;
            continue;
        }
        fprintf(stderr, "%s: unexpected argument '%s'\n", prog, opt);
        return usage();
    }
    if (mx_model_parse(spec, &m, err, sizeof err)) {
        fprintf(stderr, "%s: --model %s: %s\n", prog, spec, err);
        return 2;
    }
    if (!strcmp(cmd, "eval"))
        return cmd_eval(&m, path, skip);
    if ((!strcmp(cmd, "gen") || !strcmp(cmd, "compare")) && (!have_seed || !have_count)) {
        fprintf(stderr, "%s: %s needs --seed S and --count N\n", prog, cmd);
        return 2;
    }
    if (kmax < 1 || kmax > MX_K_MAX || k < 1 || k > MX_K_MAX || lanes < 1 || lanes > MX_K_MAX) {
        fprintf(stderr, "%s: --kmax, --k and --lanes must be 1..%u\n", prog, (unsigned)MX_K_MAX);
        return 2;
    }
    if (!strcmp(cmd, "gen"))
        return cmd_gen(&m, spec, seed, count, (size_t)kmax, (size_t)lanes);
    if (!strcmp(cmd, "compare"))
        return cmd_compare(&m, spec, seed, count, (size_t)k);
    return usage();
}
