/*
 * mxdot.h - golden reference for the OCP MX block (scale group) dot product.
 *
 *   d = round_rm( c + 2^(xa-127) * 2^(xb-127) * sum_i a[i]*b[i] )
 *
 * a[i], b[i]: OCP MX elements (E4M3 by default; E5M2, E3M2, E2M3, E2M1 and
 * INT8 selectable per operand); xa, xb: OCP MX UE8M0 group scales; c, d:
 * IEEE 754 binary32 bit patterns. The right-hand side is evaluated exactly
 * and rounded once (see docs/spec.md and docs/arith.md).
 *
 * Conventions (Berkeley SoftFloat habits, without its global state):
 *   - floating-point values travel as raw bit patterns (uint8_t / uint32_t);
 *     the bit-exact path uses integer arithmetic only, never the host's float;
 *   - the rounding mode goes in (RISC-V frm encoding), the exception flags
 *     come out (RISC-V fflags encoding) through a pointer that may be NULL;
 *   - no global or static mutable state: every function is reentrant and
 *     thread-safe, and can be called from a SystemVerilog DPI-C import.
 *
 * Pointer contract (every function below keeps it; "NULL-safe" means a NULL
 * is answered as documented, never dereferenced):
 *   - `flags` may always be NULL: the flags are then dropped.
 *   - Outputs of the decode functions (sign, sig, exp) may each be NULL: that
 *     output is not written; the return value is unchanged.
 *   - Element arrays (a, b, keep, x, elems, scales, ...) are read or written
 *     only for the counts given; with a count of 0 they may be NULL. A NULL
 *     array with a non-zero count is an error that each function answers as
 *     its comment says (a group operation: the canonical NaN with NV), never
 *     a crash.
 *   - A state pointer (mx_group *, mx_block_sum *) may be NULL: see each
 *     function.
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

/* Rounding modes: RISC-V frm encoding. 5..7 are reserved: the group
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
#define MX_FLAG_NV 0x10u /* invalid: signaling-NaN accumulator, reserved rm or
                            format, Inf x 0, opposite infinities, bad call */

#define MX_K_MAX 4096u              /* longest group the reference accepts */
#define MX_BLOCK 32u                /* OCP MX block size used by mx_quantize */
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
 * NaN (then *sign is the sign bit, *sig = 0, *exp = 0), 1 otherwise. Each
 * output may be NULL. */
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
 * Returns 0 for Inf and NaN (then *sign is the sign bit, *sig = 0, *exp =
 * 0), 1 otherwise. Each output may be NULL. */
int mx_f32_decode(uint32_t f, unsigned *sign, uint32_t *sig, int *exp);
/* Round (-1)^sign * sig * 2^exp (any sig, any int exp: INT_MIN..INT_MAX)
 * once to binary32 in mode rm, with overflow, tininess after rounding and
 * inexact per SPEC section 2. sig == 0 gives a zero of the given sign. ORs
 * flags into *flags. A reserved rm (5..7) gives the canonical NaN with NV. */
uint32_t mx_f32_round_pack(unsigned sign, uint64_t sig, int exp, unsigned rm,
                           unsigned *flags);

/* ---- the E4M3 group operation (SPEC section 2) ---- */
/* k in 1..MX_K_MAX. a[0..k-1], b[0..k-1]: E4M3 codes, element 0 first.
 * Writes the flags (not ORs) to *flags when flags is not NULL. k == 0,
 * k > MX_K_MAX, or a or b NULL: the canonical NaN with NV. Same as
 * mx_dot_fmt() with fa = fb = MX_FMT_E4M3. */
uint32_t mx_dot(size_t k, const uint8_t *a, const uint8_t *b, uint8_t xa,
                uint8_t xb, uint32_t c, unsigned rm, unsigned *flags);

/* The stages of mx_dot for E4M3 x E4M3, one concept each; the RTL has one
 * module per stage with the same name (rtl/mxdot_*.v). Exposed for models
 * and teaching. */
