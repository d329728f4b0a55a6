// SPDX-License-Identifier: Apache-2.0
//
// tb_mxdot - Icarus testbench of mxdot_unit against reference vectors.
//
// Reads the fixed-width hex words of vec2hex.sh (one block with its
// expected D and FLAGS per line), streams them through the unit with random
// input gaps and output back-pressure, and checks every result in order.
// Also checks the AXI-Stream output rule (a stalled beat stays valid and
// unchanged) and, when there are neither gaps nor stalls, that a block comes
// out exactly Stages cycles after it went in and that in_ready_o never drops
// (one block per clock).
// Mismatches are printed in the SPEC vector format, observed then expected,
// with the line of the vector file; the run stops after +maxerr mismatches.
// Last line: "N passed, N failed"; exit status 1 on any failure, 2 on a bad
// file or argument.
//
// Plusargs: +vec=FILE (required) +src=NAME (the vector file named in
// reports, default FILE) +seed=S (default 1) +gap=P +stall=P
// (percent of cycles without input / with out_ready_i low, default 20)
// +maxerr=N (default 10) +timeout=CYCLES (without progress, default 10000).

`default_nettype none

module tb_mxdot;

  parameter integer K      = 4;
  parameter integer Stages = 6;

  localparam integer VecW  = 32 + 4 + 8 + 8 + 32 + 16 * K + 32 + 8;
  localparam integer RingN = 1024;       // beats in flight: at most Stages

  // ---- DUT ----
  reg              clk = 1'b0;
  reg              rst_n = 1'b0;
  reg              in_valid = 1'b0;
  wire             in_ready;
  reg  [8*K-1:0]   a = {8*K{1'b0}};
  reg  [8*K-1:0]   b = {8*K{1'b0}};
  reg  [7:0]       xa = 8'd0;
  reg  [7:0]       xb = 8'd0;
  reg  [31:0]      c = 32'd0;
  reg  [2:0]       rm = 3'd0;
  wire             out_valid;
  reg              out_ready = 1'b0;
  wire [31:0]      d;
  wire [4:0]       flags;

  mxdot_unit #(.K(K), .Stages(Stages)) dut (
    .clk_i(clk), .rst_ni(rst_n),
    .in_valid_i(in_valid), .in_ready_o(in_ready),
    .a_i(a), .b_i(b), .xa_i(xa), .xb_i(xb), .c_i(c), .rm_i(rm),
    .out_valid_o(out_valid), .out_ready_i(out_ready),
    .d_o(d), .flags_o(flags)
  );

  always #5 clk = ~clk;

  // ---- vector word fields ----
  function [31:0] f_line;  input [VecW-1:0] v; f_line  = v[VecW-1 -: 32];          endfunction
  function [3:0]  f_rm;    input [VecW-1:0] v; f_rm    = v[VecW-33 -: 4];          endfunction
  function [7:0]  f_xa;    input [VecW-1:0] v; f_xa    = v[VecW-37 -: 8];          endfunction
  function [7:0]  f_xb;    input [VecW-1:0] v; f_xb    = v[VecW-45 -: 8];          endfunction
  function [31:0] f_c;     input [VecW-1:0] v; f_c     = v[VecW-53 -: 32];         endfunction
  function [8*K-1:0] f_a;  input [VecW-1:0] v; f_a     = v[40 + 8*K +: 8*K];       endfunction
  function [8*K-1:0] f_b;  input [VecW-1:0] v; f_b     = v[40 +: 8*K];             endfunction
  function [31:0] f_d;     input [VecW-1:0] v; f_d     = v[39:8];                  endfunction
  function [7:0]  f_flags; input [VecW-1:0] v; f_flags = v[7:0];                   endfunction

  // ---- upper-case hex output ----
  reg [8*16-1:0] hexdig = "0123456789ABCDEF";
  task put_hex;
    input [63:0]  val;
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

  // One block in the vector format with the given result.
  task put_vec;
    input [VecW-1:0] v;
    input [31:0]     dv;
    input [7:0]      fv;
    integer          e;
    begin
      $write("  ");
      put_hex({60'd0, f_rm(v)}, 1); $write(" ");
      put_hex({56'd0, f_xa(v)}, 2); $write(" ");
      put_hex({56'd0, f_xb(v)}, 2); $write(" ");
      put_hex({32'd0, f_c(v)}, 8);  $write(" ");
      for (e = 0; e < K; e = e + 1) put_hex({56'd0, f_a(v) >> (8 * e)}, 2);
      $write(" ");
      for (e = 0; e < K; e = e + 1) put_hex({56'd0, f_b(v) >> (8 * e)}, 2);
      $write(" ");
      put_hex({32'd0, dv}, 8); $write(" ");
      put_hex({56'd0, fv}, 2); $write("\n");
    end
  endtask

  // ---- state ----
  reg [VecW-1:0] ring [0:RingN-1];
  integer        ring_cyc [0:RingN-1];
  reg [VecW-1:0] cur;
  reg [VecW-1:0] exp_v;
  reg [39:0]     exp_res;           // expected D and 8-bit FLAGS
  integer        fd, rc, seed, gap, stall, maxerr, timeout;
  integer        sent, rcvd, passed, failed, cycle, idle, no_more, proto_err;
  reg [8*256-1:0] vecfile, srcname;
  // pre-edge samples of the handshakes (race-free: nonblocking at posedge)
  reg            fire_in = 1'b0, fire_out = 1'b0, held = 1'b0, ready_low = 1'b0;
  reg [36:0]     obs = 37'd0, held_val = 37'd0;

  always @(posedge clk) begin
    fire_in   <= in_valid & in_ready;
    fire_out  <= out_valid & out_ready;
    held      <= out_valid & ~out_ready;
    held_val  <= {d, flags};
    obs       <= {d, flags};
    ready_low <= rst_n & in_valid & ~in_ready;
    cycle     <= cycle + 1;
  end

  function chance;       // true with probability pct %
    input integer pct;
    begin
      chance = (($random(seed) & 32'h7FFFFFFF) % 100) < pct;
    end
  endfunction

  task next_input;       // present the next block (or a gap) after a negedge
    begin
      if (!no_more && !chance(gap)) begin
        rc = $fscanf(fd, "%h\n", cur);
        if (rc == 1) begin
          in_valid = 1'b1;
          rm = f_rm(cur); xa = f_xa(cur); xb = f_xb(cur); c = f_c(cur);
          a = f_a(cur); b = f_b(cur);
        end else begin
          no_more = 1;
          in_valid = 1'b0;
        end
      end else begin
        in_valid = 1'b0;
        // the data of an idle input is don't-care: make it visible junk
        a = {K{8'hA5}}; b = {K{8'h5A}}; c = 32'hDEADBEEF;
      end
    end
  endtask

  task finish;
    begin
      $display("%0d passed, %0d failed", passed, failed);
      if (failed != 0) $finish_and_return(1);
      $finish_and_return(0);
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
    if (!$value$plusargs("maxerr=%d", maxerr)) maxerr = 10;
    if (!$value$plusargs("timeout=%d", timeout)) timeout = 10000;
    fd = $fopen(vecfile, "r");
    if (fd == 0) begin
      $display("tb_mxdot: cannot open %0s", vecfile);
      $finish_and_return(2);
    end
    sent = 0; rcvd = 0; passed = 0; failed = 0; cycle = 0; idle = 0;
    no_more = 0; proto_err = 0;
    $display("tb_mxdot: K=%0d Stages=%0d vectors %0s seed %0d gap %0d%% stall %0d%%",
             K, Stages, vecfile, seed, gap, stall);

    // reset with the input idle
    repeat (3) @(negedge clk);
    rst_n = 1'b1;
    @(negedge clk);
    out_ready = !chance(stall);
    next_input;

    forever begin
      @(negedge clk);
      // what happened at the posedge before this negedge
      if (fire_in) begin
        ring[sent % RingN] = cur;
        ring_cyc[sent % RingN] = cycle;
        sent = sent + 1;
        next_input;
      end else if (!in_valid) begin
        next_input;
      end
      if (held && !(out_valid && {d, flags} == held_val)) begin
        $display("protocol error: a stalled output beat changed or vanished (cycle %0d)", cycle);
        failed = failed + 1;
      end
      if (gap == 0 && stall == 0 && ready_low) begin
        $display("protocol error: in_ready_o low at full rate (cycle %0d)", cycle);
        failed = failed + 1; ready_low = 1'b0;
      end
      if (fire_out) begin
        idle = 0;
        if (rcvd >= sent) begin
          $display("protocol error: an output beat without an input (cycle %0d)", cycle);
          failed = failed + 1;
        end else begin
          exp_v = ring[rcvd % RingN];
          exp_res = {f_d(exp_v), f_flags(exp_v)};
          if (obs == {exp_res[39:8], exp_res[4:0]} && exp_res[7:5] == 3'd0) begin
            passed = passed + 1;
          end else begin
            failed = failed + 1;
            if (failed <= maxerr) begin
              $display("mismatch at %0s line %0d (observed, then expected):", srcname, f_line(exp_v));
              put_vec(exp_v, obs[36:5], {3'd0, obs[4:0]});
              put_vec(exp_v, f_d(exp_v), f_flags(exp_v));
            end
          end
          if (gap == 0 && stall == 0 && cycle - ring_cyc[rcvd % RingN] != Stages) begin
            $display("latency error: block of line %0d took %0d cycles, Stages = %0d",
                     f_line(exp_v), cycle - ring_cyc[rcvd % RingN], Stages);
            failed = failed + 1;
          end
          rcvd = rcvd + 1;
        end
        if (failed >= maxerr) begin
          $display("tb_mxdot: stopping after %0d failures", failed);
          finish;
        end
      end else begin
        idle = idle + 1;
        if (idle > timeout) begin
          $display("tb_mxdot: no output for %0d cycles (%0d sent, %0d received)", timeout, sent, rcvd);
          failed = failed + 1;
          finish;
        end
      end
      if (no_more && !in_valid && rcvd == sent) finish;
      out_ready = !chance(stall);
    end
  end

endmodule

`default_nettype wire
