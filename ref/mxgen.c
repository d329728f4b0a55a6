/*
 * mxgen.c - random and edge-case blocks, reproducible from (seed, index).
 *
 * Every block draws from its own pseudo-random stream, seeded from (seed,
 * index) alone. The kind of a block is fixed by its index (a 16-slot cycle),
 * so every run of 16 or more blocks holds every kind in a fixed share: 4/16
 * uniform random, 3/16 realistic, 9/16 hard cases. Hard cases aim the exact
 * sum at a place where a datapath goes wrong (a rounding midpoint, a near
 * cancellation, the overflow and underflow thresholds, a sticky tail far
 * below); the expected result still comes from the arithmetic, never from
 * the generator.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "mxgen.h"

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

uint64_t mx_gen_mix(uint64_t x)
{
    return mix(x);
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

static const int kind_cycle[16] = {
    MX_GEN_RANDOM, MX_GEN_TYPICAL, MX_GEN_TIE, MX_GEN_CANCEL,
    MX_GEN_RANDOM, MX_GEN_OVERFLOW, MX_GEN_UNDERFLOW, MX_GEN_STICKY,
    MX_GEN_RANDOM, MX_GEN_TYPICAL, MX_GEN_ZEROS, MX_GEN_SPECIAL,
    MX_GEN_RANDOM, MX_GEN_TYPICAL, MX_GEN_TIE, MX_GEN_CANCEL,
};

const char *mx_gen_kind_name(int kind)
{
    static const char *const names[MX_GEN_KINDS] = {
        "random", "typical", "tie", "cancel", "overflow", "underflow",
        "sticky", "zeros", "special"
    };
    return kind >= 0 && kind < MX_GEN_KINDS ? names[kind] : "?";
}

/* ---- building blocks ---------------------------------------------------- */

/* Any E4M3 code but NaN. */
static uint8_t finite_e4m3(rng *r)
{
    uint8_t x;
    do
        x = (uint8_t)next(r);
    while (mx_e4m3_is_nan(x));
    return x;
}

/* E4M3 with exponent field in lo..hi (0..15), random sign and fraction,
 * from one 32-bit draw (never NaN: fraction 7 is left out at e = 15). */
static uint8_t e4m3_from(uint32_t x, unsigned lo, unsigned hi)
{
    unsigned e = lo + scale32(x << 8, hi - lo + 1);
    unsigned m = e == 15 ? ((x >> 24) & 0x3Fu) * 7u >> 6 : (x >> 24) & 7u;
    return (uint8_t)((x >> 31) << 7 | e << 3 | m);
}

