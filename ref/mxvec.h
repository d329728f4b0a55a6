/*
 * mxvec.h - the vector file format of SPEC section 3, and its reader.
 *
 *   RM XA XB C A B [D FLAGS]
 *
 * One block per line; '#' starts a comment line; blank lines are ignored.
 * Output is upper-case hex with single spaces.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef MXVEC_H
#define MXVEC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "mxdot.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    unsigned rm;               /* 0..7 */
    uint8_t  xa, xb;
    uint32_t c;
    size_t   k;                /* 1..MX_K_MAX */
    uint8_t  a[MX_K_MAX], b[MX_K_MAX];
    int      has_result;       /* D and FLAGS were present */
    uint32_t d;
    unsigned flags;
} mx_vector;

/* Longest line accepted: a K = 4096 block with its result and some slack. */
#define MX_VEC_LINE_MAX 20000u

/* Parse one line (without or with its trailing newline).
 * Returns 1 for a block, 0 for a blank or comment line, -1 for an error:
 * then err holds "field NAME: what is wrong" (NAME is RM, XA, XB, C, A, B,
 * D, FLAGS or "line"). */
int mx_vec_parse(const char *line, mx_vector *v, char *err, size_t errlen);

/* Write one block as a line ("\n" included). with_result: append D FLAGS. */
void mx_vec_write(FILE *out, const mx_vector *v, int with_result);

/* A line reader that tracks file name and line number, rejects over-long
 * lines and lines with NUL bytes, and never loses the rest of a file. */
typedef struct {
    FILE       *fp;
    const char *name;          /* for messages; "<stdin>" for standard input */
    unsigned long line;        /* number of the line last read, from 1 */
    int         owned;         /* fp was opened by mx_reader_open */
    int         want_comments; /* mx_reader_next also returns comment and
                                  blank lines (as 2, text in buf) */
    char        buf[MX_VEC_LINE_MAX + 2];
} mx_reader;

/* Open path (NULL or "-": standard input). Returns 0, or -1 with err set. */
int mx_reader_open(mx_reader *r, const char *path, char *err, size_t errlen);
void mx_reader_close(mx_reader *r);
/* Next block: 1 block read, 0 end of file, -1 error (2: a comment or blank
 * line, only when want_comments is set). On error err holds
 * "FILE:LINE: field NAME: what is wrong" and r->line names the line. */
int mx_reader_next(mx_reader *r, mx_vector *v, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif
#endif /* MXVEC_H */
