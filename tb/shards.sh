#!/bin/bash
# shards.sh BIN SEED COUNT JOBS LOGDIR [ARGS...] - one random regression of
# COUNT blocks (indices 0..COUNT-1 of SEED) split into JOBS index ranges run
# in parallel by the co-simulation BIN (mxdot-sim) with ARGS.
#
# Progress lines (stderr) are shown as they come, prefixed with the shard;
# each shard's report is kept in LOGDIR/shardJ.log. At the end: every
# failure report, the coverage counters summed over the shards (latency
# min/max combined), one line per shard and the final "N passed, N failed".
# Exits 1 on any failure; a shard that crashed counts as one failure.
# SPDX-License-Identifier: Apache-2.0
set -u
bin=$1 seed=$2 count=$3 jobs=$4 logdir=$5; shift 5
[ "$jobs" -ge 1 ] 2>/dev/null || jobs=1
[ "$jobs" -le "$count" ] || jobs=$(( count > 0 ? count : 1 ))
mkdir -p "$logdir"
rm -f "$logdir"/shard*.log "$logdir"/shard*.rc
pids=""
for j in $(seq 0 $((jobs - 1))); do
  start=$(( count * j / jobs )); end=$(( count * (j + 1) / jobs ))
  (
    "$bin" --seed "$seed" --start "$start" --count $((end - start)) "$@" \
      >"$logdir/shard$j.log" 2> >(sed -u "s/^/[shard $j] /" >&2)
    echo $? >"$logdir/shard$j.rc"
  ) &
  pids="$pids $!"
done
# shellcheck disable=SC2086
wait $pids
total_p=0; total_f=0; lines=""
for j in $(seq 0 $((jobs - 1))); do
  log="$logdir/shard$j.log"
  rc=$(cat "$logdir/shard$j.rc" 2>/dev/null || echo 99)
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
  p=$(echo "$line" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed.*/\1/p'); p=${p:-0}
  f=$(echo "$line" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed.*/\2/p'); f=${f:-0}
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  grep -E -A3 '^(FAIL|stopping)' "$log" | head -n 40 | sed "s/^/[shard $j] /"
  lines="$lines$(printf 'shard %s: %s (status %s)' "$j" "${line:-no result}" "$rc")"$'\n'
  total_p=$((total_p + p)); total_f=$((total_f + f))
done
echo "coverage (all shards):"
awk '/^  [a-z]+: [a-zA-Z0-9-]+=[0-9]+/ {
       g = $1
       for (i = 2; i <= NF; i++) {
         split($i, kv, "="); k = g SUBSEP kv[1]; v = kv[2] + 0
         if (!(g in seen)) { seen[g] = 1; groups[ng++] = g }
         if (!(k in s)) { names[g] = names[g] " " kv[1]; s[k] = v }
         else if (kv[1] == "min") { if (v < s[k]) s[k] = v }
         else if (kv[1] == "max") { if (v > s[k]) s[k] = v }
         else s[k] += v
       }
     }
     END {
       for (i = 0; i < ng; i++) {
         g = groups[i]; n = split(names[g], nm, " "); line = "  " g
         for (j = 1; j <= n; j++) line = line " " nm[j] "=" s[g SUBSEP nm[j]]
         print line
       }
     }' "$logdir"/shard*.log
printf '%s' "$lines"
echo "$total_p passed, $total_f failed"
[ "$total_f" -eq 0 ]
