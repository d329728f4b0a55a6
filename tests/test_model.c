/*
 * test_model.c - the accumulation models of ref/mxmodel.h, checked against
 * implementations that are not theirs:
 *
 *   FILE=PRESET ...   every block of a vector file against the preset, D and
 *                     FLAGS bit for bit. tests/vectors/ holds the files that
 *                     MMA-Sim (Microsoft's bit-accurate tensor-core model)
 *                     computed for "blackwell" and "hopper"; `make
 *                     test-model` also feeds the conventional unit's own C
 *                     model (tests/conv_model.c) through "conv". A
 *                     "# groups: N" header must match the blocks read, so a
 *                     cut file fails.
 *   rounding          mx_model_round at 24 bits against mx_f32_round_pack
 *                     (the reference's rounding, checked against MPFR), and
 *                     at fewer bits against an independent double-width
 *                     formulation written here;
 *   wide model        a fused model wide enough to drop nothing (frac 48,
 *                     one chunk, IEEE rounding, zeros and flags) against the
 *                     exact contract mx_dot on E4M3 groups whose terms span
 *                     at most 48 bits;
 *   chunks            a group of n chunks equals n chained groups;
 *   parameters        parse / format / check, known answers of the presets.
 *
 *   test_model [--count N] [--seed S] [FILE=PRESET]...
 *
 * Ends with "N passed, N failed"; exit 1 on a failure, 2 on bad input.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mxdot.h"
#include "mxmodel.h"
#include "testlib.h"

static tl_block blk;
static char line[2 * 4 * TL_K_MAX + 256];

/* ---- vector files ---- */

/* Reads FILE (whole lines) and checks every block against the model;
 * returns -1 on unreadable input (after reporting it). */
static int check_file(const char *path, const char *spec)
{
    mx_model m;
    char err[160];
    FILE *fp;
    unsigned long lineno = 0, blocks = 0, declared = 0;
    int have_declared = 0;

    if (mx_model_parse(spec, &m, err, sizeof err)) {
        fprintf(stderr, "test_model: model '%s': %s\n", spec, err);
        return -1;
    }
    fp = fopen(path, "r");
    if (!fp) {
        fprintf(stderr, "test_model: %s: cannot open\n", path);
        return -1;
    }
    while (fgets(line, sizeof line, fp)) {
        size_t len = strlen(line);
        int st;
        lineno++;
        if (len == sizeof line - 1 && line[len - 1] != '\n') {
            fprintf(stderr, "%s:%lu: line too long\n", path, lineno);
            fclose(fp);
            return -1;
        }
        if (sscanf(line, "# groups: %lu", &declared) == 1)
            have_declared = 1;
        st = tl_parse(line, &blk);
        if (st < 0) {
            fprintf(stderr, "%s:%lu: malformed vector line\n", path, lineno);
            fclose(fp);
            return -1;
        }
        if (st == 0)
            continue;
        if (!blk.has_result) {
            fprintf(stderr, "%s:%lu: field D: missing (a test file needs results)\n", path,
                    lineno);
            fclose(fp);
            return -1;
        }
        blocks++;
        {
            unsigned f;
            uint32_t d = mx_model_dot(&m, blk.k, blk.a, blk.b, blk.fa, blk.fb, blk.xa, blk.xb,
                                      blk.c, blk.rm, &f);
            if (d == blk.d && f == blk.flags) {
                tl_pass();
            } else {
                char what[320];
                snprintf(what, sizeof what, "%s line %lu, model %s", path, lineno, spec);
                tl_fail_block(what, &blk, d, f, blk.d, blk.flags);
            }
        }
    }
    fclose(fp);
    if (have_declared && declared != blocks)
        tl_fail("%s: header declares %lu groups, %lu read", path, declared, blocks);
    if (blocks == 0)
        tl_fail("%s: no block", path);
    printf("  %s: %lu blocks against model %s\n", path, blocks, spec);
    return 0;
}

