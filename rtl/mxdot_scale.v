// SPDX-License-Identifier: Apache-2.0
//
// mxdot_scale - the block scale (C: mx_scale_exp): the exponent of the LSB
// of the block sum, E = (xa-127) + (xb-127) - 18 = xa + xb - 272, and NaN
// when either UE8M0 scale is 0xFF. An adder: the scales only move the
// binary point. xa + xb <= 508, so E is in -272..236: 10 bits signed.

`default_nettype none

module mxdot_scale (
  input  wire [7:0] xa_i,
  input  wire [7:0] xb_i,
  output wire [9:0] exp_o,   // E, two's complement
  output wire       nan_o
);

  assign exp_o = {2'b00, xa_i} + {2'b00, xb_i} - 10'd272;
  assign nan_o = (xa_i == 8'hFF) | (xb_i == 8'hFF);

endmodule

`default_nettype wire
