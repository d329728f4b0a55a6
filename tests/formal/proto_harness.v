// SPDX-License-Identifier: Apache-2.0
//
// proto_harness.v - the beat and group protocol of mxdot_unit (PORTS.md,
// SPEC section 4), as properties on its ports, for yosys 0.23 read_verilog
// -formal. The unit's datapath is the transport abstraction of
// abstract_datapath.v (see there: what stays real, what is replaced), so
// that d_o carries, for each group, G mod 4 (the sum of its beats' one-bit
// lane-0 values), its first beat's header bits, the OR of a lane flag and
// the rule-0 bit.
//
// The harness keeps a scoreboard written from the port protocol alone:
//   - the group being received (first beat's header bits, sum mod 4 of the
//     beats' values, OR of the flags, kept lanes, beat count), cleared by
//     reset;
//   - a FIFO of completed groups (pushed when a last beat is accepted)
//     with the tag each must come out with, its age in cycles and whether
//     out_ready was ever low since it was accepted.
// Properties (each an `assert`; the run proves them all at once):
//   P1 one result per group, in order, none lost, duplicated or invented:
//      an output while valid is the head of the FIFO, tag for tag (sum of
//      the group's beats: no beat lost, duplicated or moved across a group
//      boundary; header of the group's first beat: later beats' header
//      inputs ignored; group flags ORed from the group's own beats only;
//      rule 0 for a format not carried, no kept lane, more than
//      ceil(MaxGroup/Lanes) beats)
//   P2 in flight: at most Stages completed groups are in the unit
//   P3 a stalled output holds out_valid, d_o and flags_o
//   P4 reset: out_valid is low during reset and in the cycle after it; a
//      group cut by reset is dropped (the scoreboard forgets it)
//   P5 in_ready: high whenever out_ready is high (no bubble); low only when
//      the output holds a result that is not taken
//   P6 latency: a group comes out exactly Stages cycles after its last
//      beat when out_ready stayed high, never earlier
// Assumptions: reset in the first cycle; lanes >= ValLanes carry a[0] = b[0]
// = 0 (every lane's keep stays free, unless KeepLanes > 0). Reset may come
// at any cycle.

