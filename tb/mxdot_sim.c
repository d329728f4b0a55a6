/*
 * mxdot_sim.c - co-simulation of the Verilated RTL (tb/mxdot_model.h)
 * against the golden reference (ref/), and a vector-file driver for the RTL.
 *
 *   mxdot-sim --seed S --count N [options]    random regression (N groups)
 *   mxdot-sim --vectors FILE [--check]        vector file through the RTL
 *   mxdot-sim --bench [--count N] [--runs R]  speed of co-simulation and RTL
 *
 * A group (docs/spec.md section 2) of K elements goes to the unit as
 * ceil(K/lanes) beats or more: the last beat marked, lanes past the group's
 * end not kept, and in some groups random holes (lanes not kept in any
 * beat); lanes that are not kept carry random bytes, NaN codes included,
 * which must change nothing. The later beats of a group carry random
 * formats, scales, accumulator and rounding mode, which the unit must ignore
 * (it takes the group's from its first beat). Both directions of the
 * AXI-Stream handshake are exercised: a random source leaves gaps between
 * beats, inside groups too, and a random sink withholds out_ready. A
 * scoreboard (a FIFO of expected results, tagged with the group index or the
 * line) checks that every group comes out once, in order, with the
 * reference's d and flags bit for bit. docs/verification.md has the details.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mxdot.h"
#include "mxdot_model.h"
#include "mxgen.h"
#include "mxvec.h"

/* No handshake on either side for this many cycles while work remains: the
 * pipeline is stuck. The odds of a legitimate stretch this long at the
 * largest back-pressure probability allowed (0.99) are below 1e-40. */
#define WATCHDOG_CYCLES 10000u
/* More groups in flight than any sane pipeline holds: it swallows beats. */
#define MAX_IN_FLIGHT 4096u
/* Groups of context on either side of the first failure for --wave. */
#define WAVE_WINDOW 8u
/* Cycles the reset stays asserted in --reset-test and at start-up. */
#define RESET_CYCLES 3u
/* Widest unit the testbench drives. */
#define LANES_MAX 128u
/* Groups that are not data: one beat with no kept lane, and a group of one
 * beat more than the build's longest; both must give NaN with NV. The
 * random regression sends one of each in every SPECIAL_PERIOD groups. */
#define SPECIAL_PERIOD 509u

/* ---- options ---- */

enum mode { MODE_RANDOM, MODE_VECTORS };

typedef struct {
    enum mode mode;
    uint64_t seed, count, start;
    double p_gap, p_stall, p_holes;
    unsigned long max_errors;
    const char *wave;     /* rerun around the first failure, traced */
    const char *trace;    /* trace the whole run */
    const char *vectors;  /* vector file ("-": standard input) */
    int check;            /* --vectors: compare with the file's results */
    int skip_unfit;       /* --check: pass over groups the build cannot take */
    int reset_test;
    int quiet;            /* no progress lines */
    int require_coverage; /* fail when a hard class was not hit */
    unsigned runs;        /* --bench repetitions */
    size_t kmax;          /* longest random group (0: the build's) */
    size_t fixed_k;       /* every random group this long (0: mixed) */
    unsigned formats;     /* formats of random groups (0: the build's) */
} options;

/* ---- scoreboard ---- */

/* Case of SPEC section 2 that decided a group. */
enum spec_case { CASE_RULE0, CASE_NAN, CASE_INVALID, CASE_INF, CASE_ZERO, CASE_ROUND, CASE_N };
static const char *const case_name[CASE_N] = {"rule0", "nan", "invalid", "infinite", "exact-zero", "rounding"};

/* What the regression must have met (--require-coverage): each is a bit. */
enum cov_class {
    COV_MULTI_BEAT,      /* a group of more than one beat */
    COV_PARTIAL_LAST,    /* a last beat with lanes past the group's end */
    COV_HOLES,           /* a group with lanes not kept inside it */
    COV_LONGEST,         /* a group of the build's longest length */
    COV_EMPTY,           /* a group with no kept lane */
    COV_OVERLONG,        /* a group of more beats than the build takes */
    COV_WIDE_SUM,        /* |sum of products| in the top bit of the carried sum */
    COV_TIE_RNE, COV_TIE_RMM,          /* exact value halfway, in that mode */
    COV_OVF_RNE, COV_OVF_RTZ, COV_OVF_RDN, COV_OVF_RUP, COV_OVF_RMM,
    COV_TINY_ROUNDS_UP,  /* |v| < 2^-126 that rounds to 2^-126: not tiny, no UF */
    COV_TINY_STAYS,      /* |v| < 2^-126 that stays below: UF */
    COV_DEEP,            /* 0 < |v| < 2^-149 */
    COV_ZERO_ALL_POS, COV_ZERO_ALL_NEG, COV_ZERO_MIXED, COV_ZERO_CANCEL, COV_ZERO_RDN,
    COV_NAN_A, COV_NAN_B, COV_NAN_XA, COV_NAN_XB, COV_NAN_QC, COV_NAN_SC,
    COV_INF_PROD, COV_INF_TIMES_ZERO, COV_INF_OPPOSITE, COV_INF_VS_C,
    COV_RESERVED_RM, COV_RESERVED_FMT,
    COV_RESET_STALLED,   /* reset while a result waited for out_ready */
    COV_N
};
static const char *const cov_name[COV_N] = {
    "multi-beat", "partial-last", "holes", "longest", "empty", "overlong", "wide-sum",
    "tie-rne", "tie-rmm",
    "ovf-rne", "ovf-rtz", "ovf-rdn", "ovf-rup", "ovf-rmm",
    "tiny-rounds-up", "tiny-stays", "deep-underflow",
    "zero-all-pos", "zero-all-neg", "zero-mixed", "zero-cancel", "zero-rdn",
    "nan-a", "nan-b", "nan-xa", "nan-xb", "nan-qnan-c", "nan-snan-c",
    "inf-product", "inf-times-zero", "inf-opposite", "inf-vs-c",
    "reserved-rm", "reserved-format",
    "reset-stalled",
};

typedef struct {
    uint64_t tag;     /* group index (random) or record index (vectors) */
    uint64_t edge;    /* clock edge that took the group's last beat */
    uint64_t cov;     /* enum cov_class bits */
    uint32_t d;       /* expected result, when has */
    uint8_t flags;
    uint8_t has;      /* an expected result exists */
    uint8_t rm;
    uint8_t kind;     /* mx_gen_kind, or MX_GEN_KINDS for file vectors */
    uint8_t scase;    /* enum spec_case */
    uint8_t fa, fb;
} expect;

typedef struct {
    expect *e;
    size_t cap, head, n;
} fifo;

/* ---- coverage ---- */

typedef struct {
    uint64_t rm[8];
    uint64_t scase[CASE_N];
    uint64_t kind[MX_GEN_KINDS + 1];
    uint64_t fmt[8][8];
    uint64_t cls[COV_N];
    uint64_t overflow, underflow, inexact, subnormal, zero_exact, zero_inexact, infinite, nan;
    uint64_t beats, groups_multi, beats_max;
    uint64_t cycles, in_stall, in_gap, out_stall, out_idle;
    uint64_t lat_min, lat_max;
    uint64_t resets, dropped;
} coverage;

/* ---- a group on its way in ---- */

enum special { SPECIAL_NONE, SPECIAL_EMPTY, SPECIAL_OVERLONG };

typedef struct {
    int active;               /* a group is being sent */
    int offered;              /* a beat is on the input port */
    mx_vector *v;             /* the group */
    expect e;
    size_t pos;               /* elements sent (in beats taken) */
    size_t pos_next;          /* ... once the beat on offer is taken */
    unsigned beat;            /* beats taken */
    int special;              /* enum special */
    int holes;                /* lanes not kept inside the group */
    uint8_t junk_a, junk_b;   /* bits above an FP6/FP4 element's width: set at random */
    uint64_t rng;             /* holes and garbage: from (seed, index) */
    uint8_t a[LANES_MAX], b[LANES_MAX], keep[LANES_MAX];
    mxdot_beat port;          /* the beat on offer */
} cursor;

/* ---- vector files, read whole before the run ---- */

typedef struct {
    int is_block;
    unsigned long line;
    char *text;               /* comment or blank line (piece) */
    int more;                 /* the comment goes on in the next record */
    mx_vector *v;             /* block */
    int done;                 /* the RTL's result is in v->d, v->flags */
} record;

typedef struct sim sim;
/* Next group: 1 (v and e filled, e->tag set), 0 end of stream. */
typedef int (*source_fn)(sim *s, cursor *g);
/* A result came out for e. */
typedef void (*sink_fn)(sim *s, const expect *e, uint32_t d, unsigned flags);

struct sim {
    const options *o;
    mxdot_model *m;
    unsigned lanes, stages, formats;
    size_t max_group;                /* longest group the build accepts */
    unsigned max_beats;              /* beats a group may take */
    source_fn source;
    sink_fn sink;
    fifo q;
    coverage cov;
    cursor cur;
    uint64_t rng;
    uint64_t thr_gap, thr_stall, thr_holes; /* probabilities as 64-bit thresholds */
    uint64_t passed, failed, reported;
    uint64_t received, accepted;
    uint64_t next_index, end_index;  /* random source */
    mx_gen_config gen;
    int have_fail;
    uint64_t first_fail;             /* tag of the first mismatch */
    uint64_t first_fail_edge;        /* and the clock edge it came out on */
    int stop;                        /* max errors reached */
    int write_error;
    uint64_t reset_at[3];
    unsigned resets_done;
    uint64_t progress_step, progress_next;
    double t0;
    record *rec;                     /* vector source */
    size_t nrec, rec_next, rec_out;
    const char *vec_name;
    uint64_t unchecked;              /* --check: blocks without a result */
    uint64_t skipped_long, skipped_fmt; /* --skip-unfit: groups passed over */
    uint32_t csum;                   /* --bench: keeps the RTL outputs alive */
    uint8_t elem_class[MX_FMT_COUNT][256];  /* mx_elem_class of every code */
    double elem_max[MX_FMT_COUNT];   /* largest finite |element| of each format */
    double wide_sum;                 /* class wide-sum: |sum of products| from here */
};

