# MXFP8 dot product: RTL, golden reference, co-simulation, synthesis.
# `make help` lists the targets. Every target installs the Debian packages it
# needs through scripts/need.sh and says what it installs.
# SPDX-License-Identifier: Apache-2.0

SHELL    := /bin/sh
BUILD    := build
NEED     := scripts/need.sh
RUNTEST  := BUILD=$(BUILD) scripts/run-test.sh

CC       ?= gcc
CLANG    := $(shell command -v clang 2>/dev/null || command -v clang-14 2>/dev/null || echo clang)
CSTD     := -std=c99
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -pedantic
OPT      := -O2
CFLAGS_REF = $(CSTD) $(WARN) $(OPT) -fPIC -Iref

# Simulation and synthesis parameters (see README): the unit's Lanes,
# Stages, Formats (bit f: carries element format code f) and MaxGroup.
LANES    ?= 32
STAGES   ?= 5
FORMATS  ?= 63
MAXGROUP ?= 4096
SEED     ?= 1
COUNT    ?= 200000
JOBS     ?= $(shell nproc 2>/dev/null || echo 2)
PREFIX   ?= /usr/local

# Each part adds its steps of `make test` to TESTS, in order.
TESTS :=

.DEFAULT_GOAL := all

include ref/ref.mk
include ref/python.mk
include scripts/integration.mk
include tests/tests.mk
include tests/fast.mk
include tests/model.mk
include rtl/rtl.mk
include tb/tb.mk
include synth/synth.mk
include tests/formal.mk

.PHONY: all test bench help clean deps
all:

deps:
	@$(NEED) gcc g++ clang clang-rt make verilator iverilog yosys gtkwave xvfb gs mpfr zlib

# Runs every step even when one fails, then prints the one final line.
test:
	@rm -rf $(BUILD)/test
	@$(MAKE) --no-print-directory -k $(addprefix test-,$(TESTS)) || true
	@BUILD=$(BUILD) scripts/test-summary.sh $(TESTS)

bench: $(BENCH_TARGETS)

clean:
	rm -rf $(BUILD)

help:
	@echo "MXFP8 dot product: targets (parameters: LANES STAGES FORMATS MAXGROUP SEED COUNT JOBS)"
	@echo "  make                build the reference library and tool (build/bin/mxdot)"
	@echo "  make sim            build the Verilated RTL and run the default co-simulation:"
	@echo "                      COUNT groups of every length and format, then the vector files"
	@echo "                      (SEED=$(SEED) COUNT=$(COUNT) JOBS=$(JOBS) LANES=$(LANES) STAGES=$(STAGES)"
	@echo "                      FORMATS=$(FORMATS) MAXGROUP=$(MAXGROUP)); shards by seed over JOBS cores"
	@echo "  make test           the whole test suite; ends with 'N passed, N failed'"
	@echo "  make test-sim-mutants, test-iverilog-mutants, test-ref-mutants, test-dpi-mutants"
	@echo "                      (opt-in) break copies of the RTL / reference on purpose: every"
	@echo "                      mutant must be caught (MUTANTS=\"name ...\" picks some)"
	@echo "  make lint           Verilator -Wall lint, Yosys and Icarus read the RTL"
	@echo "  make formal         handshake and datapath proofs (Yosys, ABC pdr, yices k-induction)"
	@echo "  make sim-iverilog   the RTL under Icarus with a Verilog testbench on mxdot vectors"
	@echo "  make wave           short traced simulation, opened in GTKWave"
	@echo "  make wave-png       the same view rendered headless to build/wave/wave.png"
	@echo "                      (make wave-png-docs rewrites the committed docs/wave.png)"
	@echo "  make synth          Yosys sweep (lanes, stages, each element format, MaxGroup), about 8"
	@echo "                      minutes with progress -> build/synth/report.{json,md}"
	@echo "                      (one configuration: make synth LANES=32 STAGES=5 FORMATS=1 MAXGROUP=4096)"
	@echo "  make synth-compare  area, depth and error of a Blackwell-compatible truncating unit"
	@echo "  make gls            gate-level co-simulation of the synthesized netlist"
	@echo "  make bench          reference, generator, Python, co-simulation and Icarus speed"
	@echo "                      (medians, ratios; bench-ref, bench-gen, bench-sim, bench-python)"
	@echo "  make accuracy       exact vs Blackwell vs Hopper vs conventional: docs/accuracy-data.md"
	@echo "  make mmasim-vectors regenerate tests/vectors/*.gz with MMA-Sim (Python 3.12 venv)"
	@echo "  make install        install library, headers, tool, pkg-config (PREFIX=$(PREFIX));"
	@echo "                      prints the lines to use it; make uninstall removes it"
	@echo "  make python         the Python package mxdot (ref/python) and its venv; make test-python"
	@echo "  make dpi-scoreboard SystemVerilog scoreboard calling the reference through DPI-C"
	@echo "  make cocotb         the cocotb example (cocotb 1.9, Icarus) with the Python model"
	@echo "  make test-fusesoc   the FuseSoC core mxdot.core (lint, sim, synth) through FuseSoC"
	@echo "  make deps           install every Debian package any target needs"
	@echo "  make clean          remove build/"
