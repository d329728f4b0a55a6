/*
 * mxdot.c - golden reference for the MXFP8 block dot product.
 *
 * Reads top to bottom like SPEC section 2: element and scale decoding, the
 * exact block sum, the scale as an exponent, the exact fused accumulate, and
 * one rounding to binary32. Integer arithmetic only; no global state.
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
/* Rounding to a binary format                                               */
/* ------------------------------------------------------------------------ */

/* A binary floating-point format as rounding sees it. */
typedef struct {
    int      precision; /* significand bits, hidden bit included */
    int      emin;      /* exponent of the smallest normal */
    int      emax;      /* exponent of the largest finite */
    uint64_t sig_max;   /* largest significand at emax (E4M3: 1.110b) */
} float_format;

static const float_format format_f32  = { 24, -126, 127, 0xFFFFFFu };
static const float_format format_e4m3 = { 4, -6, 8, 0xEu };

/* Round (-1)^sign * sig * 2^exp (sig != 0) once to fmt in mode rm.
 * Returns the magnitude's encoding (exponent field above precision-1 bits of
 * fraction; the hidden bit carries into the exponent field, SoftFloat's
 * packing trick), or sets *overflow when the value rounded to `precision`
 * bits with an unbounded exponent exceeds the largest finite. Tininess is
 * detected after rounding. ORs NX and UF into *flags. */
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
    return f32_decode(f, sign, sig, exp);
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
 * purpose: rm may change from block to block. */
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
    return f32_round_pack(sign, sig, exp, rm, flags ? flags : &ignored);
}

/* ------------------------------------------------------------------------ */
/* E4M3 and UE8M0                                                            */
/* ------------------------------------------------------------------------ */

enum mx_class mx_e4m3_class(uint8_t x)
{
    if (mx_e4m3_is_nan(x))
        return MX_QNAN;
    if (mx_e4m3_exp(x))
        return MX_NORMAL;
    return mx_e4m3_frac(x) ? MX_SUBNORMAL : MX_ZERO;
}

int mx_e4m3_decode(uint8_t x, unsigned *sign, uint32_t *sig, int *exp)
{
    unsigned e = mx_e4m3_exp(x);
    if (mx_e4m3_is_nan(x))
        return 0;
    *sign = mx_e4m3_sign(x);
    if (e == 0) {
        *sig = mx_e4m3_frac(x);
        *exp = -9;
    } else {
        *sig = 8u | mx_e4m3_frac(x);
        *exp = (int)e - 10;
    }
    return 1;
}

/* ------------------------------------------------------------------------ */
/* The block operation, stage by stage (rtl/mxdot_*.v mirror these)          */
/* ------------------------------------------------------------------------ */

/* Decode and multiply one lane. On the fixed-point grid with LSB 2^-9 an
 * E4M3 magnitude is sig << shift (sig 4 bits, shift 0..14), so a product is
 * a 4x4-bit significand product shifted by 0..28: exact, LSB 2^-18, below
 * 448^2 * 2^18 < 2^36. NaN codes give garbage here; mx_reduce flags them. */
/* The grid form of one E4M3 magnitude: sig 4 bits (hidden bit = e != 0),
 * shift = e - 1 for normals, 0 for subnormals. Branch-free on purpose:
 * random data would mispredict every branch. */
static uint32_t e4m3_grid_sig(uint8_t x)
{
    unsigned e = mx_e4m3_exp(x);
    return mx_e4m3_frac(x) | (unsigned)(e != 0) << 3;
}
static unsigned e4m3_grid_shift(uint8_t x)
{
    unsigned e = mx_e4m3_exp(x);
    return e - (e != 0);
}

static int64_t decode_mul(uint8_t a, uint8_t b)
{
    uint64_t mag = (uint64_t)(e4m3_grid_sig(a) * e4m3_grid_sig(b))
                   << (e4m3_grid_shift(a) + e4m3_grid_shift(b));
    int64_t neg = -(int64_t)(((a ^ b) >> 7) & 1u);   /* 0 or -1 */
    return ((int64_t)mag ^ neg) - neg;                /* conditional negate */
}

int64_t mx_decode_mul(uint8_t a, uint8_t b)
{
    return decode_mul(a, b);
}

/* The signed grid value of every E4M3 code, (-1)^s * sig << shift (LSB
 * 2^-9, |value| <= 448 * 2^9 < 2^18), computed by the compiler from the
 * same formula as e4m3_grid_sig/e4m3_grid_shift. A constant table, not
 * state. NaN codes get the value of their bit pattern; NaN is tested apart. */
#define GRID(x) ((((x) & 0x80) ? -1 : 1) *                                   \
                 (int32_t)((((x) & 7) | ((((x) >> 3) & 15) != 0) << 3)         \
                           << ((((x) >> 3) & 15) - ((((x) >> 3) & 15) != 0))))
