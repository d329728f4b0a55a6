// SPDX-License-Identifier: Apache-2.0
//
// tb_mxdot - Icarus testbench of mxdot_unit against reference vectors.
//
// Reads the groups of a hex file written by vec2hex.sh (each with the
// reference's D and FLAGS) and streams each one through the unit as beats
// of Lanes elements, AXI-Stream style, then checks every result in order:
//   - a group of K elements takes ceil(K/Lanes) beats or more: random holes
//     (lanes with keep = 0 inside a group, +hole percent of the lanes, as
//     long as the group still fits ceil(MaxGroup/Lanes) beats), a partial
//     last beat, now and then an all-empty last beat;
//   - a lane that is not kept carries a random byte, often a NaN or an
//     infinity code (it must add no term);
//   - an FP6/FP4 element gets random bits above its width (the unit ignores
//     them, SPEC section 1);
//   - the header inputs (fa, fb, xa, xb, c, rm) of a group's later beats,
//     and every input of an idle cycle, are random (the unit must ignore
//     them);
//   - +empty percent of the groups are injected groups with no kept lane
//     (1 to 3 beats), and +overlong percent of the file's groups are
//     stretched to ceil(MaxGroup/Lanes)+1 beats with holes: both must give
//     the canonical NaN with NV, as must a group whose format the build
//     does not carry (Formats) and a file group too long for the build;
//   - random input gaps (+gap percent of cycles) and output stalls (+stall
//     percent of cycles with out_ready_i low).
// It also checks the AXI-Stream output rule (a stalled result stays valid
// and unchanged), that no result comes without a group, and with +stall=0
// that each result comes exactly Stages cycles after its group's last beat;
// with +gap=0 and +stall=0 also that in_ready_o never drops (one beat per
// clock, no bubble between groups).
//
// Mismatches name the vector file's line; the run stops after +maxerr
// failures. Last line: "N passed, N failed" (one count per group, plus
// protocol errors as failures); exit status 1 on any failure, 2 on a bad or
// empty hex file or a missing argument.
//
// Plusargs: +vec=FILE (hex, required) +src=NAME (the vector file named in
// reports, default FILE) +seed=S (default 1) +gap=P +stall=P (default 20)
// +hole=P (default 5) +empty=P (default 1) +overlong=P (default 0)
// +maxerr=N (default 10) +timeout=CYCLES without progress (default 20000).
//
// Hex file (vec2hex.sh): tokens read with $fscanf "%h", white space free.
// Per group a header token of 38 digits
//   LINE(8) K(4) HASF(1) FA(1) FB(1) RM(1) XA(2) XB(2) C(8) D(8) FLAGS(2)
// then K element tokens AABB (element 0 first). The file ends with a header
// of K = 0 whose LINE field is the number of groups (so a truncated file is
// an error, and so is an empty one).

`timescale 1ns / 1ps
`default_nettype none

