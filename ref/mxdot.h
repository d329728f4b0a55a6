/*
 * mxdot.h - golden reference for the MXFP8 block dot product.
 *
 *   d = round_rm( c + 2^(xa-127) * 2^(xb-127) * sum_i a[i]*b[i] )
 *
 * a[i], b[i]: OCP OFP8 E4M3 ("E4M3FN"); xa, xb: OCP MX UE8M0 block scales;
 * c, d: IEEE 754 binary32 bit patterns. The right-hand side is evaluated
 * exactly and rounded once (see ../shared/SPEC.md and docs/arith.md).
 *
 * Conventions (Berkeley SoftFloat habits, without its global state):
 *   - floating-point values travel as raw bit patterns (uint8_t / uint32_t);
 *     the bit-exact path uses integer arithmetic only, never the host's float;
 *   - the rounding mode goes in (RISC-V frm encoding), the exception flags
 *     come out (RISC-V fflags encoding) through a pointer that may be NULL;
 *   - no global or static mutable state: every function is reentrant and
 *     thread-safe, and can be called from a SystemVerilog DPI-C import.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef MXDOT_H
#define MXDOT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MX_VERSION "1.0.0"

/* Rounding modes: RISC-V frm encoding. 5..7 are reserved: the block
 * operation answers them with the canonical NaN and NV (docs/arith.md). */
enum mx_rounding_mode {
    MX_RNE = 0, /* to nearest, ties to even */
    MX_RTZ = 1, /* toward zero */
    MX_RDN = 2, /* toward -infinity */
    MX_RUP = 3, /* toward +infinity */
    MX_RMM = 4  /* to nearest, ties away from zero */
};

/* Exception flags: RISC-V fflags bit order. */
#define MX_FLAG_NX 0x01u /* inexact */
#define MX_FLAG_UF 0x02u /* underflow (tiny after rounding, and inexact) */
#define MX_FLAG_OF 0x04u /* overflow */
#define MX_FLAG_DZ 0x08u /* divide by zero: never raised here */
#define MX_FLAG_NV 0x10u /* invalid: signaling-NaN accumulator, reserved rm */

#define MX_K_MAX 4096u              /* largest block the reference accepts */
#define MX_BLOCK 32u                /* OCP MX block size used by quantize */
#define MX_F32_QNAN 0x7FC00000u     /* the canonical quiet NaN */

/* ---- E4M3 (s[7] e[6:3] m[2:0], bias 7; S.1111.111 is NaN, no Inf) ---- */
enum mx_class {
    MX_ZERO = 0, MX_SUBNORMAL = 1, MX_NORMAL = 2, MX_INF = 3, MX_QNAN = 4, MX_SNAN = 5
};
static inline unsigned mx_e4m3_sign(uint8_t x) { return (unsigned)(x >> 7) & 1u; }
static inline unsigned mx_e4m3_exp(uint8_t x)  { return (unsigned)(x >> 3) & 0xFu; }
static inline unsigned mx_e4m3_frac(uint8_t x) { return (unsigned)x & 0x7u; }
static inline int mx_e4m3_is_nan(uint8_t x)   { return (x & 0x7Fu) == 0x7Fu; }
enum mx_class mx_e4m3_class(uint8_t x);
/* Exact value: (-1)^*sign * *sig * 2^*exp with *sig in 0..15 (E4M3 codes
 * decode to sig = m (subnormal, exp -9) or 8+m (exp e-10)). Returns 0 for
 * NaN (outputs then unspecified), 1 otherwise. */
int mx_e4m3_decode(uint8_t x, unsigned *sign, uint32_t *sig, int *exp);

/* ---- UE8M0 (x[7:0], bias 127; 0xFF is NaN; 0x00 is 2^-127, not zero) ---- */
static inline int mx_ue8m0_is_nan(uint8_t x)  { return x == 0xFFu; }
/* Unbiased exponent x-127 (-127..127); meaningless for NaN. */
static inline int mx_ue8m0_exp(uint8_t x)     { return (int)x - 127; }

/* ---- binary32 (s[31] e[30:23] f[22:0]) ---- */
static inline unsigned mx_f32_sign(uint32_t f) { return (unsigned)(f >> 31); }
static inline unsigned mx_f32_exp(uint32_t f)  { return (unsigned)(f >> 23) & 0xFFu; }
static inline uint32_t mx_f32_frac(uint32_t f) { return f & 0x007FFFFFu; }
static inline int mx_f32_is_nan(uint32_t f)  { return (f & 0x7FFFFFFFu) > 0x7F800000u; }
static inline int mx_f32_is_snan(uint32_t f) { return mx_f32_is_nan(f) && !(f & 0x00400000u); }
static inline int mx_f32_is_inf(uint32_t f)  { return (f & 0x7FFFFFFFu) == 0x7F800000u; }
enum mx_class mx_f32_class(uint32_t f);
/* Exact value of a finite binary32: (-1)^*sign * *sig * 2^*exp, *sig < 2^24.
 * Returns 0 for Inf and NaN, 1 otherwise. */
int mx_f32_decode(uint32_t f, unsigned *sign, uint32_t *sig, int *exp);
/* Round (-1)^sign * sig * 2^exp (any sig, any exp) once to binary32 in mode
 * rm (0..4), with overflow, tininess after rounding and inexact per SPEC
 * section 2. sig == 0 gives a zero of the given sign. ORs flags into *flags. */
uint32_t mx_f32_round_pack(unsigned sign, uint64_t sig, int exp, unsigned rm,
                           unsigned *flags);

