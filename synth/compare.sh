#!/bin/sh
# compare.sh OUT.md ERROR.md CHECK.log DIR... - the exact unit beside the
# Blackwell-compatible one (synth/conv/mxdot_bw.v): area, flip-flops, depth
# per pipeline stage and FPGA resources from the synth.sh directories
# (row.tsv, asic_depth.txt), the Blackwell model's error against the exact
# reference (bw_vectors compare), and the co-simulation summary of the
# Blackwell RTL against its model (tb/run-parts.sh log).
# DIRs: build/synth/<design>/K<k>_S<s>[_F<formats>]; design mxdot (exact,
# default Formats 63) or bw (Blackwell-compatible). The ratio lines pair
# each bw directory with the exact one of the same K, Stages and, for
# Formats 1, the same formats (bw Formats 31, all it carries, with exact 63).
# SPDX-License-Identifier: Apache-2.0
set -eu
out=$1 err=$2 chk=$3
shift 3

fmt_of() { case $1 in *_F*) echo "${1##*_F}" ;; *) echo 63 ;; esac; }
label_of() { case $1 in mxdot) echo "exact (rtl/)" ;; bw) echo "Blackwell (synth/conv/)" ;; *) echo "$1" ;; esac; }
# Depth of each register row, in pipeline order, then of the registers that
# carry state across beats (the Blackwell accumulator).
stages_of() {
  awk '$1 == "stage" && $2 ~ /^[0-9]+$/ { printf "%s%s", sep, $4; sep = "/" }
       $1 == "stage" && $2 == "?" { st = st sprintf(", %s %s", $NF, $4) }
       END { printf "%s", st }' "$1/asic_depth.txt"
}

{
  echo "# What exactness costs: the exact unit beside a Blackwell-compatible one"
  echo
  echo "Blackwell-compatible unit: synth/conv/mxdot_bw.v, bit-exact with the \`blackwell\`"
  echo "preset of ref/mxmodel.h (NVIDIA tcgen05.mma kind::mxf8f6f4 as MMA-Sim models it:"
  echo "each beat of 32 products and c aligned to the largest exponent, cut toward zero"
  echo "25 bits below it, summed, truncated to binary32; the accumulator fed back between"
  echo "beats). Same ports, parameters, handshake, synthesis flow and cell library"
  echo "(synth/cells.lib, GE = NAND2 equivalents). Formats: bit f = format code f"
  echo "(63: all six of the exact unit; 31: the five of kind::mxf8f6f4, no INT8; 1: E4M3)."
  echo
  echo "## Area and depth"
  echo
  echo "| unit | Formats | K | Stages | GE | GE/lane | flip-flops | depth per stage (cells) | worst | Xilinx LUT | iCE40 LUT4 |"
  echo "|---|--:|--:|--:|--:|--:|--:|---|--:|--:|--:|"
  for d in "$@"; do
    design=$(basename "$(dirname "$d")") cfg=$(basename "$d")
    awk -F '\t' -v u="$(label_of "$design")" -v f="$(fmt_of "$cfg")" -v st="$(stages_of "$d")" \
      '{ printf "| %s | %s | %s | %s | %.0f | %.1f | %s | %s | %s | %s | %s |\n", u, f, $2, $3, $5, $5 / $2, $7, st, $8, $10, $13 }' "$d/row.tsv"
  done
  echo
  for d in "$@"; do
    design=$(basename "$(dirname "$d")") cfg=$(basename "$d")
    [ "$design" = bw ] || continue
    f=$(fmt_of "$cfg") base=${cfg%_F*}
    if [ "$f" = 31 ]; then ex=$(dirname "$(dirname "$d")")/mxdot/$base; else ex=$(dirname "$(dirname "$d")")/mxdot/${base}_F$f; fi
    [ -f "$ex/row.tsv" ] || continue
    # Both rows side by side: the Blackwell row's field i is $(o + i).
    paste "$ex/row.tsv" "$d/row.tsv" | awk -F '\t' -v fe="$(fmt_of "$(basename "$ex")")" -v fb="$f" '{
      o = NF / 2
      printf "- K = %s, Stages = %s, exact Formats %s vs Blackwell Formats %s: the exact unit is %.2fx the GE of the Blackwell-compatible one (%+.0f GE, %+.1f GE per lane), %.2fx its flip-flops, %.2fx its Xilinx LUTs; worst stage %s vs %s cells.\n",
        $2, $3, fe, fb, $5 / $(o + 5), $5 - $(o + 5), ($5 - $(o + 5)) / $2, $7 / $(o + 7),
        ($10 > 0 && $(o + 10) > 0) ? $10 / $(o + 10) : 0, $8, $(o + 8) }'
  done
  echo
  echo "## Accuracy of the Blackwell-compatible unit"
  echo
  cat "$err"
  echo
  echo "docs/accuracy.md has the study on realistic data (long K, outliers,"
  echo "cancellation, reproducibility)."
  echo
  echo "## The Blackwell RTL against its model"
  echo
  echo "mxdot-sim --vectors --check (the MMA-Sim vectors of tests/vectors/, generated"
  echo "groups with the model's results, the project's vector files; gaps and"
  echo "back-pressure) and synth/conv/bw_directed (holes, empty and over-long groups,"
  echo "reset, throughput), at Lanes = 32 and Lanes = 8 (model blackwell,chunk=8):"
  echo
  sed -n '/^==> summary/,$p' "$chk" | sed '1d; s/^/    /'
} >"$out.tmp"
mv "$out.tmp" "$out"
