/*
 * testlib.h - what the test programs of tests/ share: their own reader of
 * SPEC section 3 vector lines (independent of ref/mxvec), TestFloat-style
 * counting and reporting, a random source unlike the reference's, and the
 * command-line knobs.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef TESTLIB_H
#define TESTLIB_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define TL_K_MAX 4096u

typedef struct {
    unsigned fa, fb;     /* element formats of a and b (F field; 0 = E4M3) */
    int      has_fmt;    /* the line had the F field */
    unsigned rm;
    uint8_t  xa, xb;
    uint32_t c;
    size_t   k;
    uint8_t  a[TL_K_MAX], b[TL_K_MAX];
    int      has_result;
    uint32_t d;
    unsigned flags;
} tl_block;

/* Parse one vector line ([F] RM XA XB C A B [D FLAGS], SPEC section 3):
 * 1 block, 0 blank or comment, -1 malformed (wrong field count or width, a
 * digit of RM or F above 7, an FP6/FP4 element with bits above its width,
 * A and B of different or odd length, K above 4096). */
int tl_parse(const char *line, tl_block *t);
/* Width in bits of an element of format code f as SPEC section 1 gives it
 * (8, 8, 6, 6, 4, 8), 0 for a reserved code. */
unsigned tl_fmt_width(unsigned f);
/* Print t as a vector line with the result d, flags (no newline); the F
 * field when t->has_fmt. */
void tl_print(FILE *out, const tl_block *t, uint32_t d, unsigned flags);

/* Counting. tl_fail_* print a report and, at the error limit (10, or the
 * environment's MX_TEST_MAX_ERRORS), end the program through tl_finish. */
void tl_pass(void);
void tl_fail_block(const char *what, const tl_block *t, uint32_t got_d,
                   unsigned got_f, uint32_t exp_d, unsigned exp_f);
void tl_fail(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/* Compare one value; counts and reports. Returns 1 when equal. */
int tl_expect(const char *what, unsigned long got, unsigned long want);
/* Print "N passed, N failed" and return the exit status (0 or 1). */
int tl_finish(void);
unsigned long tl_failed(void);
/* Section banner with the time since the previous one. */
void tl_section(const char *name);

/* The amount of random work: --count N on the command line, else the
 * environment's MX_TEST_COUNT, else dflt. --seed S likewise (MX_TEST_SEED). */
unsigned long tl_arg_count(int argc, char **argv, unsigned long dflt);
uint64_t tl_arg_seed(int argc, char **argv, uint64_t dflt);

/* xoshiro256** style generator (the reference uses splitmix64). */
typedef struct { uint64_t s[4]; } tl_rng;
void tl_rng_seed(tl_rng *r, uint64_t seed);
uint64_t tl_rng_next(tl_rng *r);
/* Uniform in 0..n-1 (n >= 1). */
uint32_t tl_rng_below(tl_rng *r, uint32_t n);

#endif /* TESTLIB_H */
