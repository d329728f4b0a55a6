// SPDX-License-Identifier: Apache-2.0
//
// mxdot_lzc - leading-zero count of a Width-bit vector (Width >= 2), as a
// balanced tree: log2 depth, not a priority chain.
//
// cnt_o = number of zeros above the most significant one; zero_o = the
// vector is all zeros (cnt_o is then meaningless). The input is padded at
// the bottom to N = 2^LogN bits. Level h has N>>h nodes, node j covering
// bits [j*2^h +: 2^h]; a node knows whether its span holds a one and the
// zeros above the first one: from its upper half if that half holds a one,
// else 2^(h-1) plus the lower half's count. Written as one loop (built in
// place, node j overwrites slot j after slots 2j and 2j+1 are read) rather
// than as per-node nets, which event-driven simulators evaluate slowly.

`timescale 1ns / 1ps
`default_nettype none

module mxdot_lzc #(
  parameter integer Width = 24
) (
  input  wire [Width-1:0]           in_i,
  output wire [$clog2(Width+1)-1:0] cnt_o,
  output wire                       zero_o
);

  localparam integer LogN = $clog2(Width);
  localparam integer N    = 1 << LogN;
  localparam integer CntW = $clog2(Width + 1);

  reg [N-1:0]      any;        // slot j: some one in node j's span
  reg [N*LogN-1:0] cnt;        // slot j: its count (low h bits at level h)
  reg [LogN-1:0]   up_cnt, lo_cnt, hbit;
  reg              up_any;
  integer          h, j;

  always @* begin
    any = {N{1'b0}};
    any[N-1 -: Width] = in_i;
    cnt = {N*LogN{1'b0}};
    for (h = 1; h <= LogN; h = h + 1) begin
      for (j = 0; j < (N >> h); j = j + 1) begin
        up_any = any[2*j + 1];
        up_cnt = cnt[(2*j + 1)*LogN +: LogN];
        lo_cnt = cnt[(2*j)*LogN +: LogN];
        any[j] = up_any | any[2*j];
        // bit h-1 of the count says "upper half empty"
        hbit = {LogN{1'b0}};
        hbit[h - 1] = 1'b1;
        cnt[j*LogN +: LogN] = up_any ? up_cnt : (lo_cnt | hbit);
      end
    end
  end

  assign zero_o = ~any[0];
  generate
    if (CntW > LogN) begin : g_wide
      // Width is a power of two: the count of a nonzero input fits LogN bits.
      assign cnt_o = {{(CntW - LogN){1'b0}}, cnt[LogN-1:0]};
    end else begin : g_fit
      assign cnt_o = cnt[LogN-1:0];
    end
  endgenerate

endmodule

`default_nettype wire
