#!/bin/sh
# mutants.sh DIR "RTL_SRCS" [NAME...] - break the DPI scoreboard's pieces on
# purpose and check that it notices (`make test-dpi-mutants`, opt-in, about
# a minute per mutant: each one is a Verilator build).
#
# Each mutant is one sed expression on a copy (in DIR/NAME/) of one file:
# the SystemVerilog package (ref/sv/mxdot_pkg.sv), the C reference (ref/),
# or the RTL (rtl/). The copy is built like `make dpi-scoreboard` (the
# copied reference compiled into a static library and linked in) and run
# for 2000 groups: it must end with a failure count (a mutant it passes is
# SURVIVED; a pattern that no longer changes its file is NOT APPLIED: both
# are failures of this step). The unmutated copy must pass first. Ends with
# "N passed, N failed" (passed = mutants killed).
# SPDX-License-Identifier: Apache-2.0
set -u
. scripts/mutants-lib.sh
[ $# -ge 2 ] || { echo "usage: mutants.sh DIR \"RTL_SRCS\" [NAME...]" >&2; exit 2; }
dir=$1 rtl=$2
shift 2
only="$*"
mkdir -p "$dir" && rm -f "$dir/.results" || exit 2
pkg=ref/sv/mxdot_pkg.sv
tb=tests/dpi/mxdot_scoreboard_tb.sv

# name @ file @ sed expression @ what it breaks
list() {
cat <<'EOF'
none@ref/sv/mxdot_pkg.sv@s/^//@control: the unmutated copy must pass
open-array@ref/sv/mxdot_pkg.sv@s/input  byte unsigned a\[MX_LANES_MAX\],/input  byte unsigned a[],/@an open array in the import: C reads the svOpenArrayHandle as elements (issue 9 item 2)
formats-swapped@ref/sv/mxdot_pkg.sv@s/mx_group_dpi_begin(st, {5'd0, fa}, {5'd0, fb},/mx_group_dpi_begin(st, {5'd0, fb}, {5'd0, fa},/@the streaming call gets fb for a and fa for b
lanes-reversed@ref/sv/mxdot_pkg.sv@s/? port\[8\*i +: 8\] : 8'h00;/? port[8*(lanes-1-i) +: 8] : 8'h00;/@the beat is unpacked with lane L-1 first
keep-dropped@ref/sv/mxdot_pkg.sv@s/(i < lanes \&\& keep\[i\] === 1'b1)/(i < lanes)/@the keep mask is not passed on (every lane counts)
beat-not-compacted@ref/sv/mxdot_pkg.sv@s/a\[k\] = a_port\[8\*i +: 8\];/a[i] = a_port[8*i +: 8];/@the one-call helper does not pack the kept lanes together
ref-keep-ignored@ref/mxdot.c@s/if (!keep\[i\])/if (0)/@the reference's mx_group_add ignores the keep mask
ref-wide-carry@ref/mxdot.c@s/s.hi = a.hi + b.hi + (uint64_t)(s.lo < a.lo);/s.hi = a.hi + b.hi;/@the reference drops the carry between the limbs of its wide sum
rtl-header-not-latched@rtl/mxdot_unit.v@s/hdr_eff = in_group_q ? hdr_q : hdr_in;/hdr_eff = hdr_in;/@the unit takes a later beat's header inputs
EOF
}

list | while IFS=@ read -r name file expr what; do
  if [ -n "$only" ]; then case " $only " in *" $name "*) ;; *) continue ;; esac; fi
  m="$dir/$name"
  rm -rf "$m" && mkdir -p "$m/ref/sv" "$m/rtl" "$m/tests/dpi" || exit 2
  cp ref/*.c ref/*.h "$m/ref/" && cp $pkg "$m/ref/sv/" && cp $tb "$m/tests/dpi/" || exit 2
  # shellcheck disable=SC2086
  cp $rtl "$m/rtl/" || exit 2
  sed -e "$expr" "$file" >"$m/$file"
  if [ "$name" != none ] && cmp -s "$file" "$m/$file"; then
    mutant_fail "NOT APPLIED $name: the pattern no longer matches $file"; continue
  fi
  # the reference as `make` builds it (C, not C++), into a static library
  ( cd "$m" && for c in ref/*.c; do
      [ "$c" = ref/mxdot_tool.c ] || ${CC:-cc} -std=c99 -O2 -fPIC -Iref -c "$c" -o "${c%.c}.o" || exit 1
    done && ar rcs ref/libmxdot.a ref/*.o \
    && verilator --binary --timing -Wall -Wno-DECLFILENAME -Wno-fatal \
      --top-module mxdot_scoreboard_tb -GLanes=8 --Mdir obj -o ../scoreboard \
      ref/sv/mxdot_pkg.sv tests/dpi/mxdot_scoreboard_tb.sv rtl/*.v "$PWD/ref/libmxdot.a" ) >"$m/build.log" 2>&1 \
    || { mutant_fail "FAILED  $name: build failed (log $m/build.log)"; continue; }
  "$m/scoreboard" +groups=2000 +seed=3 >"$m/log" 2>&1
  rc=$?
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$m/log" | tail -n 1)
  nfail=$(echo "$line" | sed -nE 's/.* ([0-9]+) failed.*/\1/p')
  if [ "$name" = none ]; then
    if [ "$rc" -eq 0 ] && [ "${nfail:-1}" -eq 0 ]; then mutant_pass "ok      $name: $what ($line)"
    else mutant_fail "FAILED  $name: the unmutated copy fails (log $m/log)"; fi
  elif [ "$rc" -ne 0 ] && [ "${nfail:-0}" -gt 0 ]; then
    mutant_pass "killed  $name: $what ($line)"
  else
    mutant_fail "SURVIVED $name (status $rc, '$line'): $what (log $m/log)"
  fi
done
mutant_tally
