// SPDX-License-Identifier: Apache-2.0
//
// mxdot_unit - OCP MX block-scaled dot product with a binary32 accumulator,
// one scale group at a time (docs/spec.md section 2):
//   d = round_rm(c + 2^(xa-127) * 2^(xb-127) * sum_i a[i]*b[i])
// over the K elements of a group, evaluated exactly and rounded once. A
// group of K elements (1 <= K <= MaxGroup) arrives as one or more beats of
// Lanes elements; the group length does not depend on the lane count.
//
// Datapath (docs/microarch.md has the diagram and the width arguments):
//   Lanes x mxdot_decode_mul -> mxdot_reduce (carry-save tree, one beat)
//   -> mxdot_group (the group's exact sum, carried between beats in
//   carry-save form; |G| after the last beat)
//   mxdot_scale -> mxdot_align (c decoded and placed, beside the tree)
//   -> mxdot_accumulate (window sum, special cases) -> mxdot_normalize_round
//
// Beat protocol (AXI-Stream style; docs/microarch.md has a timing diagram):
// a beat moves on a rising edge with in_valid_i & in_ready_o. in_last_i
// marks the last beat of a group; in_keep_i[i] = 0 drops lane i (it adds no
// term, not even a zero). fa/fb/xa/xb/c/rm of a group are those of its first
// beat: the unit latches them there and ignores the inputs on later beats.
// One result per group, in order; latency Stages cycles from the last beat.
// Rule 0 (NaN with NV) also answers: a format code the build does not carry
// (Formats), a group with no kept lane, a group of more than
// ceil(MaxGroup/Lanes) beats (its sum would not fit the carried width).
//
// Pipeline: seven places can hold a register row ("cuts", in datapath order)
//   0 inputs          (raw beat: a, b, keep, last and the group header)
//   1 tree middle     (reduce: node pairs of height MidHeight; c aligned info)
//   2 tree root       (reduce: the root carry-save pair) -- beats above,
//   3 window operands (group resolved, c placed)        -- groups below
//   4 window sum      (between accumulate and normalize_round)
//   5 normalized      (normalize_round: between normalization and rounding)
//   6 outputs         (d, flags)
// Stages picks the cuts (cut_mask below; docs/microarch.md has the table);
// cut 6 is always a register. Stages > 7 adds Stages-7 rows after cut 6.
//
// Handshake: each register row has a valid bit (asynchronous active-low
// reset; the data registers have none). A row loads when the row before it
// holds a beat (in_valid_i for the first) and it is empty or its own beat
// leaves in the same cycle: ready(s) = ~valid(s) | ready(s+1). The group
// stage takes every beat that reaches it; a beat that is not last goes into
// the group sum and leaves at once, a last one needs room in the next row.
// So in_ready_o depends combinationally on out_ready_i (through the chain
// of full rows); out_valid_o does not depend on any input. Full rate with
// out_ready_i high; stalls lose nothing.

`timescale 1ns / 1ps
`default_nettype none

