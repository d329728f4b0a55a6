#!/bin/sh
# run-test.sh NAME CMD... - run one step of `make test`, keep its log and
# record its counts in $BUILD/test/NAME.result as "PASSED FAILED" (BUILD
# from the environment, default build).
#
# The counts come from the step's own final "N passed, N failed" line. A step
# that exits non-zero without reporting a failure (a crash, a build error)
# counts as one failure, so nothing fails silently. Always exits 0: the
# summary step (scripts/test-summary.sh) decides the overall status.
# SPDX-License-Identifier: Apache-2.0
set -u
name=$1; shift
dir=${BUILD:-build}/test
mkdir -p "$dir"
log="$dir/$name.log"
echo "==> test $name: $*"
start=$(date +%s)
( "$@" ) >"$log" 2>&1
rc=$?
end=$(date +%s)
# Show the tail of the step's output, so progress and reports are visible.
tail -n 15 "$log" | sed "s/^/   [$name] /"
line=$(grep -E '^([A-Za-z-]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
passed=$(echo "$line" | sed -nE 's/^([A-Za-z-]+: )?([0-9]+) passed, ([0-9]+) failed.*/\2/p')
failed=$(echo "$line" | sed -nE 's/^([A-Za-z-]+: )?([0-9]+) passed, ([0-9]+) failed.*/\3/p')
[ -n "$passed" ] || passed=0
[ -n "$failed" ] || failed=0
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
  echo "   [$name] exited with status $rc without a failure count: counted as 1 failure (log: $log)"
fi
if [ "$rc" -eq 0 ] && [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
  echo "   [$name] reported no test: counted as 1 failure (log: $log)"
fi
echo "$passed $failed" >"$dir/$name.result"
echo "<== test $name: $passed passed, $failed failed ($((end - start)) s)"
exit 0
