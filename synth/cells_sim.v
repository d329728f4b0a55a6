// cells_sim.v - simulation models of the cells of synth/cells.lib, for the
// gate-level simulation of the synthesized netlist (make gls).
// SPDX-License-Identifier: Apache-2.0
`default_nettype none
/* verilator lint_off DECLFILENAME */

module INV   (input wire A, output wire Y);                    assign Y = ~A;              endmodule
module BUF   (input wire A, output wire Y);                    assign Y = A;               endmodule
module NAND2 (input wire A, input wire B, output wire Y);      assign Y = ~(A & B);        endmodule
module NAND3 (input wire A, input wire B, input wire C, output wire Y); assign Y = ~(A & B & C); endmodule
module NOR2  (input wire A, input wire B, output wire Y);      assign Y = ~(A | B);        endmodule
module NOR3  (input wire A, input wire B, input wire C, output wire Y); assign Y = ~(A | B | C); endmodule
module AND2  (input wire A, input wire B, output wire Y);      assign Y = A & B;           endmodule
module OR2   (input wire A, input wire B, output wire Y);      assign Y = A | B;           endmodule
module AOI21 (input wire A1, input wire A2, input wire B, output wire Y); assign Y = ~((A1 & A2) | B); endmodule
module OAI21 (input wire A1, input wire A2, input wire B, output wire Y); assign Y = ~((A1 | A2) & B); endmodule
module XOR2  (input wire A, input wire B, output wire Y);      assign Y = A ^ B;           endmodule
module XNOR2 (input wire A, input wire B, output wire Y);      assign Y = ~(A ^ B);        endmodule
module MUX2  (input wire A, input wire B, input wire S, output wire Y); assign Y = S ? B : A; endmodule

module DFF (input wire D, input wire CK, output reg Q);
  always @(posedge CK) Q <= D;
endmodule

module DFFR (input wire D, input wire CK, input wire RN, output reg Q);
  always @(posedge CK or negedge RN)
    if (!RN) Q <= 1'b0;
    else     Q <= D;
endmodule

/* verilator lint_on DECLFILENAME */
`default_nettype wire
