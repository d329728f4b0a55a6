# synth/synth.mk - Yosys synthesis: area (gate equivalents), logic depth,
# FPGA resources, gate-level simulation, and the comparison with a
# conventional (inexact) unit.
#
# Targets
#   make synth          the sweep of SYNTH_CONFIGS below (lanes, stages, each
#                       element format beside the E4M3-only unit, MaxGroup 32
#                       against 4096; about 8 minutes on 2 cores; Stages = 1,
#                       one combinational stage, is left out: ABC needs
#                       minutes for it at K = 32): build/synth/report.json
#                       and report.md (`make synth LANES=32 STAGES=4
#                       [FORMATS=..] [MAXGROUP=..]`: that configuration only)
#   make synth-compare  the exact unit (Formats 63 and 1) beside the
#                       Blackwell-compatible unit of synth/conv/ (Formats 31
#                       and 1) at K = 32, Stages = $(CONV_STAGES), through the same
#                       flow; the Blackwell model's error against the exact
#                       reference; the co-simulation of its RTL against the
#                       model: build/synth/compare.md
#   make gls            the synthesized gate netlist (K=$(GLS_K)) under Icarus
#                       with the RTL's Icarus testbench, bit-exact against the
#                       reference (mixed, long and window-edge groups)
#   make test           steps synth-smoke, synth-report, gls, synth-conv
#   make synth-conv     (= make test-synth-conv) the Blackwell-compatible RTL
#                       against the blackwell preset of ref/mxmodel.h
#
# Knobs: LIBERTY=path (a real cell library instead of synth/cells.lib; GE
# are then in that library's area unit), SYNTH_KS, SYNTH_STAGES,
# SYNTH_FPGA_STAGES (the Stages of the FPGA runs), JOBS
# (parallel Yosys runs), GLS_K, GLS_STAGES, GLS_COUNT, CONV_COUNT.
# Per configuration, build/synth/<design>/K<k>_S<s>[_F<formats>]/ keeps the generated
# Yosys scripts (*.ys), logs, reports, netlist.v and row.json.
#
# SPDX-License-Identifier: Apache-2.0

