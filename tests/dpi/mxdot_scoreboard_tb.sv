// SPDX-License-Identifier: Apache-2.0
//
// mxdot_scoreboard_tb - a SystemVerilog scoreboard that checks mxdot_unit
// against the C reference through DPI-C (ref/sv/mxdot_pkg.sv): the example
// of docs/api.md ("SystemVerilog DPI-C"), run under Verilator by `make
// test` (step dpi-scoreboard).
//
// The stimulus side drives random groups as beats: lengths from 1 to 4096
// elements (mostly a few beats), every format pair (now and then one the
// build does not carry, or a reserved code), random holes (unkept lanes,
// with random bytes in them), partial and all-empty last beats, groups with
// no kept lane, random header inputs on later beats, input gaps, output
// stalls, and now and then a reset in mid-stream.
// The scoreboard side sees only the unit's ports. On each beat that moves
// it feeds the reference: a group's first beat opens a streaming state
// (mx_ref_begin), every beat is added (mx_ref_add_beat); at the last beat
// the expected result is mx_ref_end (a one-beat group is also computed in
// one call, mx_ref_beat, and the two must agree), and mx_unit_rule0 adds
// what the reference cannot know about this build (formats not carried,
// too many beats). Results are compared in order. A reset empties the
// queue of expected results; after it no result may come out.
//
// Plusargs: +groups=N (default 20000) +seed=S (default 1). Parameters:
// Lanes, Stages, MaxGroup, Formats (those of the unit). Ends with
// "N passed, N failed" (one count per group, and per protocol error);
// $fatal (non-zero exit status) on any failure.

