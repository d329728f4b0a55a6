/*
 * mxdot_sim.c - co-simulation of the Verilated RTL (tb/mxdot_model.h)
 * against the golden reference (ref/), and a vector-file driver for the RTL.
 *
 *   mxdot-sim --seed S --count N [options]    random regression
 *   mxdot-sim --vectors FILE [--check]        vector file through the RTL
 *   mxdot-sim --bench [--count N] [--runs R]  speed of co-simulation and RTL
 *
 * Both directions of the RTL's AXI-Stream handshake are exercised: a random
 * source leaves gaps on in_valid and a random sink withholds out_ready. A
 * scoreboard (a FIFO of expected results, tagged with the block index or
 * line) checks that every accepted block comes out once, in order, with the
 * reference's d and flags bit for bit. docs/verification.md has the details.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <inttypes.h>
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
/* More blocks in flight than any sane pipeline holds: it swallows beats. */
#define MAX_IN_FLIGHT 4096u
/* Blocks of context on either side of the first failure for --wave. */
#define WAVE_WINDOW 8u
/* Cycles the reset stays asserted in --reset-test and at start-up. */
#define RESET_CYCLES 3u

/* ---- options ---- */

enum mode { MODE_RANDOM, MODE_VECTORS };

typedef struct {
    enum mode mode;
    uint64_t seed, count, start;
    double p_gap, p_stall;
    unsigned long max_errors;
    const char *wave;     /* rerun around the first failure, traced */
    const char *trace;    /* trace the whole run */
    const char *vectors;  /* vector file ("-": standard input) */
    int check;            /* --vectors: compare with the file's results */
    int reset_test;
    int quiet;            /* no progress lines */
    unsigned runs;        /* --bench repetitions */
} options;

/* ---- scoreboard ---- */

/* Case of SPEC section 2 that decided a block (plus the reserved modes). */
enum spec_case { CASE_NAN, CASE_INF_ACC, CASE_ZERO, CASE_ROUND, CASE_RESERVED_RM, CASE_N };
static const char *const case_name[CASE_N] = {"nan", "inf-acc", "exact-zero", "rounding", "reserved-rm"};

typedef struct {
    uint64_t tag;     /* block index (random) or line number (vectors) */
    uint64_t edge;    /* clock edge that accepted the block */
    uint32_t d;       /* expected result, when has */
    uint8_t flags;
    uint8_t has;      /* an expected result exists */
    uint8_t rm;
    uint8_t kind;     /* mx_gen_kind, or MX_GEN_KINDS for file vectors */
    uint8_t scase;    /* enum spec_case */
} expect;

typedef struct {
    expect *e;
    mx_vector *v;     /* the blocks themselves, kept in vector mode only */
    size_t cap, head, n;
} fifo;

/* ---- coverage ---- */

typedef struct {
    uint64_t rm[8];
    uint64_t scase[CASE_N];
    uint64_t kind[MX_GEN_KINDS + 1];
    uint64_t overflow, underflow, inexact, subnormal, zero_exact, zero_inexact, infinite, nan;
    uint64_t cycles, in_stall, in_gap, out_stall, out_idle;
    uint64_t lat_min, lat_max;
    uint64_t resets, dropped;
} coverage;

/* ---- one streaming run ---- */

typedef struct sim sim;
/* Next block: 1 (v and e filled, e->tag set), 0 end of stream, -1 error
 * (message printed; the run stops with exit status 2). */
typedef int (*source_fn)(sim *s, mx_vector *v, expect *e);
/* A result came out; v is the block (the FIFO's copy, the sink may write
 * its result fields) in vector mode, NULL otherwise. */
typedef void (*sink_fn)(sim *s, const expect *e, mx_vector *v, uint32_t d, unsigned flags);

