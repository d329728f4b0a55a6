/*
 * mxdot_tool.c - the `mxdot` command: evaluate, check and generate vectors.
 *
 *   mxdot eval  [FILE]                      blocks in, blocks with D FLAGS out
 *   mxdot check [FILE] [--max-errors N]     recompute every block with a result
 *   mxdot gen --seed S --count N [--k K] [--start I] [--results]
 *
 * Exit status: 0 success, 1 a check found mismatches, 2 bad input or usage.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "mxdot.h"
#include "mxgen.h"
#include "mxvec.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define EXIT_MISMATCH 1
#define EXIT_BAD_INPUT 2

static const char usage[] =
    "usage: mxdot eval  [FILE]\n"
    "       mxdot check [FILE] [--max-errors N]\n"
    "       mxdot gen --seed S --count N [--k K] [--start I] [--results]\n"
    "       mxdot --help | --version\n"
    "\n"
    "MXFP8 block dot product, golden reference (see docs/arith.md):\n"
    "  d = round_rm(c + 2^(xa-127) * 2^(xb-127) * sum a[i]*b[i]), rounded once.\n"
    "\n"
    "Vector format, one block per line (hex; '#' starts a comment line):\n"
    "  RM XA XB C A B [D FLAGS]\n"
    "  RM: rounding mode 0 RNE, 1 RTZ, 2 RDN, 3 RUP, 4 RMM (5-7 reserved: NaN, NV)\n"
    "  XA XB: UE8M0 scales; C: binary32 accumulator; A B: 2*K hex digits each,\n"
    "  element 0 first (K = 1..4096); D: binary32 result; FLAGS: NV 10 OF 04\n"
    "  UF 02 NX 01.\n"
    "\n"
    "  eval    read blocks (from FILE or standard input; results ignored) and\n"
    "          write each with the reference's D FLAGS; comments pass through.\n"
    "  check   recompute every block that carries a result, report each\n"
    "          mismatch with its line, end with 'N passed, N failed'; exit 1\n"
    "          on any mismatch.\n"
    "  gen     write N random and edge-case blocks of K elements (default 32)\n"
    "          for seed S (block i depends only on S and i; --start I begins at\n"
    "          block I); --results adds D FLAGS.\n"
    "\n"
    "A malformed line stops the run with 'FILE:LINE: field NAME: problem' on\n"
    "standard error and exit status 2; lines before it are already written.\n";

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "mxdot: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n(try 'mxdot --help')\n");
    return EXIT_BAD_INPUT;
}

/* A whole unsigned number (decimal, or hex with 0x). Returns 0 or -1. */
static int parse_u64(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v;
    if (!s || !*s || *s == '-' || *s == '+')
        return -1;
    errno = 0;
    v = strtoull(s, &end, 0);
    if (errno || *end)
        return -1;
    *out = (uint64_t)v;
    return 0;
}

static mx_vector vec;     /* large (8 KiB); one per process is enough */

static int cmd_eval(const char *path)
{
    mx_reader r;
    char err[300];
    int got;
    if (mx_reader_open(&r, path, err, sizeof err) < 0) {
        fprintf(stderr, "mxdot: %s\n", err);
        return EXIT_BAD_INPUT;
    }
    r.want_comments = 1;
    while ((got = mx_reader_next(&r, &vec, err, sizeof err)) > 0) {
        if (got == 2) {                  /* comment or blank line */
            fputs(r.buf, stdout);
            fputc('\n', stdout);
            continue;
        }
        vec.d = mx_dot(vec.k, vec.a, vec.b, vec.xa, vec.xb, vec.c, vec.rm, &vec.flags);
        mx_vec_write(stdout, &vec, 1);
    }
    mx_reader_close(&r);
    fflush(stdout);
    if (got < 0) {
        fprintf(stderr, "mxdot: %s\n", err);
        return EXIT_BAD_INPUT;
    }
    return 0;
}

