#!/bin/sh
# run-tests.sh PYTHON LIB [TOOL] - the Python package's tests (pytest,
# ref/python/tests) against the shared library LIB and the mxdot tool TOOL
# of the same build (default: LIB's ../bin/mxdot), for `make test` (step
# python):
# pytest's own summary, then one line "N passed, N failed" (failed counts
# pytest's failures, errors and skips: no test may be skipped). A pytest
# run that fails without a count (collection error, no test) is 1 failure.
# SPDX-License-Identifier: Apache-2.0
set -u
python=$1 lib=$2
if [ $# -ge 3 ]; then MXDOT_TOOL=$3; export MXDOT_TOOL; fi
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp "${TMPDIR:-/tmp}/mxdot-pytest.XXXXXX") || exit 2
trap 'rm -f "$out"' EXIT
PYTHONDONTWRITEBYTECODE=1 MXDOT_LIB=$lib "$python" -m pytest -p no:cacheprovider -q -rfEs "$here/tests" >"$out" 2>&1
rc=$?
cat "$out"
summary=$(grep -E '^=*[ ]*[0-9]+ (passed|failed|error|errors|skipped)' "$out" | tail -n 1)
count() { echo "$summary" | grep -oE "[0-9]+ $1" | head -n 1 | cut -d' ' -f1; }
p=$(count passed); f=$(count failed); e=$(count 'errors?'); s=$(count skipped)
p=${p:-0}; f=$(( ${f:-0} + ${e:-0} + ${s:-0} ))
if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
  echo "pytest exited with status $rc without a failure count: counted as 1 failure"
  f=1
fi
echo "$p passed, $f failed"
[ "$f" -eq 0 ] && [ "$rc" -eq 0 ]
