#!/bin/sh
# run_steps.sh "CMD 1" "CMD 2" ... - run several test programs as one step of
# `make test`: show each one's output, add up their final "N passed, N
# failed" lines, and end with the total. A command that exits non-zero
# without reporting a failure (a crash, a sanitizer report) counts as one.
# SPDX-License-Identifier: Apache-2.0
set -u
tp=0
tf=0
log=$(mktemp "${TMPDIR:-/tmp}/run_steps.XXXXXX") || exit 2
trap 'rm -f "$log"' EXIT
for cmd in "$@"; do
  echo "==> $cmd"
  sh -c "$cmd" >"$log" 2>&1
  rc=$?
  cat "$log"
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
  p=$(echo "$line" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed.*/\1/p')
  f=$(echo "$line" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed.*/\2/p')
  p=${p:-0}
  f=${f:-0}
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "<== exit status $rc without a failure count: counted as 1 failure"
    f=1
  fi
  tp=$((tp + p))
  tf=$((tf + f))
done
echo "$tp passed, $tf failed"
[ "$tf" -eq 0 ]
