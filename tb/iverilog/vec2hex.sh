#!/bin/sh
# vec2hex.sh FILE... - turn SPEC section 3 vector lines that carry results
# ([F] RM XA XB C A B D FLAGS, any K from 1 to 4096) into the hex tokens of
# the Icarus testbench (tb_mxdot.v reads them with $fscanf "%h", so they do
# not depend on the unit's lane count). Per group, on one line, a header
# token of 38 digits
#   LINE(8) K(4) HASF(1) FA(1) FB(1) RM(1) XA(2) XB(2) C(8) D(8) FLAGS(2)
# (LINE: the line in FILE, for reports; HASF: 1 when the line has F; FA FB:
# its digits, 0 0 without F), then, on the next line, K tokens AABB: element
# i of A and of B, element 0 first. The last line is an end marker: a header
# with K = 0 whose LINE field is the number of groups (the testbench checks
# it, so a truncated file fails, and an empty one is an error there).
# Comment and blank lines are skipped. A malformed line is an error naming
# file, line and field, exit status 2.
# SPDX-License-Identifier: Apache-2.0
set -eu
[ $# -ge 1 ] || { echo "usage: vec2hex.sh FILE..." >&2; exit 2; }
exec awk '
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
    # a "#" at the start of a later field starts a comment
    for (i = 2; i <= NF; i++) if (substr($i, 1, 1) == "#") { NF = i - 1; break }
    if (NF == 6 || NF == 7) bad("D", "missing (run the file through mxdot eval first)")
    if (NF != 8 && NF != 9) bad("line", sprintf("%d fields, 8 or 9 expected", NF))
    o = NF - 8                         # 1 when the line starts with F
    if (o) {
      f = hexf($1, 2, "F")
      if (f !~ /^[0-7][0-7]$/) bad("F", "format codes must be 0-7")
    } else f = "00"
    rm = hexf($(1 + o), 1, "RM")
    if (rm !~ /^[0-7]$/) bad("RM", "not in 0..7")
    xa = hexf($(2 + o), 2, "XA"); xb = hexf($(3 + o), 2, "XB"); c = hexf($(4 + o), 8, "C")
    la = length($(5 + o)); lb = length($(6 + o))
    if (la == 0 || la % 2) bad("A", "an even number of hex digits expected")
    if (lb != la) bad("B", "not as long as A")
    k = la / 2
    if (k > 4096) bad("A", sprintf("%d elements, at most 4096", k))
    a = hexf($(5 + o), la, "A"); b = hexf($(6 + o), lb, "B")
    dd = hexf($(7 + o), 8, "D"); fl = hexf($(8 + o), 2, "FLAGS")
    printf "%08X%04X%d%s%s%s%s%s%s%s\n", FNR, k, o, f, rm, xa, xb, c, dd, fl
    line = ""
    for (i = 0; i < k; i++)
      line = line (i ? " " : "") substr(a, 2 * i + 1, 2) substr(b, 2 * i + 1, 2)
    print line
    groups++
  }
  END {
    if (failed) exit 2
    printf "%08X%04X%s\n", groups, 0, "00000000000000000000000000"
  }' "$@"
