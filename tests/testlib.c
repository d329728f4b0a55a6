/*
 * testlib.c - shared pieces of the test programs (see testlib.h).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "testlib.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static unsigned long n_pass, n_fail;

/* Value of a field of exactly n hex digits starting at s, or -1. */
static long long hex_field(const char *s, size_t len, size_t n)
{
    long long v = 0;
    size_t i;
    if (len != n || n == 0 || n > 8)
        return -1;
    for (i = 0; i < n; i++) {
        int ch = (unsigned char)s[i], d;
        if (ch >= '0' && ch <= '9')
            d = ch - '0';
        else if (ch >= 'a' && ch <= 'f')
            d = ch - 'a' + 10;
        else if (ch >= 'A' && ch <= 'F')
            d = ch - 'A' + 10;
        else
            return -1;
        v = v * 16 + d;
    }
    return v;
}

static int hex_bytes(const char *s, size_t len, uint8_t *out)
{
    size_t i;
    for (i = 0; i < len / 2; i++) {
        long long v = hex_field(s + 2 * i, 2, 2);
        if (v < 0)
            return -1;
        out[i] = (uint8_t)v;
    }
    return 0;
}

unsigned tl_fmt_width(unsigned f)
{
    static const unsigned width[8] = { 8, 8, 6, 6, 4, 8, 0, 0 };
    return f < 8 ? width[f] : 0u;
}

int tl_parse(const char *line, tl_block *t)
{
    const char *f[10];
    size_t len[10], n = 0, i, base;
    uint32_t val[8] = { 0 };
    const char *p = line;
    long long v;

    while (*p) {
        while (*p && isspace((unsigned char)*p))
            p++;
        if (!*p)
            break;
        if (*p == '#') {
            if (n == 0)
                return 0;
            break; /* a comment to the end of the line */
        }
        if (n == 10)
            return -1;
        f[n] = p;
        while (*p && !isspace((unsigned char)*p))
            p++;
        len[n] = (size_t)(p - f[n]);
        n++;
    }
    if (n == 0)
        return 0;
    if (n != 6 && n != 7 && n != 8 && n != 9)
        return -1;
    t->has_fmt = n == 7 || n == 9;
    t->fa = t->fb = 0;
    base = t->has_fmt ? 1 : 0;
    if (t->has_fmt) {
        if ((v = hex_field(f[0], len[0], 2)) < 0 || (v >> 4) > 7 || (v & 15) > 7)
            return -1;
        t->fa = (unsigned)(v >> 4);
        t->fb = (unsigned)(v & 15);
    }
    /* RM XA XB C, then (fields 6, 7) D FLAGS: fixed widths */
    for (i = 0; i + base < n; i++) {
        static const size_t digits[8] = { 1, 2, 2, 8, 0, 0, 8, 2 };
        if (i == 4 || i == 5)
            continue;
        if ((v = hex_field(f[i + base], len[i + base], digits[i])) < 0)
            return -1;
        val[i] = (uint32_t)v;
    }
    if (val[0] > 7)
        return -1;
    t->rm = val[0];
    t->xa = (uint8_t)val[1];
    t->xb = (uint8_t)val[2];
    t->c = val[3];
    if (len[base + 4] % 2 || len[base + 4] != len[base + 5] || len[base + 4] == 0 ||
        len[base + 4] > 2 * TL_K_MAX)
        return -1;
    t->k = len[base + 4] / 2;
    if (hex_bytes(f[base + 4], len[base + 4], t->a) || hex_bytes(f[base + 5], len[base + 5], t->b))
        return -1;
    /* FP6 / FP4 elements: no bits above the width (reserved codes: any) */
    for (i = 0; i < t->k; i++) {
        unsigned wa = tl_fmt_width(t->fa), wb = tl_fmt_width(t->fb);
        if ((wa && wa < 8 && (t->a[i] >> wa)) || (wb && wb < 8 && (t->b[i] >> wb)))
            return -1;
    }
    t->has_result = n - base == 8;
    t->d = val[6];
    t->flags = val[7];
    return 1;
}

