# scripts/integration.mk - what reusing the design elsewhere relies on:
# docs/spec.md kept in step with the specification, and the FuseSoC core
# (mxdot.core) with the plain file list rtl/files.f.
#
# Targets
#   make test-spec-doc  docs/spec.md against the governing specification (when
#                       beside the repository), tests/spec_examples.vec and
#                       `mxdot check`
#                       (scripts/spec-doc-check.sh; in `make test`)
#   make test-fusesoc   mxdot.core through FuseSoC (PyPI, pinned, venv in
#                       build/venv/fusesoc): file list = RTL_SRCS, core-info,
#                       lint (Verilator), sim (Icarus), synth (Yosys)
#                       (scripts/fusesoc-test.sh; in `make test`)
#   make fusesoc        only the venv; prints how to call FuseSoC
#   make rtl-files      rewrite rtl/files.f from RTL_SRCS (then update the
#                       rtl fileset of mxdot.core to match)
#   make dpi-scoreboard the SystemVerilog scoreboard example (ref/sv/mxdot_pkg.sv,
#                       tests/dpi/mxdot_scoreboard_tb.sv): mxdot_unit checked
#                       against the C reference through DPI-C under Verilator
#                       (DPI_SB_CFG = Lanes_Stages_MaxGroup_Formats as
#                       L8_S5_M4096_F63, DPI_SB_GROUPS, SEED); in `make test`
#                       (step dpi-scoreboard)
#   make test-dpi-mutants  (opt-in) break the package, the reference, the RTL
#                       on purpose: the scoreboard must fail each time
#   make cocotb         the cocotb example (tb/cocotb: mxdot_unit against the
#                       Python package mxdot) on COCOTB_SIM (icarus, or
#                       verilator), COCOTB_LANES, COCOTB_GROUPS; cocotb 1.9.2
#                       pinned in build/venv/cocotb
#   make test-cocotb    a short run of it on Icarus (in `make test`, step cocotb)
# SPDX-License-Identifier: Apache-2.0

FUSESOC_VENV := $(BUILD)/venv/fusesoc
FUSESOC_REQS := scripts/fusesoc-requirements.txt
PYTHON_SYS   ?= /usr/bin/python3

$(FUSESOC_VENV)/.done: $(FUSESOC_REQS)
	@$(NEED) pyvenv
	@echo "==> FuseSoC venv $(FUSESOC_VENV) (pinned: $(FUSESOC_REQS))"
	@rm -rf $(FUSESOC_VENV) && $(PYTHON_SYS) -m venv $(FUSESOC_VENV)
	@$(FUSESOC_VENV)/bin/pip install --quiet --disable-pip-version-check -r $(FUSESOC_REQS)
	@touch $@

.PHONY: fusesoc rtl-files test-fusesoc test-spec-doc
fusesoc: $(FUSESOC_VENV)/.done
	@echo "==> $(FUSESOC_VENV)/bin/fusesoc --cores-root . run --target lint|sim|synth mxdot"

rtl-files:
	@printf '%s\n' $(RTL_SRCS) >rtl/files.f
	@echo "==> rtl/files.f: $(words $(RTL_SRCS)) files; make mxdot.core's rtl fileset match"

TESTS += spec-doc fusesoc
test-spec-doc: $(MXDOT) docs/spec.md scripts/spec-doc-check.sh
	@$(RUNTEST) spec-doc sh scripts/spec-doc-check.sh $(MXDOT)

