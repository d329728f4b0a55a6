#!/bin/sh
# tests/formal/run.sh OUT LEVEL - the formal proofs of tests/formal/jobs.txt
# at LEVEL (quick: the jobs of `make test`; full: every job), JOBS at a
# time; one line per job, then "N passed, N failed" (a proof that holds and
# a mutant that is caught count as passed). Exit status 1 on any failure.
# ONLY=REGEX picks jobs by name. Needs yosys, yosys-abc, yosys-smtbmc and
# yices-smt2 on PATH.
# SPDX-License-Identifier: Apache-2.0
set -u
OUT=$1
LEVEL=${2:-quick}
JOBS=${JOBS:-2}
mkdir -p "$OUT/results"
rm -f "$OUT/results/"*

# the jobs of this level, without the level field
sel=$OUT/jobs.sel
grep -v '^[[:space:]]*#' tests/formal/jobs.txt | grep -v '^[[:space:]]*$' | while IFS= read -r line; do
  lvl=$(printf '%s\n' "$line" | cut -d'|' -f1 | tr -d ' ')
  if [ "$lvl" = quick ] || [ "$LEVEL" = full ]; then
    printf '%s\n' "$line" | cut -d'|' -f2-
  fi
done >"$sel"
# ONLY (optional): a grep -E pattern on the job names to run
if [ -n "${ONLY:-}" ]; then
  awk -F'|' -v pat="$ONLY" '{ n = $1; gsub(/ /, "", n); if (n ~ pat) print }' "$sel" >"$sel.only"
  mv "$sel.only" "$sel"
fi
total=$(wc -l <"$sel")
echo "formal: $total jobs ($LEVEL), $JOBS at a time, logs in $OUT"

n=0
while IFS= read -r line; do
  n=$((n + 1))
  printf '%s\0' "$n|$line"
done <"$sel" | xargs -0 -P "$JOBS" -I{} sh -c '
  line="$1"; i=${line%%|*}; rest=${line#*|}
  r=$(sh tests/formal/job.sh "$2" "$rest")
  echo "$r" >"$2/results/$(printf %03d "$i")"
  echo "  [$i/$3] $r"
' sh {} "$OUT" "$total"

passed=$(cat "$OUT/results/"* 2>/dev/null | grep -c '^PASS')
failed=$((total - passed))
if [ "$failed" -gt 0 ]; then
  echo "formal: failures:"; grep -h '^FAIL' "$OUT/results/"* 2>/dev/null | sed 's/^/  /' || true
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
