#!/bin/sh
# smoke.sh DIR K STAGES - summarize one synthesized configuration (synth.sh row) and
# check that its row.json carries every field of the report with a sane
# value. Ends with "N passed, N failed"; exit 1 on a failure.
# SPDX-License-Identifier: Apache-2.0
set -u
[ $# -eq 3 ] || { echo "usage: smoke.sh DIR K STAGES" >&2; exit 2; }
dir=$1 k=$2 s=$3
# Summarize a copy of the ASIC results only: the other flows of DIR may be
# older than the netlist (make synth brings them up to date, not this).
work=$dir/smoke
rm -rf "$work" && mkdir -p "$work"
cp "$dir"/asic_*.txt "$dir"/libinfo.txt "$dir"/asic.seconds "$work"/ 2>/dev/null
if ! "$(dirname "$0")/synth.sh" row mxdot "$k" "$s" "$work"; then
  echo "0 passed, 1 failed"
  exit 1
fi
json=$work/row.json
cat "$json"
pass=0 fail=0
# Fields that must hold a positive number; the FPGA ones may be null when
# only the ASIC flow ran, but must be present.
for f in K stages cells GE GE_per_lane transistors flip_flops depth depth_ltp; do
  if grep -Eq "\"$f\": [0-9.]*[1-9]" "$json"; then pass=$((pass + 1)); else
    echo "FAIL: field $f missing or not positive in $json"; fail=$((fail + 1)); fi
done
for f in xilinx_luts ice40_luts GE_hier GE_per_module depth_per_endpoint; do
  if grep -q "\"$f\": " "$json"; then pass=$((pass + 1)); else
    echo "FAIL: field $f missing in $json"; fail=$((fail + 1)); fi
done
# The two depth measures (ltp -noff and depth.awk) must agree.
if awk -F'\t' '{ exit !($8 == $9) }' "$work/row.tsv"; then pass=$((pass + 1)); else
  echo "FAIL: depth.awk and ltp -noff disagree: $(cut -f8,9 "$work/row.tsv")"; fail=$((fail + 1)); fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