/* ---- rounding ---- */

/* An independent formulation of rounding to `bits` significant bits at
 * binary32's range: the value and its two neighbours on the grid, compared
 * as integers twice as wide. */
static uint32_t round_by_grid(unsigned sign, uint64_t mag, int exp, int bits, unsigned rm,
                              int *inexact)
{
    int top = exp, q, n, have_half;
    uint64_t lo, rest, half;
    for (n = 63; n >= 0 && !((mag >> n) & 1u); n--)
        ;
    top = exp + n;
    q = top - (bits - 1);
    if (q < -126 - (bits - 1))
        q = -126 - (bits - 1);
    /* value = lo * 2^q + rest * 2^exp, rest * 2^exp < 2^q; half: half a
     * unit 2^q in units of 2^exp (none when above 2^63: rest is below it) */
    if (q <= exp) {
        lo = mag << (exp - q);
        rest = 0;
        half = 0;
        have_half = 0;
    } else if (q - exp > 64) {
        lo = 0;
        rest = mag;
        half = 0;
        have_half = 0;
    } else {
        lo = q - exp == 64 ? 0 : mag >> (q - exp);
        rest = q - exp == 64 ? mag : mag & ((((uint64_t)1) << (q - exp)) - 1u);
        half = ((uint64_t)1) << (q - exp - 1);
        have_half = 1;
    }
    *inexact = rest != 0;
    if (rest) {
        int above = have_half && rest > half, tie = have_half && rest == half;
        int up;
        switch (rm) {
        case MX_RNE: up = above || (tie && (lo & 1u)); break;
        case MX_RMM: up = above || tie; break;
        case MX_RDN: up = (int)sign; break;
        case MX_RUP: up = !sign; break;
        default:     up = 0; break;
        }
        lo += (uint64_t)up;
    }
    if (lo == 0)
        return (uint32_t)sign << 31;
    /* pack lo * 2^q */
    for (n = 63; !((lo >> n) & 1u); n--)
        ;
    top = q + n;
    if (top >= 128) {
        int inf = rm == MX_RNE || rm == MX_RMM || (rm == MX_RDN && sign) || (rm == MX_RUP && !sign);
        *inexact = 1;
        return ((uint32_t)sign << 31) |
               (inf ? 0x7F800000u : (0x7F7FFFFFu & ~((((uint32_t)1) << (24 - bits)) - 1u)));
    }
    if (top < -126)
        return ((uint32_t)sign << 31) | (uint32_t)(lo << (q + 149));
    return ((uint32_t)sign << 31) | ((uint32_t)(top + 127) << 23) |
           ((uint32_t)((lo << (23 - n))) & 0x7FFFFFu);
}

static uint64_t random_mag(tl_rng *r)
{
    uint64_t m = tl_rng_next(r);
    int keep = (int)tl_rng_below(r, 64) + 1;
    m = keep == 64 ? m : m & ((((uint64_t)1) << keep) - 1u);
    if (tl_rng_below(r, 4) == 0) /* ties and exact values: few low bits */
        m &= ~((((uint64_t)1) << tl_rng_below(r, 40)) - 1u);
    return m ? m : 1u;
}

