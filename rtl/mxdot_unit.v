// SPDX-License-Identifier: Apache-2.0
//
// mxdot_unit - MXFP8 block dot product with a binary32 accumulator:
//   d = round_rm(c + 2^(xa-127) * 2^(xb-127) * sum_i a[i]*b[i])
// evaluated exactly and rounded once (SPEC section 2), one block per clock.
//
// Datapath (docs/microarch.md has the diagram and the width arguments):
//   K x mxdot_decode_mul -> mxdot_reduce (carry-save tree, |S|)
//   mxdot_scale -> mxdot_align (c decoded and placed, in parallel)
//   -> mxdot_accumulate (window sum, specials) -> mxdot_normalize_round
//
// Pipeline: seven places can hold a register row ("cuts", in datapath order)
//   0 inputs          (raw a, b, xa, xb, c, rm)
//   1 tree middle     (reduce: node pairs of height MidHeight; c aligned info)
//   2 tree root       (reduce: the root carry-save pair)
//   3 window operands (accumulate: between the alignment and the adder)
//   4 window sum      (between accumulate and normalize_round)
//   5 normalized      (normalize_round: between normalization and rounding)
//   6 outputs         (d, flags)
// Stages picks the cuts (cut_mask below; docs/microarch.md has the table and
// the logic depth of each segment); cut 6 is always a register, so d_o and
// flags_o come from flip-flops. Stages > 7 adds Stages-7 more register rows
// after cut 6. Latency = Stages cycles. The default, 5 (cuts 2..6), keeps
// every stage within 30 library cells of logic at K = 32.
//
// Handshake: each register row has a valid bit (asynchronous active-low
// reset; the data registers have none). A row loads when the row before it
// holds a beat (in_valid_i for the first) and it is empty or its own beat
// leaves in the same cycle: ready[s] = ~valid[s] | ready[s+1], ready[last+1]
// = out_ready_i. So in_ready_o = ready[0] depends combinationally on
// out_ready_i (through the chain of full rows); out_valid_o does not depend
// on any input. Full rate with out_ready_i high; stalls lose nothing.

