#!/bin/sh
# corners.sh K SEED COUNT - directed blocks (without results) aimed at the
# edges of the RTL's accumulation window (docs/microarch.md): the distance
# d = ec - E between c's LSB exponent and the block sum's swept across the
# limits of the exact placement (d = WS+2 | WS+3, -G | -G-1, -G-24 | -G-25,
# WS = 36+log2 K, G = 26), subnormal accumulators, block sums that cancel to
# zero or to one unit, all rounding modes (and the reserved ones now and
# then). Pipe through `mxdot eval` for the results.
# SPDX-License-Identifier: Apache-2.0
set -eu
[ $# -eq 3 ] || { echo "usage: corners.sh K SEED COUNT" >&2; exit 2; }
exec awk -v k="$1" -v seed="$2" -v n="$3" '
  function ri(lo, hi) { return lo + int(rand() * (hi - lo + 1)) }
  function hx(v, w) { return sprintf("%0" w "X", v) }
  function elem(   s, e, m) {          # a random non-NaN E4M3 code
    do { s = ri(0, 1); e = ri(0, 15); m = ri(0, 7) } while (e == 15 && m == 7)
    return s * 128 + e * 8 + m
  }
  BEGIN {
    srand(seed)
    lk = 0; for (t = 1; t < k; t *= 2) lk++
    ws = 36 + lk; g = 26
    nb = split((ws - 1) " " ws " " (ws + 1) " " (ws + 2) " " (ws + 3) " " (ws + 4) " " \
               (-g + 1) " " (-g) " " (-g - 1) " " (-g - 2) " " (-g - 23) " " (-g - 24) " " \
               (-g - 25) " " (-g - 26) " 0 1 -1", bounds, " ")
    for (i = 0; i < n; i++) {
      a = ""; b = ""
      shape = ri(0, 9)
      nz = (shape < 3) ? 1 : ri(1, k)         # few or many non-zero products
      for (j = 0; j < k; j++) { ea[j] = 0; eb[j] = 0 }
      for (j = 0; j < nz; j++) { p = ri(0, k - 1); ea[p] = elem(); eb[p] = elem() }
      if (shape == 3 && k >= 2) {             # two products that cancel
        ea[1] = ea[0]; eb[1] = (eb[0] + 128) % 256
        for (j = 2; j < k; j++) { ea[j] = 0; eb[j] = ri(0, 1) * 128 }
      }
      for (j = 0; j < k; j++) { a = a hx(ea[j], 2); b = b hx(eb[j], 2) }
      # scales and c: aim d = ec - E at a window limit (E from the block sum
      # LSB, ec = exponent field - 150 for a normal c)
      d = bounds[ri(1, nb)] + ri(-1, 1) * ri(0, 1)
      xa = ri(1, 253); xb = ri(1, 253)
      ef = d + (xa + xb - 272) + 150
      if (ef < 1 || ef > 254) { xb = ri(100, 150); ef = d + (xa + xb - 272) + 150 }
      if (ef < 1 || ef > 254) { xa = ri(100, 150); ef = d + (xa + xb - 272) + 150 }
      if (ef < 1) ef = (shape == 4) ? 0 : 1
      if (ef > 254) ef = 254
      frac = ri(0, 8388607)
      if (shape == 5) frac = 2 ^ ri(0, 22)                 # one bit: subnormal edges
      if (shape == 6) { ef = 0; frac = ri(1, 8388607) }    # subnormal c
      if (shape == 7) { frac = 0 }                          # power of two c
      c = ri(0, 1) * 2147483648 + ef * 8388608 + frac
      if (shape == 8 && ri(0, 3) == 0) c = ri(0, 1) * 2147483648   # zero c
      rm = ri(0, 4); if (ri(0, 30) == 0) rm = ri(5, 7)
      printf "%d %s %s %s %s %s\n", rm, hx(xa, 2), hx(xb, 2), hx(c, 8), a, b
    }
  }'
