// SPDX-License-Identifier: Apache-2.0
//
// dp_harness.v - the group sum of the real datapath (every lane's decode
// and product, the beat's carry-save tree, the group stage carrying the sum
// across beats) against spec_prod (spec_elem.v): G = the exact sum of the
// products of the group's kept lanes, over all its beats.
//
// The unit is built with Stages = 1: its only register row is the output,
// so cuts 0-5 are wires and the group stage sees each beat in the cycle it
// is accepted. The group stage's ports (mxdot_group: take_i, |G|, sign,
// zero, flags) and its carried sum acc_q are connected to the peek_* wires
// by the yosys script (connect -set); the unit's own d_o/flags_o are not
// looked at here (rounding is beyond this proof).
//
// Checks (Check bits):
//   1  at every beat the group stage takes: G (|G|, G < 0, G == 0) equals
//      the spec's exact sum of the group so far, for groups with no NaN or
//      infinite element and at most ceil(MaxGroup/Lanes) beats;
//      |G| < 2^WS (the carried width suffices)
//   2  the group's flags: NaN, kept; invalid (Inf x 0) without NaN; +Inf,
//      -Inf products without NaN or Inf x 0; non-zero, +0 and -0 products
//      without NaN or Inf
//   8  the same modulo 2^AccW (what k-induction proves for groups of any
//      length; that no group of at most ceil(MaxGroup/Lanes) beats wraps is
//      the width argument of docs/microarch.md, checked by 1 for one beat)
//   4  helpers for induction: between beats, acc_q = G - 1 (mod 2^AccW),
//      active_q, flags_q, the header latch's in_group_q and formats are
//      the spec's group state
// With a bounded check of 2 steps (reset, one beat) check 1 is a complete
// proof for one-beat groups (3 steps, groups of up to two beats, did not
// finish in 10 minutes); with k-induction, checks 8 and 4 cover groups of
// any length.
// Assumptions: reset in the first cycle; the group's formats are carried.

