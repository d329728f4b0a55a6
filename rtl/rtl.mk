# rtl/rtl.mk - the RTL (rtl/*.v) and its Icarus testbench (tb/iverilog/).
#
# Targets
#   make lint            Verilator --lint-only -Wall, Yosys (proc, check
#                        -assert, no latch) and Icarus -g2005 on the RTL for
#                        K in LINT_KS and Stages in {1, RTL_STAGES, STAGES}
#   make sim-iverilog    the RTL under Icarus against IV_COUNT reference
#                        blocks and IV_CORNERS window-edge blocks (K=$(K),
#                        STAGES, SEED), random input gaps and output stalls,
#                        plus the SPEC examples (K=4)
#   make bench-iverilog  (in `make bench`) Icarus speed in blocks/s
#   make test            steps lint and iverilog
#
# The RTL's own default pipeline depth is RTL_STAGES (mxdot_unit's Stages
# parameter); docs/microarch.md says where the registers sit for each value.
# SPDX-License-Identifier: Apache-2.0

# (alphabetical: the order Yosys reads them in matters to ABC's mapping, and
# the depths in docs/microarch.md were measured in this order)
RTL_SRCS   := rtl/mxdot_accumulate.v rtl/mxdot_add.v rtl/mxdot_align.v \
              rtl/mxdot_decode.v rtl/mxdot_decode_mul.v rtl/mxdot_group.v \
              rtl/mxdot_lzc.v rtl/mxdot_normalize_round.v \
              rtl/mxdot_pipe_reg.v rtl/mxdot_reduce.v rtl/mxdot_scale.v \
              rtl/mxdot_unit.v
RTL_STAGES := 5
LINT_KS    ?= 1 8 32 64
LINT_STAGES = $(sort 1 $(RTL_STAGES) $(STAGES))
IV_DIR     := $(BUILD)/iverilog
IV_COUNT   ?= 3000
IV_CORNERS ?= 1000
IV_RUN     := tb/iverilog/run.sh
IV_DEPS    := $(RTL_SRCS) tb/iverilog/tb_mxdot.v tb/iverilog/vec2hex.sh tb/iverilog/corners.sh $(IV_RUN)

.PHONY: lint sim-iverilog bench-iverilog test-lint test-iverilog

lint: $(RTL_SRCS) rtl/lint.sh
	@$(NEED) verilator yosys iverilog
	@LINT_DIR=$(BUILD)/lint rtl/lint.sh "$(LINT_KS)" "$(LINT_STAGES)" $(RTL_SRCS)

sim-iverilog: $(IV_DEPS) $(MXDOT)
	@$(NEED) iverilog
	@RTL_SRCS="$(RTL_SRCS)" $(IV_RUN) $(IV_DIR) $(MXDOT) \
	  $(K):$(STAGES):gen=$(SEED),$(IV_COUNT):20:20 \
	  $(K):$(STAGES):corners=$(SEED),$(IV_CORNERS):20:20 \
	  4:$(STAGES):tests/spec_examples.vec:30:30

bench-iverilog: $(IV_DEPS) $(MXDOT)
	@$(NEED) iverilog
	@BENCH=1 RTL_SRCS="$(RTL_SRCS)" $(IV_RUN) $(IV_DIR)/bench $(MXDOT) $(K):$(STAGES):gen=$(SEED),1000:0:0

# ---- make test ----
TESTS += lint iverilog
BENCH_TARGETS += bench-iverilog

test-lint: $(RTL_SRCS) rtl/lint.sh
	@$(NEED) verilator yosys iverilog
	@LINT_DIR=$(BUILD)/test/lint.d $(RUNTEST) lint rtl/lint.sh "$(LINT_KS)" "$(LINT_STAGES)" $(RTL_SRCS)

# SPEC examples (K=4) with gaps and stalls; random blocks at K=32 (default
# and one-stage pipelines), K=8 and K=1 with gaps and stalls; K=32 at full
# rate (latency and one block per clock checked); window-edge blocks
# (corners.sh) at K=8 and K=32. About a minute.
test-iverilog: $(IV_DEPS) $(MXDOT)
	@$(NEED) iverilog
	@RTL_SRCS="$(RTL_SRCS)" $(RUNTEST) iverilog $(IV_RUN) $(BUILD)/test/iverilog.d $(MXDOT) \
	  4:$(STAGES):tests/spec_examples.vec:30:30 \
	  32:$(STAGES):gen=$(SEED),1000:20:20 \
	  32:$(STAGES):gen=$(SEED)1,400:0:0 \
	  32:1:gen=$(SEED)2,300:30:30 \
	  8:$(STAGES):gen=$(SEED)3,1500:20:20 \
	  1:$(STAGES):gen=$(SEED)4,1500:10:40 \
	  8:$(STAGES):corners=$(SEED)5,1500:20:20 \
	  32:$(STAGES):corners=$(SEED)6,400:20:20
