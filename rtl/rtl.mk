# rtl/rtl.mk - the RTL (rtl/*.v) and its Icarus testbench (tb/iverilog/).
#
# Targets
#   make lint            Verilator --lint-only -Wall, Yosys (proc, check
#                        -assert, no latch) and Icarus -g2005 on the RTL for
#                        every LANES:STAGES:FORMATS:MAXGROUP of LINT_CONFIGS
#   make sim-iverilog    the RTL under Icarus (LANES, STAGES, MAXGROUP,
#                        FORMATS, SEED): the SPEC examples, IV_COUNT groups of
#                        mixed lengths 1..IV_KMAX and formats, IV_LONG groups
#                        of MAXGROUP elements (random, and the largest sums),
#                        IV_CORNERS window-edge groups;
#                        beats with holes, random input gaps and output stalls
#   make bench-iverilog  (in `make bench`) Icarus speed in groups and beats/s
#   make test            steps lint and iverilog
#
# The RTL's own default pipeline depth is RTL_STAGES (mxdot_unit's Stages
# parameter); docs/microarch.md says where the registers sit for each value.
# SPDX-License-Identifier: Apache-2.0

# (alphabetical: the order Yosys reads them in matters to ABC's mapping, and
# the depths in docs/area.md were measured in this order)
RTL_SRCS   := rtl/mxdot_accumulate.v rtl/mxdot_add.v rtl/mxdot_align.v \
              rtl/mxdot_decode.v rtl/mxdot_decode_mul.v rtl/mxdot_group.v \
              rtl/mxdot_lzc.v rtl/mxdot_normalize_round.v \
              rtl/mxdot_pipe_reg.v rtl/mxdot_reduce.v rtl/mxdot_scale.v \
              rtl/mxdot_unit.v
RTL_STAGES := 5
# lane counts 1..128 (a power of two or not), every Stages 1..9, single
# formats and all, short and long groups
LINT_CONFIGS ?= 32:5:63:4096 32:5:1:4096 1:1:63:1 1:7:63:64 3:2:32:100 8:1:63:200 \
                8:4:2:4096 24:6:33:4096 64:7:63:4096 128:9:12:8192 $(LANES):$(STAGES):$(FORMATS):$(MAXGROUP)
IV_DIR     := $(BUILD)/iverilog
IV_COUNT   ?= 300
IV_KMAX    ?= 512
IV_LONG    ?= 4
IV_CORNERS ?= 200
IV_RUN     := tb/iverilog/run.sh
IV_DEPS    := $(RTL_SRCS) tb/iverilog/tb_mxdot.v tb/iverilog/vec2hex.sh tb/iverilog/corners.sh $(IV_RUN)

.PHONY: lint sim-iverilog bench-iverilog test-lint test-iverilog

lint: $(RTL_SRCS) rtl/lint.sh
	@$(NEED) verilator yosys iverilog
	@LINT_DIR=$(BUILD)/lint rtl/lint.sh "$(sort $(LINT_CONFIGS))" $(RTL_SRCS)

IV_CFG = $(LANES):$(STAGES):$(MAXGROUP):$(FORMATS)
sim-iverilog: $(IV_DEPS) $(MXDOT)
	@$(NEED) iverilog
	@RTL_SRCS="$(RTL_SRCS)" $(IV_RUN) $(IV_DIR) $(MXDOT) \
	  $(IV_CFG):tests/spec_examples.vec:30:30 \
	  $(IV_CFG):gen=$(SEED),$(IV_COUNT),$(IV_KMAX),all+6+7:20:20 \
	  $(IV_CFG):gen=$(SEED),$(IV_LONG),$(MAXGROUP),all,fixed:10:10 \
	  $(IV_CFG):corners=$(SEED),$(IV_CORNERS),$(IV_KMAX):20:20 \
	  $(IV_CFG):corners=$(SEED),$(IV_LONG),$(MAXGROUP),9:10:10

