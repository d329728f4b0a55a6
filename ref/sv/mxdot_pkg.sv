// SPDX-License-Identifier: Apache-2.0
//
// mxdot_pkg - the C golden reference (ref/mxdot.h) for SystemVerilog
// testbenches, through DPI-C: the imports, and helpers that turn the packed
// ports of mxdot_unit (a_i, b_i: lane i in bits [8*i +: 8]; in_keep_i) into
// the reference's calls. docs/api.md ("SystemVerilog DPI-C") says how to
// compile and link it; tests/dpi/mxdot_scoreboard_tb.sv is a complete
// scoreboard that uses it.
//
// Every array argument is a SIZED unpacked array. A sized unpacked array of
// `byte unsigned` reaches C as a pointer to its first element, which is
// what the C functions take. An open array (`input byte unsigned a[]`)
// would reach C as an svOpenArrayHandle, which the C functions would read
// as element data: wrong results and no warning. Keep the sizes: IEEE
// 1800-2017 section 35.5.4 requires every import of one C function to have
// the same signature, so a design that also imports these functions
// elsewhere must use the same sizes (or import through this package only).
//
// Sizes: the one-call entries take MX_K_MAX (4096) elements, so a whole
// group of any length fits one call; the streaming entries take one beat of
// up to MX_LANES_MAX (128) lanes per call (the unit's largest Lanes), so a
// group of any length is fed beat by beat, as the unit sees it.
//
// What the reference does not know about a particular build of the unit
// (a format code the build does not carry, a group of more beats than the
// build accepts) is in mx_unit_rule0() below: the scoreboard applies it.

