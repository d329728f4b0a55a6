# tests/formal/lib.sh - shell functions of the formal flow (sourced by
# tests/formal/run.sh): build a model with yosys, prove it with ABC's pdr or
# yosys-smtbmc (yices), classify the result.
# SPDX-License-Identifier: Apache-2.0
#
# Every function writes under $OUT (the run's build directory) and reads the
# RTL from $RTL_DIR (rtl/, or a mutated copy of it).

# every .v of the RTL directory (the unit's sources, rtl/rtl.mk RTL_SRCS)
rtl_list() {
  for f in "$1"/*.v; do printf '%s ' "$f"; done
}

# yosys_model NAME TOP "CHPARAMS" "EXTRA_READS" "POST_FLATTEN" [RTL_DIR]
# Reads the RTL, then EXTRA_READS (yosys commands: harness, abstraction),
# elaborates TOP with CHPARAMS ("-chparam Lanes 8 ..."), flattens, runs
# POST_FLATTEN (yosys commands), and writes $OUT/NAME.smt2 (yosys-smtbmc)
# and $OUT/NAME.aig (ABC; asserts are bad states, assumes constraints).
yosys_model() {
  name=$1 top=$2 chparams=$3 reads=$4 post=$5 rtl=${6:-$RTL_DIR}
  cat >"$OUT/$name.ys" <<EOF
read_verilog $(rtl_list "$rtl")
$reads
hierarchy -check -top $top $chparams
proc
flatten
$post
memory -nomap
opt_clean
async2sync
opt -keepdc -fast
dffunmap
check -assert
write_smt2 -wires $OUT/$name.smt2
setattr -unset keep
opt -full
techmap
opt -fast
memory_map
opt -full
simplemap
dffunmap
abc -g AND -fast
opt_clean
setundef -zero
write_aiger -I -B -zinit -map $OUT/$name.aim $OUT/$name.aig
EOF
  yosys -q -l "$OUT/$name.yosys.log" "$OUT/$name.ys" >/dev/null 2>&1
}

# pdr NAME SECONDS: ABC's pdr on $OUT/NAME.aig. Prints one word: proved,
# cex (a property fails; the frame is in the log) or unknown (time out or
# error).
pdr() {
  name=$1 limit=$2
  timeout "$limit" yosys-abc -c "read_aiger $OUT/$name.aig; fold; strash; pdr -t -T $limit" \
    >"$OUT/$name.pdr.log" 2>&1
  if grep -q 'Property proved' "$OUT/$name.pdr.log"; then echo proved
  elif grep -q 'was asserted in frame' "$OUT/$name.pdr.log" \
       && ! grep -q 'verification has FAILED' "$OUT/$name.pdr.log"; then echo cex
  else echo unknown; fi
}

# smtbmc NAME DEPTH [-i]: yosys-smtbmc with yices on $OUT/NAME.smt2, a
# bounded check of DEPTH steps, or with -i k-induction of depth DEPTH.
# Prints proved (induction), passed (bounded, no failure), cex or unknown.
smtbmc() {
  name=$1 depth=$2 mode=${3:-}
  log="$OUT/$name.smtbmc$mode.log"
  timeout "${SMT_TIMEOUT:-600}" yosys-smtbmc -s yices $mode -t "$depth" \
    --dump-vcd "$OUT/$name$mode.vcd" "$OUT/$name.smt2" >"$log" 2>&1
  if grep -q 'Status: PASSED' "$log"; then
    if [ -n "$mode" ]; then echo proved; else echo passed; fi
  elif grep -q 'Status: FAILED' "$log"; then
    if [ -n "$mode" ] && grep -q 'induction failed' "$log"; then echo unknown; else echo cex; fi
  else echo unknown; fi
}
