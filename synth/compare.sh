#!/bin/sh
# compare.sh OUT.md ERROR.md CHECK.log DIR... - the exact unit against the
# conventional one: area and depth from the synth.sh directories (row.tsv),
# the accuracy table of conv_model compare, the RTL-vs-model check line.
# DIRs come in pairs at the same K and Stages: exact, conventional.
# SPDX-License-Identifier: Apache-2.0
set -eu
out=$1 err=$2 chk=$3
shift 3
{
  echo "# What exactness costs: exact unit vs a conventional one"
  echo
  echo "Conventional unit: synth/conv/mxdot_conv.v (products aligned to the largest"
  echo "product exponent and truncated to 24 bits, fixed-point sum, rounded to 24 bits,"
  echo "then c + block in a binary32 adder, rounded again). Same ports, handshake,"
  echo "pipeline options, synthesis flow and cell library (synth/cells.lib, GE)."
  echo
  echo "## Area and depth"
  echo
  echo "| design | K | Stages | GE | GE/lane | flip-flops | depth (worst stage) | Xilinx LUT | iCE40 LUT4 |"
  echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|"
  for d in "$@"; do
    awk -F '\t' '{ printf "| %s | %s | %s | %.0f | %.1f | %s | %s | %s | %s |\n", ($1 == "mxdot" ? "exact (rtl/)" : "conventional"), $2, $3, $5, $5 / $2, $7, $8, $10, $13 }' "$d/row.tsv"
  done
  echo
  while [ $# -ge 2 ]; do
    paste "$1/row.tsv" "$2/row.tsv" | awk -F '\t' '{
      printf "- K = %s, Stages = %s: the exact unit is %.2fx the GE of the conventional one (%+.0f GE, %+.1f GE per lane), depth %s vs %s cells.\n",
        $2, $3, $5 / $21, $5 - $21, ($5 - $21) / $2, $8, $24 }'
    shift 2
  done
  echo
  echo "The conventional unit's register rows sit at its narrow points, so its first"
  echo "stage holds the lanes and the whole tree: its depth is not balanced, compare"
  echo "the area."
  echo
  echo "## Accuracy of the conventional unit"
  echo
  cat "$err"
  echo
  echo "## The conventional RTL against its C model"
  echo
  echo "synth/conv/conv_model.c eval gives the expected results of random and edge-case"
  echo "blocks; the Verilated conventional RTL, through the project testbench"
  echo "(mxdot-sim --vectors --check, with gaps and back-pressure):"
  echo
  echo "    $(tail -n 1 "$chk")"
} >"$out.tmp"
mv "$out.tmp" "$out"
