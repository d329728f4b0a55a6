// SPDX-License-Identifier: Apache-2.0
//
// mxdot_sim_top - the top of the Verilated model (tb/mxdot_model.cpp): the
// unit, with its beat inputs taken on the falling edge of the clock.
//
// Why: a Verilated model re-evaluates all the logic fed by top-level inputs
// on every eval() call, and a cycle needs two (one with the clock low, so
// that the testbench can read in_ready for the inputs it drives, one at the
// rising edge). With the beat inputs sampled at the falling edge, the unit's
// input cone (decode, multiply, the tree: most of the design) hangs off
// registers that change only at that edge, so Verilator evaluates it once
// per cycle, at the falling edge, and the rising edge only updates the
// unit's own registers and what follows them. (The lanes' format selects
// also depend on the unit's header latch, a rising-edge register; the
// MXDOT_FAST_SIM form of mxdot_unit reads a copy of it taken at the falling
// edge, so that all-format builds too evaluate the lanes once.) The unit sees the same
// values at its rising edge as when driven directly (the testbench changes
// inputs only in the low phase): the results are the same, cycle for cycle.
// out_ready_i and rst_ni go straight through (in_ready_o depends on
// out_ready_i combinationally; the reset is asynchronous).
//
// MXDOT_NETLIST: the unit is a gate-level netlist without parameters.
// MXDOT_DUT: the unit's module name (default mxdot_unit), for another unit
// with the same ports and parameters (synth/conv/).

`timescale 1ns / 1ps
`default_nettype none

module mxdot_sim_top #(
  parameter integer Lanes    = 32,
  parameter integer Stages   = 5,
  parameter integer MaxGroup = 4096,
  parameter integer Formats  = 63
) (
  input  wire               clk_i,
  input  wire               rst_ni,
  input  wire               in_valid_i,
  output wire               in_ready_o,
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
  output wire               out_valid_o,
  input  wire               out_ready_i,
  output wire [31:0]        d_o,
  output wire [4:0]         flags_o
);

  // one register per port (no wide concatenation to copy)
  reg               valid, last;
  reg [Lanes-1:0]   keep;
  reg [8*Lanes-1:0] a, b;
  reg [2:0]         fa, fb, rm;
  reg [7:0]         xa, xb;
  reg [31:0]        c;
  always @(negedge clk_i) begin
    valid <= in_valid_i;
    last  <= in_last_i;
    keep  <= in_keep_i;
    a     <= a_i;
    b     <= b_i;
    fa    <= fa_i;
    fb    <= fb_i;
    xa    <= xa_i;
    xb    <= xb_i;
    c     <= c_i;
    rm    <= rm_i;
  end

`ifndef MXDOT_DUT
`define MXDOT_DUT mxdot_unit
`endif
`ifdef MXDOT_NETLIST
  `MXDOT_DUT u_dut (
`else
  `MXDOT_DUT #(.Lanes(Lanes), .Stages(Stages), .MaxGroup(MaxGroup), .Formats(Formats)) u_dut (
`endif
    .clk_i(clk_i), .rst_ni(rst_ni),
    .in_valid_i(valid), .in_ready_o(in_ready_o), .in_last_i(last), .in_keep_i(keep),
    .a_i(a), .b_i(b), .fa_i(fa), .fb_i(fb), .xa_i(xa), .xb_i(xb), .c_i(c), .rm_i(rm),
    .out_valid_o(out_valid_o), .out_ready_i(out_ready_i), .d_o(d_o), .flags_o(flags_o)
  );

endmodule

`default_nettype wire
