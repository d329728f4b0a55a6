// SPDX-License-Identifier: Apache-2.0
//
// mxdot_scale - the group scale (C: mx_scale_exp): the exponent of the LSB
// of the group sum, E = (xa-127) + (xb-127) - 2*QN (the products' grid is
// 2^-(2*QN), mxdot_decode_mul), and NaN when either UE8M0 scale is 0xFF.
// An adder: the scales only move the binary point. E is in
// -254-2QN .. 254-2QN: -272..236 with QN = 9, -286..222 with QN = 16;
// 10 bits signed either way.

`timescale 1ns / 1ps
`default_nettype none

module mxdot_scale #(
  parameter integer QN = 9
) (
  input  wire [7:0] xa_i,
  input  wire [7:0] xb_i,
  output wire [9:0] exp_o,   // E, two's complement
  output wire       nan_o
);

  localparam integer BiasI = 254 + 2 * QN;
  localparam [9:0]   Bias  = BiasI[9:0];

  assign exp_o = {2'b00, xa_i} + {2'b00, xb_i} - Bias;
  assign nan_o = (xa_i == 8'hFF) | (xb_i == 8'hFF);

endmodule

`default_nettype wire
