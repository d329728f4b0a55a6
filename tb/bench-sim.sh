#!/bin/sh
# bench-sim.sh NEW_BIN BASE_COMMIT WORKDIR COUNT RUNS - co-simulation speed
# of this tree's mxdot-sim beside the one of BASE_COMMIT (the unit and
# testbench before the group, format and speed work), in one run.
#
# The baseline is exported from git into WORKDIR and built there with its
# own Makefile (K = 32, Stages = 5: the configuration it had). Both
# binaries run their own --bench (K = 32 E4M3 groups of one beat, CPU time,
# median of RUNS), alternately, twice; the medians of each side's reported
# figures and their ratio are printed. Without git or the commit, only this
# tree's figures are given.
# SPDX-License-Identifier: Apache-2.0
set -u
new=$1 base=$2 work=$3 count=$4 runs=$5
old=""
if git cat-file -e "$base^{commit}" 2>/dev/null; then
  if [ ! -x "$work/build/bin/mxdot-sim" ]; then
    echo "==> building the baseline co-simulation ($base) in $work (once)"
    rm -rf "$work" && mkdir -p "$work"
    git archive "$base" | tar -x -C "$work"
    env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$work" --no-print-directory -s sim-build \
      BUILD=build K=32 STAGES=5 >"$work.log" 2>&1 \
      || { echo "bench-sim.sh: the baseline did not build (log: $work.log)"; }
  fi
  [ -x "$work/build/bin/mxdot-sim" ] && old=$work/build/bin/mxdot-sim
else
  echo "bench-sim.sh: commit $base not in this clone: no baseline"
fi

# figure LOG PATTERN: the M blocks/s figure of the line matching PATTERN
figure() { grep -E "$2" "$1" | head -n 1 | sed -n 's/.* \([0-9.]*\) M \(blocks\|groups\)\/s.*/\1/p'; }
tmp=${TMPDIR:-/tmp}/bench-sim.$$
for round in 1 2; do
  [ -n "$old" ] && "$old" --bench --count "$count" --runs "$runs" >"$tmp.old$round" 2>&1
  "$new" --bench --count "$count" --runs "$runs" >"$tmp.new$round" 2>&1
done
cat "$tmp.new2"
med() { printf '%s\n%s\n' "$1" "$2" | sort -n | awk 'NR == 1 { a = $1 } NR == 2 { printf "%.3f", (a + $1) / 2 }'; }
row() {   # row LABEL OLD_PATTERN NEW_PATTERN (OLD_PATTERN empty: the baseline has no such figure)
  n=$(med "$(figure "$tmp.new1" "$3")" "$(figure "$tmp.new2" "$3")")
  if [ -n "$old" ] && [ -n "$2" ]; then
    o=$(med "$(figure "$tmp.old1" "$2")" "$(figure "$tmp.old2" "$2")")
    printf '  %-44s %8s %8s %7s\n' "$1" "$o" "$n" "$(awk -v a="$o" -v b="$n" 'BEGIN { if (a > 0) printf "%.2fx", b / a }')"
  else
    printf '  %-44s %8s %8s\n' "$1" "-" "$n"
  fi
}
echo "bench-sim: side by side, M groups/s (CPU time; each figure the mean of two medians of $runs runs)"
printf '  %-44s %8s %8s %7s\n' "" "$base" "now" "ratio"
# (the baseline's co-simulation figure is at full rate; it had no other)
row "co-simulation, default gaps and stalls" '' '^  co-simulation, gaps'
row "co-simulation at full rate" '^  co-simulation \(generate' '^  co-simulation at full rate'
row "Verilated RTL alone" 'Verilated RTL alone' 'Verilated RTL alone'
row "generator + reference alone" 'generator \+ reference alone' 'generator \+ reference alone'
rm -f "$tmp".*
