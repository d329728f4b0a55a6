/*
 * mxdot.c - golden reference for the OCP MX group dot product.
 *
 * Reads top to bottom like SPEC section 2: rounding to a binary format, the
 * elements on a fixed-point grid, the exact group sum, the scale as an
 * exponent, the exact fused accumulate, and one rounding to binary32, in
 * integer arithmetic only: the definition (mx_dot_ref, mx_dot_fmt_ref).
 * Then the fast path that mx_dot, mx_dot_fmt and mx_dot_batch take, with
 * the same results (floating point only where every operation is exact,
 * SIMD chosen at run time; "The fast path" below says why it is exact), and
 * the entry points (one call, streamed, batched, DPI-C). No global state.
 * Element formats themselves (names, decoding, conversions, quantizers) are
 * in mxfmt.c.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "mxdot.h"

#include <math.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Small integer helpers                                                     */
/* ------------------------------------------------------------------------ */

/* A static function that every caller inlines (the hot paths; under -fPIC
 * the compiler weighs inlining against a function's callers). */
#if defined(__GNUC__)
#define MX_INLINE static inline __attribute__((always_inline))
#else
#define MX_INLINE static inline
#endif

/* Number of significant bits of x (0 for x == 0). */
static int bit_length(uint64_t x)
{
#if defined(__GNUC__)
    return x ? 64 - __builtin_clzll(x) : 0;
#else
    int n = 0;
    while (x) {
        n++;
        x >>= 1;
    }
    return n;
#endif
}

/* An exponent argument of the public rounding functions, moved into a range
 * where exponent arithmetic cannot overflow an int without changing any
 * result: a non-zero significand below 2^64 times 2^1000 overflows every
 * format here, and times 2^-1000 it is below a quarter of the smallest
 * subnormal of every format, where every such value rounds alike (to zero
 * or to the smallest subnormal by mode, tiny and inexact). */
static int clamp_exp(int exp)
{
    return exp > 1000 ? 1000 : exp < -1000 ? -1000 : exp;
}

/* sig * 2^-drop, exact for drop <= 0 (caller keeps the result in range). For
 * drop > 0 the dropped bits are summarised as below, at or above half of
 * the last kept bit (*cmp = -1, 0, 1) and as *inexact. */
static uint64_t shift_right_exact(uint64_t sig, int drop, int *cmp, int *inexact)
{
    uint64_t rest, half;
    if (drop <= 0) {
        *cmp = -1; *inexact = 0;
        return sig << -drop;
    }
    if (drop > 64) {                 /* all of sig is below half a unit */
        *cmp = -1; *inexact = sig != 0;
        return 0;
    }
    if (drop == 64) {
        rest = sig; half = (uint64_t)1 << 63;
        *cmp = rest < half ? -1 : rest > half;
        *inexact = rest != 0;
        return 0;
    }
    rest = sig & (((uint64_t)1 << drop) - 1);
    half = (uint64_t)1 << (drop - 1);
    *cmp = rest < half ? -1 : rest > half;
    *inexact = rest != 0;
    return sig >> drop;
}

/* Whether an inexact magnitude is rounded up (away from zero), given the
 * discarded part against half an ulp (cmp) and the parity of the kept part. */
static int round_increment(unsigned rm, unsigned sign, int cmp, int odd)
{
    switch (rm) {
    case MX_RNE: return cmp > 0 || (cmp == 0 && odd);
    case MX_RTZ: return 0;
    case MX_RDN: return sign != 0;
    case MX_RUP: return sign == 0;
    case MX_RMM: return cmp >= 0;
    default:     return 0;
    }
}

/* Round sig * 2^exp to a multiple of 2^lsb (sign applies to directed modes). */
static uint64_t round_to_lsb(unsigned sign, uint64_t sig, int exp, int lsb,
                             unsigned rm, int *inexact)
{
    int cmp;
    uint64_t q = shift_right_exact(sig, lsb - exp, &cmp, inexact);
    if (*inexact && round_increment(rm, sign, cmp, (int)(q & 1)))
        q++;
    return q;
}

/* ------------------------------------------------------------------------ */
/* 128-bit two's complement words (two limbs: C99 has no wider integer)      */
/* ------------------------------------------------------------------------ */

typedef struct {
    uint64_t hi, lo;
} wide;

static wide wide_from_i64(int64_t x)
{
    wide w;
    w.lo = (uint64_t)x;
    w.hi = x < 0 ? ~(uint64_t)0 : 0;
    return w;
}

static wide wide_from_u64(uint64_t x)
{
    wide w;
    w.lo = x;
    w.hi = 0;
    return w;
}

static wide wide_add(wide a, wide b)
{
    wide s;
    s.lo = a.lo + b.lo;
    s.hi = a.hi + b.hi + (uint64_t)(s.lo < a.lo);
    return s;
}

static wide wide_neg(wide a)
{
    wide r;
    r.lo = ~a.lo + 1;
    r.hi = ~a.hi + (uint64_t)(r.lo == 0);
    return r;
}

static int wide_is_neg(wide a)  { return (int)(a.hi >> 63); }
static int wide_is_zero(wide a) { return (a.hi | a.lo) == 0; }

static int wide_bit_length(wide a)
{
    return a.hi ? 64 + bit_length(a.hi) : bit_length(a.lo);
}

/* Whether the signed value fits an int64_t with magnitude below 2^48 (the
 * narrow window of window_sum). */
static int wide_fits_48(wide a)
{
    uint64_t sign_extension = (a.lo >> 63) ? ~(uint64_t)0 : 0;
    uint64_t biased = a.lo + ((uint64_t)1 << 48); /* -2^48 < lo < 2^48 */
    return a.hi == sign_extension && biased > 0 && biased < ((uint64_t)1 << 49);
}

/* a * 2^s for 0 <= s < 128 (bits shifted out of bit 127 are lost: callers
 * keep the result in range). */
static wide wide_shift_left(wide a, int s)
{
    wide r;
    if (s == 0)
        return a;
    if (s >= 64) {
        r.hi = a.lo << (s - 64);
        r.lo = 0;
    } else {
        r.hi = a.hi << s | a.lo >> (64 - s);
        r.lo = a.lo << s;
    }
    return r;
}

/* A non-negative a * 2^-s (s >= 0) with the bits shifted out jammed into
 * bit 0 (a sticky bit). */
static wide wide_shift_right_jam(wide a, int s)
{
    wide r;
    uint64_t lost;
    if (s == 0)
        return a;
    if (s >= 128) {
        r.hi = 0;
        r.lo = (uint64_t)!wide_is_zero(a);
        return r;
    }
    if (s >= 64) {
        lost = a.lo | (s > 64 ? a.hi << (128 - s) : 0);
        r.lo = s > 64 ? a.hi >> (s - 64) : a.hi;
        r.hi = 0;
    } else {
        lost = a.lo << (64 - s);
        r.lo = a.lo >> s | a.hi << (64 - s);
        r.hi = a.hi >> s;
    }
    r.lo |= (uint64_t)(lost != 0);
    return r;
}

/* ------------------------------------------------------------------------ */
/* Rounding to a binary format                                               */
/* ------------------------------------------------------------------------ */

/* A binary floating-point format as rounding sees it. */
typedef struct {
    int      precision; /* significand bits, hidden bit included */
    int      emin;      /* exponent of the smallest normal */
    int      emax;      /* exponent of the largest finite */
    uint64_t sig_max;   /* largest significand at emax (E4M3: 1.110b) */
} float_format;

static const float_format format_f32 = { 24, -126, 127, 0xFFFFFFu };

/* The floating-point element formats, by code (SPEC section 1): 448 =
 * 1.110b * 2^8, 57344 = 1.11b * 2^15 (exponent field 31 is Inf/NaN),
 * 28 = 1.11b * 2^4, 7.5 = 1.111b * 2^2, 6 = 1.1b * 2^2. */
static const float_format format_elem[5] = {
    { 4,  -6,  8, 0xEu },  /* E4M3 */
    { 3, -14, 15, 0x7u },  /* E5M2 */
    { 3,  -2,  4, 0x7u },  /* E3M2 */
    { 4,   0,  2, 0xFu },  /* E2M3 */
    { 2,   0,  2, 0x3u }   /* E2M1 */
};

/* Round (-1)^sign * sig * 2^exp (sig != 0, |exp| <= 1000) once to fmt in
 * mode rm. Returns the magnitude's encoding (exponent field above
 * precision-1 bits of fraction; the hidden bit carries into the exponent
 * field, SoftFloat's packing trick), or sets *overflow when the value
 * rounded to `precision` bits with an unbounded exponent exceeds the largest
 * finite. Tininess is detected after rounding. ORs NX and UF into *flags. */
static uint64_t round_pack(const float_format *fmt, unsigned sign, uint64_t sig,
                           int exp, unsigned rm, int *overflow, unsigned *flags)
{
    int n = bit_length(sig);
    int top = exp + n - 1;                       /* exponent of the MSB */
    int lsb_min = fmt->emin - (fmt->precision - 1); /* the subnormal quantum */
    int lsb, inexact, tiny, rounded_top;
    uint64_t q;

    /* Unbounded exponent: decides overflow and tininess. */
    q = round_to_lsb(sign, sig, exp, top - (fmt->precision - 1), rm, &inexact);
    rounded_top = top;
    if (q >> fmt->precision) {                   /* carried to 2^precision */
        rounded_top++;
        q >>= 1;
    }
    *overflow = rounded_top > fmt->emax
             || (rounded_top == fmt->emax && q > fmt->sig_max);
    if (*overflow)
        return 0;
    tiny = rounded_top < fmt->emin;

    /* Delivered result: at most `precision` bits, quantum 2^lsb_min. When
     * the value is not below the normal range this is the rounding above. */
    lsb = top - (fmt->precision - 1);
    if (lsb < lsb_min) {
        lsb = lsb_min;
        q = round_to_lsb(sign, sig, exp, lsb, rm, &inexact);
    } else if (rounded_top != top) {
        q <<= 1;                                 /* undo the renormalisation */
    }
    if (inexact)
        *flags |= MX_FLAG_NX | (tiny ? MX_FLAG_UF : 0u);
    return ((uint64_t)(lsb - lsb_min) << (fmt->precision - 1)) + q;
}

/* ------------------------------------------------------------------------ */
/* binary32                                                                  */
/* ------------------------------------------------------------------------ */

enum mx_class mx_f32_class(uint32_t f)
{
    if (mx_f32_is_nan(f))
        return mx_f32_is_snan(f) ? MX_SNAN : MX_QNAN;
    if (mx_f32_is_inf(f))
        return MX_INF;
    if (mx_f32_exp(f))
        return MX_NORMAL;
    return mx_f32_frac(f) ? MX_SUBNORMAL : MX_ZERO;
}

/* Branch-free: a subnormal (e == 0) lacks the hidden bit and has the
 * exponent of e == 1. Static so that the accumulate can inline it. */
static int f32_decode(uint32_t f, unsigned *sign, uint32_t *sig, int *exp)
{
    unsigned e = mx_f32_exp(f);
    if (e == 0xFF)
        return 0;
    *sign = mx_f32_sign(f);
    *sig = mx_f32_frac(f) | (uint32_t)(e != 0) << 23;
    *exp = (int)e - 150 + (e == 0);
    return 1;
}

int mx_f32_decode(uint32_t f, unsigned *sign, uint32_t *sig, int *exp)
{
    unsigned s = mx_f32_sign(f);
    uint32_t m = 0;
    int e = 0, finite = f32_decode(f, &s, &m, &e);
    if (sign)
        *sign = s;
    if (sig)
        *sig = m;
    if (exp)
        *exp = e;
    return finite;
}

/* The result of an overflow, per mode and sign, and its flags (SPEC
 * section 2.4). */
static uint32_t f32_overflow(unsigned sign, unsigned rm, unsigned *flags)
{
    const uint32_t inf = 0x7F800000u, max = 0x7F7FFFFFu;
    uint32_t mag;
    switch (rm) {
    case MX_RTZ: mag = max; break;
    case MX_RDN: mag = sign ? inf : max; break;
    case MX_RUP: mag = sign ? max : inf; break;
    default:     mag = inf; break;           /* RNE, RMM */
    }
    *flags |= MX_FLAG_OF | MX_FLAG_NX;
    return (uint32_t)sign << 31 | mag;
}

/* The bits SoftFloat adds below the kept part before truncating it: half
 * a unit for the nearest modes, a unit less one for the directed mode that
 * rounds this sign away from zero, nothing toward zero. Branch-free on
 * purpose: rm may change from group to group. */
static uint64_t round_increment_bits(unsigned rm, unsigned sign, int drop)
{
    uint64_t half = (uint64_t)1 << (drop - 1);
    uint64_t near = (uint64_t)0 - (uint64_t)(rm == MX_RNE || rm == MX_RMM);
    uint64_t away = (uint64_t)0 - (uint64_t)(rm == MX_RUP - sign); /* RDN if < 0 */
    return (half & near) | (((half << 1) - 1) & away);
}