static int cmd_check(const char *path, uint64_t max_errors)
{
    mx_reader r;
    char err[300];
    unsigned long passed = 0, failed = 0, without = 0;
    int got;
    if (mx_reader_open(&r, path, err, sizeof err) < 0) {
        fprintf(stderr, "mxdot: %s\n", err);
        return EXIT_BAD_INPUT;
    }
    while ((got = mx_reader_next(&r, &vec, err, sizeof err)) > 0) {
        unsigned flags;
        uint32_t d;
        if (!vec.has_result) {
            without++;
            continue;
        }
        d = mx_dot(vec.k, vec.a, vec.b, vec.xa, vec.xb, vec.c, vec.rm, &flags);
        if (d == vec.d && flags == vec.flags) {
            passed++;
            continue;
        }
        failed++;
        if (failed <= max_errors) {
            printf("%s:%lu: mismatch\n  ", r.name, r.line);
            mx_vec_write(stdout, &vec, 1);
            printf("  file has   D %08X FLAGS %02X\n  reference  D %08X FLAGS %02X\n",
                   (unsigned)vec.d, vec.flags, (unsigned)d, flags);
        } else if (failed == max_errors + 1) {
            printf("(further mismatches counted, not shown)\n");
        }
    }
    mx_reader_close(&r);
    if (got < 0) {
        fflush(stdout);
        fprintf(stderr, "mxdot: %s\n", err);
        return EXIT_BAD_INPUT;
    }
    if (without)
        printf("%lu blocks without a result not checked\n", without);
    printf("%lu passed, %lu failed\n", passed, failed);
    return failed ? EXIT_MISMATCH : 0;
}

static int cmd_gen(int argc, char **argv)
{
    uint64_t seed = 0, count = 0, k = 32, start = 0, i;
    int have_seed = 0, have_count = 0, results = 0, a;
    for (a = 0; a < argc; a++) {
        const char *opt = argv[a];
        uint64_t *target = NULL;
        if (strcmp(opt, "--results") == 0) {
            results = 1;
            continue;
        }
        if (strcmp(opt, "--seed") == 0) { target = &seed; have_seed = 1; }
        else if (strcmp(opt, "--count") == 0) { target = &count; have_count = 1; }
        else if (strcmp(opt, "--k") == 0) target = &k;
        else if (strcmp(opt, "--start") == 0) target = &start;
        else
            return usage_error("gen: unknown option '%s'", opt);
        if (a + 1 >= argc)
            return usage_error("gen: %s needs a value", opt);
        if (parse_u64(argv[++a], target) < 0)
            return usage_error("gen: '%s' is not a whole number", argv[a]);
    }
    if (!have_seed || !have_count)
        return usage_error("gen: %s", "--seed S and --count N are required");
    if (k < 1 || k > MX_K_MAX) {
        char shown[24];
        snprintf(shown, sizeof shown, "%llu", (unsigned long long)k);
        return usage_error("gen: --k must be 1 to 4096, not %s", shown);
    }
    for (i = 0; i < count; i++) {
        mx_gen_block(seed, start + i, (size_t)k, &vec);
        if (results)
            vec.d = mx_dot(vec.k, vec.a, vec.b, vec.xa, vec.xb, vec.c, vec.rm, &vec.flags);
        mx_vec_write(stdout, &vec, results);
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "mxdot: gen: write error: %s\n", strerror(errno));
        return EXIT_BAD_INPUT;
    }
    return 0;
}

/* eval and check take at most one FILE and (check) --max-errors N. */
static int file_command(const char *name, int argc, char **argv)
{
    const char *path = NULL;
    uint64_t max_errors = UINT64_MAX;
    int a;
    for (a = 0; a < argc; a++) {
        if (strcmp(name, "check") == 0 && strcmp(argv[a], "--max-errors") == 0) {
            if (a + 1 >= argc || parse_u64(argv[a + 1], &max_errors) < 0)
                return usage_error("check: --max-errors needs a whole number%s", "");
            a++;
        } else if (argv[a][0] == '-' && argv[a][1] != '\0') {
            return usage_error("unknown option '%s'", argv[a]);
        } else if (path) {
            return usage_error("more than one FILE ('%s')", argv[a]);
        } else {
            path = argv[a];
        }
    }
    return strcmp(name, "eval") == 0 ? cmd_eval(path) : cmd_check(path, max_errors);
}

int main(int argc, char **argv)
{
    const char *cmd = argc > 1 ? argv[1] : NULL;
    if (!cmd)
        return usage_error("%s", "a command is needed: eval, check or gen");
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("mxdot %s\n", MX_VERSION);
        return 0;
    }
    if (strcmp(cmd, "eval") == 0 || strcmp(cmd, "check") == 0)
        return file_command(cmd, argc - 2, argv + 2);
    if (strcmp(cmd, "gen") == 0)
        return cmd_gen(argc - 2, argv + 2);
    return usage_error("unknown command '%s'", cmd);
}
