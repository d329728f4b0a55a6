// SPDX-License-Identifier: Apache-2.0
//
// mxdot_lzc - leading-zero count of a Width-bit vector, as a balanced tree
// (log2 depth, not a priority chain).
//
// cnt_o = number of zeros above the most significant one; zero_o = the
// vector is all zeros (cnt_o is then meaningless).
// The input is padded at the bottom with zeros to a power of two N; node n
// of a heap (root 1, children 2n = upper half and 2n+1 = lower half, leaves
// N..2N-1 = bits from the top) holds "some one in my span" and the count of
// zeros above the first one inside its span. Width >= 3.

`default_nettype none

module mxdot_lzc #(
  parameter integer Width = 24
) (
  input  wire [Width-1:0]               in_i,
  output wire [$clog2(Width+1)-1:0]     cnt_o,
  output wire                           zero_o
);

  localparam integer LogN = (Width > 1) ? $clog2(Width) : 1;
  localparam integer N    = 1 << LogN;
  localparam integer CntW = $clog2(Width + 1);

  wire [N-1:0]      padded;
  // node n: some bit of its span is one; its count (LogN bits, upper bits
  // zero below the root)
  wire [2*N-1:0]      any /* verilator split_var */;
  wire [2*N*LogN-1:0] cnt /* verilator split_var */;

  generate
    if (N > Width) begin : g_pad
      assign padded = {in_i, {(N - Width){1'b0}}};
    end else begin : g_nopad
      assign padded = in_i;
    end
  endgenerate

  // Node 0 is not used.
  assign any[0] = 1'b0;
  assign cnt[LogN-1:0] = {LogN{1'b0}};

  genvar h, n;
  generate
    // Leaves: leaf N+i is bit N-1-i of the padded vector (i = 0 is the top).
    for (n = N; n < 2 * N; n = n + 1) begin : g_leaf
      assign any[n] = padded[2 * N - 1 - n];
      assign cnt[n*LogN +: LogN] = {LogN{1'b0}};
    end
    // Inner nodes of height h = 1..LogN: the count gains bit h-1.
    for (h = 1; h <= LogN; h = h + 1) begin : g_level
      for (n = (N >> h); n < (2 * N >> h); n = n + 1) begin : g_node
        wire up_any = any[2 * n];
        assign any[n] = up_any | any[2 * n + 1];
        if (h == 1) begin : g_bit
          assign cnt[n*LogN +: LogN] = {{(LogN - 1){1'b0}}, ~up_any};
        end else if (h < LogN) begin : g_mid
          assign cnt[n*LogN +: LogN] = {{(LogN - h){1'b0}}, ~up_any,
              up_any ? cnt[(2*n)*LogN +: h-1] : cnt[(2*n+1)*LogN +: h-1]};
        end else begin : g_root
          assign cnt[n*LogN +: LogN] = {~up_any,
              up_any ? cnt[(2*n)*LogN +: h-1] : cnt[(2*n+1)*LogN +: h-1]};
        end
      end
    end
  endgenerate

  assign zero_o = ~any[1];
  generate
    if (CntW > LogN) begin : g_wide
      // Width is a power of two: the count of a nonzero input fits LogN bits.
      assign cnt_o = {{(CntW - LogN){1'b0}}, cnt[LogN +: LogN]};
    end else begin : g_fit
      assign cnt_o = cnt[LogN +: CntW];
    end
  endgenerate

  // Upper count bits of inner nodes and the root's unused bits are constant
  // or unused by construction.
  wire unused_cnt;
  assign unused_cnt = ^{cnt[2*N*LogN-1:2*LogN], cnt[LogN-1:0], any[0]};

endmodule

`default_nettype wire
