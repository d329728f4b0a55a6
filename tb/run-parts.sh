#!/bin/bash
# run-parts.sh LOGDIR NAME CMD [NAME CMD]... - run the parts of a regression
# one after the other and add up their results.
#
# Each CMD (a shell command line) must end its output with a line
# "N passed, N failed". Its output is shown prefixed with "[NAME]" and kept
# in LOGDIR/NAME.log. A part that exits non-zero without reporting a
# failure (a crash, a bad file: exit 2) counts as one failure; so does one
# that reports nothing, unless mxdot-sim --skip-unfit said that it passed
# over every group of its file (a narrow build). Prints one line per part, then the sum as the final
# line "N passed, N failed"; exits 1 on any failure.
# SPDX-License-Identifier: Apache-2.0
set -u
logdir=$1; shift
mkdir -p "$logdir"
total_p=0; total_f=0; summary=""
while [ $# -ge 2 ]; do
  name=$1 cmd=$2; shift 2
  log="$logdir/$name.log"
  echo "==> $name: $cmd"
  sh -c "$cmd" 2>&1 | tee "$log" | sed -u "s/^/   [$name] /"
  rc=${PIPESTATUS[0]}
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
  p=$(echo "$line" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed.*/\1/p')
  f=$(echo "$line" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed.*/\2/p')
  p=${p:-0}; f=${f:-0}
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    f=1; echo "   [$name] exit status $rc without a failure count: counted as 1 failure"
  elif [ "$p" -eq 0 ] && [ "$f" -eq 0 ] && [ "$rc" -eq 0 ] && grep -q '^--skip-unfit: [1-9]' "$log"; then
    echo "   [$name] no group of the file fits this build: nothing to check"
  elif [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
    f=1; echo "   [$name] reported no result: counted as 1 failure"
  fi
  summary="$summary$(printf '   %-14s %10s passed, %s failed' "$name" "$p" "$f")"$'\n'
  total_p=$((total_p + p)); total_f=$((total_f + f))
done
echo "==> summary (logs in $logdir)"
printf '%s' "$summary"
echo "$total_p passed, $total_f failed"
[ "$total_f" -eq 0 ]