/* Round (-1)^sign * sig * 2^exp (sig != 0) to binary32 in one pass, as
 * SoftFloat's roundPackToF32 does: add an increment below the quantum,
 * truncate, and let a carry out of the significand run into the exponent
 * field. Same results as round_pack, which stays the definition; returns
 * 0, leaving the case to it, where one pass is not enough: an MSB at
 * 2^-127 (tininess after rounding then needs a second rounding at 24
 * bits), and sig or the distance to the quantum too wide for the
 * increment to fit 64 bits. */
static int f32_round_one_pass(unsigned sign, uint64_t sig, int exp,
                              unsigned rm, uint32_t *d, unsigned *flags)
{
    int n = bit_length(sig);
    int biased = exp + n - 1 + 127;              /* exponent field of the MSB */
    int normal = biased >= 1;
    int drop = normal ? n - 24 : -149 - exp;     /* bits below the quantum */
    uint64_t q, rest = 0;
    uint32_t mag;
    if (biased == 0 || n == 64 || drop > 62)
        return 0;
    if (biased > 254) {                          /* 2^128 or more */
        *d = f32_overflow(sign, rm, flags);
        return 1;
    }
    if (drop <= 0) {
        q = sig << -drop;
    } else {
        rest = sig & (((uint64_t)1 << drop) - 1);
        q = (sig + round_increment_bits(rm, sign, drop)) >> drop;
        if (rm == MX_RNE && rest == (uint64_t)1 << (drop - 1))
            q &= ~(uint64_t)1;                   /* a tie goes to even */
    }
    /* Normal: q is in [2^23, 2^24] and its hidden bit adds into the
     * exponent field; subnormal: q <= 2^23, 2^23 being the smallest normal. */
    mag = ((uint32_t)(normal ? biased - 1 : 0) << 23) + (uint32_t)q;
    if (mag >= 0x7F800000u) {                    /* rounded up to 2^128 */
        *d = f32_overflow(sign, rm, flags);
        return 1;
    }
    if (rest)            /* below 2^-127 a value is tiny however it rounds */
        *flags |= MX_FLAG_NX | (normal ? 0u : MX_FLAG_UF);
    *d = (uint32_t)sign << 31 | mag;
    return 1;
}

/* Callers keep |exp| <= 1000 + 64 (clamp_exp), rm in 0..4. */
static uint32_t f32_round_pack(unsigned sign, uint64_t sig, int exp,
                               unsigned rm, unsigned *flags)
{
    int overflow;
    uint32_t d;
    uint64_t mag;
    sign &= 1u;
    if (sig == 0)
        return (uint32_t)sign << 31;
    if (f32_round_one_pass(sign, sig, exp, rm, &d, flags))
        return d;
    mag = round_pack(&format_f32, sign, sig, exp, rm, &overflow, flags);
    if (overflow)
        return f32_overflow(sign, rm, flags);
    return (uint32_t)sign << 31 | (uint32_t)mag;
}

uint32_t mx_f32_round_pack(unsigned sign, uint64_t sig, int exp, unsigned rm,
                           unsigned *flags)
{
    unsigned ignored = 0;
    if (!flags)
        flags = &ignored;
    if (rm > MX_RMM) {
        *flags |= MX_FLAG_NV;
        return MX_F32_QNAN;
    }
    return f32_round_pack(sign, sig, clamp_exp(exp), rm, flags);
}

/* ------------------------------------------------------------------------ */
/* Rounding to an element format (conversions; mxfmt.c builds on this)       */
/* ------------------------------------------------------------------------ */

/* The largest finite code of each format (magnitude bits), and the code an
 * overflow gives under MX_NAN_ON_OVERFLOW: NaN for E4M3, Inf for E5M2, the
 * largest finite for the formats that have neither. */
static const uint8_t elem_max_code[MX_FMT_COUNT]      = { 0x7E, 0x7B, 0x1F, 0x1F, 0x07, 0x7F };
static const uint8_t elem_overflow_code[MX_FMT_COUNT] = { 0x7F, 0x7C, 0x1F, 0x1F, 0x07, 0x7F };

/* INT8 is fixed point: (-1)^sign * q * 2^-6 with q <= 127 (positive) or 128
 * (negative), rounded at the 2^-6 quantum; no subnormal range, so no
 * tininess (never UF); no NaN or Inf, so an overflow saturates whatever
 * the policy. A zero is +0. */
static uint8_t int8_round_pack(unsigned sign, uint64_t sig, int exp,
                               unsigned *flags)
{
    int inexact = 0;
    uint64_t q;
    if (exp + bit_length(sig) - 1 >= 2)          /* |v| >= 4: overflows */
        q = 256;
    else
        q = round_to_lsb(sign, sig, exp, -6, MX_RNE, &inexact);
    if (q > (sign ? 128u : 127u)) {
        *flags |= MX_FLAG_OF | MX_FLAG_NX;
        return sign ? 0x80 : 0x7F;
    }
    if (inexact)
        *flags |= MX_FLAG_NX;
    return (uint8_t)(sign && q ? 256 - q : q);
}

uint8_t mx_elem_round_pack(unsigned fmt, unsigned sign, uint64_t sig, int exp,
                           enum mx_overflow ovf, unsigned *flags)
{
    unsigned ignored = 0, sign_shift;
    int overflow;
    uint64_t mag;
    if (!flags)
        flags = &ignored;
    if (fmt >= MX_FMT_COUNT) {
        *flags |= MX_FLAG_NV;
        return 0;
    }
    sign &= 1u;
    exp = clamp_exp(exp);
    if (fmt == MX_FMT_INT8)
        return sig ? int8_round_pack(sign, sig, exp, flags) : 0;
    sign_shift = mx_format_bits(fmt) - 1;
    if (sig == 0)
        return (uint8_t)(sign << sign_shift);
    mag = round_pack(&format_elem[fmt], sign, sig, exp, MX_RNE, &overflow, flags);
    if (overflow) {
        *flags |= MX_FLAG_OF | MX_FLAG_NX;
        mag = ovf == MX_SATURATE ? elem_max_code[fmt] : elem_overflow_code[fmt];
    }
    return (uint8_t)(sign << sign_shift | (unsigned)mag);
}

/* ------------------------------------------------------------------------ */
/* The group operation, stage by stage (rtl/mxdot_*.v mirror these)          */
/* ------------------------------------------------------------------------ */

/* Stage 1, decode: every element on a fixed-point grid.
 *
 * A floating-point element with E exponent and M fraction bits (bias
 * 2^(E-1)-1) is sig << shift grid units of 2^(1-bias-M): sig = m with the
 * hidden bit (e != 0) above it, shift = e - 1 for normals and 0 for
 * subnormals. INT8 is already an integer on the grid 2^-6.
 *
 *   format  grid LSB  largest magnitude in grid units
 *   E4M3    2^-9      448   * 2^9  = 14 << 14 = 229376 < 2^18
 *   E5M2    2^-16     57344 * 2^16 =  7 << 29          < 2^32
 *   E3M2    2^-4      28    * 2^4  =  7 << 6  = 448    < 2^9
 *   E2M3    2^-3      7.5   * 2^3  = 15 << 2  = 60     < 2^6
 *   E2M1    2^-1      6     * 2^1  =  3 << 2  = 12     < 2^4
 *   INT8    2^-6      2     * 2^6  = 128               = 2^7
 *
 * The tables below hold the signed grid value of every code, computed by
 * the compiler from that formula (constant tables, not state). NaN and Inf
 * codes get 0: the special cases are summarised apart (specials_summary),
 * and a 0 keeps every sum in range whatever they are. Bits above an FP6 or
 * FP4 element's width are ignored, as at the RTL's ports. */
#define FP_EXPF(x, E, M)  (((x) >> (M)) & ((1 << (E)) - 1))
#define FP_SIG(x, E, M)   (((x) & ((1 << (M)) - 1)) | (FP_EXPF(x, E, M) != 0) << (M))
#define FP_SHIFT(x, E, M) (FP_EXPF(x, E, M) - (FP_EXPF(x, E, M) != 0))
#define FP_NEG(x, E, M)   (((x) >> ((E) + (M))) & 1)
#define FP_GRID(x, E, M)  ((FP_NEG(x, E, M) ? -1 : 1) \
                           * ((int64_t)FP_SIG(x, E, M) << FP_SHIFT(x, E, M)))
#define FP_GRID_EXP(E, M) (1 - ((1 << ((E) - 1)) - 1) - (M))
#define E4M3_SPECIAL(x)   (((x) & 0x7F) == 0x7F)
#define E5M2_SPECIAL(x)   (((x) & 0x7C) == 0x7C)
#define GRID_E4M3(x)      (E4M3_SPECIAL(x) ? 0 : FP_GRID(x, 4, 3))
#define GRID_E5M2(x)      (E5M2_SPECIAL(x) ? 0 : FP_GRID(x, 5, 2))
#define GRID_E3M2(x)      FP_GRID(x, 3, 2)
#define GRID_E2M3(x)      FP_GRID(x, 2, 3)
#define GRID_E2M1(x)      FP_GRID(x, 2, 1)
#define GRID_INT8(x)      ((int64_t)(x) - (((x) & 0x80) ? 256 : 0))
#define GRID4(G, x)   G(x), G((x) + 1), G((x) + 2), G((x) + 3)
#define GRID16(G, x)  GRID4(G, x), GRID4(G, (x) + 4), GRID4(G, (x) + 8), GRID4(G, (x) + 12)
#define GRID64(G, x)  GRID16(G, x), GRID16(G, (x) + 16), GRID16(G, (x) + 32), GRID16(G, (x) + 48)
#define GRID256(G)    { GRID64(G, 0), GRID64(G, 64), GRID64(G, 128), GRID64(G, 192) }
static const int64_t elem_grid[MX_FMT_COUNT][256] = {
    GRID256(GRID_E4M3), GRID256(GRID_E5M2), GRID256(GRID_E3M2),
    GRID256(GRID_E2M3), GRID256(GRID_E2M1), GRID256(GRID_INT8)
};
/* The exponent of each format's grid LSB. */
static const int elem_grid_exp[MX_FMT_COUNT] = {
    FP_GRID_EXP(4, 3), FP_GRID_EXP(5, 2), FP_GRID_EXP(3, 2),
    FP_GRID_EXP(2, 3), FP_GRID_EXP(2, 1), -6
};

/* The hot E4M3 path keeps its own 32-bit table of the same values (NaN
 * codes get the value of their bit pattern, below 2^18 too; NaN is tested
 * apart): half the cache footprint, and a 32x32-bit multiply. */
#define E4M3_GRID32(x)    ((int32_t)FP_GRID(x, 4, 3))
static const int32_t e4m3_grid[256] = GRID256(E4M3_GRID32);
#undef E4M3_GRID32
#undef GRID256
#undef GRID64
#undef GRID16
#undef GRID4

/* Decode and multiply one E4M3 lane: an exact product on the grid 2^-18,
 * a 4x4-bit significand product shifted by 0..28, below 448^2 * 2^18 <
 * 2^36. NaN codes give the product of their bit patterns; mx_reduce flags
 * them. Branch-free on purpose: random data would mispredict every branch. */
static int64_t decode_mul(uint8_t a, uint8_t b)
{
    uint64_t mag = (uint64_t)((uint32_t)FP_SIG(a, 4, 3) * (uint32_t)FP_SIG(b, 4, 3))
                   << (FP_SHIFT(a, 4, 3) + FP_SHIFT(b, 4, 3));
    int64_t neg = -(int64_t)(((a ^ b) >> 7) & 1u);   /* 0 or -1 */
    return ((int64_t)mag ^ neg) - neg;                /* conditional negate */
}

int64_t mx_decode_mul(uint8_t a, uint8_t b)
{
    return decode_mul(a, b);
}

/* Stage 2, reduce: the exact sum of a run of products, and what the
 * special cases need to know of them.
 *
 * The sum of a format pair lies on the grid 2^(lsb_a + lsb_b); K <= 4096 =
 * 2^12 products bound it by 2^12 times the largest product:
 *   - a pair without E5M2: every such grid is a multiple of 2^-18 (E4M3's
 *     2^-9 is the finest non-E5M2 grid) and every product is at most
 *     448^2 < 2^18, i.e. below 2^36 units of 2^-18: the sum of 4096 is
 *     below 2^48, an int64 with room to spare;
 *   - E5M2 x E4M3: products below 7 * 2^29 * 14 * 2^14 < 2^50 units of
 *     2^-25, sums below 2^62: int64 (the other E5M2 x non-E5M2 pairs are
 *     smaller still: x E3M2 < 2^41, x INT8 <= 2^39, x E2M3 < 2^38, x E2M1
 *     < 2^36, sums at most 2^12 times that);
 *   - E5M2 x E5M2: products below 49 * 2^58 < 2^64 units of 2^-32 (a
 *     uint64), sums below 2^76: two limbs (reduce_wide).
 *
 * The state bits summarise the run; the zero summary (which zeros there
 * are) matters only when the whole group sums to zero, so a run computes
 * it only when its own sum is zero: if any run's sum is not zero, NONZERO
 * is set, and the zero bits are never read. */
