#!/bin/sh
# bench_instr.sh BENCH [COUNT] - instructions per group of the reference's
# definition (today's integer path) and of its fast path, counted by
# valgrind --tool=callgrind in run_case of tests/bench_ref.c (`make
# bench-ref` runs it after the timings when valgrind is installed).
# Instruction counts are repeatable on a loaded machine, where times are
# not. Valgrind emulates a CPU without AVX-512, so the fast path it counts
# is the portable one (the SIMD sum is counted by hand in docs/results.md).
# SPDX-License-Identifier: Apache-2.0
set -u
bench=$1
count=${2:-20000}
if ! command -v valgrind >/dev/null 2>&1; then
  echo "bench-ref: valgrind not installed: no instruction counts"
  exit 0
fi
out=$(mktemp -d) || exit 2
trap 'rm -rf "$out"' EXIT
echo "bench-ref: instructions per group (valgrind --tool=callgrind, run_case only;"
echo "  the fast path here is the portable one: valgrind has no AVX-512)"
printf '  %-32s %12s %12s %9s\n' "case" "definition" "fast path" "ratio"
# the cases of bench_ref.c's table worth counting: E4M3 K=32 (both data
# sets), the FP6, FP4 and INT8 pairs, K=128 and K=4096, the batch
for c in 0 1 3 5 6 7 11 12 13; do
  name=
  for path in old new; do
    log=$out/$c.$path
    valgrind --tool=callgrind --callgrind-out-file="$out/cg.$c.$path" \
      --toggle-collect='run_case*' "$bench" --instr "$c" "$path" --count "$count" \
      >"$log.out" 2>"$log.err" || { echo "  case $c: valgrind failed (see below)"; tail -5 "$log.err"; exit 1; }
    ir=$(sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' "$log.err" | tail -n 1)
    groups=$(sed -n 's/^\([0-9]*\) groups of.*/\1/p' "$log.out")
    name=$(sed -n 's/^[0-9]* groups of K=[0-9]*: \(.*\) (checksum.*/\1/p' "$log.out")
    eval "ir_$path=\$ir; n_$path=\$groups"
  done
  awk -v name="$name" -v a="$ir_old" -v na="$n_old" -v b="$ir_new" -v nb="$n_new" \
    'BEGIN { x = a / na; y = b / nb; printf "  %-32s %12.0f %12.0f %8.2fx\n", name, x, y, x / y }'
done
