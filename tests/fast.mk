# tests/fast.mk - the reference's fast path (issue 11): tests/test_fast.c
# checks mx_dot, mx_dot_fmt and mx_dot_batch against the integer definition
# (mx_dot_ref, mx_dot_fmt_ref) and a share against the MPFR oracle.
# SPDX-License-Identifier: Apache-2.0
#
#   make test-ref-fast   one step of `make test`, three runs: the library as
#                        built (the SIMD sum where the CPU has it), ref/mxdot.c
#                        built with MX_NO_SIMD (the portable sum), and the
#                        AddressSanitizer/UBSan build of tests.mk (smaller)
#   make bench-ref       (tests.mk) adds instructions per group from
#                        valgrind --tool=callgrind (tests/bench_instr.sh)

FAST_TEST_COUNT ?= 4000000
FAST_ASAN_COUNT ?= 40000

# The portable build: the library's objects with mxdot.o built without SIMD.
$(TEST_DIR)/portable/mxdot.o: ref/mxdot.c $(REF_HDRS) | $(TEST_DIR)/.need
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_REF) -DMX_NO_SIMD -c $< -o $@

FAST_COMMON := $(addprefix $(TEST_DIR)/,$(addsuffix .o,$(TEST_COMMON)))

$(TEST_DIR)/test_fast: $(TEST_DIR)/test_fast.o $(FAST_COMMON) $(REF_LIB)
	$(CC) -o $@ $^ $(TEST_LIBS)

$(TEST_DIR)/test_fast_portable: $(TEST_DIR)/test_fast.o $(FAST_COMMON) \
    $(TEST_DIR)/portable/mxdot.o $(filter-out $(BUILD)/ref/mxdot.o,$(REF_OBJS))
	$(CC) -o $@ $^ $(TEST_LIBS)

$(ASAN_DIR)/test_fast: $(ASAN_DIR)/tests/test_fast.o $(ASAN_COMMON) $(ASAN_REF_OBJS)
	$(ASAN_CC) $(ASAN_CFLAGS) -o $@ $^ $(TEST_LIBS)

# the mutants of tests/mutants.sh that name test_fast link its object
test-ref-mutants: $(TEST_DIR)/test_fast.o

TESTS += ref-fast
.PHONY: test-ref-fast
test-ref-fast: $(TEST_DIR)/test_fast $(TEST_DIR)/test_fast_portable $(ASAN_DIR)/test_fast
	@$(RUNTEST) ref-fast sh tests/run_steps.sh \
	  "$(TEST_DIR)/test_fast --count $(FAST_TEST_COUNT)" \
	  "$(TEST_DIR)/test_fast_portable --count $(FAST_TEST_COUNT)" \
	  "$(ASAN_DIR)/test_fast --count $(FAST_ASAN_COUNT)"
