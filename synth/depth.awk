# depth.awk - logic depth, in cells, of every register and output of a
# mapped netlist (BLIF from Yosys write_blif).
#
#   awk -f depth.awk LIBINFO NETLIST.blif
# LIBINFO is the output of libinfo.awk. Flip-flop outputs and primary inputs
# start at depth 0; each combinational cell adds 1 (BLIF .names buffers and
# constants add 0). Every endpoint, a flip-flop input or a primary output,
# is grouped by its register or port name without the bit index; prints
#   max N
#   group NAME N      (one line per group, deepest first)
# so the deepest group is the critical pipeline stage.
# SPDX-License-Identifier: Apache-2.0
function base(n) { sub(/\[[0-9]+\]$/, "", n); return n }
FNR == NR { kind[$1] = $2; outs[$1] = "," $4 ","; clks[$1] = "," $6 ","; next }
/^\.inputs/ { for (i = 2; i <= NF; i++) d[$i] = 0; next }
/^\.outputs/ { for (i = 2; i <= NF; i++) { ne++; ep[ne] = $i; eg[ne] = base($i) } next }
/^\.names/ {
  nn++; nin[nn] = NF - 2; w[nn] = 0
  for (i = 2; i < NF; i++) in_[nn, i - 1] = $i
  out[nn] = $NF; next
}
/^\.subckt/ {
  t = $2
  if (!(t in kind)) { print "depth.awk: cell " t " not in the library" > "/dev/stderr"; bad = 1; next }
  if (kind[t] == "seq") {
    q = ""; ni = 0
    for (i = 3; i <= NF; i++) {
      split($i, pv, "="); p = pv[1]; v = pv[2]
      if (index(outs[t], "," p ",")) { d[v] = 0; if (q == "") q = v }
      else if (!index(clks[t], "," p ",")) { ni++; tmp[ni] = v }
    }
    for (i = 1; i <= ni; i++) { ne++; ep[ne] = tmp[i]; eg[ne] = base(q) }
    next
  }
  nn++; w[nn] = 1; k = 0; o = ""
  for (i = 3; i <= NF; i++) {
    split($i, pv, "="); p = pv[1]; v = pv[2]
    if (index(outs[t], "," p ",")) o = v
    else { k++; in_[nn, k] = v }
  }
  nin[nn] = k; out[nn] = o; next
}
END {
  if (bad) exit 2
  # Relax until nothing changes: each pass settles at least one more level.
  for (pass = 0; pass < 10000; pass++) {
    changed = 0
    for (c = 1; c <= nn; c++) {
      m = 0
      for (i = 1; i <= nin[c]; i++) { v = in_[c, i]; if ((v in d) && d[v] > m) m = d[v] }
      m += w[c]
      if (!(out[c] in d) || d[out[c]] < m) { d[out[c]] = m; changed = 1 }
    }
    if (!changed) break
  }
  max = 0
  for (e = 1; e <= ne; e++) {
    v = (ep[e] in d) ? d[ep[e]] : 0
    if (!(eg[e] in gd) || v > gd[eg[e]]) gd[eg[e]] = v
    if (v > max) max = v
  }
  print "max", max
  for (g in gd) print "group", g, gd[g] | "sort -k3,3nr -k2,2"
}
