// SPDX-License-Identifier: Apache-2.0
//
// mxdot_decode_mul - one lane (C: mx_decode_mul): decode two E4M3 elements
// and put their exact product on the block sum's fixed-point grid.
//
// E4M3 s.eeee.mmm: e = 0 gives sig = m, shift 0; e >= 1 gives sig = 8+m,
// shift = e-1; the value is sig * 2^shift * 2^-9 in both cases. So
//   a*b = (sig_a*sig_b) * 2^(shift_a+shift_b) * 2^-18,
// an 8-bit significand product (<= 15*15) moved left by 0..28: the product
// is an integer with LSB 2^-18 and magnitude < 2^36, 37 bits signed.
// A negative product leaves as its ones' complement ~(|p|) = p - 1 (the
// inverted significand shifted with the sign bit filling both ends) and
// neg_o = 1: mxdot_reduce adds the missing ones for free in its carry-save
// tree, so no lane needs an incrementer.

`default_nettype none

module mxdot_decode_mul (
  input  wire [7:0]  a_i,
  input  wire [7:0]  b_i,
  output wire [36:0] prod_o,      // p - neg_o, two's complement, LSB 2^-18
  output wire        neg_o,       // the product's sign
  output wire        nan_o,       // a or b is NaN (S.1111.111)
  output wire        nonzero_o,   // the product is not a zero
  output wire        zero_pos_o,  // the product is +0
  output wire        zero_neg_o   // the product is -0
);

  wire       a_norm  = |a_i[6:3];
  wire       b_norm  = |b_i[6:3];
  wire [3:0] a_sig   = {a_norm, a_i[2:0]};
  wire [3:0] b_sig   = {b_norm, b_i[2:0]};
  wire [3:0] a_shift = a_norm ? (a_i[6:3] - 4'd1) : 4'd0;
  wire [3:0] b_shift = b_norm ? (b_i[6:3] - 4'd1) : 4'd0;
  wire [4:0] shift   = {1'b0, a_shift} + {1'b0, b_shift};   // 0..28
  wire       sign    = a_i[7] ^ b_i[7];

  wire [7:0]  mag    = {4'd0, a_sig} * {4'd0, b_sig};       // 0..225
  wire [8:0]  ones   = {sign, mag ^ {8{sign}}};            // ~mag when negative
  // sign bits above and below: (~mag << shift) | (2^shift - 1) = ~(mag << shift)
  wire [73:0] wide   = {{28{sign}}, ones, {37{sign}}} << shift;

  assign prod_o     = wide[73:37];
  assign neg_o      = sign;
  assign nan_o      = (a_i[6:0] == 7'h7F) | (b_i[6:0] == 7'h7F);
  assign nonzero_o  = (|a_sig) & (|b_sig);
  assign zero_pos_o = ~nonzero_o & ~sign;
  assign zero_neg_o = ~nonzero_o & sign;

  wire unused_wide;
  assign unused_wide = ^wide[36:0];

endmodule

`default_nettype wire
