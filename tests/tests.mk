# tests/tests.mk - the reference's test suite: an independent MPFR oracle
# (tests/oracle.c) against libmxdot, the mxdot tool's vector I/O, and the
# same under AddressSanitizer and UBSan (clang, or gcc when clang has no
# sanitizer runtime), after a clang -Werror pass over every source.
# SPDX-License-Identifier: Apache-2.0
#
#   make test-ref-oracle   mx_dot and its stages vs the oracle (known answers,
#                          exhaustive single lane, 2 x REF_TEST_COUNT random
#                          K=32 blocks, K = 1..4096, boundary sweeps)
#   make test-ref-formats  the six element formats and the streamed group vs
#                          the oracle (every code; every element pair of every
#                          format pair x modes x scales x accumulators; N and
#                          N/4 random groups of K = 1..4096 from two
#                          generators; hand-built cases; mx_group_* in beats;
#                          mx_dot_batch), N = FMT_TEST_COUNT
#   make test-ref-conv     codes, conversions, scale rules, quantize
#   make test-tool         tests/test_tool.sh on build/bin/mxdot
#   make test-ref-asan     clang -Werror + ASan/UBSan build in build/asan/,
#                          the three steps above with ASAN_TEST_COUNT
#   make bench-ref         ns per group, the fast path vs the integer definition
#                          (today's code) and the oracle; instructions per group
#   make test-ref-mutants  opt-in: break copies of ref/ on purpose (sed, in
#                          $(BUILD)/mut/) and expect the tests to fail on each
#                          (tests/mutants.sh; MUTANTS="name ..." picks some)

REF_TEST_COUNT  ?= 1000000
FMT_TEST_COUNT  ?= 1000000
ASAN_TEST_COUNT ?= 20000

TEST_DIR    := $(BUILD)/tests
ASAN_DIR    := $(BUILD)/asan
TEST_CFLAGS  = $(CSTD) $(WARN) $(OPT) -Iref -Itests
TEST_LIBS   := -lmpfr -lgmp -lm
TEST_HDRS   := tests/oracle.h tests/testlib.h $(REF_HDRS)
TEST_COMMON := oracle testlib
TEST_VECS   := tests/spec_examples.vec tests/hard_cases.vec
FMT_VECS    := tests/spec_examples.vec tests/fmt_cases.vec
ASAN_CFLAGS  = $(CSTD) $(WARN) -O1 -g -fno-omit-frame-pointer \
               -fsanitize=address,undefined -fno-sanitize-recover=all -Iref -Itests
# read when a recipe runs, after $(ASAN_DIR)/cc exists
ASAN_CC      = $(shell cat $(ASAN_DIR)/cc)

$(TEST_DIR)/.need:
	@$(NEED) gcc make mpfr
	@mkdir -p $(@D) && touch $@

# The sanitizer compiler: clang when its sanitizer runtime links (Debian
# package libclang-rt-14-dev), else gcc; remembered in $(ASAN_DIR)/cc. The
# clang -Werror pass over every source runs either way (clang-warnings).
$(ASAN_DIR)/cc:
	@$(NEED) clang clang-rt gcc make mpfr
	@mkdir -p $(@D)
	@if printf 'int main(void){return 0;}\n' | $(CLANG) -fsanitize=address,undefined \
	     -x c - -o $(@D)/probe 2>/dev/null; then echo $(CLANG) >$@; \
	 else echo $(CC) >$@; \
	   echo "note: $(CLANG) cannot link -fsanitize=address (install libclang-rt-14-dev); sanitizers built with $(CC)"; fi
	@rm -f $(@D)/probe

$(ASAN_DIR)/clang-warnings: $(REF_SRCS) ref/mxdot_tool.c tests/oracle.c tests/testlib.c \
    tests/test_ref.c tests/test_conv.c tests/test_fmt.c tests/test_fast.c tests/bench_ref.c \
    $(TEST_HDRS) | $(ASAN_DIR)/cc
	$(CLANG) $(CSTD) $(WARN) $(OPT) -Iref -Itests -fsyntax-only $(filter %.c,$^)
	@touch $@

$(TEST_DIR)/%.o: tests/%.c $(TEST_HDRS) | $(TEST_DIR)/.need
	$(CC) $(TEST_CFLAGS) -c $< -o $@

TEST_PROGS := test_ref test_conv test_fmt bench_ref

