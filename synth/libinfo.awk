# libinfo.awk - list the cells of a Liberty file for the synthesis scripts.
#
# Prints one line per cell: NAME KIND AREA OUTPINS INPINS CLOCKPINS, where
# KIND is "seq" (the cell has an ff or latch group) or "comb", and each pin
# list is comma-separated ("-" when empty). Power pins (pg_pin) are skipped.
# SPDX-License-Identifier: Apache-2.0
function unq(s) { gsub(/[" \t]/, "", s); return s }
function flush() {
  if (cell != "")
    printf "%s %s %s %s %s %s\n", cell, (seq ? "seq" : "comb"), (area == "" ? 0 : area),
      (outs == "" ? "-" : outs), (ins == "" ? "-" : ins), (clks == "" ? "-" : clks)
  cell = ""; seq = 0; area = ""; outs = ""; ins = ""; clks = ""
}
{
  line = $0
  sub(/\/\*.*\*\//, "", line)
  # Brace depth before this line decides what a group opens.
  if (match(line, /^[ \t]*cell[ \t]*\(/)) {
    flush()
    s = line; sub(/^[ \t]*cell[ \t]*\(/, "", s); sub(/\).*/, "", s)
    cell = unq(s); celldepth = depth
  } else if (cell != "" && match(line, /^[ \t]*(ff|latch|ff_bank|latch_bank|statetable)[ \t]*\(/)) {
    seq = 1
  } else if (cell != "" && match(line, /^[ \t]*area[ \t]*:/)) {
    s = line; sub(/^[ \t]*area[ \t]*:/, "", s); sub(/;.*/, "", s); area = unq(s)
  } else if (cell != "" && match(line, /^[ \t]*pin[ \t]*\(/)) {
    s = line; sub(/^[ \t]*pin[ \t]*\(/, "", s); sub(/\).*/, "", s); pin = unq(s); pindepth = depth
  }
  if (cell != "" && pin != "" && match(line, /direction[ \t]*:/)) {
    s = line; sub(/.*direction[ \t]*:/, "", s); sub(/;.*/, "", s); s = unq(s)
    if (s == "output") outs = (outs == "" ? pin : outs "," pin)
    else if (s == "input") ins = (ins == "" ? pin : ins "," pin)
  }
  if (cell != "" && pin != "" && match(line, /clock[ \t]*:[ \t]*true/))
    clks = (clks == "" ? pin : clks "," pin)
  n = split(line, ch, "")
  for (i = 1; i <= n; i++) {
    if (ch[i] == "{") depth++
    else if (ch[i] == "}") {
      depth--
      if (pin != "" && depth == pindepth) pin = ""
      if (cell != "" && depth == celldepth) flush()
    }
  }
}
END { flush() }
