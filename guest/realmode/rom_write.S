/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rom-write.bin, 128 KiB: one byte store to each ROM of the PC below and
 * at 4 GiB, then debug exit 0x10 (status 0x21).  pc.rom at 0xc0010, the
 * isa-bios alias at 0xe0010 (a 128 KiB BIOS is aliased whole there), the
 * BIOS itself at 0xffff0010 through CS.  Each store must be dropped: the
 * bytes stay 0xf4 (realmode.ld) and pc.rom's stay 0.
 */
#include "realmode.h"

#define EXIT_VALUE	0x10
#define STORE		0x55

	.code16
	.text
rom_write:
	cli
	movw	$0xc000, %ax		/* pc.rom */
	movw	%ax, %ds
	movb	$STORE, 0x10
	movw	$0xe000, %ax		/* isa-bios */
	movw	%ax, %ds
	movb	$STORE, 0x10
	movb	$STORE, %cs:0x10	/* the BIOS at 0xffff0010 */
	debug_exit EXIT_VALUE

	reset_vector rom_write
