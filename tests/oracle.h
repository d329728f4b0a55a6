/*
 * oracle.h - an independent model of the MXFP8 block dot product (SPEC
 * section 2), for testing the golden reference in ref/.
 *
 * It shares no code and no header with ref/: the E4M3, UE8M0 and binary32
 * codes are decoded here from the SPEC table, the exact value is formed with
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
 * zero of the given sign. */
uint32_t oracle_round_f32(unsigned sign, uint64_t sig, int exp, unsigned rm,
                          unsigned *flags);

/* Round a finite double (exact input) once to binary32, nearest even. */
uint32_t oracle_f32_from_double(double v, unsigned *flags);

/* Round a double (exact input; Inf and NaN allowed) to E4M3, nearest even.
 * sat: overflow (rounded magnitude above 448) gives +-448, else NaN.
 * Flags: NX inexact, OF|NX overflow, UF|NX tiny after rounding and inexact.
 * NaN gives the NaN of the same sign; Inf overflows by the same policy. */
uint8_t oracle_e4m3_from_double(double v, int sat, unsigned *flags);

#endif /* ORACLE_H */