static const char *prog = "mxdot-sim";

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Wall time, for progress lines. */
static double now_s(void) { return clock_s(CLOCK_MONOTONIC); }
/* CPU time of this process, for --bench: on a machine shared with other
 * jobs it measures the speed of one core, not the share of it we got. */
static double cpu_s(void) { return clock_s(CLOCK_PROCESS_CPUTIME_ID); }

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fprintf(stderr, "%s: out of memory\n", prog);
        exit(2);
    }
    return q;
}

/* xorshift64*: the testbench's own randomness (gaps, stalls), kept apart
 * from the generator's so that groups depend on (seed, index) only. */
static uint64_t xs_next(uint64_t *x)
{
    *x ^= *x >> 12;
    *x ^= *x << 25;
    *x ^= *x >> 27;
    return *x * 0x2545F4914F6CDD1Dull;
}
static uint64_t rnd(sim *s) { return xs_next(&s->rng); }
static int roll(sim *s, uint64_t thr) { return thr && rnd(s) < thr; }

static uint64_t prob_threshold(double p) { return p <= 0.0 ? 0 : (uint64_t)(p * 18446744073709551616.0); }

static void fifo_push(sim *s, const expect *e)
{
    fifo *q = &s->q;
    if (q->n == q->cap) {
        /* Grow by doubling, unrolling the ring into the new storage. */
        size_t ncap = q->cap ? 2 * q->cap : 16, i;
        expect *ne = xrealloc(NULL, ncap * sizeof *ne);
        for (i = 0; i < q->n; i++) ne[i] = q->e[(q->head + i) & (q->cap - 1)];
        free(q->e);
        q->e = ne;
        q->cap = ncap;
        q->head = 0;
    }
    q->e[(q->head + q->n) & (q->cap - 1)] = *e;
    q->n++;
}

static void fifo_free(fifo *q)
{
    free(q->e);
    memset(q, 0, sizeof *q);
}

static const char *flag_names(unsigned f, char *buf, size_t len)
{
    static const char *const nm[5] = {"NX", "UF", "OF", "DZ", "NV"};
    int i;
    size_t n = 0;
    buf[0] = 0;
    for (i = 4; i >= 0; i--)
        if (f & (1u << i)) n += (size_t)snprintf(buf + n, n < len ? len - n : 0, "%s%s", n ? "|" : "", nm[i]);
    if (!buf[0]) snprintf(buf, len, "-");
    return buf;
}

/* ---- what a group covers ---- */

static int aims_at_rounding(unsigned kind)
{
    return kind == MX_GEN_KINDS || kind == MX_GEN_TIE || kind == MX_GEN_TINY || kind == MX_GEN_DEEP ||
           kind == MX_GEN_UNDERFLOW || kind == MX_GEN_STICKY || kind == MX_GEN_CANCEL;
}

/* Class wide-sum: the group's unscaled sum of products lies in the top bit
 * of the sum the RTL carries. The carried width (mxdot_unit AccW) holds
 * MaxBeats << ceil(log2(Lanes)) products each below 2^P, where 2^P is the
 * power of two at or above the largest product of the carried formats
 * (MaxBeats = ceil(MaxGroup/Lanes)); the top bit is reached from
 * 2^(P + ceil(log2(MaxBeats << ceil(log2(Lanes)))) - 1).
 * Only groups that can get there are summed (in binary64: every product
 * is exact, the sum close enough for a class). */
static double magnitude(double y) { return y < 0 ? -y : y; }

static void init_wide_sum(sim *s)
{
    unsigned f, x, lanes_p2 = 1;
    double big = 0.0, cap = 1.0;
    for (f = 0; f < MX_FMT_COUNT; f++) {
        s->elem_max[f] = 0.0;
        for (x = 0; x < 256; x++) {
            uint32_t u = mx_elem_to_f32(f, (uint8_t)x);
            float y;
            if ((u & 0x7F800000u) == 0x7F800000u) continue;     /* NaN, infinity */
            memcpy(&y, &u, sizeof y);
            if (magnitude(y) > s->elem_max[f]) s->elem_max[f] = magnitude(y);
        }
        if ((s->formats >> f & 1) && s->elem_max[f] * s->elem_max[f] > big)
            big = s->elem_max[f] * s->elem_max[f];
    }
    while (cap < big) cap *= 2.0;                        /* 2^P */
    while (lanes_p2 < s->lanes) lanes_p2 <<= 1;
    for (x = 1; x < s->max_beats * lanes_p2; x <<= 1) cap *= 2.0;
    s->wide_sum = cap / 2.0;
}

static int reaches_wide_sum(const sim *s, const mx_vector *v)
{
    double sum = 0.0;
    size_t i;
    if (v->fa >= MX_FMT_COUNT || v->fb >= MX_FMT_COUNT
        || (double)v->k * s->elem_max[v->fa] * s->elem_max[v->fb] < s->wide_sum)
        return 0;
    for (i = 0; i < v->k; i++) {
        uint32_t ua = mx_elem_to_f32(v->fa, v->a[i]), ub = mx_elem_to_f32(v->fb, v->b[i]);
        float ya, yb;
        if ((ua & 0x7F800000u) == 0x7F800000u || (ub & 0x7F800000u) == 0x7F800000u) return 0;
        memcpy(&ya, &ua, sizeof ya);
        memcpy(&yb, &ub, sizeof yb);
        sum += (double)ya * (double)yb;
    }
    return magnitude(sum) >= s->wide_sum;
}

/* Can a run of these formats and groups of up to kmax reach wide-sum? */
static int wide_sum_reachable(const sim *s, unsigned fmts, size_t kmax)
{
    unsigned f;
    double big = 0.0;
    for (f = 0; f < MX_FMT_COUNT; f++)
        if ((fmts >> f & 1) && s->elem_max[f] * s->elem_max[f] > big) big = s->elem_max[f] * s->elem_max[f];
    return (double)kmax * big >= s->wide_sum;
}

/* Which rule of SPEC section 2 decided a group, and the hard classes it
 * meets, from its inputs and the reference's answer. Nothing here decides
 * a result: this only counts what the regression reached. */
static void classify(const sim *s, const mx_vector *v, expect *e)
{
    uint64_t c = 0;
    size_t i;
    int nan_a = 0, nan_b = 0, inf_pos = 0, inf_neg = 0, inf_zero = 0;
    int zero_pos = 0, zero_neg = 0, nonzero = 0;
    int rsv_fmt = v->fa >= MX_FMT_COUNT || v->fb >= MX_FMT_COUNT;
    unsigned bits = e->flags;
    uint32_t mag = e->d & 0x7FFFFFFFu;
    mx_dot_info info;

    if (v->rm > MX_RMM) c |= 1ull << COV_RESERVED_RM;
    if (rsv_fmt) c |= 1ull << COV_RESERVED_FMT;
    if (v->k > s->lanes) c |= 1ull << COV_MULTI_BEAT;
    if (v->k % s->lanes) c |= 1ull << COV_PARTIAL_LAST;
    if (v->k == s->max_group) c |= 1ull << COV_LONGEST;
    if (reaches_wide_sum(s, v)) c |= 1ull << COV_WIDE_SUM;

    /* the rule, from the header and the answer (a NaN with NV but no
     * signaling c is an invalid operation: a NaN element raises nothing) */
    if (v->rm > MX_RMM || rsv_fmt || v->k == 0) e->scase = CASE_RULE0;
    else if (e->d == MX_F32_QNAN && (bits & MX_FLAG_NV) && !mx_f32_is_snan(v->c)) e->scase = CASE_INVALID;
    else if (e->d == MX_F32_QNAN) e->scase = CASE_NAN;
    else if (mag == 0x7F800000u && !(bits & MX_FLAG_OF)) e->scase = CASE_INF;
    else if (mag == 0 && !(bits & MX_FLAG_NX)) e->scase = CASE_ZERO;
    else e->scase = CASE_ROUND;

    /* what the elements hold: only the special cases need it, and then only
     * classes and signs (the sign is the top bit of the element's width) */
    if (e->scase == CASE_NAN || e->scase == CASE_INVALID || e->scase == CASE_INF || e->scase == CASE_ZERO) {
        unsigned sbit_a = mx_format_bits(v->fa) - 1u, sbit_b = mx_format_bits(v->fb) - 1u;  /* valid codes here */
        const uint8_t *cls_a = s->elem_class[v->fa], *cls_b = s->elem_class[v->fb];
        for (i = 0; i < v->k; i++) {
            enum mx_class ca = (enum mx_class)cls_a[v->a[i]], cb = (enum mx_class)cls_b[v->b[i]];
            int na = ca == MX_QNAN || ca == MX_SNAN, nb = cb == MX_QNAN || cb == MX_SNAN;
            int ia = ca == MX_INF, ib = cb == MX_INF, za = ca == MX_ZERO, zb = cb == MX_ZERO;
            unsigned neg = ((v->a[i] >> sbit_a) ^ (v->b[i] >> sbit_b)) & 1u;
            nan_a |= na;
            nan_b |= nb;
            if (na || nb) continue;
            if ((ia && zb) || (ib && za)) inf_zero = 1;
            else if (ia || ib) {
                if (neg) inf_neg = 1;
                else inf_pos = 1;
            } else if (za || zb) {
                if (neg) zero_neg = 1;
                else zero_pos = 1;
            } else {
                nonzero = 1;
            }
        }
    }

    if (e->scase == CASE_NAN) {
        if (nan_a) c |= 1ull << COV_NAN_A;
        if (nan_b) c |= 1ull << COV_NAN_B;
        if (v->xa == 0xFF) c |= 1ull << COV_NAN_XA;
        if (v->xb == 0xFF) c |= 1ull << COV_NAN_XB;
        if (mx_f32_is_nan(v->c)) c |= 1ull << (mx_f32_is_snan(v->c) ? COV_NAN_SC : COV_NAN_QC);
    }
    if (e->scase == CASE_INVALID) {
        if (inf_zero) c |= 1ull << COV_INF_TIMES_ZERO;
        if (inf_pos && inf_neg) c |= 1ull << COV_INF_OPPOSITE;
        if (mx_f32_is_inf(v->c)) c |= 1ull << COV_INF_VS_C;
    }
    if (e->scase == CASE_INF && (inf_pos || inf_neg)) c |= 1ull << COV_INF_PROD;
    if (e->scase == CASE_ZERO) {
        int c_zero = (v->c & 0x7FFFFFFFu) == 0, c_neg = (int)(v->c >> 31);
        if (nonzero || !c_zero) c |= 1ull << COV_ZERO_CANCEL;
        else if (!zero_pos && !zero_neg) c |= 1ull << COV_ZERO_CANCEL;
        else if (c_neg && !zero_pos) c |= 1ull << COV_ZERO_ALL_NEG;
        else if (!c_neg && !zero_neg) c |= 1ull << COV_ZERO_ALL_POS;
        else c |= 1ull << COV_ZERO_MIXED;
        if (v->rm == MX_RDN && (e->d >> 31)) c |= 1ull << COV_ZERO_RDN;
    }
    if ((bits & MX_FLAG_OF) && v->rm <= MX_RMM) c |= 1ull << (COV_OVF_RNE + v->rm);
    /* ties, tininess and deep underflow: what the reference met (it costs
     * one more evaluation, so only for the kinds that aim there, and for
     * every line of a file) */
    if (e->scase == CASE_ROUND && aims_at_rounding(e->kind)
        && mx_dot_fmt_info(v->k, v->a, v->b, v->fa, v->fb, v->xa, v->xb, v->c, v->rm, &info) == 0) {
        if (info.tie && v->rm == MX_RNE) c |= 1ull << COV_TIE_RNE;
        if (info.tie && v->rm == MX_RMM) c |= 1ull << COV_TIE_RMM;
        if (info.tiny_before && !info.tiny) c |= 1ull << COV_TINY_ROUNDS_UP;
        if (info.tiny_before && info.tiny && (bits & MX_FLAG_UF)) c |= 1ull << COV_TINY_STAYS;
        if (info.deep) c |= 1ull << COV_DEEP;
    }
    e->cov |= c;
}

