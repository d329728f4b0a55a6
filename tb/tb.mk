# tb/tb.mk - Verilator co-simulation of the RTL against the C reference.
#
# Targets
#   make sim          build build/bin/mxdot-sim (K=$(K), STAGES=$(STAGES)) and
#                     run the default regression: COUNT random blocks (SEED,
#                     sharded over JOBS processes by index range), the
#                     directed vectors for K, and tests/spec_examples.vec
#                     through a K=4 build; one final "N passed, N failed".
#   make sim-build    only build build/bin/mxdot-sim
#   make wave         short traced run (build/wave/mxdot.fst), opened in
#                     GTKWave with the view tb/mxdot.gtkw
#   make wave-png     the same view rendered headless to docs/wave.png
#   make bench-sim    (in `make bench`) co-simulation and RTL-alone speed
#   make tb-directed  regenerate tb/directed_k32.vec (needs build/bin/mxdot)
#   make test         steps sim-k32 sim-k32-s1 sim-k8 sim-spec-k4 sim-badvec
#
# Models live in one directory per configuration, build/sim/K<k>_S<s>/
# (Verilator output in obj/, the testbench binary mxdot-sim), so builds for
# several K and Stages coexist and are reused; build/bin/mxdot-sim is a copy
# of the one for the current K and STAGES.
#
# Another Verilog source list and top (gate-level simulation of a Yosys
# netlist, for instance) reuse the same testbench through the macro
#
#   $(call mxdot_sim_build,DIR,VSRCS,TOP,K,STAGES,VFLAGS)
#
# which defines the rule for DIR/mxdot-sim: Verilator on VSRCS with top
# module TOP (renamed Vmxdot in C++, so the testbench is unchanged), the
# testbench told that the model has K elements and Stages pipeline stages
# (a netlist has no parameters left: pass them as they were synthesized),
# and VFLAGS added to Verilator's flags. Use it with $(eval), after this
# file is included; e.g. in synth/synth.mk:
#
#   GLS_DIR := $(BUILD)/gls/K$(K)_S$(STAGES)
#   $(eval $(call mxdot_sim_build,$(GLS_DIR),$(GLS_NETLIST) $(YOSYS_SIMCELLS),mxdot_unit,$(K),$(STAGES),-Wno-lint -Wno-style))
#   gls: $(GLS_DIR)/mxdot-sim
#   	$(GLS_DIR)/mxdot-sim --seed $(SEED) --count 20000
#
# (VFLAGS must not hold -G options for a netlist: Verilator rejects a
# parameter the design lacks.) For the RTL itself use
# $(call mxdot_sim_rtl,K,STAGES), which returns the path of the binary.
#
# Knobs: SIM_TRACE=0 builds without FST tracing (no zlib needed, --trace and
# --wave then refuse to run); SIM_FAST_EVAL=1 patches one line of the
# Verilated C++ so the input region is not evaluated twice per clock (see
# tb/fast-eval.sh; about 20% faster, off by default: the model the tests
# trust is the one Verilator wrote); TB_SIM_OPT is the C++
# optimisation of the model. A change of any of them rebuilds the models.
#
# SPDX-License-Identifier: Apache-2.0

VERILATOR     ?= verilator
VERILATOR_ROOT_DIR = $(shell $(VERILATOR) --getenv VERILATOR_ROOT 2>/dev/null || echo /usr/share/verilator)
SIM_TRACE     ?= 1
SIM_FAST_EVAL ?= 0
TB_SIM_OPT    ?= -O2
# -Wno-fatal: lint is `make lint`'s job; a warning must not stop a simulation.
# --unroll-*: the RTL's bit-level loops (the prefix adders, 95 bits wide) are
# unrolled at compile time instead of run with dynamic bit selects: 1.8x.
TB_SIM_VFLAGS := -O3 --x-assign fast --x-initial fast --noassert -Wno-fatal \
                 --unroll-count 1024 --unroll-stmts 100000