struct sim {
    const options *o;
    mxdot_model *m;
    unsigned k, stages;
    source_fn source;
    sink_fn sink;
    int keep_vectors;
    fifo q;
    coverage cov;
    uint64_t rng;
    uint64_t thr_gap, thr_stall;     /* probabilities as 64-bit thresholds */
    uint64_t passed, failed, reported;
    uint64_t received, accepted;
    uint64_t next_index, end_index;  /* random source */
    int have_fail;
    uint64_t first_fail;             /* tag of the first mismatch */
    uint64_t first_fail_edge;        /* and the clock edge it came out on */
    int input_error;                 /* the source failed: exit 2 */
    int stop;                        /* max errors reached */
    uint64_t reset_at[3];
    unsigned resets_done;
    uint64_t progress_step, progress_next;
    double t0;
    mx_reader *rd;                   /* vector source */
    uint64_t unchecked;              /* --check: blocks without a result */
    uint32_t csum;                   /* --bench: keeps the RTL outputs alive */
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
    void *q = realloc(p, n);
    if (!q) {
        fprintf(stderr, "%s: out of memory\n", prog);
        exit(2);
    }
    return q;
}

/* xorshift64*: the testbench's own randomness (gaps, stalls), kept apart
 * from the generator's so that blocks depend on (seed, index) only. */
static uint64_t rnd(sim *s)
{
    s->rng ^= s->rng >> 12;
    s->rng ^= s->rng << 25;
    s->rng ^= s->rng >> 27;
    return s->rng * 0x2545F4914F6CDD1Dull;
}

static int roll(sim *s, uint64_t thr) { return thr && rnd(s) < thr; }

static uint64_t prob_threshold(double p) { return p <= 0.0 ? 0 : (uint64_t)(p * 18446744073709551616.0); }

/* Copy a block without its unused tail (mx_vector holds MX_K_MAX elements). */
static void vec_copy(mx_vector *dst, const mx_vector *src)
{
    dst->rm = src->rm;
    dst->xa = src->xa;
    dst->xb = src->xb;
    dst->c = src->c;
    dst->k = src->k;
    memcpy(dst->a, src->a, src->k);
    memcpy(dst->b, src->b, src->k);
    dst->has_result = src->has_result;
    dst->d = src->d;
    dst->flags = src->flags;
}

static void fifo_push(sim *s, const expect *e, const mx_vector *v)
{
    fifo *q = &s->q;
    if (q->n == q->cap) {
        /* Grow by doubling, unrolling the ring into the new storage. */
        size_t ncap = q->cap ? 2 * q->cap : 16, i;
        expect *ne = xrealloc(NULL, ncap * sizeof *ne);
        mx_vector *nv = s->keep_vectors ? xrealloc(NULL, ncap * sizeof *nv) : NULL;
        for (i = 0; i < q->n; i++) {
            size_t j = (q->head + i) & (q->cap - 1);
            ne[i] = q->e[j];
            if (nv) vec_copy(&nv[i], &q->v[j]);
        }
        free(q->e);
        free(q->v);
        q->e = ne;
        q->v = nv;
        q->cap = ncap;
        q->head = 0;
    }
    {
        size_t j = (q->head + q->n) & (q->cap - 1);
        q->e[j] = *e;
        if (s->keep_vectors) vec_copy(&q->v[j], v);
        q->n++;
    }
}

