# tb/tb.mk - Verilator co-simulation of the RTL against the C reference.
#
# Targets
#   make sim          build build/bin/mxdot-sim (LANES, STAGES, FORMATS,
#                     MAXGROUP) and run the default regression: COUNT random
#                     groups of every length 1..MAXGROUP and every carried
#                     format (SEED, sharded over JOBS processes by index
#                     range, coverage of the hard classes required), then the
#                     directed, SPEC-example and hard-case vector files; one
#                     final "N passed, N failed".
#   make sim-build    only build build/bin/mxdot-sim
#   make wave         short traced run (build/wave/mxdot.fst), opened in
#                     GTKWave with the view tb/mxdot.gtkw
#   make wave-png     the same view rendered headless to build/wave/wave.png
#   make wave-png-docs  the same, rewriting the committed docs/wave.png
#   make bench-sim    (in `make bench`) co-simulation and RTL-alone speed
#   make tb-directed  regenerate tb/directed_k32.vec (needs build/bin/mxdot)
#   make test         steps sim-default sim-e4m3 sim-lanes1 sim-lanes8 sim-badvec
#
# Models live in one directory per configuration,
# build/sim/L<lanes>_S<stages>_F<formats>_G<maxgroup>/ (Verilator output in
# obj/, the testbench binary mxdot-sim), so builds of several configurations
# coexist and are reused; build/bin/mxdot-sim is a copy of the one for the
# current LANES, STAGES, FORMATS and MAXGROUP.
#
# The Verilated top is tb/mxdot_sim_top.v, which wraps mxdot_unit (see why
# there). Another source list (a gate-level netlist of mxdot_unit, another
# unit with the same ports) reuses the same testbench through the macro
#
#   $(call mxdot_sim_build,DIR,VSRCS,LANES,STAGES,FORMATS,MAXGROUP,VFLAGS)
#
# which defines the rule for DIR/mxdot-sim: Verilator on VSRCS plus the top,
# the testbench told the configuration the unit was built with, VFLAGS
# added to Verilator's flags (for a netlist, -DMXDOT_NETLIST: no parameters
# are passed to it). For the RTL itself use
# $(call mxdot_sim_rtl,LANES,STAGES,FORMATS,MAXGROUP), which returns the
# path of the binary.
#
# Knobs: SIM_TRACE=0 builds without FST tracing (no zlib needed, --trace and
# --wave then refuse to run); SIM_CXX / SIM_OPT are the compiler and the
# C++ optimisation of the model (by default the fastest available: see
# SIM_CXX below); a change of any of them rebuilds the models.
#
# SPDX-License-Identifier: Apache-2.0

VERILATOR     ?= verilator
VERILATOR_ROOT_DIR = $(shell $(VERILATOR) --getenv VERILATOR_ROOT 2>/dev/null || echo /usr/share/verilator)
SIM_TRACE     ?= 1
# The model's compiler: clang++ when present (it builds this model about a
# third faster than g++), else g++. `make test` also builds one model with
# the plain settings (PLAIN_CXX, PLAIN_OPT) so a miscompile would show.
ifeq ($(origin SIM_CXX),undefined)
SIM_CXX       := $(shell command -v clang++ 2>/dev/null || command -v clang++-14 2>/dev/null || echo g++)
endif
# ... and -O3 for this machine's instruction set when the compiler takes it
# (the model runs where it is built).
ifeq ($(origin SIM_OPT),undefined)
SIM_OPT       := $(shell echo 'int main(void){return 0;}' | $(SIM_CXX) -O3 -march=native -x c++ - -o /dev/null 2>/dev/null \
                   && echo '-O3 -march=native' || echo -O2)
endif
PLAIN_CXX     := g++
PLAIN_OPT     := -O2
# -Wno-fatal: lint is `make lint`'s job; a warning must not stop a simulation.
# --unroll-*: the RTL's bit-level loops (the prefix adders, ~130 bits wide) are
# unrolled at compile time instead of run with dynamic bit selects.
TB_SIM_VFLAGS := -O3 --x-assign fast --x-initial fast --noassert -Wno-fatal \
                 --unroll-count 1024 --unroll-stmts 100000
