# mutants-lib.sh - sourced by the mutation campaigns (tb/sim-mutants.sh,
# tb/iverilog/mutants.sh, tests/dpi/mutants.sh) from the project's root.
# Each mutant's verdict is one line of $dir/.results (P: caught, or the
# control passed; F: anything else): the campaigns' loops run in a
# pipeline's subshell, so a file carries the counts out of it.
#   mutant_pass MESSAGE, mutant_fail MESSAGE  print and record a verdict
#   mutant_tally                              "N passed, N failed"; status 1 on a failure
# SPDX-License-Identifier: Apache-2.0
mutant_pass() { echo "$1"; echo P >>"$dir/.results"; }
mutant_fail() { echo "$1"; echo F >>"$dir/.results"; }
mutant_tally() {
  pass=0 fail=0
  if [ -f "$dir/.results" ]; then
    pass=$(grep -c P "$dir/.results"); fail=$(grep -c F "$dir/.results"); rm -f "$dir/.results"
  fi
  echo "$pass passed, $fail failed"
  [ "$fail" -eq 0 ]
}

# The RTL campaigns: tb/rtl-mutants.txt, the lines of the names in $only
# (all when it is empty), and one mutant's copy of rtl/.
#   rtl_mutants                    name@file@expr@runs@what, one per line
#   mutant_copy NAME FILE EXPR DEST  rtl/*.v copied into DEST, EXPR applied to
#                                  FILE; status 1 (an F verdict recorded) when
#                                  EXPR changes nothing (a stale pattern)
rtl_mutants() {
  grep -v '^#' tb/rtl-mutants.txt | while IFS=@ read -r n rest; do
    case " $only " in "  ") ;; *" $n "*) ;; *) continue ;; esac
    printf '%s\n' "$n@$rest"   # (not echo: dash would expand the backslashes)
  done
}
mutant_copy() {
  rm -rf "$4" && mkdir -p "$4" && cp rtl/*.v "$4/" || exit 2
  sed -e "$3" "rtl/$2" >"$4/$2"
  if [ "$1" != none ] && cmp -s "rtl/$2" "$4/$2"; then
    mutant_fail "NOT APPLIED $1: the pattern no longer matches rtl/$2"
    return 1
  fi
}