static void fifo_free(fifo *q)
{
    free(q->e);
    free(q->v);
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

/* Which case of SPEC section 2 decided the block, from its inputs' c and
 * rm and the reference's result (rounding never yields the NaN pattern, and
 * a zero without NX is an exact zero). */
static uint8_t classify(unsigned rm, uint32_t c, uint32_t d, unsigned flags)
{
    if (rm > 4) return CASE_RESERVED_RM;
    if (d == MX_F32_QNAN) return CASE_NAN;
    if (mx_f32_is_inf(c)) return CASE_INF_ACC;
    if ((d & 0x7FFFFFFFu) == 0 && !(flags & MX_FLAG_NX)) return CASE_ZERO;
    return CASE_ROUND;
}

static void cover_result(coverage *c, const expect *e)
{
    uint32_t mag = e->d & 0x7FFFFFFFu;
    c->rm[e->rm & 7]++;
    c->scase[e->scase]++;
    c->kind[e->kind]++;
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

/* Reset in the middle of the stream: asserted asynchronously in the low
 * phase, held for RESET_CYCLES edges, released in a low phase. Blocks in
 * flight are lost by design; the beat on offer is offered again after. */
static void mid_stream_reset(sim *s)
{
    unsigned i;
    mxdot_model_drive(s->m, 0, NULL, NULL, 0, 0, 0, 0);
    mxdot_model_set_reset(s->m, 1);
    if (mxdot_model_out_valid(s->m)) fail_protocol(s, "out_valid high right after reset was asserted (asynchronous reset)");
    for (i = 0; i < RESET_CYCLES; i++) {
        mxdot_model_clock(s->m);
        if (mxdot_model_out_valid(s->m)) fail_protocol(s, "out_valid high during reset");
    }
    mxdot_model_set_reset(s->m, 0);
    if (mxdot_model_out_valid(s->m)) fail_protocol(s, "out_valid high after reset, before any input");
    s->cov.resets++;
    s->cov.dropped += s->q.n;
    s->q.n = 0;
    s->resets_done++;
}

static void progress(sim *s)
{
    double t = now_s() - s->t0;
    fprintf(stderr, "%s: %3.0f%% %" PRIu64 "/%" PRIu64 " blocks, %" PRIu64 " failed, %.2f M blocks/s\n", prog,
            100.0 * (double)s->received / (double)s->o->count, s->received, s->o->count, s->failed,
            t > 0 ? 1e-6 * (double)s->received / t : 0.0);
    s->progress_next += s->progress_step;
}

/* Stream every block of the source through the RTL. Returns 0, or -1 when
 * the source failed (bad input). */
static int run_stream(sim *s)
{
    mx_vector *cur = xrealloc(NULL, sizeof *cur);
    expect ce;
    int pending = 0, done = 0;
    int prev_hold = 0;               /* last cycle: out_valid & !out_ready */
    uint32_t prev_d = 0;
    unsigned prev_f = 0;
    uint64_t last_move = 0;
    const int full_rate_out = s->thr_stall == 0;

    memset(&ce, 0, sizeof ce);
    s->cov.lat_min = UINT64_MAX;
    mxdot_model_set_out_ready(s->m, 0);
    mxdot_model_reset(s->m, RESET_CYCLES);
    if (mxdot_model_out_valid(s->m)) fail_protocol(s, "out_valid high after reset");
    last_move = mxdot_model_cycles(s->m);

    while (!s->stop) {
        uint64_t edge = mxdot_model_cycles(s->m);
        int ready, ov, ir;

        /* Source: a new beat, or a gap; an offered beat stays until taken. */
        if (!pending && !done) {
            if (roll(s, s->thr_gap)) {
                s->cov.in_gap++;
                mxdot_model_drive(s->m, 0, NULL, NULL, 0, 0, 0, 0);
            } else {
                int rc = s->source(s, cur, &ce);
                if (rc < 0) s->input_error = 1; /* drain what is in flight, then stop */
                if (rc <= 0) {
                    done = 1;
                    mxdot_model_drive(s->m, 0, NULL, NULL, 0, 0, 0, 0);
                } else {
                    pending = 1;
                    mxdot_model_drive(s->m, 1, cur->a, cur->b, cur->xa, cur->xb, cur->c, cur->rm);
                }
            }
        } else if (pending) {
            mxdot_model_drive(s->m, 1, NULL, NULL, 0, 0, 0, 0);
        }
        if (done && !pending && s->q.n == 0) break;

        /* Sink. */
        ready = !roll(s, s->thr_stall);
        mxdot_model_set_out_ready(s->m, ready);

        if (s->o->reset_test && s->resets_done < 3 && s->accepted >= s->reset_at[s->resets_done] && s->q.n > 0) {
            mid_stream_reset(s);
            prev_hold = 0;
            last_move = mxdot_model_cycles(s->m);
            continue;
        }

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
                fail_protocol(s, "a result came out with no block in flight (duplicate or spurious): d %08" PRIX32 " flags %02X", d, f);
            } else {
                size_t j = s->q.head;
                const expect *e = &s->q.e[j];
                uint64_t lat = edge - e->edge;
                if (lat < s->cov.lat_min) s->cov.lat_min = lat;
                if (lat > s->cov.lat_max) s->cov.lat_max = lat;
                if (lat < s->stages || (full_rate_out && lat != s->stages))
                    fail_protocol(s, "block %" PRIu64 " took %" PRIu64 " cycles, Stages is %u%s", e->tag, lat, s->stages,
                                  full_rate_out ? " (no back-pressure)" : "");
                s->received++;
                s->sink(s, e, s->keep_vectors ? &s->q.v[j] : NULL, d, f);
                s->q.head = (j + 1) & (s->q.cap - 1);
                s->q.n--;
                if (s->received >= s->progress_next) progress(s);
            }
        }
        if (pending) {
            if (ir) {
                ce.edge = edge;
                fifo_push(s, &ce, cur);
                s->accepted++;
                pending = 0;
                last_move = edge;
                if (s->q.n > MAX_IN_FLIGHT) {
                    fail_protocol(s, "%zu blocks accepted and none delivered: the pipeline swallows beats", s->q.n);
                    break;
                }
            } else {
                s->cov.in_stall++;
                if (full_rate_out) fail_protocol(s, "in_ready low without back-pressure (one block per clock expected)");
            }
        }
        if (edge - last_move > WATCHDOG_CYCLES) {
            fail_protocol(s, "watchdog: no handshake for %u cycles, %zu blocks in flight%s", WATCHDOG_CYCLES, s->q.n,
                          pending ? ", a beat on offer" : "");
            break;
        }
        mxdot_model_clock(s->m);
    }
    if (!s->stop && s->q.n != 0) {
        /* Only reachable through a break above: say what was lost. */
        printf("FAIL scoreboard: %zu accepted blocks never came out (first: %" PRIu64 ")\n", s->q.n, s->q.e[s->q.head].tag);
        s->failed += s->q.n;
    }
    s->cov.cycles += mxdot_model_cycles(s->m);
    free(cur);
    return s->input_error ? -1 : 0;
}