typedef struct {
    int      nan;      /* some element is NaN */
    int      nonzero;  /* some product is non-zero (always 1 if sum != 0) */
    int      zero_pos; /* some product is +0: valid when sum == 0, else 0 */
    int      zero_neg; /* some product is -0: valid when sum == 0, else 0 */
    int64_t  sum;      /* exact sum of products, LSB 2^-18 */
} mx_block_sum;
/* decode and multiply one lane: exact product, LSB 2^-18 (|p| < 2^36) */
int64_t mx_decode_mul(uint8_t a, uint8_t b);
/* reduce: the exact sum of k products and their zero/NaN summary. s NULL:
 * nothing is done. a or b NULL with k > 0: *s describes a NaN group (nan 1,
 * sum 0). */
void mx_reduce(size_t k, const uint8_t *a, const uint8_t *b, mx_block_sum *s);
/* scale: the exponent of the group sum's LSB, (xa-127)+(xb-127)-18 */
int mx_scale_exp(uint8_t xa, uint8_t xb);
/* accumulate, normalize and round: c + sum * 2^exp, rounded once, for any
 * int64 sum and any int exp. Only the finite cases: c finite and no NaN
 * lane (mx_dot decides NaN and Inf first; this returns an infinite or NaN c
 * unchanged). s NULL or rm reserved: the canonical NaN with NV. */
uint32_t mx_accumulate_round(const mx_block_sum *s, int exp, uint32_t c,
                             unsigned rm, unsigned *flags);

/* ---- element formats (SPEC section 1; issue 8) ----
 * Codes as in the F field of a vector line and the RTL's fa_i/fb_i ports.
 * 6 and 7 are reserved: a group with a reserved format is the canonical NaN
 * with NV (SPEC section 2 rule 0). An FP6/FP4 element sits in the low bits of
 * its byte; every function here ignores the bits above its width. */
enum mx_format {
    MX_FMT_E4M3 = 0, /* MXFP8 E4M3 (OCP OFP8 E4M3FN), the default */
    MX_FMT_E5M2 = 1, /* MXFP8 E5M2 (OCP OFP8 E5M2): Inf and NaN */
    MX_FMT_E3M2 = 2, /* MXFP6 E3M2 */
    MX_FMT_E2M3 = 3, /* MXFP6 E2M3 */
    MX_FMT_E2M1 = 4, /* MXFP4 E2M1 */
    MX_FMT_INT8 = 5  /* MXINT8: i * 2^-6, two's complement */
};
#define MX_FMT_COUNT 6u          /* valid codes are 0 .. MX_FMT_COUNT-1 */
#define MX_FMT_ALL   0x3Fu       /* bit f set for every valid format f */

/* Name ("e4m3", "e5m2", "e3m2", "e2m3", "e2m1", "int8") or NULL (reserved). */
const char *mx_format_name(unsigned fmt);
/* Code for a name, case-insensitive, or -1 (unknown, ambiguous or NULL).
 * Accepted: the names above; "mxfp8_e4m3", "mxfp8_e5m2", "mxfp6_e3m2",
 * "mxfp6_e2m3", "mxfp4_e2m1", "mxfp4", "fp4", "mxint8"; the ml_dtypes /
 * PyTorch names "float8_e4m3fn", "float8_e5m2", "float6_e3m2fn",
 * "float6_e2m3fn", "float4_e2m1fn" and their short forms "e4m3fn",
 * "e3m2fn", "e2m3fn", "e2m1fn". "mxfp8", "fp8", "mxfp6" and "fp6" name two
 * formats each and give -1. */
int mx_format_from_name(const char *name);
/* Width of an element in bits (8, 8, 6, 6, 4, 8); 0 for a reserved code. */
unsigned mx_format_bits(unsigned fmt);

/* One element of format fmt (bits above the format's width ignored). A
 * reserved fmt is treated as the group operation treats it, as a NaN:
 * is_nan 1, class MX_QNAN, decode 0. E4M3 and E5M2 NaNs are quiet
 * (MX_QNAN). INT8 has no subnormals: its non-zero codes are MX_NORMAL. */
