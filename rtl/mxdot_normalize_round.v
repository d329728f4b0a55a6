// SPDX-License-Identifier: Apache-2.0
//
// mxdot_normalize_round - normalize the window sum and round it once to
// binary32 (second half of C's mx_accumulate_round), then apply the
// special cases.
//
// As in HardFloat, the raw value (sign, exponent, 24 significant bits plus
// round and sticky) is formed first and rounded apart:
//  1. lz = leading zeros of the W-bit magnitude; the top 24 bits after the
//     shift, the round bit and the sticky OR of the rest; the unbounded
//     exponent e = exp_i + W-1 - lz (value in [2^e, 2^(e+1))).
//  2. e < -126: the significand is shifted right by -126-e (at most 25,
//     the rest joins the sticky bit) so that the rounding happens at the
//     2^-149 quantum; otherwise at 24 bits. One increment, one rounding.
//     Tininess after rounding: tiny when e < -127, or e = -127 unless the
//     24-bit rounding with unbounded exponent carries up to 2^-126.
//     Overflow: the rounded value reaches 2^128 (e > 127, or e = 127 and
//     the rounding carries).
// CutMid = 1 puts a register row between steps 1 and 2.

`default_nettype none

module mxdot_normalize_round #(
  parameter integer K      = 32,
  parameter integer CutMid = 0
) (
  input  wire                  clk_i,
  input  wire                  en_mid_i,
  input  wire [88+$clog2(K):0] mag_i,
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

  localparam integer W    = 89 + $clog2(K);
  localparam integer LzW  = $clog2(W + 1);
  localparam integer DenBI = -126 - (W - 1);
  localparam integer TopI  = W - 1;
  localparam [10:0]  TopW  = TopI[10:0];
  localparam [10:0]  DenB  = DenBI[10:0];        // -126 - e = DenB - exp_i + lz

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

  // ---- step 1: normalize ----
  wire [LzW-1:0] lz;
  wire           mag_zero;
  mxdot_lzc #(.Width(W)) u_lzc (.in_i(mag_i), .cnt_o(lz), .zero_o(mag_zero));

  wire [W-1:0]  norm    = mag_i << lz;
  wire [23:0]   sig24_d = norm[W-1 -: 24];
  wire          rnd24_d = norm[W-25];
  wire          stk24_d = |norm[W-26:0];
  wire [10:0]   lz_ext  = {{(11 - LzW){1'b0}}, lz};
  wire [10:0]   e_d     = exp_i + TopW - lz_ext;      // unbounded exponent
  wire [10:0]   den_d   = DenB - exp_i + lz_ext;      // -126 - e

  // ---- optional register ----
  localparam integer MidW = 24 + 1 + 1 + 1 + 11 + 11 + 1 + 3 + 4;
  wire [23:0] sig24;
  wire        rnd24, stk24, zero;
  wire [10:0] e, den;
  wire        sign;
  wire [2:0]  rm;
  wire        nan, nv, inf, spec_sign;

  mxdot_pipe_reg #(.Width(MidW), .Enable(CutMid)) u_mid (
    .clk_i(clk_i), .en_i(en_mid_i),
    .d_i({sig24_d, rnd24_d, stk24_d, mag_zero, e_d, den_d, sign_i, rm_i,
          nan_i, nv_i, inf_i, spec_sign_i}),
    .q_o({sig24, rnd24, stk24, zero, e, den, sign, rm, nan, nv, inf, spec_sign})
  );

  // ---- step 2: denormalize, round, pack ----
  wire        sub     = ~den[10] & (den != 11'd0);        // e < -126
  wire        den_big = ~den[10] & (den[9:0] > 10'd25);
  wire [4:0]  rsh     = ~sub ? 5'd0 : (den_big ? 5'd25 : den[4:0]);

  wire [24:0] t       = {sig24, rnd24};
  wire [24:0] t_sh    = t >> rsh;
  wire [24:0] lost    = t & ~({25{1'b1}} << rsh);
  wire [23:0] sig     = t_sh[24:1];
  wire        rnd     = t_sh[0];
  wire        stk     = stk24 | (|lost);
  wire        inexact = rnd | stk;

  wire        inc     = round_up(rm, sign, sig[0], rnd, stk);
  wire [24:0] sig_r   = {1'b0, sig} + {24'd0, inc};

  // tininess after rounding with unbounded exponent
  wire        inc24   = round_up(rm, sign, sig24[0], rnd24, stk24);
  wire        carry24 = (&sig24) & inc24;
  wire        den_one = (den == 11'd1);                   // e = -127
  wire        tiny    = sub & ~(den_one & carry24);

  // biased exponent of a normal result, before the rounding carry
  wire [10:0] eb      = e + 11'd127;
  wire        e_big   = ~eb[10] & (eb[9:0] > 10'd254);    // e > 127
  wire        e_edge  = (eb == 11'd254);                  // e = 127
  wire        ovf     = ~sub & (e_big | (e_edge & sig_r[24]));

  wire [7:0]  exp_n   = eb[7:0] + {7'd0, sig_r[24]};
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

  wire unused_sig_r;
  assign unused_sig_r = ^{sig_r[23], eb[9:8], t_sh[24]};

endmodule

`default_nettype wire