`timescale 1ns / 1ps

module mxdot_scoreboard_tb;
  import mxdot_pkg::*;

  parameter int Lanes    = 8;
  parameter int Stages   = 5;
  parameter int MaxGroup = 4096;
  parameter int Formats  = 63;

  localparam int MaxBeats = (MaxGroup + Lanes - 1) / Lanes;
  localparam int MaxK     = (MaxBeats * Lanes < MX_K_MAX) ? MaxBeats * Lanes : MX_K_MAX;

  // ---- the unit ----
  logic               clk = 1'b0;
  /* verilator lint_off SYNCASYNCNET */  // the unit resets asynchronously, the scoreboard at the edge
  logic               rst_n = 1'b0;
  /* verilator lint_on SYNCASYNCNET */
  logic               in_valid = 1'b0;
  logic               in_ready;
  logic               in_last = 1'b0;
  logic [Lanes-1:0]   in_keep = '0;
  logic [8*Lanes-1:0] a = '0, b = '0;
  logic [2:0]         fa = 3'd0, fb = 3'd0, rm = 3'd0;
  logic [7:0]         xa = 8'd0, xb = 8'd0;
  logic [31:0]        c = 32'd0;
  logic               out_valid;
  logic               out_ready = 1'b0;
  logic [31:0]        d;
  logic [4:0]         flags;

  mxdot_unit #(.Lanes(Lanes), .Stages(Stages), .MaxGroup(MaxGroup), .Formats(Formats)) dut (
    .clk_i(clk), .rst_ni(rst_n),
    .in_valid_i(in_valid), .in_ready_o(in_ready), .in_last_i(in_last), .in_keep_i(in_keep),
    .a_i(a), .b_i(b), .fa_i(fa), .fb_i(fb), .xa_i(xa), .xb_i(xb), .c_i(c), .rm_i(rm),
    .out_valid_o(out_valid), .out_ready_i(out_ready), .d_o(d), .flags_o(flags)
  );

  always #5 clk <= ~clk;

  // ---- a reproducible random source (xorshift64*, the same in every simulator) ----
  longint unsigned rs = 64'h9E37_79B9_7F4A_7C15;
  function automatic int unsigned rnd32();
    rs ^= rs >> 12; rs ^= rs << 25; rs ^= rs >> 27;
    return 32'((rs * 64'h2545_F491_4F6C_DD1D) >> 32);
  endfunction
  function automatic int rnd(input int n);          // 0 .. n-1
    return int'(rnd32() % 32'(n));
  endfunction
  function automatic bit chance(input int pct);
    return rnd(100) < pct;
  endfunction

  // an element of format f: finite and mostly ordinary; NaN/Inf only when asked
  function automatic byte unsigned elem(input int f, input bit special);
    byte unsigned x;
    if (special) begin
      case (f)
        0: return chance(50) ? 8'h7F : 8'hFF;                    // NaN
        1: return 8'((rnd(2) != 0) ? 8'h7C : 8'hFC) | 8'(rnd(4));        // Inf or NaN
        default: return 8'(rnd32());
      endcase
    end
    case (rnd(10))
      0: return 8'h00;
      1: return 8'h80;
      default: begin
        do x = 8'(rnd32());
        while ((f == 0 && x[6:0] == 7'h7F) || (f == 1 && x[6:2] == 5'h1F));
        return x;                     // FP6/FP4: random high bits, ignored by both
      end
    endcase
  endfunction

  // ---- stimulus ----
  // Beats are built in local vectors and written to the unit's inputs whole:
  // under Verilator 5.006 (--timing) an input that this process writes slice
  // by slice (a[8*i +: 8] = ...) does not re-evaluate the logic it feeds, and
  // the unit computes with stale lanes (about a quarter of the groups wrong,
  // while Icarus and the reference agree on the same beats).
  int            groups = 20000;
  int            sent = 0;            // groups whose last beat was offered
  int            in_grp = 0, g_left, g_slots, g_beat, g_min_beats, g_special;
  logic [2:0]    g_fa, g_fb, g_rm;
  logic [7:0]    g_xa, g_xb;
  logic [31:0]   g_c;
  int            gap = 20, stall = 20, resets = 0, cycles = 0, mix = -1;
  logic          moved = 1'b0;

  function automatic logic [2:0] pick_format();
    int f;
    if (chance(5)) return 3'(rnd(8));                  // any code, reserved too
    do f = rnd(6); while (((Formats >> f) & 1) == 0);
    return 3'(f);
  endfunction

  task automatic start_group();
    int k, r;
    r = rnd(100);
    if (r < 1) k = 0;                                  // no kept lane at all
    else if (r < 40) k = 1 + rnd(Lanes);
    else if (r < 70) k = 1 + rnd(4 * Lanes);
    else if (r < 92) k = 1 + rnd(256);
    else k = 1 + rnd(MaxK);
    if (k > MaxK) k = MaxK;
    g_left = k;
    g_slots = MaxBeats * Lanes;
    g_min_beats = (k == 0) ? 1 + rnd(3) : 1;
    if (k > 0 && chance(5) && (k + Lanes - 1) / Lanes < MaxBeats)
      g_min_beats = (k + Lanes - 1) / Lanes + 1;       // an all-empty last beat
    if (k > 0 && MaxBeats <= 64 && chance(2)) begin   // one beat too many
      g_min_beats = MaxBeats + 1;
      g_slots = g_min_beats * Lanes;
    end
    g_fa = pick_format(); g_fb = pick_format();
    g_rm = chance(4) ? 3'(5 + rnd(3)) : 3'(rnd(5));
    g_xa = chance(80) ? 8'(117 + rnd(21)) : 8'(rnd(chance(5) ? 256 : 255));
    g_xb = chance(80) ? 8'(117 + rnd(21)) : 8'(rnd(chance(5) ? 256 : 255));
    case (rnd(4))
      0: g_c = 32'(rnd(2)) << 31;                      // a zero
      1: g_c = rnd32();                                // any pattern (NaN, Inf now and then)
      default: g_c = {1'(rnd(2)), 8'(110 + rnd(40)), 23'(rnd32())};
    endcase
    g_special = chance(10) ? rnd(k + 1) : -1;          // where a NaN/Inf element goes
    g_beat = 0;
    in_grp = 1;
  endtask

  task automatic idle_inputs();
    logic [Lanes-1:0]   k_v;
    logic [8*Lanes-1:0] a_v, b_v;
    in_valid = 1'b0;
    in_last = 1'(rnd(2));
    for (int i = 0; i < Lanes; i++) begin
      k_v[i] = 1'(rnd(2)); a_v[8*i +: 8] = 8'(rnd32()); b_v[8*i +: 8] = 8'(rnd32());
    end
    in_keep = k_v; a = a_v; b = b_v;
    fa = 3'(rnd(8)); fb = 3'(rnd(8)); xa = 8'(rnd32()); xb = 8'(rnd32()); c = rnd32(); rm = 3'(rnd(8));
  endtask

  task automatic fill_beat();
    logic [Lanes-1:0]   k_v;
    logic [8*Lanes-1:0] a_v, b_v;
    g_beat++;
    for (int i = 0; i < Lanes; i++) begin
      if (g_left > 0 && !(g_slots > g_left
                          && (g_min_beats > MaxBeats ? rnd(g_slots) >= g_left : chance(5)))) begin
        k_v[i] = 1'b1;
        a_v[8*i +: 8] = elem(int'(g_fa), g_left - 1 == g_special);
        b_v[8*i +: 8] = elem(int'(g_fb), 1'b0);
        g_left--;
      end else begin
        k_v[i] = 1'b0;                             // not kept: any byte, NaN codes too
        a_v[8*i +: 8] = chance(30) ? 8'h7F : 8'(rnd32());
        b_v[8*i +: 8] = chance(30) ? 8'hFC : 8'(rnd32());
      end
      g_slots--;
    end
    in_keep = k_v; a = a_v; b = b_v;       // whole vectors: see the note above
    in_last = (g_left == 0 && g_beat >= g_min_beats);
    if (g_beat == 1) begin
      fa = g_fa; fb = g_fb; xa = g_xa; xb = g_xb; c = g_c; rm = g_rm;
    end else begin
      fa = 3'(rnd(8)); fb = 3'(rnd(8)); xa = 8'(rnd32()); xb = 8'(rnd32()); c = rnd32(); rm = 3'(rnd(8));
    end
    in_valid = 1'b1;
  endtask

  // ---- scoreboard: the ports only ----
  // (its own bookkeeping is blocking on purpose: it reads the ports' values
  // before the edge, and nothing else reads these variables at the edge)
  /* verilator lint_off BLKSEQ */
  mx_group_state_t st;
  bit              sb_in_grp = 1'b0;
  int              sb_beats = 0;
  logic [2:0]      sb_fa, sb_fb;
  int unsigned     exp_d[$];
  byte unsigned    exp_f[$];
  int              exp_n[$];
  int              passed = 0, failed = 0, results = 0, ref_checks = 0, rule0_groups = 0;
  int              beats_in = 0, multi_beat = 0, holes = 0, idle = 0;

  always @(posedge clk) begin
    cycles <= cycles + 1;
    if (!rst_n) begin
      exp_d.delete(); exp_f.delete(); exp_n.delete();
      sb_in_grp = 1'b0;
    end else begin
      if (in_valid && in_ready) begin
        idle = 0;
        beats_in++;
        for (int i = 0; i < Lanes; i++) holes += (in_keep[i] ? 0 : 1);
        if (!sb_in_grp) begin
          mx_ref_begin(st, fa, fb, xa, xb, c, rm);
          sb_fa = fa; sb_fb = fb; sb_beats = 0;
        end
        sb_beats++;
        mx_ref_add_beat(st, Lanes, mx_port_t'(a), mx_port_t'(b), mx_keep_t'(in_keep));
        if (in_last) begin
          int unsigned dv, d1;
          byte unsigned fl, f1;
          dv = mx_ref_end(st, fl);
          if (sb_beats == 1) begin
            // a one-beat group: the one-call path must give the same
            d1 = mx_ref_beat(Lanes, mx_port_t'(a), mx_port_t'(b), mx_keep_t'(in_keep),
                             fa, fb, xa, xb, c, rm, f1);
            ref_checks++;
            if (d1 != dv || f1 != fl) begin
              failed++;
              $display("reference paths disagree on a one-beat group: mx_ref_beat %08X %02X, streaming %08X %02X",
                       d1, f1, dv, fl);
            end
          end else multi_beat++;
          if (mx_unit_rule0(Formats, MaxGroup, Lanes, sb_fa, sb_fb, sb_beats)) begin
            dv = MX_F32_QNAN; fl = MX_FLAG_NV; rule0_groups++;
          end
          exp_d.push_back(dv); exp_f.push_back(fl); exp_n.push_back(sb_beats);
          sb_in_grp = 1'b0;
        end else begin
          sb_in_grp = 1'b1;
        end
      end
      if (out_valid && out_ready) begin
        idle = 0;
        results++;
        if (exp_d.size() == 0) begin
          failed++;
          $display("protocol error: a result without a group (cycle %0d)", cycles);
        end else begin
          int unsigned ed = exp_d.pop_front();
          byte unsigned ef = exp_f.pop_front();
          int nb = exp_n.pop_front();
          if (d == ed && {3'b000, flags} == ef) passed++;
          else begin
            failed++;
            if (failed <= 10)
              $display("mismatch: group %0d (%0d beats): unit %08X %02X, reference %08X %02X",
                       results, nb, d, flags, ed, ef);
          end
        end
      end
    end
  end

  /* verilator lint_on BLKSEQ */

  // ---- the run ----
  initial begin
    int seed = 1;
    void'($value$plusargs("groups=%d", groups));
    void'($value$plusargs("seed=%d", seed));
    rs ^= 64'(seed) * 64'hD1B5_4A32_D192_ED03;
    $display("mxdot_scoreboard_tb: Lanes=%0d Stages=%0d MaxGroup=%0d Formats=%0d, %0d groups, seed %0d",
             Lanes, Stages, MaxGroup, Formats, groups, seed);
    idle_inputs();
    repeat (3) @(negedge clk);
    rst_n = 1'b1;
    forever begin
      @(negedge clk);
      if (sent / 1000 != mix) begin                      // a new mix of gaps and stalls
        mix = sent / 1000;
        gap = (mix % 3 == 0) ? 0 : 5 + rnd(30);
        stall = (mix % 3 == 0) ? 0 : 5 + rnd(30);
      end
      out_ready = !chance(stall);
      if (rnd(2000) == 0) begin                          // a reset in mid-stream
        rst_n = 1'b0; resets++;
        idle_inputs(); in_grp = 0;
        @(negedge clk);
        if (out_valid !== 1'b0) begin
          failed++; $display("protocol error: a result during reset");
        end
        rst_n = 1'b1;
        continue;
      end
      idle++;
      if (idle > 100000) begin
        failed++; $display("no progress for 100000 cycles"); break;
      end
      if (in_valid && !moved) continue;                  // the beat on offer stays until it moves
      if (in_grp == 0 && sent >= groups) break;
      if (in_grp == 0) start_group();
      if (!chance(gap)) begin
        fill_beat();
        if (in_last) begin in_grp = 0; sent++; end
      end else idle_inputs();
    end
    // drain
    @(negedge clk); idle_inputs(); out_ready = 1'b1;
    repeat (Stages + 4) @(negedge clk);
    if (exp_d.size() != 0) begin
      failed += exp_d.size();
      $display("%0d results missing at the end", exp_d.size());
    end
    $display("mxdot_scoreboard_tb: %0d groups (%0d of several beats, %0d answered by rule 0 of the build), %0d beats, %0d holes, %0d one-beat cross-checks, %0d resets, %0d cycles",
             results, multi_beat, rule0_groups, beats_in, holes, ref_checks, resets, cycles);
    // the run must have reached what it is for
    if (multi_beat == 0 || ref_checks == 0 || holes == 0 || rule0_groups == 0 || (groups >= 5000 && resets == 0)) begin
      failed++;
      $display("coverage: a class of groups was never reached (multi-beat, one-beat, holes, rule 0, resets)");
    end
    $display("%0d passed, %0d failed", passed, failed);
    if (failed != 0 || passed == 0) $fatal(1, "mxdot_scoreboard_tb: %0d failed", failed);
    $finish;
  end

  // whether the beat on offer moved at the last rising edge
  always @(posedge clk) moved <= in_valid & in_ready;

endmodule
