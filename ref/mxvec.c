/*
 * mxvec.c - the vector file format of SPEC section 3: parse, write, read.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "mxvec.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

static const char *const field_names[] = { "RM", "XA", "XB", "C", "A", "B", "D", "FLAGS" };
enum { F_RM, F_XA, F_XB, F_C, F_A, F_B, F_D, F_FLAGS, F_COUNT };

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    if (!err || errlen == 0)
        return;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

static int is_space(char ch) { return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\v' || ch == '\f'; }

static int hex_value(char ch)
{
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
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
    for (i = 0; i < n && i + 1 < outlen; i++) {
        unsigned char ch = (unsigned char)t->text[i];
        out[i] = (ch >= 0x20 && ch < 0x7F) ? (char)ch : '?';
    }
    out[i] = '\0';
    if (t->len > n && i + 4 < outlen)
        strcat(out, "...");
}

/* A fixed-width hex field into *value. Returns 0, or -1 with err set. */
static int parse_fixed(const token *t, int field, size_t digits, uint32_t *value,
                       char *err, size_t errlen)
{
    char shown[24];
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
        set_err(err, errlen, "field %s: '%s' has %lu hex digits, expected %lu",
                field_names[field], shown, (unsigned long)t->len, (unsigned long)digits);
        return -1;
    }
    *value = v;
    return 0;
}

/* An element field (A or B): 2*K hex digits, element 0 first. */
static int parse_elements(const token *t, int field, uint8_t *out, size_t *k,
                          char *err, size_t errlen)
{
    char shown[24];
    size_t i;
    describe(t, shown, sizeof shown);
    for (i = 0; i < t->len; i++) {
        if (hex_value(t->text[i]) < 0) {
            set_err(err, errlen, "field %s: character %lu ('%c') is not hexadecimal",
                    field_names[field], (unsigned long)i + 1,
                    (t->text[i] >= 0x20 && t->text[i] < 0x7F) ? t->text[i] : '?');
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

/* Split a line into at most F_COUNT + 1 fields; a '#' that starts a field
 * starts a trailing comment. Returns the number of fields. */
static int split_fields(const char *line, token *t)
{
    int n = 0;
    const char *p = line;
    for (;;) {
        while (*p && is_space(*p))
            p++;
        if (!*p || *p == '#')
            return n;
        if (n == F_COUNT + 1)
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
    token t[F_COUNT + 1];
    uint32_t value;
    size_t kb;
    int n = split_fields(line, t);

    if (n == 0)
        return 0;                        /* blank or comment line */
    if (n < 6) {
        set_err(err, errlen, "field %s: missing (truncated line: %d of 6 fields)",
                field_names[n], n);
        return -1;
    }
    if (n == 7) {
        set_err(err, errlen, "field FLAGS: missing (D given without FLAGS)");
        return -1;
    }
    if (n > F_COUNT) {
        set_err(err, errlen, "field line: more than 8 fields (expected RM XA XB C A B [D FLAGS])");
        return -1;
    }
    if (parse_fixed(&t[F_RM], F_RM, 1, &value, err, errlen) < 0)
        return -1;
    v->rm = value;
    if (v->rm > 7) {
        set_err(err, errlen, "field RM: %X is not a rounding mode (0-7)", v->rm);
        return -1;
    }
    if (parse_fixed(&t[F_XA], F_XA, 2, &value, err, errlen) < 0)
        return -1;
    v->xa = (uint8_t)value;
    if (parse_fixed(&t[F_XB], F_XB, 2, &value, err, errlen) < 0)
        return -1;
    v->xb = (uint8_t)value;
    if (parse_fixed(&t[F_C], F_C, 8, &value, err, errlen) < 0)
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
    v->has_result = n == F_COUNT;
    v->d = 0;
    v->flags = 0;
    if (v->has_result) {
        if (parse_fixed(&t[F_D], F_D, 8, &value, err, errlen) < 0)
            return -1;
        v->d = value;
        if (parse_fixed(&t[F_FLAGS], F_FLAGS, 2, &value, err, errlen) < 0)
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

void mx_vec_write(FILE *out, const mx_vector *v, int with_result)
{
    char line[MX_VEC_LINE_MAX];
    char *p = line;
    size_t i;
    p = put_hex(p, v->rm & 0xFu, 1);
    *p++ = ' ';
    p = put_hex(p, v->xa, 2);
    *p++ = ' ';
    p = put_hex(p, v->xb, 2);
    *p++ = ' ';
    p = put_hex(p, v->c, 8);
    *p++ = ' ';
    for (i = 0; i < v->k; i++)
        p = put_hex(p, v->a[i], 2);
    *p++ = ' ';
    for (i = 0; i < v->k; i++)
        p = put_hex(p, v->b[i], 2);
    if (with_result) {
        *p++ = ' ';
        p = put_hex(p, v->d, 8);
        *p++ = ' ';
        p = put_hex(p, v->flags & 0xFFu, 2);
    }
    *p++ = '\n';
    fwrite(line, 1, (size_t)(p - line), out);
}

/* ------------------------------------------------------------------------ */
/* Reader                                                                    */
/* ------------------------------------------------------------------------ */

int mx_reader_open(mx_reader *r, const char *path, char *err, size_t errlen)
{
    r->line = 0;
    r->want_comments = 0;
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

/* Read one line into r->buf. Returns 1 line, 0 end of file, -1 error. */
static int read_line(mx_reader *r, char *err, size_t errlen)
{
    size_t n = 0;
    int ch, nul = 0, too_long = 0;
    errno = 0;
    ch = getc(r->fp);
    if (ch == EOF) {
        if (ferror(r->fp)) {
            set_err(err, errlen, "%s:%lu: read error: %s", r->name, r->line + 1,
                    strerror(errno ? errno : EIO));
            return -1;
        }
        return 0;
    }
    r->line++;
    while (ch != EOF && ch != '\n') {
        if (ch == '\0')
            nul = 1;
        if (n < MX_VEC_LINE_MAX)
            r->buf[n++] = (char)ch;
        else
            too_long = 1;                /* keep reading to the line's end */
        ch = getc(r->fp);
    }
    r->buf[n] = '\0';
    if (ch == EOF && ferror(r->fp)) {
        set_err(err, errlen, "%s:%lu: read error: %s", r->name, r->line,
                strerror(errno ? errno : EIO));
        return -1;
    }
    if (too_long) {
        set_err(err, errlen, "%s:%lu: field line: longer than %u characters",
                r->name, r->line, MX_VEC_LINE_MAX);
        return -1;
    }
    if (nul) {
        set_err(err, errlen, "%s:%lu: field line: contains a NUL byte", r->name, r->line);
        return -1;
    }
    return 1;
}

int mx_reader_next(mx_reader *r, mx_vector *v, char *err, size_t errlen)
{
    char msg[200];
    for (;;) {
        int got = read_line(r, err, errlen), parsed;
        if (got <= 0)
            return got;
        parsed = mx_vec_parse(r->buf, v, msg, sizeof msg);
        if (parsed < 0) {
            set_err(err, errlen, "%s:%lu: %s", r->name, r->line, msg);
            return -1;
        }
        if (parsed > 0)
            return 1;
        if (r->want_comments)
            return 2;
    }
}
