/*
 * mxdot.c - golden reference for the OCP MX group dot product.
 *
 * Reads top to bottom like SPEC section 2: rounding to a binary format, the
 * elements on a fixed-point grid, the exact group sum, the scale as an
 * exponent, the exact fused accumulate, and one rounding to binary32; then
 * the entry points (one call, streamed, batched, DPI-C). Integer arithmetic
 * only; no global state. Element formats themselves (names, decoding,
 * conversions, quantizers) are in mxfmt.c.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "mxdot.h"

#include <string.h>

/* ------------------------------------------------------------------------ */
/* Small integer helpers                                                     */
/* ------------------------------------------------------------------------ */

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
enum {
    GS_NAN       = 1u << 0,   /* some element is NaN */
    GS_POS_INF   = 1u << 1,   /* some product is +Inf */
    GS_NEG_INF   = 1u << 2,   /* some product is -Inf */
    GS_INF_ZERO  = 1u << 3,   /* some product is an infinity times a zero */
    GS_NONZERO   = 1u << 4,   /* some finite product is not zero */
    GS_ZERO_POS  = 1u << 5,   /* some product is +0 */
    GS_ZERO_NEG  = 1u << 6,   /* some product is -0 */
    GS_POISON    = 1u << 7    /* a streamed beat had no data: NaN with NV */
};

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
 * (|sum| < 2^64 from an int64, < 2^76 from E5M2 x E5M2), then rounded once.
 * The term with the higher MSB goes to bit 125 (its at most 77 bits stay
 * exact), the other is aligned to it with a jam. Bits are lost only when
 * the lower term lies wholly below bit 77, so the sum's MSB is then at bit
 * 124 or above and every rounding point at bit 101 or above; the jam argument
 * of window_sum holds as it is. The sum (< 2^127) is then brought to 63
 * significant bits with a second jam: the true, the first and the second
 * value all lie strictly between the same two multiples of 2^(shift+1) <=
 * 2^65, none of them a rounding boundary (multiples of 2^100), so the
 * rounding and the flags are those of the exact sum. */
static uint32_t round_wide_sum(wide sum, int exp, unsigned c_sign,
                               uint32_t c_sig, int c_exp, unsigned rm,
                               unsigned *flags)
{
    int neg = wide_is_neg(sum), n;
    wide mag = neg ? wide_neg(sum) : sum, x;
    int top = exp + wide_bit_length(mag);
    int c_top = c_sig ? c_exp + bit_length(c_sig) : top;
    int lsb = (top > c_top ? top : c_top) - 126;
    x = wide_align(mag, exp - lsb);
    if (neg)
        x = wide_neg(x);
    if (c_sig) {
        wide c_part = wide_align(wide_from_u64(c_sig), c_exp - lsb);
        x = wide_add(x, c_sign ? wide_neg(c_part) : c_part);
    }
    if (wide_is_zero(x))                  /* exact cancellation */
        return rm == MX_RDN ? 0x80000000u : 0u;
    neg = wide_is_neg(x);
    if (neg)
        x = wide_neg(x);
    n = wide_bit_length(x);
    if (n > 63) {
        x = wide_shift_right_jam(x, n - 63);
        lsb += n - 63;
    }
    return f32_round_pack((unsigned)neg, x.lo, lsb, rm, flags);
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

/* d and *flags (written) for a group of `count` reduced products. */
static uint32_t group_finish(const group_header *h, size_t count,
                             const group_sum *s, unsigned *flags)
{
    unsigned inf = s->state & (GS_POS_INF | GS_NEG_INF);
    *flags = 0;
    /* rule 0, and a group the operation is not defined on */
    if (header_reserved(h) || count == 0 || count > MX_K_MAX
        || (s->state & GS_POISON)) {
        *flags = MX_FLAG_NV;
        return MX_F32_QNAN;
    }
    /* rule 1: NaN first (an Inf x 0 beside a NaN raises nothing), then
     * invalid */
    if ((s->state & GS_NAN) || mx_ue8m0_is_nan(h->xa) || mx_ue8m0_is_nan(h->xb)
        || mx_f32_is_nan(h->c)) {
        *flags = mx_f32_is_snan(h->c) ? MX_FLAG_NV : 0u;
        return MX_F32_QNAN;
    }
    if ((s->state & GS_INF_ZERO) || inf == (GS_POS_INF | GS_NEG_INF)
        || (mx_f32_is_inf(h->c) && (inf & (mx_f32_sign(h->c) ? GS_POS_INF
                                                              : GS_NEG_INF)))) {
        *flags = MX_FLAG_NV;
        return MX_F32_QNAN;
    }
    /* rule 2: one infinity, of one sign */
    if (inf)
        return inf == GS_POS_INF ? 0x7F800000u : 0xFF800000u;
    if (mx_f32_is_inf(h->c))
        return h->c;
    /* rules 3 and 4 */
    return accumulate_round_any(s->sum, s->state, scale_exp_fmt(h->fa, h->fb, h->xa, h->xb),
                                h->c, h->rm, flags);
}

/* The E4M3 x E4M3 group in one call: the hot path, kept as lean as it was
 * before formats existed (mx_dot_fmt hands this pair here). The same
 * stages and results as group_finish. */
uint32_t mx_dot(size_t k, const uint8_t *a, const uint8_t *b, uint8_t xa,
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

uint32_t mx_dot_fmt(size_t k, const uint8_t *a, const uint8_t *b, unsigned fa,
                    unsigned fb, uint8_t xa, uint8_t xb, uint32_t c,
                    unsigned rm, unsigned *flags)
{
    group_header h;
    group_sum s;
    unsigned fl;
    uint32_t d;
    if (fa == MX_FMT_E4M3 && fb == MX_FMT_E4M3)
        return mx_dot(k, a, b, xa, xb, c, rm, flags);
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
