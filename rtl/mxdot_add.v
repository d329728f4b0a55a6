// SPDX-License-Identifier: Apache-2.0
//
// mxdot_add - compound adder: sum0 = a + b and sum1 = a + b + 1 from one
// parallel-prefix carry tree (Sklansky: log2(Width) levels of
// generate/propagate merging, against the 2*log2(Width)-1 levels of the
// Brent-Kung tree that Yosys gives a plain "+").
//
// With G/P the group generate/propagate of bits [i:0], the carry into bit
// i+1 is G without a carry-in and G | P with one, so both sums share the
// tree. The carry outs are cout0_o and cout1_o.
// Each level is written on whole vectors (the bits that merge at a level
// take the group values of their block's lower half, spread over the upper
// half by shifts): the same gates as a bit loop once the constant masks
// fold away.
//
// With `define MXDOT_FAST_SIM (the Verilated co-simulation's build, tb/tb.mk)
// the same two sums are written as `+`, which Verilator runs as a few word
// additions instead of dozens of wide shifts. Every other build, synthesis
// included, reads the Sklansky form, and it is checked: Icarus runs the RTL
// against the reference, `make gls` runs the synthesized netlist against
// it, and `make lint` proves the two forms equal with Yosys' SAT solver for
// every width the unit uses.

`timescale 1ns / 1ps
`default_nettype none

module mxdot_add #(
  parameter integer Width = 32
) (
  input  wire [Width-1:0] a_i,
  input  wire [Width-1:0] b_i,
  output wire [Width-1:0] sum0_o,
  output wire [Width-1:0] sum1_o,
  output wire             cout0_o,
  output wire             cout1_o
);

`ifdef MXDOT_FAST_SIM
  assign {cout0_o, sum0_o} = {1'b0, a_i} + {1'b0, b_i};
  assign {cout1_o, sum1_o} = {1'b0, a_i} + {1'b0, b_i} + {{Width{1'b0}}, 1'b1};
`else
  localparam integer Levels = (Width > 1) ? $clog2(Width) : 1;

  // Bits whose group merges at level lv (bit lv of the index set), and the
  // top bit of each block's lower half, which they merge with.
  function [Width-1:0] up_mask;
    input integer lv;
    integer i;
    begin
      for (i = 0; i < Width; i = i + 1) up_mask[i] = ((i >> lv) & 1) == 1;
    end
  endfunction
  function [Width-1:0] top_mask;
    input integer lv;
    integer i;
    begin
      for (i = 0; i < Width; i = i + 1) top_mask[i] = (i % (2 << lv)) == (1 << lv) - 1;
    end
  endfunction

  reg [Width-1:0] g, p;            // group generate/propagate of [i:blockstart]
  reg [Width-1:0] hp;              // half sums
  reg [Width-1:0] c0, c1;          // carry into bit i, without / with carry-in
  reg [Width-1:0] sg, sp;          // the lower halves' top values, spread
  integer         lv, k;

  always @* begin
    hp = a_i ^ b_i;
    g  = a_i & b_i;
    p  = hp;
    // Sklansky: at level lv, every bit in the upper half of a 2^(lv+1) block
    // merges with the top bit of the block's lower half.
    for (lv = 0; lv < Levels; lv = lv + 1) begin
      sg = (g & top_mask(lv)) << 1;
      sp = (p & top_mask(lv)) << 1;
      for (k = 0; k < lv; k = k + 1) begin
        sg = sg | (sg << (1 << k));
        sp = sp | (sp << (1 << k));
      end
      g = g | (p & sg);
      p = p & (sp | ~up_mask(lv));
    end
    // now g[i], p[i] span [i:0]
    c0 = {g[Width-2:0], 1'b0};
    c1 = {g[Width-2:0] | p[Width-2:0], 1'b1};
  end

  assign sum0_o  = hp ^ c0;
  assign sum1_o  = hp ^ c1;
  assign cout0_o = g[Width-1];
  assign cout1_o = g[Width-1] | p[Width-1];
`endif

endmodule

`default_nettype wire
