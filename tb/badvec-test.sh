#!/bin/sh
# badvec-test.sh BIN DIR - mxdot-sim (BIN, built with K = 32) on bad input:
# a vector of another K, malformed lines, a missing file, bad options must
# each stop it with exit status 2 and a message naming the file, the line
# and the field; a wrong expected result under --check must fail with
# status 1. Also checks that --vectors writes back exactly the blocks it
# read. Scratch files go to DIR. Ends with "N passed, N failed".
# SPDX-License-Identifier: Apache-2.0
set -u
bin=$1 dir=$2
mkdir -p "$dir"
pass=0 fail=0

# expect NAME STATUS PATTERN CMD...: CMD exits with STATUS and its standard
# error (or output) matches the extended regular expression PATTERN.
expect() {
  name=$1 want=$2 pat=$3; shift 3
  "$@" >"$dir/$name.out" 2>"$dir/$name.err"
  got=$?
  if [ "$got" -eq "$want" ] && cat "$dir/$name.err" "$dir/$name.out" | grep -Eq -- "$pat"; then
    pass=$((pass + 1)); echo "ok   $name (status $got)"
  else
    fail=$((fail + 1))
    echo "FAIL $name: status $got (expected $want), message should match /$pat/:"
    sed 's/^/     /' "$dir/$name.err" | head -n 5
  fi
}

k=$("$bin" --info | sed -n 's/^K=\([0-9]*\).*/\1/p')
[ "$k" = 32 ] || { echo "badvec-test.sh: needs a K = 32 model, got K=$k"; echo "0 passed, 1 failed"; exit 1; }
z=00000000000000000000000000000000000000000000000000000000000000   # 31 zero elements
good="0 7F 7F 00000000 38$z 38$z"

# A K = 4 block after a good one: the error names line 3 and field A.
printf '# header\n%s\n0 7F 7F 00000000 38000000 38000000\n' "$good" >"$dir/wrong_k.vec"
expect wrong-k 2 'wrong_k\.vec:3: .*field A' "$bin" --vectors "$dir/wrong_k.vec"
expect wrong-k-check 2 'wrong_k\.vec:3: .*field A' "$bin" --vectors "$dir/wrong_k.vec" --check
# Malformed fields.
printf '%s\n0 7F 7F 0000X000 38%s 38%s\n' "$good" "$z" "$z" >"$dir/bad_c.vec"
expect bad-c 2 'bad_c\.vec:2: .*field C' "$bin" --vectors "$dir/bad_c.vec"
printf '0 7F 7F 00000000 38%s\n' "$z" >"$dir/no_b.vec"
expect missing-b 2 'no_b\.vec:1: .*field B' "$bin" --vectors "$dir/no_b.vec"
printf '0 7F 7F 00000000 38%s 38%s 3F80000 00\n' "$z" "$z" >"$dir/bad_d.vec"
expect bad-d 2 'bad_d\.vec:1: .*field D' "$bin" --vectors "$dir/bad_d.vec" --check
printf '9 7F 7F 00000000 38%s 38%s\n' "$z" "$z" >"$dir/bad_rm.vec"
expect bad-rm 2 'bad_rm\.vec:1: .*field RM' "$bin" --vectors "$dir/bad_rm.vec"
expect missing-file 2 'no_such\.vec' "$bin" --vectors "$dir/no_such.vec"
# Bad options.
expect bad-option 2 'unknown option' "$bin" --frobnicate
expect bad-count 2 '--count' "$bin" --count 12x
expect bad-prob 2 '--p-in-gap' "$bin" --count 10 --p-in-gap 1.5
expect reset-vectors 2 'reset-test' "$bin" --vectors "$dir/wrong_k.vec" --reset-test
# A wrong expected result is a failure (status 1) naming the line.
printf '%s 3F800001 00\n' "$good" >"$dir/wrong_result.vec"
expect wrong-result 1 'wrong_result\.vec:1.*expected d 3F800001' "$bin" --vectors "$dir/wrong_result.vec" --check
# --vectors writes every block back, in order, with the RTL's results: for
# a file with known answers that is the file itself, comments aside.
if [ -f tb/directed_k32.vec ]; then
  grep -Ev '^[[:space:]]*(#|$)' tb/directed_k32.vec >"$dir/directed.expected"
  expect echo-vectors 0 '' "$bin" --vectors tb/directed_k32.vec
  if cmp -s "$dir/echo-vectors.out" "$dir/directed.expected"; then
    pass=$((pass + 1)); echo "ok   echo-vectors-content"
  else
    fail=$((fail + 1)); echo "FAIL echo-vectors-content: output differs from tb/directed_k32.vec:"
    diff "$dir/directed.expected" "$dir/echo-vectors.out" | head -n 6
  fi
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
