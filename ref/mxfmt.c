/*
 * mxfmt.c - the OCP MX element formats (SPEC section 1): names, bit fields,
 * classification and exact values of every format; conversions from and to
 * binary32; the group scale policies and the quantizers.
 *
 * The group operation (mxdot.c) has its own view of the elements, a grid
 * value per code, computed from the same formulas; the tests check the two
 * views against each other and against values derived independently.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "mxdot.h"

#include <ctype.h>
#include <stddef.h>

/* ------------------------------------------------------------------------ */
/* The formats                                                               */
/* ------------------------------------------------------------------------ */

/* How the special codes of a format are laid out. */
enum special_codes {
    SPECIALS_NONE = 0,  /* every code is a finite value (FP6, FP4, INT8) */
    SPECIALS_E4M3 = 1,  /* S.1111.111 is NaN; no infinities (OCP E4M3FN) */
    SPECIALS_IEEE = 2   /* exponent field all ones: m = 0 Inf, else NaN */
};

/* One element format. The floating-point ones are s | e[exp_bits] |
 * m[man_bits] with the bias below; INT8 is a two's complement integer
 * times 2^-6. emax and max_sig describe the largest finite value, max_sig
 * * 2^(emax - man_bits), as OCP MX v1.0 Table 1 lists them (emax_elem). */
typedef struct {
    const char *name;
    unsigned bits;        /* width; the code sits in the low bits */
    unsigned exp_bits;    /* 0 for INT8 */
    unsigned man_bits;    /* fraction bits; INT8: 6 (below the binary point) */
    int      bias;
    enum special_codes specials;
    int      emax;        /* exponent of the largest finite */
    uint32_t max_sig;     /* its significand, man_bits + 1 bits */
} elem_format;

static const elem_format formats[MX_FMT_COUNT] = {
    { "e4m3", 8, 4, 3, 7,  SPECIALS_E4M3,  8, 0xEu  },  /* 448 = 1.110b * 2^8 */
    { "e5m2", 8, 5, 2, 15, SPECIALS_IEEE, 15, 0x7u  },  /* 57344 = 1.11b * 2^15 */
    { "e3m2", 6, 3, 2, 3,  SPECIALS_NONE,  4, 0x7u  },  /* 28 = 1.11b * 2^4 */
    { "e2m3", 6, 2, 3, 1,  SPECIALS_NONE,  2, 0xFu  },  /* 7.5 = 1.111b * 2^2 */
    { "e2m1", 4, 2, 1, 1,  SPECIALS_NONE,  2, 0x3u  },  /* 6 = 1.1b * 2^2 */
    { "int8", 8, 0, 6, 0,  SPECIALS_NONE,  0, 0x7Fu }   /* 127/64 = 1.111111b */
};

static const elem_format *format_of(unsigned fmt)
{
    return fmt < MX_FMT_COUNT ? &formats[fmt] : NULL;
}

const char *mx_format_name(unsigned fmt)
{
    return fmt < MX_FMT_COUNT ? formats[fmt].name : NULL;
}

unsigned mx_format_bits(unsigned fmt)
{
    return fmt < MX_FMT_COUNT ? formats[fmt].bits : 0u;
}

/* Case-insensitive equality of two NUL-terminated strings. */
static int same_name(const char *x, const char *y)
{
    for (; *x && *y; x++, y++)
        if (tolower((unsigned char)*x) != tolower((unsigned char)*y))
            return 0;
    return *x == *y;
}

