/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUEST_MEMMAP_H
#define GUEST_MEMMAP_H

#include "guest.h"

/*
 * What a probe expects at a physical address, from the e820 table, the
 * image's own size and the PC layout every VMM here shares.  Probes write
 * only to RAM, ROM and HOLE; the other kinds are reported and left alone.
 */
enum mem_kind {
	MEM_RAM,	/* e820 RAM: writes stick */
	MEM_ROM,	/* BIOS, isa-bios alias, pc.rom: reads stable, writes dropped */
	MEM_HOLE,	/* nothing there: reads all ones, writes dropped */
	MEM_VGA,	/* 0xa0000..0xbffff: VGA window or RAM, observed only */
	MEM_OWN,	/* the framework's low RAM (lib/layout.h) */
	MEM_RESERVED,	/* an e820 entry that is not RAM */
	MEM_DEVICE,	/* 0xfec00000..0xfeffffff: IOAPIC, HPET, LAPIC in QEMU */
	MEM_UNMAPPED,	/* at or above the identity map's end */
};

#define VGA_START	0xa0000ULL
#define VGA_END		0xc0000ULL
#define PC_ROM_START	0xc0000ULL
#define PC_ROM_END	0xe0000ULL
#define LOW_1M		0x100000ULL
#define DEVICE_START	0xfec00000ULL
#define DEVICE_END	0xff000000ULL
#define ISA_BIOS_MAX	(128 * KiB)

/*
 * What a read from a hole returns: all ones by default (PCI master abort,
 * our VMM); all zeros when fw_cfg opt/probe/unassigned says "zeros", which
 * is what QEMU 7.2 does (its unassigned_mem_read returns 0).  Prints
 * "unassigned-expect ones|zeros"; -1 on any other file content.
 */
int memmap_init(void);
u8 unassigned_byte(void);
u64 unassigned_value(unsigned int width);

enum mem_kind mem_kind(u64 pa);
const char *mem_kind_name(enum mem_kind kind);
/* The first address above pa where the kind may change. */
u64 mem_kind_end(u64 pa);
u64 bios_start(void);		/* 4 GiB - image size */
u64 isa_bios_start(void);	/* 1 MiB - min(image size, 128 KiB) */

/* Call fn for each maximal stretch of MEM_HOLE within [lo, hi). */
void memmap_for_each_hole(u64 lo, u64 hi,
			  void (*fn)(u64 start, u64 end, void *arg), void *arg);

#endif