void tl_print(FILE *out, const tl_block *t, uint32_t d, unsigned flags)
{
    size_t i;
    if (t->has_fmt)
        fprintf(out, "%X%X ", t->fa, t->fb);
    fprintf(out, "%X %02X %02X %08lX ", t->rm, t->xa, t->xb, (unsigned long)t->c);
    for (i = 0; i < t->k; i++)
        fprintf(out, "%02X", t->a[i]);
    fputc(' ', out);
    for (i = 0; i < t->k; i++)
        fprintf(out, "%02X", t->b[i]);
    fprintf(out, " %08lX %02X", (unsigned long)d, flags);
}

int tl_finish(void)
{
    printf("%lu passed, %lu failed\n", n_pass, n_fail);
    fflush(stdout);
    return n_fail ? 1 : 0;
}

unsigned long tl_failed(void) { return n_fail; }

void tl_pass(void) { n_pass++; }

static void count_failure(void)
{
    static long limit = -1;
    if (limit < 0) {
        const char *e = getenv("MX_TEST_MAX_ERRORS");
        limit = e && atol(e) > 0 ? atol(e) : 10;
    }
    n_fail++;
    if ((long)n_fail >= limit) {
        printf("stopping after %lu errors\n", n_fail);
        exit(tl_finish());
    }
}

void tl_fail_block(const char *what, const tl_block *t, uint32_t got_d,
                   unsigned got_f, uint32_t exp_d, unsigned exp_f)
{
    printf("FAIL %s (K=%lu)\n  observed: ", what, (unsigned long)t->k);
    tl_print(stdout, t, got_d, got_f);
    printf("\n  expected: %08lX %02X\n", (unsigned long)exp_d, exp_f);
    fflush(stdout);
    count_failure();
}

void tl_fail(const char *fmt, ...)
{
    va_list ap;
    printf("FAIL ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
    count_failure();
}

int tl_expect(const char *what, unsigned long got, unsigned long want)
{
    if (got == want) {
        n_pass++;
        return 1;
    }
    tl_fail("%s: observed 0x%lX, expected 0x%lX", what, got, want);
    return 0;
}

void tl_section(const char *name)
{
    static clock_t last;
    static unsigned long last_pass;
    clock_t now = clock();
    if (last_pass || last)
        printf("   (%lu checks, %.1f s)\n", n_pass - last_pass,
               (double)(now - last) / CLOCKS_PER_SEC);
    if (name)
        printf("== %s\n", name);
    fflush(stdout);
    last = now;
    last_pass = n_pass;
}

static const char *arg_value(int argc, char **argv, const char *opt,
                             const char *env)
{
    int i;
    for (i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], opt) == 0)
            return argv[i + 1];
    return getenv(env);
}

unsigned long tl_arg_count(int argc, char **argv, unsigned long dflt)
{
    const char *s = arg_value(argc, argv, "--count", "MX_TEST_COUNT");
    return s && *s ? strtoul(s, NULL, 0) : dflt;
}

uint64_t tl_arg_seed(int argc, char **argv, uint64_t dflt)
{
    const char *s = arg_value(argc, argv, "--seed", "MX_TEST_SEED");
    return s && *s ? (uint64_t)strtoull(s, NULL, 0) : dflt;
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

void tl_rng_seed(tl_rng *r, uint64_t seed)
{
    /* fill the state from a Weyl sequence through a different finalizer
     * than the reference's (Stafford's mix 13 constants are not used) */
    uint64_t x = seed ^ 0x6A09E667F3BCC909ull;
    int i;
    for (i = 0; i < 4; i++) {
        x += 0xBB67AE8584CAA73Bull;
        r->s[i] = (x ^ (x >> 29)) * 0x3C6EF372FE94F82Bull;
        r->s[i] ^= r->s[i] >> 32;
    }
    if (!(r->s[0] | r->s[1] | r->s[2] | r->s[3]))
        r->s[0] = 1;
}

uint64_t tl_rng_next(tl_rng *r)
{
    uint64_t *s = r->s;
    uint64_t out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return out;
}

uint32_t tl_rng_below(tl_rng *r, uint32_t n)
{
    return (uint32_t)(((tl_rng_next(r) >> 32) * (uint64_t)n) >> 32);
}
