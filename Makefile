# SPDX-License-Identifier: GPL-2.0
# memslot-vmm: `make` builds everything into build/, `make check` runs
# every selftest under prove, `make clean` removes build/.

CC		?= gcc
BUILD		?= build
KHDR_INCLUDES	?=
# CI builds with -Werror; a developer gets the warnings without the stop.
WERROR		:= $(if $(CI),-Werror,)
CFLAGS		?= -O2 -g
CFLAGS		+= -std=gnu11 -Wall -Wextra $(WERROR) -Ivmm -Iselftests/lib \
		   $(KHDR_INCLUDES) -MMD -MP -D_GNU_SOURCE
LDLIBS		+= -lnuma -lpthread

ifeq ($(SANITIZE),1)
BUILD		:= build-asan
CFLAGS		+= -fsanitize=address,undefined -fno-sanitize-recover=all \
		   -fno-omit-frame-pointer
LDFLAGS		+= -fsanitize=address,undefined
endif

# libvmm.a is the VMM without its command line: cli/ (and with it inih)
# goes only into build/vmm and the tests of the option parser.
LIB_SRCS	:= $(shell find vmm -name '*.c' ! -path 'vmm/cli/*' | sort)
CLI_SRCS	:= $(filter-out vmm/cli/main.c,$(sort $(wildcard vmm/cli/*.c)))
OBJ		:= $(BUILD)/obj
LIB_OBJS	:= $(LIB_SRCS:%.c=$(OBJ)/%.o)
CLI_OBJS	:= $(CLI_SRCS:%.c=$(OBJ)/%.o)
CLI_TESTS	:= $(BUILD)/selftests/unit/config_test
KTAP_OBJS	:= $(OBJ)/selftests/lib/ktap.o $(OBJ)/selftests/lib/vmm_run.o \
		   $(OBJ)/selftests/lib/pc_layouts.o \
		   $(OBJ)/selftests/lib/vmm_inproc.o \
		   $(OBJ)/selftests/lib/slot_set.o \
		   $(OBJ)/selftests/lib/pam_table.o
UNIT_SRCS	:= $(sort $(wildcard selftests/unit/*_test.c))
KVM_SRCS	:= $(sort $(wildcard selftests/kvm/*_test.c))
UNIT_TESTS	:= $(UNIT_SRCS:%.c=$(BUILD)/%)
KVM_TESTS	:= $(KVM_SRCS:%.c=$(BUILD)/%)
TESTS		:= $(UNIT_TESTS) $(KVM_TESTS)
# Tests of the test machinery itself, scripts run from the source tree by
# make check only.
HARNESS_TESTS	:= $(sort $(wildcard selftests/harness/*_test.sh))

all: deps-check $(BUILD)/libvmm.a $(BUILD)/vmm $(TESTS)

# Every header the project needs, and the package that brings it.
DEPS := linux/kvm.h:linux-libc-dev numa.h:libnuma-dev \
	liburing.h:liburing-dev ini.h:libinih-dev
MISSING := $(strip $(foreach d,$(DEPS),$(if $(shell printf '\#include <%s>\n' \
	$(word 1,$(subst :, ,$(d))) | $(CC) $(KHDR_INCLUDES) -E -x c - \
	>/dev/null 2>&1 && echo ok),,$(word 2,$(subst :, ,$(d))))))

deps-check:
ifneq ($(MISSING),)
	@echo "missing build dependencies: $(MISSING)" >&2
	@echo "run: sudo scripts/deps.sh" >&2
	@exit 1
endif
ifeq ($(shell command -v prove),)
	@echo "missing perl's prove: run: sudo scripts/deps.sh" >&2
	@exit 1
endif
ifneq ($(JUNIT),)
ifneq ($(shell perl -MTAP::Formatter::JUnit -e 'print "ok"' 2>/dev/null),ok)
	@echo "missing prove's JUnit formatter (JUNIT=): run: sudo scripts/deps.sh" >&2
	@exit 1
endif
endif

$(OBJ)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/libvmm.a: $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/vmm: $(OBJ)/vmm/cli/main.o $(CLI_OBJS) $(BUILD)/libvmm.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ -linih $(LDLIBS)

$(CLI_TESTS): $(CLI_OBJS)
$(CLI_TESTS): LDLIBS := -linih $(LDLIBS)

$(BUILD)/selftests/%: $(OBJ)/selftests/%.o $(KTAP_OBJS) $(BUILD)/libvmm.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) $(BUILD)/libvmm.a $(LDLIBS)

# PID 1 of scripts/vmtest.sh's VM: static, and never sanitized (no
# runtime exists in the initramfs).
$(BUILD)/vmtest-init: scripts/vmtest-init.c
	@mkdir -p $(dir $@)
	$(CC) -static -O2 -Wall -Wextra $(WERROR) $(KHDR_INCLUDES) \
		-D_GNU_SOURCE -o $@ $<

PROVE		?= prove
PROVE_FLAGS	?= -j2 -f
# Each test's time limit in seconds: timeout=N in selftests/settings, or
# KSFT_TIMEOUT=N for one run (0: none).  Not TIMEOUT, which
# scripts/qemu-*.sh take as the limit of one QEMU run.
KSFT_TIMEOUT	?=
# JUNIT=FILE: the results as JUnit XML in FILE, through prove's JUnit
# formatter, in place of prove's report.
JUNIT		?=
PROVE_JUNIT	= $(if $(JUNIT),--timer --formatter TAP::Formatter::JUnit)
# T="slot_layout_test readonly_slot_test" runs only these.
RUN_TESTS	= $(if $(T),$(filter $(addprefix %/,$(T)),$(TESTS)),$(TESTS))

check: all $(BUILD)/vmtest-init
	@$(MAKE) --no-print-directory run-tests \
		EXTRA_TESTS="$(if $(T),,$(HARNESS_TESTS))"

# The suite alone, on what is built (what vmcheck runs inside the VM).
# First what the run is on, as TAP diagnostics: the kernel, and what its
# KVM offers (or, in one line, why there is none).  The tests find vmm and
# the guest images in $BUILD (build/ by default).
run-tests:
	@echo "# host: $$(uname -srvm)"
	@caps=$$($(BUILD)/vmm --caps 2>&1) && \
		printf '# %s --caps\n%s\n' $(BUILD)/vmm "$$caps" | \
		sed '2,$$s/^/# /' || \
		echo "# $(BUILD)/vmm --caps: $$(echo $$caps)"
	BUILD=$(BUILD) KSFT_TIMEOUT=$(KSFT_TIMEOUT) $(PROVE) $(PROVE_FLAGS) \
		$(PROVE_JUNIT) --exec selftests/ksft-exec \
		$(RUN_TESTS) $(EXTRA_TESTS) $(if $(JUNIT),>$(JUNIT))

# The whole suite inside a VM on KERNEL (default: Debian's linux-image-amd64)
# with NUMA nodes, under KVM when this host can nest it, else TCG.  The
# JUnit file's directory is shared writable so that the file reaches here.
KERNEL		?=
MODULES		?=
NUMA		?= 1
VM_CPUS		?= 1
VMTEST_FLAGS	?=
vmcheck: all $(BUILD)/vmtest-init
	scripts/vmtest.sh $(if $(KERNEL),--kernel $(KERNEL)) \
		$(if $(MODULES),--modules $(MODULES)) --numa $(NUMA) \
		--cpus $(VM_CPUS) $(VMTEST_FLAGS) \
		$(if $(JUNIT),--rw $(dir $(abspath $(JUNIT)))) -- \
		$(MAKE) --no-print-directory run-tests BUILD=$(BUILD) \
		PROVE_FLAGS="-j$(VM_CPUS) -f" KSFT_TIMEOUT=$(KSFT_TIMEOUT) \
		$(if $(JUNIT),JUNIT=$(abspath $(JUNIT))) $(if $(T),T="$(T)")

# The main job: the default guest on the default machine, on this host's
# KVM or, without one, inside the VM; 0 when the guest's verdict is ok.
run: all $(BUILD)/vmtest-init
	@scripts/run.sh -readconfig configs/default.cfg --info slots \
		> $(BUILD)/run.out; status=$$?; cat $(BUILD)/run.out; \
	if [ $$status -eq 1 ] && grep -q '^ok 1 ' $(BUILD)/run.out; then \
		echo "main job: the guest passed (debug exit 0, vmm status 1)"; \
	else \
		echo "main job: failed, vmm status $$status" >&2; exit 1; \
	fi

# A kselftest tree in INSTALL_PATH that the kernel's run_kselftest.sh
# runs: kselftest-list.txt (our memslot_vmm:TEST lines replace those of an
# earlier install, other collections' stay) and the memslot_vmm
# collection: the tests, settings (timeout=), config (the kernel fragment)
# and what the tests open relative to the directory they run in, as in the
# source tree: build/vmm, build/guest/*.bin, scripts/qemu-diff.sh and
# configs/*.cfg.
INSTALL_PATH	?= $(BUILD)/kselftest_install
KSFT_COLLECTION	:= memslot_vmm
KSFT_DIR	= $(INSTALL_PATH)/$(KSFT_COLLECTION)
KSFT_LIST	= $(INSTALL_PATH)/kselftest-list.txt

install: all
	$(if $(INSTALL_PATH),,$(error INSTALL_PATH is empty))
	rm -rf $(KSFT_DIR)
	mkdir -p $(KSFT_DIR)/build/guest $(KSFT_DIR)/scripts $(KSFT_DIR)/configs
	cp $(TESTS) $(KSFT_DIR)/
	cp $(BUILD)/vmm $(KSFT_DIR)/build/
	cp $(GUEST_IMAGES) $(KSFT_DIR)/build/guest/
	cp scripts/qemu-diff.sh $(KSFT_DIR)/scripts/
	cp configs/*.cfg $(KSFT_DIR)/configs/
	cp selftests/settings $(KSFT_DIR)/settings
	cp configs/kernel/vmtest.config $(KSFT_DIR)/config
	{ grep -v '^$(KSFT_COLLECTION):' $(KSFT_LIST) 2>/dev/null; \
	  printf '$(KSFT_COLLECTION):%s\n' $(notdir $(TESTS)); } \
		>$(KSFT_LIST).new
	mv $(KSFT_LIST).new $(KSFT_LIST)

clean:
	rm -rf build build-asan

.PHONY: all check clean deps-check run-tests vmcheck run install
.SECONDARY:

include guest/guest.mk

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
