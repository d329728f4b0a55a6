#!/bin/sh
# need.sh NAME... - make sure the tools a make target needs are present.
#
# Each NAME is checked; what is missing is installed from Debian 12 packages
# with apt-get (through sudo when not root), saying what is installed. On a
# machine without apt-get it stops with a message naming the packages.
# Names: gcc g++ clang clang-rt make verilator iverilog yosys gtkwave xvfb gs
#        mpfr zlib pkg-config pyvenv gnuplot valgrind
# SPDX-License-Identifier: Apache-2.0
set -eu

missing_pkgs=""
add() { case " $missing_pkgs " in *" $1 "*) ;; *) missing_pkgs="$missing_pkgs $1" ;; esac; }
have() { command -v "$1" >/dev/null 2>&1; }

for need in "$@"; do
  case "$need" in
    gcc)       have gcc       || add gcc ;;
    g++)       have g++       || add g++ ;;
    clang)     have clang || have clang-14 || add clang ;;
    clang-rt)  # clang's sanitizer runtime (AddressSanitizer, UBSan)
               ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.asan-x86_64.a \
                  >/dev/null 2>&1 || add libclang-rt-14-dev ;;
    make)      have make      || add make ;;
    verilator) have verilator || add verilator ;;
    iverilog)  { have iverilog && have vvp; } || add iverilog ;;
    yosys)     have yosys     || add yosys ;;
    gtkwave)   have gtkwave   || add gtkwave ;;
    xvfb)      have xvfb-run  || add xvfb ;;
    gs)        have gs        || add ghostscript ;;
    mpfr)      [ -f /usr/include/mpfr.h ] || add libmpfr-dev ;;
    zlib)      [ -f /usr/include/zlib.h ] || add zlib1g-dev ;;
    pkg-config) have pkg-config || add pkg-config ;;
    gnuplot)   have gnuplot   || add gnuplot-nox ;;
    valgrind)  have valgrind  || add valgrind ;;
    pyvenv)    # Debian's python3 with venv and pip (Python packages: build/ venvs)
               { have python3 && [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import venv, ensurepip' 2>/dev/null; } \
                 || { add python3; add python3-venv; add python3-pip; } ;;
    *) echo "need.sh: unknown tool name '$need'" >&2; exit 2 ;;
  esac
done

[ -z "$missing_pkgs" ] && exit 0

echo "==> installing missing Debian packages:$missing_pkgs"
if ! have apt-get; then
  echo "need.sh: apt-get not found; please install:$missing_pkgs" >&2
  exit 2
fi
if [ "$(id -u)" = 0 ]; then SUDO=""; elif have sudo; then SUDO="sudo"; else
  echo "need.sh: not root and no sudo; please install:$missing_pkgs" >&2
  exit 2
fi
export DEBIAN_FRONTEND=noninteractive
# An old or empty package list finds nothing: refresh it first.
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing_pkgs
echo "==> installed:$missing_pkgs"
