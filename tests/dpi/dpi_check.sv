// dpi_check.sv - the DPI-C import of docs/api.md, exercised under Verilator:
// every E4M3 SPEC section 3 example through mx_dot_dpi, K = 4. The import
// has the sizes of ref/sv/mxdot_pkg.sv (IEEE 1800-2017 35.5.4: one
// signature per C function); tests/dpi/mxdot_scoreboard_tb.sv uses the
// package itself.
// SPDX-License-Identifier: Apache-2.0
module dpi_check;
  import "DPI-C" function int unsigned mx_dot_dpi(
      input  int           k,
      input  byte unsigned a[4096],
      input  byte unsigned b[4096],
      input  byte unsigned xa,
      input  byte unsigned xb,
      input  int unsigned  c,
      input  byte unsigned rm,
      output byte unsigned flags);

  byte unsigned a[4096];
  byte unsigned b[4096];
  byte unsigned flags;
  int unsigned  d;
  int passed = 0;
  int failed = 0;

  // One SPEC example: rm xa xb c A B (element 0 in the top byte) d flags.
  task automatic check(input bit [2:0] rm, input bit [7:0] xa, input bit [7:0] xb,
                       input bit [31:0] c, input bit [31:0] av, input bit [31:0] bv,
                       input bit [31:0] exp_d, input bit [7:0] exp_flags);
    for (int i = 0; i < 4; i++) begin
      a[i] = av[31 - 8*i -: 8];
      b[i] = bv[31 - 8*i -: 8];
    end
    d = mx_dot_dpi(4, a, b, xa, xb, c, {5'd0, rm}, flags);
    if (d == exp_d && flags == exp_flags) passed++;
    else begin
      failed++;
      $display("%0X %02X %02X %08X %08X %08X %08X %02X expected %08X %02X",
               rm, xa, xb, c, av, bv, d, flags, exp_d, exp_flags);
    end
  endtask

  initial begin
    check(3'd0, 8'h7F, 8'h7F, 32'h00000000, 32'h38000000, 32'h38000000, 32'h3F800000, 8'h00);
    check(3'd0, 8'h7D, 8'h7E, 32'h00000000, 32'h303C7E01, 32'h40C47E01, 32'h46C3FF20, 8'h01);
    check(3'd0, 8'h7F, 8'h7F, 32'h4B800000, 32'h38000000, 32'h38000000, 32'h4B800000, 8'h01);
    check(3'd3, 8'h7F, 8'h7F, 32'h4B800000, 32'h38000000, 32'h38000000, 32'h4B800001, 8'h01);
    check(3'd0, 8'hFE, 8'hFE, 32'h00000000, 32'h7E7E7E7E, 32'h7E7E7E7E, 32'h7F800000, 8'h05);
    check(3'd1, 8'hFE, 8'hFE, 32'h00000000, 32'h7E7E7E7E, 32'h7E7E7E7E, 32'h7F7FFFFF, 8'h05);
    check(3'd0, 8'h00, 8'h00, 32'h00000000, 32'h01000000, 32'h01000000, 32'h00000000, 8'h03);
    check(3'd3, 8'h00, 8'h00, 32'h00000000, 32'h01000000, 32'h01000000, 32'h00000001, 8'h03);
    check(3'd0, 8'h00, 8'h7B, 32'h00000000, 32'h01000000, 32'h01000000, 32'h00000001, 8'h00);
    check(3'd0, 8'h7F, 8'h7F, 32'hBF800000, 32'h38000000, 32'h38000000, 32'h00000000, 8'h00);
    check(3'd2, 8'h7F, 8'h7F, 32'hBF800000, 32'h38000000, 32'h38000000, 32'h80000000, 8'h00);
    check(3'd0, 8'h7F, 8'h7F, 32'h80000000, 32'h80808080, 32'h38383838, 32'h80000000, 8'h00);
    check(3'd0, 8'hFF, 8'h7F, 32'h00000000, 32'h38000000, 32'h38000000, 32'h7FC00000, 8'h00);
    check(3'd0, 8'h7F, 8'h7F, 32'h00000000, 32'h387F0000, 32'h38000000, 32'h7FC00000, 8'h00);
    check(3'd0, 8'h7F, 8'h7F, 32'h7F800001, 32'h38000000, 32'h38000000, 32'h7FC00000, 8'h10);
    check(3'd0, 8'h7F, 8'h7F, 32'hFF800000, 32'h7E7E7E7E, 32'h7E7E7E7E, 32'hFF800000, 8'h00);
    check(3'd3, 8'h3C, 8'h7F, 32'h3F800000, 32'h38000000, 32'h38000000, 32'h3F800001, 8'h01);
    $display("%0d passed, %0d failed", passed, failed);
    if (failed != 0) $stop;
    $finish;
  end
endmodule
