/*
 * bw_directed.c - directed test of the Blackwell-compatible unit
 * synth/conv/mxdot_bw.v: what vector files cannot describe, through the
 * Verilated model (tb/mxdot_model.h), against the accumulation model of
 * ref/mxmodel.h ("blackwell,chunk=<Lanes>").
 *
 *   bw_directed --seed S --count N [--max-errors M]
 *
 * 1. groups sent with holes: random keep patterns in every beat (beats with
 *    no kept lane too), random bytes in the lanes not kept (NaN codes
 *    included), random header fields on the later beats, random formats
 *    (codes the build does not carry and reserved ones too), random rm,
 *    gaps and back-pressure. The unit chunks by beats, so the expected
 *    result is the model run beat after beat: each beat's kept elements
 *    are one chunk whose c is the previous chunk's result (a beat with no
 *    kept lane is a chunk of c alone, given to the model as one product
 *    +0 x +0, which changes no exponent and no sum);
 * 2. groups with no kept lane, and groups of one beat more than the build
 *    takes: d = 0x7FFFFFFF, flags NV;
 * 3. reset in the middle of a group: nothing of it comes out, the groups
 *    after it are right;
 * 4. throughput without back-pressure: a group of B beats is taken in
 *    exactly 1 + (B-1)*(LoopRows+1) cycles (LoopRows from Stages, as the
 *    RTL's cut table places the loop rows), its result comes exactly
 *    Stages cycles after its last beat, and groups of one beat go at one
 *    per clock.
 * Ends with "N passed, N failed" (one count per group, plus the timing
 * checks); exit 1 on any failure.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#define _POSIX_C_SOURCE 200809L

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mxdot.h"
#include "mxdot_model.h"
#include "mxmodel.h"

#define LANES_MAX 128u
#define BEATS_MAX 300u      /* beats of the longest group sent */
#define WATCHDOG  100000u

static const char *prog = "bw_directed";

typedef struct {
    unsigned nbeats;
    uint8_t  a[BEATS_MAX][LANES_MAX], b[BEATS_MAX][LANES_MAX], keep[BEATS_MAX][LANES_MAX];
    unsigned fa, fb, rm;
    uint8_t  xa, xb;
    uint32_t c;
    uint32_t want_d;
    unsigned want_f;
    uint64_t tag;
} group;

typedef struct {
    mxdot_model *m;
    mx_model     model;
    unsigned     lanes, stages, formats, max_beats, loop_rows;
    uint64_t     rng;
    uint64_t     passed, failed, max_errors;
    /* scoreboard */
    uint32_t    *q_d;
    unsigned    *q_f;
    uint64_t    *q_tag, *q_edge;
    size_t       q_head, q_n, q_cap;
} ctx;

