#!/bin/sh
# mutants.sh DIR MXDOT [NAME...] - break the RTL on purpose and check that
# the Icarus flow notices (`make test-iverilog-mutants`, opt-in).
#
# Each mutant is one sed expression on one file of rtl/, applied to a copy
# in DIR/NAME/ (rtl/ itself is never touched), then run through run.sh with
# the runs that mutant names (the same kinds of runs as `make test` step
# iverilog, smaller): run.sh must FAIL with a failure count (exit 1). A
# mutant that passes is SURVIVED; a sed expression that no longer changes
# its file is NOT APPLIED; both count as failures, so a stale pattern after
# an RTL change is noticed. The unmutated copy must pass first. Ends with
# "N passed, N failed" (passed = mutants killed).
# SPDX-License-Identifier: Apache-2.0
set -u
[ $# -ge 2 ] || { echo "usage: mutants.sh DIR MXDOT [NAME...]" >&2; exit 2; }
dir=$1 mxdot=$2
shift 2
only="$*"
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir" && rm -f "$dir/.results" || exit 2
pass=0 fail=0

# runs (RUN of run.sh) by name
runs() {
  case $1 in
    mixed32) echo "32:5:4096:63:gen=21,40,100,all+6+7:20:20" ;;
    full32)  echo "32:5:4096:63:gen=22,20,100,all:0:0" ;;
    mixed8)  echo "8:5:4096:63:gen=23,60,40,all+6+7:20:20" ;;
    short8)  echo "8:5:40:63:gen=24,40,64,all:20:20:overlong=20" ;;
    e4m3)    echo "32:5:4096:1:gen=25,30,80,all+6+7:20:20" ;;
    long32)  echo "32:5:4096:63:gen=26,2,4096,all,fixed:0:0" ;;
    top32)   echo "32:5:4096:63:corners=28,4,4096,9:10:0" ;;
    corner8) echo "8:5:4096:63:corners=27,80,40:20:20" ;;
  esac
}

# name @ file @ sed expression @ runs (space-separated) @ what it breaks
list() {
cat <<'EOF'
none@mxdot_unit.v@s/^//@mixed8 short8 e4m3@control: the unmutated copy must pass
keep-ignored@mxdot_unit.v@s/\.keep_i(keep), \.sel_a_i/.keep_i({Lanes{1'b1}}), .sel_a_i/@mixed8@an unkept lane adds its (random, often NaN) product
header-not-latched@mxdot_unit.v@s/hdr_eff = in_group_q ? hdr_q : hdr_in;/hdr_eff = hdr_in;/@mixed8@a later beat's header inputs are used
format-not-checked@mxdot_unit.v@s/wire \( *\)fmt_bad = .*;/wire\1fmt_bad = 1'b0;/@e4m3@a format the build does not carry is not rule 0
overflow-ignored@mxdot_unit.v@s/grp_bad = \(.*\) | group_overflow;/grp_bad = \1;/@short8@a group of too many beats is not rule 0
empty-group-ok@mxdot_unit.v@s/| ~grp_kept//@mixed8@a group with no kept lane is not rule 0
fp6-high-bits@mxdot_decode.v@s/wire \[6:0\] body = x_i\[6:0\] & .*;/wire [6:0] body = x_i[6:0];/@mixed8@the bits above an FP6/FP4 element count
bubble@mxdot_unit.v@s/assign ready\[s\] = ~valid_q\[s\] | ready\[s + 1\];/assign ready[s] = ~valid_q[s];/@full32@a full row cannot take a beat while its own leaves (no full rate)
output-not-held@mxdot_unit.v@s/assign ready\[NRows\] = out_ready_i;/assign ready[NRows] = 1'b1;/@mixed8@a stalled result is overwritten
group-not-restarted@mxdot_group.v@s/base   = acc_q | {AccW{first}};/base   = acc_q;/@mixed8@a group starts from the previous group's sum
group-flags-carried@mxdot_group.v@s/(first ? {FlagW{1'b0}} : flags_q) | flags_i/flags_q | flags_i/@mixed8@a group inherits the previous group's NaN/zero flags
carried-sum-short@mxdot_unit.v@s/AccW     = ProdW + \$clog2(MaxBeats << LogL) + 1;/AccW     = ProdW + $clog2(MaxBeats << LogL) + 0;/@top32@the carried sum is 1 bit too narrow for 4096 elements
jam-below@mxdot_accumulate.v@s/ | (below \& ~c_zero_i);/;/@corner8@a c wholly below the window is dropped, not jammed
above-late@mxdot_accumulate.v@s/(c_shift_i\[9:0\] > UMax)/(c_shift_i[9:0] > UMax + 10'd2)/@corner8@c two places above the window is not put on top
EOF
}

list | while IFS=@ read -r name file expr rlist what; do
  if [ -n "$only" ]; then case " $only " in *" $name "*) ;; *) continue ;; esac; fi
  m="$dir/$name"
  rm -rf "$m" && mkdir -p "$m" && cp rtl/*.v "$m/" || exit 2
  sed -e "$expr" "rtl/$file" >"$m/$file"
  if [ "$name" != none ] && cmp -s "rtl/$file" "$m/$file"; then
    echo "NOT APPLIED $name: the pattern no longer matches rtl/$file"; echo F >>"$dir/.results"; continue
  fi
  set --
  for r in $rlist; do set -- "$@" "$(runs "$r")"; done
  RTL_SRCS=$(ls "$m"/*.v) "$here/run.sh" "$m/run" "$mxdot" "$@" >"$m/log" 2>&1
  rc=$?
  if [ "$name" = none ]; then
    if [ "$rc" -eq 0 ]; then echo "ok      $name: $what"; echo P >>"$dir/.results"
    else echo "FAILED  $name: the unmutated RTL fails (log $m/log)"; echo F >>"$dir/.results"; fi
  elif [ "$rc" -eq 1 ]; then
    echo "killed  $name: $what ($(grep -cE '^(mismatch|protocol error|latency error)' "$m/log") reports)"
    echo P >>"$dir/.results"
  else
    echo "SURVIVED $name (status $rc): $what (log $m/log)"; echo F >>"$dir/.results"
  fi
done
if [ -f "$dir/.results" ]; then
  pass=$(grep -c P "$dir/.results"); fail=$(grep -c F "$dir/.results"); rm -f "$dir/.results"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