int mx_elem_is_nan(unsigned fmt, uint8_t x);
int mx_elem_is_inf(unsigned fmt, uint8_t x);
enum mx_class mx_elem_class(unsigned fmt, uint8_t x);
/* Exact value (-1)^*sign * *sig * 2^*exp: *sig is the integer significand
 * (0 .. 2^(mantissa bits + 1) - 1; INT8: |i|, 0..128) and *exp the exponent
 * of its LSB (subnormals and zeros: that of the smallest normal's LSB; INT8:
 * -6). *sign is the sign bit (INT8: bit 7, so the one zero is +0). Returns
 * 1 for a finite element; 0 for NaN or Inf (*sign the sign bit, *sig 0,
 * *exp 0) or a reserved format (all 0). Each output may be NULL. */
int mx_elem_decode(unsigned fmt, uint8_t x, unsigned *sign, uint32_t *sig, int *exp);

/* The group operation with a format per operand (SPEC section 2):
 * a[i] of format fa, b[i] of format fb. mx_dot() is fa = fb = MX_FMT_E4M3.
 * Same conventions as mx_dot: k in 1..MX_K_MAX, flags written when not NULL;
 * k == 0, k > MX_K_MAX, or a or b NULL: the canonical NaN with NV. */
uint32_t mx_dot_fmt(size_t k, const uint8_t *a, const uint8_t *b, unsigned fa,
                    unsigned fb, uint8_t xa, uint8_t xb, uint32_t c,
                    unsigned rm, unsigned *flags);

/* The integer definition of mx_dot and mx_dot_fmt: the same results for
 * every input, computed with integer arithmetic only (the group sum in
 * fixed point, int64 or 128 bits). mx_dot, mx_dot_fmt and mx_dot_batch
 * take a faster path for the format pairs without E5M2: the group sum in
 * binary64, where every product and every partial sum is exact (the
 * argument is in mxdot.c), then the same integer rounding. These two stay
 * as the readable definition the fast path is tested against
 * (tests/test_fast.c) and as the baseline of the benchmark. */
uint32_t mx_dot_ref(size_t k, const uint8_t *a, const uint8_t *b, uint8_t xa,
                    uint8_t xb, uint32_t c, unsigned rm, unsigned *flags);
uint32_t mx_dot_fmt_ref(size_t k, const uint8_t *a, const uint8_t *b,
                        unsigned fa, unsigned fb, uint8_t xa, uint8_t xb,
                        uint32_t c, unsigned rm, unsigned *flags);
/* Which loop computes the group sum of the fast path on this host, chosen
 * at run time: "avx512" (AVX-512 F/BW/VL/DQ/VBMI with BMI2, x86-64 built
 * with GCC or clang) or "portable" (binary64 table lookups; also every
 * build with MX_NO_SIMD defined). The results never depend on it. */
const char *mx_fast_path_name(void);

/* What deciding a group met (for coverage in testbenches: which hard cases a
 * regression reached). Same inputs as mx_dot_fmt; fills *info and returns 0
 * (returns -1 and leaves *info zero for a NULL info). Fields:
 *   rule        the rule of SPEC section 2 that gave d: 0 reserved, 1 NaN or
 *               invalid, 2 infinity, 3 exact zero, 4 rounding
 *   tie         rule 4: the exact value v lay exactly halfway between two
 *               neighbouring binary32 values (at the delivered precision)
 *   tiny_before rule 4: 0 < |v| < 2^-126
 *   tiny        rule 4: tiny after rounding (SPEC: UF when also inexact)
 *   deep        rule 4: 0 < |v| < 2^-149 (below the smallest subnormal) */
typedef struct {
    int rule, tie, tiny_before, tiny, deep;
} mx_dot_info;
int mx_dot_fmt_info(size_t k, const uint8_t *a, const uint8_t *b, unsigned fa,
                    unsigned fb, uint8_t xa, uint8_t xb, uint32_t c,
                    unsigned rm, mx_dot_info *info);