static void sim_init(sim *s, const options *o, mxdot_model *m)
{
    memset(s, 0, sizeof *s);
    s->o = o;
    s->m = m;
    s->k = mxdot_model_k();
    s->stages = mxdot_model_stages();
    s->rng = mx_gen_mix(o->seed ^ 0x5DEECE66Dull) | 1u;
    s->thr_gap = prob_threshold(o->p_gap);
    s->thr_stall = prob_threshold(o->p_stall);
    s->progress_next = UINT64_MAX;
}

/* ---- random regression ---- */

static int src_random(sim *s, mx_vector *v, expect *e)
{
    unsigned f = 0;
    if (s->next_index >= s->end_index) return 0;
    e->tag = s->next_index++;
    e->kind = (uint8_t)mx_gen_block(s->o->seed, e->tag, s->k, v);
    e->d = mx_dot(s->k, v->a, v->b, v->xa, v->xb, v->c, v->rm, &f);
    e->flags = (uint8_t)f;
    e->has = 1;
    e->rm = (uint8_t)v->rm;
    e->scase = classify(v->rm, v->c, e->d, f);
    return 1;
}

/* A wrong result: which block it was (where), the block in the vector
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
    v->d = d;
    v->flags = flags;
    printf("  rtl:      ");
    mx_vec_write(stdout, v, 1);
    v->d = e->d;
    v->flags = e->flags;
    printf("  expected: ");
    mx_vec_write(stdout, v, 1);
    /* A result that belongs to a later block means blocks were lost (or
     * reordered) on the way: say so rather than leave a cascade unexplained. */
    for (i = 1; i < s->q.n; i++) {
        const expect *l = &s->q.e[(s->q.head + i) & (s->q.cap - 1)];
        if (l->has && l->d == d && l->flags == flags) {
            printf("  note:     this is the expected result of the block %zu later (%" PRIu64
                   "): blocks lost or reordered?\n",
                   i, l->tag);
            break;
        }
    }
    printf("  %s\n", how);
    count_report(s);
}

