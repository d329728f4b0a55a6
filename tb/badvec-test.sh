#!/bin/bash
# badvec-test.sh BIN DIR [BIN_E4M3 [BIN_SHORT]] - mxdot-sim on bad input
# and bad options. BIN is a build of the default configuration (Lanes 32,
# all formats, groups up to 4096); BIN_E4M3, if given, one that carries
# E4M3 only; BIN_SHORT one whose longest group is below 4096. Each case must stop with exit status 2 and a message naming the
# file, the line and the field (or the option), before anything reaches the
# RTL or the output; a wrong expected result under --check must fail with
# status 1; write errors must be reported (status 2). Also checks that
# --vectors writes back exactly the file it read (comments, blank lines and
# the F field included). Scratch files go to DIR. Ends with
# "N passed, N failed".
# SPDX-License-Identifier: Apache-2.0
set -u
bin=$1 dir=$2 bin_e4m3=${3:-} bin_short=${4:-}
mkdir -p "$dir"
pass=0 fail=0

ok()  { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }

# expect NAME STATUS PATTERN CMD...: CMD exits with STATUS and its standard
# error (or output) matches the extended regular expression PATTERN.
expect() {
  name=$1 want=$2 pat=$3; shift 3
  "$@" >"$dir/$name.out" 2>"$dir/$name.err"
  got=$?
  if [ "$got" -eq "$want" ] && cat "$dir/$name.err" "$dir/$name.out" | grep -Eq -- "$pat"; then
    ok "$name (status $got)"
  else
    bad "$name: status $got (expected $want), message should match /$pat/:"
    sed 's/^/     /' "$dir/$name.err" | head -n 5
  fi
}
# nothing written on standard output by the case NAME
expect_no_output() {
  if [ -s "$dir/$1.out" ]; then bad "$1-no-output: the run wrote before it stopped"; else ok "$1-no-output"; fi
}

info=$("$bin" --info)
lanes=$(echo "$info" | sed -n 's/^Lanes=\([0-9]*\).*/\1/p')
maxg=$(echo "$info" | sed -n 's/.*MaxGroup=\([0-9]*\).*/\1/p')
[ "$lanes" = 32 ] && [ "$maxg" = 4096 ] || {
  echo "badvec-test.sh: needs a Lanes=32 MaxGroup=4096 model, got: $info"; echo "0 passed, 1 failed"; exit 1; }

z=00000000000000000000000000000000000000000000000000000000000000   # 31 zero elements
good="0 7F 7F 00000000 38$z 38$z"
elems() { head -c "$1" /dev/zero | tr '\0' 'x' | sed 's/x/38/g'; }   # N elements 0x38

# A group longer than the build takes, after a good line: the error names
# line 3 and field A, and nothing (not even line 2) reaches the output.
e4097=$(elems 4097)
printf '# header\n%s\n0 7F 7F 00000000 %s %s\n' "$good" "$e4097" "$e4097" >"$dir/too_long.vec"
expect too-long 2 'too_long\.vec:3: field A' "$bin" --vectors "$dir/too_long.vec"
expect_no_output too-long
# 4097 is also past the file format's limit; the build's own limit shows
# on a build with a smaller MaxGroup.
if [ -n "$bin_short" ]; then
  g=$("$bin_short" --info | sed -n 's/.*MaxGroup=\([0-9]*\).*/\1/p')
  e=$(elems $((g + 1)))
  printf '%s\n0 7F 7F 00000000 %s %s\n' "$good" "$e" "$e" >"$dir/past_build.vec"
  expect past-build-limit 2 "past_build\.vec:2: field A: $((g + 1)) elements, longer than the longest group of this build \($g\)" \
    "$bin_short" --vectors "$dir/past_build.vec"
  expect_no_output past-build-limit
  e=$(elems "$g")
  printf '0 7F 7F 00000000 %s %s\n' "$e" "$e" >"$dir/at_build.vec"
  expect at-build-limit 0 '' "$bin_short" --vectors "$dir/at_build.vec"
  printf '%s 3F800000 00\n0 7F 7F 00000000 %s %s 3F800000 00\n' "$good" "$(elems $((g + 1)))" "$(elems $((g + 1)))" \
    >"$dir/past_build_checked.vec"
  expect skip-unfit-long 0 "1 groups passed over, 1 longer than this build's longest \\($g\\), 0 in a format" \
    "$bin_short" --vectors "$dir/past_build_checked.vec" --check --skip-unfit
