/*
 * mxmodel.h - accumulation models: the exact contract beside the truncating
 * fused dot-product units that real tensor cores are.
 *
 * The exact contract (SPEC section 2, mx_dot / mx_dot_fmt) stays the
 * default and the definition of the RTL. An mx_model describes, with a few
 * documented parameters, how a *truncating* unit computes the same group
 *
 *     d = c + 2^(xa-127) * 2^(xb-127) * sum_i a[i]*b[i]
 *
 * so that a chip team can check its own unit, or one compatible with a GPU,
 * bit for bit. The presets "blackwell" (NVIDIA tcgen05.mma kind::mxf8f6f4,
 * block32, f32 accumulator) and "hopper" (wgmma FP8, f32 accumulator) follow
 * the published bit-accurate model MMA-Sim (PyPI mmasim 2.1.1) and are
 * checked against vectors it produced (tests/vectors/); docs/accuracy.md
 * says what each parameter does, what the models do, and what exactness
 * buys.
 *
 * One chunk (at most `chunk` products, all sharing one alignment):
 *   1. terms: every product a[i]*b[i] as the unit sees it, a significand
 *      S = Sa*Sb with Ma+Mb fraction bits and an exponent
 *      E = ea + eb + (xa-127) + (xb-127), where ea is the element's exponent
 *      field minus its bias, clamped to the format's smallest normal
 *      exponent for subnormals (the hidden bit is 0 there: no
 *      normalization); and c (24-bit significand, exponent clamped to -126)
 *      when `c_joins`;
 *   2. emax: the largest exponent of the terms; a zero term counts with
 *      exponent `zero_exp` (MX_MODEL_ZEXP_NONE: zeros do not count);
 *   3. each term is aligned to emax and cut to `frac_bits` fraction bits
 *      below it: toward zero, or with its dropped bits ORed into the last
 *      kept bit when `sticky`;
 *   4. the cut terms are added exactly (one wide integer);
 *   5. c_joins: the sum is rounded to an `out_bits`-bit significand (24:
 *      binary32) at binary32's exponent range (subnormal quantum
 *      2^(-126-(out_bits-1))), in the model's rounding mode.
 *      !c_joins: the product sum is first rounded to `sum_bits` bits in mode
 *      `sum_round` (unbounded exponent), then added to c with one correctly
 *      rounded addition (the "conventional" two-step unit of tests/conv_model.c).
 * A group longer than `chunk` is chunk after chunk, in order, the result of
 * one chunk being the c of the next: what a unit of `chunk` lanes does for
 * K > chunk (NVIDIA: K = 32 per MMA instruction, the accumulator fed back).
 * Every chunk of a group uses the group's scales xa, xb.
 *
 * Conventions as mxdot.h: bit patterns in, rounding mode in, flags out, no
 * global or static mutable state (thread-safe, DPI-friendly).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef MXMODEL_H
#define MXMODEL_H

#include <stddef.h>
#include <stdint.h>
#include "mxdot.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MX_MODEL_ZEXP_NONE (-100000) /* zero terms take no part in emax */
#define MX_MODEL_ROUND_RM  (-1)      /* round in the rm given with the group */
#define MX_MODEL_FRAC_MAX  48        /* keeps a chunk's integer sum in 63 bits */

enum mx_model_overflow {
    MX_MODEL_OVF_IEEE = 0, /* SPEC: Inf or the largest finite, by rounding mode */
    MX_MODEL_OVF_INF  = 1, /* always +-Inf (MMA-Sim's NVIDIA models) */
    MX_MODEL_OVF_SAT  = 2  /* always the largest finite of out_bits bits */
};
enum mx_model_zero {
    MX_MODEL_ZERO_IEEE = 0, /* SPEC rule 3 (and -0 under RDN on cancellation) */
    MX_MODEL_ZERO_POS  = 1  /* every zero result is +0 (NVIDIA) */
};
enum mx_model_flags {
    MX_MODEL_FLAGS_NONE  = 0, /* no exception flags, like a tensor core (rule 0 still NV) */
    MX_MODEL_FLAGS_FINAL = 1, /* NV for invalid or a signaling-NaN c; OF, UF, NX
                                 of the last rounding step only (what an IEEE
                                 adder at the end of the unit raises) */
    MX_MODEL_FLAGS_ANY   = 2  /* FINAL, plus NX (and UF when tiny) whenever an
                                 alignment dropped a non-zero bit */
};

/* The parameter set. `exact` = 1 is the SPEC contract; the other fields are
 * then ignored. Build one with mx_model_parse() or fill it and check it with
 * mx_model_check(). */
