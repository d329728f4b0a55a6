// SPDX-License-Identifier: Apache-2.0
//
// mxdot_reduce - the exact sum of the K lane products (C: mx_reduce) and
// the zero/NaN summary of the block.
//
// Width: each product is < 196*2^28 < 2^36 in magnitude, so K of them are
// < K*2^36: 36+log2(K) magnitude bits plus a sign (42 bits for K = 32).
//
// Structure: a balanced carry-save tree, no carry chain until the root.
// Heap numbering: node 1 is the root, node n has children 2n and 2n+1, the
// leaves K..2K-1 are the products. A node of height 1 is just the pair of
// its two products; every higher node is a 4:2 compressor (two rows of
// full adders) of its children's carry-save pairs: log2(K)-1 levels of
// 4:2, e.g. 4 levels (8 full-adder delays) for K = 32. Carries out of the
// top bit are dropped: the arithmetic is modulo 2^SumW and the true sum
// fits, so the two's complement result is exact.
//
// The root pair (s, c) is then resolved without a negation after the
// carry-propagate adder: a constant -1 row gives (s', c') with
// s' + c' = S - 1 (a 3:2 row with an all-ones input is one XNOR and one OR
// per bit), and two adders in parallel give S - 1 and S; |S| is S when
// S - 1 >= 0, else ~(S - 1) = -S. S == 0 is read from the pair itself:
// s + c == 0 (mod 2^n) exactly when s ^ c == (s | c) << 1.
//
// Optional registers (for the pipeline, see mxdot_unit): CutMid registers
// the node pairs of height CutHeight (1..log2 K) and the flags, CutRoot the
// root pair and the flags. Both may sit at the root (then in series).

