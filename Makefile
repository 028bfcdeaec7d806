# SPDX-License-Identifier: ISC
# The compile, after `./build.sh deps build` and scripts/toolchain.sh (./build.sh runs all three;
# so does Dockerfile.build). Run from the repository root.
#
#   make            out/nscap (static-pie, hardened, stripped), out/seccomp/*.pfc, out/BUILDINFO
#   make test-bin   out/test/nscap with the test suites' paths (/opt/nscap-test) and group
#   make bin OUT=F NSCAP_POLICY=P NSCAP_AUDIT_LOG=A [NSCAP_GROUP=G] [NSCAP_CACHE_DIR=D]
#                   other compiled-in values
#   make unit       out/unit/test_*: the unit tests, glibc with ASan and UBSan
#   make lint-defs  the defines lint runs with, one a line
#
# The binary is the same bytes from any directory at any time (reproducible build): no build
# path, time or build ID reaches it.

-include build/toolchain.mk
ifeq ($(MUSL_CC),)
$(error no build/toolchain.mk: run scripts/toolchain.sh first (./build.sh does))
endif

NSCAP_POLICY ?= /etc/nscap/policy
NSCAP_AUDIT_LOG ?= /var/log/nscap/audit.log
NSCAP_GROUP ?= nscap
# nscap's lookup indexes (src/cache.h): a root-owned directory it makes itself.
NSCAP_CACHE_DIR ?= /run/nscap
OUT ?= out/nscap
# The commit, "-modified" when tracked files differ from it (BUILDINFO must not claim it then).
NSCAP_COMMIT ?= $(shell git describe --always --abbrev=40 --dirty=-modified --exclude='*' 2>/dev/null || echo unknown)
TEST_POLICY := /opt/nscap-test/etc/policy
TEST_AUDIT_LOG := /opt/nscap-test/log/audit.log
TEST_GROUP := nscapt-tool
TEST_CACHE_DIR := /opt/nscap-test/cache