fi
e4096=$(elems 4096)
printf '0 7F 7F 00000000 %s %s\n' "$e4096" "$e4096" >"$dir/longest.vec"
expect longest-ok 0 '' "$bin" --vectors "$dir/longest.vec"
# Malformed fields.
printf '%s\n0 7F 7F 0000X000 38%s 38%s\n' "$good" "$z" "$z" >"$dir/bad_c.vec"
expect bad-c 2 'bad_c\.vec:2: .*field C' "$bin" --vectors "$dir/bad_c.vec"
expect_no_output bad-c
printf '0 7F 7F 00000000 38%s\n' "$z" >"$dir/no_b.vec"
expect missing-b 2 'no_b\.vec:1: .*field B' "$bin" --vectors "$dir/no_b.vec"
printf '0 7F 7F 00000000 38%s 38%s 3F80000 00\n' "$z" "$z" >"$dir/bad_d.vec"
expect bad-d 2 'bad_d\.vec:1: .*field D' "$bin" --vectors "$dir/bad_d.vec" --check
printf '9 7F 7F 00000000 38%s 38%s\n' "$z" "$z" >"$dir/bad_rm.vec"
expect bad-rm 2 'bad_rm\.vec:1: .*field RM' "$bin" --vectors "$dir/bad_rm.vec"
printf '80 0 7F 7F 00000000 38 38\n' >"$dir/bad_f.vec"
expect bad-f 2 'bad_f\.vec:1: .*field F' "$bin" --vectors "$dir/bad_f.vec"
printf '44 0 7F 7F 00000000 17 01\n' >"$dir/fp4_high.vec"
expect fp4-high-bits 2 'fp4_high\.vec:1: .*field A' "$bin" --vectors "$dir/fp4_high.vec"
expect missing-file 2 'no_such\.vec' "$bin" --vectors "$dir/no_such.vec"
# A format the build does not carry: an error naming field F, before the
# RTL (the E4M3-only build); the reserved codes 6 and 7 are valid lines.
if [ -n "$bin_e4m3" ]; then
  printf '%s\n10 0 7F 7F 00000000 3E 38\n' "$good" >"$dir/not_carried.vec"
  expect not-carried 2 'not_carried\.vec:2: field F: format 1 \(e5m2\) is not carried' \
    "$bin_e4m3" --vectors "$dir/not_carried.vec"
  expect_no_output not-carried
  # --skip-unfit passes over such a line (counted), checks the others,
  # and is refused without --check (a written-back file would lose it)
  printf '%s 3F800000 00\n10 0 7F 7F 00000000 3E 38 3F800000 00\n' "$good" >"$dir/unfit.vec"
  expect skip-unfit-format 0 '1 groups passed over, 0 longer .*, 1 in a format it does not carry' \
    "$bin_e4m3" --vectors "$dir/unfit.vec" --check --skip-unfit
  expect skip-unfit-checks 0 '^1 passed, 0 failed' "$bin_e4m3" --vectors "$dir/unfit.vec" --check --skip-unfit
  printf '%s 3F800001 00\n10 0 7F 7F 00000000 3E 38 3F800000 00\n' "$good" >"$dir/unfit_wrong.vec"
  expect skip-unfit-still-fails 1 'unfit_wrong\.vec:1' "$bin_e4m3" --vectors "$dir/unfit_wrong.vec" --check --skip-unfit
  expect skip-unfit-alone 2 '--skip-unfit needs --vectors FILE --check' "$bin_e4m3" --vectors "$dir/unfit.vec" --skip-unfit
  printf '60 0 7F 7F 00000000 38 38 7FC00000 10\n07 0 7F 7F 00000000 38 38 7FC00000 10\n' >"$dir/reserved.vec"
  expect reserved-formats 0 '2 passed, 0 failed' "$bin_e4m3" --vectors "$dir/reserved.vec" --check
