# onboardkit: build, check, install, asan, fuzz, lint, bench, demo.
#
# Out-of-tree builds: everything lands under $(O) (default build/).
# Set-up on a fresh Debian 12 machine is `make demo` and `make check`;
# both first run scripts/install-deps for what they need.

O        ?= build
PREFIX   ?= /usr/local
DESTDIR  ?=
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
CC       ?= cc
OPT      ?= -O2 -g
SANITIZE ?=
VERSION  := 0.1.0

PKGS := libcrypto jansson libcbor libqrencode zbar libpng libjpeg
# zbar is opened with dlopen on the first QR decode (lib/common/qr_decode.c):
# linked, its ~20 dependencies would load in every process.  Its headers
# are still used, so it stays in PKGS for the compiler flags only.
LINK_PKGS := $(filter-out zbar,$(PKGS))

WARN := -Wall -Wextra -Werror -Wshadow -Wconversion -Wformat=2 \
	-Wmissing-prototypes -Wstrict-prototypes -Wpointer-arith \
	-Wvla -Wimplicit-fallthrough -Wundef -Wcast-align
HARDEN := -fstack-protector-strong -fstack-clash-protection -fPIE \
	-D_FORTIFY_SOURCE=2
# Deferred (=) so pkg-config runs after the deps target has installed it.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(LINK_PKGS))
ALL_CFLAGS = -std=gnu11 $(OPT) $(WARN) $(HARDEN) $(SANITIZE) \
	-DOK_VERSION='"$(VERSION)"' -Ilib -Icmd $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = -pie -Wl,-z,relro,-z,now -Wl,--as-needed $(SANITIZE) $(LDFLAGS)

LIB_SRC := $(wildcard lib/common/*.c lib/dpp/*.c lib/voucher/*.c)
CLI_SRC := $(wildcard cmd/common/*.c)
TOOLS   := $(filter-out common,$(notdir $(wildcard cmd/*)))
UNIT_SRC := $(wildcard tests/unit/test_*.c)
LIB_OBJ := $(LIB_SRC:%.c=$(O)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(O)/%.o)
LIBOK   := $(O)/libonboardkit.a
LIBCLI  := $(O)/libokcli.a
BINS    := $(TOOLS:%=$(O)/bin/%)
UNIT_T  := $(UNIT_SRC:tests/unit/%.c=$(O)/tests/unit/%.t)
MANS    := $(wildcard man/*.1 man/*.7)

.SECONDARY:
.PHONY: all deps test-deps check unit lint install uninstall asan fuzz \
	fuzz-build bench demo clean

all: $(BINS)

deps:
	@scripts/install-deps build

test-deps:
	@scripts/install-deps build test

$(O)/%.o: %.c | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(LIBOK): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(LIBCLI): $(CLI_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

# One link rule per tool: cmd/<tool>/*.c, the shared CLI layer, the library.
define tool_rule
$(O)/bin/$(1): $(patsubst %.c,$(O)/%.o,$(wildcard cmd/$(1)/*.c)) $(LIBCLI) $(LIBOK)
	@mkdir -p $$(@D)
	$$(CC) $$(ALL_LDFLAGS) -o $$@ $$^ $$(PKG_LIBS)
endef
$(foreach t,$(TOOLS),$(eval $(call tool_rule,$(t))))

$(O)/tests/unit/%.t: $(O)/tests/unit/%.o $(O)/tests/unit/tap.o \
		$(O)/tests/unit/tap_vectors.o $(LIBOK)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

unit: $(UNIT_T)

# One runner for every kind of test: TAP programs (unit) and bats files
# (cli, interop), aggregated by prove.
# In CI (CI=true) the interop tests must run: a skip there is a failure.
TEST_ENV = OK_BIN=$(abspath $(O)/bin) OK_TOP=$(CURDIR) \
	OK_VECTORS=$(CURDIR)/tests/vectors OK_BUILD=$(abspath $(O)) \
	OK_INTEROP_REQUIRED=$(if $(CI),1,)
PROVE_JOBS ?= 2

check: test-deps all unit lint
	$(TEST_ENV) prove -j$(PROVE_JOBS) --exec tests/run-test \
		$(UNIT_T) $(sort $(wildcard tests/cli/*.bats)) \
		$(sort $(wildcard tests/interop/*.bats))

# Man pages must lint clean; lib/ must never print, exit or read the
# environment (DESIGN.md section 1), so any such call there fails lint.
WALL_PATTERN := \b(printf|fprintf|puts|fputs|perror|exit|_exit|abort|getenv|secure_getenv)[[:space:]]*\(
lint: deps
	$(if $(MANS),mandoc -T lint -W warning $(MANS))
	@if grep -nE '$(WALL_PATTERN)' $(LIB_SRC); then \
		echo "lint: lib/ must not print, exit or read the environment" >&2; \
		exit 1; fi

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man7
	install -m 0755 $(BINS) $(DESTDIR)$(BINDIR)
	install -m 0644 $(wildcard man/*.1) $(DESTDIR)$(MANDIR)/man1
	install -m 0644 $(wildcard man/*.7) $(DESTDIR)$(MANDIR)/man7

uninstall:
	rm -f $(TOOLS:%=$(DESTDIR)$(BINDIR)/%)
	rm -f $(notdir $(MANS):%=$(DESTDIR)$(MANDIR)/man*/%)

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer.
asan:
	$(MAKE) O=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
		SANITIZE="-fsanitize=address,undefined -fno-sanitize-recover=all" \
		check

# libFuzzer harnesses, one per parser, each run for FUZZ_SECONDS.
FUZZ_SECONDS ?= 30
FUZZ_O := build-fuzz
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(FUZZ_O)/%)

fuzz-build: test-deps
	$(MAKE) O=$(FUZZ_O) CC=clang OPT="-O1 -g" \
		SANITIZE="-fsanitize=fuzzer-no-link,address,undefined" \
		$(FUZZ_O)/libonboardkit.a
	@for src in $(FUZZ_SRC); do \
		out=$(FUZZ_O)/$$(basename $$src .c); \
		echo "  FUZZ $$out"; \
		clang -std=gnu11 -O1 -g -Ilib $$(pkg-config --cflags $(PKGS)) \
		  -fsanitize=fuzzer,address,undefined -o $$out $$src \
		  $(FUZZ_O)/libonboardkit.a $$(pkg-config --libs $(LINK_PKGS)) || exit 1; \
	done

fuzz: fuzz-build
	tests/fuzz/run $(FUZZ_O) $(FUZZ_SECONDS)

bench: all
	OK_BIN=$(abspath $(O)/bin) bench/dpp-uri
	OK_BIN=$(abspath $(O)/bin) bench/voucher-sign

demo: all
	OK_BIN=$(abspath $(O)/bin) scripts/demo

clean:
	rm -rf build build-asan build-fuzz

-include $(shell find $(O) -name '*.d' 2>/dev/null)
