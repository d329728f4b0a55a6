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

test-fusesoc: $(FUSESOC_VENV)/.done mxdot.core rtl/files.f $(RTL_SRCS)
	@$(NEED) verilator iverilog yosys
	@$(RUNTEST) fusesoc sh scripts/fusesoc-test.sh $(FUSESOC_VENV) $(BUILD)/test/fusesoc.d "$(RTL_SRCS)"
