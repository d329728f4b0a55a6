/*
 * mxgen_base.c - FROZEN BASELINE for tests/bench_gen.c only: ref/mxgen.c
 * as of commit 3e54f02 (before issue 11's speed work), entry points renamed
 * base_gen_group / base_gen_block, mx_gen_mix and mx_gen_kind_name removed
 * (the library has them). Do not fix or improve this file: it is what the
 * benchmark measures today's generator against. Its original comment
 * follows.
 */
/*
 * mxgen.c - random and edge-case groups, reproducible from (seed, index).
 *
 * Every group draws from its own pseudo-random stream, seeded from (seed,
 * index) alone, so group `index` depends on nothing else (and on the
 * mx_gen_config). The kind of a group is fixed by its index: a 32-slot
 * cycle (index % 32), so every run of 32 or more groups holds every kind in a fixed
 * share. Hard cases aim the exact value at a place where a datapath goes
 * wrong; the expected result always comes from the arithmetic
 * (mx_dot_fmt), never from the generator.
 *
 * Kinds and shares (of 32; MX_GEN_*):
 *   random     5  uniform finite codes, any scales, any accumulator
 *   typical    4  realistic data: scales near 127, c near the group term
 *   tie        3  c plus an odd multiple of half an ulp of c: a rounding
 *                 midpoint in every binade, the subnormal range and at
 *                 the largest finite (ties per mode come from rm)
 *   cancel     3  c cancels the group term: to zero or to a few bits
 *   overflow   3  half: the group term near 2^128; half: c = +-(largest
 *                 finite - 0..2 ulp) plus 2^102..2^104 +- the smallest
 *                 product: the overflow boundary of every mode
 *   underflow  2  the group term near 2^-126 or in the subnormal range,
 *                 subnormal and smallest normal accumulators
 *   tiny       2  tininess after rounding: an exact value 2^-126 - j*2^s,
 *                 s = -150..-155, j odd below 2^(-149-s) (and 20% just above
 *                 2^-126), which rounds up to 2^-126 in some modes and not
 *                 in others, some with and some without UF
 *   deep       2  deep underflow: c = +-0 (or a tiny c) and a non-zero exact
 *                 value below 2^-150 (45%), in [2^-150, 2^-149) (35%), or
 *                 exactly 2^-150 (20%), often among lanes that cancel
 *   sticky     2  one term far below the other (1 to 80 bits), or c far
 *                 below the group term
 *   zeros      2  the zero-sign rules: all +0, all -0, mixed signs,
 *                 exact cancellation of non-zero terms, zero group with a
 *                 non-zero c (RDN comes from rm)
 *   special    2  each NaN source: a NaN element in a, in b (E4M3 and E5M2
 *                 NaNs), scale 0xFF in xa, in xb, a quiet and a signaling
 *                 NaN c; 20% of the first four add an infinite or
 *                 signaling-NaN c beside them (the order of the rules)
 *   inf        1  E5M2 infinities: an infinite product (and a same-sign
 *                 infinite c), Inf x 0, opposite infinite products, an
 *                 infinite product against the opposite infinite c, Inf
 *                 beside a NaN; and infinite accumulators (the only case
 *                 when E5M2 is not drawn)
 *   spread     1  the widest exponent spread: largest and smallest
 *                 products of the formats in one group (E5M2 x E5M2 when
 *                 allowed: 2^31.6 against 2^-32), cancelling or not, and
 *                 extreme scales (0x00, 0x01, 0xFD, 0xFE)
 *   reserved      rule 0: a reserved rm (5-7) or format (6, 7), when the
 *                 config asks for them: 1 group in 64 (taking a random slot)
 * Hard classes aim the value with exact constructions in every format pair
 * (a product's odd significand and exponent, powers of two, the smallest
 * product), and fill the other lanes with terms that add exactly nothing
 * (x*y beside -x*y, zeros), so the aimed sum crosses a busy reduction.
 *
 * Every kind draws rm uniformly from 0..4, so each class meets each mode.
 * mx_gen_block(seed, index, k) is mx_gen_group with E4M3 only and a fixed
 * k: the same kinds and shares (inf then gives infinite accumulators, spread
 * the E4M3 extremes).
 *
 * Formats (mx_gen_group): a and b independently, uniform over the valid
 * codes of cfg->formats; some kinds move an operand to E5M2 (inf, spread)
 * or to a format with NaNs (special) when the config allows it.
 *
 * Group lengths (mx_gen_group without fixed_k), a 16-slot cycle that turns
 * against the kind cycle (every kind meets every length class once in 512
 * groups), L = cfg->lanes (32 when 0), K = cfg->kmax:
 *   single beat 1..L 4/16, one full beat L 2/16, 128 (DeepSeek) 2/16,
 *   whole beats m*L 2/16, whole beats +-1 2/16, partial last beat
 *   m*L + 1..L-1 2/16 (m log-uniform), random 1..K 1/16, K itself 1/16.
 *
 * Speed: no division per element (one per group for the length), at most
 * two passes of mx_dot_fmt over a group to aim it.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "mxgen_base.h"

#include <string.h>

/* splitmix64's output function. Static so that next() inlines it: under
 * -fPIC an exported function is not inlined (it could be interposed). */
static uint64_t mix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

typedef struct {
    uint64_t state;
} rng;

static uint64_t next(rng *r)
{
    r->state += 0x9E3779B97F4A7C15ull;
    return mix(r->state);
}

/* Uniform in 0..n-1 (n >= 1): the high half of a 32x32-bit product, no
 * division (a divide per field made the generator slower than mx_dot). */
static uint32_t scale32(uint32_t x, uint32_t n) { return (uint32_t)(((uint64_t)x * n) >> 32); }
static uint32_t below(rng *r, uint32_t n) { return scale32((uint32_t)(next(r) >> 32), n); }
static int chance(rng *r, unsigned percent) { return below(r, 100) < percent; }

static int bit_length(uint64_t x)
{
    int n = 0;
    while (x >> n)
        n++;
    return n;
}

/* Log-uniform in lo..hi (1 <= lo <= hi): short and long equally likely. */
static uint32_t log_uniform(rng *r, uint32_t lo, uint32_t hi)
{
    int blo = bit_length(lo), bhi = bit_length(hi);
    int b = blo + (int)below(r, (uint32_t)(bhi - blo + 1));
    uint32_t from = (uint32_t)1 << (b - 1), to = ((uint32_t)1 << b) - 1;
    if (from < lo) from = lo;
    if (to > hi) to = hi;
    return from + below(r, to - from + 1);
}

