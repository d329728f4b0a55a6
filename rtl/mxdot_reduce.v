// SPDX-License-Identifier: Apache-2.0
//
// mxdot_reduce - the exact sum of one beat's lane products (C: mx_reduce),
// left as a carry-save pair, and the OR of the lanes' flags. The lanes
// (mxdot_decode_mul) are instantiated here, so that each lane's row feeds
// the tree through its own nets.
//
// The lanes deliver non-negative rows, row_i + neg_i = p_i + 2^ProdW
// (mxdot_decode_mul). Their sum U = S + P*2^ProdW, S the beat's sum of
// products and P = 2^ceil(log2 Lanes) (lanes past Lanes are padded with the
// bias alone, a product 0), lies in [0, 2^TreeW), TreeW = ProdW+1+log2 P,
// since every |p_i| < 2^ProdW. A carry-save tree of non-negative inputs
// whose total is below 2^TreeW never carries out of its top bit, so the
// root pair holds U exactly: s + c + ones[0] + ones[1] = U, as integers.
// mxdot_group turns that into S = U - 2^(TreeW-1) without a carry chain.
//
// Tree: a balanced carry-save tree in heap order (node 1 is the root, node
// n has children 2n and 2n+1; nodes P/2..P-1 are the pairs of lane rows).
// Every internal node is a 4:2 compressor of its children's pairs with two
// free inputs of weight 1 (bit 0 of its two carry rows), where the lanes'
// neg ones go: node n takes lanes' ones P-2n-2 and P-2n-1, so the nodes
// nearest the root take the highest lanes and the two ones of lanes P-2 and
// P-1 are left for the root's consumer (ones_o). 4:2 = two full-adder rows,
// three gate levels (x = a^b^c^d, sum = x ^ c1, carry = x ? c1 : d):
// log2(P)-1 levels of them, 4 for P = 32.
//
// Optional register rows (for the pipeline, see mxdot_unit): CutMid
// registers the nodes of height MidH (1 = the lane pairs), the ones the
// nodes above them still need and the flags; CutRoot the root pair, the two
// remaining ones and the flags.

`timescale 1ns / 1ps
`default_nettype none

