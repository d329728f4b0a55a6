// SPDX-License-Identifier: Apache-2.0
//
// abstract_datapath.v - a "transport" abstraction of mxdot_unit's datapath,
// for the protocol proofs (tests/formal/proto_harness.v). Read after the RTL
// with `read_verilog -overwrite`, so that these modules replace the
// arithmetic ones of the same name, port for port:
//
//   replaced: mxdot_reduce (with its lanes, mxdot_decode_mul), mxdot_scale,
//             mxdot_align, mxdot_accumulate, mxdot_normalize_round
//   kept (the real RTL): mxdot_unit (the valid/ready chain, the group header
//             latch, the side band and every cut register), mxdot_group (the
//             group stage: first/last, the carried sum, flags OR, beat count
//             and its overflow), mxdot_add, mxdot_pipe_reg
//
// Every register row that a replaced module holds in the RTL (mxdot_reduce's
// CutMid/CutRoot, mxdot_accumulate's and mxdot_normalize_round's CutMid) is
// kept here as the same mxdot_pipe_reg with the same enable, so the pipeline
// depth and timing are those of the RTL. What is replaced is only what a
// row computes: instead of arithmetic it carries a few tag bits that let the
// harness tell every group and every beat apart:
//   - a lane's value is keep & a[0] (0 or 1), a beat's value the number of
//     such lanes, put on the real mxdot_group's carry-save input as the
//     beat sum S (the real group stage adds it into the carried sum G);
//   - a lane's NaN flag is keep & b[0], its "invalid" flag keep & (a's
//     format select bit 0 | b's select bit 1) (both ORed over the group by
//     the real group stage);
//   - the header (c, xa, xb, rm at the group stage) is carried bit for bit;
//   - d_o/flags_o: d[1:0] = G mod 4 (from the real |G| and sign), d[2] =
//     c[0], d[3] = c[31], d[4] = xa[0], d[5] = xb[0], d[6] = rm[0], d[7] =
//     the group's NaN flag, d[8] = the real rule-0 input bad_i (format not
//     carried, no kept lane, too many beats), d[9] = the group's "invalid"
//     flag, d[31:10] = c[23:2], flags_o = {rm[2:1], c[26:24]} (those last
//     only for the "stalled output holds" check).
// The header reaches the replaced modules as the RTL routes it (the group
// stage's copy: hdr_q or the side band); the lanes' format selects through
// the "invalid" flag.

