# synth/synth.mk - Yosys synthesis: area (gate equivalents), logic depth,
# FPGA resources, gate-level simulation, and the comparison with a
# conventional (inexact) unit.
#
# Targets
#   make synth          sweep K = $(SYNTH_KS) x Stages = $(SYNTH_STAGES) (STAGES, the
#                       RTL's default RTL_STAGES, and 6; SYNTH_STAGES="4 5 6" adds
#                       4; Stages = 1, one combinational stage, is left out: ABC
#                       needs minutes for it at K = 32):
#                       build/synth/report.json and report.md
#                       (`make synth K=32 STAGES=4`: that configuration only)
#   make synth-compare  the conventional unit of synth/conv/ through the same
#                       flow, its error against mx_dot and its RTL checked
#                       against its C model: build/synth/compare.md
#   make gls            the synthesized gate netlist (K=$(GLS_K)) under
#                       Verilator with the co-simulation testbench, bit-exact
#                       against the reference ($(GLS_COUNT) random blocks)
#   make test           steps synth-smoke, synth-report, gls, synth-conv
#
# Knobs: LIBERTY=path (a real cell library instead of synth/cells.lib; GE
# are then in that library's area unit), SYNTH_KS, SYNTH_STAGES,
# SYNTH_FPGA_STAGES (the Stages of the FPGA runs), JOBS
# (parallel Yosys runs), GLS_K, GLS_STAGES, GLS_COUNT, CONV_COUNT.
# Per configuration, build/synth/<design>/K<k>_S<s>/ keeps the generated
# Yosys scripts (*.ys), logs, reports, netlist.v and row.json.
#
# SPDX-License-Identifier: Apache-2.0