#define GS_NAN      (1u << 0)   /* some element is NaN */
#define GS_POS_INF  (1u << 1)   /* some product is +Inf */
#define GS_NEG_INF  (1u << 2)   /* some product is -Inf */
#define GS_INF_ZERO (1u << 3)   /* some product is an infinity times a zero */
#define GS_NONZERO  (1u << 4)   /* some finite product is not zero */
#define GS_ZERO_POS (1u << 5)   /* some product is +0 */
#define GS_ZERO_NEG (1u << 6)   /* some product is -0 */
#define GS_POISON   (1u << 7)   /* a streamed beat had no data: NaN with NV */

typedef struct {
    wide     sum;     /* exact sum of the finite products, pair grid */
    unsigned state;   /* GS_* */
} group_sum;

/* Top bit set in each of 8 bytes whose low 7 bits are all ones (E4M3
 * NaN); the other bits are noise that callers OR together over many words
 * and mask off once with NAN_BYTES_HIT (no carry crosses a byte: 0x7F + 1
 * fits). The byte order of the word does not matter to "any byte". */
#define NAN_BYTES_HIT 0x8080808080808080ull
static uint64_t nan_bytes(const uint8_t *p)
{
    uint64_t w;
    memcpy(&w, p, sizeof w);
    return (w & 0x7F7F7F7F7F7F7F7Full) + 0x0101010101010101ull;
}

/* The sum of products of E4M3 lanes i..i+7: two chains for the adders. */
static int64_t dot8(const uint8_t *a, const uint8_t *b)
{
    int64_t s0 = (int64_t)e4m3_grid[a[0]] * e4m3_grid[b[0]]
               + (int64_t)e4m3_grid[a[1]] * e4m3_grid[b[1]]
               + (int64_t)e4m3_grid[a[2]] * e4m3_grid[b[2]]
               + (int64_t)e4m3_grid[a[3]] * e4m3_grid[b[3]];
    int64_t s1 = (int64_t)e4m3_grid[a[4]] * e4m3_grid[b[4]]
               + (int64_t)e4m3_grid[a[5]] * e4m3_grid[b[5]]
               + (int64_t)e4m3_grid[a[6]] * e4m3_grid[b[6]]
               + (int64_t)e4m3_grid[a[7]] * e4m3_grid[b[7]];
    return s0 + s1;
}

/* The E4M3 x E4M3 reduce (the hot path), static so that mx_dot can inline
 * it: under -fPIC the compiler may not inline an exported function (it
 * could be interposed). |sum| < k * 2^36 <= 2^48. */
static void reduce(size_t k, const uint8_t *a, const uint8_t *b, mx_block_sum *s)
{
    int64_t sum = 0;
    uint64_t nan = 0;
    unsigned nonzero = 0, zero_pos = 0, zero_neg = 0;
    size_t i = 0;
    for (; i + 8 <= k; i += 8) {
        sum += dot8(a + i, b + i);
        nan |= nan_bytes(a + i) | nan_bytes(b + i);
    }
    nan &= NAN_BYTES_HIT;
    for (; i < k; i++) {
        sum += (int64_t)e4m3_grid[a[i]] * e4m3_grid[b[i]];
        nan |= (uint64_t)(mx_e4m3_is_nan(a[i]) | mx_e4m3_is_nan(b[i]));
    }
    if (sum != 0) {
        nonzero = 1;
    } else {
        for (i = 0; i < k; i++) {
            unsigned zero = ((a[i] & 0x7Fu) == 0) | ((b[i] & 0x7Fu) == 0);
            unsigned neg = ((a[i] ^ b[i]) >> 7) & 1u;
            nonzero |= zero ^ 1u;
            zero_pos |= zero & (neg ^ 1u);
            zero_neg |= zero & neg;
        }
    }
    s->nan = nan != 0;
    s->nonzero = (int)nonzero;
    s->zero_pos = (int)zero_pos;
    s->zero_neg = (int)zero_neg;
    s->sum = sum;
}

void mx_reduce(size_t k, const uint8_t *a, const uint8_t *b, mx_block_sum *s)
{
    if (!s)
        return;
    if (k > 0 && (!a || !b)) {
        memset(s, 0, sizeof *s);
        s->nan = 1;
        return;
    }
    reduce(k, a, b, s);
}

/* A pair whose sum fits an int64 (every pair but E5M2 x E5M2; bounds
 * above): one multiply-add per lane, two chains. */
static int64_t reduce_narrow(size_t n, const uint8_t *a, const uint8_t *b,
                             const int64_t *grid_a, const int64_t *grid_b)
{
    int64_t s0 = 0, s1 = 0;
    size_t i = 0;
    for (; i + 2 <= n; i += 2) {
        s0 += grid_a[a[i]] * grid_b[b[i]];
        s1 += grid_a[a[i + 1]] * grid_b[b[i + 1]];
    }
    if (i < n)
        s0 += grid_a[a[i]] * grid_b[b[i]];
    return s0 + s1;
}

/* E5M2 x E5M2 (n <= 4096): each product's magnitude fits a uint64; its
 * upper and lower 32-bit halves are summed apart (each sum below 2^44, no
 * carry to propagate per lane) and joined once: S = H * 2^32 + L. */
static wide reduce_wide(size_t n, const uint8_t *a, const uint8_t *b)
{
    const int64_t *grid = elem_grid[MX_FMT_E5M2];
    int64_t hi = 0, lo = 0;
    size_t i;
    for (i = 0; i < n; i++) {
        int64_t ga = grid[a[i]], gb = grid[b[i]];
        uint64_t p = (uint64_t)(ga < 0 ? -ga : ga) * (uint64_t)(gb < 0 ? -gb : gb);
        int64_t neg = -(int64_t)((ga ^ gb) < 0);     /* 0 or -1 */
        hi += ((int64_t)(p >> 32) ^ neg) - neg;
        lo += ((int64_t)(p & 0xFFFFFFFFu) ^ neg) - neg;
    }
    return wide_add(wide_shift_left(wide_from_i64(hi), 32), wide_from_i64(lo));
}

/* Whether any of n elements of fmt is a NaN or an infinity (only E4M3 and
 * E5M2 have them), eight at a time. */
static int any_special(unsigned fmt, size_t n, const uint8_t *x)
{
    uint64_t hit = 0;
    size_t i = 0;
    if (fmt == MX_FMT_E4M3) {
        for (; i + 8 <= n; i += 8)
            hit |= nan_bytes(x + i);
        hit &= NAN_BYTES_HIT;
        for (; i < n; i++)
            hit |= (uint64_t)E4M3_SPECIAL(x[i]);
    } else if (fmt == MX_FMT_E5M2) {                 /* exponent field 31 */
        for (; i + 8 <= n; i += 8) {
            uint64_t w;
            memcpy(&w, x + i, sizeof w);
            hit |= ((w & 0x7C7C7C7C7C7C7C7Cull) + 0x0404040404040404ull)
                   & 0x8080808080808080ull;
        }
        for (; i < n; i++)
            hit |= (uint64_t)E5M2_SPECIAL(x[i]);
    }
    return hit != 0;
}

/* What the special cases need to know of one element: its kind. Only E4M3
 * (S.1111.111 NaN) and E5M2 (exponent field 31: Inf if m = 0, else NaN)
 * have special codes; a finite element is a zero when its grid value is. */
enum { KIND_FINITE = 0, KIND_ZERO = 1, KIND_INF = 2, KIND_NAN = 3 };
static unsigned elem_kind(unsigned fmt, uint8_t x)
{
    if (fmt == MX_FMT_E4M3 && E4M3_SPECIAL(x))
        return KIND_NAN;
    if (fmt == MX_FMT_E5M2 && E5M2_SPECIAL(x))
        return (x & 3u) ? KIND_NAN : KIND_INF;
    return elem_grid[fmt][x] == 0 ? KIND_ZERO : KIND_FINITE;
}

/* The NaN and infinity summary of a run that holds some special element
 * (SPEC section 2 rules 1 and 2): a NaN; the signs of the infinite
 * products; an infinity times a zero. */
static unsigned specials_summary(unsigned fa, unsigned fb, size_t n,
                                 const uint8_t *a, const uint8_t *b)
{
    unsigned state = 0, sign_a = mx_format_bits(fa) - 1,
             sign_b = mx_format_bits(fb) - 1;
    size_t i;
    for (i = 0; i < n; i++) {
        unsigned ka = elem_kind(fa, a[i]), kb = elem_kind(fb, b[i]);
        unsigned neg = ((unsigned)(a[i] >> sign_a) ^ (unsigned)(b[i] >> sign_b)) & 1u;
        if (ka == KIND_NAN || kb == KIND_NAN)
            state |= GS_NAN;
        else if (ka == KIND_INF || kb == KIND_INF)
            state |= ka == KIND_ZERO || kb == KIND_ZERO ? GS_INF_ZERO
                   : neg ? GS_NEG_INF : GS_POS_INF;
    }
    return state;
}

/* The zero summary of a run whose products sum to zero (SPEC section 2
 * rule 3): whether some product is not zero (they cancelled), and the
 * signs of the zero products, sign(a) xor sign(b) (INT8's zero is +0). */
static unsigned zero_summary(unsigned fa, unsigned fb, size_t n,
                             const uint8_t *a, const uint8_t *b)
{
    const int64_t *grid_a = elem_grid[fa], *grid_b = elem_grid[fb];
    unsigned state = 0, sign_a = mx_format_bits(fa) - 1,
             sign_b = mx_format_bits(fb) - 1;
    size_t i;
    for (i = 0; i < n; i++) {
        int zero = grid_a[a[i]] == 0 || grid_b[b[i]] == 0;
        unsigned neg = ((unsigned)(a[i] >> sign_a) ^ (unsigned)(b[i] >> sign_b)) & 1u;
        state |= !zero ? GS_NONZERO : neg ? GS_ZERO_NEG : GS_ZERO_POS;
    }
    return state;
}

/* Reduce a run of n <= MX_K_MAX element pairs of valid formats into *s:
 * the run's exact sum is added to s->sum (on the pair's grid), its summary
 * ORed into s->state. Summaries OR and sums add, so a group reduced in any
 * number of runs gives the same *s as in one: mx_group_* relies on it. */
static void reduce_run(unsigned fa, unsigned fb, size_t n, const uint8_t *a,
                       const uint8_t *b, group_sum *s)
{
    wide run;
    unsigned state = 0;
    if (fa == MX_FMT_E4M3 && fb == MX_FMT_E4M3) {
        mx_block_sum bs;
        reduce(n, a, b, &bs);
        run = wide_from_i64(bs.sum);
        state = (bs.nan ? GS_NAN : 0u) | (bs.nonzero ? GS_NONZERO : 0u)
              | (bs.zero_pos ? GS_ZERO_POS : 0u) | (bs.zero_neg ? GS_ZERO_NEG : 0u);
    } else {
        if (fa == MX_FMT_E5M2 && fb == MX_FMT_E5M2)
            run = reduce_wide(n, a, b);
        else
            run = wide_from_i64(reduce_narrow(n, a, b, elem_grid[fa], elem_grid[fb]));
        if (any_special(fa, n, a) || any_special(fb, n, b))
            state = specials_summary(fa, fb, n, a, b);
        state |= wide_is_zero(run) ? zero_summary(fa, fb, n, a, b) : GS_NONZERO;
    }
    s->sum = wide_add(s->sum, run);
    s->state |= state;
}

/* Stage 3, scale: 2^(xa-127) * 2^(xb-127) only moves the binary point of
 * the group sum: an exponent adder, never a multiplier. */
int mx_scale_exp(uint8_t xa, uint8_t xb)
{
    return mx_ue8m0_exp(xa) + mx_ue8m0_exp(xb) - 18;
}

/* The exponent of the group sum's LSB for a format pair. */
static int scale_exp_fmt(unsigned fa, unsigned fb, uint8_t xa, uint8_t xb)
{
    return mx_ue8m0_exp(xa) + mx_ue8m0_exp(xb) + elem_grid_exp[fa] + elem_grid_exp[fb];
}

/* Stage 4, accumulate, and stage 5, normalize and round. */

