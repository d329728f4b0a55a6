#!/bin/sh
# vec2hex.sh K FILE... - turn SPEC section 3 vector lines that carry results
# (RM XA XB C A B D FLAGS) into one fixed-width hex word per block for the
# Icarus testbench (tb_mxdot.v reads them with $fscanf "%h"):
#   LINE(8) RM(1) XA(2) XB(2) C(8) A(2K) B(2K) D(8) FLAGS(2)
# LINE is the line number in FILE (for reports); A and B are written with
# element K-1 first, so that element i lands in bits [8i +: 8] as on the
# unit's ports. Comment and blank lines are skipped. A malformed line is an
# error naming file, line and field, exit status 2.
# SPDX-License-Identifier: Apache-2.0
set -eu
[ $# -ge 2 ] || { echo "usage: vec2hex.sh K FILE..." >&2; exit 2; }
k=$1; shift
case $k in ''|*[!0-9]*) echo "vec2hex.sh: K must be a number" >&2; exit 2 ;; esac
exec awk -v k="$k" '
  function bad(field, what) {
    printf "%s:%d: field %s: %s\n", FILENAME, FNR, field, what > "/dev/stderr"
    failed = 1; exit 2
  }
  function hexf(v, n, field) {
    if (length(v) != n) bad(field, sprintf("%d hex digits expected, got %d", n, length(v)))
    if (v !~ /^[0-9A-Fa-f]+$/) bad(field, "not hexadecimal")
    return toupper(v)
  }
  /^[ \t\r]*(#|$)/ { next }
  {
    sub(/\r$/, "")
    if (NF == 6) bad("D", "missing (run the file through mxdot eval first)")
    if (NF != 8) bad("line", sprintf("%d fields, 8 expected", NF))
    rm = hexf($1, 1, "RM")
    if (rm !~ /^[0-7]$/) bad("RM", "not in 0..7")
    if (length($5) != 2 * k) bad("A", sprintf("%d elements, K = %d expected", length($5) / 2, k))
    a = hexf($5, 2 * k, "A"); b = hexf($6, 2 * k, "B")
    ra = ""; rb = ""
    for (i = k - 1; i >= 0; i--) {
      ra = ra substr(a, 2 * i + 1, 2); rb = rb substr(b, 2 * i + 1, 2)
    }
    printf "%08X%s%s%s%s%s%s%s%s\n", FNR, rm, hexf($2, 2, "XA"), hexf($3, 2, "XB"),
      hexf($4, 8, "C"), ra, rb, hexf($7, 8, "D"), hexf($8, 2, "FLAGS")
  }
  END { if (failed) exit 2 }' "$@"
