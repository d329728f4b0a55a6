/*
 * mxdot_model.h - the Verilated RTL (top mxdot_unit) behind a plain C API.
 *
 * One handle is one instance of the RTL with its own simulation context, so
 * several models (for instance of a rerun with tracing) can live in one
 * process. K and Stages are fixed when the model is built (tb/tb.mk builds
 * one model per K and Stages, in build/sim/K<k>_S<s>/).
 *
 * Cycle protocol (one call sequence per clock cycle, clock low between
 * calls):
 *   1. drive the inputs of this cycle: mxdot_model_drive(),
 *      mxdot_model_set_out_ready(), mxdot_model_set_reset();
 *   2. read the outputs: mxdot_model_in_ready(), _out_valid(), _d(),
 *      _flags(); they reflect the inputs of step 1 (combinational paths such
 *      as out_ready -> in_ready included): the model settles lazily, once,
 *      on the first read after an input changed;
 *   3. mxdot_model_clock(): one rising edge. A beat moves on an edge where
 *      valid and ready (as read in step 2) are both high.
 * Inputs keep their values until driven again.
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

/* A new instance: clock low, reset released, every input zero (in_valid and
 * out_ready low). Call mxdot_model_reset() before the first beat. Returns
 * NULL when out of memory. */
mxdot_model *mxdot_model_new(void);
void mxdot_model_free(mxdot_model *m);

/* The parameters this model was built with. */
unsigned mxdot_model_k(void);
unsigned mxdot_model_stages(void);
/* 1 when the model was built with FST tracing (--trace-fst). */
int mxdot_model_can_trace(void);

/* rst_ni = !active. The reset is asynchronous: asserting it takes effect
 * at once, without a clock edge. */
void mxdot_model_set_reset(mxdot_model *m, int active);
/* Reset sequence: in_valid low, reset asserted for `cycles` edges (at least
 * 1), released in the low phase of the clock. */
void mxdot_model_reset(mxdot_model *m, unsigned cycles);

/* Drive one input beat: in_valid, and the block when a and b are not NULL
 * (a[0..K-1], b[0..K-1], element 0 first; a NULL leaves the data as it
 * was, which is how a source idles cheaply). */
void mxdot_model_drive(mxdot_model *m, int valid, const uint8_t *a,
                       const uint8_t *b, uint8_t xa, uint8_t xb, uint32_t c,
                       unsigned rm);
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
