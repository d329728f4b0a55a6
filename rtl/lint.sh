#!/bin/sh
# lint.sh "CONFIGS" SRC... - the RTL checks of `make lint`: for every
# configuration LANES:STAGES:FORMATS:MAXGROUP of CONFIGS, Verilator
# --lint-only -Wall (no warning allowed), Yosys (read, proc, check -assert,
# no latch) and Icarus -g2005 (compiles without warnings); Verilator also
# with MXDOT_FAST_SIM (the co-simulation's build). Then, for every width
# of mxdot_add those configurations use, Yosys' SAT solver proves its
# MXDOT_FAST_SIM form (`+`) equal to its Sklansky form. One line per check,
# then "N passed, N failed"; exit 1 on any failure. Environment:
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
  check "verilator -Wall +MXDOT_FAST_SIM $tag" "$dir/verilator_fast_$id.log" \
    "$VERILATOR" --lint-only -Wall -DMXDOT_FAST_SIM -GLanes="$l" -GStages="$s" -GFormats="$fm" \
    -GMaxGroup="$g" --top-module mxdot_unit "$@"
  ys="read_verilog -defer $*; chparam -set Lanes $l -set Stages $s -set Formats $fm -set MaxGroup $g mxdot_unit;"
  ys="$ys hierarchy -check -top mxdot_unit; proc; check -assert;"
  ys="$ys select -assert-none t:\$dlatch t:\$adlatch t:\$dlatchsr t:\$sr t:\$_DLATCH_*; ls"
  check "yosys proc, check, no latch $tag" "$dir/yosys_$id.log" "$YOSYS" -p "$ys"
  check "iverilog -g2005 $tag" "$dir/iverilog_$id.log" \
    "$IVERILOG" -g2005 -Wall -o "$dir/mxdot_$id.vvp" -s mxdot_unit \
    -P mxdot_unit.Lanes="$l" -P mxdot_unit.Stages="$s" -P mxdot_unit.Formats="$fm" \
    -P mxdot_unit.MaxGroup="$g" "$@"
done
# the adder's two forms, for every width used above
add=""
for f0 in "$@"; do case $f0 in *mxdot_add.v) add=$f0 ;; esac; done
widths=$(cat "$dir"/yosys_*.log 2>/dev/null | sed -n 's/.*mxdot_add.Width=s32.\([01]*\).*/\1/p' | sort -u)
for wb in $widths; do
  w=0 b=$wb                            # binary digits to a number
  while [ -n "$b" ]; do w=$((2 * w + ${b%"${b#?}"})); b=${b#?}; done
  cat >"$dir/add_equiv_$w.ys" <<EOT
read_verilog -DMXDOT_FAST_SIM $add
chparam -set Width $w mxdot_add
rename mxdot_add fast
design -stash fast
read_verilog $add
chparam -set Width $w mxdot_add
rename mxdot_add sklansky
design -stash sklansky
design -copy-from fast -as fast fast
design -copy-from sklansky -as sklansky sklansky
proc
miter -equiv -flatten -make_outputs fast sklansky miter
hierarchy -top miter
sat -verify -prove trigger 0 miter
EOT
  check "yosys sat: mxdot_add + = Sklansky, Width=$w" "$dir/add_equiv_$w.log" "$YOSYS" -q "$dir/add_equiv_$w.ys"
done
echo "$p passed, $f failed"
[ "$f" -eq 0 ]
