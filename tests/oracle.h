/*
 * oracle.h - an independent model of the MX block dot product (SPEC
 * sections 1-2: six element formats, groups of 1..4096 elements), for
 * testing the golden reference in ref/.
 *
 * It shares no code and no header with ref/: the element, UE8M0 and binary32
 * codes are decoded here from the SPEC tables (and every element table is
 * checked at start-up against a second derivation that walks the number line
 * code by code), the exact value is formed with
 * GNU MPFR (floating point with a precision wide enough to be exact), and the
 * single rounding uses MPFR's directed roundings with a narrowed exponent
 * range. The reference instead works in fixed-point integers, so the two
 * cannot share a mistake by construction.
 *
 * Not reentrant: the oracle keeps its MPFR work variables in static storage
 * (speed), and narrows MPFR's exponent range while it rounds. Single thread.
 *
 * Values travel as bit patterns; rm is the RISC-V frm encoding (0 RNE,
 * 1 RTZ, 2 RDN, 3 RUP, 4 RMM, 5..7 reserved); flags the fflags encoding
 * (NV 0x10, OF 0x04, UF 0x02, NX 0x01).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef ORACLE_H
#define ORACLE_H

#include <stddef.h>
#include <stdint.h>

#define ORACLE_NV 0x10u
#define ORACLE_OF 0x04u
#define ORACLE_UF 0x02u
#define ORACLE_NX 0x01u
#define ORACLE_QNAN 0x7FC00000u
#define ORACLE_K_MAX 4096u

/* Element format codes of SPEC section 1 (6 and 7 are reserved). */
#define ORACLE_FMT_E4M3 0u
#define ORACLE_FMT_E5M2 1u
#define ORACLE_FMT_E3M2 2u
#define ORACLE_FMT_E2M3 3u
#define ORACLE_FMT_E2M1 4u
#define ORACLE_FMT_INT8 5u
#define ORACLE_FMT_COUNT 6u

/* Classes of an element (the oracle's own numbering; tests map them). An
 * INT8 element is a zero or a normal number. */
enum oracle_class {
    ORACLE_ZERO = 0, ORACLE_SUBNORMAL, ORACLE_NORMAL, ORACLE_INF, ORACLE_NAN
};

/* Name ("E4M3", ...) and width in bits of a format; NULL / 0 when reserved. */
const char *oracle_fmt_name(unsigned fmt);
unsigned oracle_fmt_width(unsigned fmt);
/* Largest finite magnitude of a format (448, 57344, 28, 7.5, 6, 2: INT8's
 * largest magnitude is that of -2), and its largest positive value. */
double oracle_fmt_max(unsigned fmt);
double oracle_fmt_max_pos(unsigned fmt);
/* One element (bits above the format's width ignored, as the operation
 * does): its class, and its exact value as a double (+-0 with the code's
 * sign, +-Inf, NaN). Reserved format: ORACLE_NAN / NaN. */
enum oracle_class oracle_elem_class(unsigned fmt, uint8_t x);
double oracle_elem_value(unsigned fmt, uint8_t x);

/* The group operation with element formats fa, fb (SPEC section 2, rules
 * 0-4). Reserved fa, fb or rm, and k out of 1..4096, give the canonical NaN
 * with NV. Writes (not ORs) *flags when flags is not NULL. */
uint32_t oracle_dot_fmt(size_t k, const uint8_t *a, const uint8_t *b,
                        unsigned fa, unsigned fb, uint8_t xa, uint8_t xb,
                        uint32_t c, unsigned rm, unsigned *flags);

/* oracle_dot_fmt, and what deciding the group met (for checking the
 * reference's coverage report mx_dot_fmt_info): rule of SPEC section 2 that
 * gave d (0 reserved or k out of range, 1 NaN or invalid, 2 infinity, 3
 * exact zero, 4 rounding); for rule 4: tie (v halfway between neighbouring
 * binary32 values at the delivered precision; 0 when one of them would be
 * past the largest finite), tiny_before (0 < |v| < 2^-126), tiny (tiny after
 * rounding, rounded in rm with an unbounded exponent), deep (|v| < 2^-149);
 * all 0 for the other rules. */