SYNTH_DIR     := $(BUILD)/synth
SYNTH_SRCS    ?= $(if $(RTL_SRCS),$(RTL_SRCS),$(wildcard rtl/*.v))
# (the pipeline register rows are the exact unit's module)
CONV_SRCS     := synth/conv/mxdot_bw.v rtl/mxdot_pipe_reg.v
SYNTH_SCRIPTS := synth/synth.sh synth/libinfo.awk synth/depth.awk
LIBERTY       ?= synth/cells.lib
export LIBERTY
SYNTH_FLOWS   := asic hier xilinx ice40
SYNTH_FPGA_STAGES ?= $(STAGES)

# The sweep, or the one configuration given on the command line.
# A configuration is K<lanes>_S<stages>[_F<formats>][_G<maxgroup>]; no _F or
# _G: the RTL's defaults (Formats 63, all six element formats; MaxGroup 4096).
#   lanes:   the all-format unit at K = SYNTH_KS, Stages = STAGES
#   stages:  K = 32 at the other SYNTH_STAGES
#   formats: K = 32, Stages = STAGES, E4M3 only (F1) and E4M3 plus each
#            other format (F3 E5M2, F5 E3M2, F9 E2M3, F17 E2M1, F33 INT8):
#            what each format costs on top of the E4M3 unit
#   groups:  E4M3 only with MaxGroup = 32 (one beat per group at 32 lanes:
#            what carrying a group across beats costs)
SYNTH_KS      ?= 8 16 32
SYNTH_STAGES  ?= $(sort $(STAGES) 6)
SYNTH_FORMAT_SETS ?= 1 3 5 9 17 33
SYNTH_GROUP_CFGS  ?= K32_S$(STAGES)_F1_G32
# Synthesis takes the lane count as LANES (K is the older name).
SYNTH_CMDLINE := $(filter command line,$(origin K) $(origin LANES) $(origin STAGES) $(origin FORMATS) $(origin MAXGROUP))
SYNTH_K       := $(if $(filter command line,$(origin K)),$(K),$(LANES))
ifneq ($(SYNTH_CMDLINE),)
SYNTH_CONFIGS := K$(SYNTH_K)_S$(STAGES)$(if $(filter command line,$(origin FORMATS)),_F$(FORMATS))$(if $(filter command line,$(origin MAXGROUP)),_G$(MAXGROUP))
else
SYNTH_CONFIGS := $(foreach k,$(SYNTH_KS),K$(k)_S$(STAGES)) \
                 $(foreach s,$(filter-out $(STAGES),$(SYNTH_STAGES)),K32_S$(s)) \
                 $(foreach f,$(SYNTH_FORMAT_SETS),K32_S$(STAGES)_F$(f)) $(SYNTH_GROUP_CFGS)
endif
SYNTH_ROWS    := $(foreach c,$(SYNTH_CONFIGS),$(SYNTH_DIR)/mxdot/$(c)/row.json)
# The FPGA flows (the slow ones; LUT counts follow the ASIC area) run for the
# headline pair only: the all-format and the E4M3-only unit at K = 32, and
# for a configuration given on the command line.
SYNTH_FPGA_CONFIGS ?= K32_S$(SYNTH_FPGA_STAGES) K32_S$(SYNTH_FPGA_STAGES)_F1 $(if $(SYNTH_CMDLINE),$(SYNTH_CONFIGS))

# $(call synth_rules,DESIGN,SOURCES,TOP): one pattern rule per flow,
# DIR/<flow>.done for DIR = build/synth/DESIGN/K<k>_S<s>[_F<formats>]
# (no _F: the top's default Formats).
define synth_rules
$(foreach f,$(SYNTH_FLOWS),
$(SYNTH_DIR)/$(1)/%/$(f).done: $(2) $(SYNTH_SCRIPTS) $(LIBERTY)
	@$$(NEED) yosys
	@k=$$$$(echo $$* | sed 's/^K\([0-9]*\)_S.*/\1/'); s=$$$$(echo $$* | sed 's/^K[0-9]*_S\([0-9]*\).*/\1/'); \
	  fm=$$$$(echo $$* | sed -n 's/^K[0-9]*_S[0-9]*_F\([0-9]*\).*/\1/p'); \
	  mg=$$$$(echo $$* | sed -n 's/^K[0-9]*_S[0-9]*\(_F[0-9]*\)\{0,1\}_G\([0-9]*\)$$$$/\2/p'); \
	  echo "==> yosys $(f) $(1) K=$$$$k Stages=$$$$s$$$${fm:+ Formats=$$$$fm}$$$${mg:+ MaxGroup=$$$$mg}"; \
	  TOP=$(3) SYNTH_FORMATS=$$$$fm SYNTH_MAXGROUP=$$$$mg synth/synth.sh run $(f) $$$$k $$$$s $$(@D) $(2) && touch $$@
)
endef
synth_cfg_k = $(patsubst K%,%,$(word 1,$(subst _, ,$(1))))
synth_cfg_s = $(patsubst S%,%,$(word 2,$(subst _, ,$(1))))
synth_cfg_f = $(patsubst F%,%,$(filter F%,$(subst _, ,$(1))))
synth_cfg_g = $(patsubst G%,%,$(filter G%,$(subst _, ,$(1))))
# The defaults of a top's Formats and MaxGroup (recorded in each row).
synth_default_formats = $(if $(filter bw,$(1)),31,63)

# $(call synth_row,DESIGN,CONFIG): DIR/row.json from the flows it needs
# (the FPGA flows only for SYNTH_FPGA_CONFIGS and the comparison's rows).
define synth_row
$(SYNTH_DIR)/$(1)/$(2)/row.json: $(foreach f,asic hier $(if $(filter $(2),$(SYNTH_FPGA_CONFIGS) $(CONV_FPGA_CONFIGS)),xilinx ice40),$(SYNTH_DIR)/$(1)/$(2)/$(f).done)
	@SYNTH_FORMATS=$(or $(call synth_cfg_f,$(2)),$(call synth_default_formats,$(1))) \
	  SYNTH_MAXGROUP=$(or $(call synth_cfg_g,$(2)),4096) synth/synth.sh row $(1) $(call synth_cfg_k,$(2)) $(call synth_cfg_s,$(2)) $$(@D)
	@if [ -n "$$$${SYNTH_START:-}" ]; then echo $(2) >>$(SYNTH_DIR)/progress; \
	  el=$$$$(( $$$$(date +%s) - SYNTH_START )); \
	  printf '==> [%2d:%02d] %s %s done (%s of %s)\n' $$$$((el / 60)) $$$$((el % 60)) $(1) $(2) \
	    $$$$(wc -l <$(SYNTH_DIR)/progress) $$$${SYNTH_NCONF:-?}; fi
endef
$(eval $(call synth_rules,mxdot,$(SYNTH_SRCS),mxdot_unit))
$(eval $(call synth_rules,bw,$(CONV_SRCS),mxdot_bw))
.PRECIOUS: $(SYNTH_DIR)/%.done $(SYNTH_DIR)/%/row.json
# (the row rules are instantiated after the comparison unit's variables)

.PHONY: synth synth-rows
# Minutes of Yosys: say so first, then one line per flow and per finished
# configuration with the time since the start (SYNTH_START, read by
# synth.sh and the row rule; $(SYNTH_DIR)/progress counts the rows).
synth:
	@echo "==> make synth: $(words $(SYNTH_CONFIGS)) configuration(s) ($(SYNTH_CONFIGS)), $(JOBS) Yosys job(s)."
	@echo "    This takes minutes (about 8 for the default sweep on 2 cores); results"
	@echo "    already built are reused. Progress (elapsed time first):"
	@mkdir -p $(SYNTH_DIR) && : >$(SYNTH_DIR)/progress
	@SYNTH_START=$$(date +%s) SYNTH_NCONF=$(words $(SYNTH_CONFIGS)) $(MAKE) --no-print-directory -j$(JOBS) synth-rows
	@synth/report.sh $(SYNTH_DIR)/report.json $(SYNTH_DIR)/report.md $(dir $(SYNTH_ROWS))
	@cat $(SYNTH_DIR)/report.md
	@echo "==> $(SYNTH_DIR)/report.json, $(SYNTH_DIR)/report.md"
# Largest K first: the long runs start first and the two job slots stay busy.
# (the K of the configurations asked for, so `make synth K=4 STAGES=5` works too)
synth-rows: $(foreach k,$(shell echo $(sort $(foreach c,$(SYNTH_CONFIGS),$(patsubst K%,%,$(firstword $(subst _, ,$(c)))))) | tr " " "\n" | sort -rn),$(filter $(SYNTH_DIR)/mxdot/K$(k)_S%,$(SYNTH_ROWS)))

# ---- gate-level simulation ----
GLS_K      ?= 8
GLS_STAGES ?= $(STAGES)
GLS_COUNT  ?= 600
GLS_LONG   ?= 8
GLS_CORNERS ?= 120
GLS_DIR    := $(BUILD)/gls/K$(GLS_K)_S$(GLS_STAGES)
GLS_SYN    := $(GLS_DIR)/syn
# Its own ASIC run, always mapped to synth/cells.lib (whatever LIBERTY
# says): the cell models are synth/cells_sim.v.
$(GLS_SYN)/asic.done: $(SYNTH_SRCS) $(SYNTH_SCRIPTS) synth/cells.lib
	@$(NEED) yosys
	@echo "==> yosys asic mxdot K=$(GLS_K) Stages=$(GLS_STAGES) (gate-level netlist)"
	@LIBERTY=synth/cells.lib synth/synth.sh run asic $(GLS_K) $(GLS_STAGES) $(@D) $(SYNTH_SRCS) && touch $@
$(GLS_SYN)/netlist.v: $(GLS_SYN)/asic.done
	@test -f $@
# Under Icarus, through the RTL's own Icarus testbench (tb/iverilog/), not
# Verilator: Verilator 5.006 mis-simulates this ABC-mapped netlist (wrong
# results from the first groups, with -O3 or -O0, g++ or clang, -fno-dfg,
# --x-assign 0, cells inlined or not), while the same netlist passes under
# Icarus and the netlist before the cell mapping passes under Verilator:
# a simulator defect, not the netlist's (docs/verification.md).
# The netlist has the RTL's default Formats (63) and MaxGroup (4096).
# Runs: mixed lengths and formats with gaps, stalls, holes and empty
# groups; groups of up to 4096 elements at full rate (latency and one
# beat per clock checked); window-edge groups (corners.sh).
GLS_RUNS = $(GLS_K):$(GLS_STAGES):4096:63:gen=$(SEED),$(GLS_COUNT),64,all+6+7:15:15:hole=5,empty=2 \
           $(GLS_K):$(GLS_STAGES):4096:63:gen=$(SEED)1,$(GLS_LONG),4096,all:0:0 \
           $(GLS_K):$(GLS_STAGES):4096:63:corners=$(SEED)2,$(GLS_CORNERS),200:10:10 \
           $(GLS_K):$(GLS_STAGES):4096:63:tests/spec_examples.vec:20:20
GLS_SRCS = $(GLS_SYN)/netlist.v synth/cells_sim.v

.PHONY: gls
gls: $(GLS_SYN)/netlist.v $(IV_DEPS) $(MXDOT)
	@$(NEED) iverilog
	@RTL_SRCS="$(GLS_SRCS)" $(IV_RUN) $(GLS_DIR)/iverilog $(MXDOT) $(GLS_RUNS)

# ---- the comparison unit: Blackwell-compatible (synth/conv/mxdot_bw.v) ----
# Bit-exact with the `blackwell` preset of ref/mxmodel.h (NVIDIA tcgen05.mma
# kind::mxf8f6f4 as MMA-Sim models it); one beat is one chunk, so a build of
# L lanes is the preset `blackwell,chunk=L`. Formats 31: every format of
# kind::mxf8f6f4 (no INT8).
CONV_K       ?= 32
CONV_STAGES  ?= $(STAGES)
CONV_COUNT   ?= 100000
BW_GEN_COUNT32 ?= 10000
BW_GEN_COUNT8  ?= 20000
BW_TOOL      := $(SYNTH_DIR)/bw_vectors
BW_VFLAGS    := +define+MXDOT_DUT=mxdot_bw
BW_MMASIM    := $(MODEL_DIR)/blackwell.vec
# Two co-simulation builds: 32 lanes (the preset itself) at Stages = STAGES,
# and 8 lanes at Stages = 4 with MaxGroup = 64 (chunks of 8, so every other
# group has several beats; long groups and over-long ones are cheap).
BW_SIM32     := $(BUILD)/synth/bw-sim/L32_S$(STAGES)_F31_G4096
BW_SIM8      := $(BUILD)/synth/bw-sim/L8_S4_F31_G64
$(eval $(call mxdot_sim_build,$(BW_SIM32),$(CONV_SRCS),32,$(STAGES),31,4096,$(BW_VFLAGS)))
$(eval $(call mxdot_sim_build,$(BW_SIM8),$(CONV_SRCS),8,4,31,64,$(BW_VFLAGS)))

$(BW_TOOL): synth/conv/bw_vectors.c $(REF_LIB) ref/mxdot.h ref/mxgen.h ref/mxvec.h ref/mxmodel.h
	@$(NEED) gcc
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(OPT) -Iref -o $@ $< $(REF_LIB)

# The directed test (holes, empty and over-long groups, reset, throughput)
# drives the Verilated model through tb/mxdot_model.h, linked like mxdot-sim.
# $(call bw_directed_rule,DIR)
define bw_directed_rule
$(1)/bw_directed: synth/conv/bw_directed.c $(1)/mxdot_model.o $(1)/obj/Vmxdot__ALL.a $$(REF_LIB) tb/mxdot_model.h ref/mxmodel.h
	$$(CC) $$(CSTD) $$(WARN) $$(OPT) -Iref -Itb -c -o $(1)/bw_directed.o $$<
	$$(SIM_CXX) -o $$@ $(1)/bw_directed.o $(1)/mxdot_model.o $(1)/obj/Vmxdot__ALL.a \
	  $(addprefix $(1)/obj/,verilated.o verilated_threads.o $(if $(filter 1,$(SIM_TRACE)),verilated_fst_c.o)) \
	  $$(REF_LIB) $(if $(filter 1,$(SIM_TRACE)),-lz) -pthread -latomic
endef
$(eval $(call bw_directed_rule,$(BW_SIM32)))
$(eval $(call bw_directed_rule,$(BW_SIM8)))

# Generated groups (every carried format, the reserved codes, reserved rm,
# lengths shaped for the lane count) with the model's results; the project's
# vector files (SPEC examples, hard cases; INT8 lines left out as comments).
$(BW_SIM32)/gen.vec: $(BW_TOOL)
	@mkdir -p $(@D)
	$(BW_TOOL) gen --seed $(SEED) --count $(BW_GEN_COUNT32) --kmax 4096 --lanes 32 --model blackwell >$@.tmp && mv $@.tmp $@
$(BW_SIM8)/gen.vec: $(BW_TOOL)
	@mkdir -p $(@D)
	$(BW_TOOL) gen --seed $(SEED) --count $(BW_GEN_COUNT8) --kmax 64 --lanes 8 --model blackwell,chunk=8 >$@.tmp && mv $@.tmp $@
$(BW_SIM32)/files.vec: $(BW_TOOL) $(SIM_VECS)
	@mkdir -p $(@D)
	cat $(SIM_VECS) | $(BW_TOOL) eval --model blackwell --skip-uncarried >$@.tmp && mv $@.tmp $@

BW_SIM_FLAGS := --check --p-holes 0
BW_TEST_DEPS := synth/conv/lint.sh $(BW_SIM32)/mxdot-sim $(BW_SIM32)/bw_directed $(BW_SIM32)/gen.vec $(BW_SIM32)/files.vec \
                $(BW_SIM8)/mxdot-sim $(BW_SIM8)/bw_directed $(BW_SIM8)/gen.vec $(BW_MMASIM)
# Parts: lint (Verilator -Wall, Yosys, Icarus, as make lint does for rtl/);
# the MMA-Sim vectors (third-party results, 100000 groups of 1..256)
# and generated groups with gaps and back-pressure; the generated groups
# again with gaps only (then every result must come exactly Stages cycles
# after its group's last beat); the directed test of each build.
BW_TEST_PARTS := \
  lint "LINT_DIR=$(BUILD)/lint-bw synth/conv/lint.sh $(CONV_SRCS)" \
  mmasim-l32 "$(BW_SIM32)/mxdot-sim --vectors $(BW_MMASIM) $(BW_SIM_FLAGS) --p-in-gap 0.2 --p-out-stall 0.2" \
  gen-l32 "$(BW_SIM32)/mxdot-sim --vectors $(BW_SIM32)/gen.vec $(BW_SIM_FLAGS) --p-in-gap 0.2 --p-out-stall 0.2" \
  latency-l32 "$(BW_SIM32)/mxdot-sim --vectors $(BW_SIM32)/gen.vec $(BW_SIM_FLAGS) --p-in-gap 0.3 --p-out-stall 0" \
  files-l32 "$(BW_SIM32)/mxdot-sim --vectors $(BW_SIM32)/files.vec $(BW_SIM_FLAGS) --p-in-gap 0.2 --p-out-stall 0.2" \
  directed-l32 "$(BW_SIM32)/bw_directed --seed $(SEED) --count 3000" \
  gen-l8 "$(BW_SIM8)/mxdot-sim --vectors $(BW_SIM8)/gen.vec $(BW_SIM_FLAGS) --p-in-gap 0.2 --p-out-stall 0.2" \
  latency-l8 "$(BW_SIM8)/mxdot-sim --vectors $(BW_SIM8)/gen.vec $(BW_SIM_FLAGS) --p-in-gap 0.3 --p-out-stall 0" \
  directed-l8 "$(BW_SIM8)/bw_directed --seed $(SEED) --count 20000"

.PHONY: synth-compare synth-conv
synth-conv: test-synth-conv

# Area rows of the comparison: the exact unit with all six formats and with
# E4M3 only, the Blackwell unit with its five formats and with E4M3 only,
# at CONV_STAGES; and the Blackwell unit alone at CONV_BW_STAGES (none by
# default; docs/area.md quotes CONV_BW_STAGES=6).
CONV_BW_STAGES ?=
CONV_CFGS := $(foreach s,$(CONV_STAGES),mxdot/K$(CONV_K)_S$(s) mxdot/K$(CONV_K)_S$(s)_F1 \
               bw/K$(CONV_K)_S$(s)_F31 bw/K$(CONV_K)_S$(s)_F1) \
             $(foreach s,$(filter-out $(CONV_STAGES),$(CONV_BW_STAGES)),bw/K$(CONV_K)_S$(s)_F31)
CONV_ROWS := $(foreach c,$(CONV_CFGS),$(SYNTH_DIR)/$(c)/row.json)
CONV_FPGA_CONFIGS := $(foreach s,$(CONV_STAGES),K$(CONV_K)_S$(s) K$(CONV_K)_S$(s)_F1 K$(CONV_K)_S$(s)_F31)

synth-compare: $(BW_TOOL) $(BW_TEST_DEPS)
	@echo "==> make synth-compare: $(words $(CONV_ROWS)) Yosys configurations (minutes; results already built are reused)"
	@$(MAKE) --no-print-directory -j$(JOBS) $(CONV_ROWS)
	@tb/run-parts.sh $(SYNTH_DIR)/bw-check $(BW_TEST_PARTS) >$(SYNTH_DIR)/bw-check.log 2>&1; \
	  tail -n 1 $(SYNTH_DIR)/bw-check.log
	@$(BW_TOOL) compare --seed $(SEED) --count $(CONV_COUNT) --k $(CONV_K) --model blackwell >$(SYNTH_DIR)/bw-error.md
	@synth/compare.sh $(SYNTH_DIR)/compare.md $(SYNTH_DIR)/bw-error.md $(SYNTH_DIR)/bw-check.log \
	  $(addprefix $(SYNTH_DIR)/,$(CONV_CFGS))
	@cat $(SYNTH_DIR)/compare.md
	@echo "==> $(SYNTH_DIR)/compare.md"

$(foreach c,$(sort $(SYNTH_CONFIGS) $(foreach s,$(CONV_STAGES),K$(CONV_K)_S$(s) K$(CONV_K)_S$(s)_F1)),$(eval $(call synth_row,mxdot,$(c))))
$(foreach s,$(CONV_STAGES),$(eval $(call synth_row,bw,K$(CONV_K)_S$(s)_F1)))
$(foreach s,$(sort $(CONV_STAGES) $(CONV_BW_STAGES)),$(eval $(call synth_row,bw,K$(CONV_K)_S$(s)_F31)))

# ---- make test ----
TESTS += synth-smoke synth-report gls synth-conv
.PHONY: test-synth-smoke test-synth-report test-gls test-synth-conv
# The K=8 netlist of the gls step, summarized: row.json must hold every field.
test-synth-smoke: $(GLS_SYN)/asic.done
	@$(RUNTEST) synth-smoke synth/smoke.sh $(GLS_SYN) $(GLS_K) $(GLS_STAGES)
# Depth per pipeline stage of the same netlist; make synth's progress and
# make wave-png's output (synth/report-test.sh).
test-synth-report: $(GLS_SYN)/asic.done
	@MAKE='$(MAKE)' $(RUNTEST) synth-report synth/report-test.sh $(GLS_SYN) $(GLS_STAGES)
test-gls: $(GLS_SYN)/netlist.v $(IV_DEPS) $(MXDOT)
	@$(NEED) iverilog
	@RTL_SRCS="$(GLS_SRCS)" $(RUNTEST) gls $(IV_RUN) $(BUILD)/test/gls.d $(MXDOT) $(GLS_RUNS)
test-synth-conv: $(BW_TEST_DEPS)
	@$(RUNTEST) synth-conv tb/run-parts.sh $(BUILD)/test/synth-conv.d $(BW_TEST_PARTS)
