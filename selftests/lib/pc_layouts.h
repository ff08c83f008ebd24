/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SELFTESTS_PC_LAYOUTS_H
#define SELFTESTS_PC_LAYOUTS_H

#include "vmm.h"

/*
 * The PC memory layouts the tests walk, with the RAM split each must
 * have, written by hand from QEMU 7.2's rules (docs/qemu-rules.md, "RAM
 * below and above 4 GiB"): one table for slot_layout_test (the slots and
 * e820 of an in-process build), guest_layout_test (what e820-probe sees,
 * under vmm and QEMU) and qemu_layout_test (KVM ranges and slots against
 * QEMU's).  Each row says its options twice: as words for build/vmm and
 * QEMU, and as the typed parameters an in-process build takes.
 */
struct pc_layout {
	const char		*name;		/* the options, as written */
	const char		*args[6];	/* the same, NULL-terminated */
	enum pc_machine_type	type;
	u64			ram_size;
	u64			max_ram_below_4g;
	bool			nodefaults;
	u64			low, high;	/* RAM below / above 4 GiB */
	bool			warn;		/* QEMU's GiB-alignment warning */
};

extern const struct pc_layout pc_layouts[];
extern const unsigned int nr_pc_layouts;

/* vmm_params_init(), then the row's machine and @bios. */
void pc_layout_params(const struct pc_layout *l, struct vmm_params *p,
		      const char *bios);
/* The row's options joined by spaces, for a shell command. */
const char *pc_layout_cmdline(const struct pc_layout *l, char *buf,
			      size_t len);

/*
 * Whether the host's CPU, which vmm shows its guests, gets QEMU 7.2's
 * AMD HyperTransport hole (docs/qemu-rules.md, "The e820 table and
 * fw_cfg"): vendor AuthenticAMD and 40 or more physical address bits.
 * Read here with the CPUID instruction, never from vmm; @desc (may be
 * NULL) gets the vendor and width, for messages.
 */
bool host_gets_amd_ht_hole(char *desc, size_t len);
/*
 * The e820 table the guest of @l is given, in QEMU's order, into @w (4
 * entries): the KVM pages 0xfeffc000 + 0x4000 (reserved); AMD's
 * HyperTransport hole [0xfd00000000, 1 TiB) (reserved) when
 * host_gets_amd_ht_hole() and the type is not pc-i440fx-1.7; RAM
 * [0, low); RAM [4G, 4G + high) when there is high RAM.  The count.
 */
unsigned int pc_layout_e820(const struct pc_layout *l, struct e820_entry *w);
/* A diagnostic line: the host's CPU and whether e820 gets the hole. */
void pc_layouts_print_host_cpu(void);

#endif