# one-beat groups (the old unit's case) and 4-beat groups, at full rate
bench-iverilog: $(IV_DEPS) $(MXDOT)
	@$(NEED) iverilog
	@BENCH=1 RTL_SRCS="$(RTL_SRCS)" $(IV_RUN) $(IV_DIR)/bench $(MXDOT) \
	  $(IV_CFG):gen=$(SEED),200,$(LANES),e4m3,fixed:0:0:hole=0,empty=0 \
	  $(IV_CFG):gen=$(SEED),50,$$(($(LANES) * 4)),e4m3,fixed:0:0:hole=0,empty=0

# ---- make test ----
TESTS += lint iverilog
BENCH_TARGETS += bench-iverilog

test-lint: $(RTL_SRCS) rtl/lint.sh
	@$(NEED) verilator yosys iverilog
	@LINT_DIR=$(BUILD)/test/lint.d $(RUNTEST) lint rtl/lint.sh "$(sort $(LINT_CONFIGS))" $(RTL_SRCS)

# Every run puts random holes (unkept lanes) in the beats, random bytes
# (NaN codes too) in unkept lanes, random header inputs on later beats, and
# injects groups with no kept lane. The SPEC examples at Lanes 32 and 1;
# mixed lengths and all formats (reserved codes and modes too) at Lanes 32
# (with gaps and stalls, and at full rate: latency and one beat per clock
# checked), 8 (also Stages 1, and MaxGroup 40 with longer groups and groups
# stretched past the beat limit) and 1; groups of 4096 elements at Lanes
# 32 (random ones, and the largest sums: the top of the carried width); an
# E4M3-only build (the other formats must give NaN, NV); window-edge
# groups (corners.sh). About a minute.
IV_T = $(BUILD)/test/iverilog.d
test-iverilog: $(IV_DEPS) $(MXDOT)
	@$(NEED) iverilog
	@RTL_SRCS="$(RTL_SRCS)" $(RUNTEST) iverilog $(IV_RUN) $(IV_T) $(MXDOT) \
	  32:$(STAGES):4096:63:tests/spec_examples.vec:30:30 \
	  1:$(STAGES):4096:63:tests/spec_examples.vec:20:20 \
	  32:$(STAGES):4096:63:gen=$(SEED),50,160,all+6+7:20:20 \
	  32:$(STAGES):4096:63:gen=$(SEED)1,30,100,all:0:0 \
	  32:$(STAGES):4096:63:gen=$(SEED)2,2,4096,all,fixed:10:0 \
	  32:$(STAGES):4096:63:corners=$(SEED)2,3,4096,9:10:0 \
	  32:$(STAGES):4096:63:corners=$(SEED)3,30,200:0:0 \
	  8:$(STAGES):4096:63:gen=$(SEED)4,100,64,all+6+7:20:20 \
	  8:$(STAGES):40:63:gen=$(SEED)5,50,64,all:20:20:overlong=20 \
	  8:1:4096:63:corners=$(SEED)6,80,40:30:30 \
	  1:$(STAGES):4096:63:gen=$(SEED)7,50,12,all+6+7:10:40 \
	  32:$(STAGES):4096:1:gen=$(SEED)8,30,80,all+6+7:20:20 \
	  32:$(STAGES):4096:1:gen=$(SEED)9,30,80,e4m3:0:0 \
	  32:$(STAGES):4096:1:corners=$(SEED)10,30,100:20:20

# Opt-in: break the RTL on purpose (the mutants of tb/rtl-mutants.txt,
# copies under $(BUILD)/iverilog-mutants) and check that the Icarus flow
# notices each break (tb/iverilog/mutants.sh; MUTANTS="name ..." picks
# some). The Verilator regression's campaign is test-sim-mutants (tb/tb.mk).
.PHONY: test-iverilog-mutants
test-iverilog-mutants: $(IV_DEPS) $(MXDOT) tb/iverilog/mutants.sh tb/rtl-mutants.txt
	@$(NEED) iverilog
	@$(RUNTEST) iverilog-mutants tb/iverilog/mutants.sh $(BUILD)/iverilog-mutants $(MXDOT) $(MUTANTS)
