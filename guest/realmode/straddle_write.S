/* SPDX-License-Identifier: GPL-2.0 */
/*
 * straddle-write.bin, 64 KiB: one dword store of 0x11223344 at 0x7fffe,
 * two bytes on each side of 0x80000 (where max-slot-size=512K ends the
 * first slot), then debug exit 0x10 (status 0x21).  Only this store
 * touches RAM: the test reads pc.ram's host bytes afterwards.
 */
#include "realmode.h"

#define EXIT_VALUE	0x10

	.code16
	.text
straddle_write:
	cli
	movw	$0x7fff, %ax
	movw	%ax, %es
	movl	$0x11223344, %es:0xe	/* 0x7fff0 + 0xe = 0x7fffe */
	debug_exit EXIT_VALUE

	reset_vector straddle_write
