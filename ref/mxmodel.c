/*
 * mxmodel.c - accumulation models of truncating fused dot-product units
 * (mxmodel.h), beside the exact contract of mxdot.c.
 *
 * Everything on the defining path is integer arithmetic. A chunk's aligned
 * terms are added in one int64_t: a term is below 2^(frac_bits+2) (a
 * product significand is below 4, c's below 2) and a chunk has at most
 * MX_K_MAX + 1 terms, so frac_bits <= MX_MODEL_FRAC_MAX = 48 keeps the sum
 * below 2^63.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "mxmodel.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the presets ---- */

typedef struct {
    const char *name;
    const char *help;
    mx_model    model;
} model_preset;

#define FMT_FP8   ((1u << MX_FMT_E4M3) | (1u << MX_FMT_E5M2))
#define FMT_F8F6F4 (FMT_FP8 | (1u << MX_FMT_E3M2) | (1u << MX_FMT_E2M3) | (1u << MX_FMT_E2M1))

static const model_preset presets[] = {
    { "exact", "SPEC section 2: exact sum, one rounding per group (the RTL)",
      { 1, MX_K_MAX, 1, MX_MODEL_FRAC_MAX, 0, MX_MODEL_ZEXP_NONE, 24, MX_MODEL_ROUND_RM,
        24, MX_RNE, 0, 0, MX_MODEL_OVF_IEEE, MX_MODEL_ZERO_IEEE, MX_MODEL_FLAGS_FINAL,
        MX_F32_QNAN, MX_FMT_ALL } },
    /* MMA-Sim 2.1.1, MMA_ST_FDPA(F=25, rho="RZ-FP32", L_max=32, e_zero=-133)
     * for tcgen05.mma kind::mxf8f6f4 block32 f32 (docs/accuracy.md). */
    { "blackwell", "NVIDIA Blackwell tcgen05.mma kind::mxf8f6f4 (MMA-Sim): 32 products "
                   "and c aligned, 25 bits, truncated, RZ to binary32",
      { 0, 32, 1, 25, 0, -133, 24, MX_RTZ, 24, MX_RNE, 0, 0, MX_MODEL_OVF_INF,
        MX_MODEL_ZERO_POS, MX_MODEL_FLAGS_NONE, 0x7FFFFFFFu, FMT_F8F6F4 } },
    /* MMA-Sim 2.1.1, MMA_T_FDPA(F=13, rho="RZ-E8M13", L_max=32, e_zero=-133)
     * for wgmma m64nNk32 f32 e4m3/e5m2. wgmma has no scale inputs: here the
     * scales shift the product exponents, as on Blackwell. */
    { "hopper", "NVIDIA Hopper wgmma FP8 (MMA-Sim): 32 products and c aligned, "
                "13 bits, truncated, RZ to 14 significant bits",
      { 0, 32, 1, 13, 0, -133, 14, MX_RTZ, 24, MX_RNE, 0, 0, MX_MODEL_OVF_INF,
        MX_MODEL_ZERO_POS, MX_MODEL_FLAGS_NONE, 0x7FFFFFFFu, FMT_FP8 } },
    /* The conventional unit of tests/conv_model.c (the comparison design of
     * make synth-compare before the Blackwell-compatible synth/conv/mxdot_bw.v):
     * products aligned and cut to 24 bits (22 fraction bits), the sum rounded
     * to 24 bits, then c + sum rounded once; a 32-lane unit. */
    { "conv", "a conventional two-step unit (tests/conv_model.c): 32 products aligned and cut "
              "at 22 bits, sum rounded to 24 bits (RNE), then c + sum rounded in rm",
      { 0, 32, 0, 22, 0, MX_MODEL_ZEXP_NONE, 24, MX_MODEL_ROUND_RM, 24, MX_RNE, 0, 0,
        MX_MODEL_OVF_IEEE, MX_MODEL_ZERO_IEEE, MX_MODEL_FLAGS_FINAL, MX_F32_QNAN,
        1u << MX_FMT_E4M3 } },
};
#define PRESET_COUNT (sizeof presets / sizeof presets[0])

size_t mx_model_preset_count(void) { return PRESET_COUNT; }

const char *mx_model_preset_name(size_t i)
{
    return i < PRESET_COUNT ? presets[i].name : NULL;
}

const char *mx_model_preset_help(size_t i)
{
    return i < PRESET_COUNT ? presets[i].help : NULL;
}

/* ---- parameters: check, parse, format ---- */

static int fail(char *err, size_t errlen, const char *what, const char *detail)
{
    if (err && errlen)
        snprintf(err, errlen, "%s: %s", what, detail);
    return -1;
}

