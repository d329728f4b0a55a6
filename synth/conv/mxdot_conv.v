// mxdot_conv.v - a conventional (inexact) MXFP8 dot-product unit, for the
// area comparison of synth/ (make synth-compare). Same ports and handshake
// as the exact unit (module name mxdot_unit, so the same testbench and the
// same synthesis scripts apply), but the arithmetic of a GPU-style unit:
//
//   1. each product a[i]*b[i] is exact (8-bit significand);
//   2. every product is aligned to the largest product exponent and
//      TRUNCATED to AlignW bits (magnitude, toward zero);
//   3. the K aligned products are added in fixed point (exact);
//   4. the sum is normalized and rounded to 24 bits, ties to even (first
//      rounding), the block scales only shift its exponent;
//   5. c + block in a binary32 adder, rounded in mode rm (second rounding),
//      with overflow, subnormals and flags as for binary32.
//
// NaN, infinite c and reserved rm as in SPEC section 2. A zero block sum is
// +0 (then added to c with IEEE 754 signed-zero rules). Flags come from the
// final addition only. synth/conv/conv_model.c is the bit-exact C model.
//
// Pipeline: boundary 1 after the block sum, 2 after the first rounding,
// 3 after the aligned addition, 4 (the output) after the final rounding;
// Stages = 1: {4}, 2: {2,4}, 3: {1,3,4}, >= 4: {1,2,3,4} and Stages-4 more
// registers at the output. Each register stage holds a valid bit and stalls
// only when full and blocked (ready_i = !valid_q | ready_{i+1}).
//
// SPDX-License-Identifier: Apache-2.0
`default_nettype none
// verilator lint_off DECLFILENAME

module mxdot_unit #(
  parameter integer K      = 32,
  parameter integer Stages = 4
) (
  input  wire           clk_i,
  input  wire           rst_ni,
  input  wire           in_valid_i,
  output wire           in_ready_o,
  input  wire [8*K-1:0] a_i,
  input  wire [8*K-1:0] b_i,
  input  wire [7:0]     xa_i,
  input  wire [7:0]     xb_i,
  input  wire [31:0]    c_i,
  input  wire [2:0]     rm_i,
  output wire           out_valid_o,
  input  wire           out_ready_i,
  output wire [31:0]    d_o,
  output wire [4:0]     flags_o
);
  localparam integer AlignW = 24;                       // aligned product width
  localparam integer LogK   = (K > 1) ? $clog2(K) : 1;
  localparam integer SumW   = AlignW + LogK + 1;        // signed block sum
  localparam integer MagW   = SumW - 1;
  localparam integer AddW   = 28;                       // 24 + 3 guard bits + carry

  localparam integer R1 = (Stages >= 3) ? 1 : 0;
  localparam integer R2 = (Stages == 2 || Stages >= 4) ? 1 : 0;
  localparam integer R3 = (Stages == 3 || Stages >= 4) ? 1 : 0;
  localparam integer Extra = (Stages > 4) ? Stages - 4 : 0;

  // Special results travel beside the datapath: {special, d, flags}.
  localparam integer SpW = 1 + 32 + 5;

  // ---------------------------------------------------------------- stage 1
  // Per lane: decode, exact product (8-bit significand, exponent 2..30),
  // and the thermometer code of the exponent of a non-zero product.
  wire [K-1:0]    lane_nan;
  wire [31*K-1:0] lane_therm;
  wire [8*K-1:0]  lane_p;
  wire [5*K-1:0]  lane_e;
  wire [K-1:0]    lane_s;
  genvar g;
  generate
    for (g = 0; g < K; g = g + 1) begin : g_lane
      wire [7:0] ea   = a_i[8*g +: 8];
      wire [7:0] eb   = b_i[8*g +: 8];
      wire [3:0] siga = {|ea[6:3], ea[2:0]};
      wire [3:0] sigb = {|eb[6:3], eb[2:0]};
      wire [7:0] prod = siga * sigb;
      wire [4:0] pexp = {1'b0, (ea[6:3] == 4'd0) ? 4'd1 : ea[6:3]}
                      + {1'b0, (eb[6:3] == 4'd0) ? 4'd1 : eb[6:3]};
      assign lane_nan[g]            = (ea[6:0] == 7'h7F) || (eb[6:0] == 7'h7F);
      assign lane_p[8*g +: 8]       = prod;
      assign lane_e[5*g +: 5]       = pexp;
      assign lane_s[g]              = ea[7] ^ eb[7];
      // Bit j-1 set when pexp >= j: the OR over lanes is the thermometer
      // code of the largest exponent (a wide OR instead of compares).
      assign lane_therm[31*g +: 31] = (prod == 8'd0) ? 31'd0 : ~(31'h7FFFFFFF << pexp);
    end
  endgenerate

  reg [30:0] therm;
  reg [4:0]  emax1;
  integer    i;
  always @* begin
    therm = 31'd0;
    for (i = 0; i < K; i = i + 1) therm = therm | lane_therm[31*i +: 31];
    emax1 = 5'd0;
    for (i = 1; i <= 30; i = i + 1) if (therm[i-1]) emax1 = i[4:0];
  end
  wire any_nan = |lane_nan;

  // Aligned, truncated, signed products and a balanced adder tree.
  wire [SumW*K-1:0] terms;
  generate
    for (g = 0; g < K; g = g + 1) begin : g_align
      wire [4:0]        shift = emax1 - lane_e[5*g +: 5];
      wire [AlignW-1:0] mag   = {lane_p[8*g +: 8], {(AlignW-8){1'b0}}} >> shift;
      wire [SumW-1:0]   ext   = {{(SumW-AlignW){1'b0}}, mag};
      assign terms[SumW*g +: SumW] = lane_s[g] ? (~ext + 1'b1) : ext;
    end
  endgenerate

  wire [SumW-1:0] tree_sum;
  conv_adder_tree #(.N(K), .W(SumW)) u_tree (.terms_i(terms), .sum_o(tree_sum));

  // Special cases (SPEC section 2 order, reserved rm first).
  wire        c_nan  = (c_i[30:23] == 8'hFF) && (c_i[22:0] != 23'd0);
  wire        c_snan = c_nan && !c_i[22];
  wire        c_inf  = (c_i[30:23] == 8'hFF) && (c_i[22:0] == 23'd0);
  reg [SpW-1:0] sp1;
  always @* begin
    if (rm_i > 3'd4)
      sp1 = {1'b1, 32'h7FC00000, 5'h10};
    else if (any_nan || xa_i == 8'hFF || xb_i == 8'hFF || c_nan)
      sp1 = {1'b1, 32'h7FC00000, c_snan ? 5'h10 : 5'h00};
    else if (c_inf)
      sp1 = {1'b1, c_i, 5'h00};
    else
      sp1 = {1'b0, 32'd0, 5'h00};
  end

  // Stage 1 payload: special, sum, emax, scales, c, rm.
  localparam integer P1W = SpW + SumW + 5 + 8 + 8 + 32 + 3;
  wire [P1W-1:0] p1_d = {sp1, tree_sum, emax1, xa_i, xb_i, c_i, rm_i};
  wire [P1W-1:0] p1_q;
  wire           v1, r1;
  conv_pipe_reg #(.W(P1W), .Present(R1)) u_r1 (
    .clk_i, .rst_ni, .valid_i(in_valid_i), .ready_o(in_ready_o), .data_i(p1_d),
    .valid_o(v1), .ready_i(r1), .data_o(p1_q));

  // ---------------------------------------------------------------- stage 2
  // First rounding: the block sum to 24 bits, ties to even.
  wire [SpW-1:0]  sp2   = p1_q[P1W-1 -: SpW];
  wire [SumW-1:0] s2    = p1_q[P1W-SpW-1 -: SumW];
  wire [4:0]      emax2 = p1_q[55:51];
  wire [7:0]      xa_2  = p1_q[50:43];
  wire [7:0]      xb_2  = p1_q[42:35];
  wire [31:0]     c_2   = p1_q[34:3];
  wire [2:0]      rm_2  = p1_q[2:0];

  wire            bs    = s2[SumW-1];
  wire [MagW-1:0] bmag  = bs ? (~s2[MagW-1:0] + 1'b1) : s2[MagW-1:0];
  wire [MagW-1:0] bnorm;
  wire [5:0]      blz;
  conv_normalize #(.W(MagW)) u_bnorm (.x_i(bmag), .y_o(bnorm), .lz_o(blz));
  wire [23:0]     btop  = bnorm[MagW-1 -: 24];
  wire            bg    = bnorm[MagW-25];
  wire            bst;
  generate
    if (MagW > 25) begin : g_bst
      assign bst = |bnorm[MagW-26:0];
    end else begin : g_nobst
      assign bst = 1'b0;
    end
  endgenerate
  wire [24:0]     bsum  = {1'b0, btop} + {24'd0, bg & (bst | btop[0])};
  wire            bzero = (bmag == {MagW{1'b0}});
  // Block value: sum * 2^(emax - 12 - AlignW + xa + xb - 254); after the
  // normalization the 24-bit significand has its LSB at
  // 2^(emax - 12 - AlignW + xa + xb - 254 + MagW - 24 - lz).
  localparam integer BOffI = MagW - 24 - AlignW - 266;
  localparam signed [11:0] BOff = BOffI[11:0];
  wire signed [11:0] be2 = $signed({7'd0, emax2}) + $signed({4'd0, xa_2}) + $signed({4'd0, xb_2}) + BOff
                         - $signed({6'd0, blz}) + $signed({11'd0, bsum[24]});
  wire [23:0]     bm2   = bsum[24] ? 24'h800000 : bsum[23:0];

  localparam integer P2W = SpW + 1 + 1 + 24 + 12 + 32 + 3;
  wire [P2W-1:0] p2_d = {sp2, bzero, bs, bm2, be2, c_2, rm_2};
  wire [P2W-1:0] p2_q;
  wire           v2, r2;
  conv_pipe_reg #(.W(P2W), .Present(R2)) u_r2 (
    .clk_i, .rst_ni, .valid_i(v1), .ready_o(r1), .data_i(p2_d),
    .valid_o(v2), .ready_i(r2), .data_o(p2_q));

  // ---------------------------------------------------------------- stage 3
  // c + block: align the operand with the smaller exponent (3 guard bits,
  // the last one sticky), add or subtract.
  wire [SpW-1:0]     sp3  = p2_q[P2W-1 -: SpW];
  wire               bz3  = p2_q[P2W-SpW-1];
  wire               bs3  = p2_q[P2W-SpW-2];
  wire [23:0]        bm3  = p2_q[P2W-SpW-3 -: 24];
  wire signed [11:0] be3  = p2_q[46:35];
  wire [31:0]        c3   = p2_q[34:3];
  wire [2:0]         rm3  = p2_q[2:0];

  wire [23:0]        cm   = {|c3[30:23], c3[22:0]};
  wire signed [11:0] ce   = $signed({4'd0, (c3[30:23] == 8'd0) ? 8'd1 : c3[30:23]}) - 12'sd150;
  wire signed [11:0] bee  = bz3 ? -12'sd2047 : be3;
  wire               swap = bee > ce;
  wire [23:0]        xm   = swap ? bm3 : cm;
  wire [23:0]        ym   = swap ? cm : (bz3 ? 24'd0 : bm3);
  wire               xs   = swap ? bs3 & !bz3 : c3[31];
  wire               ys   = swap ? c3[31] : bs3 & !bz3;
  wire signed [11:0] xe   = swap ? bee : ce;
  wire [11:0]        dexp = xe - (swap ? ce : bee);
  wire [4:0]         dsh  = (dexp > 12'd27) ? 5'd27 : dexp[4:0];
  wire [26:0]        y27  = {ym, 3'b000};
  wire [26:0]        yal  = y27 >> dsh;
  wire               ylost = |(y27 & ~({27{1'b1}} << dsh));
  wire [26:0]        yst  = {yal[26:1], yal[0] | ylost};
  wire [26:0]        x27  = {xm, 3'b000};
  wire               esub = xs ^ ys;
  wire               xge  = x27 >= yst;
  wire [AddW-1:0]    zsum = esub ? (xge ? {1'b0, x27 - yst} : {1'b0, yst - x27}) : ({1'b0, x27} + {1'b0, yst});
  // An exact cancellation is +0, or -0 under RDN (IEEE 754 6.3).
  wire               zs   = esub ? ((x27 == yst) ? (rm3 == 3'd2) : (xge ? xs : ys)) : xs;
  wire signed [11:0] ze   = xe - 12'sd3;

  localparam integer P3W = SpW + 1 + AddW + 12 + 3;
  wire [P3W-1:0] p3_d = {sp3, zs, zsum, ze, rm3};
  wire [P3W-1:0] p3_q;
  wire           v3, r3;
  conv_pipe_reg #(.W(P3W), .Present(R3)) u_r3 (
    .clk_i, .rst_ni, .valid_i(v2), .ready_o(r2), .data_i(p3_d),
    .valid_o(v3), .ready_i(r3), .data_o(p3_q));

  // ---------------------------------------------------------------- stage 4
  wire [SpW-1:0]     sp4 = p3_q[P3W-1 -: SpW];
  wire               zs4 = p3_q[P3W-SpW-1];
  wire [AddW-1:0]    z4  = p3_q[P3W-SpW-2 -: AddW];
  wire signed [11:0]  ze4 = p3_q[14:3];
  wire [2:0]         rm4 = p3_q[2:0];
  wire [31:0]        rd;
  wire [4:0]         rf;
  conv_round_pack #(.W(AddW)) u_round (
    .sign_i(zs4), .mag_i(z4), .exp_i(ze4), .rm_i(rm4), .d_o(rd), .flags_o(rf));
  wire [36:0] out4 = sp4[SpW-1] ? sp4[36:0] : {rd, rf};

  wire [36:0] q4;
  wire        v4, r4;
  conv_pipe_reg #(.W(37), .Present(1)) u_r4 (
    .clk_i, .rst_ni, .valid_i(v3), .ready_o(r3), .data_i(out4),
    .valid_o(v4), .ready_i(r4), .data_o(q4));

  // Extra latency for Stages > 4.
  wire [37*(Extra+1)-1:0] xd;
  wire [Extra:0]          xv, xr;
  assign xd[36:0] = q4;
  assign xv[0]    = v4;
  assign r4       = xr[0];
  generate
    for (g = 0; g < Extra; g = g + 1) begin : g_extra
      conv_pipe_reg #(.W(37), .Present(1)) u_x (
        .clk_i, .rst_ni, .valid_i(xv[g]), .ready_o(xr[g]), .data_i(xd[37*g +: 37]),
        .valid_o(xv[g+1]), .ready_i(xr[g+1]), .data_o(xd[37*(g+1) +: 37]));
    end
  endgenerate
  assign out_valid_o = xv[Extra];
  assign xr[Extra]   = out_ready_i;
  assign d_o         = xd[37*Extra+5 +: 32];
  assign flags_o     = xd[37*Extra +: 5];

endmodule

// One register stage of an elastic pipeline, or a wire when !Present.
module conv_pipe_reg #(
  parameter integer W       = 8,
  parameter integer Present = 1
) (
  input  wire         clk_i,
  input  wire         rst_ni,
  input  wire         valid_i,
  output wire         ready_o,
  input  wire [W-1:0] data_i,
  output wire         valid_o,
  input  wire         ready_i,
  output wire [W-1:0] data_o
);
  generate
    if (Present != 0) begin : g_reg
      reg         valid_q;
      reg [W-1:0] data_q;
      assign ready_o = !valid_q || ready_i;
      always @(posedge clk_i or negedge rst_ni)
        if (!rst_ni)      valid_q <= 1'b0;
        else if (ready_o) valid_q <= valid_i;
      // Data needs no reset: it is only looked at when valid.
      always @(posedge clk_i)
        if (ready_o && valid_i) data_q <= data_i;
      assign valid_o = valid_q;
      assign data_o  = data_q;
    end else begin : g_wire
      wire unused_ok = &{1'b0, clk_i, rst_ni};
      assign ready_o = ready_i;
      assign valid_o = valid_i;
      assign data_o  = data_i;
    end
  endgenerate
endmodule

// Sum of N two's-complement W-bit terms, as a balanced tree of adders
// (modulo 2^W: the caller sizes W so that nothing overflows).
module conv_adder_tree #(
  parameter integer N = 32,
  parameter integer W = 30
) (
  input  wire [N*W-1:0] terms_i,
  output wire [W-1:0]   sum_o
);
  generate
    if (N == 1) begin : g_leaf
      assign sum_o = terms_i;
    end else begin : g_node
      localparam integer L = N / 2;
      wire [W-1:0] lo, hi;
      conv_adder_tree #(.N(L), .W(W))     u_lo (.terms_i(terms_i[L*W-1:0]), .sum_o(lo));
      conv_adder_tree #(.N(N - L), .W(W)) u_hi (.terms_i(terms_i[N*W-1:L*W]), .sum_o(hi));
      assign sum_o = lo + hi;
    end
  endgenerate
endmodule

// Leading-zero count and normalization (MSB of y at the top) of a non-zero
// x of at most 32 bits, by halving steps (a shallow tree, not a chain).
module conv_normalize #(
  parameter integer W = 28
) (
  input  wire [W-1:0] x_i,
  output wire [W-1:0] y_o,
  output wire [5:0]   lz_o
);
  wire [31:0] x0 = {x_i, {(32-W){1'b0}}};
  wire        z16 = (x0[31:16] == 16'd0);
  wire [31:0] x1 = z16 ? {x0[15:0], 16'd0} : x0;
  wire        z8  = (x1[31:24] == 8'd0);
  wire [31:0] x2 = z8 ? {x1[23:0], 8'd0} : x1;
  wire        z4  = (x2[31:28] == 4'd0);
  wire [31:0] x3 = z4 ? {x2[27:0], 4'd0} : x2;
  wire        z2  = (x3[31:30] == 2'd0);
  wire [31:0] x4 = z2 ? {x3[29:0], 2'd0} : x3;
  wire        z1  = !x4[31];
  wire [31:0] x5 = z1 ? {x4[30:0], 1'b0} : x4;
  assign y_o  = x5[31 -: W];
  assign lz_o = {1'b0, z16, z8, z4, z2, z1};
  wire unused_ok = &{1'b0, x5[31-W:0]};
endmodule

// Round (-1)^sign * mag * 2^exp to binary32 in mode rm (SPEC section 2:
// overflow, tininess after rounding, NX). mag == 0 gives a zero of the sign.
module conv_round_pack #(
  parameter integer W = 28
) (
  input  wire               sign_i,
  input  wire [W-1:0]       mag_i,
  input  wire signed [11:0] exp_i,
  input  wire [2:0]         rm_i,
  output reg  [31:0]        d_o,
  output reg  [4:0]         flags_o
);
  wire [W-1:0] norm;
  wire [5:0]   lz;
  conv_normalize #(.W(W)) u_norm (.x_i(mag_i), .y_o(norm), .lz_o(lz));
  // Biased exponent of the MSB.
  localparam integer ROffI = W - 1 + 127;
  localparam signed [12:0] ROff = ROffI[12:0];
  wire signed [12:0] be = $signed({exp_i[11], exp_i}) + ROff - $signed({7'd0, lz});
  wire [5:0]   sh   = (be >= 13'sd1) ? 6'd0 : ((be < -13'sd40) ? 6'd41 : 6'd1 - be[5:0]);
  wire [W-1:0] den  = norm >> sh;
  wire         lost = |(norm & ~({W{1'b1}} << sh));
  wire [23:0]  sig  = den[W-1 -: 24];
  wire         g    = den[W-25];
  wire         st   = |den[W-26:0] | lost;

  function automatic round_up(input [2:0] rm, input s, input lsb, input gb, input sb);
    case (rm)
      3'd0:    round_up = gb & (sb | lsb);
      3'd2:    round_up = s & (gb | sb);
      3'd3:    round_up = !s & (gb | sb);
      3'd4:    round_up = gb;
      default: round_up = 1'b0;
    endcase
  endfunction

  wire [24:0]  sr   = {1'b0, sig} + {24'd0, round_up(rm_i, sign_i, sig[0], g, st)};
  wire         nx   = g | st;
  // Tininess after rounding: at the normal (24-bit) position, unbounded.
  wire [23:0]  sgn  = norm[W-1 -: 24];
  wire         carry_n = (&sgn) & round_up(rm_i, sign_i, sgn[0], norm[W-25], |norm[W-26:0]);
  wire         tiny = (be < 13'sd0) || (be == 13'sd0 && !carry_n);
  wire signed [12:0] ef = (be >= 13'sd1) ? be + {12'd0, sr[24]} : {12'd0, sr[23]};
  wire [22:0]  frac = sr[24] ? 23'd0 : sr[22:0];

  always @* begin
    if (mag_i == {W{1'b0}}) begin
      d_o = {sign_i, 31'd0};
      flags_o = 5'h00;
    end else if (ef >= 13'sd255) begin
      flags_o = 5'h05;
      case (rm_i)
        3'd1:    d_o = {sign_i, 31'h7F7FFFFF};
        3'd2:    d_o = sign_i ? 32'hFF800000 : 32'h7F7FFFFF;
        3'd3:    d_o = sign_i ? 32'hFF7FFFFF : 32'h7F800000;
        default: d_o = {sign_i, 31'h7F800000};
      endcase
    end else begin
      d_o = {sign_i, ef[7:0], frac};
      flags_o = {3'b000, tiny & nx, nx};
    end
  end
endmodule

`default_nettype wire
