#!/bin/sh
# fusesoc-spec-hex.sh - pre_run hook of mxdot.core's sim target, run by
# FuseSoC in the work directory (where the core copies the files it names):
# the SPEC examples as the hex tokens of tb/iverilog/tb_mxdot.v (the format
# does not depend on the lane count).
# SPDX-License-Identifier: Apache-2.0
set -eu
sh vec2hex.sh spec_examples.vec >spec.hex.tmp
mv spec.hex.tmp spec.hex
