# tests/formal.mk - formal proofs of the RTL with yosys 0.23 (Debian),
# ABC's pdr (yosys-abc) and yosys-smtbmc with yices (tests/formal/, and
# docs/verification.md "Formal proofs").
#
#   make formal            the quick set (the step `formal` of make test):
#                          the handshake and group protocol of the four
#                          configurations make test builds, the group sum of
#                          a 1-lane unit against a spec, and every mutant
#                          (about 1 minute on 2 cores)
#   make formal FORMAL_LEVEL=full
#                          also the 128-lane unit, every pipeline depth and
#                          the larger datapath proofs (tens of minutes)
#   FORMAL_JOBS=N          jobs at a time (default 2)
#   ONLY=REGEX             only the jobs whose names match (grep -E)
# Ends with "N passed, N failed": a proof that holds and a mutant that is
# caught each count as passed. yices comes from PyPI (pinned in
# tests/formal/requirements.txt) in a venv under $(BUILD)/venv/formal.
# SPDX-License-Identifier: Apache-2.0

FORMAL_VENV  := $(BUILD)/venv/formal
FORMAL_REQS  := tests/formal/requirements.txt
FORMAL_LEVEL ?= quick
FORMAL_JOBS  ?= 2
PYTHON_SYS   ?= /usr/bin/python3
FORMAL_PATH   = PATH="$(abspath $(FORMAL_VENV))/bin:$$PATH"

$(FORMAL_VENV)/.done: $(FORMAL_REQS)
	@$(NEED) pyvenv yosys
	@echo "==> yices for yosys-smtbmc in $(FORMAL_VENV) (pinned: $(FORMAL_REQS))"
	@rm -rf $(FORMAL_VENV) && $(PYTHON_SYS) -m venv $(FORMAL_VENV)
	@$(FORMAL_VENV)/bin/pip install --quiet --disable-pip-version-check -r $(FORMAL_REQS)
	@$(FORMAL_VENV)/bin/yices-smt2 --version | head -n 1
	@touch $@

.PHONY: formal test-formal
formal: $(FORMAL_VENV)/.done
	@$(NEED) yosys
	@$(FORMAL_PATH) JOBS=$(FORMAL_JOBS) ONLY='$(ONLY)' sh tests/formal/run.sh $(BUILD)/formal $(FORMAL_LEVEL)

TESTS += formal
test-formal: $(FORMAL_VENV)/.done
	@$(NEED) yosys
	@$(FORMAL_PATH) JOBS=$(FORMAL_JOBS) $(RUNTEST) formal sh tests/formal/run.sh $(BUILD)/test/formal.d quick
