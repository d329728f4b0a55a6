# ref/python.mk - the Python package mxdot (ref/python/mxdot: ctypes over
# build/lib/libmxdot.so.1, numpy entry points) and its tests.
#
# Targets
#   make python        the shared library and a venv with the pinned test
#                      requirements (build/venv/python); prints how to use it
#   make test-python   pytest against ml_dtypes and an exact-rational model,
#                      and the models (model="blackwell", ...) against the
#                      mxdot tool and MMA-Sim's vectors (in `make test`, step
#                      python); "N passed, N failed"
#   make bench-python  (in `make bench`) groups per second: dot_batch (loop
#                      in C) against a Python loop of dot()
# The venv uses Debian's python3 (PYTHON_SYS) and ref/python/requirements.txt
# (every version pinned); it is rebuilt when that file changes.
# SPDX-License-Identifier: Apache-2.0

PY_DIR     := ref/python
PY_VENV    := $(BUILD)/venv/python
PY_REQS    := $(PY_DIR)/requirements.txt
PYTHON_SYS ?= /usr/bin/python3
PY_LIB      = $(abspath $(BUILD)/lib/$(REF_SONAME))
PY_SRCS    := $(wildcard $(PY_DIR)/mxdot/*.py $(PY_DIR)/tests/*.py) $(PY_DIR)/run-tests.sh

$(PY_VENV)/.done: $(PY_REQS)
	@$(NEED) pyvenv
	@echo "==> Python venv $(PY_VENV) (pinned: $(PY_REQS))"
	@rm -rf $(PY_VENV) && $(PYTHON_SYS) -m venv $(PY_VENV)
	@$(PY_VENV)/bin/pip install --quiet --disable-pip-version-check -r $(PY_REQS)
	@touch $@

.PHONY: python test-python bench-python
python: $(REF_SO) $(PY_VENV)/.done
	@echo "==> the mxdot Python package: PYTHONPATH=$(PY_DIR), library $(PY_LIB)"
	@echo "    MXDOT_LIB=$(PY_LIB) PYTHONPATH=$(PY_DIR) $(PY_VENV)/bin/python -c 'import mxdot; print(mxdot.dot([0x38], [0x38]))'"
	@PYTHONDONTWRITEBYTECODE=1 MXDOT_LIB=$(PY_LIB) PYTHONPATH=$(PY_DIR) $(PY_VENV)/bin/python -c 'import mxdot; print(mxdot.dot([0x38], [0x38]))'

TESTS += python
test-python: $(REF_SO) $(MXDOT) $(PY_VENV)/.done $(PY_SRCS)
	@$(RUNTEST) python sh $(PY_DIR)/run-tests.sh $(PY_VENV)/bin/python $(PY_LIB) $(abspath $(MXDOT))

BENCH_TARGETS += bench-python
bench-python: $(REF_SO) $(PY_VENV)/.done
	@PYTHONDONTWRITEBYTECODE=1 MXDOT_LIB=$(PY_LIB) PYTHONPATH=$(PY_DIR) $(PY_VENV)/bin/python $(PY_DIR)/bench.py