static int in_range(int v, int lo, int hi) { return v >= lo && v <= hi; }

int mx_model_check(const mx_model *m, char *err, size_t errlen)
{
    if (m->exact != 0 && m->exact != 1)
        return fail(err, errlen, "exact", "must be 0 or 1");
    if (m->exact)
        return 0;
    if (m->chunk < 1 || m->chunk > MX_K_MAX)
        return fail(err, errlen, "chunk", "must be 1..4096");
    if (!in_range(m->c_joins, 0, 1))
        return fail(err, errlen, "cjoin", "must be 0 or 1");
    if (!in_range(m->frac_bits, 1, MX_MODEL_FRAC_MAX))
        return fail(err, errlen, "frac", "must be 1..48");
    if (!in_range(m->sticky, 0, 1))
        return fail(err, errlen, "sticky", "must be 0 or 1");
    if (m->zero_exp != MX_MODEL_ZEXP_NONE && !in_range(m->zero_exp, -1000, 1000))
        return fail(err, errlen, "zexp", "must be -1000..1000 or none");
    if (!in_range(m->out_bits, 2, 24))
        return fail(err, errlen, "bits", "must be 2..24");
    if (m->round != MX_MODEL_ROUND_RM && !in_range(m->round, 0, 4))
        return fail(err, errlen, "round", "must be rm or a mode 0..4");
    if (!in_range(m->sum_bits, 2, 32))
        return fail(err, errlen, "sumbits", "must be 2..32");
    if (!in_range(m->sum_round, 0, 4))
        return fail(err, errlen, "sumround", "must be a mode 0..4");
    if (!in_range(m->ftz_in, 0, 1) || !in_range(m->ftz_out, 0, 1))
        return fail(err, errlen, "ftzin/ftzout", "must be 0 or 1");
    if (!in_range(m->overflow, 0, 2))
        return fail(err, errlen, "ovf", "must be ieee, inf or sat");
    if (!in_range(m->zero_sign, 0, 1))
        return fail(err, errlen, "zero", "must be ieee or pos");
    if (!in_range(m->flags, 0, 2))
        return fail(err, errlen, "flags", "must be none, final or any");
    if (!mx_f32_is_nan(m->nan))
        return fail(err, errlen, "nan", "must be a binary32 NaN pattern");
    if (m->formats == 0 || (m->formats & ~MX_FMT_ALL))
        return fail(err, errlen, "formats", "must be a non-empty mask of codes 0..5");
    return 0;
}

static const char *const round_names[] = { "rne", "rtz", "rdn", "rup", "rmm" };
static const char *const ovf_names[]   = { "ieee", "inf", "sat" };
static const char *const zero_names[]  = { "ieee", "pos" };
static const char *const flags_names[] = { "none", "final", "any" };

static int same_word(const char *a, size_t n, const char *b)
{
    size_t i;
    if (strlen(b) != n)
        return 0;
    for (i = 0; i < n; i++)
        if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
            return 0;
    return 1;
}

static int keyword(const char *v, size_t n, const char *const *names, int count)
{
    int i;
    for (i = 0; i < count; i++)
        if (same_word(v, n, names[i]))
            return i;
    return -1;
}

/* A decimal integer filling exactly v[0..n-1]. */
static int parse_int(const char *v, size_t n, int *out)
{
    char buf[24], *end;
    long x;
    if (n == 0 || n >= sizeof buf)
        return -1;
    memcpy(buf, v, n);
    buf[n] = '\0';
    x = strtol(buf, &end, 10);
    if (*end != '\0' || x < -100000 || x > 100000)
        return -1;
    *out = (int)x;
    return 0;
}

static int parse_hex(const char *v, size_t n, uint32_t *out)
{
    char buf[12], *end;
    unsigned long x;
    if (n == 0 || n > 8)
        return -1;
    memcpy(buf, v, n);
    buf[n] = '\0';
    x = strtoul(buf, &end, 16);
    if (*end != '\0' || !isxdigit((unsigned char)buf[0]))
        return -1;
    *out = (uint32_t)x;
    return 0;
}