#define SLOTS 32u
static const uint8_t kind_cycle[SLOTS] = {
    MX_GEN_RANDOM, MX_GEN_TYPICAL, MX_GEN_TIE, MX_GEN_CANCEL,
    MX_GEN_OVERFLOW, MX_GEN_TINY, MX_GEN_DEEP, MX_GEN_STICKY,
    MX_GEN_RANDOM, MX_GEN_TYPICAL, MX_GEN_ZEROS, MX_GEN_SPECIAL,
    MX_GEN_INF, MX_GEN_UNDERFLOW, MX_GEN_TIE, MX_GEN_CANCEL,
    MX_GEN_RANDOM, MX_GEN_TYPICAL, MX_GEN_OVERFLOW, MX_GEN_TINY,
    MX_GEN_DEEP, MX_GEN_STICKY, MX_GEN_SPREAD, MX_GEN_TIE,
    MX_GEN_RANDOM, MX_GEN_TYPICAL, MX_GEN_ZEROS, MX_GEN_SPECIAL,
    MX_GEN_OVERFLOW, MX_GEN_UNDERFLOW, MX_GEN_CANCEL, MX_GEN_RANDOM,
};
/* index % 64 == RESERVED_SLOT (a random slot) is a reserved group when the
 * config asks for reserved values. */
#define RESERVED_SLOT 31u

/* ---- element formats, as far as building exact values needs ------------- */

typedef struct {
    uint8_t width;      /* bits of an element */
    uint8_t mbits;      /* fraction bits (INT8: none) */
    uint8_t bias;
    uint8_t emax;       /* largest exponent field of a finite value (INT8:
                           largest bit length of a magnitude) */
    int8_t  pmin, pmax; /* +2^pmin .. +2^pmax are exact elements */
    uint8_t one;        /* +1.0 */
    uint8_t big;        /* a largest finite positive element */
} fmt_info;

static const fmt_info formats[MX_FMT_COUNT] = {
    { 8, 3,  7, 15,  -9,  8, 0x38, 0x7E },   /* E4M3: 448 */
    { 8, 2, 15, 30, -16, 15, 0x3C, 0x7B },   /* E5M2: 57344 */
    { 6, 2,  3,  7,  -4,  4, 0x0C, 0x1F },   /* E3M2: 28 */
    { 6, 3,  1,  3,  -3,  2, 0x08, 0x1F },   /* E2M3: 7.5 */
    { 4, 1,  1,  3,  -1,  2, 0x02, 0x07 },   /* E2M1: 6 */
    { 8, 0,  0,  7,  -6,  0, 0x40, 0x7F },   /* INT8: 127/64 (and -2) */
};

static int is_int8(unsigned f) { return f == MX_FMT_INT8; }
static uint8_t width_mask(unsigned f) { return (uint8_t)((1u << formats[f].width) - 1u); }
static uint8_t sign_bit(unsigned f) { return (uint8_t)(1u << (formats[f].width - 1)); }

/* -x exactly (INT8: not for 0x80, whose negation is not an element). */
static uint8_t negate(unsigned f, uint8_t x)
{
    return is_int8(f) ? (uint8_t)(0u - x) : (uint8_t)(x ^ sign_bit(f));
}

static uint8_t zero_of(unsigned f, unsigned neg)
{
    return is_int8(f) ? 0 : (uint8_t)(neg ? sign_bit(f) : 0);
}

/* +2^p, p clamped to the format's powers of two. */
static uint8_t pow2_of(unsigned f, int p)
{
    const fmt_info *fi = &formats[f];
    int e;
    if (p < fi->pmin) p = fi->pmin;
    if (p > fi->pmax) p = fi->pmax;
    if (is_int8(f))
        return (uint8_t)(1u << (p + 6));
    e = p + fi->bias;
    if (e >= 1)
        return (uint8_t)(e << fi->mbits);
    return (uint8_t)(1u << (fi->mbits - 1 + e));      /* subnormal */
}

static uint8_t nan_of(unsigned f, uint32_t x)
{
    if (f == MX_FMT_E4M3) return (uint8_t)(0x7Fu | (x & 0x80u));
    return (uint8_t)(0x7Cu | (x & 0x80u) | (1u + scale32(x << 8, 3)));   /* E5M2 */
}

/* Exact value (-1)^neg * sig * 2^exp of a finite element. */
static unsigned decode(unsigned f, uint8_t x, uint32_t *sig, int *exp)
{
    const fmt_info *fi = &formats[f];
    unsigned e, m, neg;
    if (is_int8(f)) {
        neg = x >> 7;
        *sig = neg ? 256u - x : x;
        *exp = -6;
        return neg;
    }
    neg = (x >> (fi->width - 1)) & 1u;
    e = (x >> fi->mbits) & ((1u << (fi->width - 1 - fi->mbits)) - 1u);
    m = x & ((1u << fi->mbits) - 1u);
    *sig = e ? m | 1u << fi->mbits : m;
    *exp = (e ? (int)e : 1) - fi->bias - fi->mbits;
    return neg;
}

/* Any finite code from random bits x: a NaN or Inf code becomes a nearby
 * finite one (no rejection loop: the generator runs per group at speed). */
static uint8_t finite_from(unsigned f, uint32_t x)
{
    uint8_t c = (uint8_t)(x & width_mask(f));
    if (f == MX_FMT_E4M3 && (c & 0x7Fu) == 0x7Fu)
        c ^= 1u;                                /* 448 */
    else if (f == MX_FMT_E5M2 && (c & 0x7Cu) == 0x7Cu)
        c &= 0xBFu;                             /* exponent 31 -> 15 */
    return c;
}

/* Finite and not zero; with negatable, also not INT8 0x80 (-2). */
static uint8_t nonzero_from(unsigned f, uint32_t x, int negatable)
{
    uint8_t c = finite_from(f, x);
    uint8_t magnitude = is_int8(f) ? c : (uint8_t)(c & ~sign_bit(f));
    if (magnitude == 0)
        c |= 1u;                                /* the smallest magnitude */
    if (negatable && is_int8(f) && c == 0x80u)
        c = 0x81u;
    return c;
}

static uint8_t nonzero_of(rng *r, unsigned f, int negatable)
{
    return nonzero_from(f, (uint32_t)next(r), negatable);
}

/* ---- a group under construction ---------------------------------------- */

typedef struct {
    rng        r;
    unsigned   fa, fb;       /* formats of a and b (valid codes) */
    unsigned   allowed;      /* valid formats the config allows */
    mx_vector *v;
} gen;

/* A format from the set `mask` (not empty), uniformly; no draw when the
 * set has one format. */
