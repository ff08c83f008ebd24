/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_HW_PC_H
#define VMM_HW_PC_H

#include "cli/config.h"
#include "cpu/cpuid.h"
#include "hw/debug_exit.h"
#include "hw/e820.h"
#include "hw/fw_cfg.h"
#include "hw/ioport.h"
#include "hw/serial.h"
#include "memory/address_space.h"
#include "ram/host_memory_backend.h"

/* The pages handed to KVM_SET_IDENTITY_MAP_ADDR and KVM_SET_TSS_ADDR. */
#define PC_IDENTITY_MAP_ADDR	0xfeffc000ULL
#define PC_IDENTITY_MAP_SIZE	0x4000ULL

#define PC_ROM_ADDR		0xc0000ULL
#define PC_ROM_SIZE		0x20000ULL
#define PC_VGA_ADDR		0xa0000ULL
#define PC_VGA_SIZE		0x20000ULL
#define PC_ISA_BIOS_MAX		(128 * KiB)

/* AMD's HyperTransport window, the last 12 GiB below 1 TiB. */
#define PC_AMD_HT_START		0xfd00000000ULL
#define PC_AMD_HT_END		0x10000000000ULL

struct pc_machine_class {
	const char	*name;
	const char	*alias;		/* "pc" for pc-i440fx-7.2 */
	bool		q35;
	bool		gigabyte_align;	/* pc: split on a GiB boundary */
	bool		fw_cfg_dma;	/* off before 2.5 (hw_compat_2_4) */
	bool		amd_ht_hole;	/* 7.1+: see pc_amd_ht_hole() */
};

/*
 * The PC machine's memory: pc.ram (or a container of NUMA memdevs) seen
 * through ram-below-4g / ram-above-4g, the BIOS at the top of 4 GiB with
 * its isa-bios alias, pc.rom, the VGA window; the e820 table and fw_cfg
 * telling the guest about it; the port devices.
 */
struct pc_machine {
	const struct pc_machine_class *mc;
	const struct vmm_config	*cfg;
	u64			ram_size;
	u64			below_4g_mem_size;
	u64			above_4g_mem_size;

	struct memory_region	system_memory;
	struct memory_region	pci_memory;
	struct memory_region	ram;		/* pc.ram */
	struct memory_region	ram_below_4g;
	struct memory_region	ram_above_4g;
	struct memory_region	bios;
	struct memory_region	isa_bios;
	struct memory_region	pc_rom;
	struct memory_region	vga;
	struct host_memory_backend *memdevs;
	struct memory_region	*memdev_mrs;
	unsigned int		nr_memdevs;
	unsigned int		nr_mapped_memdevs;
	struct address_space	as_memory;
	bool			as_ready;

	struct e820_table	e820;
	struct ioport_bus	io;
	struct fw_cfg		fw_cfg;
	struct serial		serial;
	struct debug_exit	debug_exit;
};

const struct pc_machine_class *pc_machine_find(const char *name);

/*
 * Compute the RAM split below/above 4 GiB exactly as QEMU 7.2 does for
 * this machine type; -EINVAL (with the message) for an impossible
 * max-ram-below-4g.  Prints QEMU's warning for a GiB-unaligned split.
 */
int pc_ram_split(const struct pc_machine_class *mc, u64 ram_size,
		 u64 max_ram_below_4g, u64 *below, u64 *above);

/*
 * Build the machine from @cfg, every input checked, all but the e820
 * table.  @request_exit is what the debug exit device calls.  On failure
 * everything built so far is torn down.
 */
int pc_machine_init(struct pc_machine *pcms, const struct vmm_config *cfg,
		    void (*request_exit)(void *, int), void *opaque);
/*
 * The e820 table and its fw_cfg file `etc/e820`, which depend on the CPU
 * the guest is shown (@cpu, known once KVM is open).  -errno + message.
 */
int pc_machine_init_e820(struct pc_machine *pcms, const struct cpu_model *cpu);
void pc_machine_destroy(struct pc_machine *pcms);

#endif