/* Apply one key=value to *m. */
static int apply_key(mx_model *m, const char *key, size_t kn, const char *val, size_t vn,
                     char *err, size_t errlen)
{
    int iv = 0, ok = 0;
    uint32_t hv;
    char what[40];

    snprintf(what, sizeof what, "key %.*s", (int)(kn < 20 ? kn : 20), key);
    if (same_word(key, kn, "chunk"))
        ok = !parse_int(val, vn, &iv) && iv >= 1 && (m->chunk = (unsigned)iv, 1);
    else if (same_word(key, kn, "cjoin"))
        ok = !parse_int(val, vn, &m->c_joins);
    else if (same_word(key, kn, "frac"))
        ok = !parse_int(val, vn, &m->frac_bits);
    else if (same_word(key, kn, "sticky"))
        ok = !parse_int(val, vn, &m->sticky);
    else if (same_word(key, kn, "zexp"))
        ok = same_word(val, vn, "none") ? (m->zero_exp = MX_MODEL_ZEXP_NONE, 1)
                                        : !parse_int(val, vn, &m->zero_exp);
    else if (same_word(key, kn, "bits"))
        ok = !parse_int(val, vn, &m->out_bits);
    else if (same_word(key, kn, "round"))
        ok = same_word(val, vn, "rm") ? (m->round = MX_MODEL_ROUND_RM, 1)
                                      : (m->round = keyword(val, vn, round_names, 5)) >= 0;
    else if (same_word(key, kn, "sumbits"))
        ok = !parse_int(val, vn, &m->sum_bits);
    else if (same_word(key, kn, "sumround"))
        ok = (m->sum_round = keyword(val, vn, round_names, 5)) >= 0;
    else if (same_word(key, kn, "ftzin"))
        ok = !parse_int(val, vn, &m->ftz_in);
    else if (same_word(key, kn, "ftzout"))
        ok = !parse_int(val, vn, &m->ftz_out);
    else if (same_word(key, kn, "ovf"))
        ok = (m->overflow = keyword(val, vn, ovf_names, 3)) >= 0;
    else if (same_word(key, kn, "zero"))
        ok = (m->zero_sign = keyword(val, vn, zero_names, 2)) >= 0;
    else if (same_word(key, kn, "flags"))
        ok = (m->flags = keyword(val, vn, flags_names, 3)) >= 0;
    else if (same_word(key, kn, "nan"))
        ok = !parse_hex(val, vn, &m->nan);
    else if (same_word(key, kn, "formats"))
        ok = !parse_hex(val, vn, &hv) && (m->formats = hv, 1);
    else
        return fail(err, errlen, what, "unknown key");
    return ok ? 0 : fail(err, errlen, what, "bad value");
}

int mx_model_parse(const char *spec, mx_model *m, char *err, size_t errlen)
{
    const char *p = spec, *tok;
    size_t n, i;
    int found = 0;

    if (!spec)
        return fail(err, errlen, "model", "no name");
    n = strcspn(p, ",");
    if (same_word(p, n, "custom")) {
        *m = presets[1].model;
        found = 1;
    }
    for (i = 0; !found && i < PRESET_COUNT; i++)
        if (same_word(p, n, presets[i].name)) {
            *m = presets[i].model;
            found = 1;
        }
    if (!found)
        return fail(err, errlen, "model", "unknown name (exact, blackwell, hopper, conv, custom)");
    p += n;
    while (*p == ',') {
        const char *eq;
        tok = ++p;
        n = strcspn(tok, ",");
        eq = (const char *)memchr(tok, '=', n);
        if (!eq)
            return fail(err, errlen, "model", "expected key=value after a comma");
        if (m->exact)
            return fail(err, errlen, "model", "exact takes no parameters");
        if (apply_key(m, tok, (size_t)(eq - tok), eq + 1, n - (size_t)(eq - tok) - 1,
                      err, errlen))
            return -1;
        p = tok + n;
    }
    return mx_model_check(m, err, errlen);
}

int mx_model_format(const mx_model *m, char *buf, size_t len)
{
    char zexp[16], round[8];
    if (m->exact)
        return snprintf(buf, len, "exact");
    if (m->zero_exp == MX_MODEL_ZEXP_NONE)
        snprintf(zexp, sizeof zexp, "none");
    else
        snprintf(zexp, sizeof zexp, "%d", m->zero_exp);
    snprintf(round, sizeof round, "%s",
             m->round == MX_MODEL_ROUND_RM ? "rm" : round_names[m->round]);
    return snprintf(buf, len,
                    "custom,chunk=%u,cjoin=%d,frac=%d,sticky=%d,zexp=%s,bits=%d,round=%s,"
                    "sumbits=%d,sumround=%s,ftzin=%d,ftzout=%d,ovf=%s,zero=%s,flags=%s,"
                    "nan=%08X,formats=%X",
                    m->chunk, m->c_joins, m->frac_bits, m->sticky, zexp, m->out_bits, round,
                    m->sum_bits, round_names[m->sum_round], m->ftz_in, m->ftz_out,
                    ovf_names[m->overflow], zero_names[m->zero_sign], flags_names[m->flags],
                    (unsigned)m->nan, m->formats);
}

/* ---- rounding ---- */