static unsigned format_from(rng *r, unsigned mask)
{
    unsigned n = 0, f, pick;
    if ((mask & (mask - 1u)) == 0) {            /* a single format */
        for (f = 0; !((mask >> f) & 1u); f++)
            ;
        return f;
    }
    for (f = 0; f < 8; f++)
        n += (mask >> f) & 1u;
    pick = below(r, n);
    for (f = 0; f < 8; f++)
        if ((mask >> f) & 1u && pick-- == 0)
            return f;
    return 0;
}

/* Normalized product of two finite non-zero elements: (-1)^sign * n * 2^t
 * with n odd. Returns the sign. */
static unsigned product_odd(const gen *g, uint8_t a, uint8_t b, uint32_t *n, int *t)
{
    uint32_t sa, sb;
    int ea, eb;
    unsigned sign = decode(g->fa, a, &sa, &ea) ^ decode(g->fb, b, &sb, &eb);
    *n = sa * sb;
    *t = ea + eb;
    while (*n && !(*n & 1u)) {
        *n >>= 1;
        ++*t;
    }
    return sign;
}

/* binary32 with biased exponent in lo..hi (0..254), random sign/fraction. */
static uint32_t f32_in(rng *r, int lo, int hi)
{
    int e;
    if (lo < 0) lo = 0;
    if (hi > 254) hi = 254;
    if (hi < lo) hi = lo;
    e = lo + (int)below(r, (uint32_t)(hi - lo + 1));
    return (uint32_t)below(r, 2) << 31 | (uint32_t)e << 23 | (uint32_t)(next(r) & 0x7FFFFF);
}

/* Two scales with xa + xb = total (clamped to 0..508), split at random. */
static void set_scales(gen *g, int total)
{
    int lo, hi, xa;
    if (total < 0) total = 0;
    if (total > 508) total = 508;
    lo = total > 254 ? total - 254 : 0;
    hi = total < 254 ? total : 254;
    xa = lo + (int)below(&g->r, (uint32_t)(hi - lo + 1));
    g->v->xa = (uint8_t)xa;
    g->v->xb = (uint8_t)(total - xa);
}

/* An exponent band of one format, ready for one draw per element. */
typedef struct {
    unsigned lo, span, mbits, sign_shift, mmask;
    unsigned nan_e;      /* E4M3: 15 (S.1111.111 is NaN), else none (99) */
    int      int8;
} band;

static void band_init(band *bd, unsigned f, unsigned lo16, unsigned hi16)
{
    unsigned emax = formats[f].emax;
    bd->lo = (emax * lo16 + 8) >> 4;
    bd->span = ((emax * hi16 + 8) >> 4) - bd->lo + 1;
    bd->mbits = formats[f].mbits;
    bd->sign_shift = formats[f].width - 1u;
    bd->mmask = (1u << bd->mbits) - 1u;
    bd->nan_e = f == MX_FMT_E4M3 ? 15 : 99;
    bd->int8 = is_int8(f);
}

/* A floating-point element of the band from 24 random bits x (16 choose
 * the exponent, then the fraction, then the sign). */
static uint8_t band_fp(const band *bd, uint32_t x)
{
    unsigned e = bd->lo + ((bd->span * (x & 0xFFFFu)) >> 16);
    unsigned m = (x >> 16) & bd->mmask;
    m -= (unsigned)(e == bd->nan_e && m == 7);  /* S.1111.111 is NaN */
    return (uint8_t)(((x >> 23) & 1u) << bd->sign_shift | e << bd->mbits | m);
}

/* An element of the band, any format (INT8: a magnitude of bit length e). */
static uint8_t band_elem(const band *bd, uint32_t x)
{
    unsigned e, mag;
    if (!bd->int8)
        return band_fp(bd, x);
    e = bd->lo + ((bd->span * (x & 0xFFFFu)) >> 16);
    mag = e ? (1u << (e - 1)) | ((x >> 16) & ((1u << (e - 1)) - 1u)) : 0;
    return (uint8_t)((x >> 23) & 1u ? 0u - mag : mag);
}

/* Random finite elements in an exponent band; `dense` percent of lanes
 * non-zero products (the others: a zero times a finite element). One draw
 * per lane; a loop without INT8 for the common case. */
static void fill_elements(gen *g, unsigned lo16, unsigned hi16, unsigned dense)
{
    mx_vector *v = g->v;
    band ba, bb, ball;
    uint32_t dense16 = (dense << 16) / 100;     /* by a constant: a multiply */
    size_t i;
    band_init(&ba, g->fa, lo16, hi16);
    band_init(&bb, g->fb, lo16, hi16);
    band_init(&ball, g->fb, 0, 16);
    if (!ba.int8 && !bb.int8) {
        uint8_t zero = zero_of(g->fa, 1);
        for (i = 0; i < v->k; i++) {
            uint64_t w = next(&g->r);
            if ((uint32_t)(w & 0xFFFFu) < dense16) {
                v->a[i] = band_fp(&ba, (uint32_t)(w >> 16) & 0xFFFFFFu);
                v->b[i] = band_fp(&bb, (uint32_t)(w >> 40));
            } else {                            /* a zero times anything */
                v->a[i] = (uint8_t)(zero & (uint8_t)(w >> 56));
                v->b[i] = band_fp(&ball, (uint32_t)(w >> 16) & 0xFFFFFFu);
            }
        }
        return;
    }
    for (i = 0; i < v->k; i++) {
        uint64_t w = next(&g->r);
        if ((uint32_t)(w & 0xFFFFu) < dense16) {
            v->a[i] = band_elem(&ba, (uint32_t)(w >> 16) & 0xFFFFFFu);
            v->b[i] = band_elem(&bb, (uint32_t)(w >> 40));
        } else {
            v->a[i] = zero_of(g->fa, (unsigned)(w >> 63));
            v->b[i] = band_elem(&ball, (uint32_t)(w >> 16) & 0xFFFFFFu);
        }
    }
}

/* Lanes from..k-1 that add exactly nothing: x*y next to (-x)*y, and zero
 * products, so a targeted sum travels through a busy reduction. */
static void fill_neutral(gen *g, size_t from)
{
    mx_vector *v = g->v;
    size_t i = from;
    while (i < v->k) {
        uint64_t w = next(&g->r);
        if (i + 1 < v->k && (w & 0xFFu) < 154) {        /* 60%: a pair */
            uint8_t x = nonzero_from(g->fa, (uint32_t)(w >> 8), 1);
            uint8_t y = finite_from(g->fb, (uint32_t)(w >> 32));
            v->a[i] = x;
            v->b[i] = y;
            v->a[i + 1] = negate(g->fa, x);
            v->b[i + 1] = y;
            i += 2;
        } else {
            v->a[i] = zero_of(g->fa, (unsigned)(w >> 63));
            v->b[i] = finite_from(g->fb, (uint32_t)(w >> 32));
            i++;
        }
    }
}