`default_nettype none

module mxdot_unit #(
  parameter integer K      = 32,  // elements per block and per beat: 1,2,4,...,64
  parameter integer Stages = 5    // pipeline register stages = latency in cycles (>= 1)
) (
  input  wire           clk_i,
  input  wire           rst_ni,      // asynchronous active-low reset
  input  wire           in_valid_i,
  output wire           in_ready_o,
  input  wire [8*K-1:0] a_i,         // element i in a_i[8*i +: 8]
  input  wire [8*K-1:0] b_i,
  input  wire [7:0]     xa_i,
  input  wire [7:0]     xb_i,
  input  wire [31:0]    c_i,
  input  wire [2:0]     rm_i,
  output wire           out_valid_o,
  input  wire           out_ready_i,
  output wire [31:0]    d_o,
  output wire [4:0]     flags_o
);

  localparam integer LogK   = $clog2(K);
  localparam integer WS     = 36 + LogK;         // |S| bits
  localparam integer W      = WS + 53;           // window bits
  localparam integer NumCut = 7;

  // Cut rows for each Stages value (bit i = cut i above).
  function [NumCut-1:0] cut_mask;
    input integer stages;
    begin
      case (stages)
        1:       cut_mask = 7'b1000000;
        2:       cut_mask = 7'b1001000;
        3:       cut_mask = 7'b1010100;
        4:       cut_mask = 7'b1011100;
        5:       cut_mask = 7'b1111100;
        6:       cut_mask = 7'b1111110;
        default: cut_mask = 7'b1111111;
      endcase
    end
  endfunction

  // Register row (0-based) that cut p is, if registered: rows before it.
  function integer cut_row;
    input [NumCut-1:0] mask;
    input integer      p;
    integer            i;
    begin
      cut_row = 0;
      for (i = 0; i < NumCut; i = i + 1) begin
        if (i < p && mask[i]) cut_row = cut_row + 1;
      end
    end
  endfunction

  // Tree height of cut 1: about half of the 4:2 levels on each side.
  localparam integer MidHeight = (LogK <= 2) ? 1 : (LogK + 1) / 2;

  localparam [NumCut-1:0] Mask  = cut_mask(Stages);
  localparam integer      NRows = Stages;             // register rows in all
  localparam integer      Extra = (Stages > NumCut) ? Stages - NumCut : 0;

  // Parameter check: an unknown module stops elaboration in every tool.
  generate
    if (Stages < 1 || K < 1 || K > 64 || (K & (K - 1)) != 0) begin : g_bad_parameters
      mxdot_unit_needs_stages_at_least_1_and_k_a_power_of_two_up_to_64 u_error ();
    end
  endgenerate

  // ---- valid/ready chain over the NRows register rows ----
  reg  [NRows-1:0] valid_q;
  wire [NRows:0]   ready /* verilator split_var */;
  wire [NRows-1:0] valid_in;
  wire [NRows-1:0] load;                               // a beat enters row s

  assign ready[NRows] = out_ready_i;
  genvar s;
  generate
    for (s = 0; s < NRows; s = s + 1) begin : g_row
      assign valid_in[s] = (s == 0) ? in_valid_i : valid_q[(s == 0) ? 0 : s - 1];
      assign ready[s]    = ~valid_q[s] | ready[s + 1];
      assign load[s]     = valid_in[s] & ready[s];
      always @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
          valid_q[s] <= 1'b0;
        end else if (ready[s]) begin
          valid_q[s] <= valid_in[s];
        end
      end
    end
  endgenerate

  assign in_ready_o  = ready[0];
  assign out_valid_o = valid_q[NRows-1];

  // load enable of each cut (unused for cuts that are wires)
  wire [NumCut-1:0] cut_en;
  genvar p;
  generate
    for (p = 0; p < NumCut; p = p + 1) begin : g_cut_en
      if (Mask[p]) begin : g_reg
        assign cut_en[p] = load[cut_row(Mask, p)];
      end else begin : g_wire
        assign cut_en[p] = 1'b0;
      end
    end
  endgenerate

  // ---- cut 0: inputs ----
  wire [8*K-1:0] a, b;
  wire [7:0]     xa, xb;
  wire [31:0]    c;
  wire [2:0]     rm;
  mxdot_pipe_reg #(.Width(16*K + 51), .Enable(Mask[0] ? 1 : 0)) u_cut0 (
    .clk_i(clk_i), .en_i(cut_en[0]),
    .d_i({a_i, b_i, xa_i, xb_i, c_i, rm_i}), .q_o({a, b, xa, xb, c, rm})
  );

  // ---- lanes ----
  wire [37*K-1:0] prod;
  wire [K-1:0]    lane_neg, lane_nan, lane_nonzero, lane_zero_pos, lane_zero_neg;
  genvar i;
  generate
    for (i = 0; i < K; i = i + 1) begin : g_lane
      mxdot_decode_mul u_lane (
        .a_i(a[8*i +: 8]), .b_i(b[8*i +: 8]),
        .prod_o(prod[37*i +: 37]), .neg_o(lane_neg[i]), .nan_o(lane_nan[i]),
        .nonzero_o(lane_nonzero[i]),
        .zero_pos_o(lane_zero_pos[i]), .zero_neg_o(lane_zero_neg[i])
      );
    end
  endgenerate

  // ---- exponent path: scale and accumulator placement ----
  wire [9:0]  e_blk;
  wire        scale_nan;
  mxdot_scale u_scale (.xa_i(xa), .xb_i(xb), .exp_o(e_blk), .nan_o(scale_nan));

  wire [23:0] c_sig;
  wire [10:0] c_shift, c_exp_a, c_exp_b;
  wire        c_sign, c_zero, c_inf, c_nan, c_snan;
  mxdot_align #(.K(K)) u_align (
    .c_i(c), .exp_i(e_blk), .sig_o(c_sig), .shift_o(c_shift),
    .exp_a_o(c_exp_a), .exp_b_o(c_exp_b), .sign_o(c_sign), .zero_o(c_zero),
    .inf_o(c_inf), .nan_o(c_nan), .snan_o(c_snan)
  );

  // side band carried beside the tree through cuts 1 and 2
  localparam integer SideW = 24 + 33 + 5 + 1 + 3;
  wire [SideW-1:0] side0 = {c_sig, c_shift, c_exp_a, c_exp_b, c_sign, c_zero, c_inf,
                            c_nan, c_snan, scale_nan, rm};
  wire [SideW-1:0] side1, side2;
  wire [23:0]      s2_c_sig;
  wire [10:0]      s2_c_shift, s2_c_exp_a, s2_c_exp_b;
  wire             s2_c_sign, s2_c_zero, s2_c_inf, s2_c_nan, s2_c_snan, s2_scale_nan;
  wire [2:0]       s2_rm;
  assign {s2_c_sig, s2_c_shift, s2_c_exp_a, s2_c_exp_b, s2_c_sign, s2_c_zero, s2_c_inf,
          s2_c_nan, s2_c_snan, s2_scale_nan, s2_rm} = side2;
  mxdot_pipe_reg #(.Width(SideW), .Enable(Mask[1] ? 1 : 0)) u_cut1 (
    .clk_i(clk_i), .en_i(cut_en[1]), .d_i(side0), .q_o(side1)
  );
  mxdot_pipe_reg #(.Width(SideW), .Enable(Mask[2] ? 1 : 0)) u_cut2 (
    .clk_i(clk_i), .en_i(cut_en[2]), .d_i(side1), .q_o(side2)
  );

  // ---- block sum (cuts 1 and 2 inside) ----
  wire [WS:0]   sum;
  wire [WS-1:0] sum_mag;
  wire          sum_neg, sum_zero, blk_nan, blk_nonzero, blk_zero_pos, blk_zero_neg;
  mxdot_reduce #(.K(K), .CutHeight(MidHeight), .CutMid(Mask[1] ? 1 : 0), .CutRoot(Mask[2] ? 1 : 0)) u_reduce (
    .clk_i(clk_i), .en_mid_i(cut_en[1]), .en_root_i(cut_en[2]),
    .prod_i(prod), .neg_i(lane_neg), .nan_i(lane_nan), .nonzero_i(lane_nonzero),
    .zero_pos_i(lane_zero_pos), .zero_neg_i(lane_zero_neg),
    .sum_o(sum), .sum_mag_o(sum_mag), .sum_neg_o(sum_neg), .sum_zero_o(sum_zero),
    .nan_o(blk_nan), .nonzero_o(blk_nonzero), .zero_pos_o(blk_zero_pos),
    .zero_neg_o(blk_zero_neg)
  );
  // S in two's complement is for models and waveforms; the window uses |S|.
  wire unused_sum;
  assign unused_sum = ^sum;

  // ---- accumulate (cut 3 inside) ----
  wire [W-1:0] acc_mag;
  wire         acc_sign, acc_nan, acc_nv, acc_inf, acc_spec_sign;
  wire [10:0]  acc_exp;
  wire [2:0]   acc_rm;
  mxdot_accumulate #(.K(K), .CutMid(Mask[3] ? 1 : 0)) u_accumulate (
    .clk_i(clk_i), .en_mid_i(cut_en[3]),
    .sum_mag_i(sum_mag), .sum_neg_i(sum_neg), .sum_zero_i(sum_zero),
    .nan_i(blk_nan), .nonzero_i(blk_nonzero), .zero_pos_i(blk_zero_pos),
    .zero_neg_i(blk_zero_neg), .scale_nan_i(s2_scale_nan),
    .c_sig_i(s2_c_sig), .c_shift_i(s2_c_shift), .c_exp_a_i(s2_c_exp_a),
    .c_exp_b_i(s2_c_exp_b), .c_sign_i(s2_c_sign), .c_zero_i(s2_c_zero),
    .c_inf_i(s2_c_inf), .c_nan_i(s2_c_nan), .c_snan_i(s2_c_snan), .rm_i(s2_rm),
    .mag_o(acc_mag), .sign_o(acc_sign), .exp_o(acc_exp), .rm_o(acc_rm),
    .nan_o(acc_nan), .nv_o(acc_nv), .inf_o(acc_inf), .spec_sign_o(acc_spec_sign)
  );

  // ---- cut 4 ----
  wire [W-1:0] nr_mag;
  wire         nr_sign, nr_nan, nr_nv, nr_inf, nr_spec_sign;
  wire [10:0]  nr_exp;
  wire [2:0]   nr_rm;
  mxdot_pipe_reg #(.Width(W + 19), .Enable(Mask[4] ? 1 : 0)) u_cut4 (
    .clk_i(clk_i), .en_i(cut_en[4]),
    .d_i({acc_mag, acc_sign, acc_exp, acc_rm, acc_nan, acc_nv, acc_inf, acc_spec_sign}),
    .q_o({nr_mag, nr_sign, nr_exp, nr_rm, nr_nan, nr_nv, nr_inf, nr_spec_sign})
  );

  // ---- normalize and round (cut 5 inside) ----
  wire [31:0] d;
  wire [4:0]  flags;
  mxdot_normalize_round #(.K(K), .CutMid(Mask[5] ? 1 : 0)) u_normalize_round (
    .clk_i(clk_i), .en_mid_i(cut_en[5]),
    .mag_i(nr_mag), .sign_i(nr_sign), .exp_i(nr_exp), .rm_i(nr_rm),
    .nan_i(nr_nan), .nv_i(nr_nv), .inf_i(nr_inf), .spec_sign_i(nr_spec_sign),
    .d_o(d), .flags_o(flags)
  );

  // ---- cut 6 and any extra rows ----
  wire [37*(Extra+1)-1:0] out_chain;
  mxdot_pipe_reg #(.Width(37), .Enable(1)) u_cut6 (
    .clk_i(clk_i), .en_i(cut_en[6]), .d_i({d, flags}), .q_o(out_chain[36:0])
  );
  genvar x;
  generate
    for (x = 1; x <= Extra; x = x + 1) begin : g_extra
      mxdot_pipe_reg #(.Width(37), .Enable(1)) u_row (
        .clk_i(clk_i), .en_i(load[NumCut - 1 + x]),
        .d_i(out_chain[37*(x-1) +: 37]), .q_o(out_chain[37*x +: 37])
      );
    end
  endgenerate
  assign {d_o, flags_o} = out_chain[37*Extra +: 37];

endmodule

`default_nettype wire