`default_nettype none

module mxdot_reduce #(
  parameter integer K         = 32,
  parameter integer CutHeight = 1,
  parameter integer CutMid    = 0,
  parameter integer CutRoot   = 0
) (
  input  wire                      clk_i,
  input  wire                      en_mid_i,
  input  wire                      en_root_i,
  input  wire [37*K-1:0]           prod_i,       // lane i in prod_i[37*i +: 37]
  input  wire [K-1:0]              nan_i,
  input  wire [K-1:0]              nonzero_i,
  input  wire [K-1:0]              zero_pos_i,
  input  wire [K-1:0]              zero_neg_i,
  output wire [36+$clog2(K):0]     sum_o,        // S, two's complement
  output wire [35+$clog2(K):0]     sum_mag_o,    // |S|
  output wire                      sum_neg_o,    // S < 0
  output wire                      sum_zero_o,   // S == 0
  output wire                      nan_o,        // some element is NaN
  output wire                      nonzero_o,    // some product is not zero
  output wire                      zero_pos_o,   // some product is +0
  output wire                      zero_neg_o    // some product is -0
);

  localparam integer LogK = $clog2(K);
  localparam integer SumW = 37 + LogK;

  // ---- flags: OR trees, registered with the tree ----
  wire [3:0] flags_d = {|nan_i, |nonzero_i, |zero_pos_i, |zero_neg_i};
  wire [3:0] flags_mid, flags_root;

  mxdot_pipe_reg #(.Width(4), .Enable(CutMid)) u_flags_mid (
    .clk_i(clk_i), .en_i(en_mid_i), .d_i(flags_d), .q_o(flags_mid)
  );
  mxdot_pipe_reg #(.Width(4), .Enable(CutRoot)) u_flags_root (
    .clk_i(clk_i), .en_i(en_root_i), .d_i(flags_mid), .q_o(flags_root)
  );
  assign {nan_o, nonzero_o, zero_pos_o, zero_neg_o} = flags_root;

  // ---- the carry-save tree ----
  wire [SumW-1:0] root_s, root_c;       // after the optional mid register

  genvar h, n;
  generate
    if (K == 1) begin : g_single
      // One product: it is the root "pair" (p, 0).
      wire [36:0] p_mid;
      mxdot_pipe_reg #(.Width(37), .Enable(CutMid)) u_mid (
        .clk_i(clk_i), .en_i(en_mid_i), .d_i(prod_i), .q_o(p_mid)
      );
      assign root_s = p_mid;
      assign root_c = {SumW{1'b0}};
    end else begin : g_tree
      // node n's pair at n*SumW; node 0 does not exist.
      wire [K*SumW-1:0] ns, nc;
      assign ns[SumW-1:0] = {SumW{1'b0}};
      assign nc[SumW-1:0] = {SumW{1'b0}};
      wire unused_node0;
      assign unused_node0 = ^{ns[SumW-1:0], nc[SumW-1:0]};

      for (h = 1; h <= LogK; h = h + 1) begin : g_level
        for (n = (K >> h); n < ((2 * K) >> h); n = n + 1) begin : g_node
          wire [SumW-1:0] s_d, c_d;
          if (h == 1) begin : g_pair
            // children are the products 2n-K and 2n+1-K, sign-extended
            wire [36:0] pa = prod_i[37*(2*n-K) +: 37];
            wire [36:0] pb = prod_i[37*(2*n+1-K) +: 37];
            assign s_d = {{LogK{pa[36]}}, pa};
            assign c_d = {{LogK{pb[36]}}, pb};
          end else begin : g_4to2
            wire [SumW-1:0] as = ns[(2*n)*SumW +: SumW];
            wire [SumW-1:0] ac = nc[(2*n)*SumW +: SumW];
            wire [SumW-1:0] bs = ns[(2*n+1)*SumW +: SumW];
            wire [SumW-1:0] bc = nc[(2*n+1)*SumW +: SumW];
            // two rows of 3:2 counters; each carry row moves up one bit
            wire [SumW-1:0] s1 = as ^ ac ^ bs;
            wire [SumW-1:0] m1 = (as & ac) | (as & bs) | (ac & bs);
            wire [SumW-1:0] c1 = {m1[SumW-2:0], 1'b0};
            wire [SumW-1:0] m2 = (s1 & c1) | (s1 & bc) | (c1 & bc);
            assign s_d = s1 ^ c1 ^ bc;
            assign c_d = {m2[SumW-2:0], 1'b0};
            wire unused_top;
            assign unused_top = m1[SumW-1] ^ m2[SumW-1];
          end
          mxdot_pipe_reg #(.Width(2*SumW), .Enable(((CutMid != 0) && (h == CutHeight)) ? 1 : 0)) u_mid (
            .clk_i(clk_i), .en_i(en_mid_i), .d_i({s_d, c_d}),
            .q_o({ns[n*SumW +: SumW], nc[n*SumW +: SumW]})
          );
        end
      end
      assign root_s = ns[SumW +: SumW];
      assign root_c = nc[SumW +: SumW];
    end
  endgenerate

  wire [SumW-1:0] s, c;
  mxdot_pipe_reg #(.Width(2*SumW), .Enable(CutRoot)) u_root (
    .clk_i(clk_i), .en_i(en_root_i), .d_i({root_s, root_c}), .q_o({s, c})
  );

  // ---- resolve the root pair: S, S-1, |S|, S == 0 ----
  wire [SumW-1:0] s_m1 = ~(s ^ c);                       // (s', c'): s' + c' = S - 1
  wire [SumW-1:0] c_m1 = {(s[SumW-2:0] | c[SumW-2:0]), 1'b0};
  wire [SumW-1:0] sum     = s + c;                       // S
  wire [SumW-1:0] sum_m1  = s_m1 + c_m1;                 // S - 1

  assign sum_o      = sum;
  assign sum_neg_o  = sum[SumW-1];
  assign sum_mag_o  = sum_m1[SumW-1] ? ~sum_m1[SumW-2:0] : sum[SumW-2:0];
  assign sum_zero_o = ((s ^ c) == {(s[SumW-2:0] | c[SumW-2:0]), 1'b0});

endmodule

`default_nettype wire