/* Place the lanes at random positions. */
static void shuffle_lanes(gen *g)
{
    mx_vector *v = g->v;
    uint64_t w = 0;
    size_t i;
    for (i = v->k; i > 1; i--) {
        size_t j;
        uint8_t ta = v->a[i - 1], tb = v->b[i - 1];
        if ((i & 1u) == 0 || i == v->k)
            w = next(&g->r);                    /* 32 bits per index */
        else
            w >>= 32;
        j = scale32((uint32_t)w, (uint32_t)i);
        v->a[i - 1] = v->a[j];
        v->b[i - 1] = v->b[j];
        v->a[j] = ta;
        v->b[j] = tb;
    }
}

/* The group term with c = 0, rounded to binary32 (finite lanes only). */
static uint32_t group_value(const gen *g, unsigned rm, unsigned *flags)
{
    const mx_vector *v = g->v;
    return mx_dot_fmt(v->k, v->a, v->b, g->fa, g->fb, v->xa, v->xb, 0, rm, flags);
}

/* Exponent of the MSB of the exact sum of products (scales 2^0), or -1000
 * when it is zero. Every sum of up to 4096 finite products lies in
 * [2^-32, 2^45): a normal binary32, whose exponent RTZ keeps exact. */
static int sum_top(const gen *g)
{
    const mx_vector *v = g->v;
    uint32_t d = mx_dot_fmt(v->k, v->a, v->b, g->fa, g->fb, 127, 127, 0, MX_RTZ, NULL);
    unsigned e = (d >> 23) & 0xFFu;
    if ((d & 0x7FFFFFFFu) == 0)
        return -1000;
    if (e == 0)
        return bit_length(d & 0x7FFFFFu) - 1 - 149;
    return (int)e - 127;
}

/* Lane 0 = a * b; optionally (k > 1, 30%) split into two equal lanes at half
 * the scale. Fills the rest with neutral lanes and shuffles. Returns the
 * scale correction (0 or -1) for set_scales. */
static int place_product(gen *g, uint8_t a, uint8_t b)
{
    mx_vector *v = g->v;
    int adjust = 0;
    v->a[0] = a;
    v->b[0] = b;
    if (v->k > 1 && chance(&g->r, 30)) {        /* P/2 + P/2: the same sum */
        v->a[1] = a;
        v->b[1] = b;
        adjust = -1;
        fill_neutral(g, 2);
    } else {
        fill_neutral(g, 1);
    }
    shuffle_lanes(g);
    return adjust;
}

/* ---- kinds -------------------------------------------------------------- */

static void gen_random(gen *g)
{
    mx_vector *v = g->v;
    fill_elements(g, 0, 16, 85);
    v->xa = (uint8_t)below(&g->r, 255);
    v->xb = (uint8_t)below(&g->r, 255);
    v->c = (uint32_t)next(&g->r);
    if (chance(&g->r, 25))
        v->c = f32_in(&g->r, 0, 254);
    if (mx_f32_is_nan(v->c) && chance(&g->r, 90))
        v->c &= 0xFF7FFFFFu;      /* keep NaN accumulators rare here */
}

static void gen_typical(gen *g)
{
    mx_vector *v = g->v;
    uint32_t d;
    fill_elements(g, 1, 16, 95);
    v->xa = (uint8_t)(120 + below(&g->r, 16));
    v->xb = (uint8_t)(120 + below(&g->r, 16));
    d = group_value(g, MX_RNE, NULL);
    if (!chance(&g->r, 10) && (d & 0x7F800000u) && (d & 0x7F800000u) != 0x7F800000u) {
        int e = (int)((d >> 23) & 0xFF);
        v->c = f32_in(&g->r, e - 8, e + 8);
    } else {
        v->c = f32_in(&g->r, 100, 150);
    }
}

/* The exact value lands on a midpoint: c plus an odd multiple of half an
 * ulp of c (in every binade, the subnormal range and at the largest
 * finite): a product n * 2^t with n odd, scaled to n * 2^(half ulp). */
static void gen_tie(gen *g)
{
    mx_vector *v = g->v;
    int ec, half_ulp, t, adjust;
    uint32_t n;
    uint8_t a, b;
    switch (below(&g->r, 4)) {
    case 0:  ec = 0; break;                     /* subnormal c (or zero) */
    case 1:  ec = 254; break;                   /* near the largest finite */
    case 2:  ec = 1 + (int)below(&g->r, 3); break;  /* bottom binades */
    default: ec = 1 + (int)below(&g->r, 254); break;
    }
    v->c = f32_in(&g->r, ec, ec);
    if (ec == 254 && chance(&g->r, 50))
        v->c |= 0x007FFFFFu;                    /* largest finite magnitude */
    half_ulp = (ec ? ec : 1) - 151;             /* exponent of half an ulp */
    a = nonzero_of(&g->r, g->fa, 0);
    b = chance(&g->r, 50) ? formats[g->fb].one : nonzero_of(&g->r, g->fb, 0);
    product_odd(g, a, b, &n, &t);
    adjust = place_product(g, a, b);
    if (chance(&g->r, 15)) {                    /* zero c: n * 2^-150 */
        v->c = (uint32_t)below(&g->r, 2) << 31;
        half_ulp = -150;
    }
    set_scales(g, half_ulp - t + adjust + 254);
}

/* c nearly or exactly cancels the group term. */
static void gen_cancel(gen *g)
{
    mx_vector *v = g->v;
    uint32_t d;
    fill_elements(g, 0, 16, 70);
    set_scales(g, 254 + (int)below(&g->r, 200) - 100);
    d = group_value(g, below(&g->r, 5), NULL);
    if ((d & 0x7F800000u) == 0x7F800000u) {     /* overflowed: pull it down */
        set_scales(g, 254);
        d = group_value(g, MX_RNE, NULL);
    }
    d ^= 0x80000000u;                           /* opposite sign */
    if (chance(&g->r, 50) && (d & 0x7FFFFFFFu) > 2 && (d & 0x7FFFFFFFu) < 0x7F7FFFFEu)
        d = chance(&g->r, 50) ? d + 1 : d - 1;  /* off by one ulp */
    v->c = d;
}