/* Index of the lowest set bit of m != 0. */
static int lowest_bit(uint64_t m)
{
#if defined(__GNUC__)
    return __builtin_ctzll(m);
#else
    int i = 0;
    while (!(m & 1)) {
        m >>= 1;
        i++;
    }
    return i;
#endif
}

static void cover_result(sim *s, const expect *e)
{
    coverage *c = &s->cov;
    uint32_t mag = e->d & 0x7FFFFFFFu;
    c->rm[e->rm & 7]++;
    c->scase[e->scase]++;
    c->kind[e->kind]++;
    c->fmt[e->fa & 7][e->fb & 7]++;
    {
        uint64_t m;
        for (m = e->cov; m; m &= m - 1) c->cls[lowest_bit(m)]++;
    }
    if (e->flags & MX_FLAG_OF) c->overflow++;
    if (e->flags & MX_FLAG_UF) c->underflow++;
    if (e->flags & MX_FLAG_NX) c->inexact++;
    if (mag != 0 && mag < 0x00800000u) c->subnormal++;
    if (mag == 0) {
        if (e->flags & MX_FLAG_NX) c->zero_inexact++;
        else c->zero_exact++;
    }
    if (mag == 0x7F800000u) c->infinite++;
    if (mag > 0x7F800000u) c->nan++;
}

/* ---- the streaming engine ---- */

/* One more failure report printed: stop after --max-errors of them. */
static void count_report(sim *s)
{
    if (++s->reported >= s->o->max_errors) {
        printf("stopping after %lu errors (--max-errors)\n", s->o->max_errors);
        s->stop = 1;
    }
}

