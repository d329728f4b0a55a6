/*
 * mxvec.c - the vector file format of SPEC section 3: parse, write, read.
 *
 *   [F] RM XA XB C A B [D FLAGS]
 *
 * The field count tells the forms apart: 6 or 8 fields without F, 7 or 9
 * with it. Every field has a fixed number of hex digits (A and B: two per
 * element), so a wrong count is an error, never a guess.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "mxvec.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

/* Fields in line order with the F field; a line without F starts at F_RM. */
enum { F_F, F_RM, F_XA, F_XB, F_C, F_A, F_B, F_D, F_FLAGS, F_COUNT };
static const char *const field_names[F_COUNT] = {
    "F", "RM", "XA", "XB", "C", "A", "B", "D", "FLAGS"
};
/* Hex digits of each field (A and B: the most, 2 * MX_K_MAX). */
static const size_t field_digits[F_COUNT] = {
    2, 1, 2, 2, 8, 2 * MX_K_MAX, 2 * MX_K_MAX, 8, 2
};

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    if (!err || errlen == 0)
        return;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

static int is_space(int ch) { return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\v' || ch == '\f'; }

static int hex_value(char ch)
{
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

static char printable(char ch)
{
    return (ch >= 0x20 && ch < 0x7F) ? ch : '?';
}

/* A field: where it starts in the line and how long it is. */
typedef struct {
    const char *text;
    size_t len;
} token;

/* Show at most a few characters of a bad field in a message. */
static void describe(const token *t, char *out, size_t outlen)
{
    size_t n = t->len < 16 ? t->len : 16;
    size_t i;
    for (i = 0; i < n && i + 1 < outlen; i++)
        out[i] = printable(t->text[i]);
    out[i] = '\0';
    if (t->len > n && i + 4 < outlen)
        strcat(out, "...");
}

/* A fixed-width hex field into *value. Returns 0, or -1 with err set. */
static int parse_fixed(const token *t, int field, uint32_t *value, char *err, size_t errlen)
{
    char shown[24];
    size_t digits = field_digits[field];
    uint32_t v = 0;
    size_t i;
    describe(t, shown, sizeof shown);
    for (i = 0; i < t->len; i++) {
        int h = hex_value(t->text[i]);
        if (h < 0) {
            set_err(err, errlen, "field %s: '%s' is not hexadecimal", field_names[field], shown);
            return -1;
        }
        v = v << 4 | (uint32_t)h;
    }
    if (t->len != digits) {
        set_err(err, errlen, "field %s: '%s' has %lu hex digit%s, expected %lu%s",
                field_names[field], shown, (unsigned long)t->len, t->len == 1 ? "" : "s",
                (unsigned long)digits,
                field == F_F ? " (a line of 7 or 9 fields starts with the format field F)" : "");
        return -1;
    }
    *value = v;
    return 0;
}

/* An element field (A or B): 2*K hex digits, element 0 first. */
static int parse_elements(const token *t, int field, uint8_t *out, size_t *k,
                          char *err, size_t errlen)
{
    size_t i;
    for (i = 0; i < t->len; i++) {
        if (hex_value(t->text[i]) < 0) {
            set_err(err, errlen, "field %s: character %lu ('%c') is not hexadecimal",
                    field_names[field], (unsigned long)i + 1, printable(t->text[i]));
            return -1;
        }
    }
    if (t->len % 2) {
        set_err(err, errlen, "field %s: odd number of hex digits (%lu); each element takes two",
                field_names[field], (unsigned long)t->len);
        return -1;
    }
    if (t->len / 2 > MX_K_MAX) {
        set_err(err, errlen, "field %s: K = %lu elements, at most %u",
                field_names[field], (unsigned long)t->len / 2, MX_K_MAX);
        return -1;
    }
    *k = t->len / 2;
    for (i = 0; i < *k; i++)
        out[i] = (uint8_t)(hex_value(t->text[2 * i]) << 4 | hex_value(t->text[2 * i + 1]));
    return 0;
}

/* FP6 and FP4 elements sit in the low bits of their byte; the bits above
 * must be zero in a file (SPEC section 3). Reserved codes are not checked. */
static int check_width(int field, unsigned fmt, const uint8_t *x, size_t k,
                       char *err, size_t errlen)
{
    unsigned bits = mx_format_bits(fmt);
    uint8_t high;
    size_t i;
    if (bits == 0 || bits >= 8)
        return 0;
    high = (uint8_t)(0xFFu << bits);
    for (i = 0; i < k; i++) {
        if (x[i] & high) {
            set_err(err, errlen, "field %s: element %lu is %02X, which has bits set above "
                    "the %u bits of format %u (%s)", field_names[field], (unsigned long)i,
                    (unsigned)x[i], bits, fmt, mx_format_name(fmt));
            return -1;
        }
    }
    return 0;
}

/* Split a line into at most F_COUNT fields (more: returns F_COUNT + 1); a
 * '#' that starts a field starts a trailing comment. */
static int split_fields(const char *line, token *t)
{
    int n = 0;
    const char *p = line;
    for (;;) {
        while (*p && is_space(*p))
            p++;
        if (!*p || *p == '#')
            return n;
        if (n == F_COUNT)
            return n + 1;                /* "too many": exact count not needed */
        t[n].text = p;
        while (*p && !is_space(*p))
            p++;
        t[n].len = (size_t)(p - t[n].text);
        n++;
    }
}

int mx_vec_parse(const char *line, mx_vector *v, char *err, size_t errlen)
{
    token tok[F_COUNT];         /* the fields as they come */
    token t[F_COUNT];           /* by name: t[F_F] only with F */
    uint32_t value;
    size_t kb;
    int n = split_fields(line, tok), has_fmt;

    if (n == 0)
        return 0;                        /* blank or comment line */
    if (n < 6) {
        set_err(err, errlen, "field %s: missing (truncated line: %d of 6 fields)",
                field_names[F_RM + n], n);
        return -1;
    }
    if (n > F_COUNT) {
        set_err(err, errlen, "field line: more than 9 fields (expected [F] RM XA XB C A B [D FLAGS])");
        return -1;
    }
    has_fmt = n == 7 || n == 9;
    if (has_fmt) {
        memcpy(t, tok, (size_t)n * sizeof *t);
    } else {                             /* RM first: t[F_RM] is tok[0] */
        t[F_F].text = "";
        t[F_F].len = 0;
        memcpy(t + 1, tok, (size_t)n * sizeof *t);
    }
    v->has_fmt = has_fmt;
    v->fa = v->fb = MX_FMT_E4M3;
    if (has_fmt) {
        if (parse_fixed(&t[F_F], F_F, &value, err, errlen) < 0)
            return -1;
        if ((value >> 4) > 7 || (value & 0xFu) > 7) {
            set_err(err, errlen, "field F: digit %X is not a format code (0-7)",
                    (value >> 4) > 7 ? value >> 4 : value & 0xFu);
            return -1;
        }
        v->fa = value >> 4;
        v->fb = value & 0xFu;
    }
    if (parse_fixed(&t[F_RM], F_RM, &value, err, errlen) < 0)
        return -1;
    if (value > 7) {
        set_err(err, errlen, "field RM: %X is not a rounding mode (0-7)", (unsigned)value);
        return -1;
    }
    v->rm = value;
    if (parse_fixed(&t[F_XA], F_XA, &value, err, errlen) < 0)
        return -1;
    v->xa = (uint8_t)value;
    if (parse_fixed(&t[F_XB], F_XB, &value, err, errlen) < 0)
        return -1;
    v->xb = (uint8_t)value;
    if (parse_fixed(&t[F_C], F_C, &value, err, errlen) < 0)
        return -1;
    v->c = value;
    if (parse_elements(&t[F_A], F_A, v->a, &v->k, err, errlen) < 0)
        return -1;
    if (parse_elements(&t[F_B], F_B, v->b, &kb, err, errlen) < 0)
        return -1;
    if (v->k == 0) {
        set_err(err, errlen, "field A: no elements (K must be 1 to %u)", MX_K_MAX);
        return -1;
    }
    if (kb != v->k) {
        set_err(err, errlen, "field B: %lu elements, but A has %lu",
                (unsigned long)kb, (unsigned long)v->k);
        return -1;
    }
    if (check_width(F_A, v->fa, v->a, v->k, err, errlen) < 0 ||
        check_width(F_B, v->fb, v->b, v->k, err, errlen) < 0)
        return -1;
    v->has_result = n >= 8;
    v->d = 0;
    v->flags = 0;
    if (v->has_result) {
        if (parse_fixed(&t[F_D], F_D, &value, err, errlen) < 0)
            return -1;
        v->d = value;
        if (parse_fixed(&t[F_FLAGS], F_FLAGS, &value, err, errlen) < 0)
            return -1;
        if (value & ~0x1Fu) {
            set_err(err, errlen, "field FLAGS: %02X has bits outside NV|DZ|OF|UF|NX (1F)",
                    (unsigned)value);
            return -1;
        }
        v->flags = value;
    }
    return 1;
}

static char *put_hex(char *p, uint32_t value, int digits)
{
    static const char hex[] = "0123456789ABCDEF";
    int i;
    for (i = digits - 1; i >= 0; i--)
        *p++ = hex[(value >> (4 * i)) & 0xFu];
    return p;
}

int mx_vec_write(FILE *out, const mx_vector *v, int with_result)
{
    char line[MX_VEC_LINE_MAX + 1];
    char *p = line;
    size_t i, k = v->k <= MX_K_MAX ? v->k : MX_K_MAX, len;
    if (v->has_fmt) {
        p = put_hex(p, (v->fa & 0xFu) << 4 | (v->fb & 0xFu), 2);
        *p++ = ' ';
    }
    p = put_hex(p, v->rm & 0xFu, 1);
    *p++ = ' ';
    p = put_hex(p, v->xa, 2);
    *p++ = ' ';
    p = put_hex(p, v->xb, 2);
    *p++ = ' ';
    p = put_hex(p, v->c, 8);
    *p++ = ' ';
    for (i = 0; i < k; i++)
        p = put_hex(p, v->a[i], 2);
    *p++ = ' ';
    for (i = 0; i < k; i++)
        p = put_hex(p, v->b[i], 2);
    if (with_result) {
        *p++ = ' ';
        p = put_hex(p, v->d, 8);
        *p++ = ' ';
        p = put_hex(p, v->flags & 0xFFu, 2);
    }
    *p++ = '\n';
    len = (size_t)(p - line);
    return fwrite(line, 1, len, out) == len && !ferror(out) ? 0 : -1;
}

/* ------------------------------------------------------------------------ */
/* Reader                                                                    */
/* ------------------------------------------------------------------------ */

/* Where the reader is in a line (mx_reader.state). */
enum {
    ST_START,      /* at the start of a line */
    ST_LEAD,       /* in the blanks before the first field (kept raw) */
    ST_TEXT,       /* in a comment line (kept raw, returned in pieces) */
    ST_BLOCK,      /* in a block's fields (kept with single blanks) */
    ST_TAIL,       /* in a block's trailing comment (skipped) */
    ST_FAILED      /* an error inside a line: the reader is done */
};

int mx_reader_open(mx_reader *r, const char *path, char *err, size_t errlen)
{
    r->line = 0;
    r->want_comments = 0;
    r->more = 0;
    r->state = ST_START;
    r->buf[0] = '\0';
    if (!path || strcmp(path, "-") == 0) {
        r->fp = stdin;
        r->name = "<stdin>";
        r->owned = 0;
        return 0;
    }
    r->name = path;
    r->fp = fopen(path, "r");
    r->owned = r->fp != NULL;
    if (!r->fp) {
        set_err(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

void mx_reader_close(mx_reader *r)
{
    if (r->owned && r->fp)
        fclose(r->fp);
    r->fp = NULL;
    r->owned = 0;
}

/* The block in buf[0..n) needs more than MX_VEC_LINE_MAX characters: name
 * the first field that is longer than any value of it can be. The layout is
 * taken from the first field (two digits: F), as a complete line would
 * show; the field being read is at the end of buf. */
static void overflow_error(const mx_reader *r, size_t n, char *err, size_t errlen)
{
    size_t i = 0, start, len;
    int idx;
    int field = -1;
    size_t first_len = 0;
    while (first_len < n && r->buf[first_len] != ' ')
        first_len++;
    idx = first_len == 2 ? F_F : F_RM;
    while (i < n && idx < F_COUNT) {
        start = i;
        while (i < n && r->buf[i] != ' ')
            i++;
        len = i - start;
        if (len > field_digits[idx]) {
            field = idx;
            break;
        }
        i++;
        idx++;
    }
    if (field < 0 && idx >= F_COUNT) {
        set_err(err, errlen, "%s:%lu: field line: more than 9 fields (expected [F] RM XA XB C A B [D FLAGS])",
                r->name, r->line);
    } else if (field == F_A || field == F_B) {
        set_err(err, errlen, "%s:%lu: field %s: more than %u hex digits (K above %u)",
                r->name, r->line, field_names[field], 2 * MX_K_MAX, MX_K_MAX);
    } else if (field >= 0) {
        set_err(err, errlen, "%s:%lu: field %s: more than %lu hex digits (expected %lu)",
                r->name, r->line, field_names[field], (unsigned long)field_digits[field],
                (unsigned long)field_digits[field]);
    } else {                    /* not reachable: a safe message all the same */
        set_err(err, errlen, "%s:%lu: field line: longer than any block line (%u characters)",
                r->name, r->line, MX_VEC_LINE_MAX);
    }
}

static int read_failed(mx_reader *r, char *err, size_t errlen, int was_eof)
{
    r->state = ST_FAILED;
    set_err(err, errlen, "%s:%lu: field line: read error: %s", r->name,
            r->line + (unsigned long)was_eof, strerror(errno ? errno : EIO));
    return -1;
}

/* Read one line, or the next piece of a long comment or blank line.
 * Returns 1: a block line, its fields in buf with single blanks and without
 * a trailing comment; 2: a comment or blank line (raw) or a piece of one
 * (r->more); 0: end of file; -1: error. Every character read is looked at
 * once and stored at most once, into a buffer of fixed size. */
static int read_line(mx_reader *r, char *err, size_t errlen)
{
    const size_t cap = MX_VEC_LINE_MAX;
    size_t n = 0;
    int st = r->state, in_field = 1, ch;
    r->more = 0;
    errno = 0;
    if (st == ST_FAILED) {
        set_err(err, errlen, "%s:%lu: reading stopped at the error reported before",
                r->name, r->line);
        return -1;
    }
    if (st == ST_START) {
        ch = getc(r->fp);
        if (ch == EOF)
            return ferror(r->fp) ? read_failed(r, err, errlen, 1) : 0;
        r->line++;
        st = ST_LEAD;
        ungetc(ch, r->fp);
    }
    for (;;) {
        ch = getc(r->fp);
        if (ch == EOF) {
            if (ferror(r->fp))
                return read_failed(r, err, errlen, 0);
            break;                       /* a last line without a newline */
        }
        if (ch == '\n')
            break;
        if (ch == '\0') {                /* not text: stop reading here */
            r->state = ST_FAILED;
            set_err(err, errlen, "%s:%lu: field line: contains a NUL byte", r->name, r->line);
            return -1;
        }
        switch (st) {
        case ST_LEAD:
        case ST_TEXT:
            if (st == ST_LEAD && !is_space(ch)) {
                if (ch != '#') {
                    st = ST_BLOCK;       /* leading blanks are not kept */
                    n = 0;
                    r->buf[n++] = (char)ch;
                    continue;
                }
                st = ST_TEXT;            /* blanks and comment kept raw */
            }
            r->buf[n++] = (char)ch;
            if (n == cap) {              /* a long blank or comment line: */
                r->buf[n] = '\0';        /* hand out this piece, or drop it */
                r->state = st;
                if (r->want_comments) {
                    r->more = 1;
                    return 2;
                }
                n = 0;
            }
            continue;
        case ST_BLOCK:
            if (is_space(ch)) {
                in_field = 0;
                continue;
            }
            if (!in_field) {
                if (ch == '#') {         /* a comment after the fields */
                    st = ST_TAIL;
                    continue;
                }
                if (n == cap)
                    goto overflow;
                r->buf[n++] = ' ';
                in_field = 1;
            }
            if (n == cap)
                goto overflow;
            r->buf[n++] = (char)ch;
            continue;
        default:                         /* ST_TAIL: skipped */
            continue;
        }
    }
    r->buf[n] = '\0';
    r->state = ST_START;
    return st == ST_BLOCK || st == ST_TAIL ? 1 : 2;

overflow:
    r->buf[n] = '\0';
    r->state = ST_FAILED;
    overflow_error(r, n, err, errlen);
    return -1;
}

int mx_reader_next(mx_reader *r, mx_vector *v, char *err, size_t errlen)
{
    char msg[200];
    for (;;) {
        int got = read_line(r, err, errlen), parsed;
        if (got <= 0)
            return got;
        if (got == 2) {
            if (r->want_comments)
                return 2;
            continue;
        }
        parsed = mx_vec_parse(r->buf, v, msg, sizeof msg);
        if (parsed < 0) {
            set_err(err, errlen, "%s:%lu: %s", r->name, r->line, msg);
            return -1;
        }
        return 1;                        /* a block line always has fields */
    }
}
