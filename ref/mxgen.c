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
 *                 allowed: 2^31.6 against 2^-32), cancelling or not; or
 *                 (1 in 4) the widest sum: every product the largest, one
 *                 sign, so a long group fills the top of a unit's carried
 *                 sum; extreme scales (0x00, 0x01, 0xFD, 0xFE)
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
 * Speed (issue 11: the co-simulation calls this once per group): the
 * lanes are built eight at a time in 64-bit words (see "eight lanes at a
 * time"), one random word per eight codes, with the formats' masks in a
 * constant table; a group's stream is RomuDuoJr seeded by splitmix64; no
 * division per element (one per group for the length), at most two passes
 * of mx_dot_fmt over a group to aim it. tests/bench_gen.c measures it
 * against the version before (tests/mxgen_base.c): about 2.8x fewer
 * instructions per K = 32 E4M3 group. That version drew the same kinds,
 * shares, lengths, formats and hard classes, but other groups for a given
 * (seed, index): groups are reproducible within one version of this file,
 * not across it.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "mxgen.h"

/* splitmix64's output function. Static so that next() inlines it: under
 * -fPIC an exported function is not inlined (it could be interposed). */
static inline uint64_t mix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

uint64_t mx_gen_mix(uint64_t x)
{
    return mix(x);
}

/* A group's stream: RomuDuoJr (M. Overton, "Romu: Fast Nonlinear
 * Pseudo-Random Number Generators Providing High Quality", 2020), seeded by
 * splitmix64. Four operations per 64-bit word instead of splitmix's nine
 * with two 64-bit constants: the generator draws a word per eight lanes, so
 * its stream was a third of its time. A group uses a few hundred words at
 * most, far below where RomuDuoJr's statistics weaken. */
typedef struct {
    uint64_t x, y;       /* never both 0: y = mix(x) */
} rng;

static void rng_seed(rng *r, uint64_t seed)
{
    r->x = seed;
    r->y = mix(seed);
}

static inline uint64_t next(rng *r)
{
    uint64_t out = r->x;
    r->x = 15241094284759029579ull * r->y;
    r->y -= out;
    r->y = r->y << 27 | r->y >> 37;
    return out;
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

const char *mx_gen_kind_name(int kind)
{
    static const char *const names[MX_GEN_KINDS] = {
        "random", "typical", "tie", "cancel", "overflow", "underflow",
        "sticky", "zeros", "special", "tiny", "deep", "inf", "spread",
        "reserved"
    };
    return kind >= 0 && kind < MX_GEN_KINDS ? names[kind] : "?";
}

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

/* ---- eight lanes at a time ----------------------------------------------
 * The per-lane work of the common kinds is done on eight elements packed in
 * a 64-bit word, byte j = lane j (SWAR): one random word gives eight codes,
 * and no carry ever crosses a byte, so each byte computes what finite_from,
 * nonzero_from or a band draw computes on one code. The formats' masks are
 * constants (fmt_lanes), so the per-word work hardly branches on the
 * format. */

#define BYTES(x)  (0x0101010101010101ull * (uint64_t)(x))   /* x in every byte */
#define LOW7      BYTES(0x7F)
#define HIGH      BYTES(0x80)
#define EVEN      0x00FF00FF00FF00FFull                     /* bytes 0, 2, 4, 6 */

typedef struct {
    uint64_t width;      /* the element's bits */
    uint64_t magnitude;  /* its bits without the sign (INT8: all) */
    uint64_t zero_sign;  /* the sign bit of a zero (INT8: none, one zero) */
    uint64_t keep;       /* sign and fraction bits (drawn as they come) */
    uint64_t special;    /* bits all set in a NaN or Inf code (E4M3: the
                            low seven; E5M2: the exponent; else: never
                            all set once masked, or not fixed) */
    uint8_t  fix;        /* the bit flipped to make such a code finite:
                            S.1111.111 -> 448, exponent 31 -> 15; 0: none */
    uint8_t  zero_shift; /* 8 - width: from bit 7 to the sign bit */
} fmt_lanes;

static const fmt_lanes lanes8[MX_FMT_COUNT] = {
    { BYTES(0xFF), BYTES(0x7F), BYTES(0x80), BYTES(0x87), BYTES(0x7F), 0x01, 0 }, /* E4M3 */
    { BYTES(0xFF), BYTES(0x7F), BYTES(0x80), BYTES(0x83), BYTES(0x7C), 0x40, 0 }, /* E5M2 */
    { BYTES(0x3F), BYTES(0x1F), BYTES(0x20), BYTES(0x23), BYTES(0x7F), 0x00, 2 }, /* E3M2 */
    { BYTES(0x3F), BYTES(0x1F), BYTES(0x20), BYTES(0x27), BYTES(0x7F), 0x00, 2 }, /* E2M3 */
    { BYTES(0x0F), BYTES(0x07), BYTES(0x08), BYTES(0x09), BYTES(0x7F), 0x00, 4 }, /* E2M1 */
    { BYTES(0xFF), BYTES(0xFF), 0,           BYTES(0x80), BYTES(0x7F), 0x00, 0 }, /* INT8 */
};

/* 0x80 in each byte of x that is zero. */
static inline uint64_t zero_bytes(uint64_t x)
{
    return ~(((x & LOW7) + LOW7) | x) & HIGH;
}

/* 0x80 in each byte whose low seven bits are at least t (0..128): of
 * random bytes, a share (128 - t) / 128 of the lanes. */
static inline uint64_t bytes_at_least(uint64_t x, unsigned t)
{
    return ((x & LOW7) + BYTES(128u - t)) & HIGH;
}

/* 0xFF in each byte that has 0x80 in h (and nothing else). */
static inline uint64_t byte_mask(uint64_t h)
{
    return (h >> 7) * 0xFFu;
}

/* A share of lanes in percent as the threshold t of bytes_at_least: the
 * lanes below t, t / 128 of them. */
static unsigned share128(unsigned percent)
{
    return (percent * 128u + 50u) / 100u;       /* by a constant: a multiply */
}

/* Sign bits of eight zeros from the top bits of w (INT8: +0). */
static inline uint64_t zero_signs8(const fmt_lanes *fl, uint64_t w)
{
    return ((w & HIGH) >> fl->zero_shift) & fl->zero_sign;
}

/* finite_from on each byte of w. */
static inline uint64_t finite8(const fmt_lanes *fl, uint64_t w)
{
    uint64_t hit;
    w &= fl->width;
    hit = ((w & fl->special) + (HIGH - fl->special)) & HIGH;   /* all set */
    return w ^ (hit >> 7) * fl->fix;
}

/* nonzero_from on each byte of w (negatable, for INT8: 0x80 becomes 0x81;
 * another format has no byte 0x80 left here). */
static inline uint64_t nonzero8(const fmt_lanes *fl, uint64_t w, int negatable)
{
    w = finite8(fl, w);
    w |= zero_bytes(w & fl->magnitude) >> 7;   /* the smallest magnitude */
    if (negatable)
        w |= zero_bytes(w ^ HIGH) >> 7;         /* -2 -> -127/64 */
    return w;
}

/* -x of the even bytes x of xe (the odd bytes zero), into the even bytes:
 * for INT8 the bytes are not 0 or 0x80 (nonzero8 negatable), so 0x100 - x
 * stays inside its 16 bits. */
static inline uint64_t negate_even(unsigned f, uint64_t xe)
{
    if (is_int8(f))
        return (0x0100010001000100ull - xe) & EVEN;
    return xe ^ (lanes8[f].zero_sign & EVEN);
}

/* Lanes p[0..7] = the bytes of w, byte 0 first: the same bytes on every
 * host (compilers make one store of it where they can). */
static inline void put8(uint8_t *p, uint64_t w)
{
    p[0] = (uint8_t)w;         p[1] = (uint8_t)(w >> 8);
    p[2] = (uint8_t)(w >> 16); p[3] = (uint8_t)(w >> 24);
    p[4] = (uint8_t)(w >> 32); p[5] = (uint8_t)(w >> 40);
    p[6] = (uint8_t)(w >> 48); p[7] = (uint8_t)(w >> 56);
}

/* Lanes i..i+7 of a and b. Lanes at k and past it are not part of the
 * group (their content is unspecified, as it always was): they are
 * written too while the arrays have room, else only up to MX_K_MAX. */
static inline void put_lanes(mx_vector *v, size_t i, uint64_t a8, uint64_t b8)
{
    size_t j;
    if (i + 8 <= MX_K_MAX) {
        put8(v->a + i, a8);
        put8(v->b + i, b8);
        return;
    }
    for (j = 0; i + j < MX_K_MAX; j++) {
        v->a[i + j] = (uint8_t)(a8 >> 8 * j);
        v->b[i + j] = (uint8_t)(b8 >> 8 * j);
    }
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
    unsigned n, pick, low;
    if (mask & (mask - 1u)) {                   /* pick one of n set bits */
        n = mask - ((mask >> 1) & 0x55u);
        n = (n & 0x33u) + ((n >> 2) & 0x33u);
        n = (n + (n >> 4)) & 0x0Fu;
        for (pick = below(r, n); pick; pick--)
            mask &= mask - 1u;                  /* drop the lowest */
    }
    low = mask & (0u - mask);                   /* its index: */
    return ((low & 0xAAu) != 0) | ((low & 0xCCu) != 0) << 1 | ((low & 0xF0u) != 0) << 2;
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

/* An exponent band of one format, ready for draws of eight elements (the
 * masks copied in, so that a loop keeps them in registers). */
typedef struct {
    uint64_t width, special, keep;  /* fmt_lanes' */
    unsigned fix;
    unsigned lo, span;   /* exponent fields (INT8: bit lengths) lo..lo+span-1 */
    unsigned mbits;
    int      uniform;    /* the whole finite range, not INT8: any finite code */
    int      int8;
} band;

/* The band [lo16/16, hi16/16] of the format's exponent range. */
static inline void band_init(band *bd, unsigned f, unsigned lo16, unsigned hi16)
{
    unsigned emax = formats[f].emax;
    bd->width = lanes8[f].width;
    bd->special = lanes8[f].special;
    bd->keep = lanes8[f].keep;
    bd->fix = lanes8[f].fix;
    bd->lo = (emax * lo16 + 8) >> 4;
    bd->span = ((emax * hi16 + 8) >> 4) - bd->lo + 1;
    bd->mbits = formats[f].mbits;
    bd->int8 = is_int8(f);
    bd->uniform = lo16 == 0 && hi16 == 16 && !bd->int8;
}

/* finite8 with a band's masks. */
static inline uint64_t band_finite8(const band *bd, uint64_t w)
{
    uint64_t hit;
    w &= bd->width;
    hit = ((w & bd->special) + (HIGH - bd->special)) & HIGH;
    return w ^ (hit >> 7) * bd->fix;
}

/* Eight exponents lo + floor(r * span / 256), r the bytes of w (span <= 31:
 * a product fits in 16 bits, so even and odd bytes go separately). */
static inline uint64_t band_exponents8(const band *bd, uint64_t w)
{
    uint64_t even = (w & EVEN) * bd->span, odd = ((w >> 8) & EVEN) * bd->span;
    return (((even >> 8) & EVEN) | (odd & ~EVEN)) + BYTES(bd->lo);
}

/* INT8: magnitudes of bit length e (the bytes of e8, 0..7) with random
 * bits below the leading one and a random sign, from w: the mask 2^e - 1
 * built a bit at a time, then -m = (0x80 - m) ^ 0x80 on a byte m < 128
 * (0 stays 0: INT8 has one zero). */
static uint64_t int8_band8(uint64_t e8, uint64_t w)
{
    uint64_t ones = 0, below_lead, magnitude, neg;
    unsigned t;
    for (t = 1; t <= 7; t++)
        ones |= bytes_at_least(e8, t) >> (8 - t);   /* bit t-1 where e >= t */
    below_lead = (ones >> 1) & LOW7;
    magnitude = (ones ^ below_lead) | (w & below_lead);
    neg = byte_mask(w & HIGH);
    return (magnitude & ~neg) | (((HIGH - magnitude) ^ HIGH) & neg);
}

/* Eight finite elements of the band. A uniform band: any finite code
 * (finite8: E5M2's Inf and NaN codes become exponent 15 ones). Else the
 * exponent uniform in the band (8 random bits), the fraction and sign
 * uniform; E4M3's S.1111.111 becomes the largest finite. */
static inline uint64_t band8(const band *bd, rng *r)
{
    uint64_t w = next(r), e8;
    if (bd->uniform)
        return band_finite8(bd, w);
    e8 = band_exponents8(bd, next(r));
    if (bd->int8)
        return int8_band8(e8, w);
    return band_finite8(bd, (w & bd->keep) | e8 << bd->mbits);
}

/* Random finite elements in an exponent band; `dense` percent of lanes
 * non-zero products (the others: a zero times any finite element). */
static void fill_elements(gen *g, unsigned lo16, unsigned hi16, unsigned dense)
{
    mx_vector *v = g->v;
    band ba, bb, ball;
    uint64_t zero_sign = lanes8[g->fa].zero_sign, over = BYTES(128u - share128(dense));
    unsigned zero_shift = lanes8[g->fa].zero_shift;
    size_t i, k = v->k;
    int whole = lo16 == 0 && hi16 == 16;
    rng r = g->r;                               /* in registers, not aliased */
    band_init(&ba, g->fa, lo16, hi16);
    band_init(&bb, g->fb, lo16, hi16);
    band_init(&ball, g->fb, 0, 16);
    if (ba.uniform && bb.uniform) {             /* the common case, lean */
        for (i = 0; i < k; i += 8) {
            uint64_t a8 = band_finite8(&ba, next(&r)), b8 = band_finite8(&bb, next(&r));
            uint64_t w = next(&r), zero = byte_mask(((w & LOW7) + over) & HIGH);
            a8 = (a8 & ~zero) | (((w & HIGH) >> zero_shift) & zero_sign & zero);
            put_lanes(v, i, a8, b8);
        }
        g->r = r;
        return;
    }
    for (i = 0; i < k; i += 8) {
        uint64_t a8 = band8(&ba, &r), b8 = band8(&bb, &r), w = next(&r);
        uint64_t zero = byte_mask(((w & LOW7) + over) & HIGH);   /* bytes_at_least */
        a8 = (a8 & ~zero) | (((w & HIGH) >> zero_shift) & zero_sign & zero);
        if (!whole && zero)                     /* b of those lanes: any */
            b8 = (b8 & ~zero) | (band8(&ball, &r) & zero);
        put_lanes(v, i, a8, b8);
    }
    g->r = r;
}

/* Lanes from..k-1 that add exactly nothing: x*y next to (-x)*y (3/4 of the
 * lane pairs), and zero products, so a targeted sum travels through a busy
 * reduction. Pairs sit side by side (shuffle_lanes moves them apart). */
static void fill_neutral(gen *g, size_t from)
{
    mx_vector *v = g->v;
    size_t i, k = v->k;
    unsigned fa = g->fa;
    fmt_lanes la = lanes8[fa], lb = lanes8[g->fb];   /* in registers */
    int int8 = is_int8(fa);
    uint64_t w = 0;
    rng r = g->r;
    for (i = from; i < k; i += 8) {
        uint64_t x = nonzero8(&la, next(&r), int8) & EVEN, y = finite8(&lb, next(&r));
        uint64_t a8 = x | negate_even(fa, x) << 8, b8 = (y & EVEN) * 0x101u, zero;
        w = next(&r);
        zero = ((bytes_at_least(w, 96) & EVEN) >> 7) * 0xFFFFu;   /* 1/4 of the pairs */
        a8 = (a8 & ~zero) | (zero_signs8(&la, w) & zero);
        b8 = (b8 & ~zero) | (y & zero);         /* a zero times any finite */
        put_lanes(v, i, a8, b8);
    }
    if ((k - from) & 1u)                        /* a pair cut by the end */
        v->a[k - 1] = zero_of(fa, (unsigned)(w >> 8) & 1u);
    g->r = r;
}

/* Swap lane n - 1 with lane u * n / 2^16 (u: 16 random bits): one of the
 * n lanes, each about equally likely (n <= 4096). */
static inline void swap_last(uint8_t *a, uint8_t *b, size_t n, uint64_t u)
{
    size_t j = (size_t)(((u & 0xFFFFu) * n) >> 16);
    uint8_t ta = a[n - 1], tb = b[n - 1];
    a[n - 1] = a[j];
    b[n - 1] = b[j];
    a[j] = ta;
    b[j] = tb;
}

/* Place the lanes at random positions (Fisher-Yates, 16 random bits per
 * position: four positions per draw). */
static void shuffle_lanes(gen *g)
{
    uint8_t *a = g->v->a, *b = g->v->b;
    size_t n = g->v->k;
    rng r = g->r;
    uint64_t w;
    for (; n >= 5; n -= 4) {
        w = next(&r);
        swap_last(a, b, n, w);
        swap_last(a, b, n - 1, w >> 16);
        swap_last(a, b, n - 2, w >> 32);
        swap_last(a, b, n - 3, w >> 48);
    }
    for (w = next(&r); n > 1; n--, w >>= 16)     /* the last 1..3 */
        swap_last(a, b, n, w);
    g->r = r;
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

/* Each byte x (non-zero, finite) with the sign bit 7 of s7 (INT8: -x where
 * the sign differs, and -2 becomes 127/64, the one element without a
 * negation; ~x + 1 stays inside its byte as x is not 0). */
static inline uint64_t with_signs8(const fmt_lanes *fl, int int8, uint64_t x, uint64_t s7)
{
    uint64_t flip, minus2;
    if (!int8)
        return (x & fl->magnitude) | ((s7 & HIGH) >> fl->zero_shift);
    flip = byte_mask((x ^ s7) & HIGH);
    minus2 = byte_mask(zero_bytes(x ^ HIGH)) & flip;
    return ((x & ~flip) | ((~x + BYTES(1)) & flip)) ^ minus2;
}

/* Lanes 0..k-1 = zero products, their signs bit 7 of n7 (8 lanes a word,
 * from next_signs: all `neg`, or random): a zero times a non-zero element
 * (a zero in a 5/8 of the lanes, in b 3/8), or, in a fifth of the first
 * where the zeros' signs give the product's, two zeros (an INT8 zero is
 * +0 only: the sign then comes from the other). Returns the sign of the
 * last lane. */
static unsigned zero_lanes(gen *g, int all_neg, unsigned neg)
{
    mx_vector *v = g->v;
    fmt_lanes la = lanes8[g->fa], lb = lanes8[g->fb];
    int int8a = is_int8(g->fa), int8b = is_int8(g->fb);
    uint64_t n7 = 0;
    size_t i, k = v->k;
    rng r = g->r;
    for (i = 0; i < k; i += 8) {
        uint64_t w1 = next(&r), w2 = next(&r);
        uint64_t xa = nonzero8(&la, next(&r), 0), xb = nonzero8(&lb, next(&r), 0);
        uint64_t za7 = int8a ? 0 : w1 & HIGH, zb7 = int8b ? 0 : (w1 << 1) & HIGH;
        uint64_t a_zero = byte_mask(((w2 & LOW7) + BYTES(128 - 48)) & HIGH);     /* 5/8 */
        uint64_t fifth = byte_mask((~((w1 & BYTES(0x3F)) + BYTES(64 - 13)) & BYTES(0x40)) << 1);
        uint64_t both, a8, b8;
        n7 = all_neg ? (neg ? HIGH : 0) : w2 & HIGH;
        both = a_zero & fifth & byte_mask(~(za7 ^ zb7 ^ n7) & HIGH);
        a8 = (a_zero & (za7 >> la.zero_shift)) | (~a_zero & with_signs8(&la, int8a, xa, n7 ^ zb7));
        b8 = (~(a_zero & ~both) & (zb7 >> lb.zero_shift))
             | (a_zero & ~both & with_signs8(&lb, int8b, xb, n7 ^ za7));
        put_lanes(v, i, a8, b8);
    }
    g->r = r;
    return (unsigned)(n7 >> (8 * ((k - 1) & 7u) + 7)) & 1u;
}

/* The zero-sign rules of SPEC section 2 rule 3, one per group: every term a
 * zero of one sign (40%), mixed zero signs (20%), non-zero terms that
 * cancel exactly (20%), a zero group beside a non-zero c (20%). RDN, where
 * the signs differ, comes from rm. */
static void gen_zeros(gen *g)
{
    mx_vector *v = g->v;
    unsigned rule = below(&g->r, 10), neg = below(&g->r, 2), last = 0;
    set_scales(g, (int)below(&g->r, 509));
    if (rule < 6 || rule >= 8)                  /* (6, 7 fill every lane below) */
        last = zero_lanes(g, rule < 4, neg);
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
    for (i = 0; i < v->k; i += 8) {             /* the extreme bands only */
        uint64_t top = byte_mask(next(&g->r) & HIGH);
        uint64_t a8 = (band8(&top_a, &g->r) & top) | (band8(&low_a, &g->r) & ~top);
        put_lanes(v, i, a8, (band8(&top_b, &g->r) & top) | (band8(&low_b, &g->r) & ~top));
    }
    pattern = below(&g->r, 4);
    i = 0;
    if (pattern == 3) {                         /* the widest sum */
        uint8_t a_big = chance(&g->r, 50) ? negate(g->fa, formats[g->fa].big) : formats[g->fa].big;
        for (i = 0; i < v->k; i++) {
            v->a[i] = a_big;
            v->b[i] = formats[g->fb].big;
        }
    }
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
    for (i = 0; i < v->k; i += 8) {             /* unchecked under a reserved code */
        uint64_t a8 = next(&g->r), b8 = next(&g->r);
        put_lanes(v, i, g->fa < MX_FMT_COUNT ? a8 & lanes8[g->fa].width : a8,
                  g->fb < MX_FMT_COUNT ? b8 & lanes8[g->fb].width : b8);
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

int mx_gen_group(uint64_t seed, uint64_t index, const mx_gen_config *cfg, mx_vector *v)
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
    rng_seed(&g.r, mix(seed ^ mix(index ^ 0x6D78646F74ull)));
    g.v = v;
    g.allowed = valid;
    v->k = c.fixed_k ? c.kmax
                     : group_length(&g.r, &c, (slot + (unsigned)(index / SLOTS)) & 15u);
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

int mx_gen_block(uint64_t seed, uint64_t index, size_t k, mx_vector *v)
{
    mx_gen_config cfg;
    cfg.kmax = k;
    cfg.lanes = 0;
    cfg.formats = 1u << MX_FMT_E4M3;
    cfg.fixed_k = 1;
    cfg.reserved_rm = 0;
    return mx_gen_group(seed, index, &cfg, v);
}
