# tests/model.mk - accumulation models (ref/mxmodel.h, issue 10): the
# presets against vectors computed by the third-party model MMA-Sim
# (tests/vectors/, made by scripts/mmasim/), the "conv" preset against the
# conventional unit's own C model, and the model machinery against the
# exact reference; and the accuracy study of docs/accuracy.md.
# SPDX-License-Identifier: Apache-2.0
#
#   make test-model       step `model` of `make test` (no Python needed)
#   make mmasim-vectors   regenerate tests/vectors/*.vec.gz with mmasim in a
#                         venv under $(BUILD)/mmasim-venv (Python 3.12, PyPI)
#   make accuracy         the accuracy study: data and plots in $(BUILD)/accuracy
#   make accuracy-docs    copy the study's plots into docs/

MODEL_TEST_COUNT ?= 200000
MODEL_CONV_COUNT ?= 20000
MODEL_VECTORS    := tests/vectors/blackwell.vec.gz tests/vectors/hopper.vec.gz
MODEL_DIR        := $(BUILD)/model

$(TEST_DIR)/test_model: $(TEST_DIR)/test_model.o $(TEST_DIR)/testlib.o $(REF_LIB)
	$(CC) -o $@ $^ -lm

$(TEST_DIR)/test_model.o: ref/mxmodel.h

# The committed vectors are gzip files; the test reads them decompressed.
$(MODEL_DIR)/%.vec: tests/vectors/%.vec.gz
	@mkdir -p $(@D)
	gzip -dc $< >$@.tmp && mv $@.tmp $@

# The conventional unit's own model (tests/conv_model.c) on generated E4M3
# groups of 32: made in the recipe, so a change of either model is always seen.
MODEL_CONV_VEC  := $(MODEL_DIR)/conv.vec
MODEL_CONV_TOOL := $(TEST_DIR)/conv_model

$(MODEL_CONV_TOOL): tests/conv_model.c $(REF_LIB) ref/mxdot.h ref/mxgen.h ref/mxvec.h | $(TEST_DIR)/.need
	$(CC) $(CSTD) $(WARN) $(OPT) -Iref -o $@ $< $(REF_LIB)

TESTS += model
.PHONY: test-model
test-model: $(TEST_DIR)/test_model $(MODEL_DIR)/blackwell.vec $(MODEL_DIR)/hopper.vec $(MXDOT) $(MODEL_CONV_TOOL)
	@$(MXDOT) gen --seed $(SEED) --count $(MODEL_CONV_COUNT) --k 32 >$(MODEL_CONV_VEC).in
	@$(MODEL_CONV_TOOL) eval $(MODEL_CONV_VEC).in >$(MODEL_CONV_VEC)
	@$(RUNTEST) model $(TEST_DIR)/test_model --count $(MODEL_TEST_COUNT) \
	  $(MODEL_DIR)/blackwell.vec=blackwell $(MODEL_DIR)/hopper.vec=hopper \
	  $(MODEL_CONV_VEC)=conv

# ---- third-party vectors (Python only here, never at test time) ----
PYTHON312      ?= $(shell pyenv root 2>/dev/null)/versions/3.12.1/bin/python3.12
MMASIM_VENV    := $(BUILD)/mmasim-venv
MMASIM_COUNT   ?= 100000
MMASIM_SEED    ?= 2026

$(MMASIM_VENV)/.done: scripts/mmasim/requirements.txt
	@test -x "$(PYTHON312)" || { echo "need Python 3.12 (pyenv install 3.12.1, or PYTHON312=...)"; exit 2; }
	rm -rf $(MMASIM_VENV)
	$(PYTHON312) -m venv $(MMASIM_VENV)
	$(MMASIM_VENV)/bin/pip install --no-cache-dir --no-deps -r scripts/mmasim/requirements.txt
	@touch $@

.PHONY: mmasim-vectors
mmasim-vectors: $(MMASIM_VENV)/.done
	@mkdir -p $(MODEL_DIR)
	@for p in blackwell hopper; do \
	  echo "==> mmasim: $$p, $(MMASIM_COUNT) groups, seed $(MMASIM_SEED)"; \
	  TORCH_EXTENSIONS_DIR=$(abspath $(BUILD))/torch-extensions \
	  nice $(MMASIM_VENV)/bin/python scripts/mmasim/make_vectors.py --preset $$p \
	    --count $(MMASIM_COUNT) --seed $(MMASIM_SEED) --out $(MODEL_DIR)/$$p.mmasim || exit 1; \
	  gzip -n -9 -c $(MODEL_DIR)/$$p.mmasim >tests/vectors/$$p.vec.gz || exit 1; \
	done

# ---- the accuracy study (docs/accuracy.md) ----
ACCURACY_DIR    := $(BUILD)/accuracy
ACCURACY_TRIALS ?= 2000
ACCURACY_SEED   ?= 1
ACCURACY_PNGS   := accuracy-cdf.png accuracy-signed.png accuracy-k.png accuracy-repro.png

$(TEST_DIR)/accuracy: $(TEST_DIR)/accuracy.o $(TEST_DIR)/testlib.o $(REF_LIB)
	$(CC) -o $@ $^ -lmpfr -lgmp -lm

$(TEST_DIR)/accuracy.o: ref/mxmodel.h

.PHONY: accuracy accuracy-docs
accuracy: $(TEST_DIR)/accuracy
	@$(NEED) gnuplot
	@mkdir -p $(ACCURACY_DIR)
	nice $(TEST_DIR)/accuracy --trials $(ACCURACY_TRIALS) --seed $(ACCURACY_SEED) $(ACCURACY_DIR)
	gnuplot -e "dir='$(ACCURACY_DIR)'" scripts/accuracy/plot.gp
	@echo "accuracy: $(ACCURACY_DIR)/summary.md and $(addprefix $(ACCURACY_DIR)/,$(ACCURACY_PNGS))"

# Explicit: the committed figures and tables change only when asked.
accuracy-docs:
	@for f in $(ACCURACY_PNGS) summary.md; do \
	  test -f $(ACCURACY_DIR)/$$f || { echo "run 'make accuracy' first ($(ACCURACY_DIR)/$$f missing)"; exit 2; }; done
	cp $(addprefix $(ACCURACY_DIR)/,$(ACCURACY_PNGS)) docs/
	cp $(ACCURACY_DIR)/summary.md docs/accuracy-data.md
