# tests/bench_gen.mk - `make bench-gen` (in `make bench`): the generator
# (ref/mxgen.c) against its frozen pre-issue-11 copy (tests/mxgen_base.c),
# ns per group (CPU-time medians) and, with valgrind, instructions per
# group. Reports only.
# SPDX-License-Identifier: Apache-2.0

$(TEST_DIR)/mxgen_base.o: tests/mxgen_base.c tests/mxgen_base.h $(REF_HDRS) | $(TEST_DIR)/.need
	$(CC) $(TEST_CFLAGS) -c $< -o $@

$(TEST_DIR)/bench_gen.o: tests/bench_gen.c tests/mxgen_base.h $(TEST_HDRS) | $(TEST_DIR)/.need
	$(CC) $(TEST_CFLAGS) -c $< -o $@

$(TEST_DIR)/bench_gen: $(TEST_DIR)/bench_gen.o $(TEST_DIR)/mxgen_base.o $(TEST_DIR)/testlib.o $(REF_LIB)
	$(CC) -o $@ $^ $(TEST_LIBS)

BENCH_TARGETS += bench-gen
.PHONY: bench-gen
bench-gen: $(TEST_DIR)/bench_gen
	@$(NEED) valgrind
	@$(TEST_DIR)/bench_gen
	@sh tests/bench_gen_instr.sh $(TEST_DIR)/bench_gen

# in the clang -Werror pass over every source (tests/tests.mk)
$(ASAN_DIR)/clang-warnings: tests/bench_gen.c tests/mxgen_base.c tests/mxgen_base.h
