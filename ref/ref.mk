# ref/ref.mk - the C golden reference: libmxdot (static and shared), the
# mxdot tool, `make install` / `make uninstall` with a pkg-config file.
# SPDX-License-Identifier: Apache-2.0

REF_SRCS := ref/mxdot.c ref/mxfmt.c ref/mxvec.c ref/mxgen.c ref/mxmodel.c
REF_HDRS := ref/mxdot.h ref/mxvec.h ref/mxgen.h ref/mxmodel.h
REF_OBJS := $(patsubst ref/%.c,$(BUILD)/ref/%.o,$(REF_SRCS))
REF_LIB  := $(BUILD)/lib/libmxdot.a
REF_SO   := $(BUILD)/lib/libmxdot.so
MXDOT    := $(BUILD)/bin/mxdot
# Shared library: libmxdot.so.$(REF_VERSION) (the file), libmxdot.so.1 (its
# SONAME, what programs load) -> the file, libmxdot.so (what -lmxdot finds)
# -> libmxdot.so.1; the same three in build/lib and after `make install`.
REF_VERSION := $(shell sed -n 's/^\#define MX_VERSION "\(.*\)"/\1/p' ref/mxdot.h)
REF_SONAME  := libmxdot.so.1
REF_SO_REAL := $(BUILD)/lib/libmxdot.so.$(REF_VERSION)

$(BUILD)/ref/.need:
	@$(NEED) gcc make
	@mkdir -p $(@D) && touch $@

$(BUILD)/ref/%.o: ref/%.c $(REF_HDRS) | $(BUILD)/ref/.need
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_REF) -c $< -o $@

$(REF_LIB): $(REF_OBJS)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(REF_SO_REAL): $(REF_OBJS)
	@mkdir -p $(@D)
	$(CC) -shared -Wl,-soname,$(REF_SONAME) -o $@ $^

$(REF_SO): $(REF_SO_REAL)
	ln -sf $(notdir $(REF_SO_REAL)) $(@D)/$(REF_SONAME)
	ln -sf $(REF_SONAME) $@

$(MXDOT): $(BUILD)/ref/mxdot_tool.o $(REF_LIB)
	@mkdir -p $(@D)
	$(CC) -o $@ $^

all: $(REF_LIB) $(REF_SO) $(MXDOT)

# `make install PREFIX=...` writes exactly INSTALL_FILES (under DESTDIR if
# set); `make uninstall PREFIX=...` removes them and the include/mxdot
# directory. Headers go to include/mxdot/ and mxdot.pc's Cflags point there,
# so programs write #include <mxdot.h> as in the build tree (-Iref).
# RPATH=1 (default) puts -Wl,-rpath,$(PREFIX)/lib in mxdot.pc's Libs: a
# program built with pkg-config finds libmxdot.so.1 without LD_LIBRARY_PATH;
# RPATH=0 leaves it out (then the loader needs the directory, see the lines
# printed after install).
RPATH ?= 1
REF_COMMA := ,
INSTALL_HDRS  := mxdot.h mxvec.h mxgen.h mxmodel.h
INSTALL_FILES  = $(addprefix include/mxdot/,$(INSTALL_HDRS)) \
                 lib/libmxdot.a lib/libmxdot.so.$(REF_VERSION) lib/$(REF_SONAME) lib/libmxdot.so \
                 lib/pkgconfig/mxdot.pc bin/mxdot
INSTALL_ROOT   = $(DESTDIR)$(PREFIX)

.PHONY: install uninstall install-files
install: $(REF_LIB) $(REF_SO) $(MXDOT) ref/mxdot.pc.in
	install -d $(INSTALL_ROOT)/include/mxdot $(INSTALL_ROOT)/lib/pkgconfig $(INSTALL_ROOT)/bin
	install -m 644 $(addprefix ref/,$(INSTALL_HDRS)) $(INSTALL_ROOT)/include/mxdot/
	install -m 644 $(REF_LIB) $(INSTALL_ROOT)/lib/
	install -m 755 $(REF_SO_REAL) $(INSTALL_ROOT)/lib/
	ln -sf libmxdot.so.$(REF_VERSION) $(INSTALL_ROOT)/lib/$(REF_SONAME)
	ln -sf $(REF_SONAME) $(INSTALL_ROOT)/lib/libmxdot.so
	install -m 755 $(MXDOT) $(INSTALL_ROOT)/bin/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(REF_VERSION)|' \
	    -e 's|@RPATH@|$(if $(filter 1,$(RPATH)),-Wl$(REF_COMMA)-rpath$(REF_COMMA)$${libdir})|' \
	    ref/mxdot.pc.in > $(INSTALL_ROOT)/lib/pkgconfig/mxdot.pc
	@PREFIX='$(PREFIX)' RPATH='$(RPATH)' VERSION='$(REF_VERSION)' sh ref/install-note.sh

uninstall:
	rm -f $(addprefix $(INSTALL_ROOT)/,$(INSTALL_FILES))
	rmdir $(INSTALL_ROOT)/include/mxdot 2>/dev/null || true
	@echo "removed mxdot from $(INSTALL_ROOT) ($(words $(INSTALL_FILES)) files and include/mxdot/)"

# The list, for the install test.
install-files:
	@echo $(INSTALL_FILES)

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

# The shared library in the build tree, install into a temporary PREFIX,
# a pkg-config build against it, uninstall (scripts/install-test.sh).
TESTS += install
.PHONY: test-install
test-install: $(REF_LIB) $(REF_SO) $(MXDOT)
	@$(NEED) gcc make pkg-config
	@MAKE='$(MAKE)' $(RUNTEST) install sh scripts/install-test.sh $(BUILD)
