#!/bin/sh
# wave-png.sh FST GTKW TCL PNG - render the GTKWave view GTKW of the trace
# FST without a display: GTKWave under xvfb-run prints the view to
# PostScript (script TCL), Ghostscript turns it into a grey-scale PNG.
# GTKWave draws the page in landscape on a portrait sheet, text running up
# the page: the drawing is turned upright and cropped to its bounding box
# while it is rendered.
# SPDX-License-Identifier: Apache-2.0
set -eu
fst=$1 gtkw=$2 tcl=$3 png=$4
ps=${fst%.fst}.ps
log=${fst%.fst}.gtkwave.log
rm -f "$ps"
MXDOT_WAVE_PS=$ps xvfb-run -a gtkwave -S "$tcl" "$fst" "$gtkw" >"$log" 2>&1 || true
if [ ! -s "$ps" ]; then
  echo "wave-png.sh: GTKWave wrote no PostScript (log: $log)" >&2
  exit 1
fi
# %%BoundingBox: llx lly urx ury (points); the default is GTKWave's Letter.
bbox=$(sed -n 's/^%%BoundingBox: *\([0-9]*\)[.0-9]* *\([0-9]*\)[.0-9]* *\([0-9]*\)[.0-9]* *\([0-9]*\).*/\1 \2 \3 \4/p' "$ps" | head -n 1)
set -- ${bbox:-72 72 540 720}
llx=$1 lly=$2 urx=$3 ury=$4
mkdir -p "$(dirname "$png")"
# Page coordinates (x, y) go to (y - lly, urx - x): a quarter turn clockwise.
gs -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=pnggray -r130 \
   -dDEVICEWIDTHPOINTS=$((ury - lly)) -dDEVICEHEIGHTPOINTS=$((urx - llx)) -dFIXEDMEDIA \
   -sOutputFile="$png" -c "[0 -1 1 0 -$lly $urx] concat" -f "$ps"
echo "wave-png.sh: $png ($(wc -c <"$png") bytes) from $fst"