/* Half: the group term near 2^128 (unbounded), c small or near the largest.
 * Half: c = +-(largest finite - m ulp), m = 0..2, plus the same sign
 * 2^(103+u), u = -1..1, plus or minus the smallest product or nothing: v
 * straddles each mode's overflow threshold (RNE's midpoint, RUP's and
 * RTZ's 2^128, a tie to even below it). */
static void gen_overflow(gen *g)
{
    mx_vector *v = g->v;
    int top;
    unsigned neg, m, u;
    if (chance(&g->r, 50)) {
        fill_elements(g, 8, 16, 90);
        top = sum_top(g);
        if (top < -100) {
            v->a[0] = formats[g->fa].big;
            v->b[0] = formats[g->fb].big;
            top = sum_top(g);
        }
        set_scales(g, 254 + 127 - top + (int)below(&g->r, 3) - 1);
        switch (below(&g->r, 3)) {
        case 0:  v->c = 0; break;
        case 1:  v->c = f32_in(&g->r, 250, 254); break;
        default: v->c = (uint32_t)below(&g->r, 2) << 31 | 0x7F7FFFFFu; break;
        }
        return;
    }
    neg = below(&g->r, 2);
    m = below(&g->r, 10);
    m = m < 6 ? 0 : m < 8 ? 1 : 2;
    u = below(&g->r, 4);
    v->c = (uint32_t)neg << 31 | (0x7F7FFFFFu - m);
    v->a[0] = neg ? negate(g->fa, formats[g->fa].one) : formats[g->fa].one;
    v->b[0] = formats[g->fb].one;
    if (v->k > 1) {
        unsigned tiny = below(&g->r, 3);        /* none, +, - */
        v->a[1] = pow2_of(g->fa, formats[g->fa].pmin);
        v->b[1] = pow2_of(g->fb, formats[g->fb].pmin);
        if (tiny == 0)
            v->a[1] = zero_of(g->fa, below(&g->r, 2));
        else if ((tiny == 2) != (neg != 0))
            v->a[1] = negate(g->fa, v->a[1]);
        fill_neutral(g, 2);
        shuffle_lanes(g);
    }
    set_scales(g, 254 + 103 + (u == 1 ? 1 : u == 2 ? -1 : 0));
}

/* The group term near 2^-126 or inside the subnormal range. */
static void gen_underflow(gen *g)
{
    mx_vector *v = g->v;
    int top, target;
    fill_elements(g, 0, 16, below(&g->r, 2) ? 20 : 90);
    top = sum_top(g);
    if (top < -100) {
        v->a[0] = formats[g->fa].one;
        v->b[0] = formats[g->fb].one;
        top = sum_top(g);
    }
    target = chance(&g->r, 50) ? -126 - (int)below(&g->r, 3) : -150 + (int)below(&g->r, 26);
    set_scales(g, 254 + target - top);
    switch (below(&g->r, 3)) {
    case 0:  v->c = (uint32_t)below(&g->r, 2) << 31; break;
    case 1:  v->c = f32_in(&g->r, 0, 0); break; /* subnormal */
    default: v->c = f32_in(&g->r, 1, 2); break; /* smallest normals */
    }
}

/* Tininess after rounding: v = +-(2^-126 - j * 2^s), s = -149 - w (w = 1..6),
 * j odd in 1..2^w - 1, from a product n * 2^t (n odd) scaled to n * 2^s and
 * c = 2^-126 - (n + j) * 2^s (a subnormal, on the 2^-149 grid because
 * n + j = 0 mod 2^w). Depending on j and the mode, v rounds to 2^-126 or
 * stays below, and is tiny or not at 24 bits: UF with and without a
 * delivered 2^-126. 20%: v = 2^-126 + j * 2^s, just above. */
static void gen_tiny(gen *g)
{
    mx_vector *v = g->v;
    unsigned w = 1 + below(&g->r, 6), neg = below(&g->r, 2);
    uint32_t n, low, units;
    int t, adjust;
    uint8_t a = nonzero_of(&g->r, g->fa, 1), b = nonzero_of(&g->r, g->fb, 0);
    if (product_odd(g, a, b, &n, &t) != neg)
        a = negate(g->fa, a);                   /* the product has sign neg */
    low = n & ((1u << w) - 1u);                 /* odd: not 0 */
    if (chance(&g->r, 80))
        units = (n + ((1u << w) - low)) >> w;   /* v below 2^-126 */
    else
        units = (n - low) >> w;                 /* v above 2^-126 */
    if (units > 0x00800000u)
        units = 0x00800000u;
    v->c = (uint32_t)neg << 31 | (0x00800000u - units);
    adjust = place_product(g, a, b);
    set_scales(g, -149 - (int)w - t + adjust + 254);
}

/* Deep underflow: a non-zero exact value below 2^-150, in [2^-150, 2^-149),
 * or exactly 2^-150, beside c = +-0 (70%), the smallest subnormal or a
 * random subnormal. */
static void gen_deep(gen *g)
{
    mx_vector *v = g->v;
    unsigned pick = below(&g->r, 20);
    uint8_t a, b;
    uint32_t n;
    int t, top, lowest, adjust;
    if (pick < 4) {                             /* exactly 2^-150 */
        a = formats[g->fa].one;
        b = formats[g->fb].one;
    } else {
        a = nonzero_of(&g->r, g->fa, 0);
        b = nonzero_of(&g->r, g->fb, 0);
    }
    product_odd(g, a, b, &n, &t);
    top = pick < 11 ? -150 : -151 - (int)below(&g->r, 90);
    lowest = -253 + t + bit_length(n) - 1;      /* the smallest scales */
    if (top < lowest)
        top = lowest;
    adjust = place_product(g, a, b);
    set_scales(g, top - (bit_length(n) - 1) - t + adjust + 254);
    switch (below(&g->r, 10)) {
    default: v->c = (uint32_t)below(&g->r, 2) << 31; break;
    case 7:
    case 8:  v->c = (uint32_t)below(&g->r, 2) << 31 | 1u; break;
    case 9:  v->c = f32_in(&g->r, 0, 0); break;
    }
}

/* One term far below the other: only a sticky bit of it survives. */
static void gen_sticky(gen *g)
{
    mx_vector *v = g->v;
    int top, ec;
    fill_elements(g, 0, 16, below(&g->r, 2) ? 10 : 80);
    top = sum_top(g);
    if (top < -100) {
        v->a[0] = pow2_of(g->fa, formats[g->fa].pmin);
        v->b[0] = formats[g->fb].one;
        top = sum_top(g);
    }
    ec = 20 + (int)below(&g->r, 215);
    v->c = f32_in(&g->r, ec, ec);
    if (chance(&g->r, 30))
        v->c = (v->c & 0x80000000u) | (uint32_t)ec << 23;   /* power of two */
    if (chance(&g->r, 75)) {    /* group term 1 to 80 bits below c's last bit */
        set_scales(g, 254 + (ec - 127) - 24 - (int)below(&g->r, 80) - top);
    } else {                    /* c far below the group term */
        set_scales(g, 200 + (int)below(&g->r, 108));
        v->c = f32_in(&g->r, 0, 40);
    }
}