SIM_VSRCS     ?= $(if $(RTL_SRCS),$(RTL_SRCS),$(wildcard rtl/*.v))
SIM_TOP       ?= mxdot_unit
SIM_BIN       := $(BUILD)/bin/mxdot-sim
SIM_OBJ       := $(BUILD)/sim/mxdot_sim.o
SIM_LOG       := $(BUILD)/sim/log
SIM_NEED      := gcc g++ make verilator $(if $(filter 1,$(SIM_TRACE)),zlib)
REF_LIB       ?= $(BUILD)/lib/libmxdot.a
MXDOT         ?= $(BUILD)/bin/mxdot
SPEC_VEC      := tests/spec_examples.vec

.PHONY: FORCE
FORCE:

# The testbench proper is plain C and does not depend on K: built once.
$(SIM_OBJ): tb/mxdot_sim.c tb/mxdot_model.h ref/mxdot.h ref/mxvec.h ref/mxgen.h
	@$(NEED) gcc
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(OPT) -Iref -Itb -c -o $@ $<

# $(call mxdot_sim_build,DIR,VSRCS,TOP,K,STAGES,VFLAGS): see the header.
define mxdot_sim_build
# The Verilator command line, rewritten only when it changes (SIM_TRACE,
# flags, sources), so that such a change rebuilds the model.
$(1)/vcmd: FORCE
	@mkdir -p $(1)
	@echo '$$(TB_SIM_VFLAGS) $(if $(filter 1,$(SIM_TRACE)),--trace-fst) --prefix Vmxdot --top-module $(3) $(6) $(2)' >$$@.new
	@echo 'fast-eval=$$(SIM_FAST_EVAL) opt=$$(TB_SIM_OPT)' >>$$@.new
	@cmp -s $$@.new $$@ && rm -f $$@.new || mv $$@.new $$@

$(1)/obj/Vmxdot.mk: $(2) $(1)/vcmd
	@$$(NEED) $$(SIM_NEED)
	@rm -rf $(1)/obj && mkdir -p $(1)/obj
	@cmd="$$(VERILATOR) --cc --Mdir $(1)/obj $$$$(head -n 1 $(1)/vcmd)"; echo "$$$$cmd"; $$$$cmd
	@$(if $(filter 1,$(SIM_FAST_EVAL)),tb/fast-eval.sh $(1)/obj,true)

$(1)/obj/Vmxdot__ALL.a: $(1)/obj/Vmxdot.mk
	@echo "==> compiling the Verilated model in $(1)"
	@$$(MAKE) --no-print-directory -s -C $(1)/obj -f Vmxdot.mk OPT_FAST="$$(TB_SIM_OPT)" OPT_SLOW=-O1 OPT_GLOBAL=-O2 \
	  Vmxdot__ALL.a verilated.o verilated_threads.o $(if $(filter 1,$(SIM_TRACE)),verilated_fst_c.o) >/dev/null

$(1)/mxdot_model.o: tb/mxdot_model.cpp tb/mxdot_model.h $(1)/obj/Vmxdot__ALL.a
	$$(CXX) -std=gnu++17 $$(TB_SIM_OPT) -Wall -Wextra -Werror -faligned-new \
	  -isystem $(1)/obj -isystem $$(VERILATOR_ROOT_DIR)/include -isystem $$(VERILATOR_ROOT_DIR)/include/vltstd -Itb \
	  -DVM_TRACE=$(if $(filter 1,$(SIM_TRACE)),1,0) -DVM_TRACE_FST=$(if $(filter 1,$(SIM_TRACE)),1,0) \
	  -DVM_COVERAGE=0 -DVM_SC=0 -DMXDOT_MODEL_K=$(4) -DMXDOT_MODEL_STAGES=$(5) -c -o $$@ $$<

$(1)/mxdot-sim: $$(SIM_OBJ) $(1)/mxdot_model.o $(1)/obj/Vmxdot__ALL.a $$(REF_LIB)
	$$(CXX) -o $$@ $$(SIM_OBJ) $(1)/mxdot_model.o $(1)/obj/Vmxdot__ALL.a \
	  $(addprefix $(1)/obj/,verilated.o verilated_threads.o $(if $(filter 1,$(SIM_TRACE)),verilated_fst_c.o)) \
	  $$(REF_LIB) $(if $(filter 1,$(SIM_TRACE)),-lz) -pthread -latomic
endef

# Model directories of the RTL; each is defined once whatever the overlap
# of the configurations below.
sim_dir = $(BUILD)/sim/K$(1)_S$(2)
mxdot_sim_rtl = $(call sim_dir,$(1),$(2))/mxdot-sim
TB_CONFIGS := $(sort K$(K)_S$(STAGES) K32_S$(STAGES) K32_S1 K8_S$(STAGES) K4_S$(STAGES))
tb_cfg_k = $(patsubst K%,%,$(word 1,$(subst _, ,$(1))))
tb_cfg_s = $(patsubst S%,%,$(word 2,$(subst _, ,$(1))))
$(foreach c,$(TB_CONFIGS),$(eval $(call mxdot_sim_build,$(BUILD)/sim/$(c),$$(SIM_VSRCS),$(SIM_TOP),$(call tb_cfg_k,$(c)),$(call tb_cfg_s,$(c)),-GK=$(call tb_cfg_k,$(c)) -GStages=$(call tb_cfg_s,$(c)))))

SIM_EXE    := $(call mxdot_sim_rtl,$(K),$(STAGES))
SIM_K4_EXE := $(call mxdot_sim_rtl,4,$(STAGES))

# A copy, refreshed whenever K or STAGES changes what it should be.
.PHONY: sim-build
sim-build: $(SIM_EXE)
	@mkdir -p $(dir $(SIM_BIN))
	@cmp -s $(SIM_EXE) $(SIM_BIN) || cp $(SIM_EXE) $(SIM_BIN)
	@echo "==> $(SIM_BIN): $$($(SIM_BIN) --info)"
$(SIM_BIN): sim-build

# Directed vectors for a K: the committed K=32 file, else the SPEC examples
# (K = 4) padded with zero elements, with the reference's results; none for
# K < 4.
DIRECTED_VEC = $(if $(filter 32,$(1)),tb/directed_k32.vec,$(if $(filter 1 2,$(1)),,$(BUILD)/sim/directed_k$(1).vec))
$(BUILD)/sim/directed_k%.vec: $(SPEC_VEC) tb/pad-vectors.sh $(MXDOT)
	@mkdir -p $(@D)
	tb/pad-vectors.sh $* $(SPEC_VEC) | $(MXDOT) eval >$@.tmp && mv $@.tmp $@

# Regenerate the committed directed file: the SPEC examples padded to
# K = 32 and tb/directed_k32.extra (blocks that use every lane), with the
# reference's results.
.PHONY: tb-directed
tb-directed: $(MXDOT) $(SPEC_VEC) tb/directed_k32.extra tb/pad-vectors.sh
	{ echo "# Directed K = 32 vectors for mxdot-sim --vectors ... --check. Generated by"; \
	  echo "# 'make tb-directed': $(SPEC_VEC) padded with zero elements (tb/pad-vectors.sh)"; \
	  echo "# and tb/directed_k32.extra; results from mxdot eval."; \
	  echo "# SPDX-License-Identifier: Apache-2.0"; \
	  tb/pad-vectors.sh 32 $(SPEC_VEC) tb/directed_k32.extra | grep -v SPDX-License | $(MXDOT) eval; \
	} >tb/directed_k32.vec.tmp && mv tb/directed_k32.vec.tmp tb/directed_k32.vec

.PHONY: sim
sim: sim-build $(SIM_K4_EXE) $(call DIRECTED_VEC,$(K))
	@tb/run-parts.sh $(SIM_LOG) \
	  random "tb/shards.sh $(SIM_BIN) $(SEED) $(COUNT) $(JOBS) $(SIM_LOG)/random" \
	  $(if $(call DIRECTED_VEC,$(K)),directed-k$(K) "$(SIM_BIN) --vectors $(call DIRECTED_VEC,$(K)) --check") \
	  spec-k4 "$(SIM_K4_EXE) --vectors $(SPEC_VEC) --check"

# ---- make test ----
# One step per configuration: directed vectors, 100k random blocks with gaps
# and back-pressure, 20k at full rate (latency = Stages, one block per
# clock), and the mid-stream reset test.
TB_TEST_COUNT ?= 100000
tb_sim_parts = directed "$(1) --vectors $(2) --check" \
  random "$(1) --seed $(SEED) --count $(TB_TEST_COUNT) --quiet" \
  full-rate "$(1) --seed $(SEED) --start $(TB_TEST_COUNT) --count 20000 --p-in-gap 0 --p-out-stall 0" \
  reset "$(1) --seed $(SEED) --start 200000 --count 20000 --p-in-gap 0.2 --p-out-stall 0.3 --reset-test"

TESTS += sim-k32 sim-k32-s1 sim-k8 sim-spec-k4 sim-badvec
.PHONY: test-sim-k32 test-sim-k32-s1 test-sim-k8 test-sim-spec-k4 test-sim-badvec

test-sim-k32: $(call mxdot_sim_rtl,32,$(STAGES)) tb/directed_k32.vec
	@$(RUNTEST) sim-k32 tb/run-parts.sh $(BUILD)/test/sim-k32.d $(call tb_sim_parts,$<,tb/directed_k32.vec)

test-sim-k32-s1: $(call mxdot_sim_rtl,32,1) tb/directed_k32.vec
	@$(RUNTEST) sim-k32-s1 tb/run-parts.sh $(BUILD)/test/sim-k32-s1.d $(call tb_sim_parts,$<,tb/directed_k32.vec)

test-sim-k8: $(call mxdot_sim_rtl,8,$(STAGES)) $(call DIRECTED_VEC,8)
	@$(RUNTEST) sim-k8 tb/run-parts.sh $(BUILD)/test/sim-k8.d $(call tb_sim_parts,$<,$(call DIRECTED_VEC,8))

test-sim-spec-k4: $(SIM_K4_EXE)
	@$(RUNTEST) sim-spec-k4 tb/run-parts.sh $(BUILD)/test/sim-spec-k4.d \
	  spec "$< --vectors $(SPEC_VEC) --check --p-in-gap 0.3 --p-out-stall 0.3" \
	  random "$< --seed $(SEED) --count 20000 --quiet"

test-sim-badvec: $(call mxdot_sim_rtl,32,$(STAGES))
	@$(RUNTEST) sim-badvec tb/badvec-test.sh $< $(BUILD)/test/sim-badvec.d

# ---- waveforms ----
WAVE_DIR := $(BUILD)/wave
WAVE_FST := $(WAVE_DIR)/mxdot.fst
# A short stream with gaps and back-pressure: the handshake is visible.
$(WAVE_FST): sim-build
	@mkdir -p $(WAVE_DIR)
	$(SIM_BIN) --seed $(SEED) --count 12 --p-in-gap 0.25 --p-out-stall 0.25 --trace $@ >$(WAVE_DIR)/run.log
	@tail -n 1 $(WAVE_DIR)/run.log

.PHONY: wave wave-png
wave: $(WAVE_FST)
	@$(NEED) gtkwave
	@if [ -z "$$DISPLAY" ]; then echo "no DISPLAY: try 'make wave-png' (view saved in tb/mxdot.gtkw)"; exit 1; fi
	gtkwave $(WAVE_FST) tb/mxdot.gtkw

wave-png: $(WAVE_FST)
	@$(NEED) gtkwave xvfb gs
	tb/wave-png.sh $(WAVE_FST) tb/mxdot.gtkw tb/wave.tcl docs/wave.png

# ---- speed ----
BENCH_TARGETS += bench-sim
.PHONY: bench-sim
bench-sim: sim-build
	@$(SIM_BIN) --bench --count 1000000 --runs 5