static void sink_random(sim *s, const expect *e, mx_vector *v_unused, uint32_t d, unsigned flags)
{
    (void)v_unused;
    cover_result(&s->cov, e);
    if (d == e->d && flags == e->flags) {
        s->passed++;
        return;
    }
    {
        /* Rebuild the block from (seed, index): nothing is kept per block. */
        char where[96], how[160];
        mx_vector *v = xrealloc(NULL, sizeof *v);
        mx_gen_block(s->o->seed, e->tag, s->k, v);
        snprintf(where, sizeof where, "seed %" PRIu64 " index %" PRIu64 " (%s block)", s->o->seed, e->tag,
                 mx_gen_kind_name(e->kind));
        snprintf(how, sizeof how,
                 "reproduce: mxdot-sim --seed %" PRIu64 " --start %" PRIu64 " --count 1   (K=%u Stages=%u)",
                 s->o->seed, e->tag, s->k, s->stages);
        report_mismatch(s, where, how, v, d, flags, e);
        free(v);
    }
}

static void print_coverage(const sim *s)
{
    static const char *const rm_name[8] = {"RNE", "RTZ", "RDN", "RUP", "RMM", "rm5", "rm6", "rm7"};
    const coverage *c = &s->cov;
    int i;
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
    printf("  gen:");
    for (i = 0; i < MX_GEN_KINDS; i++) printf(" %s=%" PRIu64, mx_gen_kind_name(i), c->kind[i]);
    if (c->kind[MX_GEN_KINDS]) printf(" file=%" PRIu64, c->kind[MX_GEN_KINDS]);
    printf("\n  cycle: total=%" PRIu64 " in-stall=%" PRIu64 " in-gap=%" PRIu64 " out-stall=%" PRIu64 " out-idle=%" PRIu64
           "\n",
           c->cycles, c->in_stall, c->in_gap, c->out_stall, c->out_idle);
    if (c->lat_min != UINT64_MAX) printf("  latency: min=%" PRIu64 " max=%" PRIu64 "\n", c->lat_min, c->lat_max);
    if (s->o->reset_test) printf("  reset: count=%" PRIu64 " dropped=%" PRIu64 "\n", c->resets, c->dropped);
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

/* Rerun a few blocks around the first failure with tracing on. The data of
 * each block is the same (it depends on seed and index only); the gap and
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
    printf("rerun of blocks %" PRIu64 "..%" PRIu64 " traced to %s:\n", lo, hi - 1, o->wave);
    run_stream(&s);
    if (s.have_fail)
        printf("rerun: %" PRIu64 " passed, %" PRIu64 " failed; block %" PRIu64 " came out at %" PRIu64
               " ns (rising edges at 10n+5 ns)\n",
               s.passed, s.failed, s.first_fail, 10 * s.first_fail_edge + 5);
    else
        printf("rerun: %" PRIu64 " passed, %" PRIu64 " failed (the failure did not recur)\n", s.passed, s.failed);
    mxdot_model_free(m);
    fifo_free(&s.q);
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
    printf("mxdot-sim: K=%u Stages=%u seed %" PRIu64 " blocks %" PRIu64 "..%" PRIu64
           " p-in-gap %.3g p-out-stall %.3g%s\n",
           s.k, s.stages, o->seed, o->start, o->start + o->count - (o->count ? 1 : 0), o->p_gap, o->p_stall,
           o->reset_test ? " reset-test" : "");
    s.t0 = now_s();
    run_stream(&s);
    mxdot_model_free(m);
    if (o->reset_test && s.resets_done < 3 && o->count >= 16)
        fail_protocol(&s, "reset test: only %u of 3 resets happened", s.resets_done);
    /* Every block of the range came out, or was dropped by a reset. */
    if (!s.stop && s.received + s.cov.dropped != o->count) {
        printf("FAIL scoreboard: %" PRIu64 " blocks sent, %" PRIu64 " received, %" PRIu64 " dropped by reset\n",
               o->count, s.received, s.cov.dropped);
        s.failed++;
    }
    print_coverage(&s);
    if (s.have_fail && o->wave) wave_rerun(o, s.first_fail);
    else if (o->wave) printf("no failure: no waveform written to %s\n", o->wave);
    fifo_free(&s.q);
    rc = s.failed ? 1 : 0;
    printf("%" PRIu64 " passed, %" PRIu64 " failed\n", s.passed, s.failed);
    return rc;
}

/* ---- vector files ---- */