module mxdot_unit #(
  parameter integer Lanes    = 32,    // elements per beat (1..128)
  parameter integer Stages   = 5,     // register rows = latency (>= 1)
  parameter integer MaxGroup = 4096,  // longest group in elements
  parameter integer Formats  = 63     // bit f: carries format code f (bit 0 E4M3 ... bit 5 INT8)
) (
  input  wire               clk_i,
  input  wire               rst_ni,       // asynchronous active-low reset
  input  wire               in_valid_i,
  output wire               in_ready_o,
  input  wire               in_last_i,    // last beat of its group
  input  wire [Lanes-1:0]   in_keep_i,    // lane i holds an element of the group
  input  wire [8*Lanes-1:0] a_i,          // element i in a_i[8*i +: 8]
  input  wire [8*Lanes-1:0] b_i,
  input  wire [2:0]         fa_i,         // format codes (first beat of a group)
  input  wire [2:0]         fb_i,
  input  wire [7:0]         xa_i,         // UE8M0 scales (first beat)
  input  wire [7:0]         xb_i,
  input  wire [31:0]        c_i,          // binary32 accumulator (first beat)
  input  wire [2:0]         rm_i,         // rounding mode (first beat)
  output wire               out_valid_o,
  input  wire               out_ready_i,
  output wire [31:0]        d_o,
  output wire [4:0]         flags_o
);

  // ---- widths derived from the carried formats (docs/microarch.md) ----
  // quantum exponent q (the smallest step is 2^-q) and a bound T with
  // |x| < 2^T (INT8: |x| <= 2, and 2*2 = 4 < 2^(2+2))
  function integer fmt_q;
    input integer f;
    begin
      case (f)
        0: fmt_q = 9;  1: fmt_q = 16; 2: fmt_q = 4;
        3: fmt_q = 3;  4: fmt_q = 1;  default: fmt_q = 6;
      endcase
    end
  endfunction
  function integer fmt_t;
    input integer f;
    begin
      case (f)
        0: fmt_t = 9;  1: fmt_t = 16; 2: fmt_t = 5;
        3: fmt_t = 3;  4: fmt_t = 3;  default: fmt_t = 2;
      endcase
    end
  endfunction
  // largest shift of a decoded element on the operand grid (mxdot_decode)
  function integer fmt_sh;
    input integer f;
    input integer qn;
    begin
      case (f)
        0: fmt_sh = 14 + qn - 9;  1: fmt_sh = 30 + qn - 16; 2: fmt_sh = 6 + qn - 4;
        3: fmt_sh = 2 + qn - 3;   4: fmt_sh = 2 + qn - 1;   default: fmt_sh = 1 + qn - 6;
      endcase
    end
  endfunction
  function integer max_over;      // max of q (what 0), t (1) or sh (2) over the carried formats
    input integer what;
    input integer qn;
    integer f, v;
    begin
      max_over = 0;
      for (f = 0; f < 6; f = f + 1) begin
        if (((Formats >> f) & 1) != 0) begin
          v = (what == 0) ? fmt_q(f) : ((what == 1) ? fmt_t(f) : fmt_sh(f, qn));
          if (v > max_over) max_over = v;
        end
      end
    end
  endfunction
  function integer count_formats;
    input integer fmts;
    integer f;
    begin
      count_formats = 0;
      for (f = 0; f < 6; f = f + 1) count_formats = count_formats + ((fmts >> f) & 1);
    end
  endfunction


  localparam integer QN       = max_over(0, 0);                   // operand grid 2^-QN
  localparam integer ProdW    = 2 * max_over(1, 0) + 2 * QN;      // |product| < 2^ProdW
  localparam integer SigW     = ((Formats & 32) != 0) ? 7 :
                                ((Formats & 9) != 0) ? 4 : ((Formats & 6) != 0) ? 3 : 2;
  localparam integer ShW      = $clog2(max_over(2, QN) + 1);
  localparam integer NumFmt   = count_formats(Formats);
  localparam integer LogL     = $clog2(Lanes);
  localparam integer TreeW    = ProdW + 1 + LogL;
  localparam integer MaxBeats = (MaxGroup + Lanes - 1) / Lanes;
  localparam integer AccW     = ProdW + $clog2(MaxBeats << LogL) + 1;
  localparam integer WS       = AccW - 1;                         // |group sum| bits
  localparam integer W        = WS + 53;                          // window bits
  localparam integer FlagW    = 8;
  localparam integer NumCut   = 7;

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
  localparam integer MidHeight = (LogL <= 2) ? 1 : (LogL + 1) / 2;

  localparam [NumCut-1:0] Mask     = cut_mask(Stages);
  localparam integer      NRows    = Stages;              // register rows in all
  localparam integer      Extra    = (Stages > NumCut) ? Stages - NumCut : 0;
  localparam integer      BeatRows = cut_row(Mask, 3);    // rows before the group stage
  localparam integer      HoldSum  = Mask[3] ? 1 : 0;     // |G| kept in the group register

  // Parameter check: an unknown module stops elaboration in every tool.
  generate
    if (Stages < 1 || Lanes < 1 || Lanes > 128 || MaxGroup < 1 || MaxGroup > 65536
        || (Formats & 63) == 0 || (Formats & ~63) != 0) begin : g_bad_parameters
      mxdot_unit_needs_stages_1_up_lanes_1_to_128_maxgroup_1_to_65536_and_formats_1_to_63 u_error ();
    end
  endgenerate

  // ---- valid/ready chain over the NRows register rows ----
  // Rows 0..BeatRows-1 hold beats, rows BeatRows.. hold groups; the group
  // stage between them takes a beat when it is not last or row BeatRows has
  // room.
  // Each row's ready is a net of its own (a vector whose bits depend on
  // each other would look like a loop to a simulator).
  reg  [NRows-1:0] valid_q;
  wire [NRows-1:0] valid_in;
  wire [NRows-1:0] load;                               // a beat enters row s
  wire             beat_valid, beat_last, group_ready;

  genvar s;
  generate
    for (s = 0; s < NRows; s = s + 1) begin : g_row
      wire ready, ready_next;                          // into this row, into the next
      if (s == BeatRows) begin : g_group_in
        assign valid_in[s] = beat_valid & beat_last;
      end else if (s == 0) begin : g_first
        assign valid_in[s] = in_valid_i;
      end else begin : g_next
        assign valid_in[s] = valid_q[s - 1];
      end
      if (s == NRows - 1) begin : g_out
        assign ready_next = out_ready_i;
      end else if (s == BeatRows - 1) begin : g_to_group
        assign ready_next = group_ready;
      end else begin : g_chain
        assign ready_next = g_row[s + 1].ready;
      end
      assign ready   = ~valid_q[s] | ready_next;
      assign load[s] = valid_in[s] & ready;
      always @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
          valid_q[s] <= 1'b0;
        end else if (ready) begin
          valid_q[s] <= valid_in[s];
        end
      end
    end
  endgenerate

  // With cut 3 registered, the group register also holds the waiting
  // group's |G| (mxdot_group HoldSum): no beat is taken while that row
  // cannot pass its group on. Otherwise only a last beat needs the room.
  assign group_ready = (HoldSum != 0 ? 1'b0 : ~beat_last) | g_row[BeatRows].ready;
  assign out_valid_o = valid_q[NRows-1];
  generate
    if (BeatRows > 0) begin : g_beat_from_row
      assign in_ready_o = g_row[0].ready;
      assign beat_valid = valid_q[(BeatRows > 0) ? BeatRows - 1 : 0];
    end else begin : g_beat_from_input
      assign in_ready_o = group_ready;
      assign beat_valid = in_valid_i;
    end
  endgenerate
  wire take = beat_valid & group_ready;                // the group stage takes a beat

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

  // ---- the group header: latched on a group's first beat ----
  // in_group_q: the last beat taken did not end its group, so the beat on
  // offer continues it and takes the header of its group's first beat.
  localparam integer HdrW = 3 + 3 + 8 + 8 + 32 + 3;
  reg             in_group_q;
  reg  [HdrW-1:0] hdr_q;
  wire [HdrW-1:0] hdr_in  = {fa_i, fb_i, xa_i, xb_i, c_i, rm_i};
  wire [HdrW-1:0] hdr_eff;
`ifdef MXDOT_FAST_SIM
  // The Verilated co-simulation's form (tb/tb.mk): in a build with several
  // formats the header mux reads copies of in_group_q and hdr_q taken at
  // the falling edge, so the lanes' format selects, and the input cone
  // behind them, change at one clock edge only and Verilator evaluates them
  // once per cycle (a single-format build has no selects). The copies equal
  // the registers at every rising edge provided a falling edge comes
  // between a reset and the next rising edge (docs/microarch.md).
  generate
    if (NumFmt > 1) begin : g_hdr_copy
      reg             in_group_sim;
      reg  [HdrW-1:0] hdr_sim;
      always @(negedge clk_i) begin
        in_group_sim <= in_group_q;
        hdr_sim      <= hdr_q;
      end
      assign hdr_eff = in_group_sim ? hdr_sim : hdr_in;
    end else begin : g_hdr_latch
      assign hdr_eff = in_group_q ? hdr_q : hdr_in;
    end
  endgenerate
`else
  assign hdr_eff = in_group_q ? hdr_q : hdr_in;
`endif
  wire            in_take = in_valid_i & in_ready_o;

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      in_group_q <= 1'b0;
    end else if (in_take) begin
      in_group_q <= ~in_last_i;
    end
  end
  always @(posedge clk_i) begin
    if (in_take & ~in_group_q) begin
      hdr_q <= hdr_in;
    end
  end

  // ---- cut 0: inputs ----
  wire [8*Lanes-1:0] a, b;
  wire [Lanes-1:0]   keep;
  wire               last;
  wire [HdrW-1:0]    hdr0;                 // the beat's header
  wire [2:0]         fa = hdr0[HdrW-1 -: 3];
  wire [2:0]         fb = hdr0[HdrW-4 -: 3];
  // (one register per field rather than one of their concatenation: the
  // same flip-flops, and a simulator then copies no wide vectors)
  mxdot_pipe_reg #(.Width(8*Lanes), .Enable(Mask[0] ? 1 : 0)) u_cut0_a (
    .clk_i(clk_i), .en_i(cut_en[0]), .d_i(a_i), .q_o(a)
  );
  mxdot_pipe_reg #(.Width(8*Lanes), .Enable(Mask[0] ? 1 : 0)) u_cut0_b (
    .clk_i(clk_i), .en_i(cut_en[0]), .d_i(b_i), .q_o(b)
  );
  mxdot_pipe_reg #(.Width(Lanes + 1 + HdrW), .Enable(Mask[0] ? 1 : 0)) u_cut0 (
    .clk_i(clk_i), .en_i(cut_en[0]),
    .d_i({in_keep_i, in_last_i, hdr_eff}), .q_o({keep, last, hdr0})
  );

  // ---- the header at the group stage, beside the tree ----
  // The lanes need only the formats; the scale and c are needed where the
  // beat meets its group. With a single register row between the input and
  // the group stage (the default), hdr_q holds the header of the group of
  // the beat in that row: it was loaded when that group's first beat was
  // taken, and the next group's first beat cannot be taken before this
  // beat leaves the row. So no header rides along the tree then. With more
  // rows the raw header rides along (cuts 1 and 2); with none the stage is
  // the input's.
  localparam integer SideW = HdrW + 1;
  wire [SideW-1:0] side1, side2;
  mxdot_pipe_reg #(.Width(SideW), .Enable(Mask[1] ? 1 : 0)) u_cut1 (
    .clk_i(clk_i), .en_i(cut_en[1]), .d_i({hdr0, last}), .q_o(side1)
  );
  mxdot_pipe_reg #(.Width(SideW), .Enable(Mask[2] ? 1 : 0)) u_cut2 (
    .clk_i(clk_i), .en_i(cut_en[2]), .d_i(side1), .q_o(side2)
  );
  wire [HdrW-1:0] hdr_g = (BeatRows == 1) ? hdr_q : side2[SideW-1:1];
  assign beat_last = side2[0];
  wire [2:0]  g_fa, g_fb, g_rm;
  wire [7:0]  g_xa, g_xb;
  wire [31:0] g_c;
  assign {g_fa, g_fb, g_xa, g_xb, g_c, g_rm} = hdr_g;

  // ---- formats: one-hot selects, shared by the lanes ----
  // A single-format build needs no select (the format is the only one; any
  // other code is rule 0 below).
  wire [5:0] sel_a, sel_b;
  localparam integer FmtLow  = Formats % 256;
  localparam [7:0]   FmtMask = FmtLow[7:0];              // codes 6 and 7 are never carried
  wire       fmt_bad = ~FmtMask[g_fa] | ~FmtMask[g_fb];   // at the group stage
  genvar f;
  generate
    for (f = 0; f < 6; f = f + 1) begin : g_sel
      if (((Formats >> f) & 1) == 0) begin : g_absent
        assign sel_a[f] = 1'b0;
        assign sel_b[f] = 1'b0;
      end else if (NumFmt == 1) begin : g_only
        assign sel_a[f] = 1'b1;
        assign sel_b[f] = 1'b1;
        wire unused_fmt = ^{fa, fb};
      end else begin : g_code
        assign sel_a[f] = (fa == f);
        assign sel_b[f] = (fb == f);
      end
    end
  endgenerate

  // ---- exponent path: scale and accumulator placement (group stage) ----
  wire [9:0]  e_blk;
  wire        scale_nan;
  mxdot_scale #(.QN(QN)) u_scale (.xa_i(g_xa), .xb_i(g_xb), .exp_o(e_blk), .nan_o(scale_nan));

  wire [23:0] c_sig;
  wire [10:0] c_shift, c_exp_a, c_exp_b;
  wire        c_sign, c_zero, c_inf, c_nan, c_snan;
  mxdot_align #(.WS(WS)) u_align (
    .c_i(g_c), .exp_i(e_blk), .sig_o(c_sig), .shift_o(c_shift),
    .exp_a_o(c_exp_a), .exp_b_o(c_exp_b), .sign_o(c_sign), .zero_o(c_zero),
    .inf_o(c_inf), .nan_o(c_nan), .snan_o(c_snan)
  );

  // ---- one beat's sum (cuts 1 and 2 inside) ----
  wire [TreeW-1:0] beat_s, beat_c;
  wire [1:0]       beat_ones;
  wire [FlagW-1:0] beat_flags;
  mxdot_reduce #(.Lanes(Lanes), .Formats(Formats), .QN(QN), .SigW(SigW), .ShW(ShW), .ProdW(ProdW),
                 .FlagW(FlagW), .MidH(MidHeight), .CutMid(Mask[1] ? 1 : 0), .CutRoot(Mask[2] ? 1 : 0)) u_reduce (
    .clk_i(clk_i), .en_mid_i(cut_en[1]), .en_root_i(cut_en[2]),
    .a_i(a), .b_i(b), .keep_i(keep), .sel_a_i(sel_a), .sel_b_i(sel_b),
    .s_o(beat_s), .c_o(beat_c), .ones_o(beat_ones), .flags_o(beat_flags)
  );

  // ---- the group's sum, over its beats ----
  wire [WS-1:0]    sum_mag;
  wire             sum_neg, sum_zero, group_overflow;
  wire [FlagW-1:0] grp_flags;
  mxdot_group #(.TreeW(TreeW), .AccW(AccW), .FlagW(FlagW), .MaxBeats(MaxBeats),
                .HoldSum(HoldSum)) u_group (
    .clk_i(clk_i), .rst_ni(rst_ni), .take_i(take), .last_i(beat_last),
    .s_i(beat_s), .c_i(beat_c), .ones_i(beat_ones), .flags_i(beat_flags),
    .sum_mag_o(sum_mag), .sum_neg_o(sum_neg), .sum_zero_o(sum_zero),
    .flags_o(grp_flags), .overflow_o(group_overflow)
  );
  wire grp_nan, grp_invalid, grp_inf_pos, grp_inf_neg, grp_nonzero, grp_zero_pos,
       grp_zero_neg, grp_kept;
  assign {grp_nan, grp_invalid, grp_inf_pos, grp_inf_neg, grp_nonzero, grp_zero_pos,
          grp_zero_neg, grp_kept} = grp_flags;
  // rule 0 besides a reserved rm: a format not carried, no element, too long
  wire grp_bad = fmt_bad | ~grp_kept | group_overflow;

  // ---- accumulate (cut 3 inside) ----
  wire [W-1:0] acc_mag;
  wire         acc_sign, acc_nan, acc_nv, acc_inf, acc_spec_sign;
  wire [10:0]  acc_exp;
  wire [2:0]   acc_rm;
  mxdot_accumulate #(.WS(WS), .CutMid(Mask[3] ? 1 : 0), .SumHeld(HoldSum)) u_accumulate (
    .clk_i(clk_i), .en_mid_i(cut_en[3]),
    .sum_mag_i(sum_mag), .sum_neg_i(sum_neg), .sum_zero_i(sum_zero),
    .nan_i(grp_nan), .invalid_i(grp_invalid), .inf_pos_i(grp_inf_pos), .inf_neg_i(grp_inf_neg),
    .bad_i(grp_bad), .nonzero_i(grp_nonzero), .zero_pos_i(grp_zero_pos),
    .zero_neg_i(grp_zero_neg), .scale_nan_i(scale_nan),
    .c_sig_i(c_sig), .c_shift_i(c_shift), .c_exp_a_i(c_exp_a),
    .c_exp_b_i(c_exp_b), .c_sign_i(c_sign), .c_zero_i(c_zero),
    .c_inf_i(c_inf), .c_nan_i(c_nan), .c_snan_i(c_snan), .rm_i(g_rm),
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
  mxdot_normalize_round #(.WS(WS), .CutMid(Mask[5] ? 1 : 0)) u_normalize_round (
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
