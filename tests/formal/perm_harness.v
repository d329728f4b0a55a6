// SPDX-License-Identifier: Apache-2.0
//
// perm_harness.v - lane-permutation invariance: two units (Stages = 1)
// take the same beats, the second with its lanes permuted (Perm 0: lanes
// rotated by one, Perm 1: lanes 0 and 1 swapped; the two generate every
// permutation), and must give the same group result: the group stage's
// |G|, sign, zero and flags (peek_* of each unit, connected by the yosys
// script), and the same d_o/flags_o. Assumptions: reset in the first cycle.

`default_nettype none

module formal_perm #(
  parameter integer Lanes    = 4,
  parameter integer MaxGroup = 4096,
  parameter integer Formats  = 1,
  parameter integer Perm     = 0,
  parameter integer WS       = 48      // |G| bits (mxdot_unit's WS; the connect checks it)
) (
  input  wire               clk_i,
  input  wire               rst_ni,
  input  wire               in_valid_i,
  input  wire               in_last_i,
  input  wire [Lanes-1:0]   in_keep_i,
  input  wire [8*Lanes-1:0] a_i,
  input  wire [8*Lanes-1:0] b_i,
  input  wire [2:0]         fa_i,
  input  wire [2:0]         fb_i,
  input  wire [7:0]         xa_i,
  input  wire [7:0]         xb_i,
  input  wire [31:0]        c_i,
  input  wire [2:0]         rm_i,
  input  wire               out_ready_i
);
  // lane i of the second unit is lane src(i) of the first
  function integer src;
    input integer i;
    begin
      if (Perm == 0) src = (i + 1) % Lanes;
      else           src = (i == 0) ? 1 : ((i == 1) ? 0 : i);
    end
  endfunction
  wire [8*Lanes-1:0] a_p, b_p;
  wire [Lanes-1:0]   k_p;
  genvar i;
  generate
    for (i = 0; i < Lanes; i = i + 1) begin : g_perm
      assign a_p[8*i +: 8] = a_i[8*src(i) +: 8];
      assign b_p[8*i +: 8] = b_i[8*src(i) +: 8];
      assign k_p[i]        = in_keep_i[src(i)];
    end
  endgenerate

  wire        rdy0, rdy1, v0, v1;
  wire [31:0] d0, d1;
  wire [4:0]  f0, f1;
  mxdot_unit #(.Lanes(Lanes), .Stages(1), .MaxGroup(MaxGroup), .Formats(Formats)) u_a (
    .clk_i(clk_i), .rst_ni(rst_ni), .in_valid_i(in_valid_i), .in_ready_o(rdy0),
    .in_last_i(in_last_i), .in_keep_i(in_keep_i), .a_i(a_i), .b_i(b_i),
    .fa_i(fa_i), .fb_i(fb_i), .xa_i(xa_i), .xb_i(xb_i), .c_i(c_i), .rm_i(rm_i),
    .out_valid_o(v0), .out_ready_i(out_ready_i), .d_o(d0), .flags_o(f0)
  );
  mxdot_unit #(.Lanes(Lanes), .Stages(1), .MaxGroup(MaxGroup), .Formats(Formats)) u_b (
    .clk_i(clk_i), .rst_ni(rst_ni), .in_valid_i(in_valid_i), .in_ready_o(rdy1),
    .in_last_i(in_last_i), .in_keep_i(k_p), .a_i(a_p), .b_i(b_p),
    .fa_i(fa_i), .fb_i(fb_i), .xa_i(xa_i), .xb_i(xb_i), .c_i(c_i), .rm_i(rm_i),
    .out_valid_o(v1), .out_ready_i(out_ready_i), .d_o(d1), .flags_o(f1)
  );

  wire [WS-1:0] peek_mag_a, peek_mag_b;
  wire          peek_neg_a, peek_neg_b, peek_zero_a, peek_zero_b;
  wire [7:0]    peek_flags_a, peek_flags_b;

  reg init = 1'b1;
  always @(posedge clk_i) init <= 1'b0;
  always @* if (init) assume (!rst_ni);

  always @* begin
    if (!init && rst_ni) begin
      assert (rdy0 == rdy1 && v0 == v1);
      assert (peek_mag_a == peek_mag_b && peek_neg_a == peek_neg_b && peek_zero_a == peek_zero_b);
      assert (peek_flags_a == peek_flags_b);
      if (v0) assert (d0 == d1 && f0 == f1);
    end
  end
endmodule

`default_nettype wire
