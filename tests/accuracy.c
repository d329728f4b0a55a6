/*
 * accuracy.c - what exact accumulation buys (docs/accuracy.md): the exact
 * unit against the truncating models of ref/mxmodel.h on MX-quantized data.
 *
 *   accuracy [--trials N] [--seed S] OUTDIR
 *
 * For each data set (Gaussian, heavy-tailed with outlier channels,
 * cancelling), reduction length K (4096, 7168) and scale group (32, 128):
 * N dot products of real-valued activations and weights, quantized to MXFP8
 * (E4M3, UE8M0 scales) by the reference's quantizer (mx_quantize_fmt,
 * round-up scales as cuBLAS and DeepGEMM). Every model computes the GEMM K
 * loop: group after group, its result fed back as the next group's c.
 * Errors are measured against the exact dot product of the quantized
 * inputs, computed here with GNU MPFR (each group's sum is exact in a
 * double, see NOTES; groups are added in MPFR without rounding).
 *
 * K = 32 and 128 as one group with c = 0 show one group's error alone.
 * Writes OUTDIR/summary.md (tables), OUTDIR/err_<model>.dat (signed error in
 * ulps, one per line, Gaussian K = 7168 groups of 128), OUTDIR/ksweep.dat
 * (mean |relative error| against K) and OUTDIR/repro.dat (lane order and
 * lane count experiment); scripts/accuracy/plot.gp draws them.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <math.h>
#include <mpfr.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mxdot.h"
#include "mxmodel.h"
#include "testlib.h"

#define K_MAX 16384u

enum { M_EXACT, M_BLACKWELL, M_HOPPER, M_HOPPER_PROMOTE, M_CONV, M_COUNT };
static const char *const model_names[M_COUNT] = { "exact", "blackwell", "hopper",
                                                  "hopper+promote", "conv" };
static const char *const model_files[M_COUNT] = { "exact", "blackwell", "hopper",
                                                  "hopper-promote", "conv" };
static const char *const model_help[M_COUNT] = {
    "the exact unit (SPEC), RNE, one rounding per group",
    "Blackwell preset: 32-element chunks, 25 bits, truncated, RZ",
    "Hopper preset over the whole K in the tensor core (13 bits, RZ to 14 bits)",
    "Hopper per group, promoted to an FP32 (RNE) accumulator per group (DeepSeek-V3)",
    "the conventional two-step unit of tests/conv_model.c (32 lanes, 22 bits, RNE sum, RNE add)",
};

enum { D_GAUSS, D_OUTLIER, D_CANCEL, D_COUNT };
static const char *const data_names[D_COUNT] = { "gaussian", "outliers", "cancelling" };

/* ---- data ---- */