static void check_rounding(unsigned long count, uint64_t seed)
{
    tl_rng r;
    unsigned long i;
    tl_section("rounding");
    tl_rng_seed(&r, seed ^ 0x524F554E44ull);
    for (i = 0; i < count; i++) {
        unsigned sign = (unsigned)tl_rng_below(&r, 2), rm = tl_rng_below(&r, 5);
        uint64_t mag = random_mag(&r);
        int exp = (int)tl_rng_below(&r, 400) - 250, bits, inx, inx2, tiny, ovf;
        unsigned f = 0, want_f;
        uint32_t got, want;
        /* 24 bits, IEEE: the reference's rounding with its flags */
        got = mx_model_round(sign, mag, exp, 24, rm, MX_MODEL_OVF_IEEE, &inx, &tiny, &ovf);
        want = mx_f32_round_pack(sign, mag, exp, rm, &f);
        want_f = (ovf ? MX_FLAG_OF | MX_FLAG_NX : 0u) | (inx ? MX_FLAG_NX : 0u) |
                 (tiny && inx ? MX_FLAG_UF : 0u);
        if (got == want && want_f == f) {
            tl_pass();
        } else {
            tl_fail("round 24: sign %u mag %016" PRIX64 " exp %d rm %u: %08X flags %02X, "
                    "want %08X %02X", sign, mag, exp, rm, (unsigned)got, want_f,
                    (unsigned)want, f);
        }
        /* fewer bits: against the grid formulation */
        bits = 2 + (int)tl_rng_below(&r, 23);
        got = mx_model_round(sign, mag, exp, bits, rm, MX_MODEL_OVF_IEEE, &inx, NULL, NULL);
        want = round_by_grid(sign, mag, exp, bits, rm, &inx2);
        if (got == want && inx == inx2)
            tl_pass();
        else
            tl_fail("round %d bits: sign %u mag %016" PRIX64 " exp %d rm %u: %08X, want %08X",
                    bits, sign, mag, exp, rm, (unsigned)got, (unsigned)want);
    }
}

/* ---- a model wide enough to be exact ---- */

/* E4M3 product terms span 2^-18 .. 2^17.6 (times the scales): 36 bits,
 * so frac 48 keeps all of them, and c as well when its exponent lies
 * within the products' range (c drawn from scaled E4M3 values). */
static void random_e4m3_group(tl_rng *r, size_t k, tl_block *t)
{
    size_t i;
    int s;
    t->k = k;
    t->fa = t->fb = 0;
    t->rm = tl_rng_below(r, 5);
    t->xa = (uint8_t)(tl_rng_below(r, 10) ? 100 + tl_rng_below(r, 55) : tl_rng_below(r, 255));
    t->xb = (uint8_t)(tl_rng_below(r, 10) ? 100 + tl_rng_below(r, 55) : tl_rng_below(r, 255));
    for (i = 0; i < k; i++) {
        unsigned kind = tl_rng_below(r, 16);
        t->a[i] = (uint8_t)tl_rng_below(r, 256);
        t->b[i] = (uint8_t)tl_rng_below(r, 256);
        if (kind == 0)
            t->a[i] &= 0x80; /* signed zeros */
        if (kind == 1 && i > 0) { /* cancel the previous product */
            t->a[i] = t->a[i - 1] ^ 0x80;
            t->b[i] = t->b[i - 1];
        }
        if (tl_rng_below(r, 200) == 0)
            t->a[i] = 0x7F; /* NaN */
    }
    s = mx_ue8m0_exp(t->xa) + mx_ue8m0_exp(t->xb);
    switch (tl_rng_below(r, 4)) {
    case 0:
        t->c = tl_rng_below(r, 2) ? 0x80000000u : 0u;
        break;
    default: {
        /* c = +-e4m3 value * 2^(s + shift), kept inside binary32's normal range */
        uint8_t e = (uint8_t)tl_rng_below(r, 0x7F);
        int sh = (int)tl_rng_below(r, 9);
        uint32_t f = mx_e4m3_to_f32(e);
        int fe = (int)mx_f32_exp(f) + s + sh;
        if (mx_f32_exp(f) == 0 || fe < 1 || fe > 254)
            t->c = tl_rng_below(r, 2) ? 0x80000000u : 0u;
        else
            t->c = (f & 0x807FFFFFu) | ((uint32_t)fe << 23) | (tl_rng_below(r, 2) ? 0x80000000u : 0u);
        break;
    }
    }
}