SYNTH_DIR     := $(BUILD)/synth
SYNTH_SRCS    ?= $(if $(RTL_SRCS),$(RTL_SRCS),$(wildcard rtl/*.v))
CONV_SRCS     := synth/conv/mxdot_conv.v
SYNTH_SCRIPTS := synth/synth.sh synth/libinfo.awk synth/depth.awk
LIBERTY       ?= synth/cells.lib
export LIBERTY
SYNTH_FLOWS   := asic hier xilinx ice40
SYNTH_FPGA_STAGES ?= $(STAGES)

# The sweep, or the one configuration given on the command line.
SYNTH_KS      ?= 8 16 32
SYNTH_STAGES  ?= $(sort $(STAGES) $(RTL_STAGES) 6)
ifneq ($(filter command line,$(origin K) $(origin STAGES)),)
SYNTH_CONFIGS := K$(K)_S$(STAGES)
else
SYNTH_CONFIGS := $(foreach k,$(SYNTH_KS),$(foreach s,$(SYNTH_STAGES),K$(k)_S$(s)))
endif
SYNTH_ROWS    := $(foreach c,$(SYNTH_CONFIGS),$(SYNTH_DIR)/mxdot/$(c)/row.json)

# $(call synth_rules,DESIGN,SOURCES): one pattern rule per flow,
# DIR/<flow>.done for DIR = build/synth/DESIGN/K<k>_S<s>.
define synth_rules
$(foreach f,$(SYNTH_FLOWS),
$(SYNTH_DIR)/$(1)/%/$(f).done: $(2) $(SYNTH_SCRIPTS) $(LIBERTY)
	@$$(NEED) yosys
	@k=$$$$(echo $$* | sed 's/^K\([0-9]*\)_S.*/\1/'); s=$$$$(echo $$* | sed 's/^K[0-9]*_S//'); \
	  echo "==> yosys $(f) $(1) K=$$$$k Stages=$$$$s"; \
	  synth/synth.sh run $(f) $$$$k $$$$s $$(@D) $(2) && touch $$@
)
endef

# $(call synth_row,DESIGN,K<k>_S<s>): DIR/row.json from the flows it needs
# (the FPGA flows only at the Stages of SYNTH_FPGA_STAGES: LUT counts
# hardly depend on the pipeline registers, and they are the slow runs).
define synth_row
$(SYNTH_DIR)/$(1)/$(2)/row.json: $(foreach f,asic hier $(if $(filter $(2),$(foreach k,$(SYNTH_KS) $(K) $(CONV_K),K$(k)_S$(SYNTH_FPGA_STAGES))),xilinx ice40),$(SYNTH_DIR)/$(1)/$(2)/$(f).done)
	@synth/synth.sh row $(1) $(call tb_cfg_k,$(2)) $(call tb_cfg_s,$(2)) $$(@D)
	@if [ -n "$$$${SYNTH_START:-}" ]; then echo $(2) >>$(SYNTH_DIR)/progress; \
	  el=$$$$(( $$$$(date +%s) - SYNTH_START )); \
	  printf '==> [%2d:%02d] %s %s done (%s of %s)\n' $$$$((el / 60)) $$$$((el % 60)) $(1) $(2) \
	    $$$$(wc -l <$(SYNTH_DIR)/progress) $$$${SYNTH_NCONF:-?}; fi
endef
$(eval $(call synth_rules,mxdot,$(SYNTH_SRCS)))
$(eval $(call synth_rules,conv,$(CONV_SRCS)))
.PRECIOUS: $(SYNTH_DIR)/%.done $(SYNTH_DIR)/%/row.json
# (the row rules are instantiated after the conventional unit's variables)

.PHONY: synth synth-rows
# Minutes of Yosys: say so first, then one line per flow and per finished
# configuration with the time since the start (SYNTH_START, read by
# synth.sh and the row rule; $(SYNTH_DIR)/progress counts the rows).
synth:
	@echo "==> make synth: $(words $(SYNTH_CONFIGS)) configuration(s) ($(SYNTH_CONFIGS)), $(JOBS) Yosys job(s)."
	@echo "    This takes minutes (about 10 for the default sweep on 2 cores); results"
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
GLS_COUNT  ?= 20000
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
# -fno-dfg: Verilator 5.006's DFG optimizer mis-simulates the Stages = 5
# netlist (wrong results; the same netlist passes under Icarus, and with
# -fno-dfg or -O0 under Verilator).
$(eval $(call mxdot_sim_build,$(GLS_DIR),$(GLS_SYN)/netlist.v synth/cells_sim.v,mxdot_unit,$(GLS_K),$(GLS_STAGES),-fno-dfg -Wno-lint -Wno-style))

.PHONY: gls
gls: $(GLS_DIR)/mxdot-sim
	$(GLS_DIR)/mxdot-sim --seed $(SEED) --count $(GLS_COUNT)

# ---- the conventional unit ----
CONV_K       ?= 32
CONV_STAGES  ?= $(STAGES)
CONV_COUNT   ?= 100000
CONV_MODEL   := $(SYNTH_DIR)/conv_model
CONV_SIM_K   := 8
CONV_SIM_DIR := $(BUILD)/synth/conv-sim/K$(CONV_SIM_K)_S$(STAGES)
CONV_VEC     := $(CONV_SIM_DIR)/conv.vec
CONV_ROWS    := $(foreach s,$(CONV_STAGES),$(SYNTH_DIR)/mxdot/K$(CONV_K)_S$(s)/row.json \
                  $(SYNTH_DIR)/conv/K$(CONV_K)_S$(s)/row.json)

$(CONV_MODEL): synth/conv/conv_model.c $(REF_LIB) ref/mxdot.h ref/mxgen.h ref/mxvec.h
	@$(NEED) gcc
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(OPT) -Iref -o $@ $< $(REF_LIB)

$(eval $(call mxdot_sim_build,$(CONV_SIM_DIR),$(CONV_SRCS),mxdot_unit,$(CONV_SIM_K),$(STAGES),-GK=$(CONV_SIM_K) -GStages=$(STAGES)))

# Random and edge-case blocks with the C model's results.
$(CONV_VEC): $(CONV_MODEL) $(MXDOT)
	@mkdir -p $(@D)
	$(MXDOT) gen --seed $(SEED) --count 5000 --k $(CONV_SIM_K) | $(CONV_MODEL) eval >$@.tmp && mv $@.tmp $@

.PHONY: synth-compare conv-check
conv-check: $(CONV_SIM_DIR)/mxdot-sim $(CONV_VEC)
	$(CONV_SIM_DIR)/mxdot-sim --vectors $(CONV_VEC) --check --p-in-gap 0.2 --p-out-stall 0.2

synth-compare: $(CONV_MODEL) $(CONV_SIM_DIR)/mxdot-sim $(CONV_VEC)
	@$(MAKE) --no-print-directory -j$(JOBS) $(CONV_ROWS)
	@$(CONV_SIM_DIR)/mxdot-sim --vectors $(CONV_VEC) --check --p-in-gap 0.2 --p-out-stall 0.2 \
	  >$(SYNTH_DIR)/conv-check.log 2>&1; tail -n 1 $(SYNTH_DIR)/conv-check.log
	@$(CONV_MODEL) compare --seed $(SEED) --count $(CONV_COUNT) --k $(CONV_K) >$(SYNTH_DIR)/conv-error.md
	@synth/compare.sh $(SYNTH_DIR)/compare.md $(SYNTH_DIR)/conv-error.md $(SYNTH_DIR)/conv-check.log \
	  $(foreach s,$(CONV_STAGES),$(SYNTH_DIR)/mxdot/K$(CONV_K)_S$(s) $(SYNTH_DIR)/conv/K$(CONV_K)_S$(s))
	@cat $(SYNTH_DIR)/compare.md
	@echo "==> $(SYNTH_DIR)/compare.md"

$(foreach c,$(sort $(SYNTH_CONFIGS) $(foreach s,$(CONV_STAGES),K$(CONV_K)_S$(s))),$(eval $(call synth_row,mxdot,$(c))))
$(foreach s,$(CONV_STAGES),$(eval $(call synth_row,conv,K$(CONV_K)_S$(s))))

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
test-gls: $(GLS_DIR)/mxdot-sim
	@$(RUNTEST) gls $(GLS_DIR)/mxdot-sim --seed $(SEED) --count $(GLS_COUNT)
test-synth-conv: $(CONV_SIM_DIR)/mxdot-sim $(CONV_VEC)
	@$(RUNTEST) synth-conv $(CONV_SIM_DIR)/mxdot-sim --vectors $(CONV_VEC) --check --p-in-gap 0.2 --p-out-stall 0.2
