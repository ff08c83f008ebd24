// SPDX-License-Identifier: GPL-2.0
/*
 * vmm: until the PC machine lands, build a sample topology in the shape of
 * QEMU's `-M pc -m 128M` (pc.ram behind two aliases, a PCI container at
 * priority -1 holding pc.rom, the BIOS and its isa-bios alias, the VGA
 * window as I/O) and print its tree, flat view and RAM blocks.
 */
#include <stdio.h>
#include <stdlib.h>

#include "memory/mtree.h"
#include "util/error.h"

static struct memory_region system_memory, pci_memory, ram, ram_below_4g;
static struct memory_region bios, isa_bios, pc_rom, vga;
static struct address_space as_memory;

static int build_sample(void)
{
	const u64 ram_size = 128 * MiB, bios_size = 256 * KiB;
	int ret;

	memory_region_init(&system_memory, "system", U128_2_64);
	memory_region_init(&pci_memory, "pci", U128_2_64);
	ret = memory_region_init_ram(&ram, "pc.ram", ram_size);
	if (!ret)
		ret = memory_region_init_rom(&bios, "pc.bios", bios_size);
	if (!ret)
		ret = memory_region_init_rom(&pc_rom, "pc.rom", 128 * KiB);
	if (ret)
		return ret;
	memory_region_init_alias(&ram_below_4g, "ram-below-4g", &ram, 0,
				 ram_size);
	memory_region_init_alias(&isa_bios, "isa-bios", &bios,
				 bios_size - 128 * KiB, 128 * KiB);
	memory_region_set_readonly(&isa_bios, true);
	memory_region_init_io(&vga, "vga-lowmem", 128 * KiB, NULL, NULL);

	ret = address_space_init(&as_memory, &system_memory, "memory");
	if (ret)
		return ret;
	memory_region_transaction_begin();
	memory_region_add_subregion(&system_memory, 0, &ram_below_4g);
	memory_region_add_subregion_overlap(&system_memory, 0, &pci_memory,
					    -1);
	memory_region_add_subregion_overlap(&pci_memory, 0xc0000, &pc_rom, 1);
	memory_region_add_subregion_overlap(&pci_memory, 0x100000 - 128 * KiB,
					    &isa_bios, 1);
	memory_region_add_subregion(&pci_memory, (1ULL << 32) - bios_size,
				    &bios);
	memory_region_add_subregion_overlap(&system_memory, 0xa0000, &vga, 1);
	memory_region_transaction_commit();
	return 0;
}

int main(void)
{
	if (build_sample()) {
		fprintf(stderr, "vmm: %s\n", error_get());
		return 1;
	}
	mtree_print(stdout);
	mtree_print_flatviews(stdout, NULL);
	ram_block_print(stdout);
	return 0;
}
