#!/bin/sh
# pad-vectors.sh K FILE... - widen every block of the vector files to K
# elements by appending zero elements (E4M3 0x00, +0) to A and B, and drop
# the results (they can change: a +0 product joins the terms of an exact
# zero). Comments and blank lines are kept. Pipe through `mxdot eval` for
# the results; tb/tb.mk does so for the directed vectors.
# SPDX-License-Identifier: Apache-2.0
set -eu
[ $# -ge 2 ] || { echo "usage: pad-vectors.sh K FILE..." >&2; exit 2; }
k=$1; shift
awk -v k="$k" '
  /^[ \t]*(#|$)/ { print; next }
  {
    if (NF != 6 && NF != 8) { printf "%s:%d: field line: %d fields\n", FILENAME, FNR, NF > "/dev/stderr"; exit 2 }
    n = length($5) / 2
    if (n > k || length($6) != length($5)) {
      printf "%s:%d: field A: %d elements, more than K = %d\n", FILENAME, FNR, n, k > "/dev/stderr"; exit 2
    }
    pad = ""
    for (i = n; i < k; i++) pad = pad "00"
    print $1, $2, $3, $4, $5 pad, $6 pad
  }' "$@"