$(addprefix $(TEST_DIR)/,$(TEST_PROGS)): $(TEST_DIR)/%: $(TEST_DIR)/%.o \
    $(addprefix $(TEST_DIR)/,$(addsuffix .o,$(TEST_COMMON))) $(REF_LIB)
	$(CC) -o $@ $^ $(TEST_LIBS)

# The sanitizer build compiles the library and the tool from their sources.
$(ASAN_DIR)/ref/%.o: ref/%.c $(REF_HDRS) $(ASAN_DIR)/cc
	@mkdir -p $(@D)
	$(ASAN_CC) $(ASAN_CFLAGS) -c $< -o $@

$(ASAN_DIR)/tests/%.o: tests/%.c $(TEST_HDRS) $(ASAN_DIR)/cc
	@mkdir -p $(@D)
	$(ASAN_CC) $(ASAN_CFLAGS) -c $< -o $@

ASAN_REF_OBJS = $(patsubst ref/%.c,$(ASAN_DIR)/ref/%.o,$(REF_SRCS))
ASAN_COMMON   = $(addprefix $(ASAN_DIR)/tests/,$(addsuffix .o,$(TEST_COMMON)))

$(ASAN_DIR)/mxdot: $(ASAN_DIR)/ref/mxdot_tool.o $(ASAN_REF_OBJS)
	$(ASAN_CC) $(ASAN_CFLAGS) -o $@ $^

$(ASAN_DIR)/test_ref $(ASAN_DIR)/test_conv $(ASAN_DIR)/test_fmt: $(ASAN_DIR)/%: $(ASAN_DIR)/tests/%.o \
    $(ASAN_COMMON) $(ASAN_REF_OBJS)
	$(ASAN_CC) $(ASAN_CFLAGS) -o $@ $^ $(TEST_LIBS)

TESTS += ref-oracle ref-formats ref-conv tool ref-asan
BENCH_TARGETS += bench-ref

.PHONY: test-ref-oracle test-ref-formats test-ref-conv test-tool test-ref-asan bench-ref
test-ref-oracle: $(TEST_DIR)/test_ref
	@$(RUNTEST) ref-oracle $(TEST_DIR)/test_ref --count $(REF_TEST_COUNT) $(TEST_VECS)

test-ref-formats: $(TEST_DIR)/test_fmt
	@$(RUNTEST) ref-formats $(TEST_DIR)/test_fmt --count $(FMT_TEST_COUNT) $(FMT_VECS)

test-ref-conv: $(TEST_DIR)/test_conv
	@$(RUNTEST) ref-conv $(TEST_DIR)/test_conv --count $(REF_TEST_COUNT)

test-tool: $(MXDOT)
	@$(RUNTEST) tool sh tests/test_tool.sh $(MXDOT)

# One step, three programs: tests/run_steps.sh adds up their counts.
test-ref-asan: $(ASAN_DIR)/clang-warnings $(ASAN_DIR)/test_ref $(ASAN_DIR)/test_conv \
    $(ASAN_DIR)/test_fmt $(ASAN_DIR)/mxdot
	@$(RUNTEST) ref-asan sh tests/run_steps.sh \
	  "$(ASAN_DIR)/test_ref --count $(ASAN_TEST_COUNT) $(TEST_VECS)" \
	  "$(ASAN_DIR)/test_fmt --count $(ASAN_TEST_COUNT) $(FMT_VECS)" \
	  "$(ASAN_DIR)/test_conv --count $(ASAN_TEST_COUNT)" \
	  "sh tests/test_tool.sh $(ASAN_DIR)/mxdot"

# Opt-in (not a step of `make test`): each mutant of tests/mutants.sh must be
# caught; ends with "N passed, N failed" (passed = killed).
MUTANTS ?=
.PHONY: test-ref-mutants
test-ref-mutants: $(addprefix $(TEST_DIR)/,test_ref.o test_conv.o test_fmt.o oracle.o testlib.o)
	@sh tests/mutants.sh $(BUILD) "$(CC)" $(MUTANTS)

bench-ref: $(TEST_DIR)/bench_ref
	@$(NEED) valgrind
	@$(TEST_DIR)/bench_ref
	@sh tests/bench_instr.sh $(TEST_DIR)/bench_ref

# the generator benchmark (bench-gen)
include tests/bench_gen.mk