/* ---- a group streamed in pieces (issue 7): what a unit of L lanes does ----
 * mx_group_begin() takes the group's header (the values of its first beat),
 * mx_group_add() one beat (or any run of elements), mx_group_end() gives d
 * and flags: always bit-identical to mx_dot_fmt() on the concatenation of
 * the kept elements. keep[i] == 0 drops element i: it contributes no term
 * (not a zero product); keep == NULL keeps all n. A group with no kept
 * element, or more than MX_K_MAX, gives the canonical NaN with NV, as
 * mx_dot_fmt() does for k = 0 or k > MX_K_MAX. The state is plain data owned
 * by the caller (no allocation, may be copied or discarded at any time);
 * its fields are private. mx_group_end() does not change the state (more
 * elements may still be added).
 * Pointers: g NULL: begin and add do nothing, end gives the canonical NaN
 * with NV. a or b NULL with n > 0: the group is poisoned (end gives the
 * canonical NaN with NV). add on a state that was never begun is undefined. */
typedef struct {
    unsigned fa, fb, rm;       /* header, as given to mx_group_begin */
    uint8_t  xa, xb;
    uint32_t c;
    size_t   count;            /* kept elements so far */
    uint64_t sum_hi;           /* exact sum of the finite products so far: */
    uint64_t sum_lo;           /*   128-bit two's complement, LSB 2^(grid
                                    exponent of the format pair) */
    unsigned state;            /* NaN / Inf / zero summary bits */
} mx_group;
void mx_group_begin(mx_group *g, unsigned fa, unsigned fb, uint8_t xa,
                    uint8_t xb, uint32_t c, unsigned rm);
void mx_group_add(mx_group *g, size_t n, const uint8_t *a, const uint8_t *b,
                  const uint8_t *keep);
uint32_t mx_group_end(const mx_group *g, unsigned *flags);

/* ---- many groups per call (Python, DPI, batch models) ----
 * n groups of k elements each, stored back to back (group g's element i is
 * a[g*k + i]); per group xa[g], xb[g], c[g]; one fa, fb, rm for all. Writes
 * d[g] and, when flags is not NULL, flags[g]. Same results as n calls of
 * mx_dot_fmt(). n == 0: nothing is read or written. d NULL: nothing is
 * done. a, b, xa, xb or c NULL (with n > 0), or k out of 1..MX_K_MAX:
 * every d[g] is the canonical NaN with NV. */
void mx_dot_batch(size_t n, size_t k, const uint8_t *a, const uint8_t *b,
                  unsigned fa, unsigned fb, const uint8_t *xa,
                  const uint8_t *xb, const uint32_t *c, unsigned rm,
                  uint32_t *d, uint8_t *flags);

/* ---- DPI-C entry points: plain integers and byte arrays only ----
 * Import them with SIZED unpacked arrays, e.g.
 *   import "DPI-C" function int unsigned mx_dot_dpi(input int k,
 *       input byte unsigned a[32], input byte unsigned b[32], ...);
 * A sized unpacked array of `byte unsigned` arrives in C as a pointer to its
 * first element, which is what these functions take. Do NOT use an open
 * array (`input byte unsigned a[]`): the simulator then passes an
 * svOpenArrayHandle, which these functions would read as element data
 * (wrong results, no warning). docs/api.md has the exact import lines, the
 * linking steps of common simulators, and how to pass groups longer than
 * the array size (the streaming mx_group_dpi_* calls below).
 * Each returns d and writes the flags to *flags (which may be NULL). k out
 * of 1..MX_K_MAX, or a or b NULL: the canonical NaN with NV. */
uint32_t mx_dot_dpi(int k, const unsigned char *a, const unsigned char *b,
                    unsigned char xa, unsigned char xb, unsigned int c,
                    unsigned char rm, unsigned char *flags);
/* With a format per operand (fa, fb: codes of enum mx_format; 6, 7 and any
 * larger value are reserved: the canonical NaN with NV). */
uint32_t mx_dot_fmt_dpi(int k, const unsigned char *a, const unsigned char *b,
                        unsigned char fa, unsigned char fb, unsigned char xa,
                        unsigned char xb, unsigned int c, unsigned char rm,
                        unsigned char *flags);
/* The streaming form for DPI, with an explicit state: the caller owns an
 * array of MX_GROUP_DPI_WORDS 32-bit words that holds the mx_group between
 * calls (SystemVerilog: `int unsigned st[MX_GROUP_DPI_WORDS]`, passed as
 * `inout int unsigned st[16]`; it arrives as a pointer to its first word).
 * No allocation, no chandle: the state can be copied, saved and restored
 * by the testbench. begin/add/end behave as mx_group_begin/add/end; n
 * elements of a, b (and keep, which may be NULL from C) are consumed; n < 0
 * poisons the group. state NULL: begin and add do nothing, end gives the
 * canonical NaN with NV. */