static int bit_length(uint64_t x)
{
    int n = 0;
    while (x) {
        n++;
        x >>= 1;
    }
    return n;
}

/* Whether mode rm, for a value of the given sign, adds one unit to the kept
 * part q when the dropped part compares to half a unit as cmp (-1 below,
 * 0 equal, 1 above) and is non-zero (rest). */
static int round_up(unsigned rm, unsigned sign, int cmp, int rest, uint64_t q)
{
    switch (rm) {
    case MX_RNE: return cmp > 0 || (cmp == 0 && (q & 1u));
    case MX_RMM: return cmp >= 0;
    case MX_RDN: return sign && rest;
    case MX_RUP: return !sign && rest;
    default:     return 0; /* MX_RTZ */
    }
}

/* mag with `drop` low bits removed, rounded in mode rm (drop >= 0). The
 * result may be 2^(bit_length(mag) - drop) after a carry. */
static uint64_t shift_round(unsigned sign, uint64_t mag, int drop, unsigned rm, int *inexact)
{
    uint64_t q, rest, half;
    int cmp;
    if (drop <= 0) {
        *inexact = 0;
        return mag;
    }
    if (drop > 64) {
        q = 0;
        rest = mag;
        cmp = -1; /* mag < 2^64 <= half a unit */
    } else {
        q = drop == 64 ? 0 : mag >> drop;
        rest = drop == 64 ? mag : mag & ((((uint64_t)1) << drop) - 1u);
        half = ((uint64_t)1) << (drop - 1);
        cmp = rest > half ? 1 : rest == half ? 0 : -1;
    }
    *inexact = rest != 0;
    return q + (uint64_t)round_up(rm, sign, cmp, rest != 0, q);
}

/* Largest finite binary32 with `bits` significant bits. */
static uint32_t max_finite(int bits)
{
    return 0x7F7FFFFFu & ~((((uint32_t)1) << (24 - bits)) - 1u);
}

static uint32_t overflow_result(unsigned sign, unsigned rm, int bits, int ovf)
{
    uint32_t inf = 0x7F800000u, big = max_finite(bits), s = (uint32_t)sign << 31;
    int to_inf;
    if (ovf == MX_MODEL_OVF_INF)
        to_inf = 1;
    else if (ovf == MX_MODEL_OVF_SAT)
        to_inf = 0;
    else
        to_inf = rm == MX_RNE || rm == MX_RMM || (rm == MX_RDN && sign) || (rm == MX_RUP && !sign);
    return s | (to_inf ? inf : big);
}

uint32_t mx_model_round(unsigned sign, uint64_t mag, int exp, int bits, unsigned rm,
                        int ovf, int *inexact, int *tiny, int *overflowed)
{
    int n, top, lsb, lsb_free, inx, inx_free, rtop;
    uint64_t r, r_free;
    uint32_t s = (uint32_t)sign << 31;

    if (inexact)
        *inexact = 0;
    if (tiny)
        *tiny = 0;
    if (overflowed)
        *overflowed = 0;
    if (mag == 0)
        return s;
    n = bit_length(mag);
    top = exp + n - 1; /* 2^top <= value < 2^(top+1) */

    /* tininess after rounding: the unbounded-exponent result below 2^-126 */
    lsb_free = top - (bits - 1);
    r_free = shift_round(sign, mag, lsb_free - exp, rm, &inx_free);
    rtop = (lsb_free > exp ? lsb_free : exp) + bit_length(r_free) - 1;
    if (tiny)
        *tiny = rtop < -126;

    /* the delivered result: quantum 2^(-126-(bits-1)) at the bottom */
    lsb = lsb_free > -126 - (bits - 1) ? lsb_free : -126 - (bits - 1);
    if (lsb <= exp) {
        r = mag; /* exact: the value has no bits below lsb */
        lsb = exp;
        inx = 0;
    } else {
        r = shift_round(sign, mag, lsb - exp, rm, &inx);
    }
    if (inexact)
        *inexact = inx;
    if (r == 0)
        return s;
    n = bit_length(r);
    top = lsb + n - 1;
    if (top >= 128) {
        if (overflowed)
            *overflowed = 1;
        if (inexact)
            *inexact = 1;
        return overflow_result(sign, rm, bits, ovf);
    }
    if (top >= -126) { /* normal: 24-bit significand, hidden bit at 23 */
        uint64_t sig = n <= 24 ? r << (24 - n) : r >> (n - 24); /* n > 24 drops zeros only */
        return s | ((uint32_t)(top + 127) << 23) | ((uint32_t)sig & 0x7FFFFFu);
    }
    /* subnormal: r * 2^lsb = f * 2^-149 */
    return s | (uint32_t)(r << (lsb + 149));
}