#if defined(__GNUC__)
static void fail_protocol(sim *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#endif
static void fail_protocol(sim *s, const char *fmt, ...)
{
    va_list ap;
    s->failed++;
    printf("FAIL protocol (cycle %" PRIu64 "): ", mxdot_model_cycles(s->m));
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    count_report(s);
}

/* splitmix64 of (seed, index, salt): the per-group randomness of holes and
 * of what idle lanes and later beats carry, so a group's beats depend on
 * (seed, index) only and a failure reproduces with --start. */
static uint64_t group_seed(uint64_t seed, uint64_t index, uint64_t salt)
{
    return mx_gen_mix(mx_gen_mix(seed ^ 0x6A09E667F3BCC909ull) ^ index ^ salt * 0x9E3779B97F4A7C15ull) | 1u;
}

/* Bits above an element's width, for FP6 and FP4 (0 otherwise). */
static uint8_t above_width(unsigned fmt)
{
    unsigned w = mx_format_bits(fmt);
    return (uint8_t)(w && w < 8 ? 0xFFu << w : 0u);
}

/* Random bits above the width of FP6 and FP4 elements in lanes lo..hi-1:
 * the unit must ignore them (docs/spec.md section 1). */
static void junk_above_width(cursor *g, unsigned lo, unsigned hi)
{
    unsigned i;
    for (i = lo; i < hi; i++) {
        uint64_t r = xs_next(&g->rng);
        g->a[i] |= (uint8_t)(r & g->junk_a);
        g->b[i] |= (uint8_t)((r >> 8) & g->junk_b);
    }
}

/* The next beat of the current group, on the input port. */
static void build_beat(sim *s)
{
    cursor *g = &s->cur;
    const mx_vector *v = g->v;
    unsigned L = s->lanes, i;
    size_t pos = g->pos;
    uint64_t r = 0;
    if (g->special == SPECIAL_NONE && !g->holes) {
        /* the common case: the next elements, in order, then idle lanes */
        size_t n = v->k - pos < L ? v->k - pos : L;
        memcpy(g->a, v->a + pos, n);
        memcpy(g->b, v->b + pos, n);
        memset(g->keep, 1, n);
        if (g->junk_a | g->junk_b) junk_above_width(g, 0, (unsigned)n);
        for (i = (unsigned)n; i < L; i++) {
            if (((i - n) & 7) == 0) r = xs_next(&g->rng);
            g->keep[i] = 0;
            g->a[i] = (uint8_t)(r >> (8 * ((i - n) & 7)));
            g->b[i] = (uint8_t)~(r >> (8 * ((i - n) & 7)));
        }
        pos += n;
    }
    for (i = 0; i < L && (g->special != SPECIAL_NONE || g->holes); i++) {
        int hole = 0;
        if ((i & 7) == 0) r = xs_next(&g->rng);
        if (g->special == SPECIAL_EMPTY) {
            hole = 1;
        } else if (g->special == SPECIAL_NONE && g->holes && pos < v->k) {
            /* a hole only while the rest still fits in the beats left */
            size_t room = (size_t)(L - i - 1) + (size_t)L * (s->max_beats - g->beat - 1);
            hole = (v->k - pos) <= room && ((r >> (8 * (i & 7))) & 0xFF) < (unsigned)g->holes;
        }
        if (g->special == SPECIAL_OVERLONG) {
            g->keep[i] = 1;
            g->a[i] = (uint8_t)(r >> (8 * (i & 7)));
            g->b[i] = (uint8_t)(r >> (8 * (7 - (i & 7))));
        } else if (!hole && pos < v->k) {
            g->keep[i] = 1;
            g->a[i] = v->a[pos];
            g->b[i] = v->b[pos];
            if (g->junk_a | g->junk_b) junk_above_width(g, i, i + 1);
            pos++;
        } else {
            /* not an element: anything, NaN codes included */
            g->keep[i] = 0;
            g->a[i] = (uint8_t)(r >> (8 * (i & 7)));
            g->b[i] = (uint8_t)~(r >> (8 * (i & 7)));
        }
    }
    g->pos_next = pos;
    g->port.a = g->a;
    g->port.b = g->b;
    g->port.keep = g->keep;
    if (g->special == SPECIAL_EMPTY) g->port.last = 1;
    else if (g->special == SPECIAL_OVERLONG) g->port.last = g->beat == s->max_beats;
    else g->port.last = pos == v->k;
    if (g->beat == 0) {
        g->port.fa = v->fa;
        g->port.fb = v->fb;
        g->port.xa = v->xa;
        g->port.xb = v->xb;
        g->port.c = v->c;
        g->port.rm = v->rm;
    } else {
        /* the unit must take these from the first beat, not from here */
        uint64_t h = xs_next(&g->rng);
        g->port.fa = (unsigned)(h & 7);
        g->port.fb = (unsigned)(h >> 3 & 7);
        g->port.xa = (uint8_t)(h >> 8);
        g->port.xb = (uint8_t)(h >> 16);
        g->port.c = (uint32_t)(h >> 24);
        g->port.rm = (unsigned)(h >> 56 & 7);
    }
    g->offered = 1;
}

/* Reset in the middle of the stream: asserted asynchronously in the low
 * phase, held for RESET_CYCLES edges, released in a low phase. Groups in
 * flight and the group being sent are lost by design. */
static void mid_stream_reset(sim *s)
{
    unsigned i;
    mxdot_model_drive(s->m, NULL);
    mxdot_model_set_out_ready(s->m, 0);
    mxdot_model_set_reset(s->m, 1);
    if (mxdot_model_out_valid(s->m)) fail_protocol(s, "out_valid high right after reset was asserted (asynchronous reset)");
    for (i = 0; i < RESET_CYCLES; i++) {
        mxdot_model_clock(s->m);
        if (mxdot_model_out_valid(s->m)) fail_protocol(s, "out_valid high during reset");
    }
    mxdot_model_set_reset(s->m, 0);
    if (mxdot_model_out_valid(s->m)) fail_protocol(s, "out_valid high after reset, before any input");
    s->cov.resets++;
    s->cov.dropped += s->q.n + (s->cur.active ? 1u : 0u);
    s->q.n = 0;
    s->cur.active = 0;
    s->cur.offered = 0;
    s->resets_done++;
}

static void progress(sim *s)
{
    double t = now_s() - s->t0;
    fprintf(stderr, "%s: %3.0f%% %" PRIu64 "/%" PRIu64 " groups, %" PRIu64 " failed, %.2f M groups/s\n", prog,
            100.0 * (double)s->received / (double)s->o->count, s->received, s->o->count, s->failed,
            t > 0 ? 1e-6 * (double)s->received / t : 0.0);
    s->progress_next += s->progress_step;
}

/* Stream every group of the source through the RTL. */
static void run_stream(sim *s)
{
    cursor *g = &s->cur;
    int done = 0;
    int prev_hold = 0;               /* last cycle: out_valid & !out_ready */
    uint32_t prev_d = 0;
    unsigned prev_f = 0;
    uint64_t last_move;
    const int full_rate = s->thr_stall == 0 && s->thr_gap == 0;

    s->cov.lat_min = UINT64_MAX;
    mxdot_model_set_out_ready(s->m, 0);
    mxdot_model_reset(s->m, RESET_CYCLES);
    if (mxdot_model_out_valid(s->m)) fail_protocol(s, "out_valid high after reset");
    mxdot_model_clock(s->m);
    last_move = mxdot_model_cycles(s->m);

    while (!s->stop) {
        uint64_t edge = mxdot_model_cycles(s->m);
        int ready, ov, ir;

        if (s->o->reset_test && s->resets_done < 3 && s->accepted >= s->reset_at[s->resets_done]
            && (s->q.n > 0 || g->active)) {
            /* the third reset waits for a result held by back-pressure */
            if (s->resets_done < 2 || prev_hold) {
                if (prev_hold) s->cov.cls[COV_RESET_STALLED]++;
                mid_stream_reset(s);
                mxdot_model_clock(s->m);
                prev_hold = 0;
                last_move = mxdot_model_cycles(s->m);
                continue;
            }
        }

        /* Source: a beat, or a gap; a beat on offer stays until taken. */
        if (!g->offered && !done) {
            if (roll(s, s->thr_gap)) {
                s->cov.in_gap++;
                mxdot_model_drive(s->m, NULL);
            } else {
                if (!g->active) {
                    if (s->source(s, g) <= 0) done = 1;
                    else g->active = 1;
                }
                if (g->active) {
                    build_beat(s);
                    mxdot_model_drive(s->m, &g->port);
                } else {
                    mxdot_model_drive(s->m, NULL);
                }
            }
        }
        if (done && !g->active && s->q.n == 0) break;

        /* Sink. */
        ready = !roll(s, s->thr_stall);
        mxdot_model_set_out_ready(s->m, ready);

        ov = mxdot_model_out_valid(s->m);
        ir = mxdot_model_in_ready(s->m);

        /* AXI-Stream: a result on offer stays, unchanged, until taken. */
        if (prev_hold) {
            if (!ov)
                fail_protocol(s, "out_valid dropped while out_ready was low");
            else if (mxdot_model_d(s->m) != prev_d || mxdot_model_flags(s->m) != prev_f)
                fail_protocol(s, "d/flags changed from %08" PRIX32 "/%02X to %08" PRIX32 "/%02X while out_ready was low",
                              prev_d, prev_f, mxdot_model_d(s->m), mxdot_model_flags(s->m));
        }
        prev_hold = ov && !ready;
        if (prev_hold) {
            prev_d = mxdot_model_d(s->m);
            prev_f = mxdot_model_flags(s->m);
            s->cov.out_stall++;
        } else if (!ov) {
            s->cov.out_idle++;
        }

        if (ov && ready) {
            uint32_t d = mxdot_model_d(s->m);
            unsigned f = mxdot_model_flags(s->m);
            last_move = edge;
            if (s->q.n == 0) {
                fail_protocol(s, "a result came out with no group in flight (duplicate or spurious): d %08" PRIX32 " flags %02X", d, f);
            } else {
                size_t j = s->q.head;
                const expect *e = &s->q.e[j];
                uint64_t lat = edge - e->edge;
                if (lat < s->cov.lat_min) s->cov.lat_min = lat;
                if (lat > s->cov.lat_max) s->cov.lat_max = lat;
                if (lat < s->stages || (s->thr_stall == 0 && lat != s->stages))
                    fail_protocol(s, "group %" PRIu64 " came %" PRIu64 " cycles after its last beat, Stages is %u%s", e->tag,
                                  lat, s->stages, s->thr_stall == 0 ? " (no back-pressure)" : "");
                s->received++;
                s->sink(s, e, d, f);
                s->q.head = (j + 1) & (s->q.cap - 1);
                s->q.n--;
                if (s->received >= s->progress_next) progress(s);
            }
        }
        if (g->offered) {
            if (ir) {
                last_move = edge;
                g->offered = 0;
                g->pos = g->pos_next;
                g->beat++;
                s->cov.beats++;
                if (g->port.last) {
                    g->e.edge = edge;
                    if (g->beat > 1) s->cov.groups_multi++;
                    if (g->beat > s->cov.beats_max) s->cov.beats_max = g->beat;
                    fifo_push(s, &g->e);
                    s->accepted++;
                    g->active = 0;
                    if (s->q.n > MAX_IN_FLIGHT) {
                        fail_protocol(s, "%zu groups taken and none delivered: the pipeline swallows beats", s->q.n);
                        break;
                    }
                }
            } else {
                s->cov.in_stall++;
                if (full_rate) fail_protocol(s, "in_ready low without back-pressure (one beat per clock expected)");
            }
        }
        if (edge - last_move > WATCHDOG_CYCLES) {
            fail_protocol(s, "watchdog: no handshake for %u cycles, %zu groups in flight%s", WATCHDOG_CYCLES, s->q.n,
                          g->offered ? ", a beat on offer" : "");
            break;
        }
        mxdot_model_clock(s->m);
    }
    if (!s->stop && s->q.n != 0) {
        /* Only reachable through a break above: say what was lost. */
        printf("FAIL scoreboard: %zu groups taken never came out (first: %" PRIu64 ")\n", s->q.n, s->q.e[s->q.head].tag);
        s->failed += s->q.n;
    }
    s->cov.cycles += mxdot_model_cycles(s->m);
}

static void sim_init(sim *s, const options *o, mxdot_model *m)
{
    unsigned fm;
    memset(s, 0, sizeof *s);
    s->o = o;
    s->m = m;
    s->lanes = mxdot_model_lanes();
    s->stages = mxdot_model_stages();
    s->formats = mxdot_model_formats();
    s->max_group = mxdot_model_max_group();
    if (s->max_group > MX_K_MAX) s->max_group = MX_K_MAX;
    s->max_beats = (unsigned)((mxdot_model_max_group() + s->lanes - 1) / s->lanes);
    s->rng = mx_gen_mix(o->seed ^ 0x5DEECE66Dull) | 1u;
    s->thr_gap = prob_threshold(o->p_gap);
    s->thr_stall = prob_threshold(o->p_stall);
    s->thr_holes = prob_threshold(o->p_holes);
    s->progress_next = UINT64_MAX;
    s->cur.v = xrealloc(NULL, sizeof *s->cur.v);
    for (fm = 0; fm < MX_FMT_COUNT; fm++) {
        unsigned x;
        for (x = 0; x < 256; x++) s->elem_class[fm][x] = (uint8_t)mx_elem_class(fm, (uint8_t)x);
    }
    init_wide_sum(s);
    fm = o->formats ? o->formats : s->formats;
    s->gen.kmax = o->fixed_k ? o->fixed_k : (o->kmax ? o->kmax : s->max_group);
    s->gen.lanes = s->lanes;
    s->gen.formats = fm | 0xC0u;          /* the reserved codes 6 and 7 too */
    s->gen.fixed_k = o->fixed_k != 0;
    s->gen.reserved_rm = 1;
}

static void sim_free(sim *s)
{
    fifo_free(&s->q);
    free(s->cur.v);
    s->cur.v = NULL;
}

/* ---- random regression ---- */

static int src_random(sim *s, cursor *g)
{
    mx_vector *v = g->v;
    expect *e = &g->e;
    uint64_t index, h;
    unsigned f = 0;
    if (s->next_index >= s->end_index) return 0;
    index = s->next_index++;
    memset(e, 0, sizeof *e);
    e->tag = index;
    g->pos = 0;
    g->beat = 0;
    g->rng = group_seed(s->o->seed, index, 1);
    h = group_seed(s->o->seed, index, 2);
    g->special = SPECIAL_NONE;
    if (!s->o->fixed_k && h % SPECIAL_PERIOD == 0) g->special = SPECIAL_EMPTY;
    if (!s->o->fixed_k && h % SPECIAL_PERIOD == 1) g->special = SPECIAL_OVERLONG;
    g->holes = (int)(h >> 32 & 0xFF) + 1;    /* hole density, out of 256 */
    if (!(s->thr_holes && (h >> 40) * (1.0 / 16777216.0) < s->o->p_holes)) g->holes = 0;
    e->kind = (uint8_t)mx_gen_group(s->o->seed, index, &s->gen, v);
    /* half the FP6/FP4 groups carry junk above the elements' width */
    g->junk_a = (h >> 48 & 1) ? above_width(v->fa) : 0;
    g->junk_b = (h >> 48 & 1) ? above_width(v->fb) : 0;
    if (g->special == SPECIAL_EMPTY) {
        /* no kept lane: the reference's empty group */
        e->d = mx_dot_fmt(0, v->a, v->b, v->fa, v->fb, v->xa, v->xb, v->c, v->rm, &f);
        e->cov |= 1ull << COV_EMPTY;
        e->scase = CASE_RULE0;
    } else if (g->special == SPECIAL_OVERLONG) {
        /* one beat more than the build takes: rule 0 (docs/spec.md) */
        e->d = MX_F32_QNAN;
        f = MX_FLAG_NV;
        e->cov |= 1ull << COV_OVERLONG;
        e->scase = CASE_RULE0;
    } else {
        e->d = mx_dot_fmt(v->k, v->a, v->b, v->fa, v->fb, v->xa, v->xb, v->c, v->rm, &f);
    }
    e->flags = (uint8_t)f;
    e->has = 1;
    e->rm = (uint8_t)v->rm;
    e->fa = (uint8_t)v->fa;
    e->fb = (uint8_t)v->fb;
    if (g->holes) e->cov |= 1ull << COV_HOLES;
    if (g->special == SPECIAL_NONE) classify(s, v, e);
    return 1;
}

/* A wrong result: which group it was (where), the group in the vector
 * format with the RTL's D FLAGS, then with the expected ones, and how to
 * rerun it (how). */
static void report_mismatch(sim *s, const char *where, const char *how, mx_vector *v, uint32_t d, unsigned flags,
                            const expect *e)
{
    char fo[32], fe[32];
    size_t i;
    s->failed++;
    if (!s->have_fail) {
        s->have_fail = 1;
        s->first_fail = e->tag;
        s->first_fail_edge = mxdot_model_cycles(s->m);
    }
    if (s->reported >= s->o->max_errors) return;
    printf("FAIL %s: d %08" PRIX32 " flags %02X (%s), expected d %08" PRIX32 " flags %02X (%s)\n", where, d, flags,
           flag_names(flags, fo, sizeof fo), e->d, e->flags, flag_names(e->flags, fe, sizeof fe));
    if (v) {
        int hf = v->has_fmt;
        v->has_fmt = hf || v->fa || v->fb;
        v->d = d;
        v->flags = flags;
        printf("  rtl:      ");
        mx_vec_write(stdout, v, 1);
        v->d = e->d;
        v->flags = e->flags;
        printf("  expected: ");
        mx_vec_write(stdout, v, 1);
        v->has_fmt = hf;
    }
    /* A result that belongs to a later group means groups were lost (or
     * reordered) on the way: say so rather than leave a cascade unexplained. */
    for (i = 1; i < s->q.n; i++) {
        const expect *l = &s->q.e[(s->q.head + i) & (s->q.cap - 1)];
        if (l->has && l->d == d && l->flags == flags) {
            printf("  note:     this is the expected result of the group %zu later (%" PRIu64
                   "): groups lost or reordered?\n",
                   i, l->tag);
            break;
        }
    }
    printf("  %s\n", how);
    count_report(s);
}

static void sink_random(sim *s, const expect *e, uint32_t d, unsigned flags)
{
    cover_result(s, e);
    if (d == e->d && flags == e->flags) {
        s->passed++;
        return;
    }
    {
        /* Rebuild the group from (seed, index): nothing is kept per group. */
        char where[128], how[200];
        mx_vector *v = xrealloc(NULL, sizeof *v);
        uint64_t h = group_seed(s->o->seed, e->tag, 2);
        int special = !s->o->fixed_k && h % SPECIAL_PERIOD <= 1;
        mx_gen_group(s->o->seed, e->tag, &s->gen, v);
        snprintf(where, sizeof where, "seed %" PRIu64 " group %" PRIu64 " (%s%s)", s->o->seed, e->tag,
                 special ? (h % SPECIAL_PERIOD ? "overlong group" : "empty group") : mx_gen_kind_name(e->kind),
                 e->cov >> COV_HOLES & 1 ? ", with holes" : "");
        snprintf(how, sizeof how,
                 "reproduce: mxdot-sim --seed %" PRIu64 " --start %" PRIu64 " --count 1   (%s)", s->o->seed, e->tag,
                 mxdot_model_build_info());
        report_mismatch(s, where, how, special ? NULL : v, d, flags, e);
        free(v);
    }
}

static void print_coverage(const sim *s)
{
    static const char *const rm_name[8] = {"RNE", "RTZ", "RDN", "RUP", "RMM", "rm5", "rm6", "rm7"};
    const coverage *c = &s->cov;
    int i, j;
    /* "  group: name=count ...": readable, and tb/shards.sh sums the shards
     * key by key (latency min and max are combined as such). */
    printf("coverage:\n  rm:");
    for (i = 0; i < 8; i++)
        if (i < 5 || c->rm[i]) printf(" %s=%" PRIu64, rm_name[i], c->rm[i]);
    printf("\n  case:");
    for (i = 0; i < CASE_N; i++) printf(" %s=%" PRIu64, case_name[i], c->scase[i]);
    printf("\n  result: overflow=%" PRIu64 " underflow=%" PRIu64 " inexact=%" PRIu64 " subnormal=%" PRIu64
           " zero-exact=%" PRIu64 " zero-inexact=%" PRIu64 " infinite=%" PRIu64 " nan=%" PRIu64 "\n",
           c->overflow, c->underflow, c->inexact, c->subnormal, c->zero_exact, c->zero_inexact, c->infinite, c->nan);
    printf("  class:");
    for (i = 0; i < COV_N; i++) printf(" %s=%" PRIu64, cov_name[i], c->cls[i]);
    printf("\n  formats:");
    for (i = 0; i < 8; i++)
        for (j = 0; j < 8; j++)
            if (c->fmt[i][j]) printf(" %d%d=%" PRIu64, i, j, c->fmt[i][j]);
    printf("\n  gen:");
    for (i = 0; i < MX_GEN_KINDS; i++) printf(" %s=%" PRIu64, mx_gen_kind_name(i), c->kind[i]);
    if (c->kind[MX_GEN_KINDS]) printf(" file=%" PRIu64, c->kind[MX_GEN_KINDS]);
    printf("\n  beats: total=%" PRIu64 " multi-beat-groups=%" PRIu64 " max=%" PRIu64 "\n", c->beats, c->groups_multi,
           c->beats_max);
    printf("  cycle: total=%" PRIu64 " in-stall=%" PRIu64 " in-gap=%" PRIu64 " out-stall=%" PRIu64 " out-idle=%" PRIu64
           "\n",
           c->cycles, c->in_stall, c->in_gap, c->out_stall, c->out_idle);
    if (c->lat_min != UINT64_MAX) printf("  latency: min=%" PRIu64 " max=%" PRIu64 "\n", c->lat_min, c->lat_max);
    if (s->o->reset_test) printf("  reset: count=%" PRIu64 " dropped=%" PRIu64 "\n", c->resets, c->dropped);
}

/* --require-coverage: every hard class the build can meet was met. */
static void require_coverage(sim *s)
{
    int i, miss = 0;
    unsigned fmts = s->o->formats ? s->o->formats : s->formats;
    size_t kmax = s->o->fixed_k ? s->o->fixed_k : (s->o->kmax ? s->o->kmax : s->max_group);
    for (i = 0; i < COV_N; i++) {
        if (s->cov.cls[i]) continue;
        /* classes this build or run cannot reach */
        if (i == COV_RESET_STALLED && !s->o->reset_test) continue;
        if ((i == COV_NAN_A || i == COV_NAN_B) && !(fmts & (1u << MX_FMT_E4M3 | 1u << MX_FMT_E5M2)))
            continue;                                  /* FP6, FP4, INT8 have no NaN code */
        if (i == COV_INF_OPPOSITE && kmax < 2) continue; /* two infinite products */
        if ((i == COV_MULTI_BEAT || i == COV_PARTIAL_LAST) && kmax <= s->lanes) continue;
        if (i == COV_LONGEST && kmax < s->max_group) continue;   /* --kmax below the build's longest */
        if (i == COV_WIDE_SUM && !wide_sum_reachable(s, fmts, kmax)) continue;
        if (i == COV_PARTIAL_LAST && s->lanes == 1) continue;
        if ((i == COV_INF_PROD || i == COV_INF_TIMES_ZERO || i == COV_INF_OPPOSITE || i == COV_INF_VS_C)
            && !(fmts & (1u << MX_FMT_E5M2)))
            continue;
        if (s->o->fixed_k && (i == COV_EMPTY || i == COV_OVERLONG || i == COV_MULTI_BEAT || i == COV_PARTIAL_LAST ||
                              i == COV_LONGEST))
            continue;
        if (s->thr_holes == 0 && i == COV_HOLES) continue;
        printf("FAIL coverage: class %s was never hit\n", cov_name[i]);
        miss++;
    }
    s->failed += (uint64_t)miss;
}

static mxdot_model *new_model(void)
{
    mxdot_model *m = mxdot_model_new();
    if (!m) {
        fprintf(stderr, "%s: cannot create the RTL model\n", prog);
        exit(2);
    }
    return m;
}

static int open_trace(mxdot_model *m, const char *path)
{
    if (mxdot_model_trace_open(m, path) == 0) return 0;
    if (!mxdot_model_can_trace())
        fprintf(stderr, "%s: this model was built without tracing (build it with SIM_TRACE=1)\n", prog);
    else
        fprintf(stderr, "%s: %s: cannot open the trace file\n", prog, path);
    return -1;
}

/* Rerun a few groups around the first failure with tracing on. The data of
 * each group is the same (it depends on seed and index only); the gap and
 * stall pattern is a fresh one. */
static void wave_rerun(const options *o, uint64_t fail)
{
    options w = *o;
    sim s;
    mxdot_model *m = new_model();
    uint64_t lo = fail > o->start + WAVE_WINDOW ? fail - WAVE_WINDOW : o->start;
    uint64_t hi = fail + WAVE_WINDOW + 1 < o->start + o->count ? fail + WAVE_WINDOW + 1 : o->start + o->count;
    w.reset_test = 0;
    w.max_errors = 1000;
    if (open_trace(m, o->wave) != 0) {
        mxdot_model_free(m);
        return;
    }
    sim_init(&s, &w, m);
    s.source = src_random;
    s.sink = sink_random;
    s.next_index = lo;
    s.end_index = hi;
    printf("rerun of groups %" PRIu64 "..%" PRIu64 " traced to %s:\n", lo, hi - 1, o->wave);
    run_stream(&s);
    if (s.have_fail)
        printf("rerun: %" PRIu64 " passed, %" PRIu64 " failed; group %" PRIu64 " came out at %" PRIu64
               " ns (rising edges at 10n+5 ns)\n",
               s.passed, s.failed, s.first_fail, 10 * s.first_fail_edge + 5);
    else
        printf("rerun: %" PRIu64 " passed, %" PRIu64 " failed (the failure did not recur)\n", s.passed, s.failed);
    mxdot_model_free(m);
    sim_free(&s);
}

static void print_build(const sim *s)
{
    printf("mxdot-sim: Lanes=%u Stages=%u MaxGroup=%u Formats=0x%02X (%s)\n", s->lanes, s->stages,
           mxdot_model_max_group(), s->formats, mxdot_model_build_info());
}

static int run_random(const options *o)
{
    sim s;
    mxdot_model *m = new_model();
    int rc;
    if (o->trace && open_trace(m, o->trace) != 0) return 2;
    sim_init(&s, o, m);
    s.source = src_random;
    s.sink = sink_random;
    s.next_index = o->start;
    s.end_index = o->start + o->count;
    s.reset_at[0] = o->count / 4;
    s.reset_at[1] = o->count / 2;
    s.reset_at[2] = 3 * (o->count / 4);
    if (!o->quiet && o->count >= 100000) {
        s.progress_step = o->count / 10;
        s.progress_next = s.progress_step;
    }
    print_build(&s);
    printf("seed %" PRIu64 " groups %" PRIu64 "..%" PRIu64 " %s p-in-gap %.3g p-out-stall %.3g p-holes %.3g%s\n", o->seed,
           o->start, o->start + o->count - (o->count ? 1 : 0), o->fixed_k ? "fixed K" : "mixed K", o->p_gap,
           o->p_stall, o->p_holes, o->reset_test ? " reset-test" : "");
    s.t0 = now_s();
    run_stream(&s);
    mxdot_model_free(m);
    if (o->reset_test && s.resets_done < 3 && o->count >= 16)
        fail_protocol(&s, "reset test: only %u of 3 resets happened", s.resets_done);
    /* Every group of the range came out, or was dropped by a reset. */
    if (!s.stop && s.received + s.cov.dropped != o->count) {
        printf("FAIL scoreboard: %" PRIu64 " groups sent, %" PRIu64 " received, %" PRIu64 " dropped by reset\n",
               o->count, s.received, s.cov.dropped);
        s.failed++;
    }
    print_coverage(&s);
    if (o->require_coverage) require_coverage(&s);
    if (s.have_fail && o->wave) wave_rerun(o, s.first_fail);
    else if (o->wave) printf("no failure: no waveform written to %s\n", o->wave);
    sim_free(&s);
    rc = s.failed ? 1 : 0;
    printf("%" PRIu64 " passed, %" PRIu64 " failed\n", s.passed, s.failed);
    return rc;
}

/* ---- vector files ---- */

/* Read the whole file and check every line against the build before
 * anything reaches the RTL. Returns 0, or 2 after an error message. */
static int load_vectors(sim *s, const char *path)
{
    mx_reader *rd = xrealloc(NULL, sizeof *rd);
    mx_vector *v = xrealloc(NULL, sizeof *v);
    char err[600];
    int rc = 0;
    if (mx_reader_open(rd, path, err, sizeof err) != 0) {
        fprintf(stderr, "%s: %s\n", prog, err);
        free(rd);
        free(v);
        return 2;
    }
    rd->want_comments = 1;
    s->vec_name = rd->name;
    for (;;) {
        int r = mx_reader_next(rd, v, err, sizeof err);
        record *x;
        if (r == 0) break;
        if (r < 0) {
            fprintf(stderr, "%s: %s\n", prog, err);
            rc = 2;
            break;
        }
        if (r == 1) {
            const char *bad = NULL;
            char why[160];
            if (v->k > s->max_group) {
                bad = "A";
                snprintf(why, sizeof why, "%zu elements, longer than the longest group of this build (%zu)", v->k,
                         s->max_group);
            } else if ((v->fa < MX_FMT_COUNT && !(s->formats >> v->fa & 1)) ||
                       (v->fb < MX_FMT_COUNT && !(s->formats >> v->fb & 1))) {
                unsigned f = (v->fa < MX_FMT_COUNT && !(s->formats >> v->fa & 1)) ? v->fa : v->fb;
                bad = "F";
                snprintf(why, sizeof why, "format %u (%s) is not carried by this build (Formats=0x%02X)", f,
                         mx_format_name(f), s->formats);
            }
            if (bad && s->o->skip_unfit) {
                /* the build cannot take this group: counted, never sent */
                if (*bad == 'A') s->skipped_long++;
                else s->skipped_fmt++;
                continue;
            }
            if (bad) {
                fprintf(stderr, "%s: %s:%lu: field %s: %s\n", prog, rd->name, rd->line, bad, why);
                rc = 2;
                break;
            }
        }
        if (s->nrec % 1024 == 0) s->rec = xrealloc(s->rec, (s->nrec + 1024) * sizeof *s->rec);
        x = &s->rec[s->nrec++];
        memset(x, 0, sizeof *x);
        x->line = rd->line;
        if (r == 1) {
            /* only the group's k elements are kept */
            size_t head = offsetof(mx_vector, a);
            x->is_block = 1;
            x->v = xrealloc(NULL, sizeof *x->v);
            memcpy(x->v, v, head);
            memcpy(x->v->a, v->a, v->k);
            memcpy(x->v->b, v->b, v->k);
            x->v->has_result = v->has_result;
            x->v->d = v->d;
            x->v->flags = v->flags;
        } else {
            size_t n = strlen(rd->buf);
            x->text = xrealloc(NULL, n + 1);
            memcpy(x->text, rd->buf, n + 1);
            x->more = rd->more;
        }
    }
    /* names outlive the reader: keep a copy */
    {
        size_t n = strlen(rd->name);
        char *name = xrealloc(NULL, n + 1);
        memcpy(name, rd->name, n + 1);
        s->vec_name = name;
    }
    mx_reader_close(rd);
    free(rd);
    free(v);
    return rc;
}

static void free_vectors(sim *s)
{
    size_t i;
    for (i = 0; i < s->nrec; i++) {
        free(s->rec[i].v);
        free(s->rec[i].text);
    }
    free(s->rec);
    free((char *)s->vec_name);
    s->rec = NULL;
    s->nrec = 0;
}

static int src_vectors(sim *s, cursor *g)
{
    expect *e = &g->e;
    unsigned f = 0;
    record *x;
    while (s->rec_next < s->nrec && !s->rec[s->rec_next].is_block) s->rec_next++;
    if (s->rec_next >= s->nrec) return 0;
    x = &s->rec[s->rec_next];
    memset(e, 0, sizeof *e);
    e->tag = s->rec_next++;
    memcpy(g->v, x->v, offsetof(mx_vector, a));
    memcpy(g->v->a, x->v->a, x->v->k);
    memcpy(g->v->b, x->v->b, x->v->k);
    g->pos = 0;
    g->beat = 0;
    g->special = SPECIAL_NONE;
    g->rng = group_seed(s->o->seed, e->tag, 3);
    g->holes = (s->thr_holes && rnd(s) < s->thr_holes) ? (int)(xs_next(&g->rng) & 0xFF) + 1 : 0;
    g->junk_a = (xs_next(&g->rng) & 1) ? above_width(x->v->fa) : 0;
    g->junk_b = (xs_next(&g->rng) & 1) ? above_width(x->v->fb) : 0;
    e->has = (uint8_t)x->v->has_result;
    e->d = x->v->d;
    e->flags = (uint8_t)x->v->flags;
    e->rm = (uint8_t)x->v->rm;
    e->fa = (uint8_t)x->v->fa;
    e->fb = (uint8_t)x->v->fb;
    e->kind = MX_GEN_KINDS;
    if (e->has) classify(s, x->v, e);
    (void)f;
    return 1;
}

/* Write the records whose results are in, in file order. */
static void flush_records(sim *s)
{
    while (s->rec_out < s->nrec) {
        record *x = &s->rec[s->rec_out];
        if (x->is_block) {
            if (!x->done) break;
            if (mx_vec_write(stdout, x->v, 1) != 0) s->write_error = 1;
        } else if (fputs(x->text, stdout) == EOF || (!x->more && putchar('\n') == EOF)) {
            s->write_error = 1;
        }
        s->rec_out++;
    }
}

static void sink_vectors(sim *s, const expect *e, uint32_t d, unsigned flags)
{
    record *x = &s->rec[e->tag];
    if (!s->o->check) {
        x->v->d = d;
        x->v->flags = flags;
        x->v->has_result = 1;
        x->done = 1;
        flush_records(s);
        return;
    }
    if (!e->has) {
        s->unchecked++;
        return;
    }
    cover_result(s, e);
    if (d == e->d && flags == e->flags) {
        s->passed++;
    } else {
        char where[700], how[800];
        snprintf(where, sizeof where, "%s:%lu", s->vec_name, x->line);
        snprintf(how, sizeof how, "reproduce: line %lu of %s through mxdot-sim --vectors   (%s)", x->line, s->vec_name,
                 mxdot_model_build_info());
        report_mismatch(s, where, how, x->v, d, flags, e);
    }
}

static int run_vectors(const options *o)
{
    sim s;
    mxdot_model *m;
    int rc;
    m = new_model();
    sim_init(&s, o, m);
    rc = load_vectors(&s, o->vectors);
    if (rc) {
        mxdot_model_free(m);
        free_vectors(&s);
        sim_free(&s);
        return rc;
    }
    if (o->trace && open_trace(m, o->trace) != 0) return 2;
    s.source = src_vectors;
    s.sink = sink_vectors;
    run_stream(&s);
    mxdot_model_free(m);
    if (!o->check) {
        flush_records(&s);
        if (fflush(stdout) != 0 || ferror(stdout)) s.write_error = 1;
    }
    free_vectors(&s);
    sim_free(&s);
    if (s.write_error) {
        fprintf(stderr, "%s: write error on standard output\n", prog);
        return 2;
    }
    if (!o->check) {
        if (s.failed) {
            fprintf(stderr, "%" PRIu64 " passed, %" PRIu64 " failed\n", s.passed, s.failed);
            return 1;
        }
        return 0;
    }
    if (s.unchecked) printf("%" PRIu64 " groups without a result were not checked\n", s.unchecked);
    if (s.skipped_long || s.skipped_fmt)
        printf("--skip-unfit: %" PRIu64 " groups passed over, %" PRIu64 " longer than this build's longest (%zu), %" PRIu64
               " in a format it does not carry (Formats=0x%02X)\n",
               s.skipped_long + s.skipped_fmt, s.skipped_long, s.max_group, s.skipped_fmt, s.formats);
    print_coverage(&s);
    rc = s.failed ? 1 : 0;
    printf("%" PRIu64 " passed, %" PRIu64 " failed\n", s.passed, s.failed);
    return rc;
}

/* ---- speed ---- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, unsigned n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* Verilated RTL alone: pre-generated one-beat groups at full rate. */
static double bench_rtl(const options *o, const mx_vector *blk, unsigned nblk, uint32_t *csum)
{
    mxdot_model *m = new_model();
    uint64_t sent = 0, got = 0;
    mxdot_beat beat;
    double t0;
    memset(&beat, 0, sizeof beat);
    beat.last = 1;
    mxdot_model_reset(m, RESET_CYCLES);
    mxdot_model_clock(m);
    mxdot_model_set_out_ready(m, 1);
    t0 = cpu_s();
    while (got < o->count) {
        if (sent < o->count) {
            const mx_vector *v = &blk[sent % nblk];
            beat.a = v->a;
            beat.b = v->b;
            beat.fa = v->fa;
            beat.fb = v->fb;
            beat.xa = v->xa;
            beat.xb = v->xb;
            beat.c = v->c;
            beat.rm = v->rm;
            mxdot_model_drive(m, &beat);
        } else {
            mxdot_model_drive(m, NULL);
        }
        if (mxdot_model_out_valid(m)) {
            *csum += mxdot_model_d(m) ^ mxdot_model_flags(m);
            got++;
        }
        if (sent < o->count && mxdot_model_in_ready(m)) sent++;
        mxdot_model_clock(m);
    }
    t0 = cpu_s() - t0;
    mxdot_model_free(m);
    return (double)o->count / t0;
}

/* Generator and reference alone, as the co-simulation calls them. */
static double bench_ref(const options *o, const mx_gen_config *cfg, uint32_t *csum)
{
    mx_vector *v = xrealloc(NULL, sizeof *v);
    unsigned f;
    uint64_t i;
    double t0 = cpu_s();
    for (i = 0; i < o->count; i++) {
        mx_gen_group(o->seed, i, cfg, v);
        *csum += mx_dot_fmt(v->k, v->a, v->b, v->fa, v->fb, v->xa, v->xb, v->c, v->rm, &f) ^ f;
    }
    t0 = cpu_s() - t0;
    free(v);
    return (double)o->count / t0;
}

static int run_bench(const options *o)
{
    enum { NBLK = 1024, MAXRUNS = 99 };
    double co[MAXRUNS], co_full[MAXRUNS], rtl[MAXRUNS], ref[MAXRUNS];
    unsigned lanes = mxdot_model_lanes(), r, runs = o->runs;
    mx_vector *blk = xrealloc(NULL, NBLK * sizeof *blk);
    uint32_t csum = 0;
    uint64_t failed = 0;
    unsigned i;
    options dflt = *o, full = *o;
    mx_gen_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.kmax = lanes;
    cfg.lanes = lanes;
    cfg.formats = 1u;
    cfg.fixed_k = 1;
    /* K = lanes groups (one beat), E4M3, default gaps and stalls, and at
     * full rate */
    dflt.fixed_k = lanes;
    dflt.formats = 1u;
    dflt.p_holes = 0;
    dflt.quiet = 1;
    full = dflt;
    full.p_gap = 0;
    full.p_stall = 0;
    for (i = 0; i < NBLK; i++) mx_gen_group(o->seed, i, &cfg, &blk[i]);
    for (r = 0; r < runs; r++) {
        int pass;
        for (pass = 0; pass < 2; pass++) {
            sim s;
            mxdot_model *m = new_model();
            double t0;
            sim_init(&s, pass ? &full : &dflt, m);
            s.source = src_random;
            s.sink = sink_random;
            s.next_index = 0;
            s.end_index = o->count;
            t0 = cpu_s();
            run_stream(&s);
            (pass ? co_full : co)[r] = (double)o->count / (cpu_s() - t0);
            failed += s.failed + (s.received != o->count);
            mxdot_model_free(m);
            sim_free(&s);
        }
        rtl[r] = bench_rtl(o, blk, NBLK, &csum);
        ref[r] = bench_ref(o, &cfg, &csum);
    }
    free(blk);
    printf("bench-sim: Lanes=%u Stages=%u (%s), K = %u E4M3 groups, %" PRIu64
           " per run, CPU time, median of %u runs (checksum %08" PRIX32 ")\n",
           lanes, mxdot_model_stages(), mxdot_model_build_info(), lanes, o->count, runs, csum);
    printf("  co-simulation, gaps %.2g, stalls %.2g (generate + RTL + reference + compare) %8.3f M groups/s\n",
           o->p_gap, o->p_stall, 1e-6 * median(co, runs));
    printf("  co-simulation at full rate                                         %8.3f M groups/s\n",
           1e-6 * median(co_full, runs));
    printf("  Verilated RTL alone (pre-generated groups, full rate)              %8.3f M groups/s\n",
           1e-6 * median(rtl, runs));
    printf("  generator + reference alone                                        %8.3f M groups/s\n",
           1e-6 * median(ref, runs));
    if (failed) printf("bench-sim: the co-simulation runs had %" PRIu64 " failures\n", failed);
    return failed ? 1 : 0;
}

/* ---- command line ---- */

static void usage(FILE *f)
{
    fprintf(f,
            "usage: %s --seed S --count N [--start I] [--p-in-gap P] [--p-out-stall P] [--p-holes P]\n"
            "                 [--kmax K | --fixed-k K] [--formats LIST] [--max-errors N] [--reset-test]\n"
            "                 [--require-coverage] [--wave FILE] [--trace FILE] [--quiet]\n"
            "       %s --vectors FILE [--check [--skip-unfit]] [--p-in-gap P] [--p-out-stall P] [--p-holes P] [--trace FILE]\n"
            "       %s --bench [--count N] [--runs R]\n"
            "       %s --info\n"
            "Random regression: groups mx_gen_group(S, I..I+N-1) through the RTL and the reference,\n"
            "compared bit for bit; ends with 'N passed, N failed', exit 1 on failure.\n"
            "Vectors: the file's groups (any K up to the build's longest) through the RTL, written\n"
            "with the RTL's D FLAGS; with --check, compared with the file's results instead.\n"
            "A group the build cannot take (too long, a format it does not carry) is an error (exit 2);\n"
            "with --skip-unfit it is passed over and counted (for builds narrower than the default).\n"
            "Bad input or options: exit 2. Numbers are decimal, or hexadecimal with 0x.\n"
            "LIST: comma-separated format names (e4m3,e5m2,e3m2,e2m3,e2m1,int8) or 'all'.\n"
            "Defaults: --seed 1 --count 1000 --start 0 --p-in-gap 0.1 --p-out-stall 0.1 --p-holes 0.05\n"
            "          --kmax (the build's longest group) --formats (the build's) --max-errors 10;\n"
            "          --bench: --count 200000 --runs 5.\n"
            "This build: Lanes=%u Stages=%u MaxGroup=%u Formats=0x%02X%s (%s).\n",
            prog, prog, prog, prog, mxdot_model_lanes(), mxdot_model_stages(), mxdot_model_max_group(),
            mxdot_model_formats(), mxdot_model_can_trace() ? ", FST tracing" : ", no tracing",
            mxdot_model_build_info());
}

static int bad_arg(const char *opt, const char *val, const char *what)
{
    fprintf(stderr, "%s: %s %s: %s\n", prog, opt, val ? val : "(missing)", what);
    return -1;
}

/* Decimal, or hexadecimal with 0x: never octal (a leading 0 is decimal). */
static int parse_u64(const char *opt, const char *s, uint64_t *out)
{
    char *end;
    unsigned long long x;
    int base = 10;
    const char *p = s;
    if (!s || !*s || *s == '-' || *s == '+' || *s == ' ') return bad_arg(opt, s, "expected a non-negative integer");
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        base = 16;
        p += 2;
        if (!*p || *p == '-' || *p == '+' || *p == ' ') return bad_arg(opt, s, "expected a non-negative integer");
    }
    errno = 0;
    x = strtoull(p, &end, base);
    if (errno || *end) return bad_arg(opt, s, "expected a non-negative integer (decimal, or hexadecimal with 0x)");
    *out = (uint64_t)x;
    return 0;
}

