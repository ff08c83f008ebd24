# SPDX-License-Identifier: GPL-2.0
# Guest payloads: flat ROM images $(BUILD)/guest/<name>.bin, each the whole
# BIOS (a multiple of 64 KiB, ending at 4 GiB), built with the host's gcc and
# binutils.  Included from the top-level Makefile; see guest/README.md.

GUEST_BUILD	:= $(BUILD)/guest
GUEST_OBJ	:= $(GUEST_BUILD)/obj
OBJCOPY		?= objcopy

# The KVM we run on emulates guest code and has no SSE: general registers
# only.  -mcmodel=kernel: code and data live in the top 2 GiB (lib/layout.h).
GUEST_CFLAGS	:= -std=gnu11 -m64 -Os -g -Wall -Wextra $(WERROR) \
		   -ffreestanding -fno-pic -fno-pie -fno-stack-protector \
		   -fno-asynchronous-unwind-tables -fcf-protection=none \
		   -fno-tree-loop-distribute-patterns -fno-jump-tables \
		   -mno-red-zone -mgeneral-regs-only -mcmodel=kernel \
		   -Iguest/lib -MMD -MP
GUEST_LDFLAGS	:= -m64 -nostdlib -static -no-pie -Wl,--build-id=none \
		   -Wl,-z,noexecstack -Wl,--no-warn-rwx-segments \
		   -Wl,-z,max-page-size=4096

GUEST_LIB_SRCS	:= $(sort $(wildcard guest/lib/*.c guest/lib/*.S)) \
		   guest/boot/reset.S
GUEST_LIB_OBJS	:= $(patsubst guest/%,$(GUEST_OBJ)/%.o,$(basename $(GUEST_LIB_SRCS)))

# <image>:<ROM size>[:<.romfill size>]; the source is guest/probes/<image
# with - as _>.c.  rom-probe is 256 KiB so that only part of it is aliased
# below 1 MiB; the 64 KiB ones leave 0xe0000..0xeffff as RAM.
GUEST_C_IMAGES	:= e820-probe:0x20000 rom-probe:0x40000:0x1f000 \
		   slot-probe:0x20000 pam-probe:0x20000 unassigned-read:0x10000 \
		   triple-fault:0x10000 hang:0x10000 serial-flood:0x10000 \
		   rom-write-loop:0x10000 unassigned-loop:0x10000 \
		   numa-probe:0x20000 dirtier:0x20000
# <image>:<ROM size>; the source is guest/realmode/<image with - as _>.S,
# a few real-mode instructions placed by guest/realmode/realmode.ld.
GUEST_RM_IMAGES	:= rom-write:0x20000 straddle-write:0x10000 \
		   gdt-accessed:0x10000
GUEST_IMAGES	:= $(GUEST_BUILD)/hello.bin \
		   $(foreach i,$(GUEST_C_IMAGES) $(GUEST_RM_IMAGES),$(GUEST_BUILD)/$(word 1,$(subst :, ,$(i))).bin)

all: $(GUEST_IMAGES)
guest: $(GUEST_IMAGES)
.PHONY: guest

$(GUEST_OBJ)/%.o: guest/%.c
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -c -o $@ $<

$(GUEST_OBJ)/%.o: guest/%.S
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -c -o $@ $<

# $(1): image name, $(2): ROM size, $(3): .romfill size (optional).
define guest_c_image
$(GUEST_BUILD)/$(1).elf: $(GUEST_OBJ)/probes/$(subst -,_,$(1)).o \
			 $(GUEST_LIB_OBJS) guest/guest.ld
	$$(CC) $$(GUEST_LDFLAGS) -T guest/guest.ld \
		-Wl,--defsym=ROM_SIZE=$(2) \
		$(if $(3),-Wl$(comma)--defsym=ROMFILL_SIZE=$(3)) \
		-o $$@ $$(filter %.o,$$^)
$(GUEST_BUILD)/$(1).bin: ROM_SIZE := $(2)
endef
comma := ,
$(foreach i,$(GUEST_C_IMAGES),$(eval $(call guest_c_image,$(word 1,$(subst :, ,$(i))),$(word 2,$(subst :, ,$(i))),$(word 3,$(subst :, ,$(i))))))

# $(1): image name, $(2): ROM size.
define guest_rm_image
$(GUEST_BUILD)/$(1).elf: $(GUEST_OBJ)/realmode/$(subst -,_,$(1)).o \
			 guest/realmode/realmode.ld
	$$(CC) $$(GUEST_LDFLAGS) -T guest/realmode/realmode.ld \
		-Wl,--defsym=ROM_SIZE=$(2) -o $$@ $$(filter %.o,$$^)
$(GUEST_BUILD)/$(1).bin: ROM_SIZE := $(2)
endef
$(foreach i,$(GUEST_RM_IMAGES),$(eval $(call guest_rm_image,$(word 1,$(subst :, ,$(i))),$(word 2,$(subst :, ,$(i))))))

# hello: a few real-mode instructions and nothing else.
$(GUEST_BUILD)/hello.elf: $(GUEST_OBJ)/hello/hello.o guest/hello/hello.ld
	$(CC) $(GUEST_LDFLAGS) -T guest/hello/hello.ld -o $@ $(filter %.o,$^)
$(GUEST_BUILD)/hello.bin: ROM_SIZE := 0x10000

# Gaps are 0xff, as in an erased flash; the size must be exactly ROM_SIZE.
$(GUEST_BUILD)/%.bin: $(GUEST_BUILD)/%.elf
	$(OBJCOPY) -O binary --gap-fill=0xff $< $@
	@size=$$(stat -c %s $@); if [ "$$size" -ne $$(($(ROM_SIZE))) ]; then \
		echo "$@: $$size bytes, expected $$(($(ROM_SIZE)))" >&2; \
		rm -f $@; exit 1; fi
