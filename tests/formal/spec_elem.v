// SPDX-License-Identifier: Apache-2.0
//
// spec_elem.v - behavioural specification of one element pair, written from
// SPEC section 1 (docs/spec.md) and nothing else: the exact product a*b as
// a signed integer in units of 2^-32 (the finest product quantum: E5M2's
// 2^-16 squared), and its class. No RTL module is used or imitated: each
// format is decoded straight from its table row.

`default_nettype none

module spec_elem (
  input  wire [7:0]  x_i,
  input  wire [2:0]  fmt_i,       // 0 E4M3, 1 E5M2, 2 E3M2, 3 E2M3, 4 E2M1, 5 INT8
  output reg         sign_o,
  output reg  [7:0]  sig_o,       // |x| = sig * 2^sh in units of 2^-16
  output reg  [4:0]  sh_o,
  output reg         zero_o,
  output reg         inf_o,
  output reg         nan_o
);
  reg [4:0] e;
  reg [2:0] m;
  always @* begin
    sign_o = 1'b0; sig_o = 8'd0; sh_o = 5'd0; inf_o = 1'b0; nan_o = 1'b0;
    e = 5'd0; m = 3'd0;
    case (fmt_i)
      3'd0: begin  // E4M3: s.eeee.mmm, bias 7; e=0: m*2^-9; else (8+m)*2^(e-10); S.1111.111 NaN
        sign_o = x_i[7]; e = {1'b0, x_i[6:3]}; m = x_i[2:0];
        nan_o  = (x_i[6:0] == 7'h7F);
        if (e == 5'd0) begin sig_o = {5'd0, m};       sh_o = 5'd7;        end
        else           begin sig_o = {4'd0, 1'b1, m}; sh_o = e + 5'd6;    end
      end
      3'd1: begin  // E5M2: s.eeeee.mm, bias 15; e=0: m*2^-16; else (4+m)*2^(e-17); e=31 Inf/NaN
        sign_o = x_i[7]; e = x_i[6:2]; m = {1'b0, x_i[1:0]};
        inf_o  = (e == 5'd31) && (m == 3'd0);
        nan_o  = (e == 5'd31) && (m != 3'd0);
        if (e == 5'd0) begin sig_o = {5'd0, m};            sh_o = 5'd0;     end
        else           begin sig_o = {5'd0, 1'b1, m[1:0]}; sh_o = e - 5'd1; end
      end
      3'd2: begin  // E3M2: s.eee.mm (6 bits), bias 3; e=0: m*2^-4; else (4+m)*2^(e-5)
        sign_o = x_i[5]; e = {2'b00, x_i[4:2]}; m = {1'b0, x_i[1:0]};
        if (e == 5'd0) begin sig_o = {5'd0, m};            sh_o = 5'd12;     end
        else           begin sig_o = {5'd0, 1'b1, m[1:0]}; sh_o = e + 5'd11; end
      end
      3'd3: begin  // E2M3: s.ee.mmm (6 bits), bias 1; e=0: m*2^-3; else (8+m)*2^(e-4)
        sign_o = x_i[5]; e = {3'b000, x_i[4:3]}; m = x_i[2:0];
        if (e == 5'd0) begin sig_o = {5'd0, m};       sh_o = 5'd13;     end
        else           begin sig_o = {4'd0, 1'b1, m}; sh_o = e + 5'd12; end
      end
      3'd4: begin  // E2M1: s.ee.m (4 bits), bias 1; e=0: m*2^-1; else (2+m)*2^(e-2)
        sign_o = x_i[3]; e = {3'b000, x_i[2:1]}; m = {2'b00, x_i[0]};
        if (e == 5'd0) begin sig_o = {7'd0, m[0]};         sh_o = 5'd15;     end
        else           begin sig_o = {6'd0, 1'b1, m[0]};   sh_o = e + 5'd14; end
      end
      default: begin  // INT8: two's complement i * 2^-6 (0x80 is -128 * 2^-6)
        sign_o = x_i[7];
        sig_o  = x_i[7] ? (8'd0 - x_i) : x_i;
        sh_o   = 5'd10;
      end
    endcase
    zero_o = (sig_o == 8'd0) && !inf_o && !nan_o;
  end
endmodule

// One lane: the exact product and its class.
module spec_prod (
  input  wire [7:0]  a_i,
  input  wire [7:0]  b_i,
  input  wire [2:0]  fa_i,
  input  wire [2:0]  fb_i,
  output wire [64:0] p_o,          // a*b in units of 2^-32, two's complement
  output wire        sign_o,       // sign(a) xor sign(b)
  output wire        zero_o,       // the product is a zero (finite operands)
  output wire        nan_o,        // a or b is NaN
  output wire        inf_o,        // a or b is infinite
  output wire        inv_o         // an infinity times a zero
);
  wire        sa, sb, za, zb, ia, ib, na, nb;
  wire [7:0]  ga, gb;
  wire [4:0]  ha, hb;
  spec_elem u_a (.x_i(a_i), .fmt_i(fa_i), .sign_o(sa), .sig_o(ga), .sh_o(ha), .zero_o(za), .inf_o(ia), .nan_o(na));
  spec_elem u_b (.x_i(b_i), .fmt_i(fb_i), .sign_o(sb), .sig_o(gb), .sh_o(hb), .zero_o(zb), .inf_o(ib), .nan_o(nb));
  // |a*b| = ga*gb * 2^(ha+hb) units of 2^-32
  wire [15:0] sig = ga * gb;
  wire [5:0]  sh  = {1'b0, ha} + {1'b0, hb};
  wire [63:0] mag = {48'd0, sig} << sh;
  assign sign_o = sa ^ sb;
  assign p_o    = sign_o ? (65'd0 - {1'b0, mag}) : {1'b0, mag};
  assign zero_o = za | zb;
  assign nan_o  = na | nb;
  assign inf_o  = ia | ib;
  assign inv_o  = (ia & zb) | (ib & za);
endmodule

`default_nettype wire
