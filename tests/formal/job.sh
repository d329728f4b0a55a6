#!/bin/sh
# tests/formal/job.sh OUT LINE - run one job of the formal flow and print
# one result line: "PASS name ..." or "FAIL name ...".
#
# LINE (from tests/formal/jobs.txt, fields separated by |):
#   name | kind | parameters | engine | expect | mutant
# kind:   proto (proto_harness.v on the transport abstraction), dp
#         (dp_harness.v, the real datapath against spec_elem.v) or perm
#         (perm_harness.v, two real units, lanes permuted)
# parameters: yosys -chparam pairs for the harness, e.g. "Lanes 8 Stages 5"
# engine: pdr (ABC pdr: a proof), kind:K (yosys-smtbmc k-induction of depth
#         K and a bounded base case of K steps: a proof), bmc:N (bounded
#         check of N steps: a proof only where the harness says so)
# expect: proved (the property holds) or cex (a mutant: a counterexample
#         must be found; anything else, a time-out included, is a failure)
# mutant: empty, or "FILE:SED" (the rest of the line) - a sed expression applied to a copy of FILE
#         (rtl/... or tests/formal/...) under OUT/mut/name/; the copy must
#         differ from the original (else the mutant did not apply: failure)
# SPDX-License-Identifier: Apache-2.0
set -u
OUT=$1
LINE=$2
. tests/formal/lib.sh

field() { printf '%s\n' "$LINE" | cut -d'|' -f"$1" | sed 's/^ *//; s/ *$//'; }
name=$(field 1) kind=$(field 2) params=$(field 3) engine=$(field 4) expect=$(field 5)
mutant=$(field 6-)                       # the sed expression may hold a |
LIMIT=${FORMAL_LIMIT:-600}

RTL_DIR=rtl
FORMAL_DIR=tests/formal
start=$(date +%s)
finish() {
  verdict=$1; shift
  end=$(date +%s)
  echo "$verdict $name: $* ($((end - start)) s)"
  exit 0
}

if [ -n "$mutant" ]; then
  file=${mutant%%:*}
  expr=${mutant#*:}
  mdir=$OUT/mut/$name
  rm -rf "$mdir" && mkdir -p "$mdir/rtl" "$mdir/formal"
  cp rtl/*.v "$mdir/rtl/" && cp tests/formal/*.v "$mdir/formal/"
  case "$file" in
    rtl/*)          target=$mdir/rtl/${file#rtl/} ;;
    tests/formal/*) target=$mdir/formal/${file#tests/formal/} ;;
    *) finish FAIL "mutant file $file is neither rtl/ nor tests/formal/" ;;
  esac
  [ -f "$target" ] || finish FAIL "mutant file $file not found"
  sed -i "$expr" "$target"
  if cmp -s "$target" "$file"; then finish FAIL "mutant did not apply ($file: $expr)"; fi
  RTL_DIR=$mdir/rtl
  FORMAL_DIR=$mdir/formal
fi

chparams=$(printf '%s\n' "$params" | awk '{for (i = 1; i < NF; i += 2) printf "-chparam %s %s ", $i, $(i+1)}')
case "$kind" in
  proto)
    reads="read_verilog -overwrite $FORMAL_DIR/abstract_datapath.v
read_verilog -formal $FORMAL_DIR/proto_harness.v"
    post="connect -set peek_take u_dut.u_group.take_i
connect -set peek_active u_dut.u_group.active_q
connect -set peek_cnt u_dut.u_group.cnt_q
connect -set peek_acc u_dut.u_group.acc_q[1:0]"
    top=formal_proto ;;
  dp)
    reads="read_verilog -formal $FORMAL_DIR/spec_elem.v $FORMAL_DIR/dp_harness.v"
    post="connect -set peek_take u_dut.u_group.take_i
connect -set peek_mag u_dut.u_group.sum_mag_o
connect -set peek_neg u_dut.u_group.sum_neg_o
connect -set peek_zero u_dut.u_group.sum_zero_o
connect -set peek_flags u_dut.u_group.flags_o
connect -set peek_acc u_dut.u_group.acc_q
connect -set peek_active u_dut.u_group.active_q
connect -set peek_gflags u_dut.u_group.flags_q
connect -set peek_in_group u_dut.in_group_q
connect -set peek_hdr_fmt u_dut.hdr_q[56:51]"
    top=formal_dp ;;
  perm)
    reads="read_verilog -formal $FORMAL_DIR/perm_harness.v"
    post=""
    for u in a b; do
      post="$post
connect -set peek_mag_$u u_$u.u_group.sum_mag_o
connect -set peek_neg_$u u_$u.u_group.sum_neg_o
connect -set peek_zero_$u u_$u.u_group.sum_zero_o
connect -set peek_flags_$u u_$u.u_group.flags_o"
    done
    top=formal_perm ;;
  *) finish FAIL "unknown kind $kind" ;;
esac

if ! yosys_model "$name" "$top" "$chparams" "$reads" "$post" "$RTL_DIR"; then
  finish FAIL "yosys could not build the model (log: $OUT/$name.yosys.log: $(grep -m1 ERROR "$OUT/$name.yosys.log"))"
fi

case "$engine" in
  pdr)
    r=$(pdr "$name" "$LIMIT")
    detail="ABC pdr: $r" ;;
  kind:*)
    k=${engine#kind:}
    base=$(SMT_TIMEOUT=$LIMIT smtbmc "$name" "$k")
    if [ "$base" = passed ]; then
      r=$(SMT_TIMEOUT=$LIMIT smtbmc "$name" "$k" -i)
      detail="yosys-smtbmc yices, base case $k steps: $base, $k-induction: $r"
    else
      r=$base
      detail="yosys-smtbmc yices, base case $k steps: $base"
    fi ;;
  bmc:*)
    n=${engine#bmc:}
    r=$(SMT_TIMEOUT=$LIMIT smtbmc "$name" "$n")
    detail="yosys-smtbmc yices, bounded $n steps: $r"
    [ "$r" = passed ] && { r=proved; detail="yosys-smtbmc yices: no failure in $n steps"; } ;;
  *) finish FAIL "unknown engine $engine" ;;
esac

case "$expect:$r" in
  proved:proved) finish PASS "$detail" ;;
  cex:cex)       finish PASS "mutant caught: $detail" ;;
  cex:*)         finish FAIL "mutant NOT caught: $detail" ;;
  *)             finish FAIL "$detail (logs: $OUT/$name.*)" ;;
esac