fi
# Bad and conflicting options.
expect bad-option 2 'unknown option' "$bin" --frobnicate
expect bad-count 2 '--count' "$bin" --count 12x
expect bad-prob 2 '--p-in-gap' "$bin" --count 10 --p-in-gap 1.5
expect reset-vectors 2 'reset-test' "$bin" --vectors "$dir/longest.vec" --reset-test
expect count-vectors 2 '--count' "$bin" --vectors "$dir/longest.vec" --count 5
expect twice-vectors 2 'given twice' "$bin" --vectors "$dir/longest.vec" --vectors "$dir/longest.vec"
expect check-alone 2 '--check needs --vectors' "$bin" --check
expect kmax-fixed 2 'do not go together' "$bin" --kmax 10 --fixed-k 10
expect kmax-too-big 2 '--kmax' "$bin" --kmax 4097
expect wrap 2 'overflows' "$bin" --start 18446744073709551615 --count 2
expect runs-alone 2 '--runs is for --bench' "$bin" --runs 3
# Numbers are decimal or 0x hex, never octal.
expect seed-decimal 0 'seed 10 groups 0\.\.7' "$bin" --seed 010 --count 08 --quiet
expect seed-hex 0 'seed 16 groups' "$bin" --seed 0x10 --count 2 --quiet
# A wrong expected result is a failure (status 1) naming the line.
printf '%s 3F800001 00\n' "$good" >"$dir/wrong_result.vec"
expect wrong-result 1 'wrong_result\.vec:1.*expected d 3F800001' "$bin" --vectors "$dir/wrong_result.vec" --check
# Write errors are reported, never lost: a full disk, a closed standard
# output, a broken pipe with SIGPIPE ignored.
"$bin" --vectors tests/spec_examples.vec >/dev/full 2>"$dir/full.err"; rc=$?
if [ "$rc" -eq 2 ] && grep -q 'write error' "$dir/full.err"; then ok "write-error-full"; else bad "write-error-full: status $rc"; fi
"$bin" --vectors tests/spec_examples.vec >&- 2>"$dir/closed.err"; rc=$?
if [ "$rc" -eq 2 ] && grep -q 'write error' "$dir/closed.err"; then ok "write-error-closed"; else bad "write-error-closed: status $rc"; fi
# (more output than a pipe buffers: 40 lines of 4096-element groups)
for i in $(seq 40); do cat "$dir/longest.vec"; done >"$dir/big.vec"
rc=$( (trap '' PIPE; "$bin" --vectors "$dir/big.vec" 2>"$dir/pipe.err" | head -c 100 >/dev/null; echo "${PIPESTATUS[0]}") )
if [ "$rc" -eq 2 ] && grep -q 'write error' "$dir/pipe.err"; then ok "write-error-pipe"; else bad "write-error-pipe: status $rc"; fi
# --vectors writes every line back, in order, with the RTL's results: for
# a file with known answers (and comments, blank lines, F fields) that is
# the file itself, byte for byte.
for f in tests/spec_examples.vec tb/directed_k32.vec; do
  n=$(basename "$f" .vec)
  "$bin" --vectors "$f" >"$dir/echo_$n.out" 2>"$dir/echo_$n.err"; rc=$?
  if [ "$rc" -eq 0 ] && cmp -s "$dir/echo_$n.out" "$f"; then
    ok "echo-$n"
  else
    bad "echo-$n: status $rc, output differs from $f:"; diff "$f" "$dir/echo_$n.out" | head -n 6
  fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
