#!/bin/sh
# spec-doc-check.sh MXDOT - keep docs/spec.md in step with the governing
# specification (step `spec-doc` of `make test`; docs/spec.md section 7):
#   1. when ../shared/SPEC.md (or $SPEC_MD) is present: every example line
#      of its section 3 (vector and comment lines of the indented block)
#      appears in docs/spec.md, and every example vector line appears in
#      tests/spec_examples.vec;
#   2. every vector line of docs/spec.md (indented, or inline in backticks)
#      passes `MXDOT check`, and there are as many as were found;
#   3. README.md, docs/*.md, ref/*.[ch] and the makefiles no longer point at
#      ../shared/SPEC.md (docs/spec.md is the contract a clone carries).
# One count per line or file checked; ends with "N passed, N failed".
# SPDX-License-Identifier: Apache-2.0
set -u
mxdot=${1:-build/bin/mxdot}
spec=${SPEC_MD:-../shared/SPEC.md}
doc=docs/spec.md
vec=tests/spec_examples.vec
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/spec-doc.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT

[ -f "$doc" ] || { echo "spec-doc-check.sh: $doc missing"; echo "0 passed, 1 failed"; exit 1; }

# A vector line with a result: [F] RM XA XB C A B D FLAGS (hex).
H='[0-9A-Fa-f]'
VEC_RE="^($H$H +)?$H +$H$H +$H$H +$H{8} +$H+ +$H+ +$H{8} +$H$H\$"
trim() { sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//'; }

# Lines of a file, trimmed, one per line (for whole-line lookups).
trim <"$doc" >"$tmp/doc.lines"
[ -f "$vec" ] && trim <"$vec" >"$tmp/vec.lines" || : >"$tmp/vec.lines"

# ---- 1. the specification's examples ----
if [ -f "$spec" ]; then
  # Section 3's indented lines that are vector or comment lines (the
  # "[F] RM XA ..." synopsis is neither).
  awk '/^## 3\./ { in3 = 1; next } /^## / { in3 = 0 } in3 && /^    / { print }' "$spec" | trim |
    grep -E "^#|$VEC_RE" >"$tmp/examples"
  n=$(wc -l <"$tmp/examples")
  if [ "$n" -ge 10 ]; then ok; else bad "found only $n example lines in section 3 of $spec"; fi
  nv=0
  while IFS= read -r line; do
    if grep -qxF -- "$line" "$tmp/doc.lines"; then ok; else bad "$doc lacks the SPEC example line: $line"; fi
    case $line in
      '#'*) ;;
      *) nv=$((nv + 1))
         if grep -qxF -- "$line" "$tmp/vec.lines"; then ok; else bad "$vec lacks the SPEC example: $line"; fi ;;
    esac
  done <"$tmp/examples"
  echo "SPEC section 3: $n example lines ($nv vectors) looked up in $doc and $vec"
else
  echo "note: $spec not present: only docs/spec.md's own vectors and the references are checked"
fi

# ---- 2. docs/spec.md's vectors through the reference ----
{
  awk '/^    / { print }' "$doc" | trim | grep -E "$VEC_RE"
  # inline `...` spans that are whole vector lines
  grep -o '`[^`]*`' "$doc" | tr -d '`' | trim | grep -E "$VEC_RE"
} >"$tmp/doc.vec"
nd=$(wc -l <"$tmp/doc.vec")
if [ "$nd" -ge 10 ]; then ok; else bad "found only $nd vector lines in $doc"; fi
"$mxdot" check "$tmp/doc.vec" >"$tmp/check.out" 2>&1
rc=$?
summary=$(tail -n 1 "$tmp/check.out")
if [ "$rc" -eq 0 ] && [ "$summary" = "$nd passed, 0 failed" ]; then ok
  echo "$doc: $nd vector lines pass mxdot check"
else
  bad "mxdot check on the vectors of $doc: exit $rc, '$summary' (expected '$nd passed, 0 failed'):"
  sed 's/^/    /' "$tmp/check.out" | head -n 40
fi

# ---- 3. no reference to ../shared/SPEC.md left ----
for f in README.md docs/*.md ref/*.h ref/*.c Makefile */*.mk; do
  [ -f "$f" ] || continue
  [ "$f" = "$doc" ] && continue
  hits=$(grep -n 'shared/SPEC\.md' "$f")
  if [ -z "$hits" ]; then ok; else
    bad "$f still points at ../shared/SPEC.md (point at docs/spec.md):"
    echo "$hits" | sed 's/^/    /'
  fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