test-fusesoc: $(FUSESOC_VENV)/.done mxdot.core rtl/files.f $(wildcard rtl/*.v) \
              tb/iverilog/tb_mxdot.v tb/iverilog/vec2hex.sh scripts/fusesoc-spec-hex.sh
	@$(NEED) verilator iverilog yosys
	@$(RUNTEST) fusesoc sh scripts/fusesoc-test.sh $(FUSESOC_VENV) $(BUILD)/test/fusesoc.d "$(RTL_SRCS)"

# ---- the DPI-C scoreboard ----
DPI_SB_DIR    := $(BUILD)/dpi-scoreboard
DPI_SB_CFG    ?= L8_S$(STAGES)_M$(MAXGROUP)_F$(FORMATS)
DPI_SB_GROUPS ?= 10000
DPI_SB_SV     := ref/sv/mxdot_pkg.sv tests/dpi/mxdot_scoreboard_tb.sv
DPI_SB_VFLAGS := --binary --timing -Wall -Wno-DECLFILENAME
DPI_VL_INC     = $(shell verilator --getenv VERILATOR_ROOT 2>/dev/null)/include
dpi_sb_par     = $(patsubst $(1)%,%,$(filter $(1)%,$(subst _, ,$(2))))

$(DPI_SB_DIR)/%/scoreboard: $(DPI_SB_SV) $(wildcard rtl/*.v) $(REF_LIB)
	@$(NEED) verilator g++ make
	@mkdir -p $(@D)
	@echo "==> Verilator: DPI scoreboard $* ($(@D)/build.log)"
	@verilator $(DPI_SB_VFLAGS) --top-module mxdot_scoreboard_tb \
	  -GLanes=$(call dpi_sb_par,L,$*) -GStages=$(call dpi_sb_par,S,$*) \
	  -GMaxGroup=$(call dpi_sb_par,M,$*) -GFormats=$(call dpi_sb_par,F,$*) \
	  --Mdir $(@D)/obj -o ../scoreboard $(DPI_SB_SV) $(RTL_SRCS) $(abspath $(REF_LIB)) \
	  >$(@D)/build.log 2>&1 || { tail -n 30 $(@D)/build.log; exit 1; }
	@# the C prototypes Verilator derived from the imports must be ref/'s
	@# (C++ rejects two extern "C" declarations of one name with other types)
	@printf '#include "Vmxdot_scoreboard_tb__Dpi.h"\n#include "mxdot.h"\n#include "mxmodel.h"\n' \
	  | g++ -fsyntax-only -x c++ -I$(@D)/obj -Iref -I$(DPI_VL_INC) -I$(DPI_VL_INC)/vltstd - \
	  || { echo "the package's DPI imports do not match ref/mxdot.h, ref/mxmodel.h"; rm -f $@; exit 1; }

.PHONY: dpi-scoreboard test-dpi-scoreboard test-dpi-mutants
dpi-scoreboard: $(DPI_SB_DIR)/$(DPI_SB_CFG)/scoreboard
	$< +groups=$(DPI_SB_GROUPS) +seed=$(SEED)

TESTS += dpi-scoreboard
test-dpi-scoreboard:
	@$(RUNTEST) dpi-scoreboard sh -c '$(MAKE) --no-print-directory $(DPI_SB_DIR)/$(DPI_SB_CFG)/scoreboard \
	  && $(DPI_SB_DIR)/$(DPI_SB_CFG)/scoreboard +groups=$(DPI_SB_GROUPS) +seed=$(SEED)'

test-dpi-mutants: $(REF_LIB)
	@$(NEED) verilator g++ make
	@$(RUNTEST) dpi-mutants sh tests/dpi/mutants.sh $(BUILD)/dpi-mutants "$(RTL_SRCS)" $(MUTANTS)

# ---- cocotb ----
COCOTB_VENV   := $(BUILD)/venv/cocotb
COCOTB_REQS   := tb/cocotb/requirements.txt
COCOTB_SIM    ?= icarus
COCOTB_LANES  ?= 8
COCOTB_GROUPS ?= 200
COCOTB_RUN     = env MXDOT_LIB=$(abspath $(BUILD)/lib/$(REF_SONAME)) $(COCOTB_VENV)/bin/python tb/cocotb/run.py

$(COCOTB_VENV)/.done: $(COCOTB_REQS)
	@$(NEED) pyvenv
	@echo "==> cocotb venv $(COCOTB_VENV) (pinned: $(COCOTB_REQS))"
	@rm -rf $(COCOTB_VENV) && $(PYTHON_SYS) -m venv $(COCOTB_VENV)
	@$(COCOTB_VENV)/bin/pip install --quiet --disable-pip-version-check -r $(COCOTB_REQS)
	@touch $@

.PHONY: cocotb test-cocotb
cocotb: $(COCOTB_VENV)/.done $(REF_SO)
	@$(NEED) $(if $(filter verilator,$(COCOTB_SIM)),verilator g++ make,iverilog)
	$(COCOTB_RUN) --sim $(COCOTB_SIM) --lanes $(COCOTB_LANES) --stages $(STAGES) \
	  --maxgroup $(MAXGROUP) --formats $(FORMATS) --groups $(COCOTB_GROUPS) --seed $(SEED) \
	  --build $(BUILD)/cocotb

TESTS += cocotb
test-cocotb: $(COCOTB_VENV)/.done $(REF_SO)
	@$(NEED) iverilog
	@$(RUNTEST) cocotb $(COCOTB_RUN) --sim icarus --lanes 8 --groups 40 --seed $(SEED) \
	  --build $(BUILD)/test/cocotb.d