/* The sign of an exact zero result (SPEC section 2.3). */
static uint32_t exact_zero(const mx_block_sum *s, unsigned c_sign, unsigned rm)
{
    uint32_t cancel = rm == MX_RDN ? 0x80000000u : 0u;
    if (s->nonzero)                       /* non-zero products cancelled */
        return cancel;
    if (c_sign && !s->zero_pos)           /* every term a negative zero */
        return 0x80000000u;
    if (!c_sign && !s->zero_neg)          /* every term a positive zero */
        return 0u;
    return cancel;                        /* zeros of both signs */
}

/* m * 2^shift (m < 2^63, shift <= 63 - bit_length(m)): shifted left
 * exactly, or right with the bits that fall out jammed into bit 0 (a sticky
 * bit; see window_sum). Branch-free: the shift is random from group to
 * group. */
static uint64_t shift_jam(uint64_t m, int shift)
{
    int left = shift > 0 ? shift : 0, right = -shift;
    right = right < 0 ? 0 : right;
    right = right > 63 ? 63 : right;
    uint64_t lost = m & (((uint64_t)1 << right) - 1);
    return (m << left) >> right | (uint64_t)(lost != 0);
}

/* sum * 2^exp + (-1)^c_sign * c_sig * 2^c_exp (sum != 0, |sum| < 2^48,
 * c_sig < 2^24) as x * 2^*lsb, x a signed 64-bit integer: the term with the
 * higher MSB goes to bit 61, the other is aligned to it, and when bits of
 * the lower one fall below bit 0, the part of it below bit 1 (worth
 * strictly between 0 and 2 units) becomes 1 (a jam, or sticky bit). Bits
 * are lost only when the lower term lies wholly below bit 47, so |x| keeps
 * its MSB at bit 60 or above and every rounding point is at bit 37 or
 * above; the true sum and the jammed one lie strictly between the same two
 * even integers, so the jam decides inexactness and the direction of every
 * rounding exactly as the true tail would. Otherwise x is the exact sum.
 * |x| < 2^63: no overflow. A zero c adds 0. */
static int64_t window_sum(int64_t sum, int exp, unsigned c_sign,
                          uint32_t c_sig, int c_exp, int *lsb)
{
    uint64_t mag = sum < 0 ? (uint64_t)0 - (uint64_t)sum : (uint64_t)sum;
    int top = exp + bit_length(mag);              /* just above the MSB */
    int c_top = c_sig ? c_exp + bit_length(c_sig) : top;
    int64_t block_part, c_part;
    *lsb = (top > c_top ? top : c_top) - 62;
    block_part = (int64_t)shift_jam(mag, exp - *lsb);
    c_part = c_sig ? (int64_t)shift_jam(c_sig, c_exp - *lsb) : 0;
    return (sum < 0 ? -block_part : block_part)
         + (c_sign ? -c_part : c_part);
}

/* A non-negative a * 2^shift, exact to the left (shift < 128 - bit length),
 * with a jam to the right. */
static wide wide_align(wide a, int shift)
{
    return shift >= 0 ? wide_shift_left(a, shift) : wide_shift_right_jam(a, -shift);
}

/* window_sum in 128 bits, for a group sum too wide for its 64-bit window
 * (|sum| < 2^64 from an int64, < 2^76 from E5M2 x E5M2; sum != 0): the
 * value as (-1)^*sign * *sig * 2^*lsb with *sig < 2^63, or 0 for an exact
 * cancellation; round_wide_sum rounds it once.
 * The term with the higher MSB goes to bit 125 (its at most 77 bits stay
 * exact), the other is aligned to it with a jam. Bits are lost only when
 * the lower term lies wholly below bit 77, so the sum's MSB is then at bit
 * 124 or above and every rounding point at bit 101 or above; the jam argument
 * of window_sum holds as it is. The sum (< 2^127) is then brought to 63
 * significant bits with a second jam: the true, the first and the second
 * value all lie strictly between the same two multiples of 2^(shift+1) <=
 * 2^65, none of them a rounding boundary (multiples of 2^100), so the
 * rounding and the flags are those of the exact sum. */
static int wide_window_value(wide sum, int exp, unsigned c_sign,
                             uint32_t c_sig, int c_exp, unsigned *sign,
                             uint64_t *sig, int *lsb)
{
    int neg = wide_is_neg(sum), n;
    wide mag = neg ? wide_neg(sum) : sum, x;
    int top = exp + wide_bit_length(mag);
    int c_top = c_sig ? c_exp + bit_length(c_sig) : top;
    *lsb = (top > c_top ? top : c_top) - 126;
    x = wide_align(mag, exp - *lsb);
    if (neg)
        x = wide_neg(x);
    if (c_sig) {
        wide c_part = wide_align(wide_from_u64(c_sig), c_exp - *lsb);
        x = wide_add(x, c_sign ? wide_neg(c_part) : c_part);
    }
    if (wide_is_zero(x))                  /* exact cancellation */
        return 0;
    neg = wide_is_neg(x);
    if (neg)
        x = wide_neg(x);
    n = wide_bit_length(x);
    if (n > 63) {
        x = wide_shift_right_jam(x, n - 63);
        *lsb += n - 63;
    }
    *sign = (unsigned)neg;
    *sig = x.lo;
    return 1;
}

static uint32_t round_wide_sum(wide sum, int exp, unsigned c_sign,
                               uint32_t c_sig, int c_exp, unsigned rm,
                               unsigned *flags)
{
    unsigned sign;
    uint64_t sig;
    int lsb;
    if (!wide_window_value(sum, exp, c_sign, c_sig, c_exp, &sign, &sig, &lsb))
        return rm == MX_RDN ? 0x80000000u : 0u;
    return f32_round_pack(sign, sig, lsb, rm, flags);
}

/* The E4M3 accumulate: c + s->sum * 2^exp rounded once, for |s->sum| <
 * 2^48 (mx_reduce's range) and |exp| <= 1000. Only the finite cases. */
static uint32_t accumulate_round(const mx_block_sum *s, int exp, uint32_t c,
                                 unsigned rm, unsigned *flags)
{
    unsigned c_sign;
    uint32_t c_sig;
    int c_exp, lsb;
    int64_t x;
    if (!f32_decode(c, &c_sign, &c_sig, &c_exp))
        return c;             /* Inf, NaN: mx_dot answers them before this */
    if (s->sum == 0)                      /* c alone: already binary32 */
        return c_sig ? c : exact_zero(s, c_sign, rm);
    x = window_sum(s->sum, exp, c_sign, c_sig, c_exp, &lsb);
    if (x == 0)                           /* exact cancellation */
        return rm == MX_RDN ? 0x80000000u : 0u;
    return f32_round_pack(x < 0, x < 0 ? (uint64_t)0 - (uint64_t)x
                                       : (uint64_t)x, lsb, rm, flags);
}

/* Any group sum: through the 64-bit window when it fits (every E4M3 group
 * does, so mx_dot and the formats path share it bit for bit), else the
 * 128-bit one. zeros: the GS_* zero summary. */
static uint32_t accumulate_round_any(wide sum, unsigned zeros, int exp,
                                     uint32_t c, unsigned rm, unsigned *flags)
{
    unsigned c_sign;
    uint32_t c_sig;
    int c_exp;
    if (wide_fits_48(sum)) {
        mx_block_sum s;
        s.nan = 0;
        s.nonzero = (zeros & GS_NONZERO) != 0;
        s.zero_pos = (zeros & GS_ZERO_POS) != 0;
        s.zero_neg = (zeros & GS_ZERO_NEG) != 0;
        s.sum = (int64_t)sum.lo;
        return accumulate_round(&s, exp, c, rm, flags);
    }
    if (!f32_decode(c, &c_sign, &c_sig, &c_exp))
        return c;
    return round_wide_sum(sum, exp, c_sign, c_sig, c_exp, rm, flags);
}

uint32_t mx_accumulate_round(const mx_block_sum *s, int exp, uint32_t c,
                             unsigned rm, unsigned *flags)
{
    unsigned ignored = 0;
    if (!flags)
        flags = &ignored;
    if (!s || rm > MX_RMM) {
        *flags |= MX_FLAG_NV;
        return MX_F32_QNAN;
    }
    exp = clamp_exp(exp);
    if (s->sum > -((int64_t)1 << 48) && s->sum < ((int64_t)1 << 48))
        return accumulate_round(s, exp, c, rm, flags);
    return accumulate_round_any(wide_from_i64(s->sum), GS_NONZERO, exp, c, rm,
                                flags);
}

/* ------------------------------------------------------------------------ */
/* The special cases and the whole group (SPEC section 2, rules 0 to 4)      */
/* ------------------------------------------------------------------------ */

/* A group's header, as given with its first beat. */
typedef struct {
    unsigned fa, fb, rm;
    uint8_t  xa, xb;
    uint32_t c;
} group_header;

static int header_reserved(const group_header *h)
{
    return h->rm > MX_RMM || h->fa >= MX_FMT_COUNT || h->fb >= MX_FMT_COUNT;
}

/* Rules 0 to 2 for a group of `count` reduced products: the rule (0, 1 or
 * 2) that decides it, with *d and *flags (written); or 3 when its value is
 * finite and rules 3 and 4 decide (*d, *flags untouched). */
static int special_rule(const group_header *h, size_t count,
                        const group_sum *s, uint32_t *d, unsigned *flags)
{
    unsigned inf = s->state & (GS_POS_INF | GS_NEG_INF);
    /* rule 0, and a group the operation is not defined on */
    if (header_reserved(h) || count == 0 || count > MX_K_MAX
        || (s->state & GS_POISON)) {
        *d = MX_F32_QNAN;
        *flags = MX_FLAG_NV;
        return 0;
    }
    /* rule 1: NaN first (an Inf x 0 beside a NaN raises nothing), then
     * invalid */
    if ((s->state & GS_NAN) || mx_ue8m0_is_nan(h->xa) || mx_ue8m0_is_nan(h->xb)
        || mx_f32_is_nan(h->c)) {
        *d = MX_F32_QNAN;
        *flags = mx_f32_is_snan(h->c) ? MX_FLAG_NV : 0u;
        return 1;
    }
    if ((s->state & GS_INF_ZERO) || inf == (GS_POS_INF | GS_NEG_INF)
        || (mx_f32_is_inf(h->c) && (inf & (mx_f32_sign(h->c) ? GS_POS_INF
                                                              : GS_NEG_INF)))) {
        *d = MX_F32_QNAN;
        *flags = MX_FLAG_NV;
        return 1;
    }
    /* rule 2: one infinity, of one sign */
    if (inf || mx_f32_is_inf(h->c)) {
        *d = inf == GS_POS_INF ? 0x7F800000u : inf ? 0xFF800000u : h->c;
        *flags = 0;
        return 2;
    }
    return 3;
}

/* d and *flags (written) for a group of `count` reduced products. */
static uint32_t group_finish(const group_header *h, size_t count,
                             const group_sum *s, unsigned *flags)
{
    uint32_t d;
    *flags = 0;
    if (special_rule(h, count, s, &d, flags) < 3)
        return d;
    return accumulate_round_any(s->sum, s->state,
                                scale_exp_fmt(h->fa, h->fb, h->xa, h->xb),
                                h->c, h->rm, flags);
}

/* The E4M3 x E4M3 group in one call on the integer definition, kept as
 * lean as it was before formats existed (mx_dot_fmt_ref hands this pair
 * here). The same stages and results as group_finish. */
uint32_t mx_dot_ref(size_t k, const uint8_t *a, const uint8_t *b, uint8_t xa,
                    uint8_t xb, uint32_t c, unsigned rm, unsigned *flags)
{
    mx_block_sum s;
    unsigned fl = 0;
    uint32_t d;
    if (rm > MX_RMM || k == 0 || k > MX_K_MAX || !a || !b) {
        d = MX_F32_QNAN;                  /* reserved mode or bad group */
        fl = MX_FLAG_NV;
    } else {
        reduce(k, a, b, &s);
        if (s.nan || mx_ue8m0_is_nan(xa) || mx_ue8m0_is_nan(xb)
            || mx_f32_is_nan(c)) {
            d = MX_F32_QNAN;
            fl = mx_f32_is_snan(c) ? MX_FLAG_NV : 0u;
        } else if (mx_f32_is_inf(c)) {
            d = c;                        /* the group term is finite */
        } else {
            d = accumulate_round(&s, mx_scale_exp(xa, xb), c, rm, &fl);
        }
    }
    if (flags)
        *flags = fl;
    return d;
}

