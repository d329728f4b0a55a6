# ref/ref.mk - the C golden reference: libmxdot (static and shared), the
# mxdot tool, `make install` with a pkg-config file.
# SPDX-License-Identifier: Apache-2.0

REF_SRCS := ref/mxdot.c ref/mxvec.c ref/mxgen.c
REF_HDRS := ref/mxdot.h ref/mxvec.h ref/mxgen.h
REF_OBJS := $(patsubst ref/%.c,$(BUILD)/ref/%.o,$(REF_SRCS))
REF_LIB  := $(BUILD)/lib/libmxdot.a
REF_SO   := $(BUILD)/lib/libmxdot.so
MXDOT    := $(BUILD)/bin/mxdot

$(BUILD)/ref/.need:
	@$(NEED) gcc make
	@mkdir -p $(@D) && touch $@

$(BUILD)/ref/%.o: ref/%.c $(REF_HDRS) | $(BUILD)/ref/.need
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_REF) -c $< -o $@

$(REF_LIB): $(REF_OBJS)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(REF_SO): $(REF_OBJS)
	@mkdir -p $(@D)
	$(CC) -shared -Wl,-soname,libmxdot.so.1 -o $@ $^

$(MXDOT): $(BUILD)/ref/mxdot_tool.o $(REF_LIB)
	@mkdir -p $(@D)
	$(CC) -o $@ $^

all: $(REF_LIB) $(REF_SO) $(MXDOT)

.PHONY: install
install: $(REF_LIB) $(REF_SO) $(MXDOT)
	install -d $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/bin
	install -m 644 $(REF_HDRS) $(DESTDIR)$(PREFIX)/include/
	install -m 644 $(REF_LIB) $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(REF_SO) $(DESTDIR)$(PREFIX)/lib/libmxdot.so.1
	ln -sf libmxdot.so.1 $(DESTDIR)$(PREFIX)/lib/libmxdot.so
	install -m 755 $(MXDOT) $(DESTDIR)$(PREFIX)/bin/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(shell sed -n 's/^#define MX_VERSION "\(.*\)"/\1/p' ref/mxdot.h)|' \
	    ref/mxdot.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/mxdot.pc
	@echo "installed under $(DESTDIR)$(PREFIX); use: pkg-config --cflags --libs mxdot"

# The DPI-C import of docs/api.md, compiled and run under Verilator (--binary)
# with the reference's sources: the SPEC examples through mx_dot_dpi.
DPI_DIR := $(BUILD)/dpi
$(DPI_DIR)/dpi_check: tests/dpi/dpi_check.sv $(REF_SRCS) $(REF_HDRS)
	@$(NEED) verilator g++ make
	@mkdir -p $(DPI_DIR)
	verilator --binary -Wall -Wno-DECLFILENAME --Mdir $(DPI_DIR)/obj -o ../dpi_check \
	    tests/dpi/dpi_check.sv $(abspath $(REF_SRCS)) -CFLAGS -I$(abspath ref) >$(DPI_DIR)/build.log 2>&1 \
	    || { tail -20 $(DPI_DIR)/build.log; exit 1; }

TESTS += dpi
.PHONY: test-dpi
test-dpi:
	@$(RUNTEST) dpi sh -c '$(MAKE) --no-print-directory $(DPI_DIR)/dpi_check && $(DPI_DIR)/dpi_check'