static int parse_prob(const char *opt, const char *s, double *out)
{
    char *end;
    double x;
    if (!s || !*s) return bad_arg(opt, s, "expected a probability");
    errno = 0;
    x = strtod(s, &end);
    /* 1 would starve the stream for ever: the watchdog would fire. */
    if (errno || *end || !(x >= 0.0 && x <= 0.99)) return bad_arg(opt, s, "expected a probability in 0..0.99");
    *out = x;
    return 0;
}

static int parse_formats(const char *opt, const char *s, unsigned *out)
{
    unsigned m = 0;
    char buf[64];
    const char *p = s;
    if (!s || !*s) return bad_arg(opt, s, "expected a list of formats");
    if (!strcmp(s, "all")) {
        *out = MX_FMT_ALL;
        return 0;
    }
    while (*p) {
        size_t n = strcspn(p, ",");
        int f;
        if (n == 0 || n >= sizeof buf) return bad_arg(opt, s, "expected format names separated by commas");
        memcpy(buf, p, n);
        buf[n] = 0;
        f = mx_format_from_name(buf);
        if (f < 0) return bad_arg(opt, s, "unknown format name");
        m |= 1u << f;
        p += n;
        if (*p == ',') p++;
    }
    *out = m;
    return 0;
}

int main(int argc, char **argv)
{
    options o;
    int i, bench = 0;
    unsigned seen = 0;   /* options given, to refuse repeats and conflicts */
    uint64_t u;
    enum { O_SEED = 1, O_COUNT = 2, O_START = 4, O_VECTORS = 8, O_CHECK = 16, O_KMAX = 32, O_FIXED = 64,
           O_FORMATS = 128, O_RESET = 256, O_WAVE = 512, O_REQ = 1024, O_RUNS = 2048, O_BENCH = 4096,
           O_SKIP = 8192 };
    memset(&o, 0, sizeof o);
    o.mode = MODE_RANDOM;
    o.seed = 1;
    o.count = 1000;
    o.p_gap = 0.1;
    o.p_stall = 0.1;
    o.p_holes = 0.05;
    o.max_errors = 10;
    o.runs = 5;
    /* a closed pipe is a write error to report, not a silent death */
    signal(SIGPIPE, SIG_IGN);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        int used = 1, bad = 0;
        unsigned bit = 0;
        if (!strcmp(a, "--seed")) {
            bit = O_SEED;
            bad = parse_u64(a, val, &o.seed);
        } else if (!strcmp(a, "--count")) {
            bit = O_COUNT;
            bad = parse_u64(a, val, &o.count);
        } else if (!strcmp(a, "--start")) {
            bit = O_START;
            bad = parse_u64(a, val, &o.start);
        } else if (!strcmp(a, "--p-in-gap")) bad = parse_prob(a, val, &o.p_gap);
        else if (!strcmp(a, "--p-out-stall")) bad = parse_prob(a, val, &o.p_stall);
        else if (!strcmp(a, "--p-holes")) bad = parse_prob(a, val, &o.p_holes);
        else if (!strcmp(a, "--max-errors")) {
            bad = parse_u64(a, val, &u);
            if (!bad && u == 0) bad = bad_arg(a, val, "must be at least 1");
            o.max_errors = (unsigned long)u;
        } else if (!strcmp(a, "--runs")) {
            bit = O_RUNS;
            bad = parse_u64(a, val, &u);
            if (!bad && (u < 1 || u > 99)) bad = bad_arg(a, val, "expected 1..99");
            o.runs = (unsigned)u;
        } else if (!strcmp(a, "--kmax") || !strcmp(a, "--fixed-k")) {
            int fixed = a[2] == 'f';
            bit = fixed ? O_FIXED : O_KMAX;
            bad = parse_u64(a, val, &u);
            if (!bad && (u < 1 || u > MX_K_MAX || u > mxdot_model_max_group()))
                bad = bad_arg(a, val, "expected 1 to the build's longest group");
            if (fixed) o.fixed_k = (size_t)u;
            else o.kmax = (size_t)u;
        } else if (!strcmp(a, "--formats")) {
            bit = O_FORMATS;
            bad = parse_formats(a, val, &o.formats);
            if (!bad && (o.formats & ~mxdot_model_formats()))
                bad = bad_arg(a, val, "a format this build does not carry");
        } else if (!strcmp(a, "--wave")) {
            bit = O_WAVE;
            if (!val) bad = bad_arg(a, val, "expected a file name");
            o.wave = val;
        } else if (!strcmp(a, "--trace")) {
            if (!val) bad = bad_arg(a, val, "expected a file name");
            o.trace = val;
        } else if (!strcmp(a, "--vectors")) {
            bit = O_VECTORS;
            if (!val) bad = bad_arg(a, val, "expected a file name");
            o.vectors = val;
            o.mode = MODE_VECTORS;
        } else {
            used = 0;
            if (!strcmp(a, "--check")) {
                bit = O_CHECK;
                o.check = 1;
            } else if (!strcmp(a, "--skip-unfit")) {
                bit = O_SKIP;
                o.skip_unfit = 1;
            } else if (!strcmp(a, "--reset-test")) {
                bit = O_RESET;
                o.reset_test = 1;
            } else if (!strcmp(a, "--require-coverage")) {
                bit = O_REQ;
                o.require_coverage = 1;
            } else if (!strcmp(a, "--quiet")) o.quiet = 1;
            else if (!strcmp(a, "--bench")) {
                bit = O_BENCH;
                bench = 1;
            } else if (!strcmp(a, "--info")) {
                printf("Lanes=%u Stages=%u MaxGroup=%u Formats=0x%02X trace=%d build=%s\n", mxdot_model_lanes(),
                       mxdot_model_stages(), mxdot_model_max_group(), mxdot_model_formats(), mxdot_model_can_trace(),
                       mxdot_model_build_info());
                return 0;
            } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
                usage(stdout);
                return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 2;
            } else {
                fprintf(stderr, "%s: unknown option %s\n", prog, a);
                usage(stderr);
                return 2;
            }
        }
        if (bad) return 2;
        if (bit & seen) {
            fprintf(stderr, "%s: %s given twice\n", prog, a);
            return 2;
        }
        seen |= bit;
        i += used;
    }
    /* Conflicts: say which, rather than ignore one of them. */
    {
        static const struct { unsigned a, b; const char *why; } clash[] = {
            {O_VECTORS, O_COUNT, "--count is for random runs and --bench, not --vectors"},
            {O_VECTORS, O_START, "--start is for random runs, not --vectors"},
            {O_VECTORS, O_KMAX, "--kmax is for random runs, not --vectors"},
            {O_VECTORS, O_FIXED, "--fixed-k is for random runs, not --vectors"},
            {O_VECTORS, O_FORMATS, "--formats is for random runs, not --vectors"},
            {O_VECTORS, O_RESET, "--reset-test is for random runs, not --vectors"},
            {O_VECTORS, O_WAVE, "--wave is for random runs, not --vectors"},
            {O_VECTORS, O_REQ, "--require-coverage is for random runs"},
            {O_VECTORS, O_BENCH, "--bench and --vectors do not go together"},
            {O_KMAX, O_FIXED, "--kmax and --fixed-k do not go together"},
            {O_BENCH, O_RESET, "--reset-test is for random runs, not --bench"},
        };
        size_t c;
        for (c = 0; c < sizeof clash / sizeof clash[0]; c++) {
            if ((seen & clash[c].a) && (seen & clash[c].b)) {
                fprintf(stderr, "%s: %s\n", prog, clash[c].why);
                return 2;
            }
        }
        if ((seen & O_CHECK) && !(seen & O_VECTORS)) {
            fprintf(stderr, "%s: --check needs --vectors FILE\n", prog);
            return 2;
        }
        if ((seen & O_SKIP) && !(seen & O_CHECK)) {
            /* written back, a passed-over line would be lost from the file */
            fprintf(stderr, "%s: --skip-unfit needs --vectors FILE --check\n", prog);
            return 2;
        }
        if ((seen & O_RUNS) && !bench) {
            fprintf(stderr, "%s: --runs is for --bench\n", prog);
            return 2;
        }
    }
    if (o.start + o.count < o.start) {
        fprintf(stderr, "%s: --start + --count overflows\n", prog);
        return 2;
    }
    if (bench) {
        if (!(seen & O_COUNT)) o.count = 200000;
        return run_bench(&o);
    }
    if (o.mode == MODE_VECTORS) return run_vectors(&o);
    {
        int rc = run_random(&o);
        if (fflush(stdout) != 0 || ferror(stdout)) {
            fprintf(stderr, "%s: write error on standard output\n", prog);
            return 2;
        }
        return rc;
    }
}