module mxdot_reduce #(
  parameter integer Lanes   = 32,
  parameter integer Formats = 1,    // lane parameters (mxdot_decode_mul)
  parameter integer QN      = 9,
  parameter integer SigW    = 4,
  parameter integer ShW     = 4,
  parameter integer ProdW   = 36,
  parameter integer FlagW   = 8,
  parameter integer MidH    = 1,
  parameter integer CutMid  = 0,
  parameter integer CutRoot = 0
) (
  input  wire                   clk_i,
  input  wire                   en_mid_i,
  input  wire                   en_root_i,
  input  wire [8*Lanes-1:0]     a_i,         // element i in a_i[8*i +: 8]
  input  wire [8*Lanes-1:0]     b_i,
  input  wire [Lanes-1:0]       keep_i,
  input  wire [5:0]             sel_a_i,     // one-hot formats (mxdot_decode)
  input  wire [5:0]             sel_b_i,
  output wire [ProdW+$clog2(Lanes):0] s_o,   // the root pair, TreeW bits each
  output wire [ProdW+$clog2(Lanes):0] c_o,
  output wire [1:0]             ones_o,      // two ones still to add
  output wire [FlagW-1:0]       flags_o      // OR of the lanes' flags:
                                             // {nan, invalid, inf+, inf-, nonzero, zero+, zero-, kept}
);

  localparam integer LogL  = $clog2(Lanes);
  localparam integer P     = 1 << LogL;
  localparam integer RowW  = ProdW + 1;
  localparam integer TreeW = RowW + LogL;
  // the cut height, clamped to the tree (1 = lane pairs, LogL = the root)
  localparam integer MidC  = (MidH < 1) ? 1 : ((MidH > LogL) ? LogL : MidH);
  localparam integer MidLo = (P >> MidC);           // nodes MidLo..2*MidLo-1 at the cut
  localparam integer CutOn = (CutMid != 0) ? 1 : 0;
  localparam integer OnesW = (LogL >= 1) ? 2 * MidLo : 2;  // ones of nodes above the cut

  // 4:2 compressor with two ones (ia, ib) in bit 0 of its carry rows:
  // as + ac + bs + bc + ia + ib = sum + carry (mod 2^TreeW; see above).
  function [2*TreeW-1:0] add42;
    input [TreeW-1:0] as, ac, bs, bc;
    input             ia, ib;
    reg   [TreeW-1:0] x, c1;
    reg   [TreeW-2:0] m2;
    begin
      x  = (as ^ ac) ^ (bs ^ bc);
      c1 = {(as[TreeW-2:0] & ac[TreeW-2:0]) | (bs[TreeW-2:0] & (as[TreeW-2:0] | ac[TreeW-2:0])), ia};
      m2 = (x[TreeW-2:0] & c1[TreeW-2:0]) | (~x[TreeW-2:0] & bc[TreeW-2:0]);
      add42 = {x ^ c1, m2, ib};
    end
  endfunction

  // Height of heap node n (1 <= n < P): LogL - floor(log2 n).
  function integer height;
    input integer n;
    integer k;
    begin
      k = 0;
      while ((n >> (k + 1)) != 0) k = k + 1;
      height = LogL - k;
    end
  endfunction

  // ---- lanes, padded to P ----
  // Lanes past Lanes carry the bias alone (a product 0 with no sign, no
  // term) and no flags.
  genvar i;
  generate
    for (i = 0; i < P; i = i + 1) begin : g_lane
      wire [RowW-1:0]  row;
      wire             neg;
      wire [FlagW-1:0] flags;
      if (i < Lanes) begin : g_real
        mxdot_decode_mul #(.Formats(Formats), .QN(QN), .SigW(SigW), .ShW(ShW), .ProdW(ProdW)) u_lane (
          .a_i(a_i[8*i +: 8]), .b_i(b_i[8*i +: 8]), .sel_a_i(sel_a_i), .sel_b_i(sel_b_i),
          .keep_i(keep_i[i]), .row_o(row), .neg_o(neg),
          .nan_o(flags[7]), .invalid_o(flags[6]), .inf_pos_o(flags[5]), .inf_neg_o(flags[4]),
          .nonzero_o(flags[3]), .zero_pos_o(flags[2]), .zero_neg_o(flags[1])
        );
        assign flags[0] = keep_i[i];
      end else begin : g_none
        assign row   = {1'b1, {ProdW{1'b0}}};
        assign neg   = 1'b0;
        assign flags = {FlagW{1'b0}};
      end
    end
  endgenerate

  // the ones as a vector, for the cut row and the ones left over
  wire [P-1:0] neg;
  generate
    for (i = 0; i < P; i = i + 1) begin : g_neg
      assign neg[i] = g_lane[i].neg;
    end
  endgenerate

  // flags: a balanced OR tree over the lanes, in heap order (node n ORs
  // nodes 2n and 2n+1; nodes P..2P-1 are the lanes)
  wire [FlagW-1:0] flag_or_d;
  genvar fn;
  generate
    for (fn = 1; fn < 2 * P; fn = fn + 1) begin : g_flag
      wire [FlagW-1:0] f;
      if (fn >= P) begin : g_leaf
        assign f = g_lane[fn - P].flags;
      end else begin : g_or
        assign f = g_flag[2 * fn].f | g_flag[2 * fn + 1].f;
      end
    end
  endgenerate
  assign flag_or_d = g_flag[1].f;

  // ---- the tree ----
  // ns/nc: a node's pair as computed; us/uc: as its parent sees it (through
  // the cut register for the nodes of height MidC when CutMid is set).
  wire [FlagW-1:0] flags_mid;
  wire [OnesW-1:0] ones_mid;
  wire [TreeW-1:0] s_root, c_root;
  wire [1:0]       ones_root;

  generate
    if (LogL == 0) begin : g_one_lane
      // a single lane: the pair is the row and 0, its one is left over; the
      // cut, if any, registers them
      mxdot_pipe_reg #(.Width(RowW + 1 + FlagW), .Enable(CutMid)) u_mid (
        .clk_i(clk_i), .en_i(en_mid_i),
        .d_i({g_lane[0].row, neg[0], flag_or_d}), .q_o({s_root, ones_mid[0], flags_mid})
      );
      assign c_root    = {TreeW{1'b0}};
      assign ones_mid[1] = 1'b0;
      assign ones_root = ones_mid;
    end else begin : g_tree
      // Each node has its own nets (no array: a simulator then sees every
      // node apart and evaluates the tree once, in order): s/c as computed,
      // us/uc as its parent sees them (through the cut register for the
      // nodes of height MidC when CutMid is set).
      wire [2*TreeW*MidLo-1:0] cut_d;
      wire [2*TreeW*MidLo-1:0] cut_q;
      genvar n;
      for (n = 1; n < P; n = n + 1) begin : g_node
        wire [TreeW-1:0] s, c, us, uc;
        if (n >= P / 2) begin : g_pair
          assign s = {{LogL{1'b0}}, g_lane[2 * (n - P / 2)].row};
          assign c = {{LogL{1'b0}}, g_lane[2 * (n - P / 2) + 1].row};
        end else begin : g_add
          // node n's ones: lanes P-2n-2 and P-2n-1 (through the cut when
          // the node is above it)
          wire ia, ib;
          if (CutOn != 0 && height(n) > MidC) begin : g_above
            assign ia = ones_mid[OnesW - 2 * n - 2];
            assign ib = ones_mid[OnesW - 2 * n - 1];
          end else begin : g_below
            assign ia = neg[P - 2 * n - 2];
            assign ib = neg[P - 2 * n - 1];
          end
          assign {s, c} = add42(g_node[2 * n].us, g_node[2 * n].uc,
                                g_node[2 * n + 1].us, g_node[2 * n + 1].uc, ia, ib);
        end
        if (CutOn != 0 && height(n) == MidC) begin : g_cut_node
          assign {us, uc} = cut_q[2*TreeW*(n - MidLo) +: 2*TreeW];
          assign cut_d[2*TreeW*(n - MidLo) +: 2*TreeW] = {s, c};
        end else begin : g_direct
          assign us = s;
          assign uc = c;
        end
      end
      if (CutOn == 0) begin : g_no_cut
        // no register: the nodes go straight to their parents
        assign cut_d = {2*TreeW*MidLo{1'b0}};
        wire unused_cut;
        assign unused_cut = ^{cut_q, ones_mid, en_mid_i};
      end

      // the cut row: nodes MidLo..2*MidLo-1, the ones of lanes
      // P-2*MidLo..P-1 (OnesW of them) and the flags
      mxdot_pipe_reg #(.Width(2*TreeW*MidLo + OnesW + FlagW), .Enable(CutOn)) u_mid (
        .clk_i(clk_i), .en_i(en_mid_i),
        .d_i({cut_d, neg[P-1 -: OnesW], flag_or_d}), .q_o({cut_q, ones_mid, flags_mid})
      );

      assign s_root    = g_node[1].us;
      assign c_root    = g_node[1].uc;
      assign ones_root = (CutOn != 0) ? ones_mid[OnesW-1 -: 2] : neg[P-1 -: 2];
    end
  endgenerate

  mxdot_pipe_reg #(.Width(2*TreeW + 2 + FlagW), .Enable(CutRoot)) u_root (
    .clk_i(clk_i), .en_i(en_root_i),
    .d_i({s_root, c_root, ones_root, flags_mid}), .q_o({s_o, c_o, ones_o, flags_o})
  );

endmodule

`default_nettype wire
