#!/bin/sh
# bench_gen_instr.sh BENCH [COUNT] - instructions per generated group, the
# generator before issue 11 (old, tests/mxgen_base.c) against ref/mxgen.c
# (new), counted by valgrind --tool=callgrind in run_case of
# tests/bench_gen.c (`make bench-gen` runs it after the timings when
# valgrind is installed). Instruction counts are repeatable on a loaded
# machine, where times are not.
# SPDX-License-Identifier: Apache-2.0
set -u
bench=$1
count=${2:-20000}
if ! command -v valgrind >/dev/null 2>&1; then
  echo "bench-gen: valgrind not installed: no instruction counts"
  exit 0
fi
out=$(mktemp -d) || exit 2
trap 'rm -rf "$out"' EXIT
echo "bench-gen: instructions per group (valgrind --tool=callgrind, run_case only)"
printf '  %-32s %12s %12s %9s\n' "case" "old" "new" "ratio"
for c in 0 1 2 3; do
  name=
  for path in old new; do
    log=$out/$c.$path
    valgrind --tool=callgrind --callgrind-out-file="$out/cg.$c.$path" \
      --toggle-collect='run_case*' "$bench" --instr "$c" "$path" --count "$count" \
      >"$log.out" 2>"$log.err" || { echo "  case $c: valgrind failed (see below)"; tail -5 "$log.err"; exit 1; }
    ir=$(sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' "$log.err" | tail -n 1)
    groups=$(sed -n 's/^\([0-9]*\) groups, .*/\1/p' "$log.out")
    name=$(sed -n 's/^[0-9]* groups, [0-9]* elements: \(.*\) (checksum.*/\1/p' "$log.out")
    eval "ir_$path=\$ir; n_$path=\$groups"
  done
  awk -v name="$name" -v a="$ir_old" -v na="$n_old" -v b="$ir_new" -v nb="$n_new" \
    'BEGIN { x = a / na; y = b / nb; printf "  %-32s %12.0f %12.0f %8.2fx\n", name, x, y, x / y }'
done
