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
LDLIBS		+= -luring -lnuma -lpthread

ifeq ($(SANITIZE),1)
BUILD		:= build-asan
CFLAGS		+= -fsanitize=address,undefined -fno-sanitize-recover=all \
		   -fno-omit-frame-pointer
LDFLAGS		+= -fsanitize=address,undefined
endif
# make fuzz: libFuzzer targets (fuzz/), built with Debian's clang and its
# runtimes into build-fuzz/.
ifeq ($(FUZZ),1)
BUILD		:= build-fuzz
CC		:= clang
CFLAGS		+= -fsanitize=fuzzer-no-link,address,undefined \
		   -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS		+= -fsanitize=fuzzer,address,undefined
endif
# The selftests run the vmm and the guests of the directory they were
# built into, never another's (selftests/lib/vmm_run.c).
TEST_CFLAGS	:= -DVMM_BUILD_DIR='"$(BUILD)"'

# libvmm.a is the VMM without its command line: cli/ (and with it inih)
# goes only into build/vmm and the tests of the option parser.
LIB_SRCS	:= $(shell find vmm -name '*.c' ! -path 'vmm/cli/*' | sort)
CLI_SRCS	:= $(filter-out vmm/cli/main.c,$(sort $(wildcard vmm/cli/*.c)))
OBJ		:= $(BUILD)/obj
LIB_OBJS	:= $(LIB_SRCS:%.c=$(OBJ)/%.o)
CLI_OBJS	:= $(CLI_SRCS:%.c=$(OBJ)/%.o)
CLI_TESTS	:= $(BUILD)/selftests/unit/config_test
# The sanitizer runtimes' defaults (an empty object in other builds):
# linked by name into every program, as an archive member would not be.
SAN_OBJ		:= $(OBJ)/vmm/util/sanitizer.o
KTAP_OBJS	:= $(SAN_OBJ) \
		   $(patsubst %.c,$(OBJ)/%.o,$(sort $(wildcard selftests/lib/*.c)))
UNIT_SRCS	:= $(sort $(wildcard selftests/unit/*_test.c))
KVM_SRCS	:= $(sort $(wildcard selftests/kvm/*_test.c))
UNIT_TESTS	:= $(UNIT_SRCS:%.c=$(BUILD)/%)
KVM_TESTS	:= $(KVM_SRCS:%.c=$(BUILD)/%)
TESTS		:= $(UNIT_TESTS) $(KVM_TESTS)
# Tests of the test machinery itself, scripts run from the source tree by
# make check only.
HARNESS_TESTS	:= $(sort $(wildcard selftests/harness/*_test.sh))

# Benchmarks: programs that print a table (make bench runs them).
BENCH_SRCS	:= $(sort $(wildcard bench/*_bench.c))
BENCHES		:= $(BENCH_SRCS:%.c=$(BUILD)/%)

all: deps-check $(BUILD)/libvmm.a $(BUILD)/vmm $(TESTS) $(BENCHES) \
	$(BUILD)/bench/populate

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

$(OBJ)/selftests/lib/vmm_run.o: CFLAGS += $(TEST_CFLAGS)

$(BUILD)/libvmm.a: $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/vmm: $(OBJ)/vmm/cli/main.o $(SAN_OBJ) $(CLI_OBJS) $(BUILD)/libvmm.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ -linih $(LDLIBS)

$(CLI_TESTS): $(CLI_OBJS)
$(CLI_TESTS): LDLIBS := -linih $(LDLIBS)

# The fuzz targets, built with the suite's compiler, replay their corpora.
FUZZ_REPLAY	:= $(BUILD)/selftests/unit/fuzz_corpus_test
FUZZ_REPLAY_OBJS := $(patsubst %,$(OBJ)/fuzz/%_fuzz.replay.o,cli readconfig \
		   memory fw_cfg)
$(FUZZ_REPLAY): $(CLI_OBJS) $(FUZZ_REPLAY_OBJS)
$(FUZZ_REPLAY): LDLIBS := -linih $(LDLIBS)
$(OBJ)/fuzz/%_fuzz.replay.o: fuzz/%_fuzz.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ifuzz -DLLVMFuzzerTestOneInput=$*_fuzz_one -c -o $@ $<

$(BUILD)/selftests/%: $(OBJ)/selftests/%.o $(KTAP_OBJS) $(BUILD)/libvmm.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) $(BUILD)/libvmm.a $(LDLIBS)

# A benchmark drives guests as the tests do, with their library.
$(BUILD)/bench/%: $(OBJ)/bench/%.o $(KTAP_OBJS) $(BUILD)/libvmm.a
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
# KVM offers (or, in one line, why there is none).  The tests run the vmm
# and the guest images of the $(BUILD) they were built into.
#
# Sanitized (SANITIZE=1): every process of the build writes its reports,
# and at exit its statistics (the proof that ASan watched it), to
# $(SAN_LOG).<program>.<pid>; a test tags what it starts with its own
# name (selftests/lib/sanitizer_check.c), and fails on a report from its
# vmm.  selftests/sanitizer-summary then counts the processes of each
# test and fails the run on any report at all.
SAN_LOG		= $(abspath $(BUILD))/sanitizer/log
SAN_ENV		= $(if $(filter 1,$(SANITIZE)),\
		  ASAN_OPTIONS=log_path=$(SAN_LOG):log_exe_name=1:atexit=1 \
		  UBSAN_OPTIONS=log_path=$(SAN_LOG):log_exe_name=1)
run-tests:
	@echo "# host: $$(uname -srvm)"
	@caps=$$($(BUILD)/vmm --caps 2>&1) && \
		printf '# %s --caps\n%s\n' $(BUILD)/vmm "$$caps" | \
		sed '2,$$s/^/# /' || \
		echo "# $(BUILD)/vmm --caps: $$(echo $$caps)"
	$(if $(SAN_ENV),@rm -rf $(dir $(SAN_LOG)) && mkdir -p $(dir $(SAN_LOG)))
	BUILD=$(BUILD) SANITIZE=$(SANITIZE) KSFT_TIMEOUT=$(KSFT_TIMEOUT) \
		$(SAN_ENV) $(PROVE) \
		$(PROVE_FLAGS) $(PROVE_JUNIT) --exec selftests/ksft-exec \
		$(RUN_TESTS) $(EXTRA_TESTS) $(if $(JUNIT),>$(JUNIT)); \
	status=$$?; $(if $(SAN_ENV),selftests/sanitizer-summary \
		$(dir $(SAN_LOG)) \
		$(notdir $(filter $(KVM_TESTS),$(RUN_TESTS))) || status=1;) \
	exit $$status

# The whole suite inside a VM on KERNEL (default: Debian's linux-image-amd64)
# with NUMA nodes, under KVM when this host can nest it, else TCG.  The
# JUnit file is written into $(BUILD)/vmcheck-junit, shared writable, and
# copied to JUNIT after: sharing JUNIT's own directory (say /tmp) would put
# the tests' files there on 9p, where shared mappings fail.
KERNEL		?=
MODULES		?=
NUMA		?= 1
VM_CPUS		?= 1
# 2 MiB huge pages the VM's kernel reserves at boot (hugepages=, spread
# over its nodes), so that the hugetlb cases run there; 0: none.
HUGEPAGES	?= 64
VMTEST_FLAGS	?=
VMCHECK_JUNIT_DIR = $(abspath $(BUILD))/vmcheck-junit
vmcheck: all $(BUILD)/vmtest-init
	$(if $(JUNIT),rm -rf $(VMCHECK_JUNIT_DIR) && mkdir -p $(VMCHECK_JUNIT_DIR))
	BUILD=$(BUILD) scripts/vmtest.sh $(if $(KERNEL),--kernel $(KERNEL)) \
		$(if $(MODULES),--modules $(MODULES)) --numa $(NUMA) \
		--cpus $(VM_CPUS) --append hugepages=$(HUGEPAGES) \
		$(VMTEST_FLAGS) \
		$(if $(JUNIT),--rw $(VMCHECK_JUNIT_DIR)) -- \
		$(MAKE) --no-print-directory run-tests BUILD=$(BUILD) \
		SANITIZE=$(SANITIZE) PROVE_FLAGS="-j$(VM_CPUS) -f" KSFT_TIMEOUT=$(KSFT_TIMEOUT) \
		$(if $(JUNIT),JUNIT=$(VMCHECK_JUNIT_DIR)/junit.xml) $(if $(T),T="$(T)"); \
	status=$$?; \
	$(if $(JUNIT),cp $(VMCHECK_JUNIT_DIR)/junit.xml $(JUNIT) || status=1;) \
	exit $$status

# Every benchmark, then the kernel's own dirty_log_perf_test with the same
# sizes beside ours when it builds from KSRC (a Linux source tree or
# Debian's linux-source tarball; bench/kernel-dirty-log-perf.sh builds it
# in a temporary directory, never here).  BENCH_FLAGS go to ours.
BENCH_FLAGS	?=
KSRC		?= /usr/src/linux-source-6.1.tar.xz
bench: all
	@for b in $(BENCHES); do $$b $(BENCH_FLAGS) || exit 1; done
	BUILD=$(BUILD) bench/prealloc.sh
	@bench/kernel-dirty-log-perf.sh $(KSRC) $(BENCH_FLAGS)

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
# source tree: $(BUILD)/vmm, $(BUILD)/guest/*.bin (the build the tests
# were built into: build/ or build-asan/), scripts/qemu-diff.sh,
# configs/*.cfg and selftests/known-issues.
INSTALL_PATH	?= $(BUILD)/kselftest_install
KSFT_COLLECTION	:= memslot_vmm
KSFT_DIR	= $(INSTALL_PATH)/$(KSFT_COLLECTION)
KSFT_LIST	= $(INSTALL_PATH)/kselftest-list.txt

install: all
	$(if $(INSTALL_PATH),,$(error INSTALL_PATH is empty))
	rm -rf $(KSFT_DIR)
	mkdir -p $(KSFT_DIR)/$(BUILD)/guest $(KSFT_DIR)/scripts \
		$(KSFT_DIR)/configs $(KSFT_DIR)/selftests
	cp $(TESTS) $(KSFT_DIR)/
	cp $(BUILD)/vmm $(KSFT_DIR)/$(BUILD)/
	cp $(GUEST_IMAGES) $(KSFT_DIR)/$(BUILD)/guest/
	cp scripts/qemu-diff.sh $(KSFT_DIR)/scripts/
	mkdir -p $(KSFT_DIR)/fuzz
	cp -r fuzz/corpus $(KSFT_DIR)/fuzz/
	cp configs/*.cfg $(KSFT_DIR)/configs/
	cp selftests/settings $(KSFT_DIR)/settings
	cp selftests/known-issues $(KSFT_DIR)/selftests/
	cp configs/kernel/vmtest.config $(KSFT_DIR)/config
	{ grep -v '^$(KSFT_COLLECTION):' $(KSFT_LIST) 2>/dev/null; \
	  printf '$(KSFT_COLLECTION):%s\n' $(notdir $(TESTS)); } \
		>$(KSFT_LIST).new
	mv $(KSFT_LIST).new $(KSFT_LIST)

# Each target for FUZZ_SECONDS (default 60) from its seeds in
# fuzz/corpus/TARGET/ plus what earlier runs kept in
# build-fuzz/corpus/TARGET/, which grows; a finding is saved as
# build-fuzz/findings/TARGET-crash-... and fails the run.  FUZZ_TARGETS
# picks some; FUZZ_FLAGS adds libFuzzer options.
FUZZ_SECONDS	?= 60
FUZZ_ALL	:= cli readconfig memory fw_cfg
FUZZ_TARGETS	?= $(FUZZ_ALL)
FUZZ_FLAGS	?=
fuzz:
	@$(MAKE) --no-print-directory FUZZ=1 fuzz-build
	@set -e; for t in $(FUZZ_TARGETS); do \
		mkdir -p build-fuzz/corpus/$$t build-fuzz/findings; \
		echo "# fuzz: $$t for $(FUZZ_SECONDS) s"; \
		build-fuzz/fuzz/$${t}_fuzz -max_total_time=$(FUZZ_SECONDS) \
			-print_final_stats=1 -rss_limit_mb=4096 -timeout=30 \
			-artifact_prefix=build-fuzz/findings/$$t- $(FUZZ_FLAGS) \
			build-fuzz/corpus/$$t fuzz/corpus/$$t \
			2>build-fuzz/$$t.log || { tail -n 60 build-fuzz/$$t.log; \
			echo "# fuzz: $$t: a finding, in build-fuzz/findings/"; \
			exit 1; }; \
		grep -E '^#[0-9]+.*DONE|^stat::(number_of_executed_units|new_units_added|peak_rss_mb)' \
			build-fuzz/$$t.log | sed "s/^/# fuzz: $$t: /"; \
	done

ifeq ($(FUZZ),1)
FUZZ_LIB	:= $(OBJ)/selftests/lib/ktap.o \
		   $(OBJ)/selftests/lib/flatview_model.o
fuzz-build: $(addprefix $(BUILD)/fuzz/,$(addsuffix _fuzz,$(FUZZ_ALL)))

$(BUILD)/fuzz/%_fuzz: $(OBJ)/fuzz/%_fuzz.o $(CLI_OBJS) $(FUZZ_LIB) \
		      $(BUILD)/libvmm.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) $(BUILD)/libvmm.a -linih \
		$(LDLIBS)
$(OBJ)/fuzz/%.o: CFLAGS += -Ifuzz
endif



clean:
	rm -rf build build-asan build-fuzz

.PHONY: all check clean deps-check run-tests vmcheck run install fuzz \
	fuzz-build bench
.SECONDARY:

include guest/guest.mk

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