/* Unbounded-exponent rounding of mag * 2^exp to `bits` bits: *sig < 2^bits
 * (normalized after a carry), value *sig * 2^*sexp. */
static void round_free(unsigned sign, uint64_t mag, int exp, int bits, unsigned rm,
                       uint64_t *sig, int *sexp, int *inexact)
{
    int drop = bit_length(mag) - bits;
    if (drop <= 0) {
        *sig = mag;
        *sexp = exp;
        *inexact = 0;
        return;
    }
    *sig = shift_round(sign, mag, drop, rm, inexact);
    *sexp = exp + drop;
    if (bit_length(*sig) > bits) { /* carry: 2^bits */
        *sig >>= 1;
        (*sexp)++;
    }
}

/* ---- the unit's view of its inputs ---- */

/* An element or c as the unit sees it: (-1)^neg * sig * 2^(exp - frac)
 * with exp the exponent field minus the bias, clamped at the smallest
 * normal exponent (no normalization of subnormals). */
typedef struct {
    unsigned neg;
    uint32_t sig;
    int      exp;
    int      frac;
    int      sub;   /* subnormal (non-zero, exponent field 0) */
    int      inf;
    int      nan;
} unit_operand;

static void sm_fields(uint8_t x, int width, int ebits, int mbits, int bias, unit_operand *u)
{
    unsigned e = (unsigned)(x >> mbits) & ((1u << ebits) - 1u);
    unsigned m = (unsigned)x & ((1u << mbits) - 1u);
    u->neg = (unsigned)(x >> (width - 1)) & 1u;
    u->sig = (e ? 1u << mbits : 0u) | m;
    u->exp = (int)(e ? e : 1u) - bias;
    u->frac = mbits;
    u->sub = e == 0 && m != 0;
}

static void decode_elem(unsigned fmt, uint8_t x, unit_operand *u)
{
    memset(u, 0, sizeof *u);
    switch (fmt) {
    case MX_FMT_E4M3:
        sm_fields(x, 8, 4, 3, 7, u);
        u->nan = (x & 0x7Fu) == 0x7Fu;
        break;
    case MX_FMT_E5M2:
        sm_fields(x, 8, 5, 2, 15, u);
        u->inf = (x & 0x7Fu) == 0x7Cu;
        u->nan = (x & 0x7Cu) == 0x7Cu && (x & 3u);
        break;
    case MX_FMT_E3M2: sm_fields(x & 0x3Fu, 6, 3, 2, 3, u); break;
    case MX_FMT_E2M3: sm_fields(x & 0x3Fu, 6, 2, 3, 1, u); break;
    case MX_FMT_E2M1: sm_fields(x & 0x0Fu, 4, 2, 1, 1, u); break;
    default: { /* MX_FMT_INT8: i * 2^-6, a fixed-point value */
        int i = x >= 0x80u ? (int)x - 256 : (int)x;
        u->neg = i < 0;
        u->sig = (uint32_t)(i < 0 ? -i : i);
        u->exp = 0;
        u->frac = 6;
        break;
    }
    }
}

static void decode_c(uint32_t c, unit_operand *u)
{
    unsigned e = mx_f32_exp(c);
    memset(u, 0, sizeof *u);
    u->neg = mx_f32_sign(c);
    u->nan = mx_f32_is_nan(c);
    u->inf = mx_f32_is_inf(c);
    u->sig = (e ? 0x800000u : 0u) | mx_f32_frac(c);
    u->exp = (int)(e ? e : 1u) - 127;
    u->frac = 23;
    u->sub = e == 0 && mx_f32_frac(c) != 0;
}

/* ---- one chunk ---- */

/* A term of the alignment: (-1)^neg * sig * 2^(exp - frac). */
typedef struct {
    unsigned neg;
    uint32_t sig;
    int      exp;
    int      frac;
} term;

/* Product a*b as the unit sees it; sig == 0 for a zero product (its sign
 * in neg). Subnormal elements are zeros under ftz_in. */
static void product_term(const mx_model *m, unsigned fa, unsigned fb, uint8_t a, uint8_t b,
                         int scale, term *t)
{
    unit_operand ua, ub;
    decode_elem(fa, a, &ua);
    decode_elem(fb, b, &ub);
    t->neg = ua.neg ^ ub.neg;
    t->sig = (m->ftz_in && (ua.sub || ub.sub)) ? 0u : ua.sig * ub.sig;
    t->exp = ua.exp + ub.exp + scale;
    t->frac = ua.frac + ub.frac;
}

