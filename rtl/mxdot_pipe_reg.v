// SPDX-License-Identifier: Apache-2.0
//
// mxdot_pipe_reg - one optional pipeline register row.
//
// Enable = 1: a data register loaded when en_i is high (no reset: only the
// valid bits, kept in mxdot_unit, are reset). Enable = 0: a plain wire, so
// that the same datapath code serves every Stages value.

`timescale 1ns / 1ps
`default_nettype none

module mxdot_pipe_reg #(
  parameter integer Width  = 1,
  parameter integer Enable = 1
) (
  input  wire             clk_i,
  input  wire             en_i,
  input  wire [Width-1:0] d_i,
  output wire [Width-1:0] q_o
);

  generate
    if (Enable != 0) begin : g_reg
      reg [Width-1:0] q_q;
      always @(posedge clk_i) begin
        if (en_i) begin
          q_q <= d_i;
        end
      end
      assign q_o = q_q;
    end else begin : g_wire
      assign q_o = d_i;
      // clk_i and en_i are not needed without a register.
      wire unused_ctrl;
      assign unused_ctrl = clk_i ^ en_i;
    end
  endgenerate

endmodule

`default_nettype wire
