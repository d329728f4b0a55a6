/*
 * mxdot_tool.c - the `mxdot` command: evaluate, check and generate vectors.
 *
 *   mxdot eval  [FILE] [--model M]          blocks in, blocks with D FLAGS out
 *   mxdot check [FILE] [--max-errors N] [--model M]
 *                                           recompute every block with a result
 *   mxdot gen --seed S --count N [options]  random and edge-case groups
 *
 * eval and check compute with the exact contract (mx_dot_fmt) unless
 * --model names an accumulation model of mxmodel.h (mx_model_parse).
 *
 * Exit status: 0 success, 1 a check found mismatches, 2 bad input or usage,
 * or a failed write (a full disk, a closed standard output, a broken pipe).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "mxdot.h"
#include "mxgen.h"
#include "mxmodel.h"
#include "mxvec.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EXIT_MISMATCH 1
#define EXIT_BAD_INPUT 2
#define EXIT_WRITE_ERROR 2

/* Seconds between progress lines on standard error during long runs. */
#define PROGRESS_SECONDS 10

static const char usage[] =
    "usage: mxdot eval  [FILE] [--model M]\n"
    "       mxdot check [FILE] [--max-errors N] [--model M]\n"
    "       mxdot gen --seed S --count N [--k K | --kmax N [--lanes L] [--fixed-k]]\n"
    "                 [--formats LIST] [--reserved-rm] [--start I] [--results] [--kinds]\n"
    "       mxdot --help | --version\n"
    "\n"
    "MX block-scaled dot product (one scale group), golden reference\n"
    "(see docs/arith.md):\n"
    "  d = round_rm(c + 2^(xa-127) * 2^(xb-127) * sum a[i]*b[i]), rounded once.\n"
    "\n"
    "Vector format, one group per line (hex; '#' starts a comment line):\n"
    "  [F] RM XA XB C A B [D FLAGS]\n"
    "  F: optional, two digits: the element format of A, then of B (0 E4M3,\n"
    "     1 E5M2, 2 E3M2, 3 E2M3, 4 E2M1, 5 INT8; 6-7 reserved: NaN, NV);\n"
    "     without F both are E4M3. 6 or 8 fields: no F; 7 or 9: with F.\n"
    "  RM: rounding mode 0 RNE, 1 RTZ, 2 RDN, 3 RUP, 4 RMM (5-7 reserved: NaN, NV)\n"
    "  XA XB: UE8M0 scales; C: binary32 accumulator; A B: 2*K hex digits each,\n"
    "  element 0 first (K = 1..4096; an FP6/FP4 element has its high bits zero);\n"
    "  D: binary32 result; FLAGS: NV 10 OF 04 UF 02 NX 01.\n"
    "\n"
    "  eval    read groups (from FILE or standard input; results ignored) and\n"
    "          write each with the reference's D FLAGS; comments pass through.\n"
    "  check   recompute every group that carries a result, report each\n"
    "          mismatch with its line, end with 'N passed, N failed'; exit 1\n"
    "          on any mismatch.\n"
    "    --model M      (eval, check) compute with accumulation model M instead\n"
    "                   of the exact contract: a preset NAME (below), a preset\n"
    "                   with changes NAME,key=value,... or custom,key=value,...\n"
    "                   (keys: docs/accuracy.md). Default: exact.\n"
    "  gen     write N random and edge-case groups for seed S (group i depends\n"
    "          only on S, i and the options; --start I begins at group I).\n"
    "          Default: E4M3 groups of K elements (--k, default 32).\n"
    "    --kmax N       mixed lengths 1..N: single beats, 128, whole beats,\n"
    "                   whole beats +-1, partial last beats, random, N itself\n"
    "    --lanes L      the beat size for that mix (default 32)\n"
    "    --fixed-k      with --kmax: every group has N elements\n"
    "    --formats LIST formats drawn for A and B, independently: names\n"
    "                   (e4m3,e5m2,e3m2,e2m3,e2m1,int8), codes 0-7 (6, 7:\n"
    "                   reserved, at a low rate), or all (the six formats)\n"
    "    --reserved-rm  a low rate of reserved rounding modes 5-7\n"
    "    --results      add D FLAGS (computed by the reference)\n"
    "    --kinds        a comment line '# kind NAME' before each group: the\n"
    "                   class it was built for (random, tie, tiny, deep, ...)\n"
    "\n"
    "Numbers are decimal, or hexadecimal with 0x (a leading 0 is not octal:\n"
    "010 is ten). An option may be given once.\n"
    "A malformed line stops the run with 'FILE:LINE: field NAME: problem' on\n"
    "standard error and exit status 2; lines before it are already written.\n"
    "A failed write (disk full, closed output, broken pipe) also exits 2.\n";