typedef struct {
    int      exact;      /* 1: SPEC section 2 (mx_dot_fmt); 0: truncating unit */
    unsigned chunk;      /* products per alignment, 1..MX_K_MAX */
    int      c_joins;    /* 1: c is a term of the alignment (fused);
                            0: two-step (sum rounded, then c + sum rounded) */
    int      frac_bits;  /* kept fraction bits below emax, 1..MX_MODEL_FRAC_MAX */
    int      sticky;     /* 0: cut toward zero; 1: dropped bits jam the last bit */
    int      zero_exp;   /* exponent a zero term counts with, or MX_MODEL_ZEXP_NONE */
    int      out_bits;   /* significant bits of d, 2..24 (24: binary32) */
    int      round;      /* MX_MODEL_ROUND_RM or a fixed mode 0..4 (rm ignored) */
    int      sum_bits;   /* !c_joins: bits of the rounded product sum, 2..32 */
    int      sum_round;  /* !c_joins: its rounding mode 0..4 */
    int      ftz_in;     /* 1: subnormal elements and c count as zeros */
    int      ftz_out;    /* 1: a result below 2^-126 becomes a zero */
    int      overflow;   /* enum mx_model_overflow */
    int      zero_sign;  /* enum mx_model_zero */
    int      flags;      /* enum mx_model_flags */
    uint32_t nan;        /* NaN pattern delivered (0x7FC00000, or 0x7FFFFFFF) */
    unsigned formats;    /* bit f: element format f carried; others: rule 0 */
} mx_model;

/* Known names, for help texts: "exact", "blackwell", "hopper", "conv". */
size_t mx_model_preset_count(void);
const char *mx_model_preset_name(size_t i);
const char *mx_model_preset_help(size_t i);

/* Parse "NAME[,key=value]..." into *m: a preset by name, then overrides,
 * or "custom,key=value,..." starting from the blackwell preset's values
 * with exact = 0. Keys (docs/accuracy.md): chunk, cjoin, frac, sticky,
 * zexp (integer or none), bits, round (rm|rne|rtz|rdn|rup|rmm), sumbits,
 * sumround, ftzin, ftzout, ovf (ieee|inf|sat), zero (ieee|pos),
 * flags (none|final|any), nan (8 hex digits), formats (hex mask).
 * Names and keywords are case-insensitive. Returns 0, or -1 with err
 * holding what is wrong (unknown name, key or value; out of range). */
int mx_model_parse(const char *spec, mx_model *m, char *err, size_t errlen);

/* 0 when every field is in range, else -1 with err naming the field. */
int mx_model_check(const mx_model *m, char *err, size_t errlen);

/* The canonical spec string of *m (parses back to the same model):
 * "exact", or "custom,chunk=32,..." with every field. Returns the length
 * it needs (snprintf style). */
int mx_model_format(const mx_model *m, char *buf, size_t len);

/* One group of k elements (1..MX_K_MAX) under model *m: a[i] of format fa,
 * b[i] of format fb, scales xa, xb, accumulator c, rounding mode rm. Rule 0
 * of SPEC (reserved rm 5-7, reserved format, a format the model does not
 * carry, k out of range) gives m->nan with NV for every model. Writes the
 * flags to *flags when not NULL. m must pass mx_model_check(). */
uint32_t mx_model_dot(const mx_model *m, size_t k, const uint8_t *a,
                      const uint8_t *b, unsigned fa, unsigned fb, uint8_t xa,
                      uint8_t xb, uint32_t c, unsigned rm, unsigned *flags);

/* DPI-C entry point: the model by spec string (parsed on every call; an
 * unknown spec, k out of 1..MX_K_MAX or a NULL array gives the model's NaN
 * with NV). fa, fb: format codes. Import it with SIZED arrays, never open
 * ones (`a[]` passes an svOpenArrayHandle, which this function would read
 * as data: wrong results without a warning):
 *   import "DPI-C" function int unsigned mx_model_dot_dpi(input string model,
 *       input int k, input byte unsigned a[4096], input byte unsigned b[4096],
 *       input byte unsigned fa, input byte unsigned fb, input byte unsigned xa,
 *       input byte unsigned xb, input int unsigned c, input byte unsigned rm,
 *       output byte unsigned flags);
 * (ref/sv/mxdot_pkg.sv has it; docs/api.md explains.) */
uint32_t mx_model_dot_dpi(const char *model, int k, const unsigned char *a,
                          const unsigned char *b, unsigned char fa,
                          unsigned char fb, unsigned char xa, unsigned char xb,
                          unsigned int c, unsigned char rm, unsigned char *flags);

/* Round (-1)^sign * mag * 2^exp to `bits` significant bits (2..24) at
 * binary32's exponent range in mode rm (0..4), overflow policy ovf, and
 * return the binary32 pattern. *inexact, *tiny (below 2^-126 after rounding
 * with an unbounded exponent) and *overflowed are set when not NULL.
 * mag == 0 gives a zero of the given sign. With bits = 24 and
 * MX_MODEL_OVF_IEEE this is mx_f32_round_pack(). */
uint32_t mx_model_round(unsigned sign, uint64_t mag, int exp, int bits,
                        unsigned rm, int ovf, int *inexact, int *tiny,
                        int *overflowed);

#ifdef __cplusplus
}
#endif
#endif /* MXMODEL_H */