static void check_wide(unsigned long count, uint64_t seed)
{
    tl_rng r;
    unsigned long i;
    mx_model m;
    char err[160];
    static const size_t ks[] = { 1, 2, 3, 7, 16, 31, 32, 33, 64, 100, 4096 };
    tl_section("wide model against mx_dot");
    if (mx_model_parse("custom,chunk=4096,cjoin=1,frac=48,sticky=0,zexp=none,bits=24,round=rm,"
                       "ovf=ieee,zero=ieee,flags=final,nan=7FC00000,formats=1",
                       &m, err, sizeof err)) {
        tl_fail("wide model: %s", err);
        return;
    }
    tl_rng_seed(&r, seed ^ 0x57494445ull);
    for (i = 0; i < count; i++) {
        size_t k = ks[tl_rng_below(&r, (uint32_t)(sizeof ks / sizeof ks[0]))];
        unsigned fm, fe;
        uint32_t dm, de;
        if (k == 4096 && tl_rng_below(&r, 50))
            k = 32;
        random_e4m3_group(&r, k, &blk);
        dm = mx_model_dot(&m, blk.k, blk.a, blk.b, 0, 0, blk.xa, blk.xb, blk.c, blk.rm, &fm);
        de = mx_dot(blk.k, blk.a, blk.b, blk.xa, blk.xb, blk.c, blk.rm, &fe);
        if (dm == de && fm == fe)
            tl_pass();
        else
            tl_fail_block("wide model vs mx_dot", &blk, dm, fm, de, fe);
    }
}

/* ---- chunks: a long group is chunk after chunk ---- */

static void check_chunks(unsigned long count, uint64_t seed)
{
    static const char *const specs[] = { "blackwell", "hopper", "conv",
                                         "blackwell,chunk=16,sticky=1,flags=any" };
    tl_rng r;
    unsigned long i;
    tl_section("chunks");
    tl_rng_seed(&r, seed ^ 0x43484B53ull);
    for (i = 0; i < count; i++) {
        mx_model m;
        size_t k = 1 + tl_rng_below(&r, 300), done;
        unsigned f_all, f, f_or = 0;
        uint32_t d_all, d;
        const char *spec = specs[i % 4];
        mx_model_parse(spec, &m, NULL, 0);
        random_e4m3_group(&r, k, &blk);
        d_all = mx_model_dot(&m, k, blk.a, blk.b, 0, 0, blk.xa, blk.xb, blk.c, blk.rm, &f_all);
        d = blk.c;
        for (done = 0; done < k; done += m.chunk) {
            size_t n = k - done < m.chunk ? k - done : m.chunk;
            d = mx_model_dot(&m, n, blk.a + done, blk.b + done, 0, 0, blk.xa, blk.xb, d, blk.rm,
                             &f);
            f_or |= f;
        }
        if (d == d_all && f_or == f_all)
            tl_pass();
        else
            tl_fail_block(spec, &blk, d_all, f_all, d, f_or);
    }
}

/* ---- parameters and known answers ---- */

static void expect_parse(const char *spec, int ok)
{
    mx_model m;
    char err[160] = "";
    int st = mx_model_parse(spec, &m, err, sizeof err);
    if ((st == 0) == ok) {
        tl_pass();
    } else {
        tl_fail("parse '%s': %s (%s)", spec, st ? "rejected" : "accepted", err);
    }
}

/* Known answer: one E4M3 group under a model. */
static void expect_dot(const char *spec, const char *what, size_t k, const uint8_t *a,
                       const uint8_t *b, uint8_t xa, uint8_t xb, uint32_t c, unsigned rm,
                       uint32_t want)
{
    mx_model m;
    unsigned f;
    uint32_t d;
    mx_model_parse(spec, &m, NULL, 0);
    d = mx_model_dot(&m, k, a, b, 0, 0, xa, xb, c, rm, &f);
    if (d == want)
        tl_pass();
    else
        tl_fail("%s (%s): %08X, want %08X", what, spec, (unsigned)d, (unsigned)want);
}

