/*
 * mxgen.h - random and edge-case blocks, reproducible from (seed, index).
 *
 * Block number `index` of seed `seed` depends on nothing else, so a failure
 * reported as (seed, index) is rebuilt in isolation and a long regression is
 * sharded by index range or by seed (with the same version of the library:
 * a change of the generator may change the blocks of a seed, as issue 11's
 * speed work did). A fixed share of the blocks are hard cases: rounding
 * ties, deep cancellation, overflow boundaries per mode, the tininess
 * boundary, deep underflow, sticky bits, signed zeros, each NaN source, E5M2
 * infinities, the widest exponent spread, subnormal accumulators, extreme
 * scales (the comment at the top of mxgen.c lists the kinds and their
 * shares). Expected results come from mx_dot_fmt, never from the generator.
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

/* Fill v with block `index` of `seed`: E4M3 x E4M3 (has_fmt 0), k elements
 * per operand (clamped to 1..MX_K_MAX), rm 0..4, has_result 0. The same as
 * mx_gen_group with kmax = k, fixed_k, formats E4M3 only. Returns the kind of
 * block (one of mx_gen_kind). */
int mx_gen_block(uint64_t seed, uint64_t index, size_t k, mx_vector *v);

/* Groups of mixed lengths and formats (issues 7, 8, 9): what a regression of
 * a unit with `lanes` lanes and a longest group of `kmax` elements needs. */
typedef struct {
    size_t   kmax;       /* longest group, 1..MX_K_MAX */
    size_t   lanes;      /* lane count of the unit under test (0: 32, the
                            OCP group): the length mix favours 1 beat, whole
                            beats, whole beats +-1 and partial last beats */
    unsigned formats;    /* bit f: format code f (0..7) may be drawn for a or
                            b; 6 and 7 are the reserved codes. 0 means 1u
                            (E4M3 only) */
    int      fixed_k;    /* 1: every group has exactly kmax elements */
    int      reserved_rm;/* 1: a few groups get a reserved rm (5..7) */
} mx_gen_config;
/* Fill v with group `index` of `seed` under cfg (v->has_fmt = 1 unless both
 * formats are E4M3). Deterministic in (seed, index, *cfg): every field and
 * a[0..k-1], b[0..k-1]; the array bytes past k are unspecified. Returns the
 * kind. */
int mx_gen_group(uint64_t seed, uint64_t index, const mx_gen_config *cfg, mx_vector *v);

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
    MX_GEN_TINY,         /* just below (or above) 2^-126: tininess after rounding */
    MX_GEN_DEEP,         /* a non-zero exact value below 2^-149 */
    MX_GEN_INF,          /* E5M2 infinities: Inf, Inf x 0, opposite signs */
    MX_GEN_SPREAD,       /* widest product exponent spread, extreme scales */
    MX_GEN_RESERVED,     /* reserved rm or format (SPEC rule 0) */
    MX_GEN_KINDS
};
const char *mx_gen_kind_name(int kind);

/* splitmix64's output function: the generator seeds each group's stream
 * with it (from seed and index); exposed for tests. */
uint64_t mx_gen_mix(uint64_t x);

#ifdef __cplusplus
}
#endif
#endif /* MXGEN_H */