static uint64_t next(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static unsigned below(uint64_t *x, unsigned n) { return (unsigned)(next(x) % n); }
static int chance(uint64_t *x, double p) { return (double)(next(x) >> 11) * (1.0 / 9007199254740992.0) < p; }

static void fail(ctx *t, const char *what, uint64_t tag)
{
    t->failed++;
    if (t->failed <= t->max_errors)
        printf("FAIL %s (group %" PRIu64 ")\n", what, tag);
}

/* LoopRows of the RTL's cut table (cut_mask in mxdot_bw.v, bit i = cut i):
 * the register rows at cuts 3, 4 and 5. */
static unsigned loop_rows(unsigned stages)
{
    static const unsigned masks[8] = {0, 0x40, 0x44, 0x54, 0x5C, 0x5E, 0x7E, 0x7F};
    unsigned mask = masks[stages < 7 ? stages : 7];
    return ((mask >> 3) & 1u) + ((mask >> 4) & 1u) + ((mask >> 5) & 1u);
}

static int carried(const ctx *t, unsigned f) { return f < 5 && ((t->formats >> f) & 1u); }

/* The unit's result, from the model run beat by beat. */
static void expect(const ctx *t, group *g)
{
    unsigned bt, i, any = 0, f = 0;
    uint32_t acc = g->c;
    for (bt = 0; bt < g->nbeats; bt++)
        for (i = 0; i < t->lanes; i++)
            any |= g->keep[bt][i];
    if (g->rm > 4 || !carried(t, g->fa) || !carried(t, g->fb) || !any || g->nbeats > t->max_beats) {
        g->want_d = 0x7FFFFFFFu;
        g->want_f = MX_FLAG_NV;
        return;
    }
    for (bt = 0; bt < g->nbeats; bt++) {
        uint8_t a[LANES_MAX], b[LANES_MAX];
        size_t n = 0;
        for (i = 0; i < t->lanes; i++)
            if (g->keep[bt][i]) {
                a[n] = g->a[bt][i];
                b[n] = g->b[bt][i];
                n++;
            }
        if (n == 0) {       /* c alone: one product +0 x +0 */
            a[0] = b[0] = 0;
            n = 1;
        }
        acc = mx_model_dot(&t->model, n, a, b, g->fa, g->fb, g->xa, g->xb, acc, g->rm, &f);
        if (f != 0) {
            /* the model raises no flags outside rule 0, excluded above */
            fprintf(stderr, "%s: model flags %02X in a chunk\n", prog, f);
            exit(2);
        }
    }
    g->want_d = acc;
    g->want_f = 0;
}

/* A random binary32 c: often ordinary, sometimes special. */
static uint32_t rand_c(uint64_t *r)
{
    static const uint32_t special[] = {0x00000000u, 0x80000000u, 0x7F800000u, 0xFF800000u,
                                       0x7FC00000u, 0x7F800001u, 0x00000001u, 0x807FFFFFu,
                                       0x7F7FFFFFu, 0xFF7FFFFFu};
    unsigned k = below(r, 10);
    if (k == 0)
        return special[below(r, sizeof special / sizeof special[0])];
    if (k < 4)
        return (uint32_t)next(r);                                  /* anything */
    return ((uint32_t)below(r, 2) << 31) | ((uint32_t)(112 + below(r, 40)) << 23)
           | ((uint32_t)next(r) & 0x7FFFFFu);                       /* near the products */
}

/* Group `index`: holes, empty beats, formats, header. kind 0 ordinary,
 * 1 no kept lane at all, 2 one beat too many. */
static void make_group(ctx *t, uint64_t seed, uint64_t index, int kind, group *g)
{
    uint64_t r = seed * 0x9E3779B97F4A7C15ull ^ (index + 1) * 0xD1B54A32D192ED03ull;
    unsigned bt, i, density, maxb;
    memset(g, 0, sizeof *g);
    g->tag = index;
    maxb = t->max_beats < 6 ? t->max_beats : 6;
    g->nbeats = kind == 2 ? t->max_beats + 1 : 1 + below(&r, maxb);
    if (g->nbeats > BEATS_MAX)
        g->nbeats = BEATS_MAX;   /* callers only ask for kind 2 when it fits */
    /* formats: mostly carried ones, sometimes not carried or reserved */
    if (chance(&r, 0.05)) {
        g->fa = 5 + below(&r, 3);
        g->fb = below(&r, 8);
    } else {
        do g->fa = below(&r, 5); while (!carried(t, g->fa));
        do g->fb = below(&r, 5); while (!carried(t, g->fb));
    }
    g->rm = chance(&r, 0.03) ? 5 + below(&r, 3) : below(&r, 5);
    g->xa = (uint8_t)(chance(&r, 0.02) ? 0xFF : 100 + below(&r, 50));
    g->xb = (uint8_t)(chance(&r, 0.02) ? 0xFF : 100 + below(&r, 50));
    g->c = rand_c(&r);
    density = below(&r, 4);   /* 0 all kept, 1 few holes, 2 many holes, 3 sparse */
    for (bt = 0; bt < g->nbeats; bt++) {
        int empty_beat = kind == 1 || chance(&r, 0.08);
        for (i = 0; i < t->lanes; i++) {
            uint64_t x = next(&r);
            int keep;
            if (empty_beat) keep = 0;
            else if (density == 0) keep = 1;
            else if (density == 1) keep = (x & 15) != 0;
            else if (density == 2) keep = (x & 1) != 0;
            else keep = (x & 7) == 0;
            g->keep[bt][i] = (uint8_t)keep;
            /* elements: any byte; a lane not kept carries anything too */
            g->a[bt][i] = (uint8_t)(x >> 8);
            g->b[bt][i] = (uint8_t)(x >> 16);
            if (keep && chance(&r, 0.7)) {
                /* bias toward finite, ordinary codes: NaN and Inf now and then */
                g->a[bt][i] &= 0xF7;
                g->b[bt][i] &= 0xF7;
            }
        }
    }
    expect(t, g);
}

static void push(ctx *t, const group *g, uint64_t edge)
{
    if (t->q_n == t->q_cap) {
        size_t ncap = t->q_cap ? 2 * t->q_cap : 64, i;
        uint32_t *d = malloc(ncap * sizeof *d);
        unsigned *f = malloc(ncap * sizeof *f);
        uint64_t *tg = malloc(ncap * sizeof *tg), *ed = malloc(ncap * sizeof *ed);
        if (!d || !f || !tg || !ed) {
            fprintf(stderr, "%s: out of memory\n", prog);
            exit(2);
        }
        for (i = 0; i < t->q_n; i++) {
            size_t j = (t->q_head + i) % (t->q_cap ? t->q_cap : 1);
            d[i] = t->q_d[j];
            f[i] = t->q_f[j];
            tg[i] = t->q_tag[j];
            ed[i] = t->q_edge[j];
        }
        free(t->q_d), free(t->q_f), free(t->q_tag), free(t->q_edge);
        t->q_d = d, t->q_f = f, t->q_tag = tg, t->q_edge = ed;
        t->q_cap = ncap;
        t->q_head = 0;
    }
    {
        size_t j = (t->q_head + t->q_n) % t->q_cap;
        t->q_d[j] = g->want_d;
        t->q_f[j] = g->want_f;
        t->q_tag[j] = g->tag;
        t->q_edge[j] = edge;
        t->q_n++;
    }
}

/* Stream groups through the unit. p_gap, p_stall: probabilities of an idle
 * input cycle and of out_ready low. reset_after: assert reset once this
 * many beats of group `reset_group` have been taken (-1: never). Checks
 * results and, without back-pressure, the latency; returns the cycles
 * spent. */
static uint64_t stream(ctx *t, group *gs, size_t n, double p_gap, double p_stall,
                       long reset_group, unsigned reset_after)
{
    size_t gi = 0;
    unsigned bt = 0;
    int offered = 0;
    mxdot_beat beat;
    uint64_t start, last_move;

    mxdot_model_set_out_ready(t->m, 0);
    mxdot_model_reset(t->m, 2);
    t->q_n = 0;
    start = last_move = mxdot_model_cycles(t->m);
    for (;;) {
        uint64_t edge = mxdot_model_cycles(t->m);
        int ready, ir;
        if (gi >= n && !offered && t->q_n == 0)
            break;
        if (reset_group >= 0 && gi == (size_t)reset_group && bt == reset_after && !offered) {
            /* the group is abandoned: nothing of it may come out */
            mxdot_model_drive(t->m, NULL);
            mxdot_model_reset(t->m, 3);
            t->q_n = 0;   /* groups taken and not yet out are lost by design */
            gi++;
            bt = 0;
            reset_group = -1;
            continue;
        }
        if (!offered) {
            if (gi < n && !chance(&t->rng, p_gap)) {
                group *g = &gs[gi];
                memset(&beat, 0, sizeof beat);
                beat.a = g->a[bt];
                beat.b = g->b[bt];
                beat.keep = g->keep[bt];
                beat.last = bt + 1 == g->nbeats;
                if (bt == 0) {
                    beat.fa = g->fa, beat.fb = g->fb, beat.xa = g->xa, beat.xb = g->xb;
                    beat.c = g->c, beat.rm = g->rm;
                } else {
                    /* later beats: the unit must ignore these */
                    uint64_t h = next(&t->rng);
                    beat.fa = (unsigned)(h & 7), beat.fb = (unsigned)(h >> 3 & 7);
                    beat.xa = (uint8_t)(h >> 8), beat.xb = (uint8_t)(h >> 16);
                    beat.c = (uint32_t)(h >> 24), beat.rm = (unsigned)(h >> 56 & 7);
                }
                mxdot_model_drive(t->m, &beat);
                offered = 1;
            } else {
                mxdot_model_drive(t->m, NULL);
            }
        }
        ready = !chance(&t->rng, p_stall);
        mxdot_model_set_out_ready(t->m, ready);
        ir = mxdot_model_in_ready(t->m);
        if (mxdot_model_out_valid(t->m) && ready) {
            uint32_t d = mxdot_model_d(t->m);
            unsigned f = mxdot_model_flags(t->m);
            last_move = edge;
            if (t->q_n == 0) {
                fail(t, "a result with no group in flight", 0);
            } else {
                size_t j = t->q_head;
                if (d != t->q_d[j] || f != t->q_f[j]) {
                    char what[160];
                    snprintf(what, sizeof what, "d %08" PRIX32 " flags %02X, expected %08" PRIX32 " %02X", d, f,
                             t->q_d[j], t->q_f[j]);
                    fail(t, what, t->q_tag[j]);
                } else if (p_stall == 0.0 && edge - t->q_edge[j] != t->stages) {
                    char what[120];
                    snprintf(what, sizeof what, "latency %" PRIu64 " cycles, Stages is %u", edge - t->q_edge[j],
                             t->stages);
                    fail(t, what, t->q_tag[j]);
                } else {
                    t->passed++;
                }
                t->q_head = (j + 1) % t->q_cap;
                t->q_n--;
            }
        }
        if (offered && ir) {
            last_move = edge;
            offered = 0;
            if (++bt == gs[gi].nbeats) {
                push(t, &gs[gi], edge);
                gi++;
                bt = 0;
            }
        }
        if (edge - last_move > WATCHDOG) {
            fail(t, "watchdog: no handshake", gi);
            break;
        }
        mxdot_model_clock(t->m);
    }
    return mxdot_model_cycles(t->m) - start;
}

int main(int argc, char **argv)
{
    ctx t;
    uint64_t seed = 1, count = 1000, i;
    group *gs;
    char spec[64], err[160];
    int a;
    size_t n;

    memset(&t, 0, sizeof t);
    t.max_errors = 10;
    for (a = 1; a + 1 < argc; a += 2) {
        char *end;
        unsigned long long x = strtoull(argv[a + 1], &end, 0);
        if (*end || end == argv[a + 1]) break;
        if (!strcmp(argv[a], "--seed")) seed = x;
        else if (!strcmp(argv[a], "--count")) count = x;
        else if (!strcmp(argv[a], "--max-errors")) t.max_errors = x;
        else break;
    }
    if (a != argc || count == 0) {
        fprintf(stderr, "usage: %s --seed S --count N [--max-errors M]\n", prog);
        return 2;
    }
    t.lanes = mxdot_model_lanes();
    t.stages = mxdot_model_stages();
    t.formats = mxdot_model_formats();
    t.max_beats = (mxdot_model_max_group() + t.lanes - 1) / t.lanes;
    t.loop_rows = loop_rows(t.stages);
    t.rng = seed ^ 0x5DEECE66Dull;
    if (t.lanes > LANES_MAX) {
        fprintf(stderr, "%s: %u lanes, at most %u\n", prog, t.lanes, LANES_MAX);
        return 2;
    }
    snprintf(spec, sizeof spec, "blackwell,chunk=%u,formats=%X", t.lanes, t.formats & 0x1Fu);
    if (mx_model_parse(spec, &t.model, err, sizeof err)) {
        fprintf(stderr, "%s: model %s: %s\n", prog, spec, err);
        return 2;
    }
    t.m = mxdot_model_new();
    gs = malloc(64 * sizeof *gs);
    if (!t.m || !gs) {
        fprintf(stderr, "%s: out of memory\n", prog);
        return 2;
    }
    printf("%s: Lanes=%u Stages=%u (loop rows %u) MaxGroup=%u Formats=0x%02X, model %s, seed %" PRIu64 "\n",
           prog, t.lanes, t.stages, t.loop_rows, mxdot_model_max_group(), t.formats, spec, seed);

    /* 1, 2: in batches of 64 groups, with gaps and back-pressure; every
     * 16th group has no kept lane, every 64th one beat too many */
    for (i = 0; i < count; i += n) {
        size_t j;
        n = count - i < 64 ? (size_t)(count - i) : 64;
        for (j = 0; j < n; j++) {
            uint64_t idx = i + j;
            int kind = idx % 16 == 5 ? 1 : (idx % 64 == 9 && t.max_beats + 1 <= BEATS_MAX) ? 2 : 0;
            make_group(&t, seed, idx, kind, &gs[j]);
        }
        stream(&t, gs, n, 0.2, 0.2, -1, 0);
    }
    printf("groups with holes, empty and over-long groups: %" PRIu64 " passed, %" PRIu64 " failed\n", t.passed,
           t.failed);

    /* 3: reset after the first beat of a group of several beats */
    {
        uint64_t before = t.passed;
        for (i = 0; i < 8; i++) make_group(&t, seed ^ 0xABCDu, i, 0, &gs[i]);
        gs[3].nbeats = t.max_beats >= 3 ? 3 : t.max_beats;
        expect(&t, &gs[3]);
        stream(&t, gs, 8, 0.0, 0.0, 3, 1);
        /* groups 0-2 may be lost with the reset, 4-7 must pass */
        if (t.passed - before < 4)
            fail(&t, "groups after a mid-group reset", 3);
        printf("reset in a group: %" PRIu64 " groups checked after it\n", t.passed - before);
    }

    /* 4: throughput and latency at full rate */
    {
        unsigned beats = t.max_beats < 5 ? t.max_beats : 5;
        uint64_t cyc, want;
        for (i = 0; i < 16; i++) {
            make_group(&t, seed ^ 0x1234u, i, 0, &gs[i]);
            gs[i].nbeats = beats;
            memset(gs[i].keep, 1, sizeof gs[i].keep);
            gs[i].rm = 0;
            expect(&t, &gs[i]);
        }
        cyc = stream(&t, gs, 16, 0.0, 0.0, -1, 0);
        /* input: 16 groups of `beats` beats; then Stages cycles to the last result */
        want = 16u * (1u + (beats - 1u) * (t.loop_rows + 1u)) + t.stages;
        if (cyc != want) {
            char what[120];
            snprintf(what, sizeof what, "16 groups of %u beats took %" PRIu64 " cycles, expected %" PRIu64, beats,
                     cyc, want);
            fail(&t, what, 0);
        } else {
            t.passed++;
        }
        for (i = 0; i < 64; i++) {
            make_group(&t, seed ^ 0x4321u, i, 0, &gs[i]);
            gs[i].nbeats = 1;
            expect(&t, &gs[i]);
        }
        cyc = stream(&t, gs, 64, 0.0, 0.0, -1, 0);
        want = 64u + t.stages;
        if (cyc != want) {
            char what[120];
            snprintf(what, sizeof what, "64 groups of one beat took %" PRIu64 " cycles, expected %" PRIu64, cyc, want);
            fail(&t, what, 0);
        } else {
            t.passed++;
        }
        printf("throughput: a group of %u beats every %u cycles, one beat per cycle for groups of one beat\n", beats,
               1u + (beats - 1u) * (t.loop_rows + 1u));
    }
    mxdot_model_free(t.m);
    free(gs);
    free(t.q_d), free(t.q_f), free(t.q_tag), free(t.q_edge);
    printf("%" PRIu64 " passed, %" PRIu64 " failed\n", t.passed, t.failed);
    return t.failed ? 1 : 0;
}