/* ---- the block operation (SPEC section 2) ---- */
/* k in 1..MX_K_MAX (k == 0 or k > MX_K_MAX: canonical NaN with NV).
 * a[0..k-1], b[0..k-1]: E4M3 codes, element 0 first. Writes the flags (not
 * ORs) to *flags when flags is not NULL. */
uint32_t mx_dot(size_t k, const uint8_t *a, const uint8_t *b, uint8_t xa,
                uint8_t xb, uint32_t c, unsigned rm, unsigned *flags);

/* The stages of mx_dot, one concept each; the RTL has one module per stage
 * with the same name (rtl/mxdot_*.v). Exposed for models and teaching. */
typedef struct {
    int      nan;      /* some element is NaN */
    int      nonzero;  /* some product is non-zero (always 1 if sum != 0) */
    int      zero_pos; /* some product is +0: valid when sum == 0, else 0 */
    int      zero_neg; /* some product is -0: valid when sum == 0, else 0 */
    int64_t  sum;      /* exact sum of products, LSB 2^-18 */
} mx_block_sum;
/* decode and multiply one lane: exact product, LSB 2^-18 (|p| < 2^36) */
int64_t mx_decode_mul(uint8_t a, uint8_t b);
/* reduce: the exact sum of k products and their zero/NaN summary */
void mx_reduce(size_t k, const uint8_t *a, const uint8_t *b, mx_block_sum *s);
/* scale: the exponent of the block sum's LSB, (xa-127)+(xb-127)-18 */
int mx_scale_exp(uint8_t xa, uint8_t xb);
/* accumulate, normalize and round: c + sum * 2^exp, rounded once. Only the
 * finite cases: c finite and no NaN lane (mx_dot decides NaN and Inf first),
 * and s as mx_reduce makes it (|s->sum| < 2^48, which k <= MX_K_MAX keeps). */
uint32_t mx_accumulate_round(const mx_block_sum *s, int exp, uint32_t c,
                             unsigned rm, unsigned *flags);

/* ---- DPI-C entry point: plain integers and byte arrays only ----
 * SystemVerilog:
 *   import "DPI-C" function int unsigned mx_dot_dpi(input int k,
 *       input byte unsigned a[], ...)   -- see docs/api.md for the exact line.
 * Returns d; writes the flags to *flags. k out of range: NaN with NV. */
uint32_t mx_dot_dpi(int k, const unsigned char *a, const unsigned char *b,
                    unsigned char xa, unsigned char xb, unsigned int c,
                    unsigned char rm, unsigned char *flags);

/* ---- conversions for building blocks from real data ---- */
/* E4M3 -> binary32, exact (NaN -> canonical quiet NaN with the sign kept). */
uint32_t mx_e4m3_to_f32(uint8_t x);
/* binary32 -> E4M3, round to nearest even. Overflow policy when the rounded
 * magnitude exceeds 448: MX_SATURATE gives +-448 (0x7E/0xFE, OCP MX "SAT");
 * MX_NAN_ON_OVERFLOW gives NaN (0x7F/0xFF, as ml_dtypes and PyTorch casts).
 * Inf saturates or becomes NaN by the same policy; NaN gives NaN.
 * Flags: NX when inexact, OF on overflow, UF when tiny and inexact, NV for a
 * signaling NaN input. */
enum mx_overflow { MX_SATURATE = 0, MX_NAN_ON_OVERFLOW = 1 };
uint8_t mx_f32_to_e4m3(uint32_t f, enum mx_overflow ovf, unsigned *flags);
/* UE8M0 scale -> binary32 2^(x-127) (0x00 gives the subnormal 2^-127;
 * 0xFF gives the canonical NaN). */
uint32_t mx_ue8m0_to_f32(uint8_t x);

/* Scale policy of mx_quantize. */
enum mx_scale_policy {
    MX_SCALE_FLOOR = 0, /* OCP MX v1.0 s6.3: floor(log2(amax)) - 8 */
    MX_SCALE_CEIL  = 1  /* round-up, as cuBLAS / DeepGEMM: the smallest
                           power of two with amax / 2^x <= 448 */
};
/* Scale for one block from its largest magnitude (binary32 bits, sign
 * ignored). amax zero: 0x00 (2^-127, smallest). amax Inf or NaN: 0xFF (NaN).
 * The result is clamped to 0x00..0xFE. */
uint8_t mx_scale_for_amax(uint32_t amax, enum mx_scale_policy policy);
/* Quantize n binary32 values (bits) into MX blocks of MX_BLOCK elements:
 * elems[n] E4M3 codes and scales[(n+31)/32]; the last block may be partial.
 * Elements are x / 2^(scale-127) rounded to E4M3 by mx_f32_to_e4m3 with the
 * given overflow policy (FLOOR can exceed 448 by up to 2x: saturated or NaN).
 * A block holding a NaN or Inf gets scale 0xFF. ORs conversion flags. */
void mx_quantize(size_t n, const uint32_t *x, uint8_t *elems, uint8_t *scales,
                 enum mx_scale_policy policy, enum mx_overflow ovf,
                 unsigned *flags);
/* MX blocks back to binary32: elems[i] * 2^(scales[i/32]-127), rounded to
 * nearest even (only needed where the product leaves binary32's range). */
void mx_dequantize(size_t n, const uint8_t *elems, const uint8_t *scales,
                   uint32_t *x, unsigned *flags);

#ifdef __cplusplus
}
#endif
#endif /* MXDOT_H */