# The RTL's simulation-speed form (rtl/mxdot_add.v: `+` instead of the
# Sklansky prefix tree, proven equal by `make lint`); the plain-settings
# build leaves it out and runs the Sklansky form.
SIM_FAST_VFLAGS := -DMXDOT_FAST_SIM
SIM_VSRCS     ?= $(if $(RTL_SRCS),$(RTL_SRCS),$(wildcard rtl/*.v))
SIM_TOP_V     := tb/mxdot_sim_top.v
SIM_BIN       := $(BUILD)/bin/mxdot-sim
SIM_OBJ       := $(BUILD)/sim/mxdot_sim.o
SIM_LOG       := $(BUILD)/sim/log
SIM_NEED      := gcc g++ make verilator $(if $(filter 1,$(SIM_TRACE)),zlib)
REF_LIB       ?= $(BUILD)/lib/libmxdot.a
MXDOT         ?= $(BUILD)/bin/mxdot
SPEC_VEC      := tests/spec_examples.vec
SIM_VECS      := tb/directed_k32.vec $(SPEC_VEC) tests/hard_cases.vec $(wildcard tests/fmt_cases.vec)

.PHONY: FORCE
FORCE:

# The testbench proper is plain C and does not depend on the configuration:
# built once.
$(SIM_OBJ): tb/mxdot_sim.c tb/mxdot_model.h ref/mxdot.h ref/mxvec.h ref/mxgen.h
	@$(NEED) gcc
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(OPT) -Iref -Itb -c -o $@ $<

# $(call mxdot_sim_build,DIR,VSRCS,LANES,STAGES,FORMATS,MAXGROUP,VFLAGS[,CXX,OPT]):
# see the header.
define mxdot_sim_build
# The Verilator command line and the compiler, rewritten only when they
# change, so that such a change rebuilds the model.
$(1)/vcmd: FORCE
	@mkdir -p $(1)
	@echo '$$(TB_SIM_VFLAGS) $(if $(8),,$$(SIM_FAST_VFLAGS)) $(if $(filter 1,$(SIM_TRACE)),--trace-fst) --prefix Vmxdot --top-module mxdot_sim_top -GLanes=$(3) -GStages=$(4) -GMaxGroup=$(6) -GFormats=$(5) $(7) $(2) $$(SIM_TOP_V)' >$$@.new
	@echo 'cxx=$(if $(8),$(8),$$(SIM_CXX)) opt=$(if $(9),$(9),$$(SIM_OPT))' >>$$@.new
	@cmp -s $$@.new $$@ && rm -f $$@.new || mv $$@.new $$@

$(1)/obj/Vmxdot.mk: $(2) $$(SIM_TOP_V) $(1)/vcmd
	@$$(NEED) $$(SIM_NEED) $(if $(filter clang++,$(if $(8),$(8),$(SIM_CXX))),clang)
	@rm -rf $(1)/obj && mkdir -p $(1)/obj
	@cmd="$$(VERILATOR) --cc --Mdir $(1)/obj $$$$(head -n 1 $(1)/vcmd)"; echo "$$$$cmd"; $$$$cmd

$(1)/obj/Vmxdot__ALL.a: $(1)/obj/Vmxdot.mk
	@echo "==> compiling the Verilated model in $(1) with $(if $(8),$(8),$$(SIM_CXX)) $(if $(9),$(9),$$(SIM_OPT))"
	@$$(MAKE) --no-print-directory -s -j$$(JOBS) -C $(1)/obj -f Vmxdot.mk CXX="$(if $(8),$(8),$$(SIM_CXX))" \
	  OPT_FAST="$(if $(9),$(9),$$(SIM_OPT))" OPT_SLOW=-O1 OPT_GLOBAL=-O2 \
	  Vmxdot__ALL.a verilated.o verilated_threads.o $(if $(filter 1,$(SIM_TRACE)),verilated_fst_c.o) >/dev/null

$(1)/mxdot_model.o: tb/mxdot_model.cpp tb/mxdot_model.h $(1)/obj/Vmxdot__ALL.a
	$(if $(8),$(8),$$(SIM_CXX)) -std=gnu++17 $(if $(9),$(9),$$(SIM_OPT)) -Wall -Wextra -Werror -faligned-new \
	  -isystem $(1)/obj -isystem $$(VERILATOR_ROOT_DIR)/include -isystem $$(VERILATOR_ROOT_DIR)/include/vltstd -Itb \
	  -DVM_TRACE=$(if $(filter 1,$(SIM_TRACE)),1,0) -DVM_TRACE_FST=$(if $(filter 1,$(SIM_TRACE)),1,0) \
	  -DVM_COVERAGE=0 -DVM_SC=0 -DMXDOT_MODEL_LANES=$(3) -DMXDOT_MODEL_STAGES=$(4) \
	  -DMXDOT_MODEL_FORMATS=$(5) -DMXDOT_MODEL_MAXGROUP=$(6) \
	  -DMXDOT_MODEL_BUILD_INFO='"Lanes=$(3) Stages=$(4) Formats=$(5) MaxGroup=$(6), $(if $(8),$(8),$$(SIM_CXX)) $(if $(9),$(9),$$(SIM_OPT))"' \
	  -c -o $$@ $$<

$(1)/mxdot-sim: $$(SIM_OBJ) $(1)/mxdot_model.o $(1)/obj/Vmxdot__ALL.a $$(REF_LIB)
	$(if $(8),$(8),$$(SIM_CXX)) -o $$@ $$(SIM_OBJ) $(1)/mxdot_model.o $(1)/obj/Vmxdot__ALL.a \
	  $(addprefix $(1)/obj/,verilated.o verilated_threads.o $(if $(filter 1,$(SIM_TRACE)),verilated_fst_c.o)) \
	  $$(REF_LIB) $(if $(filter 1,$(SIM_TRACE)),-lz) -pthread -latomic
endef

# Model directories of the RTL; each is defined once whatever the overlap
# of the configurations below. A configuration is L<lanes>_S<stages>_F<formats>_G<maxgroup>,
# with _plain for the plain-settings build.
sim_cfg = L$(1)_S$(2)_F$(3)_G$(4)
sim_dir = $(BUILD)/sim/$(call sim_cfg,$(1),$(2),$(3),$(4))
mxdot_sim_rtl = $(call sim_dir,$(1),$(2),$(3),$(4))/mxdot-sim
cfg_word = $(patsubst $(2)%,%,$(filter $(2)%,$(subst _, ,$(1))))
TB_TEST_CONFIGS := L32_S$(STAGES)_F63_G4096 L1_S7_F63_G64 L8_S1_F63_G200
TB_CONFIGS := $(sort $(call sim_cfg,$(LANES),$(STAGES),$(FORMATS),$(MAXGROUP)) $(TB_TEST_CONFIGS) L32_S$(STAGES)_F1_G4096)
$(foreach c,$(TB_CONFIGS),$(eval $(call mxdot_sim_build,$(BUILD)/sim/$(c),$$(SIM_VSRCS),$(call cfg_word,$(c),L),$(call cfg_word,$(c),S),$(call cfg_word,$(c),F),$(call cfg_word,$(c),G))))
# the E4M3-only build, compiled with the plain settings
PLAIN_DIR := $(BUILD)/sim/L32_S$(STAGES)_F1_G4096_plain
$(eval $(call mxdot_sim_build,$(PLAIN_DIR),$$(SIM_VSRCS),32,$(STAGES),1,4096,,$(PLAIN_CXX),$(PLAIN_OPT)))

SIM_EXE := $(call mxdot_sim_rtl,$(LANES),$(STAGES),$(FORMATS),$(MAXGROUP))

# A copy, refreshed whenever the configuration changes what it should be.
.PHONY: sim-build
sim-build: $(SIM_EXE)
	@mkdir -p $(dir $(SIM_BIN))
	@cmp -s $(SIM_EXE) $(SIM_BIN) || cp $(SIM_EXE) $(SIM_BIN)
	@echo "==> $(SIM_BIN): $$($(SIM_BIN) --info)"
$(SIM_BIN): sim-build

# Regenerate the committed directed file: the SPEC examples and
# tb/directed_k32.extra (blocks that use every lane), with the reference's
# results.
.PHONY: tb-directed
tb-directed: $(MXDOT) $(SPEC_VEC) tb/directed_k32.extra tb/pad-vectors.sh
	{ echo "# Directed K = 32 vectors for mxdot-sim --vectors ... --check. Generated by"; \
	  echo "# 'make tb-directed': $(SPEC_VEC) padded with zero elements (tb/pad-vectors.sh)"; \
	  echo "# and tb/directed_k32.extra; results from mxdot eval."; \
	  echo "# SPDX-License-Identifier: Apache-2.0"; \
	  tb/pad-vectors.sh 32 $(SPEC_VEC) tb/directed_k32.extra | grep -v SPDX-License | $(MXDOT) eval; \
	} >tb/directed_k32.vec.tmp && mv tb/directed_k32.vec.tmp tb/directed_k32.vec

# Every vector file, one part each (vector files hold groups of any length).
sim_vec_parts = $(foreach v,$(SIM_VECS),$(notdir $(basename $(v))) "$(1) --vectors $(v) --check $(2)")
# A build narrower than the default (fewer formats, shorter groups) would
# refuse some lines of the files (exit 2, by design): it passes over them
# with --skip-unfit, which counts and reports them.
SIM_FIT = $(if $(and $(filter 63,$(FORMATS)),$(filter 4096,$(MAXGROUP))),,--skip-unfit)

.PHONY: sim
sim: sim-build
	@tb/run-parts.sh $(SIM_LOG) \
	  random "tb/shards.sh $(SIM_BIN) $(SEED) $(COUNT) $(JOBS) $(SIM_LOG)/random --require-coverage" \
	  $(foreach v,$(SIM_VECS),$(notdir $(basename $(v))) "$(SIM_BIN) --vectors $(v) --check $(SIM_FIT)")

# ---- make test ----
# Per configuration: the vector files, TB_TEST_COUNT random groups with gaps,
# back-pressure and coverage required, 20000 at full rate (latency = Stages,
# one beat per clock), and the mid-stream reset test.
TB_TEST_COUNT ?= 100000
tb_sim_parts = $(call sim_vec_parts,$(1),--p-in-gap 0.2 --p-out-stall 0.2) \
  random "$(1) --seed $(SEED) --count $(2) --quiet --require-coverage" \
  full-rate "$(1) --seed $(SEED) --start $(2) --count 20000 --p-in-gap 0 --p-out-stall 0 --p-holes 0" \
  reset "$(1) --seed $(SEED) --start 300000 --count 20000 --p-in-gap 0.2 --p-out-stall 0.3 --reset-test"

TESTS += sim-default sim-e4m3 sim-lanes1 sim-lanes8 sim-badvec
.PHONY: test-sim-default test-sim-e4m3 test-sim-lanes1 test-sim-lanes8 test-sim-badvec

test-sim-default: $(call mxdot_sim_rtl,32,$(STAGES),63,4096) $(SIM_VECS)
	@$(RUNTEST) sim-default tb/run-parts.sh $(BUILD)/test/sim-default.d $(call tb_sim_parts,$<,$(TB_TEST_COUNT))

test-sim-e4m3: $(PLAIN_DIR)/mxdot-sim $(SIM_VECS)
	@$(RUNTEST) sim-e4m3 tb/run-parts.sh $(BUILD)/test/sim-e4m3.d \
	  directed "$< --vectors tb/directed_k32.vec --check" \
	  random "$< --seed $(SEED) --count $(TB_TEST_COUNT) --quiet --require-coverage" \
	  full-rate "$< --seed $(SEED) --start $(TB_TEST_COUNT) --count 20000 --p-in-gap 0 --p-out-stall 0 --p-holes 0"

test-sim-lanes1: $(call mxdot_sim_rtl,1,7,63,64) $(SIM_VECS)
	@$(RUNTEST) sim-lanes1 tb/run-parts.sh $(BUILD)/test/sim-lanes1.d $(call tb_sim_parts,$<,30000)

# and two runs narrower than the build, whose coverage must ask only for
# the classes they can reach: formats without NaN codes, one-element groups
test-sim-lanes8: $(call mxdot_sim_rtl,8,1,63,200) $(SIM_VECS)
	@$(RUNTEST) sim-lanes8 tb/run-parts.sh $(BUILD)/test/sim-lanes8.d $(call tb_sim_parts,$<,60000) \
	  no-nan-formats "$< --seed $(SEED) --start 400000 --count 20000 --formats e3m2,e2m3,e2m1,int8 --quiet --require-coverage" \
	  one-element "$< --seed $(SEED) --start 500000 --count 20000 --kmax 1 --quiet --require-coverage"

test-sim-badvec: $(call mxdot_sim_rtl,32,$(STAGES),63,4096) $(PLAIN_DIR)/mxdot-sim $(call mxdot_sim_rtl,8,1,63,200)
	@$(RUNTEST) sim-badvec tb/badvec-test.sh $< $(BUILD)/test/sim-badvec.d $(PLAIN_DIR)/mxdot-sim \
	  $(call mxdot_sim_rtl,8,1,63,200)

# Opt-in: the mutants of tb/rtl-mutants.txt through the Verilator
# regression (tb/sim-mutants.sh; one Lanes 8 model per mutant, about 10 s
# each; MUTANTS="name ..." picks some, SIM_MUT_COUNT the random groups).
.PHONY: test-sim-mutants
test-sim-mutants: tb/sim-mutants.sh tb/rtl-mutants.txt $(SIM_VECS)
	@$(RUNTEST) sim-mutants sh tb/sim-mutants.sh $(BUILD)/sim-mutants $(MUTANTS)

# ---- waveforms ----
WAVE_DIR := $(BUILD)/wave
WAVE_FST := $(WAVE_DIR)/mxdot.fst
# A short stream of groups of 1 to 4 beats with gaps and back-pressure: the
# beat protocol and the handshake are visible.
$(WAVE_FST): sim-build
	@mkdir -p $(WAVE_DIR)
	$(SIM_BIN) --seed $(SEED) --count 10 --kmax 100 --p-in-gap 0.2 --p-out-stall 0.25 --trace $@ >$(WAVE_DIR)/run.log
	@tail -n 1 $(WAVE_DIR)/run.log

.PHONY: wave wave-png wave-png-docs
wave: $(WAVE_FST)
	@$(NEED) gtkwave
	@if [ -z "$$DISPLAY" ]; then echo "no DISPLAY: try 'make wave-png' (view saved in tb/mxdot.gtkw)"; exit 1; fi
	gtkwave $(WAVE_FST) tb/mxdot.gtkw

# Into build/: the committed docs/wave.png changes only on request
# (wave-png-docs), so following the README leaves the tree clean.
wave-png: $(WAVE_FST)
	@$(NEED) gtkwave xvfb gs
	tb/wave-png.sh $(WAVE_FST) tb/mxdot.gtkw tb/wave.tcl $(WAVE_DIR)/wave.png

wave-png-docs: $(WAVE_FST)
	@$(NEED) gtkwave xvfb gs
	tb/wave-png.sh $(WAVE_FST) tb/mxdot.gtkw tb/wave.tcl docs/wave.png

# ---- speed ----
BENCH_TARGETS += bench-sim
.PHONY: bench-sim
# Beside the co-simulation of BENCH_BASE (the single-beat unit and its
# testbench, before this design's groups, formats and speed work), in one
# run; the E4M3-only build is the like-for-like one (the baseline carried
# E4M3 only), the default build's own figures follow.
BENCH_BASE  ?= 449481a
BENCH_COUNT ?= 300000
bench-sim: $(call mxdot_sim_rtl,32,$(STAGES),1,4096) sim-build
	@chmod +x tb/bench-sim.sh
	@tb/bench-sim.sh $< $(BENCH_BASE) $(BUILD)/bench-base $(BENCH_COUNT) 5
	@echo "==> the default build ($(SIM_BIN)):"
	@$(SIM_BIN) --bench --count $(BENCH_COUNT) --runs 5 | tail -n 4