/* c as a term (a zero under ftz_in when subnormal). */
static void c_term(const mx_model *m, uint32_t c, term *t)
{
    unit_operand uc;
    decode_c(c, &uc);
    t->neg = uc.neg;
    t->sig = (m->ftz_in && uc.sub) ? 0u : uc.sig;
    t->exp = uc.exp;
    t->frac = uc.frac;
}

/* What a chunk's terms add up to: value sum * 2^(emax - frac_bits). */
typedef struct {
    int64_t sum;
    int     emax;
    int     have;      /* some term fixed emax (else sum is 0) */
    int     nonzero;   /* some term is non-zero */
    int     zero_pos;  /* some zero term is +0 */
    int     zero_neg;  /* some zero term is -0 */
    int     dropped;   /* an alignment dropped a non-zero bit */
} chunk_sum;

static void scan_term(const mx_model *m, const term *t, chunk_sum *s)
{
    int e;
    if (t->sig == 0) {
        if (t->neg)
            s->zero_neg = 1;
        else
            s->zero_pos = 1;
        if (m->zero_exp == MX_MODEL_ZEXP_NONE)
            return;
        e = m->zero_exp;
    } else {
        s->nonzero = 1;
        e = t->exp;
    }
    if (!s->have || e > s->emax)
        s->emax = e;
    s->have = 1;
}

/* Cut sig * 2^(exp - frac) to the grid 2^(emax - F) and add it: toward
 * zero, or with the dropped bits jammed into the last kept bit. */
static void add_term(const mx_model *m, const term *t, chunk_sum *s)
{
    int sh = t->exp - s->emax + m->frac_bits - t->frac;
    uint64_t mag, lost;
    if (t->sig == 0)
        return;
    if (sh >= 0) {
        mag = (uint64_t)t->sig << sh; /* sh <= frac_bits - frac: below 2^(frac_bits+2) */
    } else {
        mag = sh > -64 ? (uint64_t)t->sig >> -sh : 0u;
        lost = sh > -64 ? (uint64_t)t->sig & ((((uint64_t)1) << -sh) - 1u) : t->sig;
        if (lost) {
            s->dropped = 1;
            mag |= (uint64_t)(m->sticky != 0);
        }
    }
    s->sum += t->neg ? -(int64_t)mag : (int64_t)mag;
}

/* The chunk's products (and c when cjoin): two passes, emax then the sum. */
static void chunk_add_up(const mx_model *m, size_t k, const uint8_t *a, const uint8_t *b,
                         unsigned fa, unsigned fb, int scale, const term *c, chunk_sum *s)
{
    term t;
    size_t i;
    memset(s, 0, sizeof *s);
    for (i = 0; i < k; i++) {
        product_term(m, fa, fb, a[i], b[i], scale, &t);
        scan_term(m, &t, s);
    }
    if (c)
        scan_term(m, c, s);
    if (!s->have)
        return;
    for (i = 0; i < k; i++) {
        product_term(m, fa, fb, a[i], b[i], scale, &t);
        add_term(m, &t, s);
    }
    if (c)
        add_term(m, c, s);
}

/* The running state of a group between chunks. */
typedef struct {
    uint32_t c;       /* accumulator: the group's c, then each chunk's d */
    unsigned flags;
} chunk_state;

/* Special values of one chunk (rule 1 and 2 of SPEC with the model's NaN).
 * Returns 1 when the chunk's result is decided (written to st->c). */
static int chunk_specials(const mx_model *m, size_t k, const uint8_t *a, const uint8_t *b,
                          unsigned fa, unsigned fb, int scale_nan, chunk_state *st)
{
    unit_operand ua, ub, uc;
    int nan = scale_nan, invalid = 0, pinf = 0, ninf = 0;
    size_t i;
    decode_c(st->c, &uc);
    nan |= uc.nan;
    for (i = 0; i < k && !nan; i++) {
        decode_elem(fa, a[i], &ua);
        decode_elem(fb, b[i], &ub);
        nan |= ua.nan || ub.nan;
    }
    if (nan) {
        if (m->flags != MX_MODEL_FLAGS_NONE && mx_f32_is_snan(st->c))
            st->flags |= MX_FLAG_NV;
        st->c = m->nan;
        return 1;
    }
    for (i = 0; i < k; i++) {
        decode_elem(fa, a[i], &ua);
        decode_elem(fb, b[i], &ub);
        if (ua.inf || ub.inf) {
            unit_operand *other = ua.inf ? &ub : &ua;
            if (!other->inf && other->sig == 0)
                invalid = 1;
            else if (ua.neg ^ ub.neg)
                ninf = 1;
            else
                pinf = 1;
        }
    }
    if (uc.inf) {
        if (uc.neg)
            ninf = 1;
        else
            pinf = 1;
    }
    if (invalid || (pinf && ninf)) {
        if (m->flags != MX_MODEL_FLAGS_NONE)
            st->flags |= MX_FLAG_NV;
        st->c = m->nan;
        return 1;
    }
    if (pinf || ninf) {
        st->c = ninf ? 0xFF800000u : 0x7F800000u;
        return 1;
    }
    return 0;
}

