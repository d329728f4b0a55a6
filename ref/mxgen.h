/*
 * mxgen.h - random and edge-case blocks, reproducible from (seed, index).
 *
 * Block number `index` of seed `seed` depends on nothing else, so a failure
 * reported as (seed, index) is rebuilt in isolation and a long regression is
 * sharded by index range or by seed. A fixed share of the blocks are hard
 * cases: rounding ties, deep cancellation, overflow and underflow boundaries,
 * sticky bits, signed zeros, NaN, Inf, subnormal accumulators, extreme
 * scales (docs/arith.md lists them).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef MXGEN_H
#define MXGEN_H

#include <stdint.h>
#include "mxvec.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Fill v with block `index` of `seed` (k elements per operand, rm 0..4,
 * has_result 0). Returns the kind of block (one of mx_gen_kind). */
int mx_gen_block(uint64_t seed, uint64_t index, size_t k, mx_vector *v);

/* Kinds of generated blocks (for coverage reports). */
enum mx_gen_kind {
    MX_GEN_RANDOM = 0,   /* uniform random codes, scales and accumulator */
    MX_GEN_TYPICAL,      /* realistic data: scales near 127, c near the block */
    MX_GEN_TIE,          /* exact sum on a rounding midpoint */
    MX_GEN_CANCEL,       /* c cancels the block term to few or zero bits */
    MX_GEN_OVERFLOW,     /* near 2^128 */
    MX_GEN_UNDERFLOW,    /* near 2^-126 and the subnormal range */
    MX_GEN_STICKY,       /* one operand far below the other */
    MX_GEN_ZEROS,        /* signed zeros in c and in products */
    MX_GEN_SPECIAL,      /* NaN elements or scales, NaN/Inf accumulators */
    MX_GEN_KINDS
};
const char *mx_gen_kind_name(int kind);

/* The generator's pseudo-random source (splitmix64), exposed for tests. */
uint64_t mx_gen_mix(uint64_t x);

#ifdef __cplusplus
}
#endif
#endif /* MXGEN_H */
