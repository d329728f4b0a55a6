# depth.awk - logic depth, in cells, of every register and output of a
# mapped netlist, and per pipeline stage.
#
#   awk -f depth.awk LIBINFO ROWS REGS NETLIST.blif
# LIBINFO is the output of libinfo.awk, ROWS that of rows.awk on the top
# module's source, REGS a Yosys `dump` of the flip-flops taken right after
# `synth -flatten` (when each flip-flop still drives its register's own
# net), NETLIST the mapped netlist written with `write_blif -cname` (the
# flip-flops keep the cell names of REGS through dfflibmap). Flip-flop
# outputs and primary inputs start at depth 0; each combinational cell adds
# 1 (BLIF .names buffers and constants add 0). Prints
#   max N
#   stage ROW CUT N BITS LABEL...  one line per register row, in pipeline
#                                  order: N is the deepest logic ending at
#                                  row ROW (1 = first row after the inputs),
#                                  the RTL's cut CUT, BITS its flip-flops;
#                                  then "stage valid - N BITS handshake"
#                                  (the valid bits), "stage out - N 0
#                                  outputs" (logic ending at output ports)
#                                  and "stage ? - N BITS registers of
#                                  INST" for registers no rule places (a
#                                  feedback register, for instance), one
#                                  line per instance
#   group NAME N ROW               per register (RTL name, no bit index) or
#                                  output port, deepest first
# The rules that place a register in a row are in synth/README.md.
# SPDX-License-Identifier: Apache-2.0
function base(n) { sub(/\[[0-9]+\]$/, "", n); return n }
function unesc(n) { sub(/^\\/, "", n); return n }
# The cut of register NAME, or "" when no rule applies.
function cut_of(name,    p, s, x) {
  if (name ~ /^valid_q$/ || name ~ /\.valid_q$/) return "valid"
  s = name
  if (match(s, /(^|\.)u_(cut|r)[0-9]+\./)) {
    x = substr(s, RSTART, RLENGTH); gsub(/[^0-9]/, "", x); return x + 0
  }
  if (match(s, /(^|\.)g_[a-z_]*\[[0-9]+\]\.u_(row|x)\./)) {
    x = substr(s, RSTART, RLENGTH); sub(/\]\..*$/, "", x); sub(/^.*\[/, "", x)
    return lastcut + x
  }
  # u_<m>.u_<x> of rows.awk, with any generate scopes in between
  for (p in instcut) {
    x = p; sub(/\..*$/, "", x)
    if (index(s, x ".") == 1 && index(substr(s, length(x) + 1), "." substr(p, length(x) + 2) ".")) return instcut[p]
  }
  return ""
}
# The instance holding register NAME (its path without the register).
function inst_of(name,    s) { s = name; if (!sub(/\.[^.]*$/, "", s)) s = "(top)"; return s }
FNR == 1 { fi++ }
fi == 1 { kind[$1] = $2; outs[$1] = "," $4 ","; clks[$1] = "," $6 ","; next }
fi == 2 {
  if ($1 == "label") {
    l = $3; for (i = 4; i <= NF; i++) l = l " " $i
    label[$2] = l; if ($2 + 0 > lastcut) lastcut = $2 + 0
  } else if ($1 == "inst") instcut[$2] = $3 + 0
  next
}
fi == 3 {
  if ($1 == "cell") cur = unesc($3)
  else if ($1 == "connect" && $2 == "\\Q" && cur != "") regof[cur] = unesc($3)
  else if ($1 == "end") cur = ""
  next
}
/^\.inputs/ { for (i = 2; i <= NF; i++) d[$i] = 0; next }
/^\.outputs/ { for (i = 2; i <= NF; i++) { ne++; ep[ne] = $i; eg[ne] = base($i); erow[ne] = "out" } next }
/^\.names/ {
  nn++; nin[nn] = NF - 2; w[nn] = 0
  for (i = 2; i < NF; i++) in_[nn, i - 1] = $i
  out[nn] = $NF; lastff = 0; next
}
# The cell name of the flip-flop just read: its register's RTL name.
/^\.cname/ {
  if (lastff) {
    r = ($2 in regof) ? regof[$2] : ""
    for (e = ffe0; e <= ne; e++) { if (r != "") eg[e] = r; erow[e] = cut_of(eg[e]) }
    ffbits[eg[ffe0]]++
  }
  lastff = 0; next
}
/^\.subckt/ {
  t = $2; lastff = 0
  if (!(t in kind)) { print "depth.awk: cell " t " not in the library" > "/dev/stderr"; bad = 1; next }
  if (kind[t] == "seq") {
    q = ""; ni = 0
    for (i = 3; i <= NF; i++) {
      split($i, pv, "="); p = pv[1]; v = pv[2]
      if (index(outs[t], "," p ",")) { d[v] = 0; if (q == "") q = v }
      else if (!index(clks[t], "," p ",")) { ni++; tmp[ni] = v }
    }
    # Until its .cname is read, the endpoint is named after its output net.
    ffe0 = ne + 1
    for (i = 1; i <= ni; i++) { ne++; ep[ne] = tmp[i]; eg[ne] = base(q); erow[ne] = cut_of(base(q)) }
    lastff = 1
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
    g = eg[e]
    if (!(g in gd) || v > gd[g]) gd[g] = v
    grow[g] = erow[e]
    if (v > max) max = v
  }
  print "max", max
  # Stages: the cuts that hold registers, in pipeline order, numbered 1...
  ncut = 0
  for (g in gd) {
    r = grow[g]
    if (r == "") {   # no rule: a stage of its own, named by its instance
      u = inst_of(g); if (!(u in ud) || gd[g] > ud[u]) ud[u] = gd[g]
      ub[u] += ffbits[g]; continue
    }
    if (r == "out" || r == "valid") {
      if (!(r in sd) || gd[g] > sd[r]) sd[r] = gd[g]
      sb[r] += ffbits[g]; continue
    }
    if (!(r in sd)) { ncut++; cuts[ncut] = r + 0 }
    if (!(r in sd) || gd[g] > sd[r]) sd[r] = gd[g]
    sb[r] += ffbits[g]
  }
  for (i = 2; i <= ncut; i++)   # insertion sort: a handful of cuts
    for (j = i; j > 1 && cuts[j - 1] > cuts[j]; j--) { x = cuts[j]; cuts[j] = cuts[j - 1]; cuts[j - 1] = x }
  for (i = 1; i <= ncut; i++) {
    c = cuts[i]
    l = (c in label) ? label[c] : (c > lastcut && lastcut > 0 ? "extra output row " (c - lastcut) : "row")
    rowof[c] = i
    print "stage", i, c, sd[c], sb[c] + 0, l
  }
  if ("valid" in sd) print "stage valid -", sd["valid"], sb["valid"] + 0, "handshake"
  if ("out" in sd) print "stage out -", sd["out"], 0, "outputs"
  for (u in ud) print "stage ? -", ud[u], ub[u] + 0, "registers of", u
  for (g in gd) {
    r = grow[g]
    rr = (r == "") ? "?" : ((r in rowof) ? rowof[r] : r)
    print "group", g, gd[g], rr | "sort -k3,3nr -k2,2"
  }
}
