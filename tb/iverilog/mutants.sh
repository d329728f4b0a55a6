#!/bin/sh
# mutants.sh DIR MXDOT [NAME...] - break the RTL on purpose and check that
# the Icarus flow notices (`make test-iverilog-mutants`, opt-in).
#
# Each mutant of tb/rtl-mutants.txt is one sed expression on one file of rtl/, applied to a copy
# in DIR/NAME/rtl/ (rtl/ itself is never touched), then run through run.sh with
# the runs that mutant names (the same kinds of runs as `make test` step
# iverilog, smaller): run.sh must FAIL with a failure count (exit 1). A
# mutant that passes is SURVIVED; a sed expression that no longer changes
# its file is NOT APPLIED; both count as failures, so a stale pattern after
# an RTL change is noticed. The unmutated copy must pass first. Ends with
# "N passed, N failed" (passed = mutants killed).
# SPDX-License-Identifier: Apache-2.0
set -u
. scripts/mutants-lib.sh
[ $# -ge 2 ] || { echo "usage: mutants.sh DIR MXDOT [NAME...]" >&2; exit 2; }
dir=$1 mxdot=$2
shift 2
only="$*"
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir" && rm -f "$dir/.results" || exit 2

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
    hard8)   echo "8:5:4096:63:tests/hard_cases.vec:10:10" ;;
    fmt8)    echo "8:5:4096:63:tests/fmt_cases.vec:10:10" ;;
    num8)    echo "8:5:4096:63:gen=29,400,16,all:10:10" ;;
  esac
}

rtl_mutants | while IFS=@ read -r name file expr rlist what; do
  m="$dir/$name"
  mutant_copy "$name" "$file" "$expr" "$m/rtl" || continue
  set --
  for r in $rlist; do set -- "$@" "$(runs "$r")"; done
  RTL_SRCS=$(ls "$m"/rtl/*.v) "$here/run.sh" "$m/run" "$mxdot" "$@" >"$m/log" 2>&1
  rc=$?
  if [ "$name" = none ]; then
    if [ "$rc" -eq 0 ]; then mutant_pass "ok      $name: $what"
    else mutant_fail "FAILED  $name: the unmutated RTL fails (log $m/log)"; fi
  elif [ "$rc" -eq 1 ]; then
    mutant_pass "killed  $name: $what ($(grep -cE '^(mismatch|protocol error|latency error)' "$m/log") reports)"
  else
    mutant_fail "SURVIVED $name (status $rc): $what (log $m/log)"
  fi
done
mutant_tally