int mx_format_from_name(const char *name)
{
    static const struct {
        const char *name;
        int fmt;
    } aliases[] = {
        { "mxfp8_e4m3", MX_FMT_E4M3 }, { "float8_e4m3fn", MX_FMT_E4M3 },
        { "e4m3fn", MX_FMT_E4M3 },
        { "mxfp8_e5m2", MX_FMT_E5M2 }, { "float8_e5m2", MX_FMT_E5M2 },
        { "mxfp6_e3m2", MX_FMT_E3M2 }, { "float6_e3m2fn", MX_FMT_E3M2 },
        { "e3m2fn", MX_FMT_E3M2 },
        { "mxfp6_e2m3", MX_FMT_E2M3 }, { "float6_e2m3fn", MX_FMT_E2M3 },
        { "e2m3fn", MX_FMT_E2M3 },
        { "mxfp4_e2m1", MX_FMT_E2M1 }, { "float4_e2m1fn", MX_FMT_E2M1 },
        { "e2m1fn", MX_FMT_E2M1 }, { "mxfp4", MX_FMT_E2M1 }, { "fp4", MX_FMT_E2M1 },
        { "mxint8", MX_FMT_INT8 }
    };
    size_t i;
    if (!name)
        return -1;
    for (i = 0; i < MX_FMT_COUNT; i++)
        if (same_name(name, formats[i].name))
            return (int)i;
    for (i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (same_name(name, aliases[i].name))
            return aliases[i].fmt;
    return -1;
}

/* ------------------------------------------------------------------------ */
/* Bit fields of one element                                                 */
/* ------------------------------------------------------------------------ */

/* The element's own bits (those above its width are ignored). */
static unsigned elem_code(const elem_format *f, uint8_t x)
{
    return (unsigned)x & ((1u << f->bits) - 1u);
}
static unsigned elem_sign(const elem_format *f, uint8_t x)
{
    return (elem_code(f, x) >> (f->bits - 1)) & 1u;
}
static unsigned elem_exp_field(const elem_format *f, uint8_t x)
{
    return (elem_code(f, x) >> f->man_bits) & ((1u << f->exp_bits) - 1u);
}
static unsigned elem_frac_field(const elem_format *f, uint8_t x)
{
    return elem_code(f, x) & ((1u << f->man_bits) - 1u);
}
static int elem_exp_all_ones(const elem_format *f, uint8_t x)
{
    return elem_exp_field(f, x) == (1u << f->exp_bits) - 1u;
}

static int is_nan(const elem_format *f, uint8_t x)
{
    switch (f->specials) {
    case SPECIALS_E4M3:
        return elem_exp_all_ones(f, x) && elem_frac_field(f, x) == (1u << f->man_bits) - 1u;
    case SPECIALS_IEEE:
        return elem_exp_all_ones(f, x) && elem_frac_field(f, x) != 0;
    default:
        return 0;
    }
}

static int is_inf(const elem_format *f, uint8_t x)
{
    return f->specials == SPECIALS_IEEE && elem_exp_all_ones(f, x)
           && elem_frac_field(f, x) == 0;
}

int mx_elem_is_nan(unsigned fmt, uint8_t x)
{
    const elem_format *f = format_of(fmt);
    return f ? is_nan(f, x) : 1;
}

int mx_elem_is_inf(unsigned fmt, uint8_t x)
{
    const elem_format *f = format_of(fmt);
    return f ? is_inf(f, x) : 0;
}

enum mx_class mx_elem_class(unsigned fmt, uint8_t x)
{
    const elem_format *f = format_of(fmt);
    if (!f || is_nan(f, x))
        return MX_QNAN;                   /* E4M3 and E5M2 NaNs are quiet */
    if (is_inf(f, x))
        return MX_INF;
    if (fmt == MX_FMT_INT8)
        return elem_code(f, x) ? MX_NORMAL : MX_ZERO;
    if (elem_exp_field(f, x))
        return MX_NORMAL;
    return elem_frac_field(f, x) ? MX_SUBNORMAL : MX_ZERO;
}

/* The exact value of a finite element (the caller tested NaN and Inf). A
 * floating-point code is sig * 2^exp with the hidden bit e != 0 and the
 * exponent of e == 1 for subnormals; INT8 is |i| * 2^-6 with i's sign. */
static void decode_finite(const elem_format *f, unsigned fmt, uint8_t x,
                          unsigned *sign, uint32_t *sig, int *exp)
{
    unsigned e = elem_exp_field(f, x);
    *sign = elem_sign(f, x);
    if (fmt == MX_FMT_INT8) {
        *sig = *sign ? 256u - x : x;
        *exp = -(int)f->man_bits;
        return;
    }
    *sig = elem_frac_field(f, x) | (uint32_t)(e != 0) << f->man_bits;
    *exp = (int)(e + (e == 0)) - f->bias - (int)f->man_bits;
}

int mx_elem_decode(unsigned fmt, uint8_t x, unsigned *sign, uint32_t *sig, int *exp)
{
    const elem_format *f = format_of(fmt);
    unsigned s = 0;
    uint32_t m = 0;
    int e = 0, finite = f && !is_nan(f, x) && !is_inf(f, x);
    if (finite)
        decode_finite(f, fmt, x, &s, &m, &e);
    else if (f)
        s = elem_sign(f, x);
    if (sign)
        *sign = s;
    if (sig)
        *sig = m;
    if (exp)
        *exp = e;
    return finite;
}

enum mx_class mx_e4m3_class(uint8_t x)
{
    return mx_elem_class(MX_FMT_E4M3, x);
}

int mx_e4m3_decode(uint8_t x, unsigned *sign, uint32_t *sig, int *exp)
{
    return mx_elem_decode(MX_FMT_E4M3, x, sign, sig, exp);
}

/* ------------------------------------------------------------------------ */
/* Conversions                                                               */
/* ------------------------------------------------------------------------ */

uint32_t mx_elem_to_f32(unsigned fmt, uint8_t x)
{
    unsigned sign;
    uint32_t sig;
    int exp;
    if (fmt >= MX_FMT_COUNT)
        return MX_F32_QNAN;
    if (mx_elem_decode(fmt, x, &sign, &sig, &exp))     /* every value fits */
        return mx_f32_round_pack(sign, sig, exp, MX_RNE, NULL);
    if (mx_elem_is_inf(fmt, x))
        return (uint32_t)sign << 31 | 0x7F800000u;
    return (uint32_t)sign << 31 | MX_F32_QNAN;
}

uint32_t mx_e4m3_to_f32(uint8_t x)
{
    return mx_elem_to_f32(MX_FMT_E4M3, x);
}

uint32_t mx_ue8m0_to_f32(uint8_t x)
{
    if (mx_ue8m0_is_nan(x))
        return MX_F32_QNAN;
    return mx_f32_round_pack(0, 1, mx_ue8m0_exp(x), MX_RNE, NULL); /* exact */
}

/* The code a NaN converts to: the format's quiet NaN with the sign (E4M3
 * S.1111.111, E5M2 S.11111.10), or 0 where the format has none. */
static uint8_t nan_code(unsigned fmt, unsigned sign)
{
    if (fmt == MX_FMT_E4M3)
        return (uint8_t)(sign << 7 | 0x7Fu);
    if (fmt == MX_FMT_E5M2)
        return (uint8_t)(sign << 7 | 0x7Eu);
    return 0;
}

/* binary32 f * 2^-scale_exp to fmt (valid), nearest even. */
static uint8_t f32_to_elem_scaled(unsigned fmt, uint32_t f, int scale_exp,
                                  enum mx_overflow ovf, unsigned *flags)
{
    unsigned sign = mx_f32_sign(f);
    uint32_t sig;
    int exp;
    if (mx_f32_is_nan(f)) {
        if (mx_f32_is_snan(f) || (fmt != MX_FMT_E4M3 && fmt != MX_FMT_E5M2))
            *flags |= MX_FLAG_NV;
        return nan_code(fmt, sign);
    }
    if (mx_f32_is_inf(f)) {
        if (fmt == MX_FMT_E5M2)
            return (uint8_t)(sign << 7 | 0x7Cu);       /* exact */
        return mx_elem_round_pack(fmt, sign, 1, 1000, ovf, flags); /* overflow */
    }
    mx_f32_decode(f, &sign, &sig, &exp);
    return mx_elem_round_pack(fmt, sign, sig, exp - scale_exp, ovf, flags);
}

uint8_t mx_f32_to_elem(unsigned fmt, uint32_t f, enum mx_overflow ovf,
                       unsigned *flags)
{
    unsigned ignored = 0;
    if (!flags)
        flags = &ignored;
    if (fmt >= MX_FMT_COUNT) {
        *flags |= MX_FLAG_NV;
        return 0;
    }
    return f32_to_elem_scaled(fmt, f, 0, ovf, flags);
}

uint8_t mx_f32_to_e4m3(uint32_t f, enum mx_overflow ovf, unsigned *flags)
{
    return mx_f32_to_elem(MX_FMT_E4M3, f, ovf, flags);
}

/* ------------------------------------------------------------------------ */
/* Group scales                                                              */
/* ------------------------------------------------------------------------ */

/* Sources of the policies (SPEC leaves the choice to the user):
 *   FLOOR      OCP Microscaling Formats (MX) v1.0 Specification, section
 *              6.3, "Conversion from vectors of scalar floats": X = 2^(
 *              floor(log2(max_i |V_i|)) - emax_elem); also microxcaling's
 *              shared_exp_method "max".
 *   CEIL       NVIDIA cuBLAS documentation, "1D block quantization",
 *              "Computing scaling and conversion factors for FP8 with UE8M0
 *              scales" (the scale is amax / max_elem rounded up to a power
 *              of two); DeepSeek's DeepGEMM and NVIDIA TransformerEngine
 *              MXFP8 use the same rounding up; A. Mishra, D. Stosic, S.
 *              Layton, "Recipes for Pre-training LLMs with MXFP8",
 *              arXiv:2506.08027 (2025), show that it ("round-to-infinity"
 *              of the scale) avoids the divergence OCP's floor causes;
 *              torchao names it ScaleCalculationMode.RCEIL.
 *   EVEN       torchao ScaleCalculationMode.EVEN: amax rounded to the
 *              element's mantissa width before the floor of its log2.
 *   CEIL_LOG2  torchao ScaleCalculationMode.CEIL: X = 2^(ceil(log2(amax))
 *              - emax_elem).
 * Here each is computed exactly from amax's bits (no float division). */
uint8_t mx_scale_for_amax_fmt(unsigned fmt, uint32_t amax,
                              enum mx_scale_policy policy)
{
    const elem_format *f = format_of(fmt);
    unsigned sign;
    uint32_t sig, max24;
    int exp, n, x, precision;
    amax &= 0x7FFFFFFFu;
    if (!f || (unsigned)policy >= MX_SCALE_POLICY_COUNT || amax >= 0x7F800000u)
        return 0xFF;                      /* Inf, NaN, or nothing to ask */
    if (amax == 0)
        return 0x00;
    mx_f32_decode(amax, &sign, &sig, &exp);
    n = 0;
    while (sig >> n)
        n++;
    sig <<= 24 - n;                       /* amax = sig * 2^(x) with sig in */
    x = exp + n - 1;                      /*   [2^23, 2^24): x = floor(log2) */
    precision = (int)f->man_bits + 1;
    max24 = f->max_sig << (24 - precision); /* the largest finite's, alike */
    x -= f->emax;
    switch (policy) {
    case MX_SCALE_FLOOR:
        break;
    case MX_SCALE_CEIL:                   /* amax / 2^x <= max */
        x += sig > max24;
        break;
    case MX_SCALE_EVEN:                   /* m >= 2 - 2^-precision */
        x += sig >= (1u << 24) - (1u << (23 - precision));
        break;
    case MX_SCALE_CEIL_LOG2:              /* amax not a power of two */
        x += sig > (1u << 23);
        break;
    }
    x += 127;
    return (uint8_t)(x < 0 ? 0 : x > 254 ? 254 : x);
}

uint8_t mx_scale_for_amax(uint32_t amax, enum mx_scale_policy policy)
{
    return mx_scale_for_amax_fmt(MX_FMT_E4M3, amax, policy);
}

/* ------------------------------------------------------------------------ */
/* Quantizers                                                                */
/* ------------------------------------------------------------------------ */

/* Largest magnitude of x[0..n-1] as bits; NaN patterns compare highest. */
static uint32_t amax_bits(size_t n, const uint32_t *x)
{
    uint32_t amax = 0;
    size_t i;
    for (i = 0; i < n; i++)
        if ((x[i] & 0x7FFFFFFFu) > amax)
            amax = x[i] & 0x7FFFFFFFu;
    return amax;
}

void mx_quantize_fmt(unsigned fmt, size_t n, size_t group, const uint32_t *x,
                     uint8_t *elems, uint8_t *scales,
                     enum mx_scale_policy policy, enum mx_overflow ovf,
                     unsigned *flags)
{
    unsigned ignored = 0;
    size_t start, i, g;
    if (!flags)
        flags = &ignored;
    if (fmt >= MX_FMT_COUNT || group == 0
        || (unsigned)policy >= MX_SCALE_POLICY_COUNT
        || (n > 0 && (!x || !elems || !scales))) {
        *flags |= MX_FLAG_NV;
        return;
    }
    for (start = 0, g = 0; start < n; g++) {
        size_t len = n - start < group ? n - start : group;
        uint8_t scale = mx_scale_for_amax_fmt(fmt, amax_bits(len, x + start), policy);
        scales[g] = scale;
        for (i = start; i < start + len; i++) {
            if (scale == 0xFF)            /* the group is NaN as a whole */
                elems[i] = nan_code(fmt, 0);
            else
                elems[i] = f32_to_elem_scaled(fmt, x[i], mx_ue8m0_exp(scale),
                                              ovf, flags);
        }
        start += len;
    }
}

void mx_dequantize_fmt(unsigned fmt, size_t n, size_t group,
                       const uint8_t *elems, const uint8_t *scales,
                       uint32_t *x, unsigned *flags)
{
    unsigned ignored = 0, sign;
    uint32_t sig;
    int exp;
    size_t i;
    if (!flags)
        flags = &ignored;
    if (fmt >= MX_FMT_COUNT || group == 0
        || (n > 0 && (!x || !elems || !scales))) {
        *flags |= MX_FLAG_NV;
        return;
    }
    for (i = 0; i < n; i++) {
        uint8_t scale = scales[i / group];
        if (mx_ue8m0_is_nan(scale) || mx_elem_is_nan(fmt, elems[i]))
            x[i] = MX_F32_QNAN;
        else if (mx_elem_is_inf(fmt, elems[i]))
            x[i] = mx_elem_to_f32(fmt, elems[i]);
        else {
            mx_elem_decode(fmt, elems[i], &sign, &sig, &exp);
            x[i] = mx_f32_round_pack(sign, sig, exp + mx_ue8m0_exp(scale),
                                     MX_RNE, flags);
        }
    }
}

void mx_quantize(size_t n, const uint32_t *x, uint8_t *elems, uint8_t *scales,
                 enum mx_scale_policy policy, enum mx_overflow ovf,
                 unsigned *flags)
{
    mx_quantize_fmt(MX_FMT_E4M3, n, MX_BLOCK, x, elems, scales, policy, ovf, flags);
}

void mx_dequantize(size_t n, const uint8_t *elems, const uint8_t *scales,
                   uint32_t *x, unsigned *flags)
{
    mx_dequantize_fmt(MX_FMT_E4M3, n, MX_BLOCK, elems, scales, x, flags);
}