`timescale 1ns / 1ps

package mxdot_pkg;

  localparam int MX_K_MAX           = 4096;  // longest group (mxdot.h MX_K_MAX)
  localparam int MX_LANES_MAX       = 128;   // widest beat of the streaming calls
  localparam int MX_GROUP_DPI_WORDS = 16;    // words of a streaming state (mxdot.h)

  /* verilator lint_off UNUSEDPARAM */
  localparam int unsigned MX_F32_QNAN = 32'h7FC0_0000;  // the canonical NaN
  localparam byte unsigned MX_FLAG_NX = 8'h01, MX_FLAG_UF = 8'h02, MX_FLAG_OF = 8'h04,
                           MX_FLAG_DZ = 8'h08, MX_FLAG_NV = 8'h10;
  /* verilator lint_on UNUSEDPARAM */

  // A streaming group's state: plain data owned by the testbench (copy,
  // save or drop it at any time; no allocation, no chandle).
  typedef int unsigned mx_group_state_t [MX_GROUP_DPI_WORDS];
  typedef byte unsigned mx_beat_t [MX_LANES_MAX];
  typedef byte unsigned mx_elems_t [MX_K_MAX];
  // A port of the unit at the helpers' width: pass a_i, b_i as
  // mx_port_t'(a_i) and in_keep_i as mx_keep_t'(in_keep_i) (zero-extended;
  // the explicit cast keeps lint quiet).
  typedef logic [8*MX_LANES_MAX-1:0] mx_port_t;
  typedef logic [MX_LANES_MAX-1:0]   mx_keep_t;

  // ---- DPI-C imports (C prototypes in ref/mxdot.h) ----

  // One E4M3 group of k elements (1..4096): d; *flags.
  import "DPI-C" function int unsigned mx_dot_dpi(
      input  int           k,
      input  byte unsigned a[MX_K_MAX],
      input  byte unsigned b[MX_K_MAX],
      input  byte unsigned xa,
      input  byte unsigned xb,
      input  int unsigned  c,
      input  byte unsigned rm,
      output byte unsigned flags);

  // One group with a format per operand (codes of docs/spec.md section 1).
  import "DPI-C" function int unsigned mx_dot_fmt_dpi(
      input  int           k,
      input  byte unsigned a[MX_K_MAX],
      input  byte unsigned b[MX_K_MAX],
      input  byte unsigned fa,
      input  byte unsigned fb,
      input  byte unsigned xa,
      input  byte unsigned xb,
      input  int unsigned  c,
      input  byte unsigned rm,
      output byte unsigned flags);

  // An accumulation model of ref/mxmodel.h by name ("exact", "blackwell",
  // "hopper", "conv", "blackwell,frac=24", ...; parsed on every call): what a
  // truncating unit would give for the same group.
  import "DPI-C" function int unsigned mx_model_dot_dpi(
      input  string        model,
      input  int           k,
      input  byte unsigned a[MX_K_MAX],
      input  byte unsigned b[MX_K_MAX],
      input  byte unsigned fa,
      input  byte unsigned fb,
      input  byte unsigned xa,
      input  byte unsigned xb,
      input  int unsigned  c,
      input  byte unsigned rm,
      output byte unsigned flags);

  // A group streamed beat by beat: begin with the group's header, add each
  // beat (n elements of a, b; keep[i] == 0 drops element i: no term), end.
  import "DPI-C" function void mx_group_dpi_begin(
      inout  int unsigned  state[MX_GROUP_DPI_WORDS],
      input  byte unsigned fa,
      input  byte unsigned fb,
      input  byte unsigned xa,
      input  byte unsigned xb,
      input  int unsigned  c,
      input  byte unsigned rm);
  import "DPI-C" function void mx_group_dpi_add(
      inout  int unsigned  state[MX_GROUP_DPI_WORDS],
      input  int           n,
      input  byte unsigned a[MX_LANES_MAX],
      input  byte unsigned b[MX_LANES_MAX],
      input  byte unsigned keep[MX_LANES_MAX]);
  import "DPI-C" function int unsigned mx_group_dpi_end(
      input  int unsigned  state[MX_GROUP_DPI_WORDS],
      output byte unsigned flags);

  // ---- helpers: the unit's packed ports into the calls ----
  // A port of L lanes (8*L bits, or L keep bits) is zero-extended to the
  // helper's width (mx_port_t, mx_keep_t); `lanes` says how many lanes count.

  // Lane i of a packed element port (a_i, b_i) into v[i], i < lanes.
  function automatic void mx_unpack_lanes(input int lanes,
                                          input mx_port_t port,
                                          output mx_beat_t v);
    for (int i = 0; i < MX_LANES_MAX; i++) v[i] = (i < lanes) ? port[8*i +: 8] : 8'h00;
  endfunction

  // Keep bit i (in_keep_i) into v[i] (1 or 0), i < lanes.
  function automatic void mx_unpack_keep(input int lanes,
                                         input mx_keep_t keep,
                                         output mx_beat_t v);
    for (int i = 0; i < MX_LANES_MAX; i++) v[i] = (i < lanes && keep[i] === 1'b1) ? 8'd1 : 8'd0;
  endfunction

  // A group that is a single beat (in_last_i on its first beat): the
  // reference on its kept lanes, in lane order, in one mx_dot_fmt_dpi call.
  // No kept lane: the canonical NaN with NV, as the unit gives.
  function automatic int unsigned mx_ref_beat(input int lanes,
                                              input mx_port_t a_port,
                                              input mx_port_t b_port,
                                              input mx_keep_t keep,
                                              input logic [2:0] fa, input logic [2:0] fb,
                                              input logic [7:0] xa, input logic [7:0] xb,
                                              input logic [31:0] c, input logic [2:0] rm,
                                              output byte unsigned flags);
    mx_elems_t a, b;
    int k = 0;
    for (int i = 0; i < lanes && i < MX_LANES_MAX; i++) begin
      if (keep[i] === 1'b1) begin
        a[k] = a_port[8*i +: 8];
        b[k] = b_port[8*i +: 8];
        k++;
      end
    end
    return mx_dot_fmt_dpi(k, a, b, {5'd0, fa}, {5'd0, fb}, xa, xb, c, {5'd0, rm}, flags);
  endfunction

  // Streaming: the group's first beat gives the header ...
  function automatic void mx_ref_begin(inout mx_group_state_t st,
                                       input logic [2:0] fa, input logic [2:0] fb,
                                       input logic [7:0] xa, input logic [7:0] xb,
                                       input logic [31:0] c, input logic [2:0] rm);
    mx_group_dpi_begin(st, {5'd0, fa}, {5'd0, fb}, xa, xb, c, {5'd0, rm});
  endfunction

  // ... every beat (the first one too) adds its kept lanes ...
  function automatic void mx_ref_add_beat(inout mx_group_state_t st, input int lanes,
                                          input mx_port_t a_port,
                                          input mx_port_t b_port,
                                          input mx_keep_t keep);
    mx_beat_t a, b, k;
    mx_unpack_lanes(lanes, a_port, a);
    mx_unpack_lanes(lanes, b_port, b);
    mx_unpack_keep(lanes, keep, k);
    mx_group_dpi_add(st, lanes, a, b, k);
  endfunction

  // ... and after the last beat the result (the state stays usable).
  function automatic int unsigned mx_ref_end(input mx_group_state_t st,
                                             output byte unsigned flags);
    return mx_group_dpi_end(st, flags);
  endfunction

  // The unit's own rule 0 beyond the reference (docs/spec.md section 2):
  // a format code that the build does not carry (parameter Formats, bit f
  // for code f; codes 6 and 7 never), or a group of more beats than
  // ceil(MaxGroup/Lanes). Then the unit gives MX_F32_QNAN with MX_FLAG_NV.
  function automatic bit mx_unit_rule0(input int formats, input int max_group,
                                       input int lanes, input logic [2:0] fa,
                                       input logic [2:0] fb, input int beats);
    return ((formats >> fa) & 1) == 0 || ((formats >> fb) & 1) == 0
           || beats > (max_group + lanes - 1) / lanes;
  endfunction

endpackage
