// SPDX-License-Identifier: Apache-2.0
//
// mxdot_bw - a truncating MX block-scaled dot-product unit that computes, bit
// for bit, what NVIDIA Blackwell's tcgen05.mma kind::mxf8f6f4 (block32, f32
// accumulator) computes as the published model MMA-Sim describes it: the
// `blackwell` preset of ref/mxmodel.h (docs/accuracy.md section 2). It is
// the comparison design of `make synth-compare` (docs/area.md, "What
// exactness costs"): the same ports, parameters and beat protocol as the
// exact unit rtl/mxdot_unit.v, so the same testbench and the same synthesis
// flow apply.
//
// One beat is one chunk (the preset's chunk = Lanes; Lanes = 32 is the GPU's
// chunk and the preset `blackwell` itself, another lane count is the preset
// `blackwell,chunk=<Lanes>`). Per chunk, with c the group's c on its first
// beat and the previous chunk's result on every later beat:
//   1. terms: each kept lane's product (significand Sa*Sb, exponent
//      ea + eb + (xa-127) + (xb-127), subnormal elements at their format's
//      smallest exponent, not normalized) and c (exponent clamped at -126);
//   2. emax = the largest exponent of the non-zero products and of c, where
//      a zero c counts as -133 (a zero product's -133 can never exceed it);
//   3. every term is aligned to emax and cut toward zero 25 fraction bits
//      below it (no guard, no sticky bit); the cut terms are added exactly;
//   4. the sum is truncated to binary32 (round toward zero, subnormals at
//      2^-149), 2^128 and above is +-Inf, every zero is +0.
// NaN (element, scale 0xFF or c) gives 0x7FFFFFFF; Inf x 0 or opposite
// infinities give 0x7FFFFFFF; otherwise an infinite product or c gives that
// infinity. rm is not used (the unit truncates in every mode) except by
// rule 0. flags are always 0, except rule 0: a reserved rm (5-7), a format
// code the build does not carry (INT8 = 5 is never carried: kind::mxf8f6f4
// has no MXINT8; 6, 7 are reserved), a group with no kept lane or a group
// of more than ceil(MaxGroup/Lanes) beats give d = 0x7FFFFFFF, flags = NV
// (the preset's NaN with NV; the exact unit gives 0x7FC00000 there).
//
// A lane whose keep bit is 0 is no term of its beat's chunk. Chunks are
// beats: a group sent with holes (lanes not kept inside it) is chunked by
// its beats, not by 32 consecutive elements (a vector file describes a
// group without holes; synth/conv/bw_directed.c checks groups with holes
// chunk by chunk).
//
// The accumulator loop: the c of a later beat is the result of the beat
// before it, so that beat cannot start its alignment (emax needs c's
// exponent) before the previous one has been truncated. Everything that does
// not depend on c (decode, products, the products' own largest exponent and
// each lane's distance below it) runs ahead at full rate; the loop is the
// rest (c's exponent, the per-lane shift that cuts each term, the tree, the
// sum, normalization and packing). A beat that continues a group is taken
// only LoopRows+1 cycles after the beat before it (in_ready_o low
// meanwhile), LoopRows = the register rows inside the loop (cuts 3 to 5
// below, as Stages places them), so without
// back-pressure a result still comes exactly Stages cycles after the last
// beat; with back-pressure a continuing beat also waits at the loop entry
// while the loop holds its predecessor. Throughput: a group of one beat
// (K <= Lanes) per clock; a group of B beats takes 1 + (B-1)*(LoopRows+1)
// clocks at the input.
//
// Pipeline: seven places can hold a register row ("cuts", in datapath order)
//   0 inputs          (raw beat, group header, first/last/rule-0 bits)
//   1 products        (per lane: product significand, exponent, sign)
//   2 exponents       (per lane: distance below the products' largest exponent; loop entry)
//   3 loop tree       (the chunk's carry-save sum, inside the loop)
//   4 loop sum        (the chunk sum's magnitude and sign, inside the loop)
//   5 normalized      (the 24 bits kept and the exponent, inside the loop)
//   6 outputs         (d, flags)
// Stages picks the cuts (cut_mask below; docs/area.md has the table); cut 6
// is always a register, and the accumulator register is written at the
// same edge; LoopRows counts the cuts 3 to 5 that are registers; Stages > 7
// adds Stages-7 rows after cut 6. Rows 1 and 2 are wide (about 16 bits per
// lane): a unit that aligns to the largest exponent needs that maximum
// before its tree, so the first narrow place is the tree's root.
//
// Handshake as in rtl/mxdot_unit.v: one valid bit per row (asynchronous
// active-low reset), ready[s] = ~valid[s] | ready[s+1]; a beat that is not
// last leaves the loop into the accumulator, a last one needs room in the
// output row.
//
// Bit-exact against ref/mxmodel.c (make test-synth-conv: the co-simulation
// on the MMA-Sim vectors of tests/vectors/ and on generated groups).

`timescale 1ns / 1ps
`default_nettype none
// verilator lint_off DECLFILENAME