uint32_t mx_dot_fmt_ref(size_t k, const uint8_t *a, const uint8_t *b,
                        unsigned fa, unsigned fb, uint8_t xa, uint8_t xb,
                        uint32_t c, unsigned rm, unsigned *flags)
{
    group_header h;
    group_sum s;
    unsigned fl;
    uint32_t d;
    if (fa == MX_FMT_E4M3 && fb == MX_FMT_E4M3)
        return mx_dot_ref(k, a, b, xa, xb, c, rm, flags);
    h.fa = fa; h.fb = fb; h.rm = rm; h.xa = xa; h.xb = xb; h.c = c;
    s.sum = wide_from_i64(0);
    s.state = k > 0 && (!a || !b) ? GS_POISON : 0u;
    if (!header_reserved(&h) && k > 0 && k <= MX_K_MAX && !s.state)
        reduce_run(fa, fb, k, a, b, &s);
    d = group_finish(&h, k, &s, &fl);
    if (flags)
        *flags = fl;
    return d;
}

/* ------------------------------------------------------------------------ */
/* The fast path                                                             */
/* ------------------------------------------------------------------------ */

/* mx_dot, mx_dot_fmt and mx_dot_batch take this path for the pairs without
 * E5M2 (E5M2 pairs keep the integer definition: their products reach
 * 2^-32 .. 2^32 and their sums 77 bits). The definition above stays what
 * the results are defined by; this path gets the same results faster, and
 * tests/test_fast.c compares the two on tens of millions of groups:
 *   - the group sum in floating point instead of int64 (the same value):
 *     binary64 table lookups (portable), or AVX-512 (chosen at run time);
 *   - c + sum * 2^exp added in binary64 when that sum is exact there (or,
 *     when the terms lie far apart, the lower one replaced by a jam), and
 *     rounded to binary32 by integer operations on the binary64's bits,
 *     written without branches that the data decides (fast_round,
 *     round_f64);
 *   - the rare rest (terms overlapping by too many bits, a result at
 *     2^-127) handed to the definition's accumulate_round and
 *     f32_round_pack.
 *
 * Why floating point gives the exact sum. Each element is held as its
 * value in units of 2^-9 (E4M3's grid, the finest of E4M3, E3M2, E2M3,
 * E2M1 and INT8, whose grids are 2^-9, 2^-4, 2^-3, 2^-1 and 2^-6): an
 * integer of magnitude at most 448 * 2^9 < 2^18 with at most 7 significant
 * bits (4 for the floating-point formats, 7 for INT8), exact in a binary32
 * and a binary64. The product of two of them is an integer below 2^36
 * (448^2 * 2^18; the other pairs are smaller) with at most 7 + 7 = 14
 * significant bits: exact in a binary32 (24 bits) and a binary64, and it is
 * the product on the grid 2^-18, the definition's int64 product; a
 * binary32 product converts exactly to an int64 too. Every partial sum of
 * at most MX_K_MAX = 2^12 such products, in any order and any grouping, is
 * an integer of magnitude below 2^12 * 2^36 = 2^48 < 2^53: representable in
 * a binary64, so a binary64 addition of two of them, whose exact sum is
 * such a partial sum, returns it exactly; no addition ever rounds, whatever
 * the order, the unrolling or the vector width. So the sum equals the
 * definition's, independently of the host's rounding mode, of FTZ/DAZ
 * (every non-zero value is at least 1, never subnormal) and of x87 excess
 * precision (wider is still exact); no operation is inexact or invalid, so
 * the caller's floating-point flags are left as they were.
 * Only the sign of a zero sum depends on the order and the rounding mode:
 * a zero sum is never trusted for its sign, the zero summary is taken from
 * the codes, as the definition does. */

/* Whether a format pair takes the fast path. */
static int fast_pair(unsigned fa, unsigned fb)
{
    return fa < MX_FMT_COUNT && fb < MX_FMT_COUNT
        && fa != MX_FMT_E5M2 && fb != MX_FMT_E5M2;
}

/* -- the portable sum: binary64 table lookups -- */

/* The value of every code in units of 2^-9, from the definition's grid
 * values; NaN codes (E4M3 S.1111.111) are a quiet NaN, which propagates
 * through every product and sum (no element is infinite, so no other NaN
 * arises): a NaN sum means a NaN element, with no separate scan. */
#define UNITS_E4M3(x) (E4M3_SPECIAL(x) ? (double)NAN : (double)FP_GRID(x, 4, 3))
#define UNITS_E3M2(x) ((double)(GRID_E3M2(x) * 32))    /* 2^-4 = 32 units */
#define UNITS_E2M3(x) ((double)(GRID_E2M3(x) * 64))    /* 2^-3 */
#define UNITS_E2M1(x) ((double)(GRID_E2M1(x) * 256))   /* 2^-1 */
#define UNITS_INT8(x) ((double)(GRID_INT8(x) * 8))     /* 2^-6 */
#define UNITS_NONE(x) ((double)NAN)                    /* E5M2: never read */
#define UNITS4(G, x)  G(x), G((x) + 1), G((x) + 2), G((x) + 3)
#define UNITS16(G, x) UNITS4(G, x), UNITS4(G, (x) + 4), UNITS4(G, (x) + 8), UNITS4(G, (x) + 12)
#define UNITS64(G, x) UNITS16(G, x), UNITS16(G, (x) + 16), UNITS16(G, (x) + 32), UNITS16(G, (x) + 48)
#define UNITS256(G)   { UNITS64(G, 0), UNITS64(G, 64), UNITS64(G, 128), UNITS64(G, 192) }
static const double elem_units[MX_FMT_COUNT][256] = {
    UNITS256(UNITS_E4M3), UNITS256(UNITS_NONE), UNITS256(UNITS_E3M2),
    UNITS256(UNITS_E2M3), UNITS256(UNITS_E2M1), UNITS256(UNITS_INT8)
};

/* The group sum in units of 2^-18, NaN if an element is NaN. Eight codes
 * of each operand are read as one 64-bit word and taken apart with shifts
 * (a load per code would make the loads the bottleneck); four chains of
 * adds overlap. The byte order of the word does not matter: a and b are
 * taken apart alike. */
static double dot_units_scalar(size_t k, const uint8_t *a, const uint8_t *b,
                               unsigned fa, unsigned fb)
{
    const double *units_a = elem_units[fa], *units_b = elem_units[fb];
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    size_t i = 0;
    for (; i + 8 <= k; i += 8) {
        uint64_t wa, wb;
        memcpy(&wa, a + i, sizeof wa);
        memcpy(&wb, b + i, sizeof wb);
        s0 += units_a[wa & 0xFF] * units_b[wb & 0xFF];
        s1 += units_a[(wa >> 8) & 0xFF] * units_b[(wb >> 8) & 0xFF];
        s2 += units_a[(wa >> 16) & 0xFF] * units_b[(wb >> 16) & 0xFF];
        s3 += units_a[(wa >> 24) & 0xFF] * units_b[(wb >> 24) & 0xFF];
        s0 += units_a[(wa >> 32) & 0xFF] * units_b[(wb >> 32) & 0xFF];
        s1 += units_a[(wa >> 40) & 0xFF] * units_b[(wb >> 40) & 0xFF];
        s2 += units_a[(wa >> 48) & 0xFF] * units_b[(wb >> 48) & 0xFF];
        s3 += units_a[wa >> 56] * units_b[wb >> 56];
    }
    for (; i < k; i++)
        s0 += units_a[a[i]] * units_b[b[i]];
    return (s0 + s1) + (s2 + s3);
}

/* -- the accumulate and the rounding -- */

/* The larger of two ints (a plain conditional; the exponents it compares
 * decide only predictable branches). */
MX_INLINE int max_int(int a, int b)
{
    return a > b ? a : b;
}

