#!/bin/sh
# report-test.sh DIR STAGES - step synth-report of `make test`:
#   1. DIR (an asic run of synth.sh, the gls netlist) has a depth per
#      pipeline stage: rows 1..STAGES in order, each with flip-flops and a
#      depth, the deepest of them equal to the netlist's maximum and to
#      `ltp -noff`; every flip-flop was traced to its RTL register;
#   2. report.sh turns it into the "Depth per pipeline stage" table;
#   3. `make synth` announces that it takes minutes and prints progress;
#      `make wave-png` writes under build/, only `make wave-png-docs`
#      rewrites the committed docs/wave.png (checked with make -n).
# Ends with "N passed, N failed".
# SPDX-License-Identifier: Apache-2.0
set -u
dir=$1 stages=$2
make=${MAKE:-make}
pass=0 fail=0
ok()  { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
depth=$dir/asic_depth.txt
[ -f "$depth" ] || { echo "FAIL no $depth"; echo "0 passed, 1 failed"; exit 1; }

rows=$(awk '$1 == "stage" && $2 ~ /^[0-9]+$/ { printf "%s ", $2 }' "$depth")
want=$(i=1; while [ "$i" -le "$stages" ]; do printf '%s ' "$i"; i=$((i + 1)); done)
if [ "$rows" = "$want" ]; then ok "rows 1..$stages found: $rows"; else bad "rows '$rows', expected '$want'"; fi
if awk '$1 == "stage" && $2 ~ /^[0-9]+$/ && !($4 > 0 && $5 > 0) { bad = 1 } END { exit bad }' "$depth"; then
  ok "every row has flip-flops and a depth"; else bad "a row without flip-flops or depth"; fi
max=$(awk '$1 == "max" { print $2 }' "$depth")
smax=$(awk '$1 == "stage" { if ($4 > m) m = $4 } END { print m + 0 }' "$depth")
if [ "$max" = "$smax" ] && [ "$max" -gt 0 ]; then ok "deepest stage = netlist maximum ($max)"; else bad "stage maximum $smax, netlist $max"; fi
ltp=$(awk '/Longest topological path/ { v = $NF; gsub(/[^0-9]/, "", v); print v; exit }' "$dir/asic_ltp.txt")
if [ "$ltp" = "$max" ]; then ok "ltp -noff agrees ($ltp)"; else bad "ltp -noff $ltp, depth.awk $max"; fi
# every flip-flop of the netlist traced to a register of the RTL
nff=$(grep -c '^\.subckt DFF' "$dir/netlist.blif")
ntraced=$(awk 'NR == FNR { if ($1 == "cell") c[$3] = 1; next }
               /^\.cname/ { sub(/^\\/, "", $2); if (("\\" $2) in c || ($2 in c)) n++ } END { print n + 0 }' \
          "$dir/asic_regs.txt" "$dir/netlist.blif")
if [ "$nff" -gt 0 ] && [ "$ntraced" = "$nff" ]; then ok "all $nff flip-flops traced to RTL registers"
else bad "$ntraced of $nff flip-flops traced to RTL registers"; fi
if grep -q '^group u_cut' "$depth" && ! grep -q '^group u_accumulate\.c_shift_i ' "$depth"; then
  ok "registers grouped by RTL register name (u_cut*), not by net alias"
else bad "register groups are not RTL register names"; fi

# ---- 2. the report ----
tmp=$(mktemp -d "${TMPDIR:-/tmp}/report-test.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
cp "$dir"/asic_*.txt "$dir"/libinfo.txt "$tmp"/
if "$(dirname "$0")/synth.sh" row mxdot 8 "$stages" "$tmp" >/dev/null 2>&1 &&
   "$(dirname "$0")/report.sh" "$tmp/r.json" "$tmp/r.md" "$tmp" >/dev/null 2>&1; then
  if grep -q '^## Depth per pipeline stage' "$tmp/r.md" && grep -q '"depth_per_stage": \[{"row": "1"' "$tmp/r.json"; then
    ok "report.md and report.json carry the depth per pipeline stage"
  else bad "report lacks the depth per pipeline stage"; fi
else bad "synth.sh row / report.sh failed"; fi
# The same run recorded as an E4M3-only and an all-format build: the report
# puts them side by side with the ratio (1.000 here, the same netlist).
mkdir -p "$tmp/f1" "$tmp/f63"
cp "$dir"/asic_*.txt "$dir"/libinfo.txt "$tmp/f1"/ && cp "$dir"/asic_*.txt "$dir"/libinfo.txt "$tmp/f63"/
if SYNTH_FORMATS=1 SYNTH_MAXGROUP=4096 "$(dirname "$0")/synth.sh" row mxdot 8 "$stages" "$tmp/f1" >/dev/null 2>&1 &&
   SYNTH_FORMATS=63 SYNTH_MAXGROUP=4096 "$(dirname "$0")/synth.sh" row mxdot 8 "$stages" "$tmp/f63" >/dev/null 2>&1 &&
   "$(dirname "$0")/report.sh" "$tmp/f.json" "$tmp/f.md" "$tmp/f63" "$tmp/f1" >/dev/null 2>&1 &&
   grep -q '^## Element formats' "$tmp/f.md" && grep -q '| all six | .* | 1\.000 | +0 |' "$tmp/f.md" &&
   grep -q '"formats": 63, "max_group": 4096' "$tmp/f.json"; then
  ok "report.md puts the all-format and the E4M3-only build side by side"
else bad "no side-by-side Element formats table"; fi

# ---- 3. make synth, make wave-png ----
n=$($make --no-print-directory -n synth K=8 STAGES=5 2>/dev/null)
case $n in *"takes minutes"*) ok "make synth says it takes minutes" ;; *) bad "make synth gives no warning" ;; esac
case $n in *SYNTH_START*) ok "make synth passes its start time for progress lines" ;; *) bad "make synth has no progress" ;; esac
# (the default sweep: no variable from this make's command line, STAGES
# from the environment)
n=$(env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL STAGES="$stages" $make --no-print-directory -n synth 2>/dev/null | sed -n 's/.*configuration(s) (\([^)]*\)).*/\1/p')
case " $n " in *" K32_S$stages "*" K32_S${stages}_F1 "*" K32_S${stages}_F1_G32 "*) ok "make synth sweeps K32_S$stages all-format, E4M3-only and MaxGroup 32" ;;
  *) bad "make synth sweep lacks the format/group rows: $n" ;; esac
# -o: the trace counts as built, so only the PNG step's own recipe shows
wb=build/report-test-nowhere
w=$($make --no-print-directory -n -o $wb/wave/mxdot.fst BUILD=$wb wave-png 2>/dev/null)
case $w in
  *docs/wave.png*) bad "make wave-png writes docs/wave.png" ;;
  *build*wave.png*|*wave/wave.png*) ok "make wave-png writes under build/" ;;
  *) bad "make wave-png: no PNG in its recipe" ;;
esac
w=$($make --no-print-directory -n -o $wb/wave/mxdot.fst BUILD=$wb wave-png-docs 2>/dev/null)
case $w in *docs/wave.png*) ok "make wave-png-docs writes docs/wave.png" ;; *) bad "make wave-png-docs does not write docs/wave.png" ;; esac

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