#define MX_GROUP_DPI_WORDS 16u
void mx_group_dpi_begin(unsigned int *state, unsigned char fa,
                        unsigned char fb, unsigned char xa, unsigned char xb,
                        unsigned int c, unsigned char rm);
void mx_group_dpi_add(unsigned int *state, int n, const unsigned char *a,
                      const unsigned char *b, const unsigned char *keep);
uint32_t mx_group_dpi_end(const unsigned int *state, unsigned char *flags);

/* ---- conversions for building groups from real data ---- */
/* Overflow policy of a conversion to an element format, when the value
 * rounded to nearest even exceeds the largest finite element:
 *   MX_SATURATE        the largest finite of the sign (OCP MX "SAT"):
 *                      +-448 E4M3, +-57344 E5M2, +-28 E3M2, +-7.5 E2M3,
 *                      +-6 E2M1, 0x7F / 0x80 (1.984375 / -2) INT8;
 *   MX_NAN_ON_OVERFLOW NaN for E4M3 (0x7F/0xFF, as ml_dtypes and PyTorch
 *                      casts), Inf for E5M2 (IEEE-style, as ml_dtypes);
 *                      the formats without NaN and Inf (E3M2, E2M3, E2M1,
 *                      INT8) saturate under either policy.
 * Flags: OF|NX on overflow; NX when inexact; UF when tiny after rounding
 * (below the smallest normal) and inexact (never for INT8, which has no
 * subnormal range); NV for a signaling-NaN input, and for any NaN input to
 * a format without NaN. */
enum mx_overflow { MX_SATURATE = 0, MX_NAN_ON_OVERFLOW = 1 };

/* Element -> binary32, exact. NaN gives the canonical quiet NaN with the
 * element's sign; E5M2 infinities give binary32 infinities; a reserved
 * format gives the canonical NaN. */
uint32_t mx_elem_to_f32(unsigned fmt, uint8_t x);
/* binary32 -> element, round to nearest even, overflow per ovf (above).
 * Inf: E5M2 keeps it (exact, no flag); E4M3 gives +-448 or NaN by ovf, with
 * OF|NX; the others saturate, with OF|NX. NaN: E4M3 S.1111.111, E5M2
 * S.11111.10 (quiet), the others +0 with NV (they have no NaN). A zero
 * keeps its sign except in INT8 (+0). FP6/FP4 codes come in the low bits.
 * A reserved fmt gives 0 with NV. */
uint8_t mx_f32_to_elem(unsigned fmt, uint32_t f, enum mx_overflow ovf,
                       unsigned *flags);
/* Round (-1)^sign * sig * 2^exp (any sig, any int exp) to fmt, nearest
 * even, with the overflow policy and flags of mx_f32_to_elem. sig == 0
 * gives a zero of the given sign (INT8: +0). Reserved fmt: 0 with NV. */
uint8_t mx_elem_round_pack(unsigned fmt, unsigned sign, uint64_t sig, int exp,
                           enum mx_overflow ovf, unsigned *flags);

/* E4M3 -> binary32, exact (NaN -> canonical quiet NaN with the sign kept). */
uint32_t mx_e4m3_to_f32(uint8_t x);
/* binary32 -> E4M3: mx_f32_to_elem(MX_FMT_E4M3, f, ovf, flags). */
uint8_t mx_f32_to_e4m3(uint32_t f, enum mx_overflow ovf, unsigned *flags);
/* UE8M0 scale -> binary32 2^(x-127) (0x00 gives the subnormal 2^-127;
 * 0xFF gives the canonical NaN). */
uint32_t mx_ue8m0_to_f32(uint8_t x);

/* Scale policy of the quantizers: how a group's scale X (the UE8M0 code
 * X+127) follows from the group's largest magnitude amax = m * 2^e (m in
 * [1, 2)) and the element format's largest finite M * 2^emax (M in [1, 2);
 * emax: E4M3 8, E5M2 15, E3M2 4, E2M3 2, E2M1 2, INT8 0, as OCP MX v1.0
 * Table 1 gives them). Sources in docs/arith.md. */
