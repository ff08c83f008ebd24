/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_HW_PC_H
#define VMM_HW_PC_H

#include "backends/host_memory_backend.h"
#include "hw/debug_exit.h"
#include "hw/e820.h"
#include "hw/fw_cfg.h"
#include "hw/ioport.h"
#include "hw/numa.h"
#include "hw/pci_host.h"
#include "hw/serial.h"
#include "memory/address_space.h"

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

#define PC_MAX_CPUS		255	/* what QEMU's pc machines accept */
#define PC_MAX_RAM_SLOTS	256	/* QEMU's ACPI_MAX_RAM_SLOTS */
#define PC_MAX_MEMDEVS		64
#define PC_MAX_FW_CFG_ITEMS	32

/* The names -M takes, in the order messages list them. */
enum pc_machine_type {
	PC_MACHINE_PC,			/* pc: pc-i440fx-7.2 */
	PC_MACHINE_I440FX_7_2,
	PC_MACHINE_I440FX_1_7,
	PC_MACHINE_Q35,			/* q35: pc-q35-7.2 */
	PC_MACHINE_Q35_7_2,
	PC_MACHINE__NR,
};

struct pc_machine_class {
	const char	*name;
	bool		q35;
	bool		gigabyte_align;	/* pc: split on a GiB boundary */
	bool		fw_cfg_dma;	/* off before 2.5 (hw_compat_2_4) */
	bool		device_memory;	/* maxmem: since 2.1 */
	bool		aligned_dimm;	/* 1 GiB more per slot: since 2.2 */
	bool		amd_ht_hole;	/* 7.1+: see pc_amd_ht_hole() */
};

/*
 * Everything the machine is built from, already parsed and typed:
 * QEMU's -M, -m, -smp, -bios, -nodefaults, -object memory-backend-*,
 * -numa, -fw_cfg, -serial and -device isa-debug-exit.
 */
struct pc_machine_params {
	enum pc_machine_type		type;
	u64				ram_size;
	u64				maxmem;		/* 0: ram_size */
	unsigned int			ram_slots;
	u64				max_ram_below_4g; /* 0: default */
	char				*bios;		/* a ROM image */
	bool				nodefaults;
	unsigned int			smp;
	struct serial_params		serial;
	struct debug_exit_params	debug_exit;

	char				*memory_backend; /* -M memory-backend */
	struct host_memory_backend_params memdevs[PC_MAX_MEMDEVS];
	unsigned int			nr_memdevs;
	struct numa_node_params		numa[NUMA_MAX_NODES];
	unsigned int			nr_numa;
	struct fw_cfg_item		fw_cfg[PC_MAX_FW_CFG_ITEMS];
	unsigned int			nr_fw_cfg;
};

/* QEMU's defaults: -M pc -m 128M -smp 1 -serial stdio. */
void pc_machine_params_init(struct pc_machine_params *p);
void pc_machine_params_free(struct pc_machine_params *p);
/* A name -M takes into @type; -EINVAL with the valid names listed. */
int pc_machine_type_parse(const char *name, enum pc_machine_type *type);
const char *pc_machine_type_name(enum pc_machine_type type);
const struct pc_machine_class *pc_machine_class(enum pc_machine_type type);
/*
 * -machine memory-backend=ID without -m: the RAM is the backend's size,
 * as in QEMU.  -EINVAL when no -object defines ID.
 */
int pc_machine_params_ram_from_backend(struct pc_machine_params *p);
/* max-ram-below-4g is at most 4 GiB: -EINVAL with the reason. */
int pc_machine_check_max_ram_below_4g(u64 max_ram_below_4g);
/*
 * The rules across options, checked once everything is read and again
 * when the machine is built: maxmem and slots against -m, the machine's
 * memory backend, the NUMA nodes (numa_check()).  -EINVAL with a
 * message naming the option.
 */
int pc_machine_params_check(const struct pc_machine_params *p);

/*
 * Compute the RAM split below/above 4 GiB exactly as QEMU 7.2 does for
 * this machine type.  Prints QEMU's warning for a GiB-unaligned split.
 */
int pc_ram_split(const struct pc_machine_class *mc, u64 ram_size,
		 u64 max_ram_below_4g, u64 *below, u64 *above);

/*
 * The PC machine's memory: pc.ram, the memory backend, or a container
 * (pc.ram) of the NUMA nodes' memdevs, seen through ram-below-4g /
 * ram-above-4g, the PCI space with the BIOS at the top of 4 GiB, its
 * isa-bios alias and pc.rom, the host bridge's PAM segments over
 * 0xc0000..0xfffff, the VGA window, the device-memory window of maxmem;
 * the e820 table and fw_cfg telling the guest about it; the port devices.
 */
struct pc_machine {
	const struct pc_machine_class	*mc;
	const struct pc_machine_params	*params;
	u64				below_4g_mem_size;
	u64				above_4g_mem_size;
	u64				device_memory_base;

	struct memory_region		system_memory;
	struct memory_region		pci_memory;
	struct memory_region		ram;		/* pc.ram */
	struct memory_region		*machine_ram;	/* what the aliases map */
	struct memory_region		ram_below_4g;
	struct memory_region		ram_above_4g;
	struct memory_region		bios;
	struct memory_region		isa_bios;
	struct memory_region		pc_rom;
	struct memory_region		vga;
	struct memory_region		device_memory;
	/* One per -object, as params->memdevs; those in use are built. */
	struct host_memory_backend	*memdevs;
	struct address_space		as_memory;
	bool				as_ready;

	struct e820_table		e820;
	struct ioport_bus		io;
	struct fw_cfg			fw_cfg;
	struct serial			serial;
	struct debug_exit		debug_exit;
	struct pci_host			pci_host;	/* i440FX or MCH: PAM */
};

/*
 * Build the machine from @p (kept by the caller until destroy), every
 * input checked, all but the e820 table.  @request_exit is what the
 * debug exit device calls.  On failure everything built so far is torn
 * down.
 */
int pc_machine_init(struct pc_machine *pcms, const struct pc_machine_params *p,
		    void (*request_exit)(void *, int), void *opaque);
/*
 * The e820 table and its fw_cfg file `etc/e820`, which depend on the
 * CPU the guest is shown, known once KVM is open:
 * whether its vendor is AMD (@cpu_amd) and its physical address width.
 * -errno with the message; pc_machine_destroy() cleans up either way.
 */
int pc_machine_init_e820(struct pc_machine *pcms, bool cpu_amd,
			 unsigned int cpu_phys_bits);
void pc_machine_destroy(struct pc_machine *pcms);
/* The memdev of params->memdevs[@i], or NULL when nothing uses it. */
struct host_memory_backend *pc_machine_memdev(struct pc_machine *pcms,
					      unsigned int i);
/*
 * Dirty logging (DIRTY_MEMORY_MIGRATION) on or off for every RAMBlock
 * of guest RAM: pc.ram, or each memdev in use.  From the thread that
 * changes the memory map (or under the vCPUs' I/O lock).
 */
void pc_machine_ram_set_log(struct pc_machine *pcms, bool log);

#endif