/* A non-zero finite x with the sign neg (INT8: -x, or -2 / 127/64 for the
 * one element without a negation). */
static uint8_t with_sign(unsigned f, uint8_t x, unsigned neg)
{
    if (!is_int8(f))
        return (uint8_t)((x & ~sign_bit(f)) | (neg ? sign_bit(f) : 0));
    if ((unsigned)(x >> 7) == neg)
        return x;
    return x == 0x80 ? 0x7F : (uint8_t)(0u - x);
}

/* Lane i = a zero product of sign neg: a zero times a non-zero element, or
 * two zeros (an INT8 zero is +0 only: the sign then comes from the other). */
static void zero_lane(gen *g, size_t i, unsigned neg)
{
    mx_vector *v = g->v;
    unsigned za = is_int8(g->fa) ? 0 : below(&g->r, 2);
    unsigned zb = is_int8(g->fb) ? 0 : below(&g->r, 2);
    unsigned pick = below(&g->r, 8);
    if (pick == 0 && (za ^ zb) == neg) {        /* zero times zero */
        v->a[i] = zero_of(g->fa, za);
        v->b[i] = zero_of(g->fb, zb);
    } else if (pick < 5) {                      /* a zero times b */
        v->a[i] = zero_of(g->fa, za);
        v->b[i] = with_sign(g->fb, nonzero_of(&g->r, g->fb, 0), neg ^ za);
    } else {                                    /* a times a zero */
        v->a[i] = with_sign(g->fa, nonzero_of(&g->r, g->fa, 0), neg ^ zb);
        v->b[i] = zero_of(g->fb, zb);
    }
}

/* The zero-sign rules of SPEC section 2 rule 3, one per group: every term a
 * zero of one sign (40%), mixed zero signs (20%), non-zero terms that
 * cancel exactly (20%), a zero group beside a non-zero c (20%). RDN, where
 * the signs differ, comes from rm. */
static void gen_zeros(gen *g)
{
    mx_vector *v = g->v;
    size_t i;
    unsigned rule = below(&g->r, 10), neg = below(&g->r, 2), last = 0;
    set_scales(g, (int)below(&g->r, 509));
    for (i = 0; i < v->k; i++) {
        last = rule < 4 ? neg : below(&g->r, 2);
        zero_lane(g, i, last);
    }
    if (rule < 4) {                             /* all one sign */
        v->c = (uint32_t)neg << 31;
    } else if (rule < 6) {                      /* mixed: c differs from one */
        v->c = (uint32_t)(last ^ 1u) << 31;
    } else if (rule < 8) {                      /* non-zero terms cancel */
        unsigned flags = 0;
        uint32_t d;
        fill_neutral(g, 0);
        if (chance(&g->r, 60)) {                /* c cancels lane 0 exactly */
            v->a[0] = nonzero_of(&g->r, g->fa, 0);
            v->b[0] = nonzero_of(&g->r, g->fb, 0);
            if (v->k > 1)
                v->a[1] = zero_of(g->fa, below(&g->r, 2));
            set_scales(g, 200 + (int)below(&g->r, 100));
        }
        d = group_value(g, MX_RNE, &flags);
        v->c = (flags & MX_FLAG_NX) ? (uint32_t)below(&g->r, 2) << 31 : d ^ 0x80000000u;
    } else {                                    /* a zero group, non-zero c */
        v->c = f32_in(&g->r, 0, 254);
    }
}

/* Move an operand to a format of `want` (if the config allows one). */
static void prefer(gen *g, int operand, unsigned want)
{
    unsigned ok = g->allowed & want;
    if (!ok)
        return;
    if (operand == 0)
        g->fa = format_from(&g->r, ok);
    else
        g->fb = format_from(&g->r, ok);
}

#define NAN_FORMATS ((1u << MX_FMT_E4M3) | (1u << MX_FMT_E5M2))
#define E5M2_ONLY   (1u << MX_FMT_E5M2)

/* Each NaN source (SPEC section 2 rule 1). */
static void gen_special(gen *g)
{
    mx_vector *v = g->v;
    unsigned source = below(&g->r, 6);
    size_t lane;
    if (source < 2 && !((NAN_FORMATS >> (source ? g->fb : g->fa)) & 1u) && chance(&g->r, 70))
        prefer(g, (int)source, NAN_FORMATS);
    fill_elements(g, 0, 16, 80);
    v->xa = (uint8_t)below(&g->r, 255);
    v->xb = (uint8_t)below(&g->r, 255);
    v->c = f32_in(&g->r, 0, 254);
    lane = below(&g->r, (uint32_t)v->k);
    switch (source) {
    case 0:
        if ((NAN_FORMATS >> g->fa) & 1u) v->a[lane] = nan_of(g->fa, (uint32_t)next(&g->r));
        else v->xa = 0xFF;
        break;
    case 1:
        if ((NAN_FORMATS >> g->fb) & 1u) v->b[lane] = nan_of(g->fb, (uint32_t)next(&g->r));
        else v->xb = 0xFF;
        break;
    case 2: v->xa = 0xFF; break;
    case 3: v->xb = 0xFF; break;
    case 4: v->c = 0x7FC00000u | (uint32_t)(next(&g->r) & 0x803FFFFFu); break;  /* quiet */
    default: v->c = 0x7F800001u | (uint32_t)(next(&g->r) & 0x803FFFFEu); break; /* signaling */
    }
    if (source < 4 && chance(&g->r, 20))   /* an Inf or sNaN c beside it */
        v->c = chance(&g->r, 50) ? 0x7F800000u | (uint32_t)below(&g->r, 2) << 31
                                 : 0x7F800000u | (uint32_t)(1 + below(&g->r, 0x3FFFFF));
}

/* Lane i = an infinite product of sign `neg`: the E5M2 operand infinite,
 * the other non-zero finite (or infinite too, when both are E5M2). */