/* The presets --model knows, for --help. */
static void print_models(void)
{
    size_t i;
    printf("\nModels (--model NAME):\n");
    for (i = 0; i < mx_model_preset_count(); i++) {
        const char *p = mx_model_preset_help(i);
        int col = printf("  %-10s", mx_model_preset_name(i));
        while (*p) {                      /* word-wrapped at 79 columns */
            size_t word = strcspn(p, " ");
            if (col + 1 + (int)word > 79) {
                printf("\n%13s", "");
                col = 13;
            } else {
                putchar(' ');
                col++;
            }
            col += printf("%.*s", (int)word, p);
            p += word;
            p += strspn(p, " ");
        }
        putchar('\n');
    }
}

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "mxdot: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n(try 'mxdot --help')\n");
    return EXIT_BAD_INPUT;
}

/* Report a failed write on standard output (errno as the write left it). */
static int write_error(const char *cmd, int err)
{
    fprintf(stderr, "mxdot: %s: write error on standard output: %s\n", cmd,
            strerror(err ? err : EIO));
    return EXIT_WRITE_ERROR;
}

/* Flush standard output and report whether every write succeeded. */
static int finish_output(const char *cmd)
{
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout))
        return write_error(cmd, errno);
    return 0;
}

/* A whole unsigned number: decimal digits, or 0x and hex digits. Nothing
 * else (no sign, no blanks, no octal). Returns 0, or -1. */
static int parse_u64(const char *s, uint64_t *out)
{
    uint64_t v = 0;
    unsigned base = 10, digit;
    if (!s || !*s)
        return -1;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
        if (!*s)
            return -1;
    }
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9') digit = (unsigned)(*s - '0');
        else if (base == 16 && *s >= 'a' && *s <= 'f') digit = (unsigned)(*s - 'a' + 10);
        else if (base == 16 && *s >= 'A' && *s <= 'F') digit = (unsigned)(*s - 'A' + 10);
        else return -1;
        if (v > (UINT64_MAX - digit) / base)
            return -1;                   /* does not fit in 64 bits */
        v = v * base + digit;
    }
    *out = v;
    return 0;
}

/* A progress line on standard error every PROGRESS_SECONDS of a long run. */
typedef struct {
    const char *cmd;
    time_t      last;
} progress;

static void progress_start(progress *p, const char *cmd)
{
    p->cmd = cmd;
    p->last = time(NULL);
}

static void progress_step(progress *p, uint64_t done, uint64_t total, const char *unit)
{
    time_t now = time(NULL);
    if (difftime(now, p->last) < PROGRESS_SECONDS)
        return;
    p->last = now;
    if (total)
        fprintf(stderr, "mxdot: %s: %llu of %llu %s (%.0f%%)\n", p->cmd,
                (unsigned long long)done, (unsigned long long)total, unit,
                100.0 * (double)done / (double)total);
    else
        fprintf(stderr, "mxdot: %s: %llu %s\n", p->cmd, (unsigned long long)done, unit);
}

static mx_vector vec;     /* large (8 KiB); one per process is enough */

/* The exact contract, or the model given with --model (NULL: exact). */
static uint32_t compute(const mx_vector *v, const mx_model *model, unsigned *flags)
{
    if (model)
        return mx_model_dot(model, v->k, v->a, v->b, v->fa, v->fb, v->xa, v->xb,
                            v->c, v->rm, flags);
    return mx_dot_fmt(v->k, v->a, v->b, v->fa, v->fb, v->xa, v->xb, v->c, v->rm, flags);
}