static int src_vectors(sim *s, mx_vector *v, expect *e)
{
    char err[512];
    int rc = mx_reader_next(s->rd, v, err, sizeof err);
    if (rc < 0) {
        fflush(stdout);
        fprintf(stderr, "%s: %s\n", prog, err);
        return -1;
    }
    if (rc == 0) return 0;
    if (v->k != s->k) {
        fflush(stdout);
        fprintf(stderr, "%s: %s:%lu: field A: %zu elements, but the RTL was built with K = %u\n", prog, s->rd->name,
                s->rd->line, v->k, s->k);
        return -1;
    }
    e->tag = s->rd->line;
    e->has = (uint8_t)v->has_result;
    e->d = v->d;
    e->flags = (uint8_t)v->flags;
    e->rm = (uint8_t)v->rm;
    e->kind = MX_GEN_KINDS;
    e->scase = classify(v->rm, v->c, v->d, v->flags);
    return 1;
}

static void sink_vectors(sim *s, const expect *e, mx_vector *w, uint32_t d, unsigned flags)
{
    if (!s->o->check) {
        w->d = d;
        w->flags = flags;
        mx_vec_write(stdout, w, 1);
        return;
    }
    if (!e->has) {
        s->unchecked++;
        return;
    }
    cover_result(&s->cov, e);
    if (d == e->d && flags == e->flags) {
        s->passed++;
    } else {
        char where[600], how[640];
        snprintf(where, sizeof where, "%s:%" PRIu64, s->rd->name, e->tag);
        snprintf(how, sizeof how, "reproduce: line %" PRIu64 " of %s through mxdot-sim --vectors   (K=%u Stages=%u)",
                 e->tag, s->rd->name, s->k, s->stages);
        report_mismatch(s, where, how, w, d, flags, e);
    }
}

