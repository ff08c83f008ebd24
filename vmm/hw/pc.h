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
/* max-ram-below-4g is at most 4 GiB: -EINVAL with the reason. */
int pc_machine_check_max_ram_below_4g(u64 max_ram_below_4g);
/*
 * The rules across options, checked once everything is read and again
 * when the machine is built: maxmem and slots against -m, the NUMA
 * nodes (numa_check()).  -EINVAL with a message naming the option.
 */
int pc_machine_params_check(const struct pc_machine_params *p);

/*
 * Compute the RAM split below/above 4 GiB exactly as QEMU 7.2 does for
 * this machine type.  Prints QEMU's warning for a GiB-unaligned split.
 */
int pc_ram_split(const struct pc_machine_class *mc, u64 ram_size,
		 u64 max_ram_below_4g, u64 *below, u64 *above);

/*
 * The PC machine's memory: pc.ram (or a container of NUMA memdevs) seen
 * through ram-below-4g / ram-above-4g, the PCI space with the BIOS at the
 * top of 4 GiB, its isa-bios alias and pc.rom, the host bridge's PAM
 * segments over 0xc0000..0xfffff, the VGA window, the device-memory
 * window of maxmem; the e820 table and fw_cfg telling the guest about
 * it; the port devices.
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
	struct memory_region		ram_below_4g;
	struct memory_region		ram_above_4g;
	struct memory_region		bios;
	struct memory_region		isa_bios;
	struct memory_region		pc_rom;
	struct memory_region		vga;
	struct memory_region		device_memory;
	struct host_memory_backend	*memdevs;	/* one per NUMA node */
	unsigned int			nr_memdevs;
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
 * Build the whole machine from @p (kept by the caller until destroy).
 * @request_exit is what the debug exit device calls.  On failure
 * everything built so far is torn down.
 */
int pc_machine_init(struct pc_machine *pcms, const struct pc_machine_params *p,
		    void (*request_exit)(void *, int), void *opaque);
void pc_machine_destroy(struct pc_machine *pcms);

#endif