/* Rounding mode in force: the model's fixed one or the group's. */
static unsigned mode_of(const mx_model *m, unsigned rm)
{
    return m->round == MX_MODEL_ROUND_RM ? rm : (unsigned)m->round;
}

/* The final rounding of (-1)^sign * mag * 2^exp, with ftz_out and the
 * flags of the last rounding step (plus `dropped` under FLAGS_ANY). */
static uint32_t deliver(const mx_model *m, unsigned sign, uint64_t mag, int exp, unsigned rm,
                        int dropped, unsigned *flags)
{
    int inx, tiny, ovf;
    uint32_t d = mx_model_round(sign, mag, exp, m->out_bits, rm, m->overflow, &inx, &tiny, &ovf);
    if (m->ftz_out && !ovf && mx_f32_exp(d) == 0) {
        inx = inx || (d & 0x7FFFFFFFu) != 0;
        d = (uint32_t)sign << 31;
        tiny = 1;
    }
    if (m->flags == MX_MODEL_FLAGS_ANY && dropped)
        inx = 1;
    if (m->flags != MX_MODEL_FLAGS_NONE) {
        if (ovf)
            *flags |= MX_FLAG_OF | MX_FLAG_NX;
        if (inx)
            *flags |= MX_FLAG_NX;
        if (tiny && inx)
            *flags |= MX_FLAG_UF;
    }
    if (m->zero_sign == MX_MODEL_ZERO_POS && (d & 0x7FFFFFFFu) == 0)
        d = 0;
    return d;
}

/* A zero sum: rule 3 of SPEC (every term a zero: their common sign, mixed
 * signs +0; non-zero terms cancelled: +0; both -0 under RDN), or +0 under
 * MX_MODEL_ZERO_POS. */
static uint32_t zero_result(const mx_model *m, int all_zero, int zero_pos, int zero_neg,
                            unsigned rm)
{
    if (m->zero_sign == MX_MODEL_ZERO_POS)
        return 0;
    if (all_zero && zero_neg && !zero_pos)
        return 0x80000000u;
    if (all_zero && zero_pos && !zero_neg)
        return 0;
    return rm == MX_RDN ? 0x80000000u : 0u;
}

/* c + b exactly enough for any rounding to at most 32 bits, both
 * (-1)^neg * sig * 2^exp with sig < 2^32: the operand with the higher top
 * bit has its top at bit 61 of the window; bits of the other below bit 0
 * become a jam bit. That only happens when the other is below 2^32 in the
 * window, so the sum is at least 2^60 and the jam lies far below any
 * rounding position, strictly between the same neighbours as the truth. */
static void add_exact(unsigned na, uint64_t sa, int ea, unsigned nb, uint64_t sb, int eb,
                      unsigned *neg, uint64_t *mag, int *exp)
{
    unsigned nh = na, nl = nb;
    uint64_t hi = sa, lo = sb;
    int eh = ea, el = eb, wexp, sh;
    int64_t s;
    if (eb + bit_length(sb) > ea + bit_length(sa)) {
        nh = nb; nl = na; hi = sb; lo = sa; eh = eb; el = ea;
    }
    wexp = eh - (61 - (bit_length(hi) - 1));
    hi <<= eh - wexp;
    sh = el - wexp;
    if (sh >= 0) {
        lo <<= sh;
    } else if (sh > -64) {
        uint64_t lost = lo & ((((uint64_t)1) << -sh) - 1u);
        lo = (lo >> -sh) | (uint64_t)(lost != 0);
    } else {
        lo = lo != 0;
    }
    s = (nh ? -(int64_t)hi : (int64_t)hi) + (nl ? -(int64_t)lo : (int64_t)lo);
    *neg = s < 0;
    *mag = (uint64_t)(s < 0 ? -s : s);
    *exp = wexp;
}

/* One chunk, fused: c is a term of the alignment. */
static void chunk_fused(const mx_model *m, size_t k, const uint8_t *a, const uint8_t *b,
                        unsigned fa, unsigned fb, int scale, unsigned rm, chunk_state *st)
{
    term c;
    chunk_sum s;
    c_term(m, st->c, &c);
    chunk_add_up(m, k, a, b, fa, fb, scale, &c, &s);
    if (s.sum == 0) {
        if (m->flags == MX_MODEL_FLAGS_ANY && s.dropped)
            st->flags |= MX_FLAG_NX;
        st->c = zero_result(m, !s.nonzero, s.zero_pos, s.zero_neg, rm);
        return;
    }
    st->c = deliver(m, s.sum < 0, (uint64_t)(s.sum < 0 ? -s.sum : s.sum),
                    s.emax - m->frac_bits, rm, s.dropped, &st->flags);
}

