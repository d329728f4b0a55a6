#!/bin/sh
# run.sh DIR MXDOT RUN... - Icarus runs of tb_mxdot.v, one per RUN, and one
# final "N passed, N failed" line over all of them.
#
# RUN is K:STAGES:SOURCE:GAP:STALL, SOURCE a vector file with results (SPEC
# section 3 format), gen=SEED,COUNT (random and edge-case blocks from
# `MXDOT gen | MXDOT eval`) or corners=SEED,COUNT (window-edge blocks from
# corners.sh, through `MXDOT eval`). GAP and STALL are percentages of input gaps and
# output stalls (0:0 also checks latency = STAGES and one block per clock).
# Models are compiled once per K and STAGES into DIR. Environment: RTL_SRCS
# (default rtl/*.v), IVERILOG, VVP, BENCH=1 (print blocks/s of each run).
# Exit status 1 on a failure, 2 on a setup error.
# SPDX-License-Identifier: Apache-2.0
set -eu
[ $# -ge 3 ] || { echo "usage: run.sh DIR MXDOT K:STAGES:SOURCE:GAP:STALL..." >&2; exit 2; }
dir=$1 mxdot=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
srcs=${RTL_SRCS:-$(ls rtl/*.v)}
IVERILOG=${IVERILOG:-iverilog}
VVP=${VVP:-vvp}
mkdir -p "$dir"
tp=0 tf=0
for run in "$@"; do
  IFS=: read -r k s src gap stall <<EOF2
$run
EOF2
  [ -n "$stall" ] || { echo "run.sh: bad run '$run'" >&2; exit 2; }
  case $src in
    gen=*)
      spec=${src#gen=}; seed=${spec%,*}; count=${spec#*,}
      vec="$dir/gen_k${k}_s${seed}_n${count}.vec"
      if [ ! -s "$vec" ]; then
        "$mxdot" gen --seed "$seed" --count "$count" --k "$k" | "$mxdot" eval >"$vec.tmp"
        mv "$vec.tmp" "$vec"
      fi
      rseed=$seed ;;
    corners=*)
      spec=${src#corners=}; seed=${spec%,*}; count=${spec#*,}
      vec="$dir/corners_k${k}_s${seed}_n${count}.vec"
      if [ ! -s "$vec" ]; then
        "$here/corners.sh" "$k" "$seed" "$count" | "$mxdot" eval >"$vec.tmp"
        mv "$vec.tmp" "$vec"
      fi
      rseed=$seed ;;
    *) vec=$src; rseed=1 ;;
  esac
  hex="$dir/$(basename "$vec" .vec)_k$k.hex"
  "$here/vec2hex.sh" "$k" "$vec" >"$hex.tmp" || exit 2
  mv "$hex.tmp" "$hex"
  vvp="$dir/tb_k${k}_s$s.vvp"
  # shellcheck disable=SC2086
  if [ ! -f "$vvp" ] || [ -n "$(find $srcs "$here/tb_mxdot.v" -newer "$vvp" 2>/dev/null)" ]; then
    $IVERILOG -g2005 -Wall -o "$vvp" -P tb_mxdot.K="$k" -P tb_mxdot.Stages="$s" -s tb_mxdot \
      $srcs "$here/tb_mxdot.v" || exit 2
  fi
  start=$(date +%s.%N)
  out=$($VVP -n "$vvp" +vec="$hex" +src="$vec" +seed="$rseed" +gap="$gap" +stall="$stall") && rc=0 || rc=$?
  end=$(date +%s.%N)
  echo "$out" | grep -v '^[0-9]* passed, [0-9]* failed$' || true
  line=$(echo "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -n 1)
  p=$(echo "$line" | sed -nE 's/^([0-9]+) passed.*/\1/p'); f=$(echo "$line" | sed -nE 's/.* ([0-9]+) failed$/\1/p')
  [ -n "$p" ] || { p=0; f=1; echo "run.sh: no result from $run (status $rc)"; }
  [ "$rc" -eq 0 ] || [ "$f" -gt 0 ] || f=1
  echo "iverilog K=$k Stages=$s $(basename "$vec") gap $gap% stall $stall%: $p passed, $f failed"
  if [ "${BENCH:-0}" = 1 ]; then
    awk -v n="$p" -v a="$start" -v b="$end" -v k="$k" -v s="$s" \
      'BEGIN { t = b - a; printf "bench-iverilog K=%d Stages=%d: %d blocks in %.2f s = %.0f blocks/s\n", k, s, n, t, n / t }'
  fi
  tp=$((tp + p)); tf=$((tf + f))
done
echo "$tp passed, $tf failed"
[ "$tf" -eq 0 ] || exit 1
