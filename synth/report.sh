#!/bin/sh
# report.sh OUT.json OUT.md DIR... - gather the per-configuration results of
# synth.sh (DIR/row.json, row.tsv, modules.json, asic_depth.txt) into one
# JSON list and one markdown report.
# SPDX-License-Identifier: Apache-2.0
set -eu
[ $# -ge 3 ] || { echo "usage: report.sh OUT.json OUT.md DIR..." >&2; exit 2; }
json=$1 md=$2
shift 2
for d in "$@"; do
  [ -f "$d/row.json" ] || { echo "report.sh: missing $d/row.json" >&2; exit 1; }
done

{
  echo "["
  n=0
  for d in "$@"; do
    n=$((n + 1))
    if [ "$n" -lt $# ]; then sed 's/$/,/' "$d/row.json"; else cat "$d/row.json"; fi
  done
  echo "]"
} >"$json.tmp"
mv "$json.tmp" "$json"

lib=$(sed -n 's/.*"library": "\([^"]*\)".*/\1/p' "$1/row.json")
{
  echo "# Synthesis report"
  echo
  echo "Yosys $(yosys -V 2>/dev/null | awk '{ print $2 }'), library \`$lib\` (areas in NAND2 gate"
  echo "equivalents for synth/cells.lib). GE and depth from the flattened netlist;"
  echo "depth = longest chain of library cells between registers (worst stage)."
  echo "Transistors: Yosys \`stat -tech cmos\` of the generic gates before the mapping"
  echo "(flip-flops not counted). FPGA: \`synth_xilinx -nodsp\` (xc7), \`synth_ice40\`."
  echo
  echo "Formats: bit f set = the build carries element format code f (1 = E4M3 only,"
  echo "63 = all six); MaxGroup: the longest group, in elements."
  echo
  echo "| design | K | Stages | Formats | MaxGroup | cells | GE | GE/lane | transistors | flip-flops | depth | Xilinx LUT | FF | CARRY4 | iCE40 LUT4 | CARRY | FF |"
  echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
  for d in "$@"; do
    awk -F '\t' '{ printf "| %s | %s | %s | %s | %s | %s | %.0f | %.1f | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
      $1, $2, $3, $17, $18, $4, $5, $5 / $2, $6, $7, $8, $10, $11, $12, $13, $14, $15 }' "$d/row.tsv"
  done
  echo
  # What each element format costs: every row of the E4M3-only unit's K,
  # Stages and MaxGroup beside it (the all-format unit and E4M3 plus one
  # other format), and what carrying a group over beats costs (MaxGroup).
  rows=""
  for d in "$@"; do rows="$rows $d/row.tsv"; done
  # shellcheck disable=SC2086
  awk -F '\t' '
    function names(f,   s, i, n) {
      split("E4M3 E5M2 E3M2 E2M3 E2M1 INT8", n, " ")
      s = ""; for (i = 0; i < 6; i++) if (int(f / 2 ^ i) % 2) s = s (s == "" ? "" : "+") n[i + 1]
      return f == 63 ? "all six" : s
    }
    $1 == "mxdot" { r[NR] = $0; key[NR] = $2 "_" $3 "_" $18; n[key[NR]]++; if ($17 == 1) base[key[NR]] = NR }
    END {
      hdr = 0
      for (i = 1; i <= NR; i++) {
        if (!(i in r) || !(key[i] in base) || n[key[i]] < 2) continue
        b = base[key[i]]; split(r[b], B, "\t"); split(r[i], R, "\t")
        if (!hdr) {
          print "## Element formats\n"
          print "Each build beside the E4M3-only unit of the same K, Stages and MaxGroup:"
          print "what a format costs on top of E4M3 (the all-format row: what all five"
          print "cost together). Depth: the worst stage, in cells.\n"
          print "| K | Stages | MaxGroup | Formats | carries | GE | GE/lane | x E4M3-only | +GE | flip-flops | depth |"
          print "|--:|--:|--:|--:|---|--:|--:|--:|--:|--:|--:|"
          hdr = 1
        }
        printf "| %s | %s | %s | %s | %s | %.0f | %.1f | %.3f | %+.0f | %s | %s |\n", R[2], R[3], R[18], R[17], names(R[17]),
          R[5], R[5] / R[2], R[5] / B[5], R[5] - B[5], R[7], R[8]
      }
      if (hdr) print ""
      hdr = 0
      for (i = 1; i <= NR; i++) {
        if (!(i in r)) continue
        split(r[i], R, "\t")
        if (R[18] == 4096) continue
        for (j = 1; j <= NR; j++) {
          if (!(j in r)) continue
          split(r[j], G, "\t")
          if (G[2] != R[2] || G[3] != R[3] || G[17] != R[17] || G[18] != 4096) continue
          if (!hdr) {
            print "## Groups longer than a beat\n"
            print "The unit that carries a group of up to 4096 elements over beats beside"
            print "the same unit limited to MaxGroup elements (MaxGroup = K: one beat per"
            print "group, the group register and beat counter reduced to their minimum).\n"
            print "| K | Stages | Formats | MaxGroup | GE | GE/lane | flip-flops | depth | MaxGroup 4096: GE | x | flip-flops | depth |"
            print "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
            hdr = 1
          }
          printf "| %s | %s | %s | %s | %.0f | %.1f | %s | %s | %.0f | %.3f | %s | %s |\n", R[2], R[3], R[17], R[18],
            R[5], R[5] / R[2], R[7], R[8], G[5], G[5] / R[5], G[7], G[8]
        }
      }
      if (hdr) print ""
    }' $rows
  echo
  echo "## GE per module"
  echo
  echo "Hierarchical run (no flattening, so no optimization across module"
  echo "boundaries): combinational GE of each RTL module times its instances;"
  echo "every flip-flop is counted under \"registers\"."
  echo
  echo "| design | K | Stages | Formats | MaxGroup | total (hier.) | per module: GE (share) |"
  echo "|---|--:|--:|--:|--:|--:|---|"
  for d in "$@"; do
    awk -F '\t' -v mods="$(cat "$d/modules.json")" '{
      s = mods; gsub(/[{}"]/, "", s); n = split(s, kv, ", ")
      tot = 0; for (i = 1; i <= n; i++) { split(kv[i], p, ": "); tot += p[2] }
      out = ""
      for (i = 1; i <= n; i++) {
        split(kv[i], p, ": ")
        out = out sprintf("%s%s %.0f (%.0f%%)", (i > 1 ? "; " : ""), p[1], p[2], tot ? 100 * p[2] / tot : 0)
      }
      printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $17, $18, ($16 == "-" ? "-" : sprintf("%.0f", $16)), out
    }' "$d/row.tsv"
  done
  echo
  echo "## Depth per pipeline stage"
  echo
  echo "Logic depth in cells ending at each register row (stage r: from row r-1, or"
  echo "the inputs, to row r), with the RTL's name of the row and its flip-flops;"
  echo "then the valid bits (handshake) and the logic ending at output ports."
  echo "Registers are placed in rows by their RTL names (synth/README.md). ABC"
  echo "maps for the least worst depth, then recovers area on shallower paths up"
  echo "to that depth: stages that come out equal are common."
  echo '`ltp -noff` gives the same maximum (column ltp).'
  echo
  echo "| design | K | Stages | Formats | MaxGroup | ltp | depth per stage: row (name, flip-flops) depth |"
  echo "|---|--:|--:|--:|--:|--:|---|"
  for d in "$@"; do
    eps=$(awk '$1 == "stage" { l = $6; for (i = 7; i <= NF; i++) l = l " " $i
        if ($2 ~ /^[0-9]+$/) printf "%s%s (%s, %s) **%s**", sep, $2, l, $5, $4
        else printf "%s%s (%s) **%s**", sep, $2, l, $4
        sep = "; " }' "$d/asic_depth.txt" | sed 's/|/\\|/g')
    awk -F '\t' -v eps="$eps" '{ printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $17, $18, $9, eps }' "$d/row.tsv"
  done
  echo
  echo "Deepest registers (RTL register name, depth, row):"
  echo
  echo "| design | K | Stages | Formats | MaxGroup | deepest registers |"
  echo "|---|--:|--:|--:|--:|---|"
  for d in "$@"; do
    eps=$(awk '$1 == "group" { printf "%s%s %s (row %s)", sep, $2, $3, $4; sep = "; "; if (++n == 6) exit }' "$d/asic_depth.txt" |
      sed 's/|/\\|/g')
    awk -F '\t' -v eps="$eps" '{ printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $17, $18, eps }' "$d/row.tsv"
  done
} >"$md.tmp"
mv "$md.tmp" "$md"