`default_nettype none

module mxdot_reduce #(
  parameter integer Lanes   = 32,
  parameter integer Formats = 1,
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
  input  wire [8*Lanes-1:0]     a_i,
  input  wire [8*Lanes-1:0]     b_i,
  input  wire [Lanes-1:0]       keep_i,
  input  wire [5:0]             sel_a_i,
  input  wire [5:0]             sel_b_i,
  output wire [ProdW+$clog2(Lanes):0] s_o,
  output wire [ProdW+$clog2(Lanes):0] c_o,
  output wire [1:0]             ones_o,
  output wire [FlagW-1:0]       flags_o    // {nan, fsel, 5 x 0, kept}
);
  localparam integer LogL  = $clog2(Lanes);
  localparam integer TreeW = ProdW + 1 + LogL;
  localparam integer CntW  = LogL + 1;
  // the beat's value: the number of kept lanes with a[0] set; its flags:
  // NaN = a kept lane with b[0] set, kept = any kept lane
  reg [CntW-1:0] cnt;
  reg            nan;
  integer l;
  always @* begin
    cnt = {CntW{1'b0}};
    nan = 1'b0;
    for (l = 0; l < Lanes; l = l + 1) begin
      cnt = cnt + {{(CntW-1){1'b0}}, keep_i[l] & a_i[8*l]};
      nan = nan | (keep_i[l] & b_i[8*l]);
    end
  end
  // the lanes' format selects, seen through the "invalid" flag: a kept
  // lane sets it when a's select bit 0 or b's select bit 1 is set
  wire             fsel = (|keep_i) & (sel_a_i[0] | sel_b_i[1]);
  wire [FlagW-1:0] flag_or = {nan, fsel, {(FlagW-3){1'b0}}, |keep_i};
  wire [CntW-1:0]  cnt_mid, cnt_root;
  wire [FlagW-1:0] flags_mid;
  // the two register rows of the real tree, with the same enables
  mxdot_pipe_reg #(.Width(CntW + FlagW), .Enable(CutMid)) u_mid (
    .clk_i(clk_i), .en_i(en_mid_i), .d_i({cnt, flag_or}), .q_o({cnt_mid, flags_mid})
  );
  mxdot_pipe_reg #(.Width(CntW + FlagW), .Enable(CutRoot)) u_root (
    .clk_i(clk_i), .en_i(en_root_i), .d_i({cnt_mid, flags_mid}), .q_o({cnt_root, flags_o})
  );
  // s + c + ones = S + 2^(TreeW-1), as the real tree delivers it
  assign s_o    = {1'b1, {(TreeW-1-CntW){1'b0}}, cnt_root};
  assign c_o    = {TreeW{1'b0}};
  assign ones_o = 2'b00;
  wire unused = ^{sel_a_i[5:1], sel_b_i[5:2], sel_b_i[0]};
endmodule

module mxdot_scale #(
  parameter integer QN = 9
) (
  input  wire [7:0] xa_i,
  input  wire [7:0] xb_i,
  output wire [9:0] exp_o,
  output wire       nan_o
);
  assign exp_o = {xb_i[7:4], xa_i[7:4], xb_i[0], xa_i[0]};
  assign nan_o = 1'b0;
  wire unused = ^{xa_i[3:1], xb_i[3:1]};
endmodule

module mxdot_align #(
  parameter integer WS = 41
) (
  input  wire [31:0] c_i,
  input  wire [9:0]  exp_i,
  output wire [23:0] sig_o,
  output wire [10:0] shift_o,
  output wire [10:0] exp_a_o,
  output wire [10:0] exp_b_o,
  output wire        sign_o,
  output wire        zero_o,
  output wire        inf_o,
  output wire        nan_o,
  output wire        snan_o
);
  assign sig_o   = c_i[23:0];
  assign shift_o = {4'd0, c_i[30:24]};
  assign exp_a_o = {1'b0, exp_i};
  assign exp_b_o = 11'd0;
  assign sign_o  = c_i[31];
  assign zero_o  = 1'b0;
  assign inf_o   = 1'b0;
  assign nan_o   = 1'b0;
  assign snan_o  = 1'b0;
endmodule

module mxdot_accumulate #(
  parameter integer WS      = 48,
  parameter integer CutMid  = 0,
  parameter integer SumHeld = 0
) (
  input  wire                      clk_i,
  input  wire                      en_mid_i,
  input  wire [WS-1:0]             sum_mag_i,
  input  wire                      sum_neg_i,
  input  wire                      sum_zero_i,
  input  wire                      nan_i,
  input  wire                      invalid_i,
  input  wire                      inf_pos_i,
  input  wire                      inf_neg_i,
  input  wire                      bad_i,
  input  wire                      nonzero_i,
  input  wire                      zero_pos_i,
  input  wire                      zero_neg_i,
  input  wire                      scale_nan_i,
  input  wire [23:0]               c_sig_i,
  input  wire [10:0]               c_shift_i,
  input  wire [10:0]               c_exp_a_i,
  input  wire [10:0]               c_exp_b_i,
  input  wire                      c_sign_i,
  input  wire                      c_zero_i,
  input  wire                      c_inf_i,
  input  wire                      c_nan_i,
  input  wire                      c_snan_i,
  input  wire [2:0]                rm_i,
  output wire [WS+52:0]            mag_o,
  output wire                      sign_o,
  output wire [10:0]               exp_o,
  output wire [2:0]                rm_o,
  output wire                      nan_o,
  output wire                      nv_o,
  output wire                      inf_o,
  output wire                      spec_sign_o
);
  localparam integer W = WS + 53;
  // the row of the RTL: everything but |S| (which bypasses it when
  // mxdot_group already holds it: SumHeld), and |S| in its own row
  wire [35:0] side = {rm_i[2:1], c_shift_i[2:0], c_sig_i[23:2], invalid_i,
                      bad_i, nan_i, rm_i[0], c_exp_a_i[1], c_exp_a_i[0], c_sign_i, c_sig_i[0],
                      sum_neg_i};
  wire [35:0] side_q;
  wire [1:0]  mag_q;
  mxdot_pipe_reg #(.Width(36), .Enable(CutMid)) u_mid (
    .clk_i(clk_i), .en_i(en_mid_i), .d_i(side), .q_o(side_q)
  );
  mxdot_pipe_reg #(.Width(2), .Enable((CutMid != 0 && SumHeld == 0) ? 1 : 0)) u_mid_sum (
    .clk_i(clk_i), .en_i(en_mid_i), .d_i(sum_mag_i[1:0]), .q_o(mag_q)
  );
  // G mod 4 from the real |G| and sign: exact whatever G's upper bits are
  wire [1:0]  g_mod4 = side_q[0] ? (2'd0 - mag_q) : mag_q;
  // the tag (37 bits = d_o, flags_o)
  assign mag_o       = {{(W-37){1'b0}}, side_q[35:1], g_mod4};
  assign sign_o      = 1'b0;
  assign exp_o       = 11'd0;
  assign rm_o        = 3'd0;
  assign nan_o       = 1'b0;
  assign nv_o        = 1'b0;
  assign inf_o       = 1'b0;
  assign spec_sign_o = 1'b0;
  wire unused = ^{sum_mag_i, sum_zero_i, inf_pos_i, inf_neg_i, nonzero_i,
                  zero_pos_i, zero_neg_i, scale_nan_i, c_shift_i, c_exp_a_i, c_exp_b_i,
                  c_zero_i, c_inf_i, c_nan_i, c_snan_i};
endmodule

module mxdot_normalize_round #(
  parameter integer WS     = 48,
  parameter integer CutMid = 0
) (
  input  wire                  clk_i,
  input  wire                  en_mid_i,
  input  wire [WS+52:0]        mag_i,
  input  wire                  sign_i,
  input  wire [10:0]           exp_i,
  input  wire [2:0]            rm_i,
  input  wire                  nan_i,
  input  wire                  nv_i,
  input  wire                  inf_i,
  input  wire                  spec_sign_i,
  output wire [31:0]           d_o,
  output wire [4:0]            flags_o
);
  wire [36:0] tag_q;
  mxdot_pipe_reg #(.Width(37), .Enable(CutMid)) u_mid (
    .clk_i(clk_i), .en_i(en_mid_i), .d_i(mag_i[36:0]), .q_o(tag_q)
  );
  assign d_o     = tag_q[31:0];
  assign flags_o = tag_q[36:32];
  wire unused = ^{mag_i, sign_i, exp_i, rm_i, nan_i, nv_i, inf_i, spec_sign_i};
endmodule

`default_nettype wire
