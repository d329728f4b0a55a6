#!/bin/sh
# lint.sh SRC... - the checks of rtl/lint.sh for the Blackwell-compatible unit
# (module mxdot_bw): Verilator --lint-only -Wall with no warning for every
# Stages value at Lanes 1, 5, 8 and 32 and for single-format builds,
# Yosys (read, proc, check -assert, no latch) and Icarus -g2005. One line
# per failed check, then "N passed, N failed"; exit 1 on any failure.
# Environment: VERILATOR, YOSYS, IVERILOG, LINT_DIR (logs, default
# build/lint-bw).
# SPDX-License-Identifier: Apache-2.0
set -u
[ $# -ge 1 ] || { echo "usage: lint.sh SRC..." >&2; exit 2; }
src=$*   # file names without blanks
VERILATOR=${VERILATOR:-verilator}
YOSYS=${YOSYS:-yosys}
IVERILOG=${IVERILOG:-iverilog}
dir=${LINT_DIR:-build/lint-bw}
mkdir -p "$dir"
p=0 f=0

check() {          # check NAME LOG CMD...: passes when CMD succeeds and warns of nothing
  name=$1 log=$2
  shift 2
  if "$@" >"$log" 2>&1 && ! grep -qiE '^%?warning|warning:' "$log"; then
    p=$((p + 1))
  else
    echo "FAIL  $name (log $log):"; sed 's/^/      /' "$log" | head -n 20; f=$((f + 1))
  fi
}

for l in 1 5 8 32; do
  for s in 1 2 3 4 5 6 7 9; do
    check "verilator Lanes=$l Stages=$s" "$dir/verilator_l${l}_s$s.log" \
      "$VERILATOR" --lint-only -Wall -GLanes="$l" -GStages="$s" --top-module mxdot_bw $src
  done
done
for fm in 1 2 16 24; do
  check "verilator Formats=$fm" "$dir/verilator_f$fm.log" \
    "$VERILATOR" --lint-only -Wall -GFormats="$fm" --top-module mxdot_bw $src
done
for s in 1 5 9; do
  ys="read_verilog -defer $src; chparam -set Lanes 8 -set Stages $s mxdot_bw;"
  ys="$ys hierarchy -check -top mxdot_bw; proc; check -assert;"
  ys="$ys select -assert-none t:\$dlatch t:\$adlatch t:\$dlatchsr t:\$sr t:\$_DLATCH_*"
  check "yosys Stages=$s" "$dir/yosys_s$s.log" "$YOSYS" -q -p "$ys"
done
check "iverilog -g2005" "$dir/iverilog.log" "$IVERILOG" -g2005 -Wall -o "$dir/a.out" -s mxdot_bw $src
echo "$p passed, $f failed"
[ "$f" -eq 0 ]