static void put_inf(gen *g, size_t i, unsigned neg)
{
    mx_vector *v = g->v;
    int a_inf = g->fa == MX_FMT_E5M2 && (g->fb != MX_FMT_E5M2 || chance(&g->r, 60));
    int b_inf = g->fb == MX_FMT_E5M2 && (!a_inf || chance(&g->r, 30));
    uint32_t sa, sb;
    int ea, eb;
    v->a[i] = a_inf ? 0x7C : nonzero_of(&g->r, g->fa, 1);
    v->b[i] = b_inf ? 0x7C : nonzero_of(&g->r, g->fb, 1);
    if (((a_inf ? 0 : decode(g->fa, v->a[i], &sa, &ea)) ^
         (b_inf ? 0 : decode(g->fb, v->b[i], &sb, &eb))) != neg)
        v->a[i] = a_inf ? 0xFC : negate(g->fa, v->a[i]);
}

static int a_is_inf(const gen *g, size_t i)
{
    return g->fa == MX_FMT_E5M2 && (g->v->a[i] & 0x7Fu) == 0x7Cu;
}

/* E5M2 infinities (SPEC section 2 rules 1 and 2), and infinite c. */
static void gen_inf(gen *g)
{
    mx_vector *v = g->v;
    unsigned neg = below(&g->r, 2), c_inf = 0x7F800000u, pick;
    size_t lane, other;
    int e5m2 = (g->allowed & E5M2_ONLY) != 0;
    if (e5m2) {
        pick = below(&g->r, 10);
        if (pick < 7) g->fa = MX_FMT_E5M2;
        if (pick >= 4) g->fb = MX_FMT_E5M2;
    }
    fill_elements(g, 0, 16, 80);
    v->xa = (uint8_t)below(&g->r, 255);
    v->xb = (uint8_t)below(&g->r, 255);
    v->c = f32_in(&g->r, 0, 254);
    lane = below(&g->r, (uint32_t)v->k);
    other = v->k > 1 ? (lane + 1 + below(&g->r, (uint32_t)v->k - 1)) : lane;
    if (other >= v->k)
        other -= v->k;
    pick = e5m2 ? below(&g->r, 20) : 19;
    if (pick < 5) {                             /* infinite product(s) */
        put_inf(g, lane, neg);
        if (other != lane && chance(&g->r, 40))
            put_inf(g, other, neg);
        if (chance(&g->r, 25))
            v->c = (uint32_t)neg << 31 | c_inf; /* the same infinity: fine */
    } else if (pick < 8) {                      /* Inf x 0: invalid */
        put_inf(g, lane, neg);
        if (a_is_inf(g, lane))
            v->b[lane] = zero_of(g->fb, below(&g->r, 2));
        else
            v->a[lane] = zero_of(g->fa, below(&g->r, 2));
    } else if (pick < 11 && other != lane) {    /* +Inf and -Inf products */
        put_inf(g, lane, neg);
        put_inf(g, other, neg ^ 1u);
    } else if (pick < 15) {                     /* Inf against the opposite c */
        put_inf(g, lane, neg);
        v->c = (uint32_t)(neg ^ 1u) << 31 | c_inf;
    } else if (pick < 18) {                     /* Inf beside a NaN: NaN wins */
        put_inf(g, lane, neg);
        if (chance(&g->r, 30)) {                /* and an Inf x 0 too */
            if (a_is_inf(g, lane))
                v->b[lane] = zero_of(g->fb, 0);
            else
                v->a[lane] = zero_of(g->fa, 0);
        }
        switch (below(&g->r, 5)) {
        case 0:
            if ((NAN_FORMATS >> g->fa) & 1u) { v->a[other] = nan_of(g->fa, (uint32_t)next(&g->r)); break; }
            /* no NaN in a's format: a NaN scale instead */
            v->xa = 0xFF;
            break;
        case 1:
            if ((NAN_FORMATS >> g->fb) & 1u) { v->b[other] = nan_of(g->fb, (uint32_t)next(&g->r)); break; }
            v->xb = 0xFF;
            break;
        case 2: if (chance(&g->r, 50)) v->xa = 0xFF; else v->xb = 0xFF; break;
        case 3: v->c = 0x7FC00000u | (uint32_t)(next(&g->r) & 0x803FFFFFu); break;
        default: v->c = 0x7F800001u | (uint32_t)(next(&g->r) & 0x803FFFFEu); break;
        }
    } else {                                    /* an infinite accumulator */
        v->c = (uint32_t)neg << 31 | c_inf;
        if (chance(&g->r, 20))
            v->xa = 0xFF;                       /* beside a NaN */
    }
}

/* The widest exponent spread of the format pair in one group, and extreme
 * scales. */
static void gen_spread(gen *g)
{
    mx_vector *v = g->v;
    static const uint8_t extreme[4] = { 0x00, 0x01, 0xFD, 0xFE };
    band top_a, top_b, low_a, low_b;
    size_t i = 0;
    unsigned pattern;
    if ((g->allowed & E5M2_ONLY) && chance(&g->r, 60))
        g->fa = g->fb = MX_FMT_E5M2;
    band_init(&top_a, g->fa, 14, 16);
    band_init(&top_b, g->fb, 14, 16);
    band_init(&low_a, g->fa, 0, 1);
    band_init(&low_b, g->fb, 0, 1);
    for (i = 0; i < v->k; i++) {                /* the extreme bands only */
        uint64_t w = next(&g->r);
        int top = (int)(w & 1u);
        v->a[i] = band_elem(top ? &top_a : &low_a, (uint32_t)(w >> 16) & 0xFFFFFFu);
        v->b[i] = band_elem(top ? &top_b : &low_b, (uint32_t)(w >> 40));
    }
    pattern = below(&g->r, 3);
    i = 0;
    if (pattern < 2) {                          /* the largest product */
        v->a[i] = formats[g->fa].big;
        v->b[i] = formats[g->fb].big;
        if (chance(&g->r, 50)) v->a[i] = negate(g->fa, v->a[i]);
        i++;
        if (pattern == 0 && i < v->k) {         /* and its negation */
            v->a[i] = negate(g->fa, v->a[i - 1]);
            v->b[i] = v->b[i - 1];
            i++;
        }
        if (i < v->k) {                         /* and the smallest product */
            v->a[i] = pow2_of(g->fa, formats[g->fa].pmin);
            v->b[i] = pow2_of(g->fb, formats[g->fb].pmin);
            if (chance(&g->r, 50)) v->a[i] = negate(g->fa, v->a[i]);
            i++;
        }
        if (v->k > 3 && chance(&g->r, 50))
            fill_neutral(g, i);
        shuffle_lanes(g);
    }
    if (chance(&g->r, 50)) {
        v->xa = extreme[below(&g->r, 4)];
        v->xb = extreme[below(&g->r, 4)];
    } else {
        v->xa = (uint8_t)below(&g->r, 255);
        v->xb = (uint8_t)below(&g->r, 255);
    }
    switch (below(&g->r, 4)) {
    case 0: case 1: v->c = (uint32_t)below(&g->r, 2) << 31; break;
    case 2: v->c = f32_in(&g->r, 0, 254); break;
    default: v->c = group_value(g, MX_RTZ, NULL) ^ 0x80000000u; break;  /* cancels */
    }
    if (mx_f32_is_nan(v->c))
        v->c = 0;
}