/* One chunk, two-step: the product sum rounded to sum_bits, then c + sum
 * rounded once (an IEEE addition of c and the rounded block term; a block
 * term that is zero is +0). */
static void chunk_two_step(const mx_model *m, size_t k, const uint8_t *a, const uint8_t *b,
                           unsigned fa, unsigned fb, int scale, unsigned rm, chunk_state *st)
{
    term c;
    chunk_sum s;
    int bexp, sum_inx, sexp;
    uint64_t bsig, smag;
    unsigned bneg, sneg;

    c_term(m, st->c, &c);
    chunk_add_up(m, k, a, b, fa, fb, scale, NULL, &s);
    if (m->flags == MX_MODEL_FLAGS_ANY && s.dropped)
        st->flags |= MX_FLAG_NX;
    if (s.sum == 0) {
        if (c.sig == 0)
            st->c = zero_result(m, 1, 1, c.neg, rm);
        return; /* c + 0 = c, exact */
    }
    bneg = s.sum < 0;
    round_free(bneg, (uint64_t)(s.sum < 0 ? -s.sum : s.sum), s.emax - m->frac_bits,
               m->sum_bits, (unsigned)m->sum_round, &bsig, &bexp, &sum_inx);
    if (c.sig == 0) {
        st->c = deliver(m, bneg, bsig, bexp, rm, s.dropped || sum_inx, &st->flags);
        return;
    }
    add_exact(c.neg, c.sig, c.exp - c.frac, bneg, bsig, bexp, &sneg, &smag, &sexp);
    if (smag == 0) {
        if (m->flags == MX_MODEL_FLAGS_ANY && sum_inx)
            st->flags |= MX_FLAG_NX;
        st->c = zero_result(m, 0, 0, 0, rm);
        return;
    }
    st->c = deliver(m, sneg, smag, sexp, rm, s.dropped || sum_inx, &st->flags);
}

static int carried(const mx_model *m, unsigned fmt)
{
    return fmt < MX_FMT_COUNT && ((m->formats >> fmt) & 1u);
}

uint32_t mx_model_dot(const mx_model *m, size_t k, const uint8_t *a, const uint8_t *b,
                      unsigned fa, unsigned fb, uint8_t xa, uint8_t xb, uint32_t c,
                      unsigned rm, unsigned *flags)
{
    chunk_state st;
    size_t done;
    int scale;
    unsigned mode;

    if (m->exact)
        return mx_dot_fmt(k, a, b, fa, fb, xa, xb, c, rm, flags);
    if (rm > MX_RMM || !carried(m, fa) || !carried(m, fb) || k == 0 || k > MX_K_MAX || !a || !b) {
        if (flags)
            *flags = MX_FLAG_NV;
        return m->nan;
    }
    mode = mode_of(m, rm);
    scale = mx_ue8m0_exp(xa) + mx_ue8m0_exp(xb);
    st.c = c;
    st.flags = 0;
    for (done = 0; done < k; done += m->chunk) {
        size_t n = k - done < m->chunk ? k - done : m->chunk;
        if (chunk_specials(m, n, a + done, b + done, fa, fb,
                           mx_ue8m0_is_nan(xa) || mx_ue8m0_is_nan(xb), &st))
            continue;
        if (m->c_joins)
            chunk_fused(m, n, a + done, b + done, fa, fb, scale, mode, &st);
        else
            chunk_two_step(m, n, a + done, b + done, fa, fb, scale, mode, &st);
    }
    if (flags)
        *flags = st.flags;
    return st.c;
}

uint32_t mx_model_dot_dpi(const char *model, int k, const unsigned char *a,
                          const unsigned char *b, unsigned char fa, unsigned char fb,
                          unsigned char xa, unsigned char xb, unsigned int c,
                          unsigned char rm, unsigned char *flags)
{
    mx_model m;
    unsigned f = 0;
    uint32_t d;
    if (mx_model_parse(model, &m, NULL, 0) || k < 1 || k > (int)MX_K_MAX) {
        if (flags)
            *flags = MX_FLAG_NV;
        return MX_F32_QNAN;
    }
    d = mx_model_dot(&m, (size_t)k, a, b, fa, fb, xa, xb, c, rm, &f);
    if (flags)
        *flags = (unsigned char)f;
    return d;
}
