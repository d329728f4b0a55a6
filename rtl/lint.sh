#!/bin/sh
# lint.sh "CONFIGS" SRC... - the RTL checks of `make lint`: for every
# configuration LANES:STAGES:FORMATS:MAXGROUP of CONFIGS, Verilator
# --lint-only -Wall (no warning allowed), Yosys (read, proc, check -assert,
# no latch) and Icarus -g2005 (compiles without warnings). One line per
# check, then "N passed, N failed"; exit 1 on any failure. Environment:
# VERILATOR, YOSYS, IVERILOG, LINT_DIR (logs, default build/lint).
# SPDX-License-Identifier: Apache-2.0
set -u
[ $# -ge 2 ] || { echo "usage: lint.sh \"LANES:STAGES:FORMATS:MAXGROUP...\" SRC..." >&2; exit 2; }
configs=$1
shift
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

for c in $configs; do
  IFS=: read -r l s fm g <<EOT
$c
EOT
  tag="Lanes=$l Stages=$s Formats=$fm MaxGroup=$g"
  id="l${l}_s${s}_f${fm}_g${g}"
  check "verilator -Wall $tag" "$dir/verilator_$id.log" \
    "$VERILATOR" --lint-only -Wall -GLanes="$l" -GStages="$s" -GFormats="$fm" -GMaxGroup="$g" \
    --top-module mxdot_unit "$@"
  ys="read_verilog -defer $*; chparam -set Lanes $l -set Stages $s -set Formats $fm -set MaxGroup $g mxdot_unit;"
  ys="$ys hierarchy -check -top mxdot_unit; proc; check -assert;"
  ys="$ys select -assert-none t:\$dlatch t:\$adlatch t:\$dlatchsr t:\$sr t:\$_DLATCH_*"
  check "yosys proc, check, no latch $tag" "$dir/yosys_$id.log" "$YOSYS" -q -p "$ys"
  check "iverilog -g2005 $tag" "$dir/iverilog_$id.log" \
    "$IVERILOG" -g2005 -Wall -o "$dir/mxdot_$id.vvp" -s mxdot_unit \
    -P mxdot_unit.Lanes="$l" -P mxdot_unit.Stages="$s" -P mxdot_unit.Formats="$fm" \
    -P mxdot_unit.MaxGroup="$g" "$@"
done
echo "$p passed, $f failed"
[ "$f" -eq 0 ]