enum mx_scale_policy {
    MX_SCALE_FLOOR = 0,     /* OCP MX v1.0 s6.3: X = floor(log2(amax)) -
                               emax = e - emax. Elements up to 2x the largest
                               finite then overflow (saturate or NaN). */
    MX_SCALE_CEIL  = 1,     /* round-up (cuBLAS "UE8M0" scaling, DeepGEMM,
                               TransformerEngine MXFP8, torchao RCEIL; the
                               "round-to-infinity" of Mishra et al. 2025):
                               the smallest X with amax / 2^X <= M * 2^emax,
                               i.e. ceil(log2(amax / max)) = e - emax +
                               (m > M). Never overflows. */
    MX_SCALE_EVEN  = 2,     /* torchao EVEN: amax rounded to the element's
                               precision p (mantissa bits + 1; INT8: 7),
                               ties away, then floored: X = e - emax +
                               (m >= 2 - 2^-p). */
    MX_SCALE_CEIL_LOG2 = 3  /* torchao CEIL: X = ceil(log2(amax)) - emax =
                               e - emax + (m > 1). */
};
#define MX_SCALE_POLICY_COUNT 4u

/* Scale for one group of format fmt from its largest magnitude (binary32
 * bits, sign ignored). amax zero: 0x00 (2^-127, smallest). amax Inf or NaN,
 * an unknown policy, or a reserved fmt: 0xFF (NaN). The result is clamped
 * to 0x00..0xFE. */
uint8_t mx_scale_for_amax_fmt(unsigned fmt, uint32_t amax,
                              enum mx_scale_policy policy);
/* E4M3: mx_scale_for_amax_fmt(MX_FMT_E4M3, amax, policy). */
uint8_t mx_scale_for_amax(uint32_t amax, enum mx_scale_policy policy);

/* Quantize n binary32 values (bits) into groups of `group` elements (any
 * group >= 1; the last group may be partial): elems[n] codes of fmt (FP6/FP4
 * in the low bits of each byte) and scales[(n+group-1)/group]. Elements are
 * x / 2^(scale-127) rounded by mx_elem_round_pack with the overflow policy
 * ovf. A group holding a NaN or Inf gets scale 0xFF (the group is NaN as a
 * whole) and elements that are the format's NaN (E4M3 0x7F, E5M2 0x7E) or
 * 0 (formats without NaN). ORs the conversion flags into *flags. A reserved
 * fmt, group 0, an unknown policy, or a NULL array with n > 0: nothing
 * written, NV. */
void mx_quantize_fmt(unsigned fmt, size_t n, size_t group, const uint32_t *x,
                     uint8_t *elems, uint8_t *scales,
                     enum mx_scale_policy policy, enum mx_overflow ovf,
                     unsigned *flags);
/* Groups back to binary32: x[i] = elems[i] * 2^(scales[i/group]-127),
 * rounded to nearest even (only needed where the product leaves binary32's
 * range; flags OF, UF, NX as mx_f32_round_pack). A NaN element or a NaN
 * scale gives the canonical NaN; an E5M2 infinity gives an infinity. A
 * reserved fmt, group 0, or a NULL array with n > 0: nothing written, NV. */
void mx_dequantize_fmt(unsigned fmt, size_t n, size_t group,
                       const uint8_t *elems, const uint8_t *scales,
                       uint32_t *x, unsigned *flags);

/* The OCP MX blocks of E4M3 in groups of MX_BLOCK (32):
 * mx_quantize_fmt(MX_FMT_E4M3, n, MX_BLOCK, ...) and
 * mx_dequantize_fmt(MX_FMT_E4M3, n, MX_BLOCK, ...). */
void mx_quantize(size_t n, const uint32_t *x, uint8_t *elems, uint8_t *scales,
                 enum mx_scale_policy policy, enum mx_overflow ovf,
                 unsigned *flags);
void mx_dequantize(size_t n, const uint8_t *elems, const uint8_t *scales,
                   uint32_t *x, unsigned *flags);

#ifdef __cplusplus
}
#endif
#endif /* MXDOT_H */
