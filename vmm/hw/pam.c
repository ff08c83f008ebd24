// SPDX-License-Identifier: GPL-2.0
#include "hw/pam.h"

/* QEMU's names, so that `info mtree` reads the same (mode 2 too). */
static const char *const pam_alias_names[PAM_MODE__NR] = {
	[PAM_MODE_PCI] = "pam-pci",
	[PAM_MODE_RO] = "pam-rom",
	[PAM_MODE_WO] = "pam-pci",
	[PAM_MODE_RW] = "pam-ram",
};

hwaddr pam_segment_start(unsigned int seg)
{
	return seg ? PAM_EXPAN_BASE + (seg - 1) * PAM_EXPAN_SIZE :
		     PAM_BIOS_BASE;
}

u64 pam_segment_size(unsigned int seg)
{
	return seg ? PAM_EXPAN_SIZE : PAM_BIOS_SIZE;
}

unsigned int pam_segment_register(unsigned int seg)
{
	return (seg + 1) / 2;
}

enum pam_mode pam_segment_mode(unsigned int seg, u8 reg)
{
	/* Odd segments take the low nibble, even ones (and 0) the high. */
	return (enum pam_mode)((seg & 1 ? reg : reg >> 4) & 3);
}

void pam_init(struct pam_memory_region *pam, struct memory_region *ram,
	      struct memory_region *system, struct memory_region *pci,
	      hwaddr start, u64 size)
{
	unsigned int m;

	memory_region_transaction_begin();
	for (m = 0; m < PAM_MODE__NR; m++) {
		struct memory_region *a = &pam->alias[m];

		memory_region_init_alias(a, pam_alias_names[m],
					 m == PAM_MODE_PCI ? pci : ram, start,
					 size);
		if (m == PAM_MODE_RO)
			memory_region_set_readonly(a, true);
		memory_region_set_enabled(a, m == PAM_MODE_PCI);
		memory_region_add_subregion_overlap(system, start, a, 1);
	}
	pam->current = PAM_MODE_PCI;
	memory_region_transaction_commit();
}

void pam_update(struct pam_memory_region *pam, enum pam_mode mode)
{
	memory_region_transaction_begin();
	memory_region_set_enabled(&pam->alias[pam->current], false);
	pam->current = mode;
	memory_region_set_enabled(&pam->alias[mode], true);
	memory_region_transaction_commit();
}

void pam_unmap(struct pam_memory_region *pam, struct memory_region *system)
{
	unsigned int m;

	for (m = 0; m < PAM_MODE__NR; m++)
		memory_region_del_subregion(system, &pam->alias[m]);
}

void pam_finalize(struct pam_memory_region *pam)
{
	unsigned int m;

	for (m = 0; m < PAM_MODE__NR; m++)
		memory_region_finalize(&pam->alias[m]);
}
