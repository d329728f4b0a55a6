// SPDX-License-Identifier: Apache-2.0
//
// mxdot_reduce - the exact sum of the K lane products (C: mx_reduce) and
// the zero/NaN summary of the block.
//
// Width: each product is < 196*2^28 < 2^36 in magnitude, so K of them are
// < K*2^36: 36+log2(K) magnitude bits plus a sign (42 bits for K = 32).
//
// Structure: a balanced carry-save tree, no carry chain until the root. A
// node of height 1 is the pair of two lane values; every higher node is a
// 4:2 compressor of its two children's carry-save pairs: log2(K)-1 levels,
// each three gate delays (x = a^b^c^d, sum = x ^ c1, carry = x ? c1 : d),
// e.g. 4 levels for K = 32. Carries out of the top bit are dropped: the
// arithmetic is modulo 2^SumW and the true sum fits, so the two's
// complement result is exact.
//
// The lanes deliver negative products as ones' complements (p - 1, neg = 1).
// The K missing ones go where a carry-save tree has free inputs of weight
// 1: bit 0 of both carry rows of every 4:2 node (K-2 places), bit 0 of the
// carry row of the final -1 row below, and that row's constant itself.
//
// The root pair (s, c) is resolved without a negation after the
// carry-propagate adder: a last 3:2 row adds the constant -1 (or 0 when the
// last lane's missing one cancels it), giving (s', c') with s' + c' = S - 1,
// and one compound adder (mxdot_add) gives S - 1 and S; |S| is S when
// S - 1 >= 0, else ~(S - 1) = -S. S == 0 exactly when s' + c' = -1, that is
// s' ^ c' all ones (two n-bit numbers add to 2^n - 1 only without carries).
//
// Optional registers (for the pipeline, see mxdot_unit): CutMid registers
// the node pairs of height CutHeight (clamped to 1..log2 K; for K = 1 the
// product), the ones still to add and the flags; CutRoot the root pair, its
// two ones and the flags. Both may sit at the root (then in series).

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
  input  wire [37*K-1:0]           prod_i,       // lane i in prod_i[37*i +: 37]: p - neg
  input  wire [K-1:0]              neg_i,
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

  localparam integer LogK  = $clog2(K);
  localparam integer SumW  = 37 + LogK;
  localparam integer MidH  = (K == 1) ? 0 : ((CutHeight < 1) ? 1 : ((CutHeight > LogK) ? LogK : CutHeight));
  localparam integer MidN  = K >> MidH;             // nodes at the cut (K = 1: the product)
  localparam integer Half  = (K > 1) ? K / 2 : 1;
  localparam integer CorrW = 2 * MidN;              // ones still to add above the cut

  // 4:2 compressor with two injected ones (ia, ib) at bit 0 of its carry
  // rows: as + ac + bs + bc + ia + ib = sum + carry (mod 2^SumW).
  function [2*SumW-1:0] add42;
    input [SumW-1:0] as, ac, bs, bc;
    input            ia, ib;
    reg   [SumW-1:0] x, c1;
    reg   [SumW-2:0] m2;
    begin
      x  = (as ^ ac) ^ (bs ^ bc);
      c1 = {(as[SumW-2:0] & ac[SumW-2:0]) | (bs[SumW-2:0] & (as[SumW-2:0] | ac[SumW-2:0])), ia};
      m2 = (x[SumW-2:0] & c1[SumW-2:0]) | (~x[SumW-2:0] & bc[SumW-2:0]);
      add42 = {x ^ c1, m2, ib};
    end
  endfunction

  function [SumW-1:0] sext;          // a lane value widened to SumW bits
    input [36:0] p;
    reg   [SumW-1:0] r;
    begin
      r = {SumW{p[36]}};
      r[36:0] = p;
      sext = r;
    end
  endfunction

  // ---- flags: OR trees, registered with the tree ----
  wire [3:0] flags_d = {|nan_i, |nonzero_i, |zero_pos_i, |zero_neg_i};
  wire [3:0] flags_mid, flags_root;

  // ---- the ones not added below the cut ----
  wire [CorrW-1:0] corr_d, corr;
  generate
    if (K == 1) begin : g_corr1
      assign corr_d = {neg_i[0], 1'b0};
    end else begin : g_corr
      assign corr_d = neg_i[K-1 -: CorrW];
    end
  endgenerate

  // ---- the carry-save tree ----
  // Levels 1..MidH are built from the lane values, levels MidH+1..log2 K
  // from the (optionally registered) nodes of height MidH. Each half is one
  // loop (node j of a level overwrites slot j after its children 2j and
  // 2j+1 were read): the same balanced tree as per-node nets, but evaluated
  // at once by event-driven simulators.
  reg  [Half*SumW-1:0] lo_s, lo_c, hi_s, hi_c;   // node slots of each half
  reg  [MidN*SumW-1:0] mid_s_d, mid_c_d;
  wire [MidN*SumW-1:0] mid_s, mid_c;
  integer lv, j, q;            // loop variables of the lower half
  integer lv2, j2, q2;         // ... and of the upper half

  always @* begin
    lo_s = {Half*SumW{1'b0}};
    lo_c = {Half*SumW{1'b0}};
    q = 0;
    if (K == 1) begin
      lo_s[SumW-1:0] = sext(prod_i[36:0]);
    end else begin
      for (j = 0; j < Half; j = j + 1) begin
        lo_s[j*SumW +: SumW] = sext(prod_i[37*(2*j) +: 37]);
        lo_c[j*SumW +: SumW] = sext(prod_i[37*(2*j+1) +: 37]);
      end
      for (lv = 2; lv <= MidH; lv = lv + 1) begin
        for (j = 0; j < (K >> lv); j = j + 1) begin
          {lo_s[j*SumW +: SumW], lo_c[j*SumW +: SumW]} =
            add42(lo_s[(2*j)*SumW +: SumW], lo_c[(2*j)*SumW +: SumW],
                  lo_s[(2*j+1)*SumW +: SumW], lo_c[(2*j+1)*SumW +: SumW],
                  neg_i[q], neg_i[q+1]);
          q = q + 2;
        end
      end
    end
    mid_s_d = lo_s[MidN*SumW-1:0];
    mid_c_d = lo_c[MidN*SumW-1:0];
  end

  mxdot_pipe_reg #(.Width(2*MidN*SumW + CorrW + 4), .Enable(CutMid)) u_mid (
    .clk_i(clk_i), .en_i(en_mid_i),
    .d_i({mid_s_d, mid_c_d, corr_d, flags_d}), .q_o({mid_s, mid_c, corr, flags_mid})
  );

  always @* begin
    hi_s = {Half*SumW{1'b0}};
    hi_c = {Half*SumW{1'b0}};
    hi_s[MidN*SumW-1:0] = mid_s;
    hi_c[MidN*SumW-1:0] = mid_c;
    q2 = 0;
    for (lv2 = MidH + 1; lv2 <= LogK; lv2 = lv2 + 1) begin
      for (j2 = 0; j2 < (K >> lv2); j2 = j2 + 1) begin
        {hi_s[j2*SumW +: SumW], hi_c[j2*SumW +: SumW]} =
          add42(hi_s[(2*j2)*SumW +: SumW], hi_c[(2*j2)*SumW +: SumW],
                hi_s[(2*j2+1)*SumW +: SumW], hi_c[(2*j2+1)*SumW +: SumW],
                corr[q2], corr[q2+1]);
        q2 = q2 + 2;
      end
    end
  end

  wire [SumW-1:0] s, c;
  wire [1:0]      corr_root;
  mxdot_pipe_reg #(.Width(2*SumW + 2 + 4), .Enable(CutRoot)) u_root (
    .clk_i(clk_i), .en_i(en_root_i),
    .d_i({hi_s[SumW-1:0], hi_c[SumW-1:0], corr[CorrW-1 -: 2], flags_mid}),
    .q_o({s, c, corr_root, flags_root})
  );
  assign {nan_o, nonzero_o, zero_pos_o, zero_neg_o} = flags_root;

  // ---- the -1 row, S - 1 and S, |S|, S == 0 ----
  // third input all ones (-1) unless the last lane's one cancels it
  wire            f    = ~corr_root[1];
  wire [SumW-1:0] s_m1 = s ^ c ^ {SumW{f}};
  wire [SumW-1:0] c_m1 = {(s[SumW-2:0] & c[SumW-2:0]) | ({(SumW-1){f}} & (s[SumW-2:0] | c[SumW-2:0])),
                          corr_root[0]};
  wire [SumW-1:0] sum, sum_m1;                           // S, S - 1
  wire            unused_cout0, unused_cout1;
  mxdot_add #(.Width(SumW)) u_cpa (
    .a_i(s_m1), .b_i(c_m1), .sum0_o(sum_m1), .sum1_o(sum),
    .cout0_o(unused_cout0), .cout1_o(unused_cout1)
  );

  assign sum_o      = sum;
  assign sum_neg_o  = sum[SumW-1];
  assign sum_mag_o  = sum_m1[SumW-1] ? ~sum_m1[SumW-2:0] : sum[SumW-2:0];
  assign sum_zero_o = &(s_m1 ^ c_m1);

endmodule

`default_nettype wire
