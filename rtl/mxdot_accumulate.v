// SPDX-License-Identifier: Apache-2.0
//
// mxdot_accumulate - the exact fused alignment of the group sum S*2^E with
// the accumulator c (first half of C's mx_accumulate_round), and the
// special cases decided before rounding.
//
// The window: W = WS + 53 bits (WS, the magnitude bits of S: AccW - 1 of
// mxdot_group, 48 for 4096 E4M3 products, 76 with E5M2),
// bit 0 of weight 2^(E-G), G = 26. S sits at bits [G, G+WS-1]; c's LSB at
// bit G + d, d = ec - E (c = sig*2^ec normalized by mxdot_align).
//  - -G <= d <= WS+2: both fit and the sum is exact: |c| < 2^(G+WS+26),
//    |S| < 2^(G+WS), so |sum| < 2^(G+WS+27) = 2^W.
//  - d > WS+2 (or S == 0): c goes to d = WS+2 and S, if not zero, becomes a
//    unit at bit 0 with S's sign; bit 0 then weighs 2^(ec-(G+WS+2)). Since
//    |S| < 1/4 of c's ulp in that case, c + S and c +- 1 unit lie in the
//    same open interval between multiples of a quarter ulp, and every
//    rounding boundary of the result (its round bit is at least that
//    coarse, even when the result drops a binade) is such a multiple: same
//    rounding, same flags. With S == 0 this is the exact placement of c
//    alone.
//  - d < -G: c's bits below bit 0 are ORed into bit 0 (jam); a c wholly
//    below the window becomes that unit. Then S != 0, |S| >= 2^G = 2^26
//    units and |c| < 2^23 units, so the result is >= 2^25 units: its round
//    bit is at bit 1 or above, and the jammed value stays in the same open
//    interval between even units as the exact one.
// Sign-magnitude addition: X = |S| placed (or the unit), Y = c placed. An
// effective subtraction computes X + ~Y and X + ~Y + 1 side by side; the
// carry out says X > Y and picks X - Y = X + ~Y + 1 or Y - X = ~(X + ~Y),
// so the magnitude needs no negation after the adder.
//
// Special cases (SPEC 2 order: rule 0 first) become flags for
// mxdot_normalize_round: nan (with nv), inf (a product or c is +-Inf), and
// the sign of an infinite or exact-zero result (the latter used when the
// window sum is zero). Rule 0: a reserved rm, or bad_i (a reserved or
// uncarried format, a group with no element or too many beats).
//
// CutMid = 1 puts a register row between the alignment and the adder
// (SumHeld = 1: |S| comes from mxdot_group's register instead, see there).

`timescale 1ns / 1ps
`default_nettype none