static int cmd_eval(const char *path, const mx_model *model)
{
    static mx_reader r;
    char err[300];
    int got, rc = 0;
    progress pr;
    uint64_t blocks = 0;
    if (mx_reader_open(&r, path, err, sizeof err) < 0) {
        fprintf(stderr, "mxdot: %s\n", err);
        return EXIT_BAD_INPUT;
    }
    r.want_comments = 1;
    progress_start(&pr, "eval");
    while ((got = mx_reader_next(&r, &vec, err, sizeof err)) > 0) {
        int bad;
        errno = 0;
        if (got == 2) {                  /* comment or blank line (or a piece) */
            bad = fputs(r.buf, stdout) == EOF || (!r.more && putchar('\n') == EOF);
        } else {
            vec.d = compute(&vec, model, &vec.flags);
            bad = mx_vec_write(stdout, &vec, 1) < 0;
            if ((++blocks & 0xFFFu) == 0)
                progress_step(&pr, blocks, 0, "groups");
        }
        if (bad || ferror(stdout)) {     /* stop: nothing more can be written */
            rc = write_error("eval", errno);
            break;
        }
    }
    mx_reader_close(&r);
    if (got < 0) {
        fflush(stdout);
        fprintf(stderr, "mxdot: %s\n", err);
        return EXIT_BAD_INPUT;
    }
    if (rc)
        return rc;
    return finish_output("eval");
}

static int cmd_check(const char *path, uint64_t max_errors, const mx_model *model)
{
    static mx_reader r;
    char err[300];
    unsigned long long passed = 0, failed = 0, without = 0;
    int got;
    progress pr;
    if (mx_reader_open(&r, path, err, sizeof err) < 0) {
        fprintf(stderr, "mxdot: %s\n", err);
        return EXIT_BAD_INPUT;
    }
    progress_start(&pr, "check");
    while ((got = mx_reader_next(&r, &vec, err, sizeof err)) > 0) {
        unsigned flags;
        uint32_t d;
        if (((passed + failed + without) & 0xFFFu) == 0xFFFu)
            progress_step(&pr, passed + failed + without, 0, "groups");
        if (!vec.has_result) {
            without++;
            continue;
        }
        d = compute(&vec, model, &flags);
        if (d == vec.d && flags == vec.flags) {
            passed++;
            continue;
        }
        failed++;
        if (failed <= max_errors) {
            printf("%s:%lu: mismatch\n  ", r.name, r.line);
            mx_vec_write(stdout, &vec, 1);
            printf("  file has   D %08X FLAGS %02X\n  %-10s D %08X FLAGS %02X\n",
                   (unsigned)vec.d, vec.flags, model ? "model" : "reference",
                   (unsigned)d, flags);
        } else if (failed == max_errors + 1) {
            printf("(further mismatches counted, not shown)\n");
        }
        if (ferror(stdout)) {
            mx_reader_close(&r);
            return write_error("check", errno);
        }
    }
    mx_reader_close(&r);
    if (got < 0) {
        fflush(stdout);
        fprintf(stderr, "mxdot: %s\n", err);
        return EXIT_BAD_INPUT;
    }
    if (without)
        printf("%llu blocks without a result not checked\n", without);
    printf("%llu passed, %llu failed\n", passed, failed);
    if (finish_output("check"))
        return EXIT_WRITE_ERROR;
    return failed ? EXIT_MISMATCH : 0;
}

/* --formats LIST: names, codes 0-7 or "all", separated by commas. */
static int parse_formats(const char *list, unsigned *mask)
{
    char name[32];
    const char *p = list;
    *mask = 0;
    for (;;) {
        size_t n = strcspn(p, ",");
        int code;
        if (n == 0 || n >= sizeof name)
            return usage_error("gen: --formats: bad list '%s' (names, codes 0-7 or all, "
                               "separated by commas)", list);
        memcpy(name, p, n);
        name[n] = '\0';
        if (strcmp(name, "all") == 0)
            *mask |= MX_FMT_ALL;
        else if (n == 1 && name[0] >= '0' && name[0] <= '7')
            *mask |= 1u << (name[0] - '0');
        else if ((code = mx_format_from_name(name)) >= 0)
            *mask |= 1u << code;
        else
            return usage_error("gen: --formats: '%s' is not a format (e4m3, e5m2, e3m2, "
                               "e2m3, e2m1, int8, all, or a code 0-7)", name);
        if (!p[n])
            return 0;
        p += n + 1;
    }
}