static double uniform01(tl_rng *r)
{
    return ((double)(tl_rng_next(r) >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

static double normal(tl_rng *r)
{
    return sqrt(-2.0 * log(uniform01(r))) * cos(6.283185307179586 * uniform01(r));
}

/* Student t with 3 degrees of freedom: heavy tails, finite variance. */
static double student3(tl_rng *r)
{
    double z = normal(r), a = normal(r), b = normal(r), c = normal(r);
    return z / sqrt((a * a + b * b + c * c) / 3.0);
}

static uint32_t f32_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static float f32_value(uint32_t u)
{
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

/* Activations x and weights w of length k for data set `set`:
 *   gaussian:   x ~ N(0,1), w ~ N(0, 0.02^2)
 *   outliers:   x ~ N(0,1) with 1% outlier channels (x 50), w ~ t(3) * 0.02
 *   cancelling: gaussian, but the second half repeats the first with w
 *               negated (same groups, same scales: the products cancel
 *               exactly) except 2% of the pairs, whose x moves by ~30%:
 *               the running sum climbs, then falls back to a small rest. */
static void make_data(int set, size_t k, tl_rng *r, float *x, float *w)
{
    size_t i;
    for (i = 0; i < k; i++) {
        x[i] = (float)normal(r);
        w[i] = (float)(0.02 * (set == D_OUTLIER ? student3(r) : normal(r)));
        if (set == D_OUTLIER && i % 97 == 13)
            x[i] *= 50.0f;
    }
    if (set == D_CANCEL)
        for (i = k / 2; i < k; i++) {
            x[i] = x[i - k / 2];
            w[i] = -w[i - k / 2];
            if (i % 50 == 7) /* 2% of the pairs do not cancel */
                x[i] *= (float)(1.0 + 0.3 * normal(r));
        }
}

typedef struct {
    size_t  k, group;
    uint8_t a[K_MAX], b[K_MAX];
    uint8_t xa[K_MAX / 32], xb[K_MAX / 32];
} mx_pair;

static void quantize(const float *x, const float *w, size_t k, size_t group, mx_pair *q)
{
    static uint32_t bx[K_MAX], bw[K_MAX];
    unsigned f = 0;
    size_t i;
    for (i = 0; i < k; i++) {
        bx[i] = f32_bits(x[i]);
        bw[i] = f32_bits(w[i]);
    }
    q->k = k;
    q->group = group;
    mx_quantize_fmt(MX_FMT_E4M3, k, group, bx, q->a, q->xa, MX_SCALE_CEIL, MX_SATURATE, &f);
    mx_quantize_fmt(MX_FMT_E4M3, k, group, bw, q->b, q->xb, MX_SCALE_CEIL, MX_SATURATE, &f);
}

/* ---- the exact value ---- */

/* The exact dot product of the quantized pair into v (MPFR, enough bits:
 * every group sum is exact in a double, scales are powers of two). */
static void exact_dot(const mx_pair *q, mpfr_t v)
{
    size_t g, i, groups = (q->k + q->group - 1) / q->group;
    mpfr_set_zero(v, 1);
    for (g = 0; g < groups; g++) {
        double s = 0.0;
        for (i = g * q->group; i < (g + 1) * q->group && i < q->k; i++)
            s += (double)f32_value(mx_e4m3_to_f32(q->a[i])) *
                 (double)f32_value(mx_e4m3_to_f32(q->b[i]));
        mpfr_add_d(v, v, ldexp(s, mx_ue8m0_exp(q->xa[g]) + mx_ue8m0_exp(q->xb[g])), MPFR_RNDN);
    }
}

/* ---- the models: the K loop, group after group ---- */

static uint32_t run_model(int model, const mx_model *mm, const mx_pair *q)
{
    size_t g, groups = (q->k + q->group - 1) / q->group;
    uint32_t d = 0;
    float acc = 0.0f;
    for (g = 0; g < groups; g++) {
        size_t off = g * q->group, n = q->k - off < q->group ? q->k - off : q->group;
        unsigned f;
        if (model == M_HOPPER_PROMOTE) {
            /* tensor core on the unscaled group, then partial * scales added
             * in binary32 on the CUDA cores (DeepGEMM) */
            uint32_t p = mx_model_dot(mm, n, q->a + off, q->b + off, 0, 0, 127, 127, 0,
                                      MX_RTZ, &f);
            float part = ldexpf(f32_value(p), mx_ue8m0_exp(q->xa[g]) + mx_ue8m0_exp(q->xb[g]));
            acc += part;
            d = f32_bits(acc);
        } else {
            d = mx_model_dot(mm, n, q->a + off, q->b + off, 0, 0, q->xa[g], q->xb[g], d, MX_RNE,
                             &f);
        }
    }
    return d;
}

/* ---- errors ---- */

/* binary32 codes in value order: adjacent floats differ by 1 */
static int64_t f32_order(uint32_t x)
{
    int64_t m = (int64_t)(x & 0x7FFFFFFFu);
    return (x >> 31) ? -m : m;
}

/* (d - v) in units of the binary32 ulp of v, and |d - v| / |v|. */
static void errors(uint32_t d, mpfr_t v, mpfr_t t, double *ulps, double *rel)
{
    long e;
    double vd = mpfr_get_d(v, MPFR_RNDN);
    mpfr_sub_d(t, v, (double)f32_value(d), MPFR_RNDN); /* t = v - d */
    mpfr_neg(t, t, MPFR_RNDN);                          /* t = d - v */
    if (vd == 0.0) { /* ulps of the smallest normal; a non-zero d is 100% off */
        *rel = mpfr_get_d(t, MPFR_RNDN) == 0.0 ? 0.0 : 1.0;
        *ulps = ldexp(mpfr_get_d(t, MPFR_RNDN), 149);
        return;
    }
    *rel = fabs(mpfr_get_d(t, MPFR_RNDN) / vd);
    mpfr_get_d_2exp(&e, v, MPFR_RNDN); /* |v| = m * 2^e, 0.5 <= m < 1 */
    e -= 1;                            /* 2^e <= |v| < 2^(e+1) */
    if (e < -126)
        e = -126;
    *ulps = ldexp(mpfr_get_d(t, MPFR_RNDN), (int)(23 - e));
    if (vd < 0) /* positive: away from zero; negative: toward zero */
        *ulps = -*ulps;
}

typedef struct {
    double *ulps, *rel;
    size_t  n, exact_hits, zero_missed;
} sample;

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

static double quantile(double *s, size_t n, double p)
{
    size_t i = (size_t)(p * (double)(n - 1) + 0.5);
    return s[i < n ? i : n - 1];
}

/* ---- the study ---- */

static mx_model models[M_COUNT];
static mx_pair pair;
static float xs[K_MAX], ws[K_MAX];

static void setup_models(void)
{
    static const char *const specs[M_COUNT] = { "exact", "blackwell", "hopper", "hopper",
                                                "conv" };
    int m;
    for (m = 0; m < M_COUNT; m++)
        if (mx_model_parse(specs[m], &models[m], NULL, 0)) {
            fprintf(stderr, "accuracy: model %s\n", specs[m]);
            exit(2);
        }
}

static void study(FILE *md, const char *outdir, unsigned long trials, uint64_t seed)
{
    static const size_t ks[3] = { 0, 4096, 7168 }, groups[2] = { 32, 128 };
    sample s[M_COUNT];
    mpfr_t v, t;
    int set, ki, gi, m;
    double quant_rel;
    char path[512];

    mpfr_inits2(2048, v, t, (mpfr_ptr)0);
    for (m = 0; m < M_COUNT; m++) {
        s[m].ulps = malloc(trials * sizeof(double));
        s[m].rel = malloc(trials * sizeof(double));
    }
    fprintf(md, "## Errors against the exact dot product of the quantized inputs\n\n"
                "%lu dot products per row. ulp: binary32 ulp of the exact value; signed "
                "ulp error: positive away from zero, negative toward zero. quant: median "
                "relative error of the exact MX dot product against the binary64 dot "
                "product of the unquantized data (what quantization itself costs). Last "
                "column: dot products whose exact value is 0 and whose result is not (no "
                "ulp to measure: left out of the other columns).\n\n",
            trials);
    fprintf(md, "| data | K | group | model | exact results | median \\|ulp\\| | p99 \\|ulp\\| "
                "| max \\|ulp\\| | mean signed ulp | median rel. error | quant | exact 0, d not 0 |\n"
                "|---|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (set = 0; set < D_COUNT; set++)
        for (ki = 0; ki < 3; ki++)
            for (gi = 0; gi < 2; gi++) {
                size_t kk = ki ? ks[ki] : groups[gi]; /* ki 0: one group, c = 0 */
                tl_rng r;
                unsigned long i;
                double qsum = 0.0;
                double *qrel = malloc(trials * sizeof(double));
                tl_rng_seed(&r, seed * 1000003u + (uint64_t)(set * 6 + ki * 2 + gi));
                for (m = 0; m < M_COUNT; m++)
                    s[m].n = s[m].exact_hits = s[m].zero_missed = 0;
                for (i = 0; i < trials; i++) {
                    double real = 0.0;
                    size_t j;
                    make_data(set, kk, &r, xs, ws);
                    for (j = 0; j < kk; j++)
                        real += (double)xs[j] * (double)ws[j];
                    quantize(xs, ws, kk, groups[gi], &pair);
                    exact_dot(&pair, v);
                    qrel[i] = fabs((mpfr_get_d(v, MPFR_RNDN) - real) / real);
                    for (m = 0; m < M_COUNT; m++) {
                        uint32_t d = run_model(m, &models[m], &pair);
                        if (mpfr_zero_p(v) && (d & 0x7FFFFFFFu)) {
                            s[m].zero_missed++; /* no ulp of 0: counted apart */
                            continue;
                        }
                        errors(d, v, t, &s[m].ulps[s[m].n], &s[m].rel[s[m].n]);
                        s[m].exact_hits += s[m].ulps[s[m].n] == 0.0;
                        s[m].n++;
                    }
                }
                qsort(qrel, trials, sizeof(double), cmp_double);
                quant_rel = quantile(qrel, trials, 0.5);
                free(qrel);
                (void)qsum;
                if (set == D_GAUSS && ki == 2 && gi == 1)
                    for (m = 0; m < M_COUNT; m++) {
                        FILE *f;
                        snprintf(path, sizeof path, "%s/err_%s.dat", outdir, model_files[m]);
                        f = fopen(path, "w");
                        if (!f) {
                            perror(path);
                            exit(2);
                        }
                        fprintf(f, "# %s: signed error in ulps\n", model_names[m]);
                        for (i = 0; i < s[m].n; i++)
                            fprintf(f, "%.6g\n", s[m].ulps[i]);
                        fclose(f);
                    }
                for (m = 0; m < M_COUNT; m++) {
                    double mean = 0.0, *abs_u;
                    size_t j;
                    if (s[m].n == 0)
                        continue;
                    abs_u = malloc(s[m].n * sizeof(double));
                    for (j = 0; j < s[m].n; j++) {
                        mean += s[m].ulps[j];
                        abs_u[j] = fabs(s[m].ulps[j]);
                    }
                    mean /= (double)(s[m].n ? s[m].n : 1);
                    qsort(abs_u, s[m].n, sizeof(double), cmp_double);
                    qsort(s[m].rel, s[m].n, sizeof(double), cmp_double);
                    fprintf(md, "| %s | %zu | %zu | %s | %.1f%% | %.3g | %.3g | %.3g | %+.3g | "
                                "%.2e | %.2e | %zu |\n",
                            data_names[set], kk, groups[gi], model_names[m],
                            100.0 * (double)s[m].exact_hits / (double)s[m].n,
                            quantile(abs_u, s[m].n, 0.5), quantile(abs_u, s[m].n, 0.99),
                            abs_u[s[m].n - 1], mean, quantile(s[m].rel, s[m].n, 0.5),
                            quant_rel, s[m].zero_missed);
                    free(abs_u);
                }
                fprintf(stderr, "accuracy: %s K=%zu group %zu done\n", data_names[set], kk,
                        groups[gi]);
            }
    fprintf(md, "\n");
    for (m = 0; m < M_COUNT; m++) {
        free(s[m].ulps);
        free(s[m].rel);
    }
    mpfr_clears(v, t, (mpfr_ptr)0);
}

/* Mean |relative error| against K (Gaussian data, groups of 128). */
static void ksweep(const char *outdir, unsigned long trials, uint64_t seed)
{
    size_t k;
    mpfr_t v, t;
    char path[512];
    FILE *f;
    double *rel[M_COUNT];
    int m;
    snprintf(path, sizeof path, "%s/ksweep.dat", outdir);
    f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(2);
    }
    mpfr_inits2(2048, v, t, (mpfr_ptr)0);
    for (m = 0; m < M_COUNT; m++)
        rel[m] = malloc(trials * sizeof(double));
    fprintf(f, "# K");
    for (m = 0; m < M_COUNT; m++)
        fprintf(f, " %s", model_names[m]);
    fprintf(f, "  (mean |relative error|, Gaussian data, groups of 128)\n");
    for (k = 128; k <= K_MAX; k *= 2) {
        tl_rng r;
        unsigned long i;
        tl_rng_seed(&r, seed * 7919u + k);
        for (i = 0; i < trials; i++) {
            make_data(D_GAUSS, k, &r, xs, ws);
            quantize(xs, ws, k, 128, &pair);
            exact_dot(&pair, v);
            for (m = 0; m < M_COUNT; m++) {
                double u;
                errors(run_model(m, &models[m], &pair), v, t, &u, &rel[m][i]);
            }
        }
        fprintf(f, "%zu", k);
        for (m = 0; m < M_COUNT; m++) {
            double mean = 0.0;
            for (i = 0; i < trials; i++)
                mean += rel[m][i];
            fprintf(f, " %.6g", mean / (double)trials);
        }
        fprintf(f, "\n");
    }
    for (m = 0; m < M_COUNT; m++)
        free(rel[m]);
    mpfr_clears(v, t, (mpfr_ptr)0);
    fclose(f);
}

/* Lane order and lane count. The exact unit streams a group through
 * mx_group_* in beats of 1..128 lanes and in any element order: one result.
 * A truncating unit's result depends on which elements share a chunk: the
 * same Blackwell-style unit with 16, 32 or 64 lanes, or its 32 lanes fed
 * in another order. */
static void repro(FILE *md, const char *outdir, unsigned long trials, uint64_t seed)
{
    enum { VARIANTS = 8 };
    static const size_t lanes[4] = { 16, 32, 64, 128 };
    static uint8_t pa[K_MAX], pb[K_MAX];
    static size_t perm[128];
    unsigned long i, changed_exact = 0, changed_bw = 0, changed_lanes = 0, n = 0;
    double max_spread_bw = 0.0, max_spread_lanes = 0.0, sum_spread_bw = 0.0;
    mx_model bw = models[M_BLACKWELL], lane_model = models[M_BLACKWELL];
    char path[512];
    FILE *f;
    tl_rng r;
    const size_t k = 4096, group = 128;

    snprintf(path, sizeof path, "%s/repro.dat", outdir);
    f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(2);
    }
    fprintf(f, "# spread (max - min over %d element orders, binary32 ulps) per dot product: "
               "exact blackwell\n", VARIANTS);
    tl_rng_seed(&r, seed ^ 0x5245505244ull);
    for (i = 0; i < trials; i++) {
        uint32_t ex0 = 0;
        int64_t bw_lo = 0, bw_hi = 0, ex_lo = 0, ex_hi = 0;
        int variant, li;
        make_data(D_GAUSS, k, &r, xs, ws);
        quantize(xs, ws, k, group, &pair);
        for (variant = 0; variant < VARIANTS; variant++) {
            size_t g, j;
            uint32_t dex = 0, dbw = 0;
            mx_group grp;
            /* a random order of the elements inside every group */
            for (g = 0; g < k / group; g++) {
                for (j = 0; j < group; j++)
                    perm[j] = j;
                if (variant)
                    for (j = group - 1; j > 0; j--) {
                        size_t o = tl_rng_below(&r, (uint32_t)j + 1), tmp = perm[j];
                        perm[j] = perm[o];
                        perm[o] = tmp;
                    }
                for (j = 0; j < group; j++) {
                    pa[g * group + j] = pair.a[g * group + perm[j]];
                    pb[g * group + j] = pair.b[g * group + perm[j]];
                }
            }
            for (g = 0; g < k / group; g++) {
                unsigned fl;
                size_t beat = lanes[variant % 4], off;
                /* exact: streamed in beats of 16..128 lanes */
                mx_group_begin(&grp, 0, 0, pair.xa[g], pair.xb[g], dex, MX_RNE);
                for (off = 0; off < group; off += beat)
                    mx_group_add(&grp, beat, pa + g * group + off, pb + g * group + off, NULL);
                dex = mx_group_end(&grp, &fl);
                dbw = mx_model_dot(&bw, group, pa + g * group, pb + g * group, 0, 0, pair.xa[g],
                                   pair.xb[g], dbw, MX_RNE, &fl);
            }
            {
                int64_t o = f32_order(dbw), e = f32_order(dex);
                if (variant == 0) {
                    ex0 = dex;
                    bw_lo = bw_hi = o;
                    ex_lo = ex_hi = e;
                } else {
                    changed_exact += dex != ex0;
                    bw_lo = o < bw_lo ? o : bw_lo;
                    bw_hi = o > bw_hi ? o : bw_hi;
                    ex_lo = e < ex_lo ? e : ex_lo;
                    ex_hi = e > ex_hi ? e : ex_hi;
                }
            }
        }
        changed_bw += bw_hi != bw_lo;
        sum_spread_bw += (double)(bw_hi - bw_lo);
        if ((double)(bw_hi - bw_lo) > max_spread_bw)
            max_spread_bw = (double)(bw_hi - bw_lo);
        fprintf(f, "%lld %lld\n", (long long)(ex_hi - ex_lo), (long long)(bw_hi - bw_lo));
        /* lane count: the same truncating unit with 16, 64, 128 lanes */
        {
            int64_t lo = 0, hi = 0;
            for (li = 0; li < 4; li++) {
                int64_t o;
                lane_model.chunk = (unsigned)lanes[li];
                o = f32_order(run_model(M_BLACKWELL, &lane_model, &pair));
                if (li == 0 || o < lo)
                    lo = o;
                if (li == 0 || o > hi)
                    hi = o;
            }
            changed_lanes += hi != lo;
            if ((double)(hi - lo) > max_spread_lanes)
                max_spread_lanes = (double)(hi - lo);
        }
        n++;
    }
    fclose(f);
    fprintf(md, "## Run-to-run reproducibility\n\n"
                "Gaussian data, K = %zu, groups of %zu, %lu dot products, each computed in %d "
                "element orders (a random order inside every group; the exact unit also "
                "streamed in beats of 16, 32, 64 and 128 lanes).\n\n"
                "| unit | results that change | mean spread (ulp) | largest spread (ulp) |\n"
                "|---|--:|--:|--:|\n"
                "| exact (any order, any lane count) | %lu of %lu | 0 | 0 |\n"
                "| blackwell, element order | %lu of %lu | %.2f | %.0f |\n"
                "| blackwell-style unit with 16, 32, 64, 128 lanes | %lu of %lu | | %.0f |\n\n",
            k, group, n, VARIANTS, changed_exact, n, changed_bw, n,
            sum_spread_bw / (double)n, max_spread_bw, changed_lanes, n, max_spread_lanes);
}

int main(int argc, char **argv)
{
    unsigned long trials = 2000;
    uint64_t seed = 1;
    const char *outdir = NULL;
    char path[512];
    FILE *md;
    int i, m;
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--trials") && i + 1 < argc)
            trials = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
            seed = strtoull(argv[++i], NULL, 10);
        else if (argv[i][0] != '-' && !outdir)
            outdir = argv[i];
        else {
            fprintf(stderr, "usage: accuracy [--trials N] [--seed S] OUTDIR\n");
            return 2;
        }
    }
    if (!outdir || trials < 2) {
        fprintf(stderr, "usage: accuracy [--trials N] [--seed S] OUTDIR\n");
        return 2;
    }
    setup_models();
    snprintf(path, sizeof path, "%s/summary.md", outdir);
    md = fopen(path, "w");
    if (!md) {
        perror(path);
        return 2;
    }
    fprintf(md, "# Accuracy study (generated by `accuracy --trials %lu --seed %llu`)\n\n"
                "Models:\n\n", trials, (unsigned long long)seed);
    for (m = 0; m < M_COUNT; m++)
        fprintf(md, "- **%s**: %s\n", model_names[m], model_help[m]);
    fprintf(md, "\n");
    study(md, outdir, trials, seed);
    ksweep(outdir, trials / 4 > 2 ? trials / 4 : 2, seed);
    repro(md, outdir, trials / 4 > 2 ? trials / 4 : 2, seed);
    fclose(md);
    printf("accuracy: wrote %s\n", path);
    return 0;
}
