#!/bin/sh
# run.sh DIR MXDOT RUN... - Icarus runs of tb_mxdot.v, one per RUN, and one
# final "N passed, N failed" line over all of them.
#
# RUN is LANES:STAGES:MAXGROUP:FORMATS:SOURCE:GAP:STALL[:PLUSARGS]
#   LANES STAGES MAXGROUP FORMATS  the unit's parameters (FORMATS: bit f
#                carries format code f; 63 all six, 1 E4M3 only)
#   SOURCE       a vector file with results (SPEC section 3, any K, with or
#                without F), or
#                gen=SEED,COUNT,KMAX,FMTS[,fixed]: `MXDOT gen --seed SEED
#                --count COUNT --kmax KMAX --lanes LANES --formats FMTS
#                --reserved-rm | MXDOT eval` (mixed lengths 1..KMAX, or all
#                KMAX long with fixed; FMTS a --formats list with + for its
#                commas, e.g. all+6+7), or
#                corners=SEED,COUNT,KMAX[,SHAPE]: window-edge groups of
#                corners.sh for this build, through `MXDOT eval`
#   GAP STALL    percent of cycles without input / with out_ready_i low
#                (STALL 0 also checks the latency, Stages cycles after the
#                last beat; 0:0 also one beat per clock)
#   PLUSARGS     more tb_mxdot plusargs, comma-separated: hole=P, empty=P,
#                overlong=P, maxerr=N
# Each run also checks that the testbench saw every group of the file.
# Models are compiled once per parameter set into DIR; generated vectors are
# kept there. Environment: RTL_SRCS (default rtl/*.v), IVERILOG, VVP,
# BENCH=1 (print beats and groups per second of each run).
# Exit status 1 on a failure, 2 on a setup error (bad RUN, bad vectors, an
# empty vector file, a compile error).
# SPDX-License-Identifier: Apache-2.0
set -eu
[ $# -ge 3 ] || { echo "usage: run.sh DIR MXDOT LANES:STAGES:MAXGROUP:FORMATS:SOURCE:GAP:STALL[:PLUSARGS]..." >&2; exit 2; }
dir=$1 mxdot=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
srcs=${RTL_SRCS:-$(ls rtl/*.v)}
IVERILOG=${IVERILOG:-iverilog}
VVP=${VVP:-vvp}
mkdir -p "$dir"
die() { echo "run.sh: $*" >&2; exit 2; }
num() { case $1 in ''|*[!0-9]*) die "run '$run': $2 '$1' is not a decimal number" ;; esac; }
# fresh: FILE exists and is newer than the tools that made it
fresh() { [ -s "$1" ] && [ -z "$(find "$mxdot" "$here/corners.sh" -newer "$1" 2>/dev/null)" ]; }
tp=0 tf=0
for run in "$@"; do
  IFS=: read -r lanes stages maxgroup formats src gap stall extra <<EOF2
$run
EOF2
  for v in "$lanes:LANES" "$stages:STAGES" "$maxgroup:MAXGROUP" "$formats:FORMATS" "$gap:GAP" "$stall:STALL"; do
    num "${v%:*}" "${v#*:}"
  done
  cfg="L${lanes}_S${stages}_M${maxgroup}_F${formats}"
  case $src in
    gen=*)
      IFS=, read -r seed count kmax fmts fixed <<EOF2
${src#gen=}
EOF2
      num "$seed" SEED; num "$count" COUNT; num "$kmax" KMAX
      [ -n "$fmts" ] || fmts=all
      case $fixed in '') ;; fixed) fixed=--fixed-k ;; *) die "run '$run': '$fixed' is not 'fixed'" ;; esac
      vec="$dir/gen_l${lanes}_s${seed}_n${count}_k${kmax}${fixed:+f}_$(echo "$fmts" | tr -c 'A-Za-z0-9\n' '_').vec"
      if ! fresh "$vec"; then
        # shellcheck disable=SC2086
        "$mxdot" gen --seed "$seed" --count "$count" --kmax "$kmax" --lanes "$lanes" $fixed \
          --formats "$(echo "$fmts" | tr + ,)" --reserved-rm >"$vec.gen" || die "mxdot gen failed"
        "$mxdot" eval "$vec.gen" >"$vec.tmp" || die "mxdot eval failed"
        mv "$vec.tmp" "$vec"; rm -f "$vec.gen"
      fi
      rseed=$seed ;;
    corners=*)
      IFS=, read -r seed count kmax shape <<EOF2
${src#corners=}
EOF2
      num "$seed" SEED; num "$count" COUNT; num "$kmax" KMAX
      [ -z "$shape" ] || num "$shape" SHAPE
      vec="$dir/corners_${cfg}_s${seed}_n${count}_k${kmax}${shape:+_shape$shape}.vec"
      if ! fresh "$vec"; then
        # shellcheck disable=SC2086
        "$here/corners.sh" "$lanes" "$formats" "$maxgroup" "$kmax" "$seed" "$count" $shape >"$vec.gen" \
          || die "corners.sh failed"
        "$mxdot" eval "$vec.gen" >"$vec.tmp" || die "mxdot eval failed"
        mv "$vec.tmp" "$vec"; rm -f "$vec.gen"
      fi
      rseed=$seed ;;
    *) vec=$src; rseed=1
       [ -r "$vec" ] || die "run '$run': cannot read $vec" ;;
  esac
  nvec=$(grep -cvE '^[[:space:]]*(#|$)' "$vec" || true)
  [ "$nvec" -gt 0 ] || die "$vec: no groups (an empty vector file tests nothing)"
  hex="$dir/$(basename "$vec" .vec).hex"
  "$here/vec2hex.sh" "$vec" >"$hex.tmp" || exit 2
  mv "$hex.tmp" "$hex"
  vvp="$dir/tb_$cfg.vvp"
  # shellcheck disable=SC2086
  if [ ! -f "$vvp" ] || [ -n "$(find $srcs "$here/tb_mxdot.v" -newer "$vvp" 2>/dev/null)" ]; then
    $IVERILOG -g2005 -Wall -o "$vvp.tmp" -s tb_mxdot -P tb_mxdot.Lanes="$lanes" -P tb_mxdot.Stages="$stages" \
      -P tb_mxdot.MaxGroup="$maxgroup" -P tb_mxdot.Formats="$formats" $srcs "$here/tb_mxdot.v" || exit 2
    mv "$vvp.tmp" "$vvp"
  fi
  plus=""
  if [ -n "$extra" ]; then
    for p in $(echo "$extra" | tr , ' '); do
      case $p in hole=*|empty=*|overlong=*|maxerr=*|timeout=*) plus="$plus +$p" ;;
                 *) die "run '$run': unknown plusarg '$p'" ;; esac
    done
  fi
  start=$(date +%s.%N)
  # shellcheck disable=SC2086
  out=$($VVP -n "$vvp" +vec="$hex" +src="$vec" +seed="$rseed" +gap="$gap" +stall="$stall" $plus) && rc=0 || rc=$?
  end=$(date +%s.%N)
  echo "$out" | grep -v '^[0-9]* passed, [0-9]* failed$' || true
  line=$(echo "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -n 1)
  p=$(echo "$line" | sed -nE 's/^([0-9]+) passed.*/\1/p'); f=$(echo "$line" | sed -nE 's/.* ([0-9]+) failed$/\1/p')
  [ -n "$p" ] || { p=0; f=1; echo "run.sh: no result from $run (status $rc)"; }
  [ "$rc" -eq 0 ] || [ "$f" -gt 0 ] || f=1
  seen=$(echo "$out" | sed -nE 's/^tb_mxdot: ([0-9]+) groups from .*/\1/p' | tail -n 1)
  if [ "$rc" -eq 0 ] && [ "$seen" != "$nvec" ]; then
    echo "run.sh: the testbench saw ${seen:-no} groups of $vec, the file has $nvec"; f=$((f + 1))
  fi
  echo "iverilog Lanes=$lanes Stages=$stages MaxGroup=$maxgroup Formats=$formats $(basename "$vec") gap $gap% stall $stall%${extra:+ $extra}: $p passed, $f failed"
  if [ "${BENCH:-0}" = 1 ]; then
    nb=$(echo "$out" | sed -nE 's/.*; ([0-9]+) beats in .*/\1/p' | tail -n 1)
    awk -v n="$p" -v nb="${nb:-0}" -v a="$start" -v b="$end" -v l="$lanes" -v s="$stages" \
      'BEGIN { t = b - a; printf "bench-iverilog Lanes=%d Stages=%d: %d groups, %d beats in %.2f s = %.0f groups/s, %.0f beats/s\n", l, s, n, nb, t, n / t, nb / t }'
  fi
  tp=$((tp + p)); tf=$((tf + f))
done
echo "$tp passed, $tf failed"
[ "$tf" -eq 0 ] || exit 1