static uint8_t e4m3_in(rng *r, unsigned lo, unsigned hi)
{
    return e4m3_from((uint32_t)(next(r) >> 32), lo, hi);
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
static void set_scales(rng *r, mx_vector *v, int total)
{
    int lo, hi, xa;
    if (total < 0) total = 0;
    if (total > 508) total = 508;
    lo = total > 254 ? total - 254 : 0;
    hi = total < 254 ? total : 254;
    xa = lo + (int)below(r, (uint32_t)(hi - lo + 1));
    v->xa = (uint8_t)xa;
    v->xb = (uint8_t)(total - xa);
}

/* Random finite elements; `dense` percent of lanes non-zero. */
static void fill_elements(rng *r, mx_vector *v, unsigned lo, unsigned hi, unsigned dense)
{
    size_t i;
    for (i = 0; i < v->k; i++) {
        uint64_t w = next(r);                   /* one draw per lane */
        if (scale32((uint32_t)w, 100) < dense) {
            v->a[i] = e4m3_from((uint32_t)(w >> 32), lo, hi);
            v->b[i] = e4m3_in(r, lo, hi);
        } else {                                /* a zero times anything */
            v->a[i] = (uint8_t)((w >> 63) << 7);
            v->b[i] = e4m3_from((uint32_t)(w >> 32), 0, 15);
        }
    }
}

/* Lanes that add exactly nothing: x*y next to (-x)*y, and zero lanes, so a
 * targeted sum travels through a busy reduction tree. */
static void fill_neutral(rng *r, mx_vector *v, size_t from)
{
    size_t i = from;
    while (i < v->k) {
        if (i + 1 < v->k && chance(r, 60)) {
            uint8_t x = finite_e4m3(r), y = finite_e4m3(r);
            v->a[i] = x;
            v->b[i] = y;
            v->a[i + 1] = (uint8_t)(x ^ 0x80);
            v->b[i + 1] = y;
            i += 2;
        } else {
            v->a[i] = (uint8_t)(below(r, 2) << 7);
            v->b[i] = finite_e4m3(r);
            i++;
        }
    }
}

/* Place the lanes of v at random positions (shuffle lane pairs). */
static void shuffle_lanes(rng *r, mx_vector *v)
{
    size_t i;
    for (i = v->k; i > 1; i--) {
        size_t j = below(r, (uint32_t)i);
        uint8_t ta = v->a[i - 1], tb = v->b[i - 1];
        v->a[i - 1] = v->a[j];
        v->b[i - 1] = v->b[j];
        v->a[j] = ta;
        v->b[j] = tb;
    }
}

/* Exponent of the MSB of the block term S * 2^E, or a very low value when
 * the sum is zero. */
static int block_top(const mx_vector *v)
{
    mx_block_sum s;
    uint64_t mag;
    int n = 0;
    mx_reduce(v->k, v->a, v->b, &s);
    mag = s.sum < 0 ? (uint64_t)0 - (uint64_t)s.sum : (uint64_t)s.sum;
    if (mag == 0)
        return -1000;
    while (mag >> n)
        n++;
    return n - 1 - 18;            /* exponent of the MSB with scales 2^0 */
}

/* The block term with c = 0 rounded to binary32 (a "near" accumulator). */
static uint32_t block_value(const mx_vector *v, unsigned rm)
{
    return mx_dot(v->k, v->a, v->b, v->xa, v->xb, 0, rm, NULL);
}

/* ---- kinds -------------------------------------------------------------- */

static void gen_random(rng *r, mx_vector *v)
{
    fill_elements(r, v, 0, 15, 85);
    v->xa = (uint8_t)below(r, 255);
    v->xb = (uint8_t)below(r, 255);
    v->c = (uint32_t)next(r);
    if (chance(r, 25))
        v->c = f32_in(r, 0, 254);
    if (mx_f32_is_nan(v->c) && chance(r, 90))
        v->c &= 0xFF7FFFFFu;      /* keep NaN accumulators rare here */
}

static void gen_typical(rng *r, mx_vector *v)
{
    uint32_t d;
    fill_elements(r, v, 1, 15, 95);
    v->xa = (uint8_t)(120 + below(r, 16));
    v->xb = (uint8_t)(120 + below(r, 16));
    d = block_value(v, MX_RNE);
    if (!chance(r, 10) && (d & 0x7F800000u) && (d & 0x7F800000u) != 0x7F800000u) {
        int e = (int)((d >> 23) & 0xFF);
        v->c = f32_in(r, e - 8, e + 8);
    } else {
        v->c = f32_in(r, 100, 150);
    }
}

/* The exact sum lands on a midpoint: c plus an odd multiple of half an ulp
 * of c (in every binade, the subnormal range and at the largest finite). */
static void gen_tie(rng *r, mx_vector *v)
{
    static const uint8_t odd[] = { 0x38, 0x44, 0x4A, 0x4E, 0x51, 0x53, 0x55, 0x57 };
    int ec, half_ulp;
    switch (below(r, 4)) {
    case 0:  ec = 0; break;                     /* subnormal c (or zero) */
    case 1:  ec = 254; break;                   /* near the largest finite */
    case 2:  ec = 1 + (int)below(r, 3); break;  /* bottom binades */
    default: ec = 1 + (int)below(r, 254); break;
    }
    v->c = f32_in(r, ec, ec);
    if (ec == 254 && chance(r, 50))
        v->c |= 0x007FFFFFu;                    /* largest finite magnitude */
    half_ulp = (ec ? ec : 1) - 151;             /* exponent of half an ulp */
    v->a[0] = (uint8_t)(odd[below(r, 8)] | below(r, 2) << 7);
    v->b[0] = 0x38;                             /* 1.0 */
    if (v->k > 1 && chance(r, 30)) {            /* odd/2 + odd/2: same sum */
        v->b[0] = 0x30;                         /* 0.5: split over two lanes */
        v->a[1] = v->a[0];
        v->b[1] = 0x30;
        fill_neutral(r, v, 2);
    } else {
        fill_neutral(r, v, 1);
    }
    shuffle_lanes(r, v);
    set_scales(r, v, half_ulp + 254);
    if (chance(r, 15)) {                        /* zero c: odd * 2^-150 */
        v->c = (uint32_t)below(r, 2) << 31;
        set_scales(r, v, -150 + 254);
    }
}

/* c nearly or exactly cancels the block term. */
static void gen_cancel(rng *r, mx_vector *v)
{
    uint32_t d;
    fill_elements(r, v, 0, 15, 70);
    set_scales(r, v, 254 + (int)below(r, 200) - 100);
    d = block_value(v, below(r, 5));
    if ((d & 0x7F800000u) == 0x7F800000u) {     /* overflowed: pull it down */
        set_scales(r, v, 254);
        d = block_value(v, MX_RNE);
    }
    d ^= 0x80000000u;                           /* opposite sign */
    if (chance(r, 50) && (d & 0x7FFFFFFFu) > 2 && (d & 0x7FFFFFFFu) < 0x7F7FFFFEu)
        d = chance(r, 50) ? d + 1 : d - 1;      /* off by one ulp */
    v->c = d;
}

/* The block term near 2^128 (unbounded), c small or near the largest. */
static void gen_overflow(rng *r, mx_vector *v)
{
    int top;
    fill_elements(r, v, 8, 15, 90);
    top = block_top(v);
    if (top < -100) {
        v->a[0] = 0x7E;
        v->b[0] = 0x7E;
        top = block_top(v);
    }
    set_scales(r, v, 254 + 127 - top + (int)below(r, 3) - 1);
    switch (below(r, 3)) {
    case 0:  v->c = 0; break;
    case 1:  v->c = f32_in(r, 250, 254); break;
    default: v->c = (uint32_t)below(r, 2) << 31 | 0x7F7FFFFFu; break;
    }
}

/* The block term near 2^-126 or inside the subnormal range. */
static void gen_underflow(rng *r, mx_vector *v)
{
    int top, target;
    fill_elements(r, v, 0, 15, below(r, 2) ? 20 : 90);
    top = block_top(v);
    if (top < -100) {
        v->a[0] = 0x38;
        v->b[0] = 0x38;
        top = block_top(v);
    }
    target = chance(r, 50) ? -126 - (int)below(r, 3) : -150 + (int)below(r, 26);
    set_scales(r, v, 254 + target - top);
    switch (below(r, 3)) {
    case 0:  v->c = (uint32_t)below(r, 2) << 31; break;
    case 1:  v->c = f32_in(r, 0, 0); break;     /* subnormal */
    default: v->c = f32_in(r, 1, 2); break;     /* smallest normals */
    }
}

/* One term far below the other: only a sticky bit of it survives. */
static void gen_sticky(rng *r, mx_vector *v)
{
    int top, ec;
    fill_elements(r, v, 0, 15, below(r, 2) ? 10 : 80);
    top = block_top(v);
    if (top < -100) {
        v->a[0] = 0x01;
        v->b[0] = 0x38;
        top = block_top(v);
    }
    ec = 20 + (int)below(r, 215);
    v->c = f32_in(r, ec, ec);
    if (chance(r, 30))
        v->c = (v->c & 0x80000000u) | (uint32_t)ec << 23;   /* power of two */
    if (chance(r, 75))      /* block 1 to 80 bits below c's last bit */
        set_scales(r, v, 254 + (ec - 127) - 24 - (int)below(r, 80) - top);
    else {                  /* c far below the block */
        set_scales(r, v, 200 + (int)below(r, 108));
        v->c = f32_in(r, 0, 40);
    }
}

/* Zeros of either sign in c and in the products; sometimes one product. */
static void gen_zeros(rng *r, mx_vector *v)
{
    size_t i;
    for (i = 0; i < v->k; i++) {
        switch (below(r, 3)) {
        case 0:  v->a[i] = (uint8_t)(below(r, 2) << 7); v->b[i] = finite_e4m3(r); break;
        case 1:  v->a[i] = finite_e4m3(r); v->b[i] = (uint8_t)(below(r, 2) << 7); break;
        default: v->a[i] = (uint8_t)(below(r, 2) << 7); v->b[i] = (uint8_t)(below(r, 2) << 7); break;
        }
    }
    if (chance(r, 40)) {    /* every term a zero of one sign */
        unsigned neg = below(r, 2);
        for (i = 0; i < v->k; i++) {
            v->a[i] = 0x00;                     /* +0 times (-1)^neg * y */
            v->b[i] = (uint8_t)((finite_e4m3(r) & 0x7F) | neg << 7);
        }
        v->c = (uint32_t)neg << 31;
    } else {
        v->c = (uint32_t)below(r, 2) << 31;
    }
    if (chance(r, 20))
        fill_neutral(r, v, 0);                  /* products cancel exactly */
    if (chance(r, 15))
        v->c = f32_in(r, 0, 254);               /* zero block, non-zero c */
    set_scales(r, v, (int)below(r, 509));
}

/* NaN elements, NaN scales, NaN and Inf accumulators. */
static void gen_special(rng *r, mx_vector *v)
{
    size_t lane;
    fill_elements(r, v, 0, 15, 80);
    v->xa = (uint8_t)below(r, 255);
    v->xb = (uint8_t)below(r, 255);
    v->c = f32_in(r, 0, 254);
    lane = below(r, (uint32_t)v->k);
    switch (below(r, 6)) {
    case 0: v->a[lane] = (uint8_t)(0x7F | below(r, 2) << 7); break;
    case 1: v->b[lane] = (uint8_t)(0x7F | below(r, 2) << 7); break;
    case 2: if (chance(r, 50)) v->xa = 0xFF; else v->xb = 0xFF; break;
    case 3: v->c = 0x7FC00000u | (uint32_t)(next(r) & 0x803FFFFFu); break; /* quiet */
    case 4: v->c = 0x7F800001u | (uint32_t)(next(r) & 0x803FFFFEu); break; /* signaling */
    default: v->c = (uint32_t)below(r, 2) << 31 | 0x7F800000u; break;      /* Inf */
    }
    if (chance(r, 20))      /* a second special, to test the order */
        v->c = chance(r, 50) ? 0x7F800000u | (uint32_t)below(r, 2) << 31
                             : 0x7F800000u | (uint32_t)(1 + below(r, 0x3FFFFF));
}

int mx_gen_block(uint64_t seed, uint64_t index, size_t k, mx_vector *v)
{
    rng r;
    int kind = kind_cycle[index % 16];
    if (k < 1) k = 1;
    if (k > MX_K_MAX) k = MX_K_MAX;
    r.state = mix(seed ^ mix(index ^ 0x6D78646F74ull));
    memset(v->a, 0, k);
    memset(v->b, 0, k);
    v->k = k;
    v->has_result = 0;
    v->d = 0;
    v->flags = 0;
    v->rm = below(&r, 5);
    switch (kind) {
    case MX_GEN_RANDOM:    gen_random(&r, v); break;
    case MX_GEN_TYPICAL:   gen_typical(&r, v); break;
    case MX_GEN_TIE:       gen_tie(&r, v); break;
    case MX_GEN_CANCEL:    gen_cancel(&r, v); break;
    case MX_GEN_OVERFLOW:  gen_overflow(&r, v); break;
    case MX_GEN_UNDERFLOW: gen_underflow(&r, v); break;
    case MX_GEN_STICKY:    gen_sticky(&r, v); break;
    case MX_GEN_ZEROS:     gen_zeros(&r, v); break;
    default:               gen_special(&r, v); break;
    }
    return kind;
}