module tb_mxdot;

  parameter integer Lanes    = 32;
  parameter integer Stages   = 5;
  parameter integer MaxGroup = 4096;
  parameter integer Formats  = 63;

  localparam integer MaxBeats = (MaxGroup + Lanes - 1) / Lanes;
  localparam integer HdrW     = 152;
  localparam integer RingN    = 1024;    // groups in flight: at most Stages + 1

  // ---- DUT ----
  reg                  clk = 1'b0;
  reg                  rst_n = 1'b0;
  reg                  in_valid = 1'b0;
  wire                 in_ready;
  reg                  in_last = 1'b0;
  reg  [Lanes-1:0]     in_keep = {Lanes{1'b0}};
  reg  [8*Lanes-1:0]   a = {8*Lanes{1'b0}};
  reg  [8*Lanes-1:0]   b = {8*Lanes{1'b0}};
  reg  [2:0]           fa = 3'd0;
  reg  [2:0]           fb = 3'd0;
  reg  [7:0]           xa = 8'd0;
  reg  [7:0]           xb = 8'd0;
  reg  [31:0]          c = 32'd0;
  reg  [2:0]           rm = 3'd0;
  wire                 out_valid;
  reg                  out_ready = 1'b0;
  wire [31:0]          d;
  wire [4:0]           flags;

  mxdot_unit #(.Lanes(Lanes), .Stages(Stages), .MaxGroup(MaxGroup), .Formats(Formats)) dut (
    .clk_i(clk), .rst_ni(rst_n),
    .in_valid_i(in_valid), .in_ready_o(in_ready),
    .in_last_i(in_last), .in_keep_i(in_keep),
    .a_i(a), .b_i(b), .fa_i(fa), .fb_i(fb), .xa_i(xa), .xb_i(xb), .c_i(c), .rm_i(rm),
    .out_valid_o(out_valid), .out_ready_i(out_ready),
    .d_o(d), .flags_o(flags)
  );

  always #5 clk = ~clk;

  // ---- header token fields ----
  function [31:0] h_line;  input [HdrW-1:0] h; h_line  = h[151:120]; endfunction
  function [15:0] h_k;     input [HdrW-1:0] h; h_k     = h[119:104]; endfunction
  function        h_hasf;  input [HdrW-1:0] h; h_hasf  = h[100];     endfunction
  function [2:0]  h_fa;    input [HdrW-1:0] h; h_fa    = h[98:96];   endfunction
  function [2:0]  h_fb;    input [HdrW-1:0] h; h_fb    = h[94:92];   endfunction
  function [2:0]  h_rm;    input [HdrW-1:0] h; h_rm    = h[90:88];   endfunction
  function [7:0]  h_xa;    input [HdrW-1:0] h; h_xa    = h[87:80];   endfunction
  function [7:0]  h_xb;    input [HdrW-1:0] h; h_xb    = h[79:72];   endfunction
  function [31:0] h_c;     input [HdrW-1:0] h; h_c     = h[71:40];   endfunction
  function [31:0] h_d;     input [HdrW-1:0] h; h_d     = h[39:8];    endfunction
  function [7:0]  h_flags; input [HdrW-1:0] h; h_flags = h[7:0];     endfunction

  // ---- upper-case hex output ----
  reg [8*16-1:0] hexdig = "0123456789ABCDEF";
  task put_hex;
    input [31:0]  val;
    input integer ndig;
    integer       n;
    reg [3:0]     nib;
    begin
      for (n = ndig - 1; n >= 0; n = n - 1) begin
        nib = val[4*n +: 4];
        $write("%s", hexdig[8*(15 - nib) +: 8]);
      end
    end
  endtask

  // ---- random helpers ----
  integer seed;
  function chance;       // true with probability pct %
    input integer pct;
    begin
      chance = (($random(seed) & 32'h7FFFFFFF) % 100) < pct;
    end
  endfunction
  function integer rnd;  // uniform in 0 .. n-1
    input integer n;
    begin
      rnd = ($random(seed) & 32'h7FFFFFFF) % n;
    end
  endfunction
  function [7:0] junk_byte;  // what an unkept lane carries: often NaN or Inf codes
    input integer dummy;
    begin
      case (rnd(8))
        0: junk_byte = 8'h7F;      // E4M3 NaN
        1: junk_byte = 8'hFF;      // E4M3 NaN, E5M2 NaN
        2: junk_byte = 8'h7C;      // E5M2 +Inf
        3: junk_byte = 8'hFC;      // E5M2 -Inf
        4: junk_byte = 8'h7E;      // E4M3 448, E5M2 NaN
        5: junk_byte = 8'h80;      // -0, INT8 -2
        default: junk_byte = $random(seed);
      endcase
    end
  endfunction
  function [7:0] high_bits;  // random bits above an FP6/FP4 element's width
    input [2:0] fmt;
    reg [7:0] r;
    begin
      r = $random(seed);
      case (fmt)
        3'd2, 3'd3: high_bits = r & 8'hC0;
        3'd4:       high_bits = r & 8'hF0;
        default:    high_bits = 8'h00;
      endcase
    end
  endfunction

  // ---- plusargs and counters ----
  integer         fd, rc, gap, stall, hole, empty, overlong, maxerr, timeout;
  integer         passed, failed, cycle, idle, no_more, done;
  integer         file_groups, injected_empty, injected_long, elements, beats;
  integer         sent, rcvd;
  reg [8*256-1:0] vecfile, srcname;

  // ---- the group being sent ----
  reg [HdrW-1:0]  hdr;
  reg [15:0]      etok;
  integer         in_grp;        // a group has started and its last beat not sent
  integer         grp_kind;      // 0 from the file, 1 injected empty
  integer         elems_left;    // elements not yet placed in a beat
  integer         slots_left;    // lanes still free before the build's beat limit
  integer         beat_no;       // beats of this group so far (the one on offer included)
  integer         min_beats;     // the last beat is not before this one
  integer         grp_long;      // stretched past MaxBeats on purpose
  integer         kept;          // kept lanes so far
  integer         lane;

  // ---- groups in flight (expected results, in order) ----
  reg  [HdrW-1:0] ring_hdr  [0:RingN-1];
  integer         ring_kind [0:RingN-1];
  integer         ring_beats[0:RingN-1];
  integer         ring_cyc  [0:RingN-1];
  reg  [39:0]     ring_exp  [0:RingN-1];     // expected D and 8-bit FLAGS
  reg  [39:0]     exp_res;
  integer         slot;

  // pre-edge samples of the handshakes (race-free: nonblocking at posedge)
  reg             fire_in = 1'b0, fire_out = 1'b0, held = 1'b0, ready_low = 1'b0;
  reg [36:0]      obs = 37'd0, held_val = 37'd0;

  always @(posedge clk) begin
    fire_in   <= in_valid & in_ready;
    fire_out  <= out_valid & out_ready;
    held      <= out_valid & ~out_ready;
    held_val  <= {d, flags};
    obs       <= {d, flags};
    ready_low <= rst_n & in_valid & ~in_ready;
    cycle     <= cycle + 1;
  end

  task finish;
    begin
      $display("tb_mxdot: %0d groups from %0s (%0d elements), %0d injected empty, %0d stretched; %0d beats in %0d cycles",
               file_groups, srcname, elements, injected_empty, injected_long, beats, cycle);
      $display("%0d passed, %0d failed", passed, failed);
      if (failed != 0) $finish_and_return(1);
      $finish_and_return(0);
    end
  endtask

  task bad_file;
    input [8*80-1:0] what;
    begin
      $display("tb_mxdot: %0s: %0s (group %0d of the hex file)", vecfile, what, file_groups + 1);
      $finish_and_return(2);
    end
  endtask

  // random header inputs: what a later beat or an idle cycle carries
  task random_header;
    begin
      fa = $random(seed); fb = $random(seed); xa = $random(seed); xb = $random(seed);
      c = $random(seed); rm = $random(seed);
    end
  endtask

  task idle_input;
    begin
      in_valid = 1'b0;
      in_last = $random(seed);
      in_keep = {Lanes{$random(seed)}};
      for (lane = 0; lane < Lanes; lane = lane + 1) begin
        a[8*lane +: 8] = junk_byte(0);
        b[8*lane +: 8] = junk_byte(0);
      end
      random_header;
    end
  endtask

  // Start the next group: an injected empty one, the file's next, or the end.
  task start_group;
    begin
      if (chance(empty)) begin
        grp_kind = 1;
        random_header;
        hdr = {32'd0, 16'd0, 4'd0, 1'b0, fa, 1'b0, fb, 1'b0, rm, xa, xb, c, 40'd0};
        elems_left = 0;
        min_beats = 1 + rnd(3);
        slots_left = min_beats * Lanes;
        grp_long = 0;
      end else begin
        rc = $fscanf(fd, "%h", hdr);
        if (rc != 1) bad_file("truncated: no end marker");
        if (h_k(hdr) == 0) begin
          if (h_line(hdr) != file_groups) bad_file("end marker does not match the group count");
          if (file_groups == 0) bad_file("no groups (empty vector file?)");
          no_more = 1;
        end else begin
          if (h_k(hdr) > 4096) bad_file("K above 4096");
          grp_kind = 0;
          elems_left = h_k(hdr);
          // stretch now and then to one beat more than the build accepts
          grp_long = (overlong > 0 && chance(overlong) && h_k(hdr) <= MaxBeats * Lanes);
          if (grp_long) begin
            min_beats = MaxBeats + 1;
            slots_left = min_beats * Lanes;
          end else begin
            slots_left = MaxBeats * Lanes;
            // now and then an all-empty last beat after a full one
            min_beats = (chance(hole) && (h_k(hdr) + Lanes - 1) / Lanes < MaxBeats)
                        ? (h_k(hdr) + Lanes - 1) / Lanes + 1 : 1;
          end
          file_groups = file_groups + 1;
          elements = elements + h_k(hdr);
        end
      end
      beat_no = 0;
      kept = 0;
      in_grp = !no_more;
    end
  endtask

  // Fill the next beat of the current group.
  task fill_beat;
    begin
      beat_no = beat_no + 1;
      for (lane = 0; lane < Lanes; lane = lane + 1) begin
        // a hole only where the rest still fits the beats left
        if (elems_left > 0 && !(slots_left > elems_left
                                && (grp_long ? rnd(slots_left) >= elems_left : chance(hole)))) begin
          rc = $fscanf(fd, "%h", etok);
          if (rc != 1) bad_file("truncated: fewer elements than K");
          in_keep[lane] = 1'b1;
          a[8*lane +: 8] = etok[15:8] | high_bits(h_fa(hdr));
          b[8*lane +: 8] = etok[7:0] | high_bits(h_fb(hdr));
          elems_left = elems_left - 1;
          kept = kept + 1;
        end else begin
          in_keep[lane] = 1'b0;
          a[8*lane +: 8] = junk_byte(0);
          b[8*lane +: 8] = junk_byte(0);
        end
        slots_left = slots_left - 1;
      end
      in_last = (elems_left == 0 && beat_no >= min_beats);
      if (beat_no == 1) begin
        fa = h_fa(hdr); fb = h_fb(hdr); xa = h_xa(hdr); xb = h_xb(hdr);
        c = h_c(hdr); rm = h_rm(hdr);
      end else begin
        random_header;
      end
      in_valid = 1'b1;
    end
  endtask

  // Present the next beat (or a gap) after a negedge.
  task next_input;
    begin
      if (no_more || chance(gap)) begin
        idle_input;
      end else begin
        if (!in_grp) start_group;
        if (no_more) idle_input;
        else fill_beat;
      end
    end
  endtask

  // The expected result of the group whose last beat just went in.
  task push_group;
    reg bad;
    begin
      slot = sent % RingN;
      ring_hdr[slot]   = hdr;
      ring_kind[slot]  = grp_kind + 2 * grp_long;
      ring_beats[slot] = beat_no;
      ring_cyc[slot]   = cycle;
      // rule 0 of the unit: a format the build does not carry, no kept lane,
      // more beats than the build accepts (the reference's rm 5-7 and
      // reserved formats are in the file's result already)
      bad = (((Formats >> h_fa(hdr)) & 1) == 0) || (((Formats >> h_fb(hdr)) & 1) == 0)
            || kept == 0 || beat_no > MaxBeats;
      ring_exp[slot] = bad ? {32'h7FC00000, 8'h10} : {h_d(hdr), h_flags(hdr)};
      if (grp_kind == 1) injected_empty = injected_empty + 1;
      if (grp_long) injected_long = injected_long + 1;
      sent = sent + 1;
      in_grp = 0;
    end
  endtask

  task report_mismatch;
    begin
      $write("mismatch: ");
      case (ring_kind[slot])
        1: $write("injected group with no kept lane");
        default: begin
          $write("%0s line %0d", srcname, h_line(ring_hdr[slot]));
          if (ring_kind[slot] == 2) $write(" (stretched on purpose)");
        end
      endcase
      $write(", K=%0d in %0d beats: ", h_k(ring_hdr[slot]), ring_beats[slot]);
      if (h_hasf(ring_hdr[slot])) begin
        put_hex(h_fa(ring_hdr[slot]), 1); put_hex(h_fb(ring_hdr[slot]), 1); $write(" ");
      end
      put_hex(h_rm(ring_hdr[slot]), 1); $write(" ");
      put_hex(h_xa(ring_hdr[slot]), 2); $write(" ");
      put_hex(h_xb(ring_hdr[slot]), 2); $write(" ");
      put_hex(h_c(ring_hdr[slot]), 8);
      $write(" ... observed ");
      put_hex(obs[36:5], 8); $write(" "); put_hex(obs[4:0], 2);
      $write(", expected ");
      put_hex(exp_res[39:8], 8); $write(" "); put_hex(exp_res[7:0], 2);
      $write("\n");
    end
  endtask

  initial begin
    if (!$value$plusargs("vec=%s", vecfile)) begin
      $display("tb_mxdot: +vec=FILE missing");
      $finish_and_return(2);
    end
    if (!$value$plusargs("src=%s", srcname)) srcname = vecfile;
    if (!$value$plusargs("seed=%d", seed)) seed = 1;
    if (!$value$plusargs("gap=%d", gap)) gap = 20;
    if (!$value$plusargs("stall=%d", stall)) stall = 20;
    if (!$value$plusargs("hole=%d", hole)) hole = 5;
    if (!$value$plusargs("empty=%d", empty)) empty = 1;
    if (!$value$plusargs("overlong=%d", overlong)) overlong = 0;
    if (!$value$plusargs("maxerr=%d", maxerr)) maxerr = 10;
    if (!$value$plusargs("timeout=%d", timeout)) timeout = 20000;
    fd = $fopen(vecfile, "r");
    if (fd == 0) begin
      $display("tb_mxdot: cannot open %0s", vecfile);
      $finish_and_return(2);
    end
    sent = 0; rcvd = 0; passed = 0; failed = 0; cycle = 0; idle = 0; done = 0;
    no_more = 0; in_grp = 0; file_groups = 0; injected_empty = 0; injected_long = 0;
    elements = 0; beats = 0; beat_no = 0; grp_long = 0; grp_kind = 0; kept = 0;
    $display("tb_mxdot: Lanes=%0d Stages=%0d MaxGroup=%0d Formats=%0d vectors %0s seed %0d gap %0d%% stall %0d%% hole %0d%% empty %0d%% overlong %0d%%",
             Lanes, Stages, MaxGroup, Formats, vecfile, seed, gap, stall, hole, empty, overlong);

    // reset with the input idle (and random)
    idle_input;
    repeat (3) @(negedge clk);
    rst_n = 1'b1;
    @(negedge clk);
    out_ready = !chance(stall);
    next_input;

    forever begin
      @(negedge clk);
      // what happened at the posedge before this negedge
      if (fire_in) begin
        beats = beats + 1;
        idle = 0;
        if (in_last) push_group;
        next_input;
      end else if (!in_valid) begin
        next_input;
      end
      if (held && !(out_valid && {d, flags} == held_val)) begin
        $display("protocol error: a stalled result changed or vanished (cycle %0d)", cycle);
        failed = failed + 1;
      end
      if (gap == 0 && stall == 0 && ready_low) begin
        $display("protocol error: in_ready_o low at full rate (cycle %0d)", cycle);
        failed = failed + 1; ready_low = 1'b0;
      end
      if (fire_out) begin
        idle = 0;
        if (rcvd >= sent) begin
          $display("protocol error: a result without a group (cycle %0d)", cycle);
          failed = failed + 1;
        end else begin
          slot = rcvd % RingN;
          exp_res = ring_exp[slot];
          if (obs == {exp_res[39:8], exp_res[4:0]} && exp_res[7:5] == 3'd0) begin
            passed = passed + 1;
          end else begin
            failed = failed + 1;
            if (failed <= maxerr) report_mismatch;
          end
          if (stall == 0 && cycle - ring_cyc[slot] != Stages) begin
            $display("latency error: group of %0s line %0d came %0d cycles after its last beat, Stages = %0d",
                     srcname, h_line(ring_hdr[slot]), cycle - ring_cyc[slot], Stages);
            failed = failed + 1;
          end
          rcvd = rcvd + 1;
        end
        if (failed >= maxerr) begin
          $display("tb_mxdot: stopping after %0d failures", failed);
          finish;
        end
      end else if (!fire_in) begin
        idle = idle + 1;
        if (idle > timeout) begin
          $display("tb_mxdot: no progress for %0d cycles (%0d groups sent, %0d results)",
                   timeout, sent, rcvd);
          failed = failed + 1;
          finish;
        end
      end
      if (no_more && !in_valid && rcvd == sent) begin
        // nothing may come out after the last result
        done = done + 1;
        if (out_valid) begin
          $display("protocol error: a result without a group (cycle %0d)", cycle);
          failed = failed + 1;
          finish;
        end
        if (done > Stages + 2) finish;
      end
      out_ready = !chance(stall);
    end
  end

endmodule

`default_nettype wire