VERSION := $(shell tr -d ' \t\r\n' <VERSION)
SRCS := $(sort $(wildcard src/*.c))
HDRS := $(wildcard src/*.h)
GEN := build/gen

STD := -std=c11 -D_GNU_SOURCE
WARN := -Wall -Wextra -Werror -Wformat=2 -Wformat-security -Wshadow -Wpointer-arith \
	-Wcast-qual -Wstrict-prototypes -Wmissing-prototypes -Wold-style-definition -Wvla \
	-Wimplicit-fallthrough -Wnull-dereference -Wwrite-strings -Wundef
HARDEN := -O2 -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fstack-clash-protection \
	-ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -fno-unwind-tables
REPRO := -ffile-prefix-map=$(CURDIR)=.
LDFLAGS := -Wl,-z,relro,-z,now,-z,noexecstack -Wl,--gc-sections -Wl,--build-id=none -s
# defs POLICY,AUDIT_LOG,GROUP,CACHE_DIR: the compiled-in values, as C string literals.
defs = -DNSCAP_POLICY=\"$(1)\" -DNSCAP_AUDIT_LOG=\"$(2)\" -DNSCAP_GROUP=\"$(3)\" \
	-DNSCAP_CACHE_DIR=\"$(4)\" \
	-DNSCAP_VERSION=\"$(VERSION)\"
TEST_DEFS = $(call defs,$(TEST_POLICY),$(TEST_AUDIT_LOG),$(TEST_GROUP),$(TEST_CACHE_DIR))
check = $(if $(shell printf '%s' '$(2)' | grep -Ex '$(3)'),,$(error $(1) must match $(3), got '$(2)'))

$(call check,NSCAP_POLICY,$(NSCAP_POLICY),/[A-Za-z0-9._/+-]+)
$(call check,NSCAP_AUDIT_LOG,$(NSCAP_AUDIT_LOG),/[A-Za-z0-9._/+-]+)
GROUP_RE := [a-z_][a-z0-9_-]{0,31}
$(call check,NSCAP_GROUP,$(NSCAP_GROUP),$(GROUP_RE))
$(call check,NSCAP_CACHE_DIR,$(NSCAP_CACHE_DIR),/[A-Za-z0-9._/+-]+)
$(call check,VERSION,$(VERSION),[0-9A-Za-z.+~-]+)

.PHONY: all bin test-bin pfc unit lint-defs FORCE
all: bin pfc out/BUILDINFO

# The seccomp filters, compiled once by libseccomp (gen/seccomp_gen.c says why); the generator
# also writes each filter as libseccomp's readable pseudo-code.
$(GEN)/seccomp_gen: gen/seccomp_gen.c gen/seccomp_rules.c gen/seccomp_rules.h src/sandbox.h \
		src/policy.h build/toolchain.info
	@mkdir -p $(@D)
	$(MUSL_CC) $(STD) $(WARN) $(REPRO) -O2 -static -isystem $(KHEADERS) -isystem $(SECCOMP)/include \
		gen/seccomp_gen.c gen/seccomp_rules.c $(SECCOMP)/lib/libseccomp.a -o $@
$(GEN)/seccomp_filters.h: $(GEN)/seccomp_gen
	$< $@ $(GEN)

pfc: $(GEN)/seccomp_filters.h
	rm -rf out/seccomp && mkdir -p out/seccomp && cp $(GEN)/*.pfc out/seccomp/

# One stamp per output file holds the values compiled into it: changing one rebuilds it.
CFG := build/cfg/$(subst /,_,$(abspath $(OUT)))
CONFIG := $(MUSL_CC) $(MUSL_LINK) $(call defs,$(NSCAP_POLICY),$(NSCAP_AUDIT_LOG),$(NSCAP_GROUP),$(NSCAP_CACHE_DIR))
$(CFG): FORCE
	@mkdir -p $(@D)
	@echo '$(CONFIG)' | cmp -s - $@ || echo '$(CONFIG)' >$@

bin: $(OUT)
# build/toolchain.info changes with any package of the toolchain (and with libseccomp).
$(OUT): $(SRCS) $(HDRS) $(GEN)/seccomp_filters.h $(CFG) build/toolchain.info Makefile
	@mkdir -p $(@D)
	$(MUSL_CC) $(STD) $(WARN) $(HARDEN) $(REPRO) \
		$(call defs,$(NSCAP_POLICY),$(NSCAP_AUDIT_LOG),$(NSCAP_GROUP),$(NSCAP_CACHE_DIR)) $(MUSL_LINK) \
		-isystem $(KHEADERS) -isystem $(JSMN) -I $(GEN) -I src $(SRCS) $(LDFLAGS) -o $@.tmp
	@# .comment holds only the compilers' version strings, which out/BUILDINFO records.
	objcopy --remove-section=.comment $@.tmp
	scripts/check-static.sh $@.tmp || { rm -f $@.tmp; exit 1; }
	mv -f $@.tmp $@

test-bin:
	$(MAKE) bin OUT=out/test/nscap NSCAP_POLICY=$(TEST_POLICY) NSCAP_AUDIT_LOG=$(TEST_AUDIT_LOG) \
		NSCAP_GROUP=$(TEST_GROUP) NSCAP_CACHE_DIR=$(TEST_CACHE_DIR)

# What the release binary was made from, and its hash; written every time (the commit moves).
out/BUILDINFO: $(OUT) build/toolchain.info FORCE
	{ echo "Format: nscap-buildinfo 1"; echo "Version: $(VERSION)"; \
	  echo "Commit: $(NSCAP_COMMIT)"; \
	  echo "Values: NSCAP_POLICY=$(NSCAP_POLICY) NSCAP_AUDIT_LOG=$(NSCAP_AUDIT_LOG) NSCAP_GROUP=$(NSCAP_GROUP) NSCAP_CACHE_DIR=$(NSCAP_CACHE_DIR)"; \
	  cat build/toolchain.info; echo "SHA256: $$(sha256sum <$(OUT) | cut -d' ' -f1)"; } >$@.tmp
	mv -f $@.tmp $@

# Unit tests: every src/*.c but main.c and alloc.c (alloc.c replaces malloc, which the sanitizers
# need; test_alloc.c compiles it under other names), one binary per tests/unit/test_*.c, each
# given its absolute path (tests find the repository from __FILE__).
UNIT_OBJS := $(patsubst src/%.c,out/unit/obj/%.o,$(filter-out src/main.c src/alloc.c,$(SRCS)))
UNIT_BINS := $(patsubst tests/unit/%.c,out/unit/%,$(wildcard tests/unit/test_*.c))
UNIT_CFLAGS := -std=c11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all -Wall -Wextra \
	-I src -I tests/unit -isystem $(JSMN) -I $(GEN) $(TEST_DEFS)
unit: $(UNIT_BINS)
out/unit/obj/%.o: src/%.c $(HDRS) $(GEN)/seccomp_filters.h Makefile
	@mkdir -p $(@D)
	gcc $(UNIT_CFLAGS) -c $< -o $@
out/unit/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(UNIT_OBJS)
	gcc $(UNIT_CFLAGS) $(abspath $<) $(UNIT_OBJS) -o $@

lint-defs:
	@printf '%s\n' -D_GNU_SOURCE $(TEST_DEFS)