enum { O_SEED, O_COUNT, O_K, O_KMAX, O_LANES, O_START, O_FIXED, O_FORMATS,
       O_RESERVED_RM, O_RESULTS, O_KINDS, O_GEN_OPTIONS };
static const char *const gen_options[O_GEN_OPTIONS] = {
    "--seed", "--count", "--k", "--kmax", "--lanes", "--start", "--fixed-k",
    "--formats", "--reserved-rm", "--results", "--kinds"
};

static int cmd_gen(int argc, char **argv)
{
    uint64_t num[O_FIXED] = { 0, 0, 32, 0, 32, 0 };   /* the numeric options */
    int given[O_GEN_OPTIONS] = { 0 };
    unsigned formats = 1u;
    mx_gen_config cfg;
    uint64_t i;
    int a, o, grouped;
    progress pr;
    for (a = 0; a < argc; a++) {
        for (o = 0; o < O_GEN_OPTIONS && strcmp(argv[a], gen_options[o]) != 0; o++)
            ;
        if (o == O_GEN_OPTIONS)
            return usage_error("gen: unknown option '%s'", argv[a]);
        if (given[o])
            return usage_error("gen: %s given twice", gen_options[o]);
        given[o] = 1;
        if (o >= O_FIXED && o != O_FORMATS)
            continue;                    /* a flag */
        if (a + 1 >= argc)
            return usage_error("gen: %s needs a value", gen_options[o]);
        a++;
        if (o == O_FORMATS) {
            if (parse_formats(argv[a], &formats))
                return EXIT_BAD_INPUT;
        } else if (parse_u64(argv[a], &num[o]) < 0) {
            char what[128];
            snprintf(what, sizeof what, "gen: %s: '%%s' is not a whole number "
                     "(decimal, or hexadecimal with 0x)", gen_options[o]);
            return usage_error(what, argv[a]);
        }
    }
    if (!given[O_SEED] || !given[O_COUNT])
        return usage_error("gen: %s", "--seed S and --count N are required");
    if (given[O_K] && given[O_KMAX])
        return usage_error("gen: %s", "--k K (one length) and --kmax N (mixed lengths) "
                           "conflict: give one");
    if (given[O_LANES] && !given[O_KMAX])
        return usage_error("gen: %s", "--lanes L shapes mixed lengths: it needs --kmax N");
    if (given[O_FIXED] && !given[O_KMAX])
        return usage_error("gen: %s", "--fixed-k needs --kmax N (or give --k K)");
    for (o = O_K; o <= O_LANES; o++) {
        if (given[o] && (num[o] < 1 || num[o] > MX_K_MAX)) {
            char shown[24];
            snprintf(shown, sizeof shown, "%llu", (unsigned long long)num[o]);
            return usage_error(o == O_K ? "gen: --k must be 1 to 4096, not %s"
                               : o == O_KMAX ? "gen: --kmax must be 1 to 4096, not %s"
                               : "gen: --lanes must be 1 to 4096, not %s", shown);
        }
    }
    if (num[O_COUNT] > 0 && num[O_START] > UINT64_MAX - (num[O_COUNT] - 1))
        return usage_error("gen: %s", "--start I plus --count N passes the last group "
                           "index (2^64 - 1)");
    grouped = given[O_KMAX] || given[O_FORMATS] || given[O_RESERVED_RM];
    cfg.kmax = (size_t)(given[O_KMAX] ? num[O_KMAX] : num[O_K]);
    cfg.lanes = (size_t)num[O_LANES];
    cfg.formats = formats;
    cfg.fixed_k = !given[O_KMAX] || given[O_FIXED];
    cfg.reserved_rm = given[O_RESERVED_RM];
    progress_start(&pr, "gen");
    for (i = 0; i < num[O_COUNT]; i++) {
        int kind;
        if (grouped)
            kind = mx_gen_group(num[O_SEED], num[O_START] + i, &cfg, &vec);
        else
            kind = mx_gen_block(num[O_SEED], num[O_START] + i, (size_t)num[O_K], &vec);
        if (given[O_RESULTS])
            vec.d = compute(&vec, NULL, &vec.flags);
        errno = 0;
        if (given[O_KINDS] && printf("# kind %s\n", mx_gen_kind_name(kind)) < 0)
            return write_error("gen", errno);
        if (mx_vec_write(stdout, &vec, given[O_RESULTS]) < 0)
            return write_error("gen", errno);
        if ((i & 0xFFFu) == 0xFFFu)
            progress_step(&pr, i + 1, num[O_COUNT], "groups");
    }
    return finish_output("gen");
}