module mxdot_accumulate #(
  parameter integer WS      = 48,
  parameter integer CutMid  = 0,
  parameter integer SumHeld = 0     // sum_mag_i is already registered (mxdot_group HoldSum)
) (
  input  wire                      clk_i,
  input  wire                      en_mid_i,
  // group sum (mxdot_group)
  input  wire [WS-1:0]             sum_mag_i,
  input  wire                      sum_neg_i,
  input  wire                      sum_zero_i,
  input  wire                      nan_i,        // some element is NaN
  input  wire                      invalid_i,    // some product is Inf x 0
  input  wire                      inf_pos_i,    // some product is +Inf
  input  wire                      inf_neg_i,    // some product is -Inf
  input  wire                      bad_i,        // rule 0 (not rm): format, length
  input  wire                      nonzero_i,    // some product is not zero
  input  wire                      zero_pos_i,   // some product is +0
  input  wire                      zero_neg_i,   // some product is -0
  input  wire                      scale_nan_i,  // xa or xb is 0xFF
  // accumulator (mxdot_align)
  input  wire [23:0]               c_sig_i,
  input  wire [10:0]               c_shift_i,
  input  wire [10:0]               c_exp_a_i,
  input  wire [10:0]               c_exp_b_i,
  input  wire                      c_sign_i,
  input  wire                      c_zero_i,
  input  wire                      c_inf_i,
  input  wire                      c_nan_i,
  input  wire                      c_snan_i,
  input  wire [2:0]                rm_i,
  // window sum, sign-magnitude; bit 0 weighs 2^exp_o
  output wire [WS+52:0]            mag_o,
  output wire                      sign_o,
  output wire [10:0]               exp_o,
  output wire [2:0]                rm_o,
  output wire                      nan_o,        // result is the canonical NaN
  output wire                      nv_o,         // ... with NV
  output wire                      inf_o,        // result is +-Inf
  output wire                      spec_sign_o   // sign of an Inf or exact-zero result
);

  localparam integer G    = 26;
  localparam integer W    = WS + 53;
  localparam integer Top  = G + WS + 2;           // c's LSB when c is on top
  localparam integer UMaxI = Top + 24;            // shift_i of that position
  localparam [9:0]   UMax  = UMaxI[9:0];
  localparam integer ShW  = $clog2(UMaxI + 1);    // shift amounts up to UMax

  // ---- alignment ----
  wire below = c_shift_i[10];                     // c entirely below bit 0
  wire above = ~c_shift_i[10] & (c_shift_i[9:0] > UMax);
  wire top   = sum_zero_i | (above & ~c_zero_i);  // c on top, S a unit

  wire [W+23:0] c_ext = {{W{1'b0}}, c_sig_i} << c_shift_i[ShW-1:0];
  wire          jam   = (|c_ext[23:0]) | (below & ~c_zero_i);
  wire [W-1:0]  y_top = {1'b0, c_sig_i, {Top{1'b0}}};
  wire [W-1:0]  y_in  = below ? {W{1'b0}} : c_ext[W+23:24];
  wire [W-1:0]  y_d   = top ? y_top : {y_in[W-1:1], y_in[0] | jam};

  wire          sign_x_d = sum_zero_i ? c_sign_i : sum_neg_i;
  wire [10:0]   exp_d    = top ? c_exp_b_i : c_exp_a_i;

  // ---- special cases ----
  wire rm_reserved = rm_i[2] & (rm_i[1] | rm_i[0]);
  wire rdn         = (rm_i == 3'd2);
  wire rule0       = rm_reserved | bad_i;
  wire any_nan     = nan_i | scale_nan_i | c_nan_i;
  // invalid: Inf x 0, +Inf and -Inf products, a product's Inf against c's
  wire invalid     = invalid_i | (inf_pos_i & inf_neg_i)
                   | (c_inf_i & ((inf_pos_i & c_sign_i) | (inf_neg_i & ~c_sign_i)));
  wire prod_inf    = inf_pos_i | inf_neg_i;
  wire nan_d       = rule0 | any_nan | invalid;
  wire nv_d        = rule0 | c_snan_i | (~any_nan & invalid);
  wire inf_d       = prod_inf | c_inf_i;
  // exact zero: every term a zero -> all -0 gives -0, all +0 gives +0,
  // mixed gives +0 (-0 under RDN); cancelled non-zero terms: +0 (-0 RDN).
  wire all_zero    = c_zero_i & ~nonzero_i;
  wire zero_sign   = all_zero ? ((c_sign_i & ~zero_pos_i) | (rdn & (c_sign_i | zero_neg_i))) : rdn;
  wire spec_sign_d = prod_inf ? inf_neg_i : (c_inf_i ? c_sign_i : zero_sign);

  // ---- optional register between alignment and addition ----
  // (|S| bypasses it when it is registered upstream: SumHeld)
  localparam integer MidW = 1 + 1 + W + 1 + 1 + 11 + 3 + 4;
  wire [WS-1:0] sum_mag;
  wire          top_q, sum_zero, sign_x, c_sign;
  wire [W-1:0]  y;
  wire [10:0]   exp_q;
  wire [2:0]    rm_q;
  wire          nan_q, nv_q, inf_q, spec_sign_q;

  mxdot_pipe_reg #(.Width(MidW), .Enable(CutMid)) u_mid (
    .clk_i(clk_i), .en_i(en_mid_i),
    .d_i({top, sum_zero_i, y_d, sign_x_d, c_sign_i, exp_d, rm_i,
          nan_d, nv_d, inf_d, spec_sign_d}),
    .q_o({top_q, sum_zero, y, sign_x, c_sign, exp_q, rm_q,
          nan_q, nv_q, inf_q, spec_sign_q})
  );
  mxdot_pipe_reg #(.Width(WS), .Enable((CutMid != 0 && SumHeld == 0) ? 1 : 0)) u_mid_sum (
    .clk_i(clk_i), .en_i(en_mid_i), .d_i(sum_mag_i), .q_o(sum_mag)
  );

  // ---- sign-magnitude addition ----
  wire [W-1:0] x       = top_q ? {{(W-1){1'b0}}, ~sum_zero} : {{(W-WS-G){1'b0}}, sum_mag, {G{1'b0}}};
  wire         eff_sub = sign_x ^ c_sign;
  wire [W-1:0] y_eff   = eff_sub ? ~y : y;
  wire [W-1:0] sum0, sum1;                        // X + Y', X + Y' + 1
  wire         x_gt_y;                            // carry out of X + ~Y
  wire         unused_cout1;
  mxdot_add #(.Width(W)) u_add (
    .a_i(x), .b_i(y_eff), .sum0_o(sum0), .sum1_o(sum1),
    .cout0_o(x_gt_y), .cout1_o(unused_cout1)
  );

  assign mag_o  = ~eff_sub ? sum0 : (x_gt_y ? sum1 : ~sum0);
  assign sign_o = (eff_sub & ~x_gt_y) ? c_sign : sign_x;
  assign exp_o       = exp_q;
  assign rm_o        = rm_q;
  assign nan_o       = nan_q;
  assign nv_o        = nv_q;
  assign inf_o       = inf_q;
  assign spec_sign_o = spec_sign_q;

endmodule

`default_nettype wire
