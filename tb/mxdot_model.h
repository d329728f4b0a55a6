/*
 * mxdot_model.h - the Verilated RTL (top mxdot_unit) behind a plain C API.
 *
 * One handle is one instance of the RTL with its own simulation context, so
 * several models (for instance of a rerun with tracing) can live in one
 * process. Lanes, Stages, MaxGroup and Formats are fixed when the model is
 * built (tb/tb.mk builds one model per configuration, in
 * build/sim/L<lanes>_S<stages>_F<formats>_G<maxgroup>/).
 *
 * Cycle protocol (one call sequence per clock cycle):
 *   1. drive every input of this cycle: mxdot_model_drive(),
 *      mxdot_model_set_out_ready() (and mxdot_model_set_reset());
 *   2. read the outputs: mxdot_model_in_ready(), _out_valid(), _d(),
 *      _flags(); they reflect the inputs of step 1 (combinational paths such
 *      as out_ready -> in_ready included);
 *   3. mxdot_model_clock(): one rising edge. A beat moves on an edge where
 *      valid and ready (as read in step 2) are both high.
 * Inputs keep their values until driven again. Drive all inputs of a cycle
 * before reading any output of it: the model evaluates the design once per
 * clock edge (docs/verification.md, "How the model is evaluated"), and an
 * input driven after a read of the same cycle is an error (caught: the call
 * aborts with a message).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef MXDOT_MODEL_H
#define MXDOT_MODEL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mxdot_model mxdot_model;

/* One beat on the input port (docs/microarch.md, "Beat protocol"). */
typedef struct {
    const uint8_t *a, *b;    /* lanes bytes each, element i of the beat at [i] */
    const uint8_t *keep;     /* lanes bytes, non-zero = lane i is an element;
                                NULL = every lane kept */
    int      last;           /* the beat ends its group */
    unsigned fa, fb;         /* format codes (read on a group's first beat) */
    uint8_t  xa, xb;         /* UE8M0 scales (first beat) */
    uint32_t c;              /* binary32 accumulator (first beat) */
    unsigned rm;             /* rounding mode (first beat) */
} mxdot_beat;

/* A new instance: clock low, reset released, every input zero (in_valid and
 * out_ready low). Call mxdot_model_reset() before the first beat. Returns
 * NULL when out of memory. */
mxdot_model *mxdot_model_new(void);
void mxdot_model_free(mxdot_model *m);

/* The parameters this model was built with. */
unsigned mxdot_model_lanes(void);
unsigned mxdot_model_stages(void);
unsigned mxdot_model_max_group(void);   /* longest group, elements */
unsigned mxdot_model_formats(void);     /* bit f: carries format code f */
/* 1 when the model was built with FST tracing (--trace-fst). */
int mxdot_model_can_trace(void);
/* How the model was built (compiler and flags), for reports. */
const char *mxdot_model_build_info(void);

/* rst_ni = !active. The reset is asynchronous: asserting it takes effect
 * at once, without a clock edge. */
void mxdot_model_set_reset(mxdot_model *m, int active);
/* Reset sequence: in_valid low, reset asserted for `cycles` edges (at least
 * 1), released in the low phase of the clock. */
void mxdot_model_reset(mxdot_model *m, unsigned cycles);

/* Drive the input port for this cycle: a beat (in_valid high) or, with
 * beat == NULL, no beat (in_valid low; the data inputs keep their values,
 * which is how a source idles cheaply). A beat whose a or b is NULL keeps
 * the previous data of that operand. */
void mxdot_model_drive(mxdot_model *m, const mxdot_beat *beat);
void mxdot_model_set_out_ready(mxdot_model *m, int ready);

/* Outputs, settled for the current inputs (see the cycle protocol). */
int mxdot_model_in_ready(mxdot_model *m);
int mxdot_model_out_valid(mxdot_model *m);
uint32_t mxdot_model_d(mxdot_model *m);
unsigned mxdot_model_flags(mxdot_model *m);

/* One clock cycle: rising edge, then the clock goes low again. */
void mxdot_model_clock(mxdot_model *m);
/* Rising edges since mxdot_model_new(). */
uint64_t mxdot_model_cycles(const mxdot_model *m);

/* Start tracing every signal to an FST file (one time unit = 1 ns, a clock
 * period of 10 ns, rising edges at 10n+5). Open it right after
 * mxdot_model_new(), before the first reset or clock. Returns 0, or -1 when
 * the model was built without tracing, a trace is already open or the file
 * cannot be written. */
int mxdot_model_trace_open(mxdot_model *m, const char *path);
/* Stop tracing and close the file (no-op when no trace is open). */
void mxdot_model_trace_close(mxdot_model *m);

#ifdef __cplusplus
}
#endif
#endif /* MXDOT_MODEL_H */
