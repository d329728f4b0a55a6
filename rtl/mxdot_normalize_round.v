// SPDX-License-Identifier: Apache-2.0
//
// mxdot_normalize_round - normalize the window sum and round it once to
// binary32 (second half of C's mx_accumulate_round), then apply the
// special cases.
//
// As in HardFloat, the raw value (sign, exponent, 24 significant bits plus
// round and sticky) is formed first and rounded apart:
//  1. lz = leading zeros of the W-bit magnitude: the top 24 bits after the
//     shift and the round bit; the unbounded exponent is
//     e = exp_i + W-1 - lz (value in [2^e, 2^(e+1))). The sticky bit comes
//     from the trailing-zero count tz: after the shift the lowest one is at
//     bit tz + lz. Every decision about e (subnormal, how far to shift right,
//     e = -127, overflow) is a comparison of lz with a threshold computed
//     from exp_i beside the leading-zero count, not an adder after it.
//  2. e < -126: the 25 bits move right by -126-e (at most 25; the lost
//     bits, known from the position of the lowest one, join the sticky bit)
//     so that the rounding happens at the 2^-149 quantum; otherwise at 24
//     bits. One increment (formed beside the rounding decision), one
//     rounding. Tininess after rounding: tiny when e < -127, or e = -127
//     unless the 24-bit rounding with unbounded exponent carries up to
//     2^-126. Overflow: the rounded value reaches 2^128 (e > 127, or
//     e = 127 and the rounding carries).
// CutMid = 1 puts a register row between steps 1 and 2.

`timescale 1ns / 1ps
`default_nettype none

