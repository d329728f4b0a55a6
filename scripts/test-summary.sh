#!/bin/sh
# test-summary.sh NAME... - add up the counts of the named test steps and
# print the final "N passed, N failed" line; exit 1 on any failure or on a
# step that left no result.
# SPDX-License-Identifier: Apache-2.0
set -u
p=0; f=0
echo "==> summary"
for name in "$@"; do
  r="${BUILD:-build}/test/$name.result"
  if [ -f "$r" ]; then
    read -r sp sf <"$r"
  else
    sp=0; sf=1
  fi
  printf '   %-22s %10s passed, %s failed\n' "$name" "$sp" "$sf"
  p=$((p + sp)); f=$((f + sf))
done
echo "$p passed, $f failed"
[ "$f" -eq 0 ]