/* --model SPEC: *model parsed, and *use set to NULL for the exact contract
 * (mx_dot_fmt itself, as without the option) or to model. */
static int parse_model(const char *cmd, const char *spec, mx_model *model,
                       const mx_model **use)
{
    char err[200];
    if (mx_model_parse(spec, model, err, sizeof err) < 0) {
        /* err may quote the user's text: never a format string */
        fprintf(stderr, "mxdot: %s: --model '%s': %s (models: see mxdot --help)\n",
                cmd, spec, err);
        return EXIT_BAD_INPUT;
    }
    *use = model->exact ? NULL : model;
    return 0;
}

/* eval and check take at most one FILE, --model M, and (check)
 * --max-errors N. */
static int file_command(const char *name, int argc, char **argv)
{
    static mx_model model;
    const mx_model *use = NULL;
    const char *path = NULL;
    uint64_t max_errors = UINT64_MAX;
    int a, have_max = 0, have_model = 0;
    for (a = 0; a < argc; a++) {
        if (strcmp(argv[a], "--model") == 0) {
            if (have_model)
                return usage_error("%s: --model given twice", name);
            if (a + 1 >= argc)
                return usage_error("%s: --model needs a model (exact, blackwell, hopper, "
                                   "conv, or custom,key=value,...)", name);
            if (parse_model(name, argv[a + 1], &model, &use))
                return EXIT_BAD_INPUT;
            have_model = 1;
            a++;
        } else if (strcmp(name, "check") == 0 && strcmp(argv[a], "--max-errors") == 0) {
            if (have_max)
                return usage_error("check: %s given twice", "--max-errors");
            if (a + 1 >= argc || parse_u64(argv[a + 1], &max_errors) < 0)
                return usage_error("check: --max-errors needs a whole number%s",
                                   " (decimal, or hexadecimal with 0x)");
            have_max = 1;
            a++;
        } else if (argv[a][0] == '-' && argv[a][1] != '\0') {
            return usage_error("unknown option '%s'", argv[a]);
        } else if (path) {
            return usage_error("more than one FILE ('%s')", argv[a]);
        } else {
            path = argv[a];
        }
    }
    return strcmp(name, "eval") == 0 ? cmd_eval(path, use)
                                     : cmd_check(path, max_errors, use);
}

int main(int argc, char **argv)
{
    const char *cmd = argc > 1 ? argv[1] : NULL;
    if (!cmd)
        return usage_error("%s", "a command is needed: eval, check or gen");
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        if (argc > 2)
            return usage_error("%s takes no arguments", cmd);
        fputs(usage, stdout);
        print_models();
        return finish_output("help");
    }
    if (strcmp(cmd, "--version") == 0) {
        if (argc > 2)
            return usage_error("%s takes no arguments", cmd);
        printf("mxdot %s\n", MX_VERSION);
        return finish_output("version");
    }
    if (strcmp(cmd, "eval") == 0 || strcmp(cmd, "check") == 0)
        return file_command(cmd, argc - 2, argv + 2);
    if (strcmp(cmd, "gen") == 0)
        return cmd_gen(argc - 2, argv + 2);
    return usage_error("unknown command '%s'", cmd);
}