static int run_vectors(const options *o)
{
    sim s;
    mx_reader *rd = xrealloc(NULL, sizeof *rd);
    char err[512];
    mxdot_model *m;
    int rc;
    if (mx_reader_open(rd, o->vectors, err, sizeof err) != 0) {
        fprintf(stderr, "%s: %s\n", prog, err);
        free(rd);
        return 2;
    }
    m = new_model();
    if (o->trace && open_trace(m, o->trace) != 0) return 2;
    sim_init(&s, o, m);
    s.source = src_vectors;
    s.sink = sink_vectors;
    s.keep_vectors = 1;
    s.rd = rd;
    run_stream(&s);
    mxdot_model_free(m);
    fifo_free(&s.q);
    mx_reader_close(rd);
    free(rd);
    if (s.input_error) return 2;
    if (!o->check) {
        if (s.failed) {
            printf("%" PRIu64 " passed, %" PRIu64 " failed\n", s.passed, s.failed);
            return 1;
        }
        return 0;
    }
    if (s.unchecked) printf("%" PRIu64 " blocks without a result were not checked\n", s.unchecked);
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

/* Verilated RTL alone: pre-generated blocks at full rate, no reference. */
static double bench_rtl(const options *o, const uint8_t *blk, unsigned nblk, uint32_t *csum)
{
    mxdot_model *m = new_model();
    unsigned k = mxdot_model_k();
    size_t stride = 2 * (size_t)k + 8;
    uint64_t sent = 0, got = 0;
    double t0;
    mxdot_model_reset(m, RESET_CYCLES);
    mxdot_model_set_out_ready(m, 1);
    t0 = cpu_s();
    while (got < o->count) {
        if (sent < o->count) {
            const uint8_t *p = blk + (sent % nblk) * stride;
            uint32_t c = (uint32_t)p[2 * k + 2] | (uint32_t)p[2 * k + 3] << 8 | (uint32_t)p[2 * k + 4] << 16 |
                         (uint32_t)p[2 * k + 5] << 24;
            mxdot_model_drive(m, 1, p, p + k, p[2 * k], p[2 * k + 1], c, p[2 * k + 6]);
        } else {
            mxdot_model_drive(m, 0, NULL, NULL, 0, 0, 0, 0);
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
static double bench_ref(const options *o, uint32_t *csum)
{
    mx_vector *v = xrealloc(NULL, sizeof *v);
    unsigned k = mxdot_model_k(), f;
    uint64_t i;
    double t0 = cpu_s();
    for (i = 0; i < o->count; i++) {
        mx_gen_block(o->seed, i, k, v);
        *csum += mx_dot(k, v->a, v->b, v->xa, v->xb, v->c, v->rm, &f) ^ f;
    }
    t0 = cpu_s() - t0;
    free(v);
    return (double)o->count / t0;
}

static int run_bench(const options *o)
{
    enum { NBLK = 4096, MAXRUNS = 99 };
    double co[MAXRUNS], rtl[MAXRUNS], ref[MAXRUNS];
    unsigned k = mxdot_model_k(), r, runs = o->runs;
    size_t stride = 2 * (size_t)k + 8;
    uint8_t *blk = xrealloc(NULL, NBLK * stride);
    mx_vector *v = xrealloc(NULL, sizeof *v);
    uint32_t csum = 0;
    uint64_t failed = 0;
    unsigned i;
    options full = *o;
    full.p_gap = 0;
    full.p_stall = 0;
    full.quiet = 1;
    for (i = 0; i < NBLK; i++) {
        uint8_t *p = blk + i * stride;
        mx_gen_block(o->seed, i, k, v);
        memcpy(p, v->a, k);
        memcpy(p + k, v->b, k);
        p[2 * k] = v->xa;
        p[2 * k + 1] = v->xb;
        p[2 * k + 2] = (uint8_t)v->c;
        p[2 * k + 3] = (uint8_t)(v->c >> 8);
        p[2 * k + 4] = (uint8_t)(v->c >> 16);
        p[2 * k + 5] = (uint8_t)(v->c >> 24);
        p[2 * k + 6] = (uint8_t)v->rm;
    }
    free(v);
    for (r = 0; r < runs; r++) {
        sim s;
        mxdot_model *m = new_model();
        double t0;
        sim_init(&s, &full, m);
        s.source = src_random;
        s.sink = sink_random;
        s.next_index = 0;
        s.end_index = o->count;
        t0 = cpu_s();
        run_stream(&s);
        co[r] = (double)o->count / (cpu_s() - t0);
        failed += s.failed + (s.received != o->count);
        mxdot_model_free(m);
        fifo_free(&s.q);
        rtl[r] = bench_rtl(o, blk, NBLK, &csum);
        ref[r] = bench_ref(o, &csum);
    }
    free(blk);
    printf("bench-sim: K=%u Stages=%u, %" PRIu64 " blocks per run, full rate, CPU time, median of %u runs (checksum %08" PRIX32
           ")\n",
           k, mxdot_model_stages(), o->count, runs, csum);
    printf("  co-simulation (generate + RTL + reference + compare) %8.3f M blocks/s\n", 1e-6 * median(co, runs));
    printf("  Verilated RTL alone (pre-generated blocks)            %8.3f M blocks/s\n", 1e-6 * median(rtl, runs));
    printf("  generator + reference alone                           %8.3f M blocks/s\n", 1e-6 * median(ref, runs));
    if (failed) printf("bench-sim: the co-simulation runs had %" PRIu64 " failures\n", failed);
    return failed ? 1 : 0;
}

/* ---- command line ---- */

static void usage(FILE *f)
{
    fprintf(f,
            "usage: %s --seed S --count N [--start I] [--p-in-gap P] [--p-out-stall P]\n"
            "                 [--max-errors N] [--reset-test] [--wave FILE] [--trace FILE] [--quiet]\n"
            "       %s --vectors FILE [--check] [--p-in-gap P] [--p-out-stall P] [--trace FILE]\n"
            "       %s --bench [--count N] [--runs R]\n"
            "       %s --info\n"
            "Random regression: blocks mx_gen_block(S, I..I+N-1, K) through the RTL and the\n"
            "reference, compared bit for bit; ends with 'N passed, N failed', exit 1 on failure.\n"
            "Vectors: the file's blocks through the RTL, written with the RTL's D FLAGS; with\n"
            "--check, compared with the file's results instead. Bad input: exit 2.\n"
            "Defaults: --seed 1 --count 1000 --start 0 --p-in-gap 0.1 --p-out-stall 0.1\n"
            "          --max-errors 10; --bench: --count 1000000 --runs 5.\n"
            "This build: K=%u Stages=%u%s.\n",
            prog, prog, prog, prog, mxdot_model_k(), mxdot_model_stages(),
            mxdot_model_can_trace() ? ", FST tracing" : ", no tracing");
}

static int bad_arg(const char *opt, const char *val, const char *what)
{
    fprintf(stderr, "%s: %s %s: %s\n", prog, opt, val ? val : "(missing)", what);
    return -1;
}

static int parse_u64(const char *opt, const char *s, uint64_t *out)
{
    char *end;
    unsigned long long x;
    if (!s || !*s || *s == '-') return bad_arg(opt, s, "expected a non-negative integer");
    errno = 0;
    x = strtoull(s, &end, 0);
    if (errno || *end) return bad_arg(opt, s, "expected a non-negative integer");
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

int main(int argc, char **argv)
{
    options o;
    int i, bench = 0, have_count = 0;
    uint64_t u;
    memset(&o, 0, sizeof o);
    o.mode = MODE_RANDOM;
    o.seed = 1;
    o.count = 1000;
    o.p_gap = 0.1;
    o.p_stall = 0.1;
    o.max_errors = 10;
    o.runs = 5;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        int used = 1, bad = 0;
        if (!strcmp(a, "--seed")) bad = parse_u64(a, val, &o.seed);
        else if (!strcmp(a, "--count")) {
            bad = parse_u64(a, val, &o.count);
            have_count = 1;
        }
        else if (!strcmp(a, "--start")) bad = parse_u64(a, val, &o.start);
        else if (!strcmp(a, "--p-in-gap")) bad = parse_prob(a, val, &o.p_gap);
        else if (!strcmp(a, "--p-out-stall")) bad = parse_prob(a, val, &o.p_stall);
        else if (!strcmp(a, "--max-errors")) {
            bad = parse_u64(a, val, &u);
            if (!bad && u == 0) bad = bad_arg(a, val, "must be at least 1");
            o.max_errors = (unsigned long)u;
        } else if (!strcmp(a, "--runs")) {
            bad = parse_u64(a, val, &u);
            if (!bad && (u < 1 || u > 99)) bad = bad_arg(a, val, "expected 1..99");
            o.runs = (unsigned)u;
        } else if (!strcmp(a, "--wave")) {
            if (!val) bad = bad_arg(a, val, "expected a file name");
            o.wave = val;
        } else if (!strcmp(a, "--trace")) {
            if (!val) bad = bad_arg(a, val, "expected a file name");
            o.trace = val;
        } else if (!strcmp(a, "--vectors")) {
            if (!val) bad = bad_arg(a, val, "expected a file name");
            o.vectors = val;
            o.mode = MODE_VECTORS;
        } else {
            used = 0;
            if (!strcmp(a, "--check")) o.check = 1;
            else if (!strcmp(a, "--reset-test")) o.reset_test = 1;
            else if (!strcmp(a, "--quiet")) o.quiet = 1;
            else if (!strcmp(a, "--bench")) bench = 1;
            else if (!strcmp(a, "--info")) {
                printf("K=%u Stages=%u trace=%d\n", mxdot_model_k(), mxdot_model_stages(), mxdot_model_can_trace());
                return 0;
            } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
                usage(stdout);
                return 0;
            } else {
                fprintf(stderr, "%s: unknown option %s\n", prog, a);
                usage(stderr);
                return 2;
            }
        }
        if (bad) return 2;
        i += used;
    }
    if (o.start + o.count < o.start) {
        fprintf(stderr, "%s: --start + --count overflows\n", prog);
        return 2;
    }
    if (bench) {
        if (!have_count) o.count = 1000000;
        return run_bench(&o);
    }
    if (o.mode == MODE_VECTORS) {
        if (o.reset_test || o.wave) {
            fprintf(stderr, "%s: --reset-test and --wave are for random runs, not --vectors\n", prog);
            return 2;
        }
        return run_vectors(&o);
    }
    return run_random(&o);
}
