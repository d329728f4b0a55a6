// SPDX-License-Identifier: Apache-2.0
//
// mxdot_align - the accumulator's exponent path, beside the block sum: it
// decodes c, normalizes a subnormal c, and computes where c lands in the
// accumulation window of mxdot_accumulate. It needs only c and E, so it runs
// in parallel with the multipliers and the tree (off the critical path).
//
// c = sig * 2^ec with sig < 2^24: a normal c has sig = 1.f (MSB at bit 23),
// ec = e - 150; a subnormal c is shifted so that its MSB is at bit 23 too,
// ec = -149 - shift. The window (see mxdot_accumulate) puts the block sum's
// LSB at bit G and c's LSB at bit G + (ec - E); shift_o is that position
// plus 24, i.e. the left shift of sig into a window extended by 24 bits
// below bit 0 (the bits that get jammed). exp_a_o and exp_b_o are the
// exponents of window bit 0 in the two placements (S in place, or c at the
// top with S reduced to a sticky unit).
// Ranges: E in -286..236 (mxdot_scale, any QN), ec in -172..104, and the
// window's constants below 300 (WS <= 77): every result fits 11 bits.

`timescale 1ns / 1ps
`default_nettype none

module mxdot_align #(
  parameter integer WS = 41          // magnitude bits of the group sum
) (
  input  wire [31:0] c_i,
  input  wire [9:0]  exp_i,      // E (mxdot_scale), two's complement
  output wire [23:0] sig_o,      // normalized significand (0 for a zero c)
  output wire [10:0] shift_o,    // G + 24 + ec - E, two's complement
  output wire [10:0] exp_a_o,    // E - G
  output wire [10:0] exp_b_o,    // ec - (G + WS + 2)
  output wire        sign_o,
  output wire        zero_o,
  output wire        inf_o,
  output wire        nan_o,
  output wire        snan_o
);

  localparam integer G  = 26;                  // guard bits below the group sum
  // constants of the exponent sums, 11 bits two's complement
  localparam integer ShiftBiasI = 24 + G - 150;
  localparam integer ExpBBiasI  = 150 + G + WS + 2;
  localparam [10:0]  ShiftBias  = ShiftBiasI[10:0];
  localparam [10:0]  ExpABias   = G[10:0];
  localparam [10:0]  ExpBBias   = ExpBBiasI[10:0];

  wire [7:0]  c_exp  = c_i[30:23];
  wire [22:0] c_frac = c_i[22:0];
  wire        c_norm = |c_exp;
  wire        c_max  = &c_exp;

  wire [4:0]  lz;
  wire        frac_zero;
  mxdot_lzc #(.Width(23)) u_lzc (.in_i(c_frac), .cnt_o(lz), .zero_o(frac_zero));

  // left shift of a subnormal significand: lz + 1 (1..23)
  wire [4:0]  norm_shift = c_norm ? 5'd0 : (lz + 5'd1);
  wire [7:0]  exp_eff    = c_norm ? c_exp : 8'd1;
  wire [23:0] sig_raw    = {c_norm, c_frac};

  assign sig_o = sig_raw << norm_shift;

  // ec = exp_eff - norm_shift - 150. The sums that do not need the
  // leading-zero count are formed beside it; after it only one adder
  // remains: - norm_shift = ~lz (= -lz - 1) for a subnormal c, 0 otherwise.
  wire [10:0] e_ext    = {exp_i[9], exp_i};
  wire [10:0] exp_eff11 = {3'b000, exp_eff};
  wire [10:0] sh_base  = exp_eff11 - e_ext + ShiftBias;
  wire [10:0] eb_base  = exp_eff11 - ExpBBias;
  wire [10:0] minus_ns = c_norm ? 11'd0 : ~{6'b000000, lz};

  assign shift_o = sh_base + minus_ns;
  assign exp_a_o = e_ext - ExpABias;
  assign exp_b_o = eb_base + minus_ns;

  assign sign_o = c_i[31];
  assign zero_o = ~c_norm & frac_zero;
  assign inf_o  = c_max & frac_zero;
  assign nan_o  = c_max & ~frac_zero;
  assign snan_o = c_max & ~frac_zero & ~c_frac[22];

endmodule

`default_nettype wire