/* Rule 0: a reserved rounding mode or format; any other content. */
static void gen_reserved(gen *g, const mx_gen_config *cfg, unsigned reserved_fmts)
{
    mx_vector *v = g->v;
    size_t i;
    unsigned what = below(&g->r, 4);            /* rm, fa, fb, both formats */
    if (!g->allowed) {                          /* only reserved formats */
        g->fa = format_from(&g->r, reserved_fmts);
        g->fb = format_from(&g->r, reserved_fmts);
        if (cfg->reserved_rm && what == 0)
            v->rm = 5 + below(&g->r, 3);
    } else if (!reserved_fmts || (cfg->reserved_rm && what == 0)) {
        v->rm = 5 + below(&g->r, 3);
    } else {
        if (what != 2) g->fa = format_from(&g->r, reserved_fmts);
        if (what >= 2) g->fb = format_from(&g->r, reserved_fmts);
    }
    for (i = 0; i < v->k; i++) {                /* unchecked under a reserved code */
        v->a[i] = g->fa < MX_FMT_COUNT ? (uint8_t)(next(&g->r) & width_mask(g->fa)) : (uint8_t)next(&g->r);
        v->b[i] = g->fb < MX_FMT_COUNT ? (uint8_t)(next(&g->r) & width_mask(g->fb)) : (uint8_t)next(&g->r);
    }
    v->xa = (uint8_t)next(&g->r);
    v->xb = (uint8_t)next(&g->r);
    v->c = (uint32_t)next(&g->r);
}

/* ---- lengths ------------------------------------------------------------ */

static size_t group_length(rng *r, const mx_gen_config *cfg, unsigned slot)
{
    uint32_t kmax = (uint32_t)cfg->kmax, lanes = cfg->lanes ? (uint32_t)cfg->lanes : 32u;
    uint32_t beats, m, k;
    if (lanes > kmax)
        lanes = kmax;
    switch (slot) {
    case 0: case 1: case 2: case 3:             /* a single beat */
        return 1 + below(r, lanes);
    case 4: case 5:                             /* one full beat */
        return lanes;
    case 6: case 7:                             /* DeepSeek's 128 */
        return kmax < 128 ? kmax : 128;
    case 8: case 9:                             /* whole beats */
        beats = kmax / lanes;                   /* one division per group */
        return (size_t)(beats < 2 ? lanes : log_uniform(r, 2, beats) * lanes);
    case 10: case 11:                           /* whole beats +-1 */
        beats = kmax / lanes;
        k = log_uniform(r, 1, beats) * lanes;
        k = below(r, 2) ? k + 1 : k - 1;
        return k < 1 ? 1 : k > kmax ? kmax : k;
    case 12: case 13:                           /* a partial last beat */
        if (lanes < 2)
            return 1 + below(r, kmax);
        beats = (kmax - 1) / lanes;
        m = beats ? log_uniform(r, 1, beats) : 0;
        k = kmax - m * lanes;                   /* room left, >= 1 */
        return m * lanes + 1 + below(r, k < lanes - 1 ? k : lanes - 1);
    case 14:                                    /* anything */
        return 1 + below(r, kmax);
    default:                                    /* the longest */
        return kmax;
    }
}

/* ---- entry points ------------------------------------------------------- */

int base_gen_group(uint64_t seed, uint64_t index, const mx_gen_config *cfg, mx_vector *v)
{
    gen g;
    mx_gen_config c = *cfg;
    unsigned slot = (unsigned)(index % SLOTS), valid, reserved;
    int kind = kind_cycle[slot];
    if (c.kmax < 1) c.kmax = 1;
    if (c.kmax > MX_K_MAX) c.kmax = MX_K_MAX;
    if (c.formats == 0) c.formats = 1u;
    valid = c.formats & MX_FMT_ALL;
    reserved = c.formats & 0xC0u;
    g.r.state = mix(seed ^ mix(index ^ 0x6D78646F74ull));
    g.v = v;
    g.allowed = valid;
    v->k = c.fixed_k ? c.kmax
                     : group_length(&g.r, &c, (slot + (unsigned)(index / SLOTS)) & 15u);
    memset(v->a, 0, v->k);
    memset(v->b, 0, v->k);
    v->has_result = 0;
    v->d = 0;
    v->flags = 0;
    v->rm = below(&g.r, 5);
    if (valid) {
        g.fa = format_from(&g.r, valid);
        g.fb = format_from(&g.r, valid);
    } else {
        g.fa = g.fb = MX_FMT_E4M3;
    }
    if (!valid || ((reserved || c.reserved_rm) && index % (2 * SLOTS) == RESERVED_SLOT)) {
        kind = MX_GEN_RESERVED;
        gen_reserved(&g, &c, reserved);
    } else {
        switch (kind) {
        case MX_GEN_RANDOM:    gen_random(&g); break;
        case MX_GEN_TYPICAL:   gen_typical(&g); break;
        case MX_GEN_TIE:       gen_tie(&g); break;
        case MX_GEN_CANCEL:    gen_cancel(&g); break;
        case MX_GEN_OVERFLOW:  gen_overflow(&g); break;
        case MX_GEN_UNDERFLOW: gen_underflow(&g); break;
        case MX_GEN_STICKY:    gen_sticky(&g); break;
        case MX_GEN_ZEROS:     gen_zeros(&g); break;
        case MX_GEN_SPECIAL:   gen_special(&g); break;
        case MX_GEN_TINY:      gen_tiny(&g); break;
        case MX_GEN_DEEP:      gen_deep(&g); break;
        case MX_GEN_INF:       gen_inf(&g); break;
        default:               gen_spread(&g); break;
        }
    }
    v->fa = g.fa;
    v->fb = g.fb;
    v->has_fmt = g.fa != MX_FMT_E4M3 || g.fb != MX_FMT_E4M3;
    return kind;
}

int base_gen_block(uint64_t seed, uint64_t index, size_t k, mx_vector *v)
{
    mx_gen_config cfg;
    cfg.kmax = k;
    cfg.lanes = 0;
    cfg.formats = 1u << MX_FMT_E4M3;
    cfg.fixed_k = 1;
    cfg.reserved_rm = 0;
    return base_gen_group(seed, index, &cfg, v);
}
