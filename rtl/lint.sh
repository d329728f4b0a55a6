#!/bin/sh
# lint.sh "K..." "STAGES..." SRC... - the RTL checks of `make lint`:
# for every K and Stages, Verilator --lint-only -Wall (no warning allowed),
# Yosys (read, proc, check -assert, no latch) and Icarus -g2005 (compiles
# without warnings). One line per check, then "N passed, N failed"; exit 1
# on any failure. Environment: VERILATOR, YOSYS, IVERILOG, LINT_DIR (logs,
# default build/lint).
# SPDX-License-Identifier: Apache-2.0
set -u
[ $# -ge 3 ] || { echo "usage: lint.sh \"K...\" \"STAGES...\" SRC..." >&2; exit 2; }
ks=$1 stages=$2
shift 2
VERILATOR=${VERILATOR:-verilator}
YOSYS=${YOSYS:-yosys}
IVERILOG=${IVERILOG:-iverilog}
dir=${LINT_DIR:-build/lint}
mkdir -p "$dir"
p=0 f=0

check() {          # check NAME LOG CMD...: a check passes when CMD succeeds
  name=$1 log=$2   # and leaves no warning in LOG
  shift 2
  if "$@" >"$log" 2>&1 && ! grep -qiE '^%?warning|warning:' "$log"; then
    echo "ok    $name"; p=$((p + 1))
  else
    echo "FAIL  $name (log $log):"; sed 's/^/      /' "$log" | head -n 20; f=$((f + 1))
  fi
}

for k in $ks; do
  for s in $stages; do
    tag="K=$k Stages=$s"
    check "verilator -Wall $tag" "$dir/verilator_k${k}_s$s.log" \
      "$VERILATOR" --lint-only -Wall -GK="$k" -GStages="$s" --top-module mxdot_unit "$@"
    ys="read_verilog -defer $*; chparam -set K $k -set Stages $s mxdot_unit;"
    ys="$ys hierarchy -check -top mxdot_unit; proc; check -assert;"
    ys="$ys select -assert-none t:\$dlatch t:\$adlatch t:\$dlatchsr t:\$sr t:\$_DLATCH_*"
    check "yosys proc, check, no latch $tag" "$dir/yosys_k${k}_s$s.log" \
      "$YOSYS" -q -p "$ys"
    check "iverilog -g2005 $tag" "$dir/iverilog_k${k}_s$s.log" \
      "$IVERILOG" -g2005 -Wall -o "$dir/mxdot_k${k}_s$s.vvp" -s mxdot_unit \
      -P mxdot_unit.K="$k" -P mxdot_unit.Stages="$s" "$@"
  done
done
echo "$p passed, $f failed"
[ "$f" -eq 0 ]
