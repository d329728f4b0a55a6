#!/bin/sh
# test_tool.sh [MXDOT] - the mxdot tool's vector I/O (SPEC sections 3 and 4):
# gen | eval | check round trips, known-answer files, mismatch reports, and
# every kind of malformed input (exit status 2, a message naming file, line
# and field, and nothing lost before the bad line).
# Ends with "N passed, N failed"; exits 1 on any failure.
# SPDX-License-Identifier: Apache-2.0
set -u

MXDOT=${1:-build/bin/mxdot}
HERE=$(dirname "$0")
T=$(mktemp -d "${TMPDIR:-/tmp}/mxdot-tool.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
trap 'exit 2' INT TERM
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
# expect WHAT WANTED_STATUS ACTUAL_STATUS
expect_status() {
  if [ "$3" -eq "$2" ]; then ok; else bad "$1: exit status $3, expected $2"; fi
}
# expect_grep WHAT PATTERN FILE: FILE contains the fixed string PATTERN
expect_grep() {
  if grep -F -e "$2" "$3" >/dev/null 2>&1; then ok; else
    bad "$1: '$2' not in the output:"; sed -n '1,5s/^/    /p' "$3"
  fi
}
expect_same() {
  if cmp -s "$2" "$3"; then ok; else
    bad "$1: $2 and $3 differ"; diff "$2" "$3" | sed -n '1,6s/^/    /p'
  fi
}

if [ ! -x "$MXDOT" ]; then
  echo "test_tool.sh: $MXDOT is not an executable (run make first)"
  echo "0 passed, 1 failed"
  exit 1
fi
echo "== mxdot tool: $MXDOT"

# --help
"$MXDOT" --help >"$T/help" 2>&1
expect_status "--help" 0 $?
expect_grep "--help" "usage" "$T/help"

# gen | eval | check, for several seeds and block sizes
for case in "1 32 3000" "2 1 2000" "3 7 500" "4 64 300" "5 4096 4"; do
  set -- $case
  seed=$1 k=$2 n=$3
  "$MXDOT" gen --seed "$seed" --count "$n" --k "$k" >"$T/g.vec"
  expect_status "gen --seed $seed --k $k" 0 $?
  "$MXDOT" eval "$T/g.vec" >"$T/e.vec"
  expect_status "eval (seed $seed, K $k)" 0 $?
  lines=$(wc -l <"$T/e.vec")
  if [ "$lines" -eq "$n" ]; then ok; else bad "eval wrote $lines lines for $n blocks"; fi
  "$MXDOT" check "$T/e.vec" >"$T/c.out"
  expect_status "check (seed $seed, K $k)" 0 $?
  expect_grep "check (seed $seed, K $k)" "$n passed, 0 failed" "$T/c.out"
done
# the same as one pipeline through standard input
"$MXDOT" gen --seed 9 --count 1000 | "$MXDOT" eval | "$MXDOT" check >"$T/c.out"
expect_status "gen | eval | check" 0 $?
expect_grep "gen | eval | check" "1000 passed, 0 failed" "$T/c.out"
# gen is reproducible, and block i depends only on (seed, i)
"$MXDOT" gen --seed 9 --count 1000 >"$T/g1.vec"
"$MXDOT" gen --seed 9 --count 1000 >"$T/g2.vec"
expect_same "gen reproducible" "$T/g1.vec" "$T/g2.vec"
"$MXDOT" gen --seed 9 --count 10 --start 990 >"$T/g3.vec"
tail -n 10 "$T/g1.vec" >"$T/g4.vec"
expect_same "gen --start" "$T/g3.vec" "$T/g4.vec"

# known answers: check passes, and eval reproduces the files exactly
# (canonical upper case, single spaces, comments passed through)
for f in spec_examples hard_cases; do
  "$MXDOT" check "$HERE/$f.vec" >"$T/c.out"
  expect_status "check $f.vec" 0 $?
  n=$(grep -c '^[0-9A-Fa-f] ' "$HERE/$f.vec")
  expect_grep "check $f.vec" "$n passed, 0 failed" "$T/c.out"
  "$MXDOT" eval "$HERE/$f.vec" >"$T/e.vec"
  expect_status "eval $f.vec" 0 $?
  expect_same "eval $f.vec" "$HERE/$f.vec" "$T/e.vec"
done
# lower case, tabs and extra blanks are read; output is canonical
tab=$(printf '\t')
sed -e '/^#/d' -e "s/ /$tab  /g" "$HERE/spec_examples.vec" | tr 'A-F' 'a-f' >"$T/lower.vec"
"$MXDOT" eval "$T/lower.vec" >"$T/e.vec"
expect_status "eval lower case" 0 $?
grep -v '^#' "$HERE/spec_examples.vec" >"$T/want.vec"
expect_same "eval lower case" "$T/want.vec" "$T/e.vec"

# a corrupted result: check names the line and exits 1; eval repairs it
"$MXDOT" gen --seed 11 --count 50 | "$MXDOT" eval >"$T/e.vec"
awk 'NR == 5 { $7 = ($7 == "00000000") ? "00000001" : "00000000" }
     NR == 9 { $8 = ($8 == "00") ? "01" : "00" } { print }' "$T/e.vec" >"$T/corrupt.vec"
"$MXDOT" check "$T/corrupt.vec" >"$T/c.out" 2>&1
expect_status "check corrupted D and FLAGS" 1 $?
expect_grep "check corrupted D" "corrupt.vec:5:" "$T/c.out"
expect_grep "check corrupted FLAGS" "corrupt.vec:9:" "$T/c.out"
expect_grep "check corrupted counts" "48 passed, 2 failed" "$T/c.out"
"$MXDOT" eval "$T/corrupt.vec" >"$T/fixed.vec"
expect_same "eval recomputes results" "$T/e.vec" "$T/fixed.vec"

# Malformed input. Each file: a comment, two good lines, the bad line 4,
# one more good line. eval and check must exit 2 with FILE:4: and the field
# named on standard error, and eval must have written the good lines first.
good1="0 7F 7F 00000000 38000000 38000000"
good2="3 7F 7F 4B800000 38000000 38000000"
printf '# good lines first\n%s\n%s\n' "$good1" "$good2" >"$T/prefix.vec"
"$MXDOT" eval "$T/prefix.vec" >"$T/prefix.out"
hex4097=$(awk 'BEGIN { for (i = 0; i < 4097; i++) printf "38" }')
hex6000=$(awk 'BEGIN { for (i = 0; i < 6000; i++) printf "38" }')

# malformed NAME FIELDS LINE: FIELDS is a '|' list of acceptable field names
# (empty: any); LINE is written with printf %s (no newline: a truncated file)
malformed() {
  name=$1 fields=$2 line=$3 nl=${4:-yes}
  f="$T/bad_$name.vec"
  cat "$T/prefix.vec" >"$f"
  if [ "$nl" = yes ]; then printf '%s\n%s\n' "$line" "$good1" >>"$f"
  else printf '%s' "$line" >>"$f"; fi
  check_bad "$name" "$f" "$fields" 4
}

# check_bad NAME FILE FIELDS LINENO
check_bad() {
  for cmd in eval check; do
    "$MXDOT" $cmd "$2" >"$T/out" 2>"$T/err"
    st=$?
    expect_status "$1 ($cmd)" 2 "$st"
    expect_grep "$1 ($cmd) names file and line" "$2:$4:" "$T/err"
    expect_grep "$1 ($cmd) names a field" "field" "$T/err"
    if [ -n "$3" ]; then
      found=no
      old_ifs=$IFS; IFS='|'
      for fld in $3; do
        grep -F -e "field $fld" "$T/err" >/dev/null && found=yes
      done
      IFS=$old_ifs
      if [ "$found" = yes ]; then ok; else
        bad "$1 ($cmd): expected field $3 in: $(cat "$T/err")"
      fi
    fi
    if [ "$cmd" = eval ] && [ "$4" -eq 4 ]; then
      expect_same "$1: good lines before the bad one are output" "$T/prefix.out" "$T/out"
    fi
  done
}

malformed bad-hex-xa      XA    "0 7G 7F 00000000 38000000 38000000"
malformed bad-hex-a       A     "0 7F 7F 00000000 38Z00000 38000000"
malformed bad-hex-c       C     "0 7F 7F 0000000X 38000000 38000000"
malformed bad-hex-d       D     "0 7F 7F 00000000 38000000 38000000 3F80000G 00"
malformed bad-flags       FLAGS "0 7F 7F 00000000 38000000 38000000 3F800000 0x"
malformed fields-5        ""    "0 7F 7F 00000000 38000000"
malformed fields-7        ""    "0 7F 7F 00000000 38000000 38000000 3F800000"
malformed fields-9        ""    "0 7F 7F 00000000 38000000 38000000 3F800000 00 00"
malformed odd-a           "A|B" "0 7F 7F 00000000 3800000 3800000"
malformed unequal-ab      "A|B" "0 7F 7F 00000000 38000000 380000"
malformed k-0             ""    "0 7F 7F 00000000"
malformed k-4097          "A|B" "0 7F 7F 00000000 $hex4097 $hex4097"
malformed rm-8            RM    "8 7F 7F 00000000 38000000 38000000"
malformed rm-G            RM    "G 7F 7F 00000000 38000000 38000000"
malformed rm-2-digits     RM    "00 7F 7F 00000000 38000000 38000000"
malformed xa-3-digits     XA    "0 7F0 7F 00000000 38000000 38000000"
malformed c-7-digits      C     "0 7F 7F 0000000 38000000 38000000"
malformed d-9-digits      D     "0 7F 7F 00000000 38000000 38000000 3F8000000 00"
malformed truncated-b     "A|B|line" "0 7F 7F 00000000 38000000 3800" no
malformed truncated-c     "C|A|B|line" "0 7F 7F 0000" no
malformed long-line       ""    "0 7F 7F 00000000 $hex6000 $hex6000 $hex6000"
# a NUL byte inside the line
cat "$T/prefix.vec" >"$T/bad_nul.vec"
printf '0 7F 7F 00000000 38\00000 38000000\n%s\n' "$good1" >>"$T/bad_nul.vec"
check_bad nul-byte "$T/bad_nul.vec" "" 4
# the line number counts comments and blank lines
printf '\n# c\n\n%s\n\n%s\n0 7F 7F\n' "$good1" "$good2" >"$T/bad_count.vec"
check_bad line-count "$T/bad_count.vec" "" 7

# a file that cannot be read: missing, or a directory
for f in "$T/no/such/file.vec" "$T"; do
  for cmd in eval check; do
    "$MXDOT" $cmd "$f" >"$T/out" 2>"$T/err"
    expect_status "$cmd unreadable $f" 2 $?
    expect_grep "$cmd unreadable names the file" "$f" "$T/err"
  done
done
# a bad line on standard input still gives status 2
printf '%s\nzz\n' "$good1" | "$MXDOT" eval >"$T/out" 2>"$T/err"
expect_status "eval bad stdin" 2 $?
expect_grep "eval bad stdin keeps the good line" "3F800000 00" "$T/out"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
