// SPDX-License-Identifier: Apache-2.0
//
// mxdot_group - the exact sum of a whole group, beat after beat (C:
// mx_group_add), and its magnitude once the last beat is in (C: the end of
// mx_group_end, before the accumulate).
//
// Each beat arrives from mxdot_reduce as a carry-save pair with two ones,
// s + c + ones = U = S + 2^(TreeW-1), S the beat's sum of products. With
// s' = s - 2^(TreeW-1), which is s with its top bit inverted read as a
// signed TreeW-bit number (s < 2^TreeW), S = s' + c + ones: a sign
// extension, no carry chain.
//
// The group's running sum is kept as acc = G - 1 (AccW bits, two's
// complement), G the sum of the group's beats so far; a group starts from
// acc = -1 (all ones). One beat is a 3:2 row, a half-adder row and the
// compound adder (mxdot_add) that the group needs anyway:
//   (x, y) = 3:2 and half adders (acc, s', c), the ones in their free
//   carry inputs, x + y = G + S - 1; the adder gives x + y and x + y + 1
//   side by side: the next acc and the new G. Nothing is rounded or truncated:
// AccW = ProdW + log2(MaxBeats * P) + 1 bits hold any sum of MaxBeats beats
// of P lanes exactly (every |product| < 2^ProdW), and the arithmetic modulo
// 2^AccW is then exact.
//
// Keeping G - 1 rather than G is the trick of the old single-beat unit's
// -1 row, for free: |G| = G - 1 < 0 ? ~(G - 1) : G needs no negation after
// the adder, and G == 0 exactly when x ^ y is all ones (two numbers add to
// 2^n - 1 only without carries).
//
// HoldSum = 1 (the register row right after this stage, cut 3, exists):
// the magnitude |G| of a finished group is kept in the same register,
// loaded by the group's last beat, instead of in that row: the row after
// needs it only while the group waits there, and the next group's first
// beat does not read it (it starts from -1). The cost is that, while that
// row holds a group it cannot pass on, no beat is taken (the unit's ready
// chain says so: take_i is low). Without the row, |G| leaves at once.
//
// The beats' flags are ORed over the group, and the beats are counted: a
// group of more than MaxBeats beats would not fit AccW and is reported
// (overflow_o: the unit answers it with NaN and NV).

`timescale 1ns / 1ps
`default_nettype none