/* 2^e as a binary64, for -1022 <= e <= 1023 (built from its bits). */
MX_INLINE double pow2(int e)
{
    uint64_t bits = (uint64_t)(e + 1023) << 52;
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

MX_INLINE uint64_t f64_bits(double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    return bits;
}

/* The sign of an exact zero result (SPEC section 2 rule 3), as exact_zero
 * gives it: state holds the zero summary, c_neg the sign of a zero c. */
MX_INLINE uint32_t fast_zero(unsigned state, unsigned c_neg, unsigned rm)
{
    unsigned cancel = rm == MX_RDN, only_zeros = (state & GS_NONZERO) == 0;
    unsigned all_neg = only_zeros & c_neg & ((state & GS_ZERO_POS) == 0);
    unsigned all_pos = only_zeros & (c_neg ^ 1u) & ((state & GS_ZERO_NEG) == 0);
    return (uint32_t)(all_neg | ((all_pos ^ 1u) & cancel)) << 31;
}

/* What rounding adds below the quantum of a normal result, for round_f64
 * (29 bits are dropped), by mode: for a positive and a negative value
 * (half a quantum in the nearest modes, a quantum less one in the mode
 * that rounds this sign away from zero, nothing toward zero), and 1 where
 * a tie goes to even. Reserved modes never get here. */
#define HALF_Q ((uint64_t)1 << 28)
static const uint64_t round_inc29[8][3] = {
    { HALF_Q, HALF_Q, 1 },               /* RNE */
    { 0, 0, 0 },                         /* RTZ */
    { 0, 2 * HALF_Q - 1, 0 },            /* RDN */
    { 2 * HALF_Q - 1, 0, 0 },            /* RUP */
    { HALF_Q, HALF_Q, 0 },               /* RMM */
    { 0, 0, 0 }, { 0, 0, 0 }, { 0, 0, 0 }
};

/* round_f64 for a result in the subnormal range: the MSB of m (53 bits) at
 * 2^-126-extra, extra 2..24, so 29 + extra bits below the quantum 2^-149;
 * such a value is tiny however it rounds (UF with NX). The increment is
 * the normal one scaled up by 2^extra (a quantum less one stays one). */
MX_INLINE uint32_t round_f64_subnormal(unsigned neg, uint64_t m, int extra,
                                       unsigned rm, unsigned *flags)
{
    int drop = 29 + extra;
    uint64_t inc29 = round_inc29[rm & 7][neg], low = ((uint64_t)1 << extra) - 1;
    uint64_t rest = m & (((uint64_t)1 << drop) - 1), half = (uint64_t)1 << (drop - 1);
    uint64_t q = (m + ((inc29 << extra) | (low & ((uint64_t)0 - (inc29 & 1))))) >> drop;
    q &= ~(round_inc29[rm & 7][2] & (((rest ^ half) - 1) >> 63));   /* tie: even */
    *flags |= (MX_FLAG_UF | MX_FLAG_NX) & (0u - (unsigned)((rest | ((uint64_t)0 - rest)) >> 63));
    return neg << 31 | (uint32_t)q;
}

/* v * 2^exp (v a non-zero normal binary64, exp an int that keeps the
 * exponent in range) rounded once to binary32 in mode rm, with
 * f32_round_pack's results and flags (ORed into *flags). Its significand m
 * (53 bits, the hidden bit set) and the exponent of its MSB come straight
 * from v's bits. A value with its MSB at 2^-126 .. 2^127 rounds to a
 * normal result or overflows, dropping exactly 29 bits: add the mode's
 * increment below the quantum, truncate, clear the last bit of a tie under
 * RNE, add the exponent field below the significand (a carry out of it
 * runs into the field), as f32_round_one_pass does. At 2^128 or more it
 * overflows; below 2^-150 it is below half the smallest subnormal (0 or
 * the smallest subnormal by the mode, UF and NX). Between, the result is
 * subnormal (round_f64_subnormal), but for an MSB at 2^-127, left to the
 * definition, f32_round_pack: there tininess after rounding needs a second
 * rounding, at 24 bits. The comparisons on the common path are arithmetic
 * on purpose: a comparison becomes a flag-to-register move that writes part
 * of a register and so waits for whatever the caller last left there (its
 * previous result, typically). */
MX_INLINE uint32_t round_f64(double v, int exp, unsigned rm, unsigned *flags)
{
    uint64_t bits = f64_bits(v), m, rest, q;
    unsigned neg = (unsigned)(bits >> 63);
    int top = (int)((bits >> 52) & 0x7FF) - 1023 + exp;   /* exponent of the MSB */
    m = (bits & (((uint64_t)1 << 52) - 1)) | (uint64_t)1 << 52;
    if (top < -126 || top > 127) {
        if (top > 127)                        /* 2^128 or more */
            return f32_overflow(neg, rm, flags);
        if (top < -150) {                     /* below half the smallest subnormal */
            *flags |= MX_FLAG_UF | MX_FLAG_NX;
            return neg << 31 | (uint32_t)(round_inc29[rm & 7][neg] == 2 * HALF_Q - 1);
        }
        if (top == -127)                      /* tininess needs a second rounding */
            return f32_round_pack(neg, m, top - 52, rm, flags);
        return round_f64_subnormal(neg, m, -126 - top, rm, flags);
    }
    rest = m & (2 * HALF_Q - 1);
    q = (m + round_inc29[rm & 7][neg]) >> 29;
    /* a tie under RNE goes to even */
    q &= ~(round_inc29[rm & 7][2] & (((rest ^ HALF_Q) - 1) >> 63));
    q += (uint64_t)(top + 126) << 23;
    if (q >= 0x7F800000u)                     /* rounded up to 2^128 */
        return f32_overflow(neg, rm, flags);
    *flags |= (unsigned)((rest | ((uint64_t)0 - rest)) >> 63);          /* NX */
    return neg << 31 | (uint32_t)q;
}

/* A power of two as a binary64 with the sign of x. */
MX_INLINE double pow2_signed(int e, double x)
{
    uint64_t bits = f64_bits(pow2(e)) | (f64_bits(x) & (uint64_t)1 << 63);
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

/* The number of trailing zero bits of x != 0. */
MX_INLINE int trailing_zeros(uint64_t x)
{
#if defined(__GNUC__)
    return __builtin_ctzll(x);
#else
    int n = 0;
    while (!(x & 1)) {
        x >>= 1;
        n++;
    }
    return n;
#endif
}

/* c + units * 2^exp rounded once to binary32 in mode rm, with
 * accumulate_round's results and flags (ORed into *flags): c finite; units
 * the group sum (an integer below 2^48 in magnitude, a binary64);
 * -300 < exp < 300; state: the zero summary of the group, read when the sum
 * and c are both zero.
 *
 * The work is done scaled by 2^-exp: the group term is units, c is
 * c * 2^-exp (a binary32 scaled within the binary64 normal range: exact),
 * and exp goes back into the exponent when rounding. Each term's set bits
 * lie from its lowest one, 2^t_low and 2^c_low, up to below 2^t_top and
 * 2^c_top. The two terms are added in binary64 when the sum is exact
 * there: their exact sum, a multiple of 2^min(t_low, c_low) below
 * 2^(max(t_top, c_top) + 1), takes at most max(...) + 1 - min(...) bits;
 * with 53 or fewer it is a binary64 and the addition returns it exactly, in
 * any rounding mode, raising nothing. A zero term is always exact.
 *
 * When the terms lie far apart, the lower one counts only for the way the
 * sum rounds, and is replaced by a jam, as window_sum does: if one term is
 * a multiple of 2^j, the other is below 2^(j-2) in magnitude, and every
 * point where a rounding of the sum changes (half-quanta at 24 bits and at
 * the delivered precision, binade boundaries, 2^-126, 2^128) is a multiple
 * of 2^(j-2), then the sum and the sum with the lower term replaced by
 * 2^(j-3) of its sign lie strictly between the same two multiples of
 * 2^(j-2), and round alike, with the same flags. That holds
 *   - for c lower, j = min(t_low, t_top - 24), when |c| < 2^(j-2): the
 *     group term is a multiple of 2^j, and the sum's MSB is at t_top - 2
 *     or above, so its half-quanta at 24 bits are multiples of
 *     2^(t_top-26) (a subnormal sum's, 2^-150, too);
 *   - for the group term lower, j = c_exp (c's quantum), when its
 *     magnitude is below 2^(c_exp-2): the sum's MSB is at c_exp + 22 or
 *     above for a normal c, and c's quantum is the subnormal one for a
 *     subnormal c.
 * Either jammed sum spans at most 52 bits: exact. The rest (terms that
 * overlap by too many bits) goes to the definition, accumulate_round. */
MX_INLINE uint32_t fast_round(double units, unsigned state, int exp, uint32_t c,
                              unsigned rm, unsigned *flags)
{
    unsigned c_field = (c >> 23) & 0xFFu, c_neg = c >> 31;
    uint32_t c_sig = (c & 0x7FFFFFu) | (uint32_t)(c_field != 0) << 23;
    int c_exp = (int)c_field - 150 + (c_field == 0);
    double c_scaled = (double)((1 - 2 * (int32_t)c_neg) * (int32_t)c_sig) * pow2(c_exp - exp);
    uint64_t u_bits = f64_bits(units);
    int u_msb = (int)((u_bits >> 52) & 0x7FF) - 1023;     /* units: an integer */
    double v;
    if (units == 0 || c_sig == 0) {
        v = units + c_scaled;                         /* exact */
        if (v == 0)                                   /* an exact zero (rule 3) */
            return c_sig == 0 && units == 0 ? fast_zero(state, c_neg, rm)
                                            : (uint32_t)(rm == MX_RDN) << 31;
    } else {
        int t_top = exp + u_msb + 1;
        int t_low = t_top - 53 + trailing_zeros(u_bits | (uint64_t)1 << 52);
        int c_top = c_exp + (c_field ? 24 : bit_length(c_sig));
        int c_low = c_exp + trailing_zeros(c_sig);
        if (max_int(t_top, c_top) + 1 - (t_low < c_low ? t_low : c_low) <= 53) {
            v = units + c_scaled;                     /* exact */
            if (v == 0)                               /* cancelled */
                return (uint32_t)(rm == MX_RDN) << 31;
        } else if (c_top <= (t_low < t_top - 24 ? t_low : t_top - 24) - 2) {
            int j = t_low < t_top - 24 ? t_low : t_top - 24;
            v = units + pow2_signed(j - exp - 3, c_scaled);      /* c as a jam */
        } else if (t_top <= c_exp - 2) {
            v = pow2_signed(c_exp - exp - 3, units) + c_scaled;  /* the group term */
        } else {
            mx_block_sum s;
            s.nan = 0;
            s.sum = (int64_t)units;
            s.nonzero = 1;
            s.zero_pos = s.zero_neg = 0;
            return accumulate_round(&s, exp, c, rm, flags);
        }
    }
    return round_f64(v, exp, rm, flags);
}

/* SPEC section 2, rules 1 to 4, for a group of a fast pair whose sum is
 * known: units, the sum in units of 2^-18 (a binary64, exact); state:
 * GS_NAN (units meaningless then) and the zero summary (read only when the
 * sum is zero). Writes *flags. */
MX_INLINE uint32_t fast_finish(double units, unsigned state, uint8_t xa,
                               uint8_t xb, uint32_t c, unsigned rm,
                               unsigned *flags)
{
    *flags = 0;
    if ((state & GS_NAN) || mx_ue8m0_is_nan(xa) || mx_ue8m0_is_nan(xb)
        || mx_f32_is_nan(c)) {
        *flags = mx_f32_is_snan(c) ? MX_FLAG_NV : 0u;
        return MX_F32_QNAN;
    }
    if (mx_f32_is_inf(c))
        return c;                         /* the group term is finite */
    return fast_round(units, state, mx_ue8m0_exp(xa) + mx_ue8m0_exp(xb) - 18, c,
                      rm, flags);
}

/* A fast-pair group with the portable sum: valid formats and rm, 1 <= k
 * <= MX_K_MAX, a and b not NULL. Writes *flags. */
static uint32_t fast_group_portable(size_t k, const uint8_t *a,
                                    const uint8_t *b, unsigned fa, unsigned fb,
                                    uint8_t xa, uint8_t xb, uint32_t c,
                                    unsigned rm, unsigned *flags)
{
    double units = dot_units_scalar(k, a, b, fa, fb);
    unsigned state = units != units ? GS_NAN
                   : units == 0 && (c & 0x7FFFFFFFu) == 0 ? zero_summary(fa, fb, k, a, b)
                   : 0u;
    return fast_finish(units, state, xa, xb, c, rm, flags);
}

/* -- the SIMD sum: AVX-512, chosen at run time -- */

/* x86-64 with GCC or clang: the group sum also with AVX-512 (F, BW, VL, DQ,
 * VBMI), used when the CPU and the OS have it (simd_ok). Built without SIMD
 * when MX_NO_SIMD is defined (the tests build the library both ways, so
 * that both sums are checked on a machine that has it).
 *
 * 32 lanes a step. Each element becomes the bfloat16 (upper half of a
 * binary32) of its value in units, its two bytes looked up in registers in
 * tables of 128 bytes (vpermi2b; bfloat16's 8 significant bits hold the at
 * most 7 of a value); the bytes are interleaved into binary32 values,
 * multiplied there, converted to int64 and summed as integers (all exact,
 * above), and the total converted to binary64 (exact: below 2^48). The
 * zero summary comes from the same bytes (a bfloat16 keeps the sign of a
 * zero), so no second pass is needed. */
#if !defined(MX_NO_SIMD) && defined(__GNUC__) && defined(__x86_64__)
#define MX_SIMD 1
#include <immintrin.h>

/* bfloat16 bits of (-1)^neg * s * 2^e, 0 <= s <= 128 (a zero keeps its
 * sign): binary32 exponent field 127 + e + bit length of s - 1, then the
 * bits of s below its leading one. */
#define BITLEN8(s)    ((s) >= 128 ? 8 : (s) >= 64 ? 7 : (s) >= 32 ? 6 : (s) >= 16 ? 5 \
                       : (s) >= 8 ? 4 : (s) >= 4 ? 3 : (s) >= 2 ? 2 : 1)
#define BF16(neg, s, e) ((neg) << 15 | ((s) == 0 ? 0 : (126 + (e) + BITLEN8(s)) << 7 \
                                                   | (((s) << (8 - BITLEN8(s))) & 0x7F)))
/* The bfloat16 of codes 0..127 of a format, in units. E4M3: the magnitude
 * (its sign, bit 7, is applied apart; NaN codes give 0 and are found
 * apart); FP6, FP4: signed (the bits above the width are ignored by the
 * FP_* macros, so the table repeats); INT8: the magnitude i, i * 8 units
 * (looked up by |i|, the sign and -128 applied apart). */
#define BF16_E4M3(x) (E4M3_SPECIAL(x) ? 0 : BF16(0, FP_SIG(x, 4, 3), FP_SHIFT(x, 4, 3)))
#define BF16_E3M2(x) BF16(FP_NEG(x, 3, 2), FP_SIG(x, 3, 2), FP_SHIFT(x, 3, 2) + 5)
#define BF16_E2M3(x) BF16(FP_NEG(x, 2, 3), FP_SIG(x, 2, 3), FP_SHIFT(x, 2, 3) + 6)
#define BF16_E2M1(x) BF16(FP_NEG(x, 2, 1), FP_SIG(x, 2, 1), FP_SHIFT(x, 2, 1) + 8)
#define BF16_INT8(x) BF16(0, (x), 3)
#define BF16_LO(G)   ((G) & 0xFF)                       /* its two bytes */
#define BF16_HI(G)   ((G) >> 8)
#define BF16_E4M3_LO(x) BF16_LO(BF16_E4M3(x))
#define BF16_E4M3_HI(x) BF16_HI(BF16_E4M3(x))
#define BF16_E3M2_LO(x) BF16_LO(BF16_E3M2(x))
#define BF16_E3M2_HI(x) BF16_HI(BF16_E3M2(x))
#define BF16_E2M3_LO(x) BF16_LO(BF16_E2M3(x))
#define BF16_E2M3_HI(x) BF16_HI(BF16_E2M3(x))
#define BF16_E2M1_LO(x) BF16_LO(BF16_E2M1(x))
#define BF16_E2M1_HI(x) BF16_HI(BF16_E2M1(x))
#define BF16_INT8_LO(x) BF16_LO(BF16_INT8(x))
#define BF16_INT8_HI(x) BF16_HI(BF16_INT8(x))
#define BF16_NONE(x)    0                               /* E5M2: never read */
/* [format][byte: 0 low, 1 high][code 0..127] */
#define UNITS128(G)   { UNITS64(G, 0), UNITS64(G, 64) }
static const uint8_t bf16_bytes[MX_FMT_COUNT][2][128] = {
    { UNITS128(BF16_E4M3_LO), UNITS128(BF16_E4M3_HI) },
    { UNITS128(BF16_NONE), UNITS128(BF16_NONE) },
    { UNITS128(BF16_E3M2_LO), UNITS128(BF16_E3M2_HI) },
    { UNITS128(BF16_E2M3_LO), UNITS128(BF16_E2M3_HI) },
    { UNITS128(BF16_E2M1_LO), UNITS128(BF16_E2M1_HI) },
    { UNITS128(BF16_INT8_LO), UNITS128(BF16_INT8_HI) }
};

#define MX_TARGET_SIMD \
    __attribute__((target("avx512f,avx512bw,avx512vl,avx512dq,avx512vbmi,bmi,bmi2")))

/* Whether this CPU and its OS run the SIMD path. Asked on every call (no
 * state is kept): a few loads and tests. (libgcc sets the AVX-512 bits only
 * when the OS saves the registers. Before libgcc has read the CPU, in a
 * caller's constructor, the answer is no; the portable path gives the same
 * results.) */
static int simd_ok(void)
{
    return __builtin_cpu_supports("avx512vbmi") && __builtin_cpu_supports("avx512bw")
        && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq")
        && __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2");
}

/* The codes of one operand, 32 lanes: the bfloat16 bytes of their values
 * in units, and which lanes are zeros, negative (the sign bit of the
 * bfloat16) or E4M3 NaN. */
