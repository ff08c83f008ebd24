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
		   $(OBJ)/selftests/lib/vmm_inproc.o
UNIT_SRCS	:= $(sort $(wildcard selftests/unit/*_test.c))
KVM_SRCS	:= $(sort $(wildcard selftests/kvm/*_test.c))
UNIT_TESTS	:= $(UNIT_SRCS:%.c=$(BUILD)/%)
KVM_TESTS	:= $(KVM_SRCS:%.c=$(BUILD)/%)
TESTS		:= $(UNIT_TESTS) $(KVM_TESTS)

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

PROVE		?= prove
PROVE_FLAGS	?= -j2
check: all
	$(PROVE) $(PROVE_FLAGS) --exec selftests/ksft-exec $(TESTS)

clean:
	rm -rf build build-asan

.PHONY: all check clean deps-check
.SECONDARY:

include guest/guest.mk

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
