#!/bin/sh
# smoke.sh DIR - summarize one synthesized configuration (synth.sh row) and
# check that its row.json carries every field of the report with a sane
# value. Ends with "N passed, N failed"; exit 1 on a failure.
# SPDX-License-Identifier: Apache-2.0
set -u
dir=${1:?usage: smoke.sh DIR}
cfg=$(basename "$dir")
k=$(echo "$cfg" | sed 's/^K\([0-9]*\)_S.*/\1/')
s=$(echo "$cfg" | sed 's/^K[0-9]*_S//')
if ! "$(dirname "$0")/synth.sh" row mxdot "$k" "$s" "$dir"; then
  echo "0 passed, 1 failed"
  exit 1
fi
json=$dir/row.json
cat "$json"
pass=0 fail=0
# Fields that must hold a positive number; the FPGA ones may be null when
# only the ASIC flow ran, but must be present.
for f in K stages cells GE GE_per_lane transistors flip_flops depth depth_ltp; do
  if grep -Eq "\"$f\": [0-9.]*[1-9]" "$json"; then pass=$((pass + 1)); else
    echo "FAIL: field $f missing or not positive in $json"; fail=$((fail + 1)); fi
done
for f in xilinx_luts ice40_luts GE_per_module depth_per_endpoint; do
  if grep -q "\"$f\": " "$json"; then pass=$((pass + 1)); else
    echo "FAIL: field $f missing in $json"; fail=$((fail + 1)); fi
done
# The two depth measures (ltp -noff and depth.awk) must agree.
if awk -F'\t' '{ exit !($8 == $9) }' "$dir/row.tsv"; then pass=$((pass + 1)); else
  echo "FAIL: depth.awk and ltp -noff disagree: $(cut -f8,9 "$dir/row.tsv")"; fail=$((fail + 1)); fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