typedef struct {
    __m256i lo, hi;
    __mmask32 zero, neg, nan;
} lanes32;

/* How the codes of a format are looked up: E4M3 (a magnitude table, the
 * sign bit and NaN apart), INT8 (all 8 bits), or FP6 and FP4 (a signed
 * table of the low 7 bits). The SIMD loops are built once per pair of
 * kinds, with the kinds known to the compiler. */
enum { KIND_SMALL = 0, KIND_E4M3 = 1, KIND_INT8 = 2 };
MX_INLINE unsigned lookup_kind(unsigned fmt)
{
    return fmt == MX_FMT_E4M3 ? KIND_E4M3 : fmt == MX_FMT_INT8 ? KIND_INT8 : KIND_SMALL;
}

/* n codes (1..32; more counts as 32) of format fmt (of lookup kind kind)
 * at p; lanes past n are zero codes. */
MX_TARGET_SIMD MX_INLINE lanes32 decode32(unsigned kind, unsigned fmt,
                                          const uint8_t *p, size_t n)
{
    const uint8_t *lo_table = bf16_bytes[fmt][0], *hi_table = bf16_bytes[fmt][1];
    __m256i codes = n >= 32 ? _mm256_loadu_si256((const __m256i *)(const void *)p)
                  : _mm256_maskz_loadu_epi8(((__mmask32)1 << n) - 1, p);
    /* INT8 is looked up by its magnitude (the table's codes 0..127 are the
     * positive ones), -128 set apart, the sign applied as E4M3's is */
    __m256i index = kind == KIND_INT8 ? _mm256_abs_epi8(codes) : codes;
    __m512i x = _mm512_castsi256_si512(index);
    lanes32 r;
    /* vpermi2b reads the low 7 bits of each index: codes 0..127 */
    r.lo = _mm512_castsi512_si256(_mm512_permutex2var_epi8(
               _mm512_loadu_si512(lo_table), x, _mm512_loadu_si512(lo_table + 64)));
    r.hi = _mm512_castsi512_si256(_mm512_permutex2var_epi8(
               _mm512_loadu_si512(hi_table), x, _mm512_loadu_si512(hi_table + 64)));
    r.nan = 0;
    if (kind == KIND_INT8) {              /* -128: 1024 units, bfloat16 0x4480 */
        __mmask32 min = _mm256_cmpeq_epi8_mask(codes, _mm256_set1_epi8((char)0x80));
        r.lo = _mm256_mask_blend_epi8(min, r.lo, _mm256_set1_epi8((char)0x80));
        r.hi = _mm256_mask_blend_epi8(min, r.hi, _mm256_set1_epi8(0x44));
    }
    if (kind != KIND_SMALL)               /* the sign bit 7 */
        r.hi = _mm256_ternarylogic_epi32(r.hi, codes, _mm256_set1_epi8((char)0x80),
                                         0xF8);                  /* A | B & C */
    if (kind == KIND_E4M3)                /* NaN S.1111.111 */
        r.nan = _mm256_cmpeq_epi8_mask(_mm256_or_si256(codes, _mm256_set1_epi8((char)0x80)),
                                       _mm256_set1_epi8((char)0xFF));
    r.zero = _mm256_testn_epi8_mask(r.hi, _mm256_set1_epi8(0x7F));
    r.neg = _mm256_movepi8_mask(r.hi);
    return r;
}

/* The 8 products of the binary32 values whose upper halves are the
 * bfloat16 words of a and b, as int64 (exact). */
MX_TARGET_SIMD MX_INLINE __m512i products8(__m256i a_words, __m256i b_words)
{
    return _mm512_cvttps_epi64(_mm256_mul_ps(_mm256_castsi256_ps(a_words),
                                             _mm256_castsi256_ps(b_words)));
}

/* The 32 products of one step, summed in pairs into four int64 vectors
 * and two: *sum gets their sum (8 lanes). The zero summary of the step's n
 * live lanes is ORed into the masks. */
MX_TARGET_SIMD MX_INLINE __m512i step32(unsigned ka, unsigned kb, unsigned fa,
                                        unsigned fb, const uint8_t *a,
                                        const uint8_t *b, size_t n,
                                        __mmask32 *nan, __mmask32 *nonzero,
                                        __mmask32 *zero_pos, __mmask32 *zero_neg)
{
    const __m256i zero = _mm256_setzero_si256();
    lanes32 la = decode32(ka, fa, a, n), lb = decode32(kb, fb, b, n);
    __mmask32 live = n >= 32 ? 0xFFFFFFFFu : ((__mmask32)1 << n) - 1;
    __mmask32 zero_lanes = la.zero | lb.zero, neg_lanes = la.neg ^ lb.neg;
    /* bytes to bfloat16 words, words to the upper halves of binary32
     * values; the lane order they leave is the same for a and b */
    __m256i a_w0 = _mm256_unpacklo_epi8(la.lo, la.hi), a_w1 = _mm256_unpackhi_epi8(la.lo, la.hi);
    __m256i b_w0 = _mm256_unpacklo_epi8(lb.lo, lb.hi), b_w1 = _mm256_unpackhi_epi8(lb.lo, lb.hi);
    __m512i p0 = products8(_mm256_unpacklo_epi16(zero, a_w0), _mm256_unpacklo_epi16(zero, b_w0));
    __m512i p1 = products8(_mm256_unpackhi_epi16(zero, a_w0), _mm256_unpackhi_epi16(zero, b_w0));
    __m512i p2 = products8(_mm256_unpacklo_epi16(zero, a_w1), _mm256_unpacklo_epi16(zero, b_w1));
    __m512i p3 = products8(_mm256_unpackhi_epi16(zero, a_w1), _mm256_unpackhi_epi16(zero, b_w1));
    *nan |= la.nan | lb.nan;
    *nonzero |= live & ~zero_lanes;
    *zero_pos |= live & zero_lanes & ~neg_lanes;
    *zero_neg |= live & zero_lanes & neg_lanes;
    return _mm512_add_epi64(_mm512_add_epi64(p0, p1), _mm512_add_epi64(p2, p3));
}

/* The group sum in units of 2^-18 (exact: an int64 below 2^48, converted
 * to binary64 exactly) and its state: GS_NAN, and the zero summary of the
 * products (as zero_summary gives it). ka, kb: the lookup kinds of fa, fb. */
MX_TARGET_SIMD MX_INLINE double dot_simd(unsigned ka, unsigned kb, size_t k,
                                         const uint8_t *a, const uint8_t *b,
                                         unsigned fa, unsigned fb,
                                         unsigned *state)
{
    __mmask32 nan = 0, nonzero = 0, zero_pos = 0, zero_neg = 0;
    __m512i s8 = step32(ka, kb, fa, fb, a, b, k, &nan, &nonzero, &zero_pos, &zero_neg);
    __m256i s4;
    __m128i s2;
    size_t i;
    for (i = 32; i < k; i += 32)
        s8 = _mm512_add_epi64(s8, step32(ka, kb, fa, fb, a + i, b + i, k - i, &nan,
                                         &nonzero, &zero_pos, &zero_neg));
    *state = (nan ? GS_NAN : 0u) | (nonzero ? GS_NONZERO : 0u)
           | (zero_pos ? GS_ZERO_POS : 0u) | (zero_neg ? GS_ZERO_NEG : 0u);
    s4 = _mm256_add_epi64(_mm512_castsi512_si256(s8), _mm512_extracti64x4_epi64(s8, 1));
    s2 = _mm_add_epi64(_mm256_castsi256_si128(s4), _mm256_extracti128_si256(s4, 1));
    s2 = _mm_add_epi64(s2, _mm_unpackhi_epi64(s2, s2));
    return _mm_cvtsd_f64(_mm_cvtepi64_pd(s2));
}

/* dot_simd for any fast pair: one copy per pair of lookup kinds. */
MX_TARGET_SIMD MX_INLINE double dot_simd_any(size_t k, const uint8_t *a,
                                             const uint8_t *b, unsigned fa,
                                             unsigned fb, unsigned *state)
{
    switch (lookup_kind(fa) * 3 + lookup_kind(fb)) {
    case KIND_SMALL * 3 + KIND_SMALL:
        return dot_simd(KIND_SMALL, KIND_SMALL, k, a, b, fa, fb, state);
    case KIND_SMALL * 3 + KIND_E4M3:
        return dot_simd(KIND_SMALL, KIND_E4M3, k, a, b, fa, fb, state);
    case KIND_SMALL * 3 + KIND_INT8:
        return dot_simd(KIND_SMALL, KIND_INT8, k, a, b, fa, fb, state);
    case KIND_E4M3 * 3 + KIND_SMALL:
        return dot_simd(KIND_E4M3, KIND_SMALL, k, a, b, fa, fb, state);
    case KIND_E4M3 * 3 + KIND_E4M3:
        return dot_simd(KIND_E4M3, KIND_E4M3, k, a, b, fa, fb, state);
    case KIND_E4M3 * 3 + KIND_INT8:
        return dot_simd(KIND_E4M3, KIND_INT8, k, a, b, fa, fb, state);
    case KIND_INT8 * 3 + KIND_SMALL:
        return dot_simd(KIND_INT8, KIND_SMALL, k, a, b, fa, fb, state);
    case KIND_INT8 * 3 + KIND_E4M3:
        return dot_simd(KIND_INT8, KIND_E4M3, k, a, b, fa, fb, state);
    default:
        return dot_simd(KIND_INT8, KIND_INT8, k, a, b, fa, fb, state);
    }
}

/* fast_group_portable with the SIMD sum. */
MX_TARGET_SIMD static uint32_t fast_group_simd(size_t k, const uint8_t *a,
                                               const uint8_t *b, unsigned fa,
                                               unsigned fb, uint8_t xa,
                                               uint8_t xb, uint32_t c,
                                               unsigned rm, unsigned *flags)
{
    unsigned state;
    double units = dot_simd_any(k, a, b, fa, fb, &state);
    return fast_finish(units, state, xa, xb, c, rm, flags);
}

/* The same for E4M3 x E4M3 (mx_dot): one copy of the loop, the formats
 * known to the compiler. */
MX_TARGET_SIMD static uint32_t fast_group_simd_e4m3(size_t k, const uint8_t *a,
                                                    const uint8_t *b, uint8_t xa,
                                                    uint8_t xb, uint32_t c,
                                                    unsigned rm, unsigned *flags)
{
    unsigned state;
    double units = dot_simd(KIND_E4M3, KIND_E4M3, k, a, b, MX_FMT_E4M3, MX_FMT_E4M3,
                            &state);
    return fast_finish(units, state, xa, xb, c, rm, flags);
}
#else
static int simd_ok(void)
{
    return 0;
}
#endif

const char *mx_fast_path_name(void)
{
    return simd_ok() ? "avx512" : "portable";
}

uint32_t mx_dot(size_t k, const uint8_t *a, const uint8_t *b, uint8_t xa,
                uint8_t xb, uint32_t c, unsigned rm, unsigned *flags)
{
    unsigned fl = MX_FLAG_NV;
    uint32_t d = MX_F32_QNAN;             /* reserved mode or bad group */
    if (rm <= MX_RMM && k >= 1 && k <= MX_K_MAX && a && b) {
#ifdef MX_SIMD
        if (simd_ok())
            d = fast_group_simd_e4m3(k, a, b, xa, xb, c, rm, &fl);
        else
#endif
            d = fast_group_portable(k, a, b, MX_FMT_E4M3, MX_FMT_E4M3, xa, xb,
                                    c, rm, &fl);
    }
    if (flags)
        *flags = fl;
    return d;
}

/* One group of a fast pair (same preconditions as fast_group_portable). */
static uint32_t fast_group(int simd, size_t k, const uint8_t *a,
                           const uint8_t *b, unsigned fa, unsigned fb,
                           uint8_t xa, uint8_t xb, uint32_t c, unsigned rm,
                           unsigned *flags)
{
#ifdef MX_SIMD
    if (simd)
        return fast_group_simd(k, a, b, fa, fb, xa, xb, c, rm, flags);
#else
    (void)simd;
#endif
    return fast_group_portable(k, a, b, fa, fb, xa, xb, c, rm, flags);
}

uint32_t mx_dot_fmt(size_t k, const uint8_t *a, const uint8_t *b, unsigned fa,
                    unsigned fb, uint8_t xa, uint8_t xb, uint32_t c,
                    unsigned rm, unsigned *flags)
{
    unsigned fl;
    uint32_t d;
    if (fa == MX_FMT_E4M3 && fb == MX_FMT_E4M3)
        return mx_dot(k, a, b, xa, xb, c, rm, flags);
    if (!fast_pair(fa, fb) || rm > MX_RMM || k == 0 || k > MX_K_MAX || !a || !b)
        return mx_dot_fmt_ref(k, a, b, fa, fb, xa, xb, c, rm, flags);
    d = fast_group(simd_ok(), k, a, b, fa, fb, xa, xb, c, rm, &fl);
    if (flags)
        *flags = fl;
    return d;
}

