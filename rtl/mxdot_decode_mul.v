// SPDX-License-Identifier: Apache-2.0
//
// mxdot_decode_mul - one lane (C: mx_decode_mul): decode the two elements
// (mxdot_decode) and put their exact product on the group sum's
// fixed-point grid, whose LSB is 2^-(2*QN):
//   a*b = (sig_a*sig_b) * 2^(sh_a+sh_b) * 2^-(2*QN),
// a SigW x SigW-bit significand product moved left by sh_a + sh_b. Every
// product of the carried formats is below 2^ProdW on this grid (ProdW = 36
// for E4M3 alone, 64 with E5M2: mxdot_unit derives it).
//
// The lane leaves its product as a non-negative ProdW+1-bit row, the
// product plus 2^ProdW ("biased"), minus the product's sign:
//   positive p: {1, |p|}        negative p: {0, ~|p|} = 2^ProdW - |p| - 1
// so row + neg_o = p + 2^ProdW exactly, and no lane needs an incrementer
// (mxdot_reduce adds the neg_o ones where its carry-save tree has free
// inputs). Non-negative rows let the tree and the group accumulator add
// without sign extension (mxdot_reduce, mxdot_group).
//
// A lane that is not kept (keep_i = 0) contributes no term: its row is the
// bias alone (the product 0 with no sign) and every flag is 0, so neither
// its zero nor its NaN or infinity counts (SPEC section 2).
//
// Flags, for the special cases of the group (mxdot_accumulate):
//   nan_o      a or b is NaN
//   invalid_o  an infinity times a zero
//   inf_pos_o  the product is +Inf (an infinity times a non-NaN)
//   inf_neg_o  ... -Inf
//   nonzero_o  the product is not a zero
//   zero_pos_o the product is +0, zero_neg_o -0 (sign(a) xor sign(b))

`timescale 1ns / 1ps
`default_nettype none

module mxdot_decode_mul #(
  parameter integer Formats = 63,
  parameter integer QN      = 16,
  parameter integer SigW    = 7,
  parameter integer ShW     = 5,
  parameter integer ProdW   = 64
) (
  input  wire [7:0]     a_i,
  input  wire [7:0]     b_i,
  input  wire [5:0]     sel_a_i,     // one-hot format of a (mxdot_decode)
  input  wire [5:0]     sel_b_i,
  input  wire           keep_i,
  output wire [ProdW:0] row_o,       // p + 2^ProdW - neg_o
  output wire           neg_o,
  output wire           nan_o,
  output wire           invalid_o,
  output wire           inf_pos_o,
  output wire           inf_neg_o,
  output wire           nonzero_o,
  output wire           zero_pos_o,
  output wire           zero_neg_o
);

  wire            a_sign, b_sign, a_zero, b_zero, a_nan, b_nan, a_inf, b_inf;
  wire [SigW-1:0] a_sig, b_sig;
  wire [ShW-1:0]  a_sh, b_sh;

  mxdot_decode #(.Formats(Formats), .QN(QN), .SigW(SigW), .ShW(ShW)) u_dec_a (
    .x_i(a_i), .sel_i(sel_a_i), .sign_o(a_sign), .sig_o(a_sig), .sh_o(a_sh),
    .zero_o(a_zero), .nan_o(a_nan), .inf_o(a_inf)
  );
  mxdot_decode #(.Formats(Formats), .QN(QN), .SigW(SigW), .ShW(ShW)) u_dec_b (
    .x_i(b_i), .sel_i(sel_b_i), .sign_o(b_sign), .sig_o(b_sig), .sh_o(b_sh),
    .zero_o(b_zero), .nan_o(b_nan), .inf_o(b_inf)
  );

  wire                sign   = a_sign ^ b_sign;
  wire                neg    = keep_i & sign;
  wire [SigW-1:0]     a_kept = a_sig & {SigW{keep_i}};
  wire [2*SigW-1:0]   mag    = a_kept * b_sig;
  wire [ShW:0]        shift  = {1'b0, a_sh} + {1'b0, b_sh};
  // The complement is taken before the shift, on the 2*SigW product bits,
  // and the shift fills with the sign on both sides:
  // (~mag << shift) | (2^shift - 1) = ~(mag << shift) for a negative
  // product, so only the narrow product needs XOR gates. The shifter is
  // written stage by stage (shift bit k moves by 2^k, filling with neg):
  // the same mux rows any synthesis builds, and a simulator sees only
  // ProdW-bit words.
  wire [2*SigW-1:0]   ones   = mag ^ {2*SigW{neg}};
  reg  [ProdW-1:0]    placed;
  integer             k;
  always @* begin
    placed = {{(ProdW - 2*SigW){neg}}, ones};          // ProdW > 2*SigW
    for (k = 0; k <= ShW; k = k + 1) begin
      placed = shift[k] ? (placed << (1 << k)) | (~({ProdW{1'b1}} << (1 << k)) & {ProdW{neg}}) : placed;
    end
  end

  assign row_o      = {~neg, placed};
  assign neg_o      = neg;

  wire   any_inf    = a_inf | b_inf;
  wire   any_zero   = a_zero | b_zero;
  assign nan_o      = keep_i & (a_nan | b_nan);
  assign invalid_o  = keep_i & ((a_inf & b_zero) | (b_inf & a_zero));
  assign inf_pos_o  = keep_i & any_inf & ~sign;
  assign inf_neg_o  = keep_i & any_inf & sign;
  assign nonzero_o  = keep_i & ~any_zero;
  assign zero_pos_o = keep_i & any_zero & ~sign;
  assign zero_neg_o = keep_i & any_zero & sign;

endmodule

`default_nettype wire
