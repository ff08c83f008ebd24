/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_HW_PAM_H
#define VMM_HW_PAM_H

#include "memory/memory_region.h"

/*
 * The Programmable Attribute Map of the i440FX and Q35 host bridges: the
 * shadow-RAM switch of each segment of 0xc0000..0xfffff (docs/pam.md).
 * A segment is four aliases over the same range, one per mode, of which
 * exactly one is enabled: QEMU's model (hw/pci-host/pam.c), so that a
 * mode change is a plain enable/disable inside one transaction and the
 * flat view, and so the KVM slots, follow.
 */
enum pam_mode {
	PAM_MODE_PCI,		/* 0: reads and writes go to PCI (ROM) */
	PAM_MODE_RO,		/* 1 (RE): reads RAM, writes dropped */
	PAM_MODE_WO,		/* 2 (WE): RAM, as QEMU does (docs/pam.md) */
	PAM_MODE_RW,		/* 3: RAM */
	PAM_MODE__NR,
};

#define PAM_SEGMENTS		13
#define PAM_BIOS_BASE		0xf0000ULL	/* segment 0: 64 KiB */
#define PAM_BIOS_SIZE		0x10000ULL
#define PAM_EXPAN_BASE		0xc0000ULL	/* segments 1..12: 16 KiB */
#define PAM_EXPAN_SIZE		0x4000ULL

struct pam_memory_region {
	struct memory_region	alias[PAM_MODE__NR];
	enum pam_mode		current;
};

/* Where segment @seg lies and its size. */
hwaddr pam_segment_start(unsigned int seg);
u64 pam_segment_size(unsigned int seg);
/*
 * The mode register byte @reg gives segment @seg: PAM0's high nibble
 * holds segment 0, then each register holds two segments, low nibble
 * first; bits 1:0 of a nibble are RE and WE.
 */
enum pam_mode pam_segment_mode(unsigned int seg, u8 reg);
/* Which PAM register (0..6) holds segment @seg. */
unsigned int pam_segment_register(unsigned int seg);

/*
 * The four aliases of [start, start + size): to @pci for mode 0, to
 * @ram (readonly for mode 1) otherwise, mapped over @system at priority
 * 1, mode 0 enabled.  Call inside a transaction or not.
 */
void pam_init(struct pam_memory_region *pam, struct memory_region *ram,
	      struct memory_region *system, struct memory_region *pci,
	      hwaddr start, u64 size);
/* Switch to @mode: one alias off, one on (a transaction, if outside one). */
void pam_update(struct pam_memory_region *pam, enum pam_mode mode);
void pam_unmap(struct pam_memory_region *pam, struct memory_region *system);
void pam_finalize(struct pam_memory_region *pam);

#endif