`default_nettype none

module formal_proto #(
  parameter integer Lanes    = 8,
  parameter integer Stages   = 5,
  parameter integer MaxGroup = 4096,
  parameter integer Formats  = 63,
  parameter integer ValLanes = 1,
  parameter integer Check    = 63,    // bit n-1: prove Pn (a run may prove a subset)
  parameter integer TagMask  = 1023,   // the tag bits P1 compares
  parameter integer BeatMax  = 3,     // beats that may wait before the group stage (cuts 0-2)
  parameter integer KeepLanes = 0     // > 0: lanes >= KeepLanes take lane KeepLanes-1's keep bit
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

  wire        in_ready, out_valid;
  wire [31:0] d;
  wire [4:0]  flags;

  // the keep bits the unit sees (KeepLanes > 0: the upper lanes share one,
  // so that a 128-lane unit's cut-0 row holds few distinct keep bits)
  wire [Lanes-1:0] keep;
  genvar k;
  generate
    for (k = 0; k < Lanes; k = k + 1) begin : g_keep
      if (KeepLanes > 0 && k >= KeepLanes) begin : g_shared
        assign keep[k] = in_keep_i[KeepLanes - 1];
      end else begin : g_own
        assign keep[k] = in_keep_i[k];
      end
    end
  endgenerate

  mxdot_unit #(.Lanes(Lanes), .Stages(Stages), .MaxGroup(MaxGroup), .Formats(Formats)) u_dut (
    .clk_i(clk_i), .rst_ni(rst_ni),
    .in_valid_i(in_valid_i), .in_ready_o(in_ready), .in_last_i(in_last_i), .in_keep_i(keep),
    .a_i(a_i), .b_i(b_i), .fa_i(fa_i), .fb_i(fb_i), .xa_i(xa_i), .xb_i(xb_i), .c_i(c_i),
    .rm_i(rm_i), .out_valid_o(out_valid), .out_ready_i(out_ready_i), .d_o(d), .flags_o(flags)
  );

  localparam integer MaxBeats = (MaxGroup + Lanes - 1) / Lanes;
  localparam integer CntW     = $clog2(MaxBeats + 2);
  localparam integer Depth    = Stages + 1;              // one more than allowed: P2 sees it
  localparam integer AgeW     = $clog2(Stages + 2);
  localparam integer TagW     = 10;

  // ---- assumptions ----
  reg init = 1'b1;
  always @(posedge clk_i) init <= 1'b0;
  always @* if (init) assume (!rst_ni);
  genvar l;
  generate
    for (l = ValLanes; l < Lanes; l = l + 1) begin : g_quiet
      always @* assume (a_i[8*l] == 1'b0 && b_i[8*l] == 1'b0);
    end
  endgenerate

  // ---- the scoreboard ----
  // accept/taken: a beat enters, a result leaves (reset drops both)
  wire accept = rst_ni & in_valid_i & in_ready;
  wire taken  = rst_ni & out_valid & out_ready_i;
  // The group stage's take (mxdot_group take_i), connected by the yosys
  // script (connect -set): it says only WHEN the unit consumes its oldest
  // waiting beat; WHAT that beat is comes from the ports (the beat queue
  // below). This splits the proof at the group stage: the beats' values are
  // counted where the unit counts them, so the scoreboard's counters equal
  // the unit's (no offset relation for the prover to find).
  wire peek_take;
  // Optional helpers (Check bit 64): the group stage's state, connected the
  // same way, asserted equal to the scoreboard's (proven like the rest; they
  // only spare the prover from finding these equalities itself).
  wire            peek_active;
  wire [CntW-1:0] peek_cnt;
  wire [1:0]      peek_acc;              // G - 1 mod 4 of the group so far

  function carried;                      // the build carries format code f
    input [2:0] f;
    begin
      carried = (f < 3'd6) && (((Formats >> f) & 1) != 0);
    end
  endfunction

  // this beat at the ports: value (kept lanes with a[0] set), NaN flag (a
  // kept lane with b[0] set), any kept lane
  reg [1:0] beat_val;
  reg       beat_nan;
  integer   i;
  always @* begin
    beat_val = 2'd0;
    beat_nan = 1'b0;
    for (i = 0; i < Lanes; i = i + 1) begin
      beat_val = beat_val + {1'b0, keep[i] & a_i[8*i]};
      beat_nan = beat_nan | (keep[i] & b_i[8*i]);
    end
  end

  // the group's header: its first beat's (c[0], c[31], xa[0], xb[0],
  // rm[0]; formats carried; the lanes' select of format 0 for a or 1 for b)
  localparam integer NumFmt = ((Formats >> 0) & 1) + ((Formats >> 1) & 1) + ((Formats >> 2) & 1)
                            + ((Formats >> 3) & 1) + ((Formats >> 4) & 1) + ((Formats >> 5) & 1);
  wire       sel_now = (carried(3'd0) && (NumFmt == 1 || fa_i == 3'd0))
                     | (carried(3'd1) && (NumFmt == 1 || fb_i == 3'd1));
  reg        rx_active = 1'b0;           // a group has begun at the ports
  reg  [6:0] rx_hdr;
  wire [6:0] hdr_now = rx_active ? rx_hdr
                     : {sel_now, ~carried(fa_i) | ~carried(fb_i), rm_i[0], xb_i[0], xa_i[0], c_i[31], c_i[0]};
  always @(posedge clk_i) begin
    if (!rst_ni) begin
      rx_active <= 1'b0;
    end else if (accept) begin
      rx_active <= ~in_last_i;
      rx_hdr    <= hdr_now;
    end
  end

  // beats accepted and not yet taken by the group stage: a shift queue,
  // head at 0; a beat accepted and taken in the same cycle bypasses it
  localparam integer BW = 12;            // {last, kept, nan, val[1:0], hdr[6:0]}
  wire [BW-1:0] beat_in = {in_last_i, |keep, beat_nan, beat_val, hdr_now};
  reg  [BW-1:0] bq [0:BeatMax];
  reg  [3:0]    bq_n = 4'd0;
  wire          bq_empty = (bq_n == 4'd0);
  wire          take     = rst_ni & peek_take;
  wire [BW-1:0] head     = bq_empty ? beat_in : bq[0];
  wire          take_ok  = ~bq_empty | accept;        // there is a beat to take
  wire          bq_pop   = take & ~bq_empty;
  wire          bq_push  = accept & ~(take & bq_empty);
  wire [3:0]    bq_n_next = bq_n - {3'd0, bq_pop} + {3'd0, bq_push};
  integer       e;
  always @(posedge clk_i) begin
    if (!rst_ni) begin
      bq_n <= 4'd0;
    end else begin
      for (e = 0; e <= BeatMax; e = e + 1) begin
        if (bq_push && e == bq_n - {3'd0, bq_pop}) bq[e] <= beat_in;
        else if (bq_pop && e < BeatMax) bq[e] <= bq[e + 1];
      end
      bq_n <= (bq_n_next > BeatMax + 1) ? BeatMax[3:0] + 4'd1 : bq_n_next;
    end
  end

  // the group stage's view: the group being summed, from the taken beats
  reg             gs_active = 1'b0;
  reg  [1:0]      gs_sum;
  reg             gs_nan, gs_kept, gs_sel;
  reg  [CntW-1:0] gs_cnt;
  wire            h_last = head[11], h_kept = head[10], h_nan = head[9];
  wire [1:0]      h_val  = head[8:7];
  wire [6:0]      h_hdr  = head[6:0];
  wire            sel_g  = (gs_active & gs_sel) | (h_kept & h_hdr[6]);
  wire [1:0]      sum_now  = (gs_active ? gs_sum : 2'd0) + h_val;
  wire            nan_now  = (gs_active & gs_nan) | h_nan;
  wire            kept_now = (gs_active & gs_kept) | h_kept;
  wire [CntW-1:0] cnt_now  = ~gs_active ? {{(CntW-1){1'b0}}, 1'b1}
                           : ((gs_cnt > MaxBeats) ? gs_cnt : gs_cnt + 1'b1);
  wire            bad_now  = h_hdr[5] | ~kept_now | (cnt_now > MaxBeats);
  // the group's expected tag, d[8:0] (G mod 4 is don't-care under rule 0)
  wire [TagW-1:0] tag_now  = {sel_g, bad_now, nan_now, h_hdr[4:0], bad_now ? 2'd0 : sum_now};
  always @(posedge clk_i) begin
    if (!rst_ni) begin
      gs_active <= 1'b0;
    end else if (take) begin
      gs_active <= ~h_last;
      gs_sum    <= sum_now;
      gs_nan    <= nan_now;
      gs_kept   <= kept_now;
      gs_sel    <= sel_g;
      gs_cnt    <= cnt_now;
    end
  end

  // groups summed and not yet delivered, with their tags (head at 0)
  reg  [TagW-1:0] q_tag [0:Depth-1];
  reg  [3:0]      q_n = 4'd0;
  wire            q_push = take & h_last;
  wire            q_pop  = taken & (q_n != 4'd0);
  wire [3:0]      q_n_next = q_n - {3'd0, q_pop} + {3'd0, q_push};
  always @(posedge clk_i) begin
    if (!rst_ni) begin
      q_n <= 4'd0;
    end else begin
      for (e = 0; e < Depth; e = e + 1) begin
        if (q_push && e == q_n - {3'd0, q_pop}) q_tag[e] <= tag_now;
        else if (q_pop && e < Depth - 1) q_tag[e] <= q_tag[e + 1];
      end
      q_n <= (q_n_next > Depth) ? Depth[3:0] : q_n_next;
    end
  end

  // groups whose last beat was accepted and not yet delivered, at the
  // ports: age in cycles, and whether out_ready was low since (P2, P6)
  reg  [AgeW-1:0] f_age   [0:Depth-1];
  reg             f_stall [0:Depth-1];
  reg  [3:0]      f_n = 4'd0;
  wire            f_push = accept & in_last_i;
  wire            f_pop  = taken & (f_n != 4'd0);
  wire [3:0]      f_n_next = f_n - {3'd0, f_pop} + {3'd0, f_push};
  always @(posedge clk_i) begin
    if (!rst_ni) begin
      f_n <= 4'd0;
    end else begin
      for (e = 0; e < Depth; e = e + 1) begin
        if (f_push && e == f_n - {3'd0, f_pop}) begin
          f_age[e]   <= 1;
          f_stall[e] <= ~out_ready_i;
        end else if (f_pop && e < Depth - 1) begin
          f_age[e]   <= (f_age[e + 1] > Stages) ? f_age[e + 1] : f_age[e + 1] + 1'b1;
          f_stall[e] <= f_stall[e + 1] | ~out_ready_i;
        end else begin
          f_age[e]   <= (f_age[e] > Stages) ? f_age[e] : f_age[e] + 1'b1;
          f_stall[e] <= f_stall[e] | ~out_ready_i;
        end
      end
      f_n <= (f_n_next > Depth) ? Depth[3:0] : f_n_next;
    end
  end

  // ---- properties ----
  reg        was_rst = 1'b1;              // reset was asserted in the previous cycle
  reg        was_stall = 1'b0;            // an output was offered and not taken
  reg [36:0] was_out;
  always @(posedge clk_i) begin
    was_rst   <= ~rst_ni;
    was_stall <= rst_ni & out_valid & ~out_ready_i;
    was_out   <= {d, flags};
  end

  wire [TagW-1:0] out_tag = {d[9:2], d[8] ? 2'd0 : d[1:0]};

  wire chk = !init && rst_ni;
  always @* begin
    // P4 reset
    if ((Check & 8) != 0 && !init && (!rst_ni || was_rst)) assert (!out_valid);
    // P1 beats: the group stage takes only accepted beats, and none is
    // left waiting beyond the rows in front of it
    if ((Check & 1) != 0 && chk && take) assert (take_ok);
    if ((Check & 1) != 0 && chk) assert (bq_n <= BeatMax);
    // helpers: the group stage's state is the scoreboard's
    if ((Check & 64) != 0 && chk) assert (peek_active == gs_active);
    if ((Check & 64) != 0 && chk && gs_active) assert (peek_cnt == gs_cnt);
    if ((Check & 64) != 0 && chk && gs_active) assert (peek_acc + 2'd1 == gs_sum);
    // P1 groups: nothing invented, one per group, in order, the right one
    if ((Check & 1) != 0 && chk && out_valid) assert (q_n != 4'd0);
    if ((Check & 1) != 0 && chk && out_valid && q_n != 4'd0)
      assert (((out_tag ^ q_tag[0]) & TagMask[TagW-1:0]) == {TagW{1'b0}});
    // P2 in flight
    if ((Check & 2) != 0 && chk) assert (f_n <= Stages);
    if ((Check & 2) != 0 && chk && out_valid) assert (f_n != 4'd0);
    // P3 a stalled output holds
    if ((Check & 4) != 0 && chk && was_stall) assert (out_valid && {d, flags} == was_out);
    // P5 handshake relations
    if ((Check & 16) != 0 && chk && out_ready_i) assert (in_ready);
    if ((Check & 16) != 0 && chk && !in_ready) assert (out_valid && !out_ready_i);
    // P6 latency
    if ((Check & 32) != 0 && chk && out_valid && f_n != 4'd0) assert (f_age[0] >= Stages);
    if ((Check & 32) != 0 && chk && f_n != 4'd0 && f_age[0] == Stages && !f_stall[0]) assert (out_valid);
  end

endmodule

`default_nettype wire
