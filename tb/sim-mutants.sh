#!/bin/sh
# sim-mutants.sh DIR [NAME...] - break the RTL on purpose and check that the
# Verilator regression notices (`make test-sim-mutants`, opt-in).
#
# Each mutant of tb/rtl-mutants.txt (the list the Icarus campaign uses) is
# one sed expression on one file of rtl/, applied to a copy in DIR/NAME/rtl
# (rtl/ itself is never touched). The copy is Verilated as the Lanes 8,
# Stages 1, MaxGroup 200, all-format model of `make test` step sim-lanes8
# (plain form: no MXDOT_FAST_SIM, so the mutants' patterns are those of the
# synthesized RTL; -O1 to keep the builds short), then run the way `make
# sim` runs a build: SIM_MUT_COUNT random groups (default 20000) with
# --require-coverage, and each vector file with --check. The mutant is
# killed when a run fails with a failure count (exit 1); a mutant every run
# passes is SURVIVED, a pattern that no longer changes its file NOT
# APPLIED: both count as failures. The unmutated copy must pass first.
# Ends with "N passed, N failed" (passed = mutants killed).
# SPDX-License-Identifier: Apache-2.0
set -u
. scripts/mutants-lib.sh
[ $# -ge 1 ] || { echo "usage: sim-mutants.sh DIR [NAME...]" >&2; exit 2; }
dir=$1
shift
only="$*"
count=${SIM_MUT_COUNT:-20000}
vecs="tb/directed_k32.vec tests/spec_examples.vec tests/hard_cases.vec tests/fmt_cases.vec"
mkdir -p "$dir" && rm -f "$dir/.results" || exit 2

rtl_mutants | while IFS=@ read -r name file expr rlist what; do
  m="$dir/$name"
  mutant_copy "$name" "$file" "$expr" "$m/rtl" || continue
  # the model, in a build tree of its own (the reference library is rebuilt there)
  if ! make --no-print-directory BUILD="$m/build" LANES=8 STAGES=1 FORMATS=63 MAXGROUP=200 \
         SIM_VSRCS="$(ls "$m"/rtl/*.v | tr '\n' ' ')" SIM_FAST_VFLAGS= SIM_OPT=-O1 SIM_TRACE=0 \
         sim-build >"$m/build.log" 2>&1; then
    mutant_fail "FAILED  $name: the model did not build (log $m/build.log)"; continue
  fi
  sim="$m/build/bin/mxdot-sim"
  killed=0 broken=0 reports=0
  run() {   # run LOG ARGS...: one run of the regression, its output in LOG.log
    log=$1; shift
    "$sim" "$@" >"$m/$log.log" 2>&1
    rc=$?
    case $rc in
      0) ;;
      1) killed=1; reports=$((reports + $(grep -cE '^(FAIL|mismatch|protocol error|latency error)' "$m/$log.log"))) ;;
      *) broken=1 ;;
    esac
  }
  run random --seed 1 --count "$count" --require-coverage --max-errors 3 --quiet
  for v in $vecs; do run "$(basename "$v" .vec)" --vectors "$v" --check; done
  if [ "$name" = none ]; then
    if [ "$killed" -eq 0 ] && [ "$broken" -eq 0 ]; then mutant_pass "ok      $name: $what"
    else mutant_fail "FAILED  $name: the unmutated RTL fails (logs in $m)"; fi
  elif [ "$broken" -ne 0 ]; then
    mutant_fail "FAILED  $name: a run stopped with a setup error (logs in $m)"
  elif [ "$killed" -eq 1 ]; then
    mutant_pass "killed  $name: $what ($reports reports)"
  else
    mutant_fail "SURVIVED $name: $what (logs in $m)"
  fi
done
mutant_tally