/* mx_dot_batch for a fast pair (valid rm and k; no NULL): group g's
 * elements at a + g * k and b + g * k. The SIMD loop has the group's steps
 * inlined, and E4M3 x E4M3 its own copy with the formats known. */
#ifdef MX_SIMD
MX_TARGET_SIMD MX_INLINE void batch_simd_loop(size_t n, size_t k, const uint8_t *a,
                                              const uint8_t *b, unsigned fa,
                                              unsigned fb, const uint8_t *xa,
                                              const uint8_t *xb, const uint32_t *c,
                                              unsigned rm, uint32_t *d,
                                              uint8_t *flags)
{
    size_t g;
    for (g = 0; g < n; g++) {
        unsigned state, fl;
        double units = fa == MX_FMT_E4M3 && fb == MX_FMT_E4M3
                     ? dot_simd(KIND_E4M3, KIND_E4M3, k, a + g * k, b + g * k, fa, fb, &state)
                     : dot_simd_any(k, a + g * k, b + g * k, fa, fb, &state);
        d[g] = fast_finish(units, state, xa[g], xb[g], c[g], rm, &fl);
        if (flags)
            flags[g] = (uint8_t)fl;
    }
}

MX_TARGET_SIMD static void fast_batch_simd(size_t n, size_t k, const uint8_t *a,
                                           const uint8_t *b, unsigned fa,
                                           unsigned fb, const uint8_t *xa,
                                           const uint8_t *xb, const uint32_t *c,
                                           unsigned rm, uint32_t *d,
                                           uint8_t *flags)
{
    if (fa == MX_FMT_E4M3 && fb == MX_FMT_E4M3)
        batch_simd_loop(n, k, a, b, MX_FMT_E4M3, MX_FMT_E4M3, xa, xb, c, rm, d, flags);
    else
        batch_simd_loop(n, k, a, b, fa, fb, xa, xb, c, rm, d, flags);
}
#endif

static void fast_batch(int simd, size_t n, size_t k, const uint8_t *a,
                       const uint8_t *b, unsigned fa, unsigned fb,
                       const uint8_t *xa, const uint8_t *xb, const uint32_t *c,
                       unsigned rm, uint32_t *d, uint8_t *flags)
{
    size_t g;
#ifdef MX_SIMD
    if (simd) {
        fast_batch_simd(n, k, a, b, fa, fb, xa, xb, c, rm, d, flags);
        return;
    }
#else
    (void)simd;
#endif
    for (g = 0; g < n; g++) {
        unsigned fl;
        d[g] = fast_group_portable(k, a + g * k, b + g * k, fa, fb, xa[g], xb[g],
                                   c[g], rm, &fl);
        if (flags)
            flags[g] = (uint8_t)fl;
    }
}

/* What rounding (-1)^sign * sig * 2^exp (sig != 0, exact or jammed as
 * wide_window_value makes it) to binary32 in mode rm meets: a tie at the
 * delivered precision (the quantum of its binade, at least 2^-149) whose
 * upper neighbour is still finite; |v| below 2^-126; tiny after rounding
 * (rounded to 24 bits with an unbounded exponent, below 2^-126); |v| below
 * 2^-149. A jammed tail lies far below every rounding point, so it is never
 * a tie and moves no binade. */
static void round_info(unsigned sign, uint64_t sig, int exp, unsigned rm,
                       mx_dot_info *info)
{
    int top = exp + bit_length(sig) - 1;
    int lsb = top - 23 > -149 ? top - 23 : -149;
    int drop = lsb - exp, inexact;
    uint64_t q;
    if (drop > 0 && drop <= 64 && top < 128) {
        uint64_t half = (uint64_t)1 << (drop - 1);
        uint64_t rest = drop == 64 ? sig : sig & ((half << 1) - 1);
        uint64_t below = drop == 64 ? 0 : sig >> drop;
        info->tie = rest == half && !(lsb == 104 && below + 1 > 0xFFFFFFu);
    }
    info->tiny_before = top < -126;
    info->deep = top < -149;
    q = round_to_lsb(sign, sig, exp, top - 23, rm, &inexact);
    info->tiny = top + (q >> 24 != 0) < -126;
}

int mx_dot_fmt_info(size_t k, const uint8_t *a, const uint8_t *b, unsigned fa,
                    unsigned fb, uint8_t xa, uint8_t xb, uint32_t c,
                    unsigned rm, mx_dot_info *info)
{
    group_header h;
    group_sum s;
    uint32_t d, c_sig = 0;
    unsigned fl = 0, c_sign = 0, sign = 0;
    uint64_t sig;
    int c_exp = 0, lsb = 0;
    if (!info)
        return -1;
    memset(info, 0, sizeof *info);
    h.fa = fa; h.fb = fb; h.rm = rm; h.xa = xa; h.xb = xb; h.c = c;
    s.sum = wide_from_i64(0);
    s.state = k > 0 && (!a || !b) ? GS_POISON : 0u;
    if (!header_reserved(&h) && k > 0 && k <= MX_K_MAX && !s.state)
        reduce_run(fa, fb, k, a, b, &s);
    info->rule = special_rule(&h, k, &s, &d, &fl);
    if (info->rule < 3)
        return 0;
    f32_decode(c, &c_sign, &c_sig, &c_exp);   /* finite: rule 2 took Inf */
    if (wide_is_zero(s.sum)) {            /* c alone */
        sign = c_sign;
        sig = c_sig;
        lsb = c_exp;
    } else if (!wide_window_value(s.sum, scale_exp_fmt(fa, fb, xa, xb), c_sign,
                                  c_sig, c_exp, &sign, &sig, &lsb)) {
        sig = 0;
    }
    if (sig == 0)
        return 0;                         /* rule 3: an exact zero */
    info->rule = 4;
    round_info(sign, sig, lsb, rm, info);
    return 0;
}

/* ------------------------------------------------------------------------ */
/* A group streamed in beats                                                 */
/* ------------------------------------------------------------------------ */

static group_header group_header_of(const mx_group *g)
{
    group_header h;
    h.fa = g->fa; h.fb = g->fb; h.rm = g->rm;
    h.xa = g->xa; h.xb = g->xb; h.c = g->c;
    return h;
}

static group_sum group_sum_of(const mx_group *g)
{
    group_sum s;
    s.sum.hi = g->sum_hi;
    s.sum.lo = g->sum_lo;
    s.state = g->state;
    return s;
}

void mx_group_begin(mx_group *g, unsigned fa, unsigned fb, uint8_t xa,
                    uint8_t xb, uint32_t c, unsigned rm)
{
    if (!g)
        return;
    memset(g, 0, sizeof *g);
    g->fa = fa; g->fb = fb; g->rm = rm;
    g->xa = xa; g->xb = xb; g->c = c;
}

/* Reduce a run of kept elements into g. Past MX_K_MAX elements the group is
 * NaN whatever they hold: they are counted, not reduced. */
static void group_take(mx_group *g, size_t n, const uint8_t *a, const uint8_t *b)
{
    group_header h = group_header_of(g);
    size_t room = g->count < MX_K_MAX ? MX_K_MAX - g->count : 0;
    if (!header_reserved(&h) && room > 0) {
        group_sum s = group_sum_of(g);
        reduce_run(g->fa, g->fb, n < room ? n : room, a, b, &s);
        g->sum_hi = s.sum.hi;
        g->sum_lo = s.sum.lo;
        g->state = s.state;
    }
    g->count = n > (size_t)-1 - g->count ? (size_t)-1 : g->count + n;
}

void mx_group_add(mx_group *g, size_t n, const uint8_t *a, const uint8_t *b,
                  const uint8_t *keep)
{
    uint8_t ka[256], kb[256];
    size_t i, m = 0;
    if (!g || n == 0)
        return;
    if (!a || !b) {
        g->state |= GS_POISON;
        return;
    }
    if (!keep) {
        group_take(g, n, a, b);
        return;
    }
    for (i = 0; i < n; i++) {             /* the kept lanes, packed */
        if (!keep[i])
            continue;
        ka[m] = a[i];
        kb[m] = b[i];
        if (++m == sizeof ka) {
            group_take(g, m, ka, kb);
            m = 0;
        }
    }
    if (m)
        group_take(g, m, ka, kb);
}

uint32_t mx_group_end(const mx_group *g, unsigned *flags)
{
    group_header h;
    group_sum s;
    unsigned fl = MX_FLAG_NV;
    uint32_t d = MX_F32_QNAN;
    if (g) {
        h = group_header_of(g);
        s = group_sum_of(g);
        d = group_finish(&h, g->count, &s, &fl);
    }
    if (flags)
        *flags = fl;
    return d;
}

/* ------------------------------------------------------------------------ */
/* Many groups per call; DPI-C entry points                                  */
/* ------------------------------------------------------------------------ */

void mx_dot_batch(size_t n, size_t k, const uint8_t *a, const uint8_t *b,
                  unsigned fa, unsigned fb, const uint8_t *xa,
                  const uint8_t *xb, const uint32_t *c, unsigned rm,
                  uint32_t *d, uint8_t *flags)
{
    int bad = !a || !b || !xa || !xb || !c || k == 0 || k > MX_K_MAX;
    size_t g;
    if (!d)
        return;
    if (!bad && rm <= MX_RMM && fast_pair(fa, fb)) {
        fast_batch(simd_ok(), n, k, a, b, fa, fb, xa, xb, c, rm, d, flags);
        return;
    }
    for (g = 0; g < n; g++) {
        unsigned fl = MX_FLAG_NV;
        d[g] = MX_F32_QNAN;
        if (!bad)
            d[g] = mx_dot_fmt(k, a + g * k, b + g * k, fa, fb, xa[g], xb[g],
                              c[g], rm, &fl);
        if (flags)
            flags[g] = (uint8_t)fl;
    }
}

uint32_t mx_dot_dpi(int k, const unsigned char *a, const unsigned char *b,
                    unsigned char xa, unsigned char xb, unsigned int c,
                    unsigned char rm, unsigned char *flags)
{
    unsigned fl = MX_FLAG_NV;
    uint32_t d = MX_F32_QNAN;
    if (k >= 1 && k <= (int)MX_K_MAX && a && b)
        d = mx_dot((size_t)k, a, b, xa, xb, (uint32_t)c, rm, &fl);
    if (flags)
        *flags = (unsigned char)fl;
    return d;
}

uint32_t mx_dot_fmt_dpi(int k, const unsigned char *a, const unsigned char *b,
                        unsigned char fa, unsigned char fb, unsigned char xa,
                        unsigned char xb, unsigned int c, unsigned char rm,
                        unsigned char *flags)
{
    unsigned fl = MX_FLAG_NV;
    uint32_t d = MX_F32_QNAN;
    if (k >= 1 && k <= (int)MX_K_MAX && a && b)
        d = mx_dot_fmt((size_t)k, a, b, fa, fb, xa, xb, (uint32_t)c, rm, &fl);
    if (flags)
        *flags = (unsigned char)fl;
    return d;
}

/* The DPI state words hold an mx_group byte for byte (memcpy: the words
 * need not be aligned for it, and no type punning). */
static void group_load(mx_group *g, const unsigned int *state)
{
    typedef char state_fits[sizeof *g <= MX_GROUP_DPI_WORDS * sizeof *state ? 1 : -1];
    (void)sizeof(state_fits);
    memcpy(g, state, sizeof *g);
}

static void group_store(unsigned int *state, const mx_group *g)
{
    memcpy(state, g, sizeof *g);
}

void mx_group_dpi_begin(unsigned int *state, unsigned char fa,
                        unsigned char fb, unsigned char xa, unsigned char xb,
                        unsigned int c, unsigned char rm)
{
    mx_group g;
    if (!state)
        return;
    memset(state, 0, MX_GROUP_DPI_WORDS * sizeof *state);
    mx_group_begin(&g, fa, fb, xa, xb, (uint32_t)c, rm);
    group_store(state, &g);
}

void mx_group_dpi_add(unsigned int *state, int n, const unsigned char *a,
                      const unsigned char *b, const unsigned char *keep)
{
    mx_group g;
    if (!state)
        return;
    group_load(&g, state);
    if (n < 0)
        g.state |= GS_POISON;
    else
        mx_group_add(&g, (size_t)n, a, b, keep);
    group_store(state, &g);
}

uint32_t mx_group_dpi_end(const unsigned int *state, unsigned char *flags)
{
    mx_group g;
    unsigned fl = MX_FLAG_NV;
    uint32_t d = MX_F32_QNAN;
    if (state) {
        group_load(&g, state);
        d = mx_group_end(&g, &fl);
    }
    if (flags)
        *flags = (unsigned char)fl;
    return d;
}