module mxdot_bw #(
  parameter integer Lanes    = 32,    // elements per beat = products per chunk (1..128)
  parameter integer Stages   = 5,     // register rows = latency (>= 1)
  parameter integer MaxGroup = 4096,  // longest group in elements
  parameter integer Formats  = 31     // bit f: carries format code f (0 E4M3 .. 4 E2M1; no INT8)
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
  input  wire [2:0]         rm_i,         // rounding mode (first beat; rule 0 only)
  output wire               out_valid_o,
  input  wire               out_ready_i,
  output wire [31:0]        d_o,
  output wire [4:0]         flags_o
);

  // ---- widths ----
  // A product term cut at emax is below 2^TW units of 2^(emax-25) (its
  // significand is below 4 = 2^2, 25 fraction bits kept); c's below 2^26.
  localparam integer Frac   = 25;
  localparam integer TW     = Frac + 2;
  localparam integer MagW   = TW + $clog2(Lanes + 1);   // |chunk sum| < (Lanes+1)*2^TW
  localparam integer W      = MagW + 1;                 // two's complement sum
  localparam integer NW     = (MagW > 33) ? MagW : 33;  // normalization word (see stage 5)
  localparam integer ShW    = $clog2(NW);
  localparam integer MaxBeats = (MaxGroup + Lanes - 1) / Lanes;
  localparam integer CntW   = $clog2(MaxBeats + 2);   // counts to MaxBeats + 1
  localparam integer NumCut = 7;

  // Exponents are 11-bit two's complement, biased by 127 as in binary32, so
  // that c's is its exponent field: Ec + 127 = max(field, 1), and -6
  // (= -133 + 127) for a zero c; the products' largest Ep + 127 =
  // u_max + xa + xb - 155, where u = (ea + 14) + (eb + 14).
  localparam [10:0] ZeroExp = 11'h7FA;     // -6

  // Cut rows for each Stages value (bit i = cut i above).
  function [NumCut-1:0] cut_mask;
    input integer stages;
    begin
      // Depth of the logic between consecutive cuts at Lanes = 32, in
      // cells of synth/cells.lib (Stages = 7, make synth-compare):
      // 13 | 26 | 43 | 43 | 37 | 40 | 11 (inputs to cut 0 ... cut 5 to 6).
      case (stages)
        1:       cut_mask = 7'b1000000;
        2:       cut_mask = 7'b1000100;
        3:       cut_mask = 7'b1010100;
        4:       cut_mask = 7'b1011100;
        5:       cut_mask = 7'b1011110;
        6:       cut_mask = 7'b1111110;
        default: cut_mask = 7'b1111111;
      endcase
    end
  endfunction

  function integer cut_row;          // rows before cut p
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

  localparam [NumCut-1:0] Mask     = cut_mask(Stages);
  localparam integer      NRows    = Stages;
  localparam integer      Extra    = (Stages > NumCut) ? Stages - NumCut : 0;
  localparam integer      PreRows  = cut_row(Mask, 3);       // rows before the loop
  localparam integer      LoopRows = cut_row(Mask, 6) - PreRows;
  localparam integer      OutRow   = PreRows + LoopRows;     // the row of cut 6

  generate
    if (Stages < 1 || Lanes < 1 || Lanes > 128 || MaxGroup < 1 || MaxGroup > 65536
        || (Formats & 31) == 0 || (Formats & ~31) != 0) begin : g_bad_parameters
      mxdot_bw_needs_stages_1_up_lanes_1_to_128_maxgroup_1_to_65536_and_formats_1_to_31 u_error ();
    end
  endgenerate

  // ---- valid/ready chain ----
  reg  [NRows-1:0] valid_q;
  wire [NRows:0]   ready /* verilator split_var */;
  wire [NRows-1:0] valid_in;
  wire [NRows-1:0] load;
  wire             in_block;          // a continuing beat too close behind its predecessor
  wire             ent_valid, ent_first, ent_last, ent_ready, hazard;
  wire             ex_valid, ex_last, exit_ready;
  wire             loop_busy;

  assign ready[NRows] = out_ready_i;
  genvar s;
  generate
    for (s = 0; s < NRows; s = s + 1) begin : g_row
      if (s == 0 && PreRows > 0) begin : g_first
        assign valid_in[s] = in_valid_i & ~in_block;
      end else if (s == PreRows && LoopRows > 0) begin : g_loop_in
        assign valid_in[s] = ent_valid & ~hazard;
      end else if (s == OutRow) begin : g_out_in
        assign valid_in[s] = ex_valid & ex_last;
      end else begin : g_next
        assign valid_in[s] = valid_q[(s > 0) ? s - 1 : 0];
      end
      if (s == PreRows - 1) begin : g_to_loop
        assign ready[s] = ~valid_q[s] | ent_ready;
      end else if (s == OutRow - 1) begin : g_to_exit
        assign ready[s] = ~valid_q[s] | exit_ready;
      end else begin : g_chain
        assign ready[s] = ~valid_q[s] | ready[s + 1];
      end
      assign load[s] = valid_in[s] & ready[s];
      always @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
          valid_q[s] <= 1'b0;
        end else if (ready[s]) begin
          valid_q[s] <= valid_in[s];
        end
      end
    end
    if (PreRows > 0) begin : g_ent_row
      assign ent_valid = valid_q[(PreRows > 0) ? PreRows - 1 : 0];
    end else begin : g_ent_in
      assign ent_valid = in_valid_i & ~in_block;
    end
    if (LoopRows > 0) begin : g_loop_rows
      assign loop_busy  = |valid_q[PreRows +: ((LoopRows > 0) ? LoopRows : 1)];
      assign ex_valid   = valid_q[(OutRow > 0) ? OutRow - 1 : 0];
      assign ent_ready  = ~hazard & ready[PreRows];
    end else begin : g_loop_comb
      assign loop_busy  = 1'b0;
      assign ex_valid   = ent_valid;
      assign ent_ready  = exit_ready;
    end
  endgenerate

  // A continuing beat (not the first of its group) waits at the loop entry
  // while the loop holds a beat: that beat is its predecessor.
  assign hazard     = ~ent_first & loop_busy;
  assign exit_ready = ~ex_last | ready[OutRow];
  assign in_ready_o = ((PreRows > 0) ? ready[0] : ent_ready) & ~in_block;
  assign out_valid_o = valid_q[NRows-1];
  wire acc_we = ex_valid & ~ex_last;   // exit_ready is 1 for a beat that is not last

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

  // ---- the group header and the group's bookkeeping, at the input ----
  localparam integer HdrW = 3 + 3 + 8 + 8 + 32 + 3;
  reg             in_group_q;                 // the last beat taken did not end its group
  reg  [HdrW-1:0] hdr_q;
  reg  [CntW-1:0] beats_q;                    // beats of the current group taken (saturating)
  reg             kept_q;                     // some earlier beat of the group kept a lane
  wire [HdrW-1:0] hdr_in  = {fa_i, fb_i, xa_i, xb_i, c_i, rm_i};
  wire [HdrW-1:0] hdr_eff = in_group_q ? hdr_q : hdr_in;
  wire            in_take = in_valid_i & in_ready_o;
  wire            in_over = in_group_q & (beats_q >= MaxBeats[CntW-1:0]);
  wire            in_kept = (in_group_q & kept_q) | (|in_keep_i);

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      in_group_q <= 1'b0;
      beats_q    <= {CntW{1'b0}};
      kept_q     <= 1'b0;
    end else if (in_take) begin
      in_group_q <= ~in_last_i;
      kept_q     <= in_kept;
      if (!in_group_q) begin
        beats_q <= {{(CntW-1){1'b0}}, 1'b1};
      end else if (beats_q <= MaxBeats[CntW-1:0]) begin
        beats_q <= beats_q + 1'b1;
      end
    end
  end
  always @(posedge clk_i) begin
    if (in_take & ~in_group_q) begin
      hdr_q <= hdr_in;
    end
  end

  // Spacing of a group's beats: without back-pressure, beat n+1 reaches the
  // loop entry LoopRows+1 cycles after beat n, when n has left the loop.
  generate
    if (LoopRows > 0) begin : g_spacing
      localparam integer WaitW = $clog2(LoopRows + 1);
      reg [WaitW-1:0] wait_q;
      always @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
          wait_q <= {WaitW{1'b0}};
        end else if (in_take) begin
          wait_q <= LoopRows[WaitW-1:0];
        end else if (wait_q != {WaitW{1'b0}}) begin
          wait_q <= wait_q - 1'b1;
        end
      end
      assign in_block = in_group_q & (wait_q != {WaitW{1'b0}});
    end else begin : g_no_spacing
      assign in_block = 1'b0;
    end
  endgenerate

  // ---- cut 0: inputs ----
  // side: first, last, over (group too long), kept (some lane kept so far)
  wire [8*Lanes-1:0] a0, b0;
  wire [Lanes-1:0]   keep0;
  wire               first0, last0, over0, kept0;
  wire [2:0]         fa0, fb0, rm0;
  wire [7:0]         xa0, xb0;
  wire [31:0]        c0;
  mxdot_pipe_reg #(.Width(17*Lanes + 4 + HdrW), .Enable(Mask[0] ? 1 : 0)) u_cut0 (
    .clk_i(clk_i), .en_i(cut_en[0]),
    .d_i({a_i, b_i, in_keep_i, ~in_group_q, in_last_i, in_over, in_kept, hdr_eff}),
    .q_o({a0, b0, keep0, first0, last0, over0, kept0, fa0, fb0, xa0, xb0, c0, rm0})
  );

  // ---- stage 1: decode and multiply ----
  localparam integer NumFmt = ((Formats >> 0) & 1) + ((Formats >> 1) & 1) + ((Formats >> 2) & 1)
                            + ((Formats >> 3) & 1) + ((Formats >> 4) & 1);
  localparam integer FmtLow  = Formats % 256;
  localparam [7:0]   FmtMask = FmtLow[7:0];      // codes 5, 6 and 7 are never carried
  wire [4:0] sel_a, sel_b;
  genvar f;
  generate
    for (f = 0; f < 5; f = f + 1) begin : g_sel
      if (((Formats >> f) & 1) == 0) begin : g_absent
        assign sel_a[f] = 1'b0;
        assign sel_b[f] = 1'b0;
      end else if (NumFmt == 1) begin : g_only
        assign sel_a[f] = 1'b1;
        assign sel_b[f] = 1'b1;
      end else begin : g_code
        assign sel_a[f] = (fa0 == f);
        assign sel_b[f] = (fb0 == f);
      end
    end
  endgenerate
  // rule 0 of the group, decided by its header: a code not carried, a reserved rm
  wire hdr_bad0 = ~FmtMask[fa0] | ~FmtMask[fb0] | (rm0 > 3'd4);

  wire [8*Lanes-1:0] l_sig;       // product significand, 6 fraction bits
  wire [6*Lanes-1:0] l_u;         // (ea + 14) + (eb + 14)
  wire [Lanes-1:0]   l_neg, l_nz, l_nan, l_inv, l_pinf, l_ninf;
  genvar i;
  generate
    for (i = 0; i < Lanes; i = i + 1) begin : g_lane
      wire       sa, sb, na, nb, ia, ib, za, zb;
      wire [3:0] ma, mb;
      wire [4:0] ua, ub;
      bw_decode #(.Formats(Formats)) u_da (
        .x_i(a0[8*i +: 8]), .sel_i(sel_a), .sign_o(sa), .sig_o(ma), .exp_o(ua),
        .nan_o(na), .inf_o(ia), .zero_o(za)
      );
      bw_decode #(.Formats(Formats)) u_db (
        .x_i(b0[8*i +: 8]), .sel_i(sel_b), .sign_o(sb), .sig_o(mb), .exp_o(ub),
        .nan_o(nb), .inf_o(ib), .zero_o(zb)
      );
      wire       k   = keep0[i];
      wire [7:0] prd = ma * mb;
      wire       inv = (ia & zb) | (ib & za);
      assign l_sig[8*i +: 8] = prd;
      assign l_u[6*i +: 6]   = {1'b0, ua} + {1'b0, ub};
      assign l_neg[i]  = sa ^ sb;
      // A NaN or infinite lane decides the chunk's result: its sum is unused.
      assign l_nz[i]   = k & (prd != 8'd0);
      assign l_nan[i]  = k & (na | nb);
      assign l_inv[i]  = k & inv;
      assign l_pinf[i] = k & (ia | ib) & ~inv & ~(sa ^ sb);
      assign l_ninf[i] = k & (ia | ib) & ~inv & (sa ^ sb);
    end
  endgenerate

  wire [10:0] sc0 = {3'd0, xa0} + {3'd0, xb0} - 11'd155;   // scales: Ep + 127 = u_max + sc
  wire       scale_nan0 = (xa0 == 8'hFF) | (xb0 == 8'hFF);
  // beat specials: {nan, invalid, +inf, -inf}
  wire [3:0] spec0 = {|l_nan | scale_nan0, |l_inv, |l_pinf, |l_ninf};

  // ---- cut 1: products ----
  localparam integer SideW = 4 + 11 + 32 + 4;    // specials, scales, c, first/last/bad/empty
  wire [8*Lanes-1:0] p1_sig;
  wire [6*Lanes-1:0] p1_u;
  wire [Lanes-1:0]   p1_neg, p1_nz;
  wire [SideW-1:0]   side1;
  wire [SideW-1:0]   side0 = {spec0, sc0, c0, first0, last0, hdr_bad0 | over0, ~kept0};
  mxdot_pipe_reg #(.Width(16*Lanes + SideW), .Enable(Mask[1] ? 1 : 0)) u_cut1 (
    .clk_i(clk_i), .en_i(cut_en[1]),
    .d_i({l_sig, l_u, l_neg, l_nz, side0}), .q_o({p1_sig, p1_u, p1_neg, p1_nz, side1})
  );

  // ---- stage 2: the products' largest exponent, each lane's distance below it ----
  wire [5:0] u_max;
  wire       any_nz;
  bw_max #(.N(Lanes)) u_max_tree (.v_i(p1_u), .en_i(p1_nz), .max_o(u_max), .any_o(any_nz));

  // per lane: the product's significand (0 when it is no term) and its
  // distance below the products' largest exponent
  wire [8*Lanes-1:0] l_s;
  wire [6*Lanes-1:0] l_d;
  generate
    for (i = 0; i < Lanes; i = i + 1) begin : g_dist
      assign l_s[8*i +: 8] = p1_nz[i] ? p1_sig[8*i +: 8] : 8'd0;
      assign l_d[6*i +: 6] = u_max - p1_u[6*i +: 6];
    end
  endgenerate
  wire [3:0]  spec1;
  wire [10:0] sc1;
  wire [31:0] c1;
  wire        first1, last1, bad1, empty1;
  assign {spec1, sc1, c1, first1, last1, bad1, empty1} = side1;
  wire [10:0] ep1 = {5'd0, u_max} + sc1;

  // ---- cut 2: exponents (the loop entry) ----
  localparam integer Side2W = 11 + 1 + 4 + 32 + 4;
  wire [8*Lanes-1:0]  s2;
  wire [6*Lanes-1:0]  d2;
  wire [Lanes-1:0]    neg2;
  wire [10:0]         ep2;
  wire                any2;
  wire [3:0]          spec2;
  wire [31:0]         c2;
  wire                bad2, empty2;
  mxdot_pipe_reg #(.Width(15*Lanes + Side2W), .Enable(Mask[2] ? 1 : 0)) u_cut2 (
    .clk_i(clk_i), .en_i(cut_en[2]),
    .d_i({l_s, l_d, p1_neg, ep1, any_nz, spec1, c1, first1, last1, bad1, empty1}),
    .q_o({s2, d2, neg2, ep2, any2, spec2, c2, ent_first, ent_last, bad2, empty2})
  );

  // ---- stage 3: the loop. c is the group's on a first beat, else the
  // previous chunk's result (the accumulator register). ----
  wire [31:0] acc_q;
  wire [31:0] c_in   = ent_first ? c2 : acc_q;
  wire [7:0]  c_fld  = c_in[30:23];
  wire        c_sign = c_in[31];
  wire        c_zero = (c_in[30:0] == 31'd0);
  wire        c_nan  = (c_fld == 8'hFF) & (c_in[22:0] != 23'd0);
  wire        c_inf  = (c_fld == 8'hFF) & (c_in[22:0] == 23'd0);
  wire [10:0] ec     = c_zero ? ZeroExp : {3'd0, (c_fld == 8'd0) ? 8'd1 : c_fld};
  // emax: the larger of the products' and c's exponents; one of the two is
  // cut by the difference, the other not at all.
  wire [10:0] d_pc   = ep2 - ec;                      // Ep - Ec, |.| < 1024
  wire [10:0] d_cp   = ec - ep2;                      // Ec - Ep
  wire        p_top  = any2 & ~d_pc[10] & (d_pc != 11'd0);
  wire [10:0] emax   = p_top ? ep2 : ec;
  wire [4:0]  sh_p   = (p_top | d_cp[10]) ? 5'd0 : ((d_cp > 11'd27) ? 5'd27 : d_cp[4:0]);
  wire [4:0]  sh_c   = p_top ? ((d_pc > 11'd26) ? 5'd26 : d_pc[4:0]) : 5'd0;
  // Products' signs are flipped by c's sign, so the c term is never
  // negative and the sum's sign is flipped back at the end.
  wire [W*Lanes-1:0] rows;
  wire [Lanes-1:0]   ones;
  generate
    for (i = 0; i < Lanes; i = i + 1) begin : g_cut
      // the product placed 25 bits below emax (its exponent is emax minus away)
      // and cut toward zero: the bits shifted out are dropped
      wire [6:0]    away = {1'b0, d2[6*i +: 6]} + {2'd0, sh_p};
      wire [TW-1:0] full = {s2[8*i +: 8], {(TW-8){1'b0}}};
      wire [TW-1:0] t    = (away < TW[6:0]) ? (full >> away[4:0]) : {TW{1'b0}};
      wire          ng   = neg2[i] ^ c_sign;
      assign rows[W*i +: W] = ng ? ~{{(W-TW){1'b0}}, t} : {{(W-TW){1'b0}}, t};
      assign ones[i]        = ng;                       // ~t + 1 = -t
    end
  endgenerate
  wire [25:0] c_term = c_zero ? 26'd0 : ({(c_fld != 8'd0), c_in[22:0], 2'b00} >> sh_c);

  wire [W-1:0] tree_s, tree_c;
  bw_tree #(.Lanes(Lanes), .W(W)) u_tree (
    .rows_i(rows), .ones_i(ones), .c_i({{(W-26){1'b0}}, c_term}), .s_o(tree_s), .c_o(tree_c)
  );
  // chunk specials with c: {nan, inf, sign of the inf}
  wire pinf3 = spec2[1] | (c_inf & ~c_sign);
  wire ninf3 = spec2[0] | (c_inf & c_sign);
  wire nan3  = spec2[3] | c_nan | spec2[2] | (pinf3 & ninf3);
  wire inf3  = pinf3 | ninf3;

  // ---- cut 3: loop tree ----
  localparam integer Side3W = 11 + 1 + 3 + 3;
  wire [W-1:0] s3, k3;
  wire [10:0]  emax3;
  wire         csign3, nan3q, inf3q, ninf3q, last3, bad3, empty3;
  mxdot_pipe_reg #(.Width(2*W + Side3W), .Enable(Mask[3] ? 1 : 0)) u_cut3 (
    .clk_i(clk_i), .en_i(cut_en[3]),
    .d_i({tree_s, tree_c, emax, c_sign, nan3, inf3, ninf3, ent_last, bad2, empty2}),
    .q_o({s3, k3, emax3, csign3, nan3q, inf3q, ninf3q, last3, bad3, empty3})
  );

  // ---- stage 4: the chunk sum. The tree holds T = S' - 1 (S' the sum with
  // c's sign folded in); sum0 = T, sum1 = T + 1 = S'; |S'| = S' or ~T. ----
  wire [W-1:0] sum0, sum1;
  bw_add #(.Width(W)) u_add (.a_i(s3), .b_i(k3), .sum0_o(sum0), .sum1_o(sum1));
  wire            s_neg = sum1[W-1];
  wire [MagW-1:0] mag4  = s_neg ? ~sum0[MagW-1:0] : sum1[MagW-1:0];
  wire            sign4 = s_neg ^ csign3;
  wire            unused_sum = &{1'b0, sum0[W-1], hazard};

  // ---- cut 4: loop sum ----
  localparam integer Side4W = 11 + 1 + 3 + 3;
  wire [MagW-1:0] mag5;
  wire [10:0]     emax5;
  wire            sign5, nan5, inf5, ninf5;
  wire            last5, bad5, empty5;
  mxdot_pipe_reg #(.Width(MagW + Side4W), .Enable(Mask[4] ? 1 : 0)) u_cut4 (
    .clk_i(clk_i), .en_i(cut_en[4]),
    .d_i({mag4, emax3, sign4, nan3q, inf3q, ninf3q, last3, bad3, empty3}),
    .q_o({mag5, emax5, sign5, nan5, inf5, ninf5, last5, bad5, empty5})
  );

  // ---- stage 5: truncate to binary32. The sum's LSB weighs 2^(E-25), E
  // the unbiased emax (emax5 = E + 127); shifted left by sh, bit NW-1
  // weighs 2^(E-25+NW-1-sh): biased exponent be = emax5 + NW - 26 - sh.
  // The shift stops at lim, where be = 1: below it the result is subnormal
  // (hidden bit 0, quantum 2^-149). lim = emax5 + NW - 27 >= 0 since
  // emax5 >= -6 and NW >= 33. ----
  wire [NW-1:0]  nw = {{(NW-MagW){1'b0}}, mag5};
  wire [ShW:0]   lz;
  wire           mag_zero;
  bw_lzc #(.Width(NW)) u_lzc (.in_i(nw), .cnt_o(lz), .zero_o(mag_zero));
  localparam integer LimOff = NW - 27;
  wire [10:0] lim_w = emax5 + LimOff[10:0];
  localparam integer NWm1 = NW - 1;
  wire [ShW:0] lim  = (lim_w > NWm1[10:0]) ? NWm1[ShW:0] : lim_w[ShW:0];
  wire [ShW:0] sh   = (lz < lim) ? lz : lim;
  wire [NW-1:0] nrm = nw << sh;
  localparam integer BeOff = NW - 26;
  wire [10:0] be    = emax5 + BeOff[10:0] - {{(10-ShW){1'b0}}, sh};
  // the 24 bits kept (23 fraction bits below the hidden one, or a subnormal's)
  wire [23:0] sig5  = nrm[NW-1 -: 24];

  // ---- cut 5: normalized ----
  localparam integer Side5W = 11 + 1 + 3 + 3;
  wire [23:0] sig6;
  wire [10:0] be6;
  wire        sign6, nan6, inf6, ninf6, bad6, empty6;
  wire        unused_low  = &{1'b0, mag_zero, nrm[NW-25:0]};   // truncated away
  mxdot_pipe_reg #(.Width(24 + Side5W), .Enable(Mask[5] ? 1 : 0)) u_cut5 (
    .clk_i(clk_i), .en_i(cut_en[5]),
    .d_i({sig5, be, sign5, nan5, inf5, ninf5, last5, bad5, empty5}),
    .q_o({sig6, be6, sign6, nan6, inf6, ninf6, ex_last, bad6, empty6})
  );

  // ---- stage 6: pack. A sum of zero, or one that truncates to zero, is +0;
  // 2^128 and above is +-Inf. ----
  wire        ovf = sig6[23] & (be6 >= 11'd255);
  reg  [31:0] d6;
  always @* begin
    if (nan6) begin
      d6 = 32'h7FFFFFFF;
    end else if (inf6) begin
      d6 = {ninf6, 31'h7F800000};
    end else if (sig6 == 24'd0) begin
      d6 = 32'h00000000;
    end else if (ovf) begin
      d6 = {sign6, 31'h7F800000};
    end else begin
      d6 = {sign6, sig6[23] ? be6[7:0] : 8'd0, sig6[22:0]};
    end
  end

  // the accumulator: the result of a chunk that is not the group's last
  mxdot_pipe_reg #(.Width(32), .Enable(1)) u_acc (
    .clk_i(clk_i), .en_i(acc_we), .d_i(d6), .q_o(acc_q)
  );

  // ---- cut 6 and any extra rows ----
  wire        rule0 = bad6 | empty6;
  wire [36:0] res   = rule0 ? {32'h7FFFFFFF, 5'h10} : {d6, 5'h00};
  wire [37*(Extra+1)-1:0] out_chain;
  mxdot_pipe_reg #(.Width(37), .Enable(1)) u_cut6 (
    .clk_i(clk_i), .en_i(cut_en[6]), .d_i(res), .q_o(out_chain[36:0])
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

// One element as the unit sees it: sign, a 4-bit significand with 3
// fraction bits (h.mmm; the FP8/FP6/FP4 significands shifted to that grid),
// exp_o = the exponent field clamped at 1, minus the bias, plus 14 (0..30),
// and the special classes. sel_i: one-hot format (bit f = code f).
module bw_decode #(
  parameter integer Formats = 31
) (
  input  wire [7:0] x_i,
  input  wire [4:0] sel_i,
  output reg        sign_o,
  output reg  [3:0] sig_o,
  output reg  [4:0] exp_o,
  output reg        nan_o,
  output reg        inf_o,
  output wire       zero_o
);
  always @* begin
    sign_o = 1'b0;
    sig_o  = 4'd0;
    exp_o  = 5'd0;
    nan_o  = 1'b0;
    inf_o  = 1'b0;
    // E4M3: s e4 m3, bias 7; S.1111.111 is NaN, no infinity
    if (((Formats >> 0) & 1) != 0 && sel_i[0]) begin
      sign_o = x_i[7];
      sig_o  = {|x_i[6:3], x_i[2:0]};
      exp_o  = {1'b0, (x_i[6:3] == 4'd0) ? 4'd1 : x_i[6:3]} + 5'd7;
      nan_o  = (x_i[6:0] == 7'h7F);
    end
    // E5M2: s e5 m2, bias 15; e = 31: Inf (m = 0) or NaN
    if (((Formats >> 1) & 1) != 0 && sel_i[1]) begin
      sign_o = x_i[7];
      sig_o  = {|x_i[6:2], x_i[1:0], 1'b0};
      exp_o  = ((x_i[6:2] == 5'd0) ? 5'd1 : x_i[6:2]) - 5'd1;
      nan_o  = (x_i[6:2] == 5'h1F) & (x_i[1:0] != 2'd0);
      inf_o  = (x_i[6:0] == 7'h7C);
    end
    // E3M2: s e3 m2 in bits 5:0, bias 3
    if (((Formats >> 2) & 1) != 0 && sel_i[2]) begin
      sign_o = x_i[5];
      sig_o  = {|x_i[4:2], x_i[1:0], 1'b0};
      exp_o  = {2'd0, (x_i[4:2] == 3'd0) ? 3'd1 : x_i[4:2]} + 5'd11;
    end
    // E2M3: s e2 m3 in bits 5:0, bias 1
    if (((Formats >> 3) & 1) != 0 && sel_i[3]) begin
      sign_o = x_i[5];
      sig_o  = {|x_i[4:3], x_i[2:0]};
      exp_o  = {3'd0, (x_i[4:3] == 2'd0) ? 2'd1 : x_i[4:3]} + 5'd13;
    end
    // E2M1: s e2 m1 in bits 3:0, bias 1
    if (((Formats >> 4) & 1) != 0 && sel_i[4]) begin
      sign_o = x_i[3];
      sig_o  = {|x_i[2:1], x_i[0], 2'b00};
      exp_o  = {3'd0, (x_i[2:1] == 2'd0) ? 2'd1 : x_i[2:1]} + 5'd13;
    end
  end
  assign zero_o = (sig_o == 4'd0);
endmodule

// Largest of the N 6-bit values v_i whose en_i bit is set (max_o is 0 when
// none is; any_o says whether one is). Not a tree of compare-selects (five
// levels of 6-bit comparators, about 36 cells deep here) but two one-hot
// passes: the largest upper half (3 bits) as the OR over the lanes of their
// one-hot upper halves, then the largest lower half among the lanes whose
// upper half is that one (about 20 cells deep, similar area).
module bw_max #(
  parameter integer N = 32
) (
  input  wire [6*N-1:0] v_i,
  input  wire [N-1:0]   en_i,
  output reg  [5:0]     max_o,
  output wire           any_o
);
  reg [7:0] hi_any, lo_any;
  reg [2:0] hi, lo;
  integer   i, j;
  always @* begin
    hi_any = 8'd0;
    for (i = 0; i < N; i = i + 1) begin
      for (j = 0; j < 8; j = j + 1) begin
        if (en_i[i] && v_i[6*i+3 +: 3] == j[2:0]) hi_any[j] = 1'b1;
      end
    end
    hi = 3'd0;
    for (j = 1; j < 8; j = j + 1) begin
      if (hi_any[j]) hi = j[2:0];
    end
    lo_any = 8'd0;
    for (i = 0; i < N; i = i + 1) begin
      for (j = 0; j < 8; j = j + 1) begin
        if (en_i[i] && v_i[6*i+3 +: 3] == hi && v_i[6*i +: 3] == j[2:0]) lo_any[j] = 1'b1;
      end
    end
    lo = 3'd0;
    for (j = 1; j < 8; j = j + 1) begin
      if (lo_any[j]) lo = j[2:0];
    end
    max_o = {hi, lo};
  end
  assign any_o = |en_i;
endmodule

// The chunk sum in carry-save form: s_o + c_o = sum of the Lanes rows, plus
// one for each set bit of ones_i, plus c_i, minus 1 (mod 2^W). Rows are
// taken as carry-save pairs (2j, 2j+1) at the leaves of a heap of 4:2
// compressors (node n has children 2n, 2n+1; leaves P/2..P-1); each internal
// node takes two of the ones in the free bit 0 of its two carry rows (ones
// 2n-2 and 2n-1); the last two ones go into the two rows after the root:
// a 3:2 with c_i and a 3:2 with all ones (-1), which is free (XNOR and OR).
module bw_tree #(
  parameter integer Lanes = 32,
  parameter integer W     = 34
) (
  input  wire [W*Lanes-1:0] rows_i,
  input  wire [Lanes-1:0]   ones_i,
  input  wire [W-1:0]       c_i,
  output wire [W-1:0]       s_o,
  output wire [W-1:0]       c_o
);
  localparam integer LogP = (Lanes > 2) ? $clog2(Lanes) : 1;
  localparam integer P    = 1 << LogP;
  wire [W*P-1:0] row = {{(W*(P-Lanes)){1'b0}}, rows_i};
  wire [P-1:0]   one = {{(P-Lanes){1'b0}}, ones_i};
  // node n's pair at [W*n +: W]; slot 0 unused
  wire [W*P-1:0] ns /* verilator split_var */;
  wire [W*P-1:0] nc /* verilator split_var */;
  assign ns[W-1:0] = {W{1'b0}};
  assign nc[W-1:0] = {W{1'b0}};
  wire unused_ok = &{1'b0, ns[W-1:0], nc[W-1:0]};
  genvar n;
  generate
    for (n = 1; n < P; n = n + 1) begin : g_node
      if (n >= P / 2) begin : g_leaf
        assign ns[W*n +: W] = row[W*(2*(n - P/2)) +: W];
        assign nc[W*n +: W] = row[W*(2*(n - P/2) + 1) +: W];
      end else begin : g_42
        wire [W-1:0] as = ns[W*(2*n) +: W], ac = nc[W*(2*n) +: W];
        wire [W-1:0] bs = ns[W*(2*n+1) +: W], bc = nc[W*(2*n+1) +: W];
        // two rows of full adders; the carries' bit 0 take ones 2n-2, 2n-1
        wire [W-1:0] x1 = as ^ ac ^ bs;
        wire [W-1:0] c1 = {(as[W-2:0] & ac[W-2:0]) | (bs[W-2:0] & (as[W-2:0] | ac[W-2:0])), one[2*n-2]};
        assign ns[W*n +: W] = x1 ^ bc ^ c1;
        assign nc[W*n +: W] = {(x1[W-2:0] & bc[W-2:0]) | (c1[W-2:0] & (x1[W-2:0] | bc[W-2:0])), one[2*n-1]};
      end
    end
  endgenerate
  // root pair + c_i, then + (-1)
  wire [W-1:0] rs = ns[W +: W], rc = nc[W +: W];
  wire [W-1:0] s1 = rs ^ rc ^ c_i;
  wire [W-1:0] k1 = {(rs[W-2:0] & rc[W-2:0]) | (c_i[W-2:0] & (rs[W-2:0] | rc[W-2:0])), one[P-2]};
  assign s_o = ~(s1 ^ k1);
  assign c_o = {s1[W-2:0] | k1[W-2:0], one[P-1]};
endmodule

// Compound adder: sum0 = a + b, sum1 = a + b + 1 (mod 2^Width), from one
// Sklansky parallel-prefix carry tree (log2(Width) levels).
module bw_add #(
  parameter integer Width = 34
) (
  input  wire [Width-1:0] a_i,
  input  wire [Width-1:0] b_i,
  output wire [Width-1:0] sum0_o,
  output wire [Width-1:0] sum1_o
);
  localparam integer Levels = (Width > 1) ? $clog2(Width) : 1;
  reg [Width-1:0] g, pr, h;
  integer lv, j;
  always @* begin
    h  = a_i ^ b_i;
    g  = a_i & b_i;
    pr = h;
    for (lv = 0; lv < Levels; lv = lv + 1) begin
      for (j = 0; j < Width; j = j + 1) begin
        if (((j >> lv) & 1) == 1) begin
          g[j]  = g[j] | (pr[j] & g[((j >> lv) << lv) - 1]);
          pr[j] = pr[j] & pr[((j >> lv) << lv) - 1];
        end
      end
    end
  end
  assign sum0_o = h ^ {g[Width-2:0], 1'b0};
  assign sum1_o = h ^ {g[Width-2:0] | pr[Width-2:0], 1'b1};
endmodule

// Leading-zero count of a Width-bit vector by halving: cnt_o = zeros above
// the first one (Width when none), zero_o = no one at all.
module bw_lzc #(
  parameter integer Width = 33
) (
  input  wire [Width-1:0]          in_i,
  output reg  [$clog2(Width):0]    cnt_o,
  output wire                      zero_o
);
  localparam integer LogN = $clog2(Width);
  localparam integer N    = 1 << LogN;
  reg [N-1:0] v;
  integer lv;
  always @* begin
    v = {in_i, {(N-Width){1'b0}}};
    cnt_o = {(LogN+1){1'b0}};
    for (lv = LogN - 1; lv >= 0; lv = lv - 1) begin
      if ((v >> (N - (1 << lv))) == {N{1'b0}}) begin
        cnt_o[lv] = 1'b1;
        v = v << (1 << lv);
      end
    end
    if (in_i == {Width{1'b0}}) cnt_o = Width[LogN:0];
  end
  assign zero_o = (in_i == {Width{1'b0}});
endmodule

`default_nettype wire
