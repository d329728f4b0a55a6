#!/bin/sh
# fusesoc-test.sh VENV WORK "RTL_SRCS" - mxdot.core checked with FuseSoC
# itself (step fusesoc of `make test`):
#   1. the core's rtl fileset and rtl/files.f list exactly RTL_SRCS (rtl/rtl.mk);
#   2. the parameters of the core's default target are the parameters of
#      mxdot_unit (rtl/mxdot_unit.v), so a new or renamed one fails here;
#   3. `fusesoc core-info` reads the core and lists lint, sim and synth;
#   4. `fusesoc run --target lint` passes (Verilator -Wall, no warning) at the
#      default parameters and one more configuration (8 lanes, one stage,
#      E4M3 only, groups of 64), and fails on a bad one (0 lanes);
#   5. the sim target passes the unit's parameters to the testbench, and
#      `fusesoc run --target sim` (Icarus) passes every SPEC example of
#      tests/spec_examples.vec, as one-beat groups (default Lanes) and as
#      multi-beat groups (--Lanes 1);
#   6. `fusesoc run --target synth` (Yosys) writes a netlist of mxdot_unit
#      with the parameter given.
# Ends with "N passed, N failed".
# SPDX-License-Identifier: Apache-2.0
set -u
venv=$1 work=$2 srcs=$3
pass=0 fail=0
ok()  { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
rm -rf "$work" && mkdir -p "$work" || exit 2
work=$(cd "$work" && pwd)
# Keep FuseSoC's configuration and caches inside the work directory.
export XDG_CONFIG_HOME="$work/xdg/config" XDG_CACHE_HOME="$work/xdg/cache" XDG_DATA_HOME="$work/xdg/data"
printf '[main]\ncache_root = %s/cache\n' "$work" >"$work/fusesoc.conf"
fusesoc() { "$venv/bin/fusesoc" --config "$work/fusesoc.conf" --cores-root . "$@"; }
py="$venv/bin/python"

# ---- 1. file lists ----
want=$(printf '%s\n' $srcs | sort)
core_files=$("$py" -c '
import sys, yaml
core = yaml.safe_load(open("mxdot.core"))
for f in core["filesets"]["rtl"]["files"]:
    print(f if isinstance(f, str) else next(iter(f)))' | sort)
if [ "$core_files" = "$want" ]; then ok "mxdot.core rtl fileset = RTL_SRCS ($(echo "$want" | wc -l) files)"
else bad "mxdot.core rtl fileset differs from RTL_SRCS of rtl/rtl.mk:"
     diff "$(printf '%s\n' "$want" >"$work/want"; echo "$work/want")" \
          "$(printf '%s\n' "$core_files" >"$work/core"; echo "$work/core")" | sed 's/^/    /'; fi
flist=$(sed -e 's/[[:space:]]*$//' -e '/^$/d' rtl/files.f | sort)
if [ "$flist" = "$want" ]; then ok "rtl/files.f = RTL_SRCS"
else bad "rtl/files.f differs from RTL_SRCS"; fi

# ---- 2. parameters ----
rtl_params=$(sed -n 's/^[[:space:]]*parameter[[:space:]]\{1,\}integer[[:space:]]\{1,\}\([A-Za-z_][A-Za-z0-9_]*\).*/\1/p' rtl/mxdot_unit.v | sort | tr '\n' ' ')
core_params=$("$py" -c '
import yaml
core = yaml.safe_load(open("mxdot.core"))
print(" ".join(sorted(p.split("=")[0] for p in core["targets"]["default"]["parameters"])))')
if [ "$(echo $rtl_params)" = "$core_params" ]; then ok "default target parameters = mxdot_unit's ($core_params)"
else bad "mxdot.core parameters '$core_params' differ from mxdot_unit's '$(echo $rtl_params)'"; fi

# ---- 3. core-info ----
if fusesoc core-info mxdot >"$work/core-info.log" 2>&1; then
  missing=""
  for t in lint sim synth; do grep -qE "^$t[[:space:]]*:" "$work/core-info.log" || missing="$missing $t"; done
  if [ -z "$missing" ]; then ok "fusesoc core-info mxdot (targets lint, sim, synth)"
  else bad "core-info lacks targets:$missing"; fi
else bad "fusesoc core-info mxdot failed:"; tail -n 20 "$work/core-info.log" | sed 's/^/    /'; fi

# ---- 4. lint ----
run() {   # run NAME EXPECT(0|1) TARGET PARAMS...: fusesoc run, log in $work/NAME.log
  name=$1 expect=$2 target=$3; shift 3
  fusesoc run --build-root "$work/$name" --target "$target" mxdot "$@" >"$work/$name.log" 2>&1
  rc=$?
  if [ "$expect" = 0 ] && [ "$rc" -ne 0 ]; then
    bad "fusesoc run --target $target $* failed (status $rc):"; tail -n 20 "$work/$name.log" | sed 's/^/    /'; return 1
  fi
  if [ "$expect" = 1 ] && [ "$rc" -eq 0 ]; then bad "fusesoc run --target $target $* passed but must fail"; return 1; fi
  return 0
}
p1=$(echo $core_params | cut -d' ' -f1)
if run lint 0 lint; then
  if grep -q -- '-Wall' "$work"/lint/*/lint/*.vc 2>/dev/null && ! grep -q '%Warning' "$work/lint.log"; then
    ok "fusesoc run --target lint mxdot (Verilator $(verilator --version | cut -d' ' -f2) -Wall, defaults)"
  else bad "lint ran without -Wall or with warnings (log $work/lint.log)"; fi
fi
case " $core_params " in
  *" Lanes "*) more="--Lanes 8 --Stages 1 --Formats 1 --MaxGroup 64"; worse="--Lanes 0" ;;
  *)           more=""; worse="" ;;
esac
if [ -n "$more" ]; then
  # shellcheck disable=SC2086
  run lint2 0 lint $more && ok "fusesoc run --target lint mxdot $more"
  # shellcheck disable=SC2086
  if run lint-bad 1 lint $worse; then
    # failing for the right reason: Verilator stopped on the parameter check
    if grep -q '%Error' "$work/lint-bad.log"; then ok "fusesoc run --target lint mxdot $worse fails in Verilator"
    else bad "lint $worse failed, but not in Verilator (log $work/lint-bad.log)"; fi
  fi
else bad "no lane-count parameter ($p1...) to vary"; fi

# ---- 5. sim ----
# The sim target's parameters must include the unit's (they go to tb_mxdot).
sim_params=$("$py" -c '
import yaml
core = yaml.safe_load(open("mxdot.core"))
print(" ".join(sorted(p.split("=")[0] for p in core["targets"]["sim"]["parameters"])))')
missing=""
for p in $rtl_params; do case " $sim_params " in *" $p "*) ;; *) missing="$missing $p" ;; esac; done
if [ -z "$missing" ]; then ok "sim target parameters include mxdot_unit's"
else bad "sim target lacks the unit's parameters:$missing"; fi
# Every SPEC example, once with one-beat groups (default Lanes) and once as
# multi-beat groups of one lane; the testbench reports how many groups of
# the file it saw.
nvec=$(grep -cvE '^[[:space:]]*(#|$)' tests/spec_examples.vec)
for sim in "sim" "sim-lanes1 --Lanes 1 --seed 2"; do
  name=${sim%% *} params=${sim#"$name"}
  # shellcheck disable=SC2086
  run "$name" 0 sim $params || continue
  seen=$(sed -nE 's/^tb_mxdot: ([0-9]+) groups from .*/\1/p' "$work/$name.log" | tail -n 1)
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$work/$name.log" | tail -n 1)
  if [ "$seen" = "$nvec" ] && echo "$line" | grep -qE '^[0-9]+ passed, 0 failed$'; then
    ok "fusesoc run --target sim$params (Icarus): $nvec SPEC examples, $line"
  else bad "$name gave '$line' over ${seen:-no} groups of $nvec (log $work/$name.log)"; fi
done

# ---- 6. synth ----
case " $core_params " in *" K "*) sp="--K 2" ;; *) sp="--Lanes 2" ;; esac
# shellcheck disable=SC2086
if run synth 0 synth $sp; then
  json=$(ls "$work"/synth/*/synth/*.json 2>/dev/null | head -n 1)
  val=${sp##* }
  if [ -n "$json" ] && grep -q '"mxdot_unit' "$json" \
     && grep -qE "Parameter .*(K|Lanes) = $val" "$work"/synth/*/synth/yosys.log; then
    ok "fusesoc run --target synth mxdot $sp (Yosys $(yosys -V | cut -d' ' -f2)): $(basename "$json")"
  else bad "synth left no netlist of mxdot_unit with $sp (log $work/synth.log)"; fi
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
