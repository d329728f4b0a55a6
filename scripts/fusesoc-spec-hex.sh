#!/bin/sh
# fusesoc-spec-hex.sh - pre_run hook of mxdot.core's sim target, run by
# FuseSoC in the work directory (where the core copies the files it names):
# the SPEC examples as the hex words of tb/iverilog/tb_mxdot.v at K = 4.
# SPDX-License-Identifier: Apache-2.0
set -eu
sh vec2hex.sh 4 spec_examples.vec >spec_k4.hex.tmp
mv spec_k4.hex.tmp spec_k4.hex