module mxdot_normalize_round #(
  parameter integer WS     = 48,          // magnitude bits of the group sum
  parameter integer CutMid = 0
) (
  input  wire                  clk_i,
  input  wire                  en_mid_i,
  input  wire [WS+52:0]        mag_i,
  input  wire                  sign_i,
  input  wire [10:0]           exp_i,       // weight of mag_i bit 0: 2^exp_i
  input  wire [2:0]            rm_i,
  input  wire                  nan_i,
  input  wire                  nv_i,
  input  wire                  inf_i,
  input  wire                  spec_sign_i,
  output wire [31:0]           d_o,
  output wire [4:0]            flags_o
);

  localparam integer W     = WS + 53;
  localparam integer LzW   = $clog2(W + 1);
  // e + 127 = exp_i + EbBias - lz;  -126 - e = DenB - exp_i + lz
  localparam integer EbI   = W - 1 + 127;
  localparam integer DenBI = -126 - (W - 1);
  localparam integer StkI  = W - 25;             // bit of the round bit after the shift
  localparam [10:0]  EbBias = EbI[10:0];
  localparam [10:0]  DenB   = DenBI[10:0];
  localparam [LzW:0] StkLim = StkI[LzW:0];

  // Round up (away from zero) for mode rm, given sign, LSB, round, sticky.
  function round_up;
    input [2:0] rm;
    input       sign;
    input       lsb;
    input       rnd;
    input       stk;
    begin
      case (rm)
        3'd0:    round_up = rnd & (stk | lsb);   // RNE
        3'd1:    round_up = 1'b0;                // RTZ
        3'd2:    round_up = sign & (rnd | stk);  // RDN
        3'd3:    round_up = ~sign & (rnd | stk); // RUP
        3'd4:    round_up = rnd;                 // RMM
        default: round_up = 1'b0;                // reserved: result is NaN anyway
      endcase
    end
  endfunction

  // lz (0..W) against an 11-bit two's complement threshold t
  function lz_gt;
    input [LzW-1:0] lz;
    input [10:0]    t;
    begin
      if (t[10])                  lz_gt = 1'b1;               // t < 0
      else if (t[9:LzW] != 0)     lz_gt = 1'b0;               // t >= 2^LzW
      else                        lz_gt = (lz > t[LzW-1:0]);
    end
  endfunction
  function lz_eq;
    input [LzW-1:0] lz;
    input [10:0]    t;
    begin
      lz_eq = (t[10:LzW] == 0) && (lz == t[LzW-1:0]);
    end
  endfunction

  function [7:0] zext8;             // LzW <= 8 (W < 256)
    input [LzW-1:0] v;
    begin
      zext8 = 8'd0;
      zext8[LzW-1:0] = v;
    end
  endfunction

  // ---- step 1: normalize ----
  wire [LzW-1:0] lz, tz;
  wire           mag_zero, unused_tz_zero;
  mxdot_lzc #(.Width(W)) u_lzc (.in_i(mag_i), .cnt_o(lz), .zero_o(mag_zero));

  // trailing zeros: the leading zeros of the mirrored magnitude
  reg [W-1:0] mag_rev;
  integer     b;
  always @* begin
    for (b = 0; b < W; b = b + 1) mag_rev[b] = mag_i[W-1-b];
  end
  mxdot_lzc #(.Width(W)) u_tzc (.in_i(mag_rev), .cnt_o(tz), .zero_o(unused_tz_zero));

  wire [W-1:0]  norm    = mag_i << lz;
  wire [23:0]   sig24_d = norm[W-1 -: 24];
  wire          rnd24_d = norm[W-25];
  // lowest one after the shift: bit tz + lz; sticky when below the round
  // bit, else its place inside the 25 kept bits (for step 2's lost bits)
  wire [LzW:0]  low_one = {1'b0, tz} + {1'b0, lz};
  wire          stk24_d = (low_one < StkLim);
  wire [LzW:0]  low_t   = low_one - StkLim;
  wire [4:0]    low_d   = low_t[4:0];

  // thresholds from exp_i alone (beside the leading-zero count)
  wire [10:0]   k_den   = DenB - exp_i;                // den = k_den + lz
  wire [10:0]   t_sub   = exp_i - DenB;                // den > 0    <=> lz > t_sub
  wire [10:0]   t_big   = 11'd25 - k_den;              // den > 25   <=> lz > t_big
  wire [10:0]   t_one   = 11'd1 - k_den;               // den == 1   <=> lz == t_one
  wire [10:0]   k_eb    = exp_i + EbBias;              // eb = k_eb - lz
  wire [10:0]   t_ovf   = k_eb - 11'd255;              // eb > 254   <=> lz < t_ovf + 1
  wire [10:0]   t_edge  = k_eb - 11'd254;              // eb == 254  <=> lz == t_edge

  wire          sub_d     = lz_gt(lz, t_sub);          // e < -126
  wire          den_big   = lz_gt(lz, t_big);
  wire [4:0]    rsh_raw   = k_den[4:0] + lz[4:0];
  wire [4:0]    rsh_d     = ~sub_d ? 5'd0 : (den_big ? 5'd25 : rsh_raw);
  wire          den_one_d = lz_eq(lz, t_one);          // e = -127
  wire          e_big_d   = ~lz_gt(lz, t_ovf);         // e > 127
  wire          e_edge_d  = lz_eq(lz, t_edge);         // e = 127

  // biased exponent (low 8 bits; a normal result has 1..254) and its
  // successor: (k_eb + 1) + ~lz = eb, and one more
  wire [7:0]    k_eb1   = k_eb[7:0] + 8'd1;
  wire [7:0]    lz_ext8 = zext8(lz);
  wire [7:0]    eb_d, eb1_d;
  wire          unused_c0, unused_c1;
  mxdot_add #(.Width(8)) u_eb (
    .a_i(k_eb1), .b_i(~lz_ext8), .sum0_o(eb_d), .sum1_o(eb1_d),
    .cout0_o(unused_c0), .cout1_o(unused_c1)
  );

  // ---- optional register ----
  localparam integer MidW = 24 + 1 + 1 + 1 + 8 + 8 + 5 + 4 + 5 + 1 + 3 + 4;
  wire [23:0] sig24;
  wire        rnd24, stk24, zero;
  wire [7:0]  eb, eb1;
  wire [4:0]  rsh, low;
  wire        sub, den_one, e_big, e_edge;
  wire        sign;
  wire [2:0]  rm;
  wire        nan, nv, inf, spec_sign;

  mxdot_pipe_reg #(.Width(MidW), .Enable(CutMid)) u_mid (
    .clk_i(clk_i), .en_i(en_mid_i),
    .d_i({sig24_d, rnd24_d, stk24_d, mag_zero, eb_d, eb1_d, rsh_d, sub_d, den_one_d,
          e_big_d, e_edge_d, low_d, sign_i, rm_i, nan_i, nv_i, inf_i, spec_sign_i}),
    .q_o({sig24, rnd24, stk24, zero, eb, eb1, rsh, sub, den_one, e_big, e_edge, low,
          sign, rm, nan, nv, inf, spec_sign})
  );

  // ---- step 2: denormalize, round, pack ----
  wire [24:0] t       = {sig24, rnd24};
  wire [24:0] t_sh    = t >> rsh;
  wire [23:0] sig     = t_sh[24:1];
  wire        rnd     = t_sh[0];
  // a one of t is lost to the right exactly when the lowest one is below rsh
  wire        stk     = stk24 | (low < rsh);
  wire        inexact = rnd | stk;

  // sig + 1 is formed beside the rounding decision, which then only selects
  wire        inc     = round_up(rm, sign, sig[0], rnd, stk);
  wire [23:0] sig_p1;
  wire        sig_p1_carry;
  wire [23:0] unused_sig_p0;
  wire        unused_cout0;
  mxdot_add #(.Width(24)) u_inc (
    .a_i(sig), .b_i(24'd0), .sum0_o(unused_sig_p0), .sum1_o(sig_p1),
    .cout0_o(unused_cout0), .cout1_o(sig_p1_carry)
  );
  wire [24:0] sig_r   = inc ? {sig_p1_carry, sig_p1} : {1'b0, sig};

  // tininess after rounding with unbounded exponent
  wire        inc24   = round_up(rm, sign, sig24[0], rnd24, stk24);
  wire        carry24 = (&sig24) & inc24;
  wire        tiny    = sub & ~(den_one & carry24);

  wire        ovf     = ~sub & (e_big | (e_edge & sig_r[24]));
  wire [7:0]  exp_n   = sig_r[24] ? eb1 : eb;
  wire [30:0] mag_n   = sub ? {7'd0, sig_r[23:0]} : {exp_n, sig_r[22:0]};

  reg to_inf;
  always @* begin
    case (rm)
      3'd1:    to_inf = 1'b0;
      3'd2:    to_inf = sign;
      3'd3:    to_inf = ~sign;
      default: to_inf = 1'b1;      // RNE, RMM (reserved: NaN anyway)
    endcase
  end
  wire [30:0] mag_ovf = to_inf ? 31'h7F800000 : 31'h7F7FFFFF;

  reg [31:0] d;
  reg [4:0]  flags;
  always @* begin
    if (nan) begin
      d     = 32'h7FC00000;
      flags = {nv, 4'b0000};
    end else if (inf) begin
      d     = {spec_sign, 31'h7F800000};
      flags = 5'b00000;
    end else if (zero) begin
      d     = {spec_sign, 31'h00000000};
      flags = 5'b00000;
    end else if (ovf) begin
      d     = {sign, mag_ovf};
      flags = 5'b00101;                        // OF | NX
    end else begin
      d     = {sign, mag_n};
      flags = {3'b000, tiny & inexact, inexact};
    end
  end

  assign d_o     = d;
  assign flags_o = flags;

  wire unused_ok;
  assign unused_ok = ^{low_t[LzW:5], k_den[10:5], unused_tz_zero};

endmodule

`default_nettype wire