#define GRID4(x)   GRID(x), GRID((x) + 1), GRID((x) + 2), GRID((x) + 3)
#define GRID16(x)  GRID4(x), GRID4((x) + 4), GRID4((x) + 8), GRID4((x) + 12)
#define GRID64(x)  GRID16(x), GRID16((x) + 16), GRID16((x) + 32), GRID16((x) + 48)
static const int32_t e4m3_grid[256] = {
    GRID64(0), GRID64(64), GRID64(128), GRID64(192)
};
#undef GRID64
#undef GRID16
#undef GRID4
#undef GRID

/* Reduce: the exact sum (|sum| < k * 2^36 <= 2^48 for k <= 4096, so int64
 * holds any block) and what the special cases need to know of the lanes.
 * The zero summary matters only when the sum is zero (SPEC 2.3), so it is
 * computed only then: the common case stays one multiply-add per lane. */
/* Top bit set in each of 8 bytes whose low 7 bits are all ones (E4M3
 * NaN). The byte order of the word does not matter to "any byte". */
static uint64_t nan_bytes(const uint8_t *p)
{
    uint64_t w;
    memcpy(&w, p, sizeof w);
    return ((w & 0x7F7F7F7F7F7F7F7Full) + 0x0101010101010101ull)
           & 0x8080808080808080ull;
}

/* The sum of products of lanes i..i+7: two chains for the adders. */
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

/* The stage itself, static so that mx_dot can inline it: under -fPIC the
 * compiler may not inline an exported function (it could be interposed). */
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
    reduce(k, a, b, s);
}

/* Scale: 2^(xa-127) * 2^(xb-127) only moves the binary point of the block
 * sum, whose LSB is 2^-18: an exponent adder, never a multiplier. */
int mx_scale_exp(uint8_t xa, uint8_t xb)
{
    return mx_ue8m0_exp(xa) + mx_ue8m0_exp(xb) - 18;
}

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
 * bit; see window_sum). Branch-free: the shift is random from block to
 * block. */
static uint64_t shift_jam(uint64_t m, int shift)
{
    int left = shift > 0 ? shift : 0, right = -shift;
    right = right < 0 ? 0 : right;
    right = right > 63 ? 63 : right;
    uint64_t lost = m & (((uint64_t)1 << right) - 1);
    return (m << left) >> right | (uint64_t)(lost != 0);
}

/* sum * 2^exp + (-1)^c_sign * c_sig * 2^c_exp (sum != 0, |sum| < 2^48 as
 * mx_reduce makes it, c_sig < 2^24) as x * 2^*lsb, x a signed 64-bit
 * integer: the term with the higher MSB goes to bit 61, the other is
 * aligned to it, and when bits of the lower one fall below bit 0, the part
 * of it below bit 1 (worth strictly between 0 and 2 units) becomes 1 (a
 * jam, or sticky bit). Bits are lost only when the lower term lies wholly
 * below bit 47, so |x| keeps its MSB at bit 60 or above and every rounding
 * point is at bit 37 or above; the true sum and the jammed one lie strictly
 * between the same two even integers, so the jam decides inexactness and
 * the direction of every rounding exactly as the true tail would.
 * Otherwise x is the exact sum. |x| < 2^63: no overflow. A zero c adds 0. */
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

uint32_t mx_accumulate_round(const mx_block_sum *s, int exp, uint32_t c,
                             unsigned rm, unsigned *flags)
{
    unsigned ignored = 0;
    return accumulate_round(s, exp, c, rm, flags ? flags : &ignored);
}

