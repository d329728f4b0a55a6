// SPDX-License-Identifier: Apache-2.0
//
// mxdot_lzc - leading-zero count of a Width-bit vector (Width >= 2), as a
// balanced tree: log2 depth, not a priority chain.
//
// cnt_o = number of zeros above the most significant one; zero_o = the
// vector is all zeros (cnt_o is then meaningless). The input is padded at
// the bottom to N = 2^LogN bits. The tree is in heap order: node 1 covers
// all N bits, node n has its upper half in node 2n and its lower half in
// node 2n+1, and the nodes N/2..N-1 look at two input bits each. A node
// knows whether its span holds a one (any) and the zeros above the first
// one (cnt, as many bits as the node's height): from its upper half if
// that half holds a one, else 2^(h-1) plus the lower half's count, which
// is the lower count with a 1 in front. Every node has its own nets, so a
// simulator evaluates each once, in order.

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
  localparam [LogN-1:0] One = 1;

  // MSB-aligned input, zero padded at the bottom
  wire [N:0]   xw = {in_i, {(N - Width + 1){1'b0}}};
  wire [N-1:0] x  = xw[N:1];
  wire         unused_pad = xw[0];

  genvar n;
  generate
    for (n = 1; n < N; n = n + 1) begin : g_node
      wire            any;
      wire [LogN-1:0] cnt;                 // the low (height) bits are the count
      if (n >= N / 2) begin : g_pair
        // bits 2(N-1-n)+1 (upper) and 2(N-1-n) (lower) of x
        wire up = x[2 * (N - 1 - n) + 1];
        wire lo = x[2 * (N - 1 - n)];
        assign any = up | lo;
        assign cnt = up ? {LogN{1'b0}} : One;
      end else begin : g_merge
        // height of node n: LogN - floor(log2 n)
        localparam integer H = LogN - $clog2(n + 1) + 1;
        wire            up_any = g_node[2 * n].any;
        wire [LogN-1:0] up_cnt = g_node[2 * n].cnt;
        wire [LogN-1:0] lo_cnt = g_node[2 * n + 1].cnt;
        localparam integer    HBitI = 1 << (H - 1);
        localparam [LogN-1:0] hbit  = HBitI[LogN-1:0];
        assign any = up_any | g_node[2 * n + 1].any;
        assign cnt = up_any ? up_cnt : (lo_cnt | hbit);
      end
    end
  endgenerate

  assign zero_o = ~g_node[1].any;
  generate
    if (CntW > LogN) begin : g_wide
      // Width is a power of two: the count of a nonzero input fits LogN bits.
      assign cnt_o = {{(CntW - LogN){1'b0}}, g_node[1].cnt};
    end else begin : g_fit
      assign cnt_o = g_node[1].cnt;
    end
  endgenerate

endmodule

`default_nettype wire
