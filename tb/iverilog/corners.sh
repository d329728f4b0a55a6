#!/bin/sh
# corners.sh LANES FORMATS MAXGROUP KMAX SEED COUNT [SHAPE] - directed groups
# (vector lines with F, without results) aimed at the edges of the RTL's
# accumulation window (docs/microarch.md) for a unit of LANES lanes that
# carries FORMATS (bit f: format code f) and groups of up to MAXGROUP
# elements: the distance d = ec - E between c's LSB exponent and that of
# the group sum's grid (2^-2QN, QN the finest element quantum of the build)
# swept across the limits of the exact placement (d = WS+2 | WS+3, -G |
# -G-1, -G-24 | -G-25, WS = AccW - 1 of mxdot_unit, G = 26), subnormal
# accumulators, sums that cancel to zero or to one unit (the pair in
# different beats as often as not), groups of KMAX largest elements (the
# top of the carried sum: half of them in the build's widest format, E5M2
# when carried), all rounding modes (the reserved ones now and then). Group
# lengths 1..KMAX, mostly within a few beats. Elements are finite codes of
# formats the build carries. SHAPE 0..9 makes every group that shape (9:
# the largest sums). Pipe through `mxdot eval`.
# SPDX-License-Identifier: Apache-2.0
set -eu
[ $# -eq 6 ] || [ $# -eq 7 ] || { echo "usage: corners.sh LANES FORMATS MAXGROUP KMAX SEED COUNT [SHAPE]" >&2; exit 2; }
for v in "$@"; do
  case $v in ''|*[!0-9]*) echo "corners.sh: '$v' is not a decimal number" >&2; exit 2 ;; esac
done
[ "$1" -ge 1 ] && [ "$2" -ge 1 ] && [ "$2" -le 63 ] && [ "$3" -ge 1 ] && [ "$4" -ge 1 ] \
  && [ "$4" -le 4096 ] || { echo "corners.sh: LANES, FORMATS (1..63), MAXGROUP, KMAX (1..4096) out of range" >&2; exit 2; }
