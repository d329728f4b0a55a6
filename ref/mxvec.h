/*
 * mxvec.h - the vector file format of SPEC section 3, and its reader.
 *
 *   [F] RM XA XB C A B [D FLAGS]
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
    unsigned fa, fb;           /* element formats of a and b, 0..7 (F field) */
    int      has_fmt;          /* the line had an F field (echoed on output) */
    unsigned rm;               /* 0..7 */
    uint8_t  xa, xb;
    uint32_t c;
    size_t   k;                /* 1..MX_K_MAX */
    uint8_t  a[MX_K_MAX], b[MX_K_MAX];
    int      has_result;       /* D and FLAGS were present */
    uint32_t d;
    unsigned flags;
} mx_vector;

/* Longest block a line can carry once blank runs are single blanks and a
 * trailing comment is gone: F, RM, XA, XB, C, A and B of K = MX_K_MAX, D and
 * FLAGS with single separators (16417 characters). The reader accepts lines
 * of any length: blank runs and comments of any length are fine; only a
 * block whose fields need more than this is an error (without reading the
 * rest of such a line). */
#define MX_VEC_LINE_MAX (33u + 4u * MX_K_MAX)

/* Parse one line (without or with its trailing newline; any length).
 * Returns 1 for a block, 0 for a blank or comment line, -1 for an error:
 * then err holds "field NAME: what is wrong" (NAME is F, RM, XA, XB, C, A,
 * B, D, FLAGS or "line"). Lines without F read as fa = fb = 0 (E4M3),
 * has_fmt = 0. */
int mx_vec_parse(const char *line, mx_vector *v, char *err, size_t errlen);

/* Write one block as a line ("\n" included): F first when v->has_fmt,
 * upper case, single spaces; with_result: append D FLAGS. Returns 0, or -1
 * when the stream reported a write error. */
int mx_vec_write(FILE *out, const mx_vector *v, int with_result);

/* A line reader that tracks file name and line number. It never loops
 * without reading, never allocates, and never loses the rest of a file:
 *  - a NUL byte is an error naming its line, reported at once (so
 *    `mxdot eval /dev/zero` ends);
 *  - a block whose fields exceed MX_VEC_LINE_MAX is an error naming the
 *    field, reported as soon as that is certain;
 *  - blank runs and comments of any length are accepted. */
typedef struct {
    FILE       *fp;
    const char *name;          /* for messages; "<stdin>" for standard input */
    unsigned long line;        /* number of the line last read, from 1 */
    int         owned;         /* fp was opened by mx_reader_open */
    int         want_comments; /* mx_reader_next also returns comment and
                                  blank lines (as 2, text in buf) */
    int         more;          /* after a 2: the line goes on, and the next
                                  call returns its next piece (a comment or
                                  blank line longer than buf); write a
                                  newline only after a piece with more == 0 */
    int         state;         /* private: where the reader is in a line */
    char        buf[MX_VEC_LINE_MAX + 2];
} mx_reader;

/* Open path (NULL or "-": standard input). Returns 0, or -1 with err set. */
int mx_reader_open(mx_reader *r, const char *path, char *err, size_t errlen);
void mx_reader_close(mx_reader *r);
/* Next block: 1 block read, 0 end of file, -1 error (2: a comment or blank
 * line, or a piece of one, only when want_comments is set; its text, without
 * the newline, is in buf). On error err holds "FILE:LINE: field NAME: what
 * is wrong" and r->line names the line; after an error inside a line (a NUL
 * byte, an over-long block, a read error) every further call returns -1. */
int mx_reader_next(mx_reader *r, mx_vector *v, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif
#endif /* MXVEC_H */