static void check_parameters(void)
{
    static const uint8_t one[1] = { 0x38 }, tiny[1] = { 0x01 }, x448[1] = { 0x7E },
                         nan[1] = { 0x7F }, zero[1] = { 0x00 }, mzero[1] = { 0x80 };
    size_t i;
    char buf[400];
    tl_section("parameters");
    for (i = 0; i < mx_model_preset_count(); i++) {
        mx_model m, back;
        char err[160];
        const char *name = mx_model_preset_name(i);
        expect_parse(name, 1);
        mx_model_parse(name, &m, NULL, 0);
        mx_model_format(&m, buf, sizeof buf);
        /* the canonical string parses back to the same parameters */
        if (!mx_model_parse(buf, &back, err, sizeof err) && !memcmp(&m, &back, sizeof m))
            tl_pass();
        else if (m.exact && !strcmp(buf, "exact"))
            tl_pass();
        else
            tl_fail("format/parse of %s: '%s' (%s)", name, buf, err);
    }
    expect_parse("BlackWell,frac=24,ovf=sat", 1);
    expect_parse("custom,chunk=16,zexp=none,round=rm,flags=any", 1);
    expect_parse("unknown", 0);
    expect_parse("blackwell,frac=49", 0);
    expect_parse("blackwell,frac=0", 0);
    expect_parse("blackwell,chunk=0", 0);
    expect_parse("blackwell,chunk=4097", 0);
    expect_parse("blackwell,bits=25", 0);
    expect_parse("blackwell,round=up", 0);
    expect_parse("blackwell,nan=7F800000", 0);
    expect_parse("blackwell,formats=40", 0);
    expect_parse("blackwell,frac", 0);
    expect_parse("blackwell,colour=red", 0);
    expect_parse("blackwell,frac=2x", 0);
    expect_parse("exact,frac=3", 0);
    expect_parse("", 0);

    /* Blackwell: 25 fraction bits below the largest exponent, toward zero.
     * c = 1 and one product 2^-25 (E4M3 2^-9 * 2^-9, scale 2^-7): the
     * alignment keeps it, the RZ rounding to 24 bits drops it; 2^-23 stays. */
    expect_dot("blackwell", "c + 2^-25", 1, tiny, tiny, 127 - 7, 127, 0x3F800000u, 0,
               0x3F800000u);
    expect_dot("blackwell", "c + 2^-23", 1, tiny, tiny, 127 - 5, 127, 0x3F800000u, 0,
               0x3F800001u);
    expect_dot("exact", "c + 2^-23", 1, tiny, tiny, 127 - 5, 127, 0x3F800000u, 0, 0x3F800001u);
    /* RUP in the exact unit rounds 1 + 2^-25 up; the truncating units do not */
    expect_dot("exact", "c + 2^-25 RUP", 1, tiny, tiny, 127 - 7, 127, 0x3F800000u, 3,
               0x3F800001u);
    expect_dot("blackwell", "c + 2^-25 RUP", 1, tiny, tiny, 127 - 7, 127, 0x3F800000u, 3,
               0x3F800000u);
    /* -1 + 2^-25: the product is cut at 2^-25 (kept), the sum 1 - 2^-25
     * truncates to 1 - 2^-24 (0x3F7FFFFF) under Blackwell */
    expect_dot("blackwell", "-c + ...", 1, tiny, tiny, 127 - 7, 127, 0xBF800000u, 0,
               0xBF7FFFFFu);
    /* Hopper: 13 bits: 1 + 2^-14 is lost, and the result has 14 bits */
    expect_dot("hopper", "c + 2^-14", 1, tiny, tiny, 127 + 4, 127, 0x3F800000u, 0,
               0x3F800000u);
    expect_dot("hopper", "c + 2^-13", 1, tiny, tiny, 127 + 5, 127, 0x3F800000u, 0,
               0x3F800400u);
    expect_dot("hopper", "14 bits out", 1, one, one, 127, 127, 0x3F800001u, 0, 0x40000000u);
    /* NVIDIA: NaN is 0x7FFFFFFF, zeros are +0, overflow gives Inf */
    expect_dot("blackwell", "NaN element", 1, nan, one, 127, 127, 0, 0, 0x7FFFFFFFu);
    expect_dot("blackwell", "-0 * 1 + -0", 1, mzero, one, 127, 127, 0x80000000u, 0, 0);
    expect_dot("exact", "-0 * 1 + -0", 1, mzero, one, 127, 127, 0x80000000u, 0, 0x80000000u);
    expect_dot("blackwell", "overflow RZ", 1, x448, x448, 254, 254, 0, 1, 0x7F800000u);
    expect_dot("exact", "overflow RZ", 1, x448, x448, 254, 254, 0, 1, 0x7F7FFFFFu);
    expect_dot("blackwell,ovf=ieee", "overflow RZ, ieee", 1, x448, x448, 254, 254, 0, 1,
               0x7F7FFFFFu);
    /* a zero term counts with exponent -133: c = 0 puts emax at -133 at
     * least, so a lone product of 2^-160 is cut away (below 2^(-133-25));
     * 2^-139 stays, delivered as a subnormal */
    expect_dot("blackwell", "zero exponent", 1, one, one, 127 - 80, 127 - 80, 0, 0, 0);
    /* the DPI entry point selects the model by name */
    {
        unsigned char fl = 0;
        uint32_t d = mx_model_dot_dpi("hopper", 1, one, one, 0, 0, 127, 127, 0x3F800001u, 0, &fl);
        tl_expect("dpi hopper", d, 0x40000000u);
        tl_expect("dpi hopper flags", fl, 0);
        d = mx_model_dot_dpi("exact", 1, one, one, 0, 0, 127, 127, 0x3F800001u, 0, &fl);
        tl_expect("dpi exact", d, 0x40000000u);
        tl_expect("dpi exact flags", fl, MX_FLAG_NX);
        d = mx_model_dot_dpi("turing", 1, one, one, 0, 0, 127, 127, 0, 0, &fl);
        tl_expect("dpi unknown model", d, MX_F32_QNAN);
        tl_expect("dpi unknown model flags", fl, MX_FLAG_NV);
        d = mx_model_dot_dpi("blackwell", 1, one, one, 5, 0, 127, 127, 0, 0, &fl);
        tl_expect("dpi blackwell, INT8 not carried", d, 0x7FFFFFFFu);
        tl_expect("dpi blackwell, INT8 not carried: flags", fl, MX_FLAG_NV);
    }
    expect_dot("blackwell", "subnormal result", 1, one, one, 127 - 70, 127 - 69, 0, 0,
               0x00000400u);
    (void)zero;
}

int main(int argc, char **argv)
{
    unsigned long count = tl_arg_count(argc, argv, 200000);
    uint64_t seed = tl_arg_seed(argc, argv, 1);
    int i, bad = 0;

    tl_section("vector files");
    for (i = 1; i < argc; i++) {
        char *eq;
        if (!strcmp(argv[i], "--count") || !strcmp(argv[i], "--seed")) {
            i++;
            continue;
        }
        eq = strchr(argv[i], '=');
        if (!eq || eq == argv[i] || !eq[1]) {
            fprintf(stderr, "usage: test_model [--count N] [--seed S] [FILE=MODEL]...\n");
            return 2;
        }
        *eq = '\0';
        if (check_file(argv[i], eq + 1))
            bad = 1;
    }
    if (bad) {
        tl_finish();
        return 2;
    }
    check_parameters();
    check_rounding(count, seed);
    check_wide(count / 4, seed);
    check_chunks(count / 20, seed);
    return tl_finish();
}
