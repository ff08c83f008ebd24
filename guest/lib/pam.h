/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUEST_PAM_H
#define GUEST_PAM_H

#include "guest.h"

/*
 * The host bridge's PAM registers and what each segment of
 * 0xc0000..0xfffff must read in each mode (docs/pam.md): segment 0 is
 * 0xf0000..0xfffff (PAM0 bits 5:4), segments 1..12 the 16 KiB pieces
 * from 0xc0000 up (PAM1 bits 1:0, PAM1 bits 5:4, PAM2 bits 1:0, ...).
 *
 * The model: mode 0 reads the ROM behind the segment (pc.rom, or the
 * BIOS's isa-bios window), as snapshot at the start; modes 1 and 3 read
 * the RAM behind it, which holds the pattern of the last generation
 * written (in mode 2 or 3); mode 2 is only written (QEMU reads RAM there,
 * the chipset ROM: the probe never looks).  Each segment is sampled at
 * the first and last 8 bytes of each of its 4 KiB pages.
 *
 * Several processors may use this at once if each owns the segments of
 * its own PAM registers: the model is per register and per segment, and
 * only the boot processor prints.
 */
#define PAM_SEGMENTS	13
#define PAM_MAX_WORDS	32		/* segment 0: 16 pages */

enum pam_mode {
	PAM_PCI,	/* 0: ROM (PCI) */
	PAM_RO,		/* 1: reads RAM, writes dropped */
	PAM_WO,		/* 2: writes RAM */
	PAM_RW,		/* 3: RAM */
};

/*
 * Find the host bridge (i440FX: PAM0 at 0x59, Q35 MCH: 0x90), check
 * that every PAM register reads 0 (its reset value) and snapshot the
 * ROM of every segment; prints "pci-host ...".  False when the bridge is
 * unknown or a register is not 0.
 */
bool pam_init(void);
u64 pam_seg_start(unsigned int seg);
/* Which PAM register (0..6) holds @seg's mode. */
unsigned int pam_seg_register(unsigned int seg);
u64 pam_seg_size(unsigned int seg);
enum pam_mode pam_mode(unsigned int seg);
const char *pam_mode_name(enum pam_mode mode);
/*
 * Program @seg's mode (one register byte: one transaction) and read the
 * register back; false, with a line, when it does not read as written.
 */
bool pam_set(unsigned int seg, enum pam_mode mode);
/* Every segment: seven register writes. */
bool pam_set_all(enum pam_mode mode);
/*
 * Read @seg's samples and compare them with the model for its mode;
 * false, with "pam-fail" lines (16 at most per run), on a mismatch.
 * @step names the caller's step in those lines.
 */
bool pam_check(unsigned int seg, const char *step);
/* Write a new generation of the pattern into @seg's RAM (mode 2 or 3). */
void pam_fill(unsigned int seg);
/*
 * A store of the complement into @seg's first sample, a read, and a
 * store of what was there: true when the first store was dropped (mode
 * 0, and mode 1 on the chipset).
 */
bool pam_write_dropped(unsigned int seg);
/* How many stores pam_write_dropped() made: each an exit if dropped. */
unsigned int pam_stores(void);

#endif
