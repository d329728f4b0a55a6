# rows.awk - the pipeline register rows that the top module's source names,
# for depth.awk's depth per pipeline stage.
#
#   awk -f rows.awk TOP.v > rows.txt
#
# Prints
#   label N WORDS...     from the top's comment table of cuts, lines such as
#                        "//   2 tree root       (reduce: ...)": cut N is
#                        called WORDS (the words before a run of two blanks
#                        or a parenthesis)
#   inst PATH N          a register row inside a submodule: an instance
#                        u_<m> given a parameter Cut<X>(Mask[N] ...) holds
#                        its row N in its own instance u_<x> (X lower-cased),
#                        so registers under PATH = u_<m>.u_<x> belong to cut N
# The other rules of the mapping (u_cut<N>, extra rows, valid bits) need no
# source: depth.awk applies them to the register names; synth/README.md
# states the whole mapping rule.
# SPDX-License-Identifier: Apache-2.0

# "//   N words  (..." : a cut of the comment table
/^\/\/[ \t]+[0-9]+[ \t]+[a-z]/ {
  line = $0
  sub(/^\/\/[ \t]+/, "", line)
  n = line; sub(/[ \t].*$/, "", n)
  rest = line; sub(/^[0-9]+[ \t]+/, "", rest)
  sub(/(  |\t|\().*$/, "", rest)
  sub(/[ \t]+$/, "", rest)
  if (rest ~ /^[a-z][a-z0-9 _-]*$/ && !(n in seen)) { seen[n] = 1; print "label", n, rest }
  next
}

# An instantiation: collect the text from "#(" up to the instance name.
/#\(/ { buf = ""; collecting = 1 }
collecting {
  buf = buf " " $0
  if (buf ~ /\)[ \t]+u_[A-Za-z0-9_]+[ \t]*\(/) {
    inst = buf
    sub(/^.*\)[ \t]+/, "", inst); sub(/[ \t]*\(.*$/, "", inst)
    rest = buf
    while (match(rest, /\.Cut[A-Za-z0-9_]+\([ \t]*Mask\[[0-9]+\]/)) {
      m = substr(rest, RSTART, RLENGTH)
      rest = substr(rest, RSTART + RLENGTH)
      x = m; sub(/^\.Cut/, "", x); sub(/\(.*$/, "", x)
      n = m; sub(/^.*Mask\[/, "", n); sub(/\]$/, "", n)
      print "inst", inst ".u_" tolower(x), n
    }
    collecting = 0
  }
}