exec awk -v lanes="$1" -v fmts="$2" -v maxgroup="$3" -v kmax="$4" -v seed="$5" -v n="$6" -v force="${7:-}" '
  function ri(lo, hi) { return lo + int(rand() * (hi - lo + 1)) }
  function hx(v, w) { return sprintf("%0" w "X", v) }
  function clog2(x,   r) { r = 0; while (2 ^ r < x) r++; return r }
  function bit(v, i) { return int(v / 2 ^ i) % 2 }
  function elem(f,   x) {            # a random finite code of format f
    if (f == 0) { do x = ri(0, 255); while (x % 128 == 127); return x }
    if (f == 1) { do x = ri(0, 255); while (int(x / 4) % 32 == 31); return x }
    if (f == 2 || f == 3) return ri(0, 63)
    if (f == 4) return ri(0, 15)
    return ri(0, 255)
  }
  function neg(f, x,   sb) {               # -x (INT8: two s complement; -2 has none)
    if (f == 5) return (x == 128) ? 129 : (256 - x) % 256
    sb = (f <= 1) ? 128 : ((f <= 3) ? 32 : 8)
    return (int(x / sb) % 2) ? x - sb : x + sb
  }
  function top(f) {                  # the largest magnitude (INT8: -2)
    return (f == 0) ? 126 : (f == 1) ? 123 : (f <= 3) ? 31 : (f == 4) ? 7 : 128
  }
  BEGIN {
    srand(seed)
    # the widths of mxdot_unit for this build
    q[0] = 9; q[1] = 16; q[2] = 4; q[3] = 3; q[4] = 1; q[5] = 6
    t[0] = 9; t[1] = 16; t[2] = 5; t[3] = 3; t[4] = 3; t[5] = 2
    qn = 0; tm = 0; nf = 0
    for (f = 0; f < 6; f++) if (bit(fmts, f)) {
      carried[nf++] = f; if (q[f] > qn) qn = q[f]; if (t[f] > tm) { tm = t[f]; wide = f }
    }
    prodw = 2 * tm + 2 * qn
    logl = clog2(lanes); maxbeats = int((maxgroup + lanes - 1) / lanes)
    ws = prodw + clog2(maxbeats * 2 ^ logl)      # AccW - 1
    g = 26
    nb = split((ws - 1) " " ws " " (ws + 1) " " (ws + 2) " " (ws + 3) " " (ws + 4) " " \
               (-g + 1) " " (-g) " " (-g - 1) " " (-g - 2) " " (-g - 23) " " (-g - 24) " " \
               (-g - 25) " " (-g - 26) " 0 1 -1", bounds, " ")
    if (kmax > maxgroup) kmax = maxgroup
    for (i = 0; i < n; i++) {
      fa = carried[ri(0, nf - 1)]; fb = carried[ri(0, nf - 1)]
      shape = (force != "") ? force + 0 : ri(0, 9)
      if (shape == 9 && ri(0, 1)) { fa = wide; fb = wide }
      # length: one beat or less, a few beats, or up to KMAX
      r = ri(0, 9)
      k = (r < 4) ? ri(1, lanes) : (r < 8) ? ri(1, 4 * lanes) : ri(1, kmax)
      if (k > kmax) k = kmax
      if (shape == 9) k = kmax
      nz = (shape < 3) ? 1 : ri(1, k)          # few or many non-zero products
      for (j = 0; j < k; j++) { ea[j] = 0; eb[j] = 0 }
      for (j = 0; j < nz; j++) { p = ri(0, k - 1); ea[p] = elem(fa); eb[p] = elem(fb) }
      if (shape == 3 && k >= 2) {             # two products that cancel
        p = ri(0, k - 1); do p2 = ri(0, k - 1); while (p2 == p)
        for (j = 0; j < k; j++) { ea[j] = 0; eb[j] = 0 }
        ea[p] = elem(fa); eb[p] = elem(fb)
        if (ea[p] == 0) ea[p] = 1
        if (eb[p] == 0) eb[p] = 1
        ea[p2] = ea[p]; eb[p2] = neg(fb, eb[p])
      }
      if (shape == 9)                         # the largest sum the group can have
        for (j = 0; j < k; j++) { ea[j] = top(fa); eb[j] = top(fb) }
      a = ""; b = ""
      for (j = 0; j < k; j++) { a = a hx(ea[j], 2); b = b hx(eb[j], 2) }
      # scales and c: aim d = ec - E at a window limit (E the grid exponent
      # of the group sum, ec = exponent field - 150 for a normal c)
      d = bounds[ri(1, nb)] + ri(-1, 1) * ri(0, 1)
      xa = ri(1, 253); xb = ri(1, 253)
      ef = d + (xa + xb - 254 - 2 * qn) + 150
      if (ef < 1 || ef > 254) { xb = ri(100, 150); ef = d + (xa + xb - 254 - 2 * qn) + 150 }
      if (ef < 1 || ef > 254) { xa = ri(100, 150); ef = d + (xa + xb - 254 - 2 * qn) + 150 }
      if (ef < 1) ef = (shape == 4) ? 0 : 1
      if (ef > 254) ef = 254
      frac = ri(0, 8388607)
      if (shape == 5) frac = 2 ^ ri(0, 22)                 # one bit: subnormal edges
      if (shape == 6) { ef = 0; frac = ri(1, 8388607) }    # subnormal c
      if (shape == 7) { frac = 0 }                          # power of two c
      c = ri(0, 1) * 2147483648 + ef * 8388608 + frac
      if (shape == 8 && ri(0, 3) == 0) c = ri(0, 1) * 2147483648   # zero c
      rm = ri(0, 4); if (ri(0, 30) == 0) rm = ri(5, 7)
      printf "%d%d %d %s %s %s %s %s\n", fa, fb, rm, hx(xa, 2), hx(xb, 2), hx(c, 8), a, b
    }
  }'