typedef struct {
    int rule, tie, tiny_before, tiny, deep;
} oracle_info;
uint32_t oracle_dot_fmt_info(size_t k, const uint8_t *a, const uint8_t *b,
                             unsigned fa, unsigned fb, uint8_t xa, uint8_t xb,
                             uint32_t c, unsigned rm, unsigned *flags,
                             oracle_info *info);

/* Round a finite double (exact input) to nearest even in element format fmt,
 * as a binary32 -> element conversion would: returns 1 and the code in *code
 * (a zero keeps the sign of v; INT8 has only +0), with NX when inexact and
 * UF|NX when tiny after rounding (below the format's smallest normal; never
 * for INT8) and inexact; returns 0 on overflow (the value rounded with an
 * unbounded exponent, or for INT8 to the 2^-6 grid without limit, lies
 * outside the format's finite range), leaving the policy to the caller. */
int oracle_elem_round(unsigned fmt, double v, uint8_t *code, unsigned *flags);
/* The same for the exact value (-1)^sign * sig * 2^exp (any int exp); sig 0
 * is a zero of that sign. */
int oracle_elem_round_sig(unsigned fmt, unsigned sign, uint64_t sig, int exp,
                          uint8_t *code, unsigned *flags);

/* The block operation: d = round_rm(c + 2^(xa-127) 2^(xb-127) sum a[i] b[i]).
 * Reserved rm (5..7) and k out of 1..4096 give the canonical NaN with NV.
 * Writes the flags (not ORs) to *flags when flags is not NULL. */
uint32_t oracle_dot(size_t k, const uint8_t *a, const uint8_t *b, uint8_t xa,
                    uint8_t xb, uint32_t c, unsigned rm, unsigned *flags);

/* Exact values of the codes, as doubles (every E4M3, UE8M0 and finite
 * binary32 value is a double). E4M3 NaN and UE8M0 0xFF give a NaN. */
double oracle_e4m3_value(uint8_t x);
double oracle_ue8m0_value(uint8_t x);
double oracle_f32_value(uint32_t f);

/* Round the exact value (-1)^sign * sig * 2^exp once to binary32 in mode rm
 * (0..4), flags per SPEC section 2 rule 4 (ORed into *flags). sig 0 gives a
 * zero of the given sign. Any int exp (MPFR runs with its widest exponent
 * range, so 2^INT_MAX and 2^INT_MIN are ordinary values here). */
uint32_t oracle_round_f32(unsigned sign, uint64_t sig, int exp, unsigned rm,
                          unsigned *flags);

/* c + sum * 2^exp rounded once to binary32 in mode rm (0..4), for a finite
 * c, any non-zero int64 sum and any int exp (mx_accumulate_round's domain
 * with a non-zero sum); flags ORed into *flags. An exact zero is +0 (-0
 * under RDN): the terms were non-zero and cancelled. */
uint32_t oracle_accumulate(uint32_t c, int64_t sum, int exp, unsigned rm,
                           unsigned *flags);

/* Round a finite double (exact input) once to binary32, nearest even. */
uint32_t oracle_f32_from_double(double v, unsigned *flags);

/* Round a double (exact input; Inf and NaN allowed) to E4M3, nearest even.
 * sat: overflow (rounded magnitude above 448) gives +-448, else NaN.
 * Flags: NX inexact, OF|NX overflow, UF|NX tiny after rounding and inexact.
 * NaN gives the NaN of the same sign; Inf overflows by the same policy. */
uint8_t oracle_e4m3_from_double(double v, int sat, unsigned *flags);

#endif /* ORACLE_H */
