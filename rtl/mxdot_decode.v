// SPDX-License-Identifier: Apache-2.0
//
// mxdot_decode - one element of the group's format (C: mx_elem_decode), as
// an integer on the operand grid: |x| = sig * 2^sh * 2^-QN, the grid's LSB
// 2^-QN being the smallest quantum of the formats the build carries
// (2^-16 with E5M2, else 2^-9 with E4M3; docs/microarch.md).
//
// Per format (docs/spec.md section 1), with norm = (exponent field != 0):
//   E4M3 s.eeee.mmm   sig = {norm, m} (4 bits)  sh = e - norm + QN - 9
//   E5M2 s.eeeee.mm   sig = {norm, m} (3 bits)  sh = e - norm + QN - 16
//   E3M2 s.eee.mm     sig = {norm, m} (3 bits)  sh = e - norm + QN - 4
//   E2M3 s.ee.mmm     sig = {norm, m} (4 bits)  sh = e - norm + QN - 3
//   E2M1 s.ee.m       sig = {norm, m} (2 bits)  sh = e - norm + QN - 1
//   INT8 i            sig = |i| (7 bits)        sh = QN - 6, and |-128| is
//                     64 with sh one higher, so that sig needs 7 bits, not 8.
// FP6 and FP4 elements sit in the low bits of the byte; the bits above are
// ignored. E4M3 0x7F/0xFF and E5M2 with e = 31, m != 0 are NaN; E5M2 with
// e = 31, m = 0 is an infinity (sig and sh are then don't-cares: the group's
// result is decided by the flags).
//
// The five floating-point formats share one decoder: the byte is masked to
// the bits below the sign (7, 5 or 3 of them), the exponent field is what
// is left above the mw mantissa bits (mw = 3, 2 or 1), and the offset
// QN - q is one constant per format. INT8 has its own path. The format
// arrives one-hot (sel_i, bit f for code f, computed once per group in
// mxdot_unit); a format the build does not carry has a constant-0 select,
// so its paths vanish in synthesis, and a build with one format has no
// selects at all.

`timescale 1ns / 1ps
`default_nettype none

module mxdot_decode #(
  parameter integer Formats = 63,  // bit f: the build carries format code f
  parameter integer QN      = 16,  // the operand grid's LSB is 2^-QN
  parameter integer SigW    = 7,   // significand bits
  parameter integer ShW     = 5    // shift bits
) (
  input  wire [7:0]      x_i,
  input  wire [5:0]      sel_i,    // one-hot format of x_i
  output wire            sign_o,
  output wire [SigW-1:0] sig_o,
  output wire [ShW-1:0]  sh_o,
  output wire            zero_o,   // +-0
  output wire            nan_o,
  output wire            inf_o
);

  // Offsets QN - q of the grids (only the carried formats' are used, and
  // they are >= 0: QN is the largest q carried).
  localparam integer OffE4M3I = QN - 9, OffE5M2I = QN - 16, OffE3M2I = QN - 4,
                     OffE2M3I = QN - 3, OffE2M1I = QN - 1,  OffInt8I = QN - 6;
  localparam [ShW-1:0] OffE4M3 = OffE4M3I[ShW-1:0], OffE5M2 = OffE5M2I[ShW-1:0],
                       OffE3M2 = OffE3M2I[ShW-1:0], OffE2M3 = OffE2M3I[ShW-1:0],
                       OffE2M1 = OffE2M1I[ShW-1:0], OffInt8 = OffInt8I[ShW-1:0];

  wire [5:0] sel = sel_i & Formats[5:0];
  wire e4m3 = sel[0], e5m2 = sel[1], e3m2 = sel[2], e2m3 = sel[3], e2m1 = sel[4], int8 = sel[5];

  // ---- floating point ----
  wire       w8  = e4m3 | e5m2;            // 8-bit formats: sign in bit 7
  wire       w6  = e3m2 | e2m3;            // FP6: sign in bit 5
  wire       mw3 = e4m3 | e2m3;            // 3 mantissa bits
  wire       mw2 = e5m2 | e3m2;            // 2 mantissa bits (else E2M1: 1)
  wire [6:0] body = x_i[6:0] & {{2{w8}}, {2{w8 | w6}}, 3'b111};  // bits below the sign
  wire       f_sign = w8 ? x_i[7] : (w6 ? x_i[5] : x_i[3]);
  wire [4:0] e    = mw3 ? {1'b0, body[6:3]} : (mw2 ? body[6:2] : body[5:1]);
  wire [2:0] m    = mw3 ? body[2:0] : (mw2 ? {1'b0, body[1:0]} : {2'b00, body[0]});
  wire       norm = |e;
  wire [3:0] f_sig = mw3 ? {norm, m} : (mw2 ? {1'b0, norm, m[1:0]} : {2'b00, norm, m[0]});
  wire [ShW-1:0] off = ({ShW{e4m3}} & OffE4M3) | ({ShW{e5m2}} & OffE5M2) | ({ShW{e3m2}} & OffE3M2)
                     | ({ShW{e2m3}} & OffE2M3) | ({ShW{e2m1}} & OffE2M1);
  // sh = e - norm + off, modulo 2^ShW (exact for the carried formats)
  wire [ShW-1:0] f_sh  = e[ShW-1:0] + off + {ShW{norm}};
  wire       f_zero = ~|body;
  wire       e_max5 = &body[6:2];          // E5M2 exponent 31
  wire       f_nan  = (e4m3 & (&body)) | (e5m2 & e_max5 & |body[1:0]);
  wire       f_inf  = e5m2 & e_max5 & ~|body[1:0];

  // ---- INT8: two's complement, i * 2^-6; |-128| = 64 * 2 ----
  // (only in a build that carries it: a simulator skips the dead path too)
  wire [6:0]     i_sig;
  wire [ShW-1:0] i_sh;
  generate
    if ((Formats & 32) != 0) begin : g_int8
      wire [7:0] i_mag = x_i[7] ? (~x_i + 8'd1) : x_i;       // 0..128
      assign i_sig = i_mag[7] ? 7'd64 : i_mag[6:0];
      assign i_sh  = i_mag[7] ? OffInt8 - {ShW{1'b1}} : OffInt8;   // OffInt8 + 1
    end else begin : g_no_int8
      assign i_sig = 7'd0;
      assign i_sh  = {ShW{1'b0}};
    end
  endgenerate

  // ---- the format's ----
  /* verilator lint_off UNUSEDSIGNAL */
  wire [10:0]    sig_w  = int8 ? {4'd0, i_sig} : {7'd0, f_sig};    // wide enough for any SigW
  /* verilator lint_on UNUSEDSIGNAL */
  assign sign_o = int8 ? x_i[7] : f_sign;
  assign sig_o  = sig_w[SigW-1:0];
  assign sh_o   = int8 ? i_sh : f_sh;
  assign zero_o = int8 ? ~|x_i : f_zero;
  assign nan_o  = ~int8 & f_nan;
  assign inf_o  = ~int8 & f_inf;

endmodule

`default_nettype wire