uint32_t mx_dot(size_t k, const uint8_t *a, const uint8_t *b, uint8_t xa,
                uint8_t xb, uint32_t c, unsigned rm, unsigned *flags)
{
    mx_block_sum s;
    unsigned fl = 0;
    uint32_t d;
    if (rm > MX_RMM || k == 0 || k > MX_K_MAX) {
        d = MX_F32_QNAN;                  /* reserved mode or bad block */
        fl = MX_FLAG_NV;
    } else {
        reduce(k, a, b, &s);
        if (s.nan || mx_ue8m0_is_nan(xa) || mx_ue8m0_is_nan(xb)
            || mx_f32_is_nan(c)) {
            d = MX_F32_QNAN;
            fl = mx_f32_is_snan(c) ? MX_FLAG_NV : 0u;
        } else if (mx_f32_is_inf(c)) {
            d = c;                        /* the block term is finite */
        } else {
            d = accumulate_round(&s, mx_scale_exp(xa, xb), c, rm, &fl);
        }
    }
    if (flags)
        *flags = fl;
    return d;
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

/* ------------------------------------------------------------------------ */
/* Conversions                                                               */
/* ------------------------------------------------------------------------ */

uint32_t mx_e4m3_to_f32(uint8_t x)
{
    unsigned sign;
    uint32_t sig;
    int exp;
    if (!mx_e4m3_decode(x, &sign, &sig, &exp))
        return (uint32_t)mx_e4m3_sign(x) << 31 | MX_F32_QNAN;
    return mx_f32_round_pack(sign, sig, exp, MX_RNE, NULL);   /* exact */
}

uint32_t mx_ue8m0_to_f32(uint8_t x)
{
    if (mx_ue8m0_is_nan(x))
        return MX_F32_QNAN;
    return mx_f32_round_pack(0, 1, mx_ue8m0_exp(x), MX_RNE, NULL); /* exact */
}

/* (-1)^sign * sig * 2^exp to E4M3, round to nearest even. */
static uint8_t e4m3_round_pack(unsigned sign, uint64_t sig, int exp,
                               enum mx_overflow ovf, unsigned *flags)
{
    int overflow;
    uint64_t mag;
    if (sig == 0)
        return (uint8_t)(sign << 7);
    mag = round_pack(&format_e4m3, sign, sig, exp, MX_RNE, &overflow, flags);
    if (overflow) {
        *flags |= MX_FLAG_OF | MX_FLAG_NX;
        mag = ovf == MX_SATURATE ? 0x7Eu : 0x7Fu;
    }
    return (uint8_t)(sign << 7 | (unsigned)mag);
}

/* binary32 (scaled by 2^-scale_exp) to E4M3. */
static uint8_t f32_to_e4m3_scaled(uint32_t f, int scale_exp,
                                  enum mx_overflow ovf, unsigned *flags)
{
    unsigned sign = mx_f32_sign(f);
    uint32_t sig;
    int exp;
    if (mx_f32_is_nan(f)) {
        if (mx_f32_is_snan(f))
            *flags |= MX_FLAG_NV;
        return (uint8_t)(sign << 7 | 0x7Fu);
    }
    if (mx_f32_is_inf(f)) {
        *flags |= MX_FLAG_OF | MX_FLAG_NX;
        return (uint8_t)(sign << 7 | (ovf == MX_SATURATE ? 0x7Eu : 0x7Fu));
    }
    mx_f32_decode(f, &sign, &sig, &exp);
    return e4m3_round_pack(sign, sig, exp - scale_exp, ovf, flags);
}

uint8_t mx_f32_to_e4m3(uint32_t f, enum mx_overflow ovf, unsigned *flags)
{
    unsigned ignored = 0;
    return f32_to_e4m3_scaled(f, 0, ovf, flags ? flags : &ignored);
}

/* floor(log2(|f|)) of a finite non-zero binary32, and whether its
 * significand exceeds 1.75 (448 = 1.75 * 2^8 is E4M3's largest finite). */
static int f32_log2_floor(uint32_t f, int *above_1_75)
{
    unsigned sign;
    uint32_t sig;
    int exp, n;
    mx_f32_decode(f, &sign, &sig, &exp);
    n = bit_length(sig);
    sig <<= 24 - n;                       /* normalise to 1.f * 2^23 */
    *above_1_75 = sig > 0x00E00000u;
    return exp + n - 1;
}

uint8_t mx_scale_for_amax(uint32_t amax, enum mx_scale_policy policy)
{
    int above, x;
    amax &= 0x7FFFFFFFu;
    if (amax >= 0x7F800000u)              /* Inf or NaN */
        return 0xFF;
    if (amax == 0)
        return 0x00;
    x = f32_log2_floor(amax, &above) - 8; /* 8 = floor(log2(448)) */
    if (policy == MX_SCALE_CEIL && above)
        x++;
    x += 127;
    if (x < 0)
        x = 0;
    if (x > 254)
        x = 254;
    return (uint8_t)x;
}

void mx_quantize(size_t n, const uint32_t *x, uint8_t *elems, uint8_t *scales,
                 enum mx_scale_policy policy, enum mx_overflow ovf,
                 unsigned *flags)
{
    unsigned ignored = 0;
    size_t start, i;
    if (!flags)
        flags = &ignored;
    for (start = 0; start < n; start += MX_BLOCK) {
        size_t end = n - start < MX_BLOCK ? n : start + MX_BLOCK;
        uint32_t amax = 0;
        uint8_t scale;
        for (i = start; i < end; i++) {
            uint32_t mag = x[i] & 0x7FFFFFFFu;
            if (mag > amax)               /* NaN patterns compare highest */
                amax = mag;
        }
        scale = mx_scale_for_amax(amax, policy);
        scales[start / MX_BLOCK] = scale;
        for (i = start; i < end; i++) {
            if (scale == 0xFF)            /* the block is NaN as a whole */
                elems[i] = 0x7F;
            else
                elems[i] = f32_to_e4m3_scaled(x[i], mx_ue8m0_exp(scale), ovf,
                                              flags);
        }
    }
}

void mx_dequantize(size_t n, const uint8_t *elems, const uint8_t *scales,
                   uint32_t *x, unsigned *flags)
{
    unsigned ignored = 0, sign;
    uint32_t sig;
    int exp;
    size_t i;
    if (!flags)
        flags = &ignored;
    for (i = 0; i < n; i++) {
        uint8_t scale = scales[i / MX_BLOCK];
        if (mx_ue8m0_is_nan(scale) || !mx_e4m3_decode(elems[i], &sign, &sig, &exp))
            x[i] = MX_F32_QNAN;
        else
            x[i] = mx_f32_round_pack(sign, sig, exp + mx_ue8m0_exp(scale),
                                     MX_RNE, flags);
    }
}