module mxdot_group #(
  parameter integer TreeW    = 42,
  parameter integer AccW     = 49,
  parameter integer FlagW    = 8,
  parameter integer MaxBeats = 128,
  parameter integer HoldSum  = 0
) (
  input  wire               clk_i,
  input  wire               rst_ni,
  input  wire               take_i,      // a beat is taken this cycle
  input  wire               last_i,      // ... and it ends its group
  input  wire [TreeW-1:0]   s_i,         // the beat (mxdot_reduce)
  input  wire [TreeW-1:0]   c_i,
  input  wire [1:0]         ones_i,
  input  wire [FlagW-1:0]   flags_i,
  output wire [AccW-2:0]    sum_mag_o,   // |G|, G including this beat (HoldSum:
                                         // of the last group finished, registered)
  output wire               sum_neg_o,   // G < 0
  output wire               sum_zero_o,  // G == 0
  output wire [FlagW-1:0]   flags_o,     // OR over the group
  output wire               overflow_o   // more than MaxBeats beats
);

  localparam integer CntW = $clog2(MaxBeats + 2);
  localparam integer    CntMaxI = MaxBeats + 1;
  localparam [CntW-1:0] CntMax  = CntMaxI[CntW-1:0];   // saturates here
  localparam [CntW-1:0] CntLim  = MaxBeats[CntW-1:0];

  // ---- group state ----
  reg               active_q;            // a group has begun (not its last beat)
  reg  [AccW-1:0]   acc_q;               // G - 1 of the beats so far
  reg  [FlagW-1:0]  flags_q;
  reg  [CntW-1:0]   cnt_q;               // beats so far (saturating)

  wire              first  = ~active_q;
  wire [AccW-1:0]   base   = acc_q | {AccW{first}};   // -1 for a new group

  // s' = s - 2^(TreeW-1), sign-extended; c zero-extended (both exact
  // modulo 2^AccW, which is all the sum needs)
  wire              s_top  = ~s_i[TreeW-1];
  wire [AccW-1:0]   s_ext, c_ext;
  generate
    if (AccW > TreeW) begin : g_ext
      assign s_ext = {{(AccW - TreeW + 1){s_top}}, s_i[TreeW-2:0]};
      assign c_ext = {{(AccW - TreeW){1'b0}}, c_i};
    end else begin : g_fit
      assign s_ext = {s_top, s_i[TreeW-2:0]};
      assign c_ext = c_i;
    end
  endgenerate

  // 4:2 compressor (as in mxdot_reduce), modulo 2^AccW: its two inputs of
  // weight 1 take the beat's two ones; with the fourth row 0 it is a 3:2
  // row and a half-adder row.
  function [2*AccW-1:0] add42;
    input [AccW-1:0] as, ac, bs, bc;
    input            ia, ib;
    reg   [AccW-1:0] x, c1;
    reg   [AccW-2:0] m2;
    begin
      x  = (as ^ ac) ^ (bs ^ bc);
      c1 = {(as[AccW-2:0] & ac[AccW-2:0]) | (bs[AccW-2:0] & (as[AccW-2:0] | ac[AccW-2:0])), ia};
      m2 = (x[AccW-2:0] & c1[AccW-2:0]) | (~x[AccW-2:0] & bc[AccW-2:0]);
      add42 = {x ^ c1, m2, ib};
    end
  endfunction

  wire [AccW-1:0]   x, y;                // x + y = G - 1, G including this beat
  assign {x, y} = add42(base, s_ext, c_ext, {AccW{1'b0}}, ones_i[0], ones_i[1]);

  wire [FlagW-1:0]  flags_new = (first ? {FlagW{1'b0}} : flags_q) | flags_i;
  wire [CntW-1:0]   cnt_new   = first ? {{(CntW-1){1'b0}}, 1'b1}
                                      : ((cnt_q == CntMax) ? cnt_q : cnt_q + {{(CntW-1){1'b0}}, 1'b1});

  // ---- the group's magnitude ----
  wire [AccW-1:0] g_m1, g;               // G - 1, G
  wire            unused_cout0, unused_cout1;
  mxdot_add #(.Width(AccW)) u_cpa (
    .a_i(x), .b_i(y), .sum0_o(g_m1), .sum1_o(g),
    .cout0_o(unused_cout0), .cout1_o(unused_cout1)
  );
  wire [AccW-2:0] mag = g_m1[AccW-1] ? ~g_m1[AccW-2:0] : g[AccW-2:0];

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      active_q <= 1'b0;
    end else if (take_i) begin
      active_q <= ~last_i;
    end
  end

  // data registers: no reset (a group's first beat does not read them)
  always @(posedge clk_i) begin
    if (take_i & ~last_i) begin
      flags_q <= flags_new;
      cnt_q   <= cnt_new;
    end
  end
  generate
    if (HoldSum != 0) begin : g_hold
      always @(posedge clk_i) begin
        if (take_i) begin
          acc_q <= last_i ? {1'b0, mag} : g_m1;
        end
      end
      assign sum_mag_o = acc_q[AccW-2:0];
      wire unused_held = acc_q[AccW-1];
    end else begin : g_pass
      always @(posedge clk_i) begin
        if (take_i & ~last_i) begin
          acc_q <= g_m1;
        end
      end
      assign sum_mag_o = mag;
    end
  endgenerate

  assign sum_neg_o  = g[AccW-1];
  assign sum_zero_o = &(x ^ y);
  assign flags_o    = flags_new;
  assign overflow_o = (cnt_new > CntLim);

endmodule

`default_nettype wire