`default_nettype none

module formal_dp #(
  parameter integer Lanes    = 2,
  parameter integer MaxGroup = 4096,
  parameter integer Formats  = 63,
  parameter integer Check    = 3
) (
  input  wire               clk_i,
  input  wire               rst_ni,
  input  wire               in_valid_i,
  input  wire               in_last_i,
  input  wire [Lanes-1:0]   in_keep_i,
  input  wire [8*Lanes-1:0] a_i,
  input  wire [8*Lanes-1:0] b_i,
  input  wire [2:0]         fa_i,
  input  wire [2:0]         fb_i,
  input  wire [7:0]         xa_i,
  input  wire [7:0]         xb_i,
  input  wire [31:0]        c_i,
  input  wire [2:0]         rm_i,
  input  wire               out_ready_i
);

  // ---- widths: the quantum from SPEC section 1; the carried width as
  // mxdot_unit derives it (a change there shows up as a width mismatch in
  // the yosys script's connect) ----
  function integer fq;                   // smallest step 2^-q of format f
    input integer f;
    begin
      case (f) 0: fq = 9; 1: fq = 16; 2: fq = 4; 3: fq = 3; 4: fq = 1; default: fq = 6; endcase
    end
  endfunction
  function integer ft;                   // |x| < 2^t
    input integer f;
    begin
      case (f) 0: ft = 9; 1: ft = 16; 2: ft = 5; 3: ft = 3; 4: ft = 3; default: ft = 2; endcase
    end
  endfunction
  function integer fmax;                 // max over the carried formats of q (0) or t (1)
    input integer what;
    integer f, v;
    begin
      fmax = 0;
      for (f = 0; f < 6; f = f + 1)
        if (((Formats >> f) & 1) != 0) begin
          v = (what == 0) ? fq(f) : ft(f);
          if (v > fmax) fmax = v;
        end
    end
  endfunction
  localparam integer QN       = fmax(0);
  localparam integer ProdW    = 2 * fmax(1) + 2 * QN;
  localparam integer LogL     = $clog2(Lanes);
  localparam integer MaxBeats = (MaxGroup + Lanes - 1) / Lanes;
  localparam integer AccW     = ProdW + $clog2(MaxBeats << LogL) + 1;
  localparam integer WS       = AccW - 1;
  localparam integer Down     = 32 - 2 * QN;   // spec units 2^-32 -> the unit's grid 2^-2QN
  localparam integer GW       = 100;           // spec sum width (signed)
  localparam integer CntW     = $clog2(MaxBeats + 2);

  wire        in_ready, out_valid;
  wire [31:0] d;
  wire [4:0]  flags;
  mxdot_unit #(.Lanes(Lanes), .Stages(1), .MaxGroup(MaxGroup), .Formats(Formats)) u_dut (
    .clk_i(clk_i), .rst_ni(rst_ni),
    .in_valid_i(in_valid_i), .in_ready_o(in_ready), .in_last_i(in_last_i), .in_keep_i(in_keep_i),
    .a_i(a_i), .b_i(b_i), .fa_i(fa_i), .fb_i(fb_i), .xa_i(xa_i), .xb_i(xb_i), .c_i(c_i),
    .rm_i(rm_i), .out_valid_o(out_valid), .out_ready_i(out_ready_i), .d_o(d), .flags_o(flags)
  );

  // the group stage, connected by the yosys script
  wire            peek_take;
  wire [WS-1:0]   peek_mag;
  wire            peek_neg, peek_zero;
  wire [7:0]      peek_flags;            // {nan, invalid, inf+, inf-, nonzero, zero+, zero-, kept}
  wire [AccW-1:0] peek_acc;
  wire            peek_active;           // mxdot_group's active_q and flags_q (helpers)
  wire [7:0]      peek_gflags;
  wire            peek_in_group;         // mxdot_unit's in_group_q and hdr_q's formats
  wire [5:0]      peek_hdr_fmt;

  reg init = 1'b1;
  always @(posedge clk_i) init <= 1'b0;
  always @* if (init) assume (!rst_ni);

  // ---- the group's formats: its first beat's ----
  reg        active = 1'b0;
  reg  [2:0] g_fa, g_fb;
  wire       accept = rst_ni & in_valid_i & in_ready;
  wire [2:0] fa = active ? g_fa : fa_i;
  wire [2:0] fb = active ? g_fb : fb_i;
  always @* if (!active) assume (fa_i < 3'd6 && fb_i < 3'd6
                                 && ((Formats >> fa_i) & 1) != 0 && ((Formats >> fb_i) & 1) != 0);

  // ---- the spec: this beat's products ----
  wire [65*Lanes-1:0] p;
  wire [Lanes-1:0]    p_sign, p_zero, p_nan, p_inf, p_inv;
  genvar i;
  generate
    for (i = 0; i < Lanes; i = i + 1) begin : g_lane
      spec_prod u_p (.a_i(a_i[8*i +: 8]), .b_i(b_i[8*i +: 8]), .fa_i(fa), .fb_i(fb),
                     .p_o(p[65*i +: 65]), .sign_o(p_sign[i]), .zero_o(p_zero[i]),
                     .nan_o(p_nan[i]), .inf_o(p_inf[i]), .inv_o(p_inv[i]));
    end
  endgenerate
  reg signed [GW-1:0] beat_sum;
  reg [7:0]           beat_flags;
  integer l;
  always @* begin
    beat_sum   = {GW{1'b0}};
    beat_flags = 8'd0;
    for (l = 0; l < Lanes; l = l + 1) begin
      if (in_keep_i[l]) begin
        beat_sum = beat_sum + {{(GW-65){p[65*l+64]}}, p[65*l +: 65]};
        beat_flags = beat_flags | {p_nan[l], p_inv[l], p_inf[l] & ~p_sign[l], p_inf[l] & p_sign[l],
                                   ~p_zero[l], p_zero[l] & ~p_sign[l], p_zero[l] & p_sign[l], 1'b1};
      end
    end
  end

  // ---- the spec: the group so far ----
  reg signed [GW-1:0] g_sum;
  reg [7:0]           g_flags;
  reg [CntW-1:0]      g_cnt;
  wire signed [GW-1:0] sum_now   = (active ? g_sum : {GW{1'b0}}) + beat_sum;
  wire [7:0]           flags_now = (active ? g_flags : 8'd0) | beat_flags;
  wire [CntW-1:0]      cnt_now   = !active ? 1 : ((g_cnt > MaxBeats) ? g_cnt : g_cnt + 1'b1);
  always @(posedge clk_i) begin
    if (!rst_ni) begin
      active <= 1'b0;
    end else if (accept) begin
      active  <= ~in_last_i;
      g_fa    <= fa;
      g_fb    <= fb;
      g_sum   <= sum_now;
      g_flags <= flags_now;
      g_cnt   <= cnt_now;
    end
  end

  // ---- checks ----
  wire                 f_nan = flags_now[7], f_inv = flags_now[6];
  wire                 f_inf = flags_now[5] | flags_now[4];
  wire [GW-1:0]        sum_abs  = sum_now[GW-1] ? -sum_now : sum_now;
  wire [GW-1:0]        mag_spec = sum_abs >> Down;        // exact: Down bits of zeros below
  wire                 in_range = (cnt_now <= MaxBeats) && !f_nan && !f_inf;
  wire [GW-1:0]        g_m1     = (g_sum >>> Down) - 1;   // the carried G - 1
  // helper on the spec's own state: on the unit's grid
  wire [GW-1:0]        g_abs    = g_sum[GW-1] ? -g_sum : g_sum;
  wire                 g_ok     = active && g_cnt <= MaxBeats && !g_flags[7] && !g_flags[5] && !g_flags[4];
  // G as the unit's AccW-bit two's complement, and the spec's, modulo 2^AccW
  wire [AccW-1:0]      g_rtl    = peek_neg ? -{1'b0, peek_mag} : {1'b0, peek_mag};
  wire [GW-1:0]        g_spec   = sum_now >>> Down;
  wire chk = !init && rst_ni;
  always @* begin
    if ((Check & 4) != 0 && chk && g_ok) assert ((g_abs & ((1 << Down) - 1)) == 0);
    if ((Check & 8) != 0 && chk && accept && in_range) begin
      assert ((sum_abs & ((1 << Down) - 1)) == 0);
      // (-2^(AccW-1) has no AccW-1-bit magnitude; no group within MaxBeats reaches it)
      if (g_spec[AccW-1:0] != ({{(AccW-1){1'b0}}, 1'b1} << (AccW - 1)))
        assert (g_rtl == g_spec[AccW-1:0]);
      assert (peek_zero == (g_spec[AccW-1:0] == {AccW{1'b0}}));
    end
    if (chk) assert (peek_take == accept);
    if ((Check & 1) != 0 && chk && accept && in_range) begin
      assert ((sum_abs & ((1 << Down) - 1)) == 0);      // on the unit's grid
      assert (mag_spec < ({{(GW-1){1'b0}}, 1'b1} << WS));
      assert (peek_mag == mag_spec[WS-1:0]);
      assert (peek_neg == (sum_now < 0));
      assert (peek_zero == (sum_now == 0));
    end
    if ((Check & 2) != 0 && chk && accept) begin
      assert (peek_flags[7] == f_nan && peek_flags[0] == flags_now[0]);
      if (!f_nan) assert (peek_flags[6] == f_inv);
      if (!f_nan && !f_inv) assert (peek_flags[5:4] == flags_now[5:4]);
      if (!f_nan && !f_inf) assert (peek_flags[3:1] == flags_now[3:1]);
    end
    if ((Check & 4) != 0 && chk && active && g_cnt <= MaxBeats && !g_flags[7] && !g_flags[5] && !g_flags[4])
      assert (peek_acc == g_m1[AccW-1:0]);
    if ((Check & 4) != 0 && chk) assert (peek_active == active && peek_in_group == active);
    if ((Check & 4) != 0 && chk && active) begin
      assert (g_fa < 3'd6 && g_fb < 3'd6 && ((Formats >> g_fa) & 1) != 0 && ((Formats >> g_fb) & 1) != 0);
      assert (peek_hdr_fmt == {g_fa, g_fb});
    end
    if ((Check & 4) != 0 && chk && active) begin
      assert (peek_gflags[7] == g_flags[7] && peek_gflags[0] == g_flags[0]);
      if (!g_flags[7]) assert (peek_gflags[6] == g_flags[6]);
      if (!g_flags[7] && !g_flags[6]) assert (peek_gflags[5:4] == g_flags[5:4]);
      if (!g_flags[7] && !g_flags[5] && !g_flags[4]) assert (peek_gflags[3:1] == g_flags[3:1]);
    end
  end

  wire unused = ^{d, flags, out_valid, xa_i, xb_i, c_i, rm_i};

endmodule

`default_nettype wire
