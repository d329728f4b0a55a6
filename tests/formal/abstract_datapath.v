// SPDX-License-Identifier: Apache-2.0
//
// abstract_datapath.v - a "transport" abstraction of mxdot_unit's datapath,
// for the protocol proofs (tests/formal/proto_harness.v). Read after the RTL
// with `read_verilog -overwrite`, so that these modules replace the
// arithmetic ones of the same name, port for port:
//
//   replaced: mxdot_decode_mul, mxdot_reduce, mxdot_scale, mxdot_align,
//             mxdot_accumulate, mxdot_normalize_round
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
//   - a lane's NaN flag is keep & b[0] (ORed over the group by the real
//     group stage);
//   - the header (first beat's c, xa, xb, rm, through the real header
//     latch and side band) is carried bit for bit;
//   - d_o/flags_o: d[1:0] = G mod 4 (from the real |G| and sign), d[2] =
//     c[0], d[3] = c[31], d[4] = xa[0], d[5] = xb[0], d[6] = rm[0], d[7] =
//     the group's NaN flag, d[8] = the real rule-0 input bad_i (format not
//     carried, no kept lane, too many beats), d[31:9] = c[23:1], flags_o =
//     {rm[2:1], c[26:24]} (those only for the "stalled output holds" check).

`default_nettype none

module mxdot_decode_mul #(
  parameter integer Formats = 63,
  parameter integer QN      = 16,
  parameter integer SigW    = 7,
  parameter integer ShW     = 5,
  parameter integer ProdW   = 64
) (
  input  wire [7:0]     a_i,
  input  wire [7:0]     b_i,
  input  wire [5:0]     sel_a_i,
  input  wire [5:0]     sel_b_i,
  input  wire           keep_i,
  output wire [ProdW:0] row_o,
  output wire           neg_o,
  output wire           nan_o,
  output wire           invalid_o,
  output wire           inf_pos_o,
  output wire           inf_neg_o,
  output wire           nonzero_o,
  output wire           zero_pos_o,
  output wire           zero_neg_o
);
  // the bias 2^ProdW (no term) plus the lane's one-bit value
  assign row_o      = {1'b1, {(ProdW-1){1'b0}}, keep_i & a_i[0]};
  assign neg_o      = 1'b0;
  assign nan_o      = keep_i & b_i[0];
  assign invalid_o  = 1'b0;
  assign inf_pos_o  = 1'b0;
  assign inf_neg_o  = 1'b0;
  assign nonzero_o  = 1'b0;
  assign zero_pos_o = 1'b0;
  assign zero_neg_o = 1'b0;
  wire unused = ^{a_i[7:1], b_i[7:1], sel_a_i, sel_b_i};
endmodule

module mxdot_reduce #(
  parameter integer Lanes   = 32,
  parameter integer ProdW   = 36,
  parameter integer FlagW   = 8,
  parameter integer MidH    = 1,
  parameter integer CutMid  = 0,
  parameter integer CutRoot = 0
) (
  input  wire                   clk_i,
  input  wire                   en_mid_i,
  input  wire                   en_root_i,
  input  wire [(ProdW+1)*Lanes-1:0] row_i,
  input  wire [Lanes-1:0]       neg_i,
  input  wire [FlagW*Lanes-1:0] flags_i,
  output wire [ProdW+$clog2(Lanes):0] s_o,
  output wire [ProdW+$clog2(Lanes):0] c_o,
  output wire [1:0]             ones_o,
  output wire [FlagW-1:0]       flags_o
);
  localparam integer LogL  = $clog2(Lanes);
  localparam integer TreeW = ProdW + 1 + LogL;
  localparam integer CntW  = LogL + 1;
  // the beat's value: the number of lanes whose row holds a 1 in bit 0
  reg [CntW-1:0]  cnt;
  reg [FlagW-1:0] flag_or;
  integer l;
  always @* begin
    cnt = {CntW{1'b0}};
    flag_or = {FlagW{1'b0}};
    for (l = 0; l < Lanes; l = l + 1) begin
      cnt = cnt + {{(CntW-1){1'b0}}, row_i[(ProdW+1)*l]};
      flag_or = flag_or | flags_i[FlagW*l +: FlagW];
    end
  end
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
  wire unused = ^{neg_i};
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
  parameter integer WS     = 48,
  parameter integer CutMid = 0
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
  // G mod 4 from the real |G| and sign: exact whatever G's upper bits are
  wire [1:0]  g_mod4 = sum_neg_i ? (2'd0 - sum_mag_i[1:0]) : sum_mag_i[1:0];
  // the tag (36 bits): d[8:0] and the bits carried for the hold check
  wire [35:0] tag = {rm_i[2:1], c_shift_i[2:0], c_sig_i[23:1],
                     bad_i, nan_i, rm_i[0], c_exp_a_i[1], c_exp_a_i[0], c_sign_i, c_sig_i[0], g_mod4};
  wire [35:0] tag_q;
  mxdot_pipe_reg #(.Width(36), .Enable(CutMid)) u_mid (
    .clk_i(clk_i), .en_i(en_mid_i), .d_i(tag), .q_o(tag_q)
  );
  assign mag_o       = {{(W-36){1'b0}}, tag_q};
  assign sign_o      = 1'b0;
  assign exp_o       = 11'd0;
  assign rm_o        = 3'd0;
  assign nan_o       = 1'b0;
  assign nv_o        = 1'b0;
  assign inf_o       = 1'b0;
  assign spec_sign_o = 1'b0;
  wire unused = ^{sum_mag_i, sum_zero_i, invalid_i, inf_pos_i, inf_neg_i, nonzero_i,
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
  wire [35:0] tag_q;
  mxdot_pipe_reg #(.Width(36), .Enable(CutMid)) u_mid (
    .clk_i(clk_i), .en_i(en_mid_i), .d_i(mag_i[35:0]), .q_o(tag_q)
  );
  assign d_o     = {tag_q[31:0]};
  assign flags_o = {tag_q[35:32], 1'b0};
  wire unused = ^{mag_i, sign_i, exp_i, rm_i, nan_i, nv_i, inf_i, spec_sign_i};
endmodule

`default_nettype wire
