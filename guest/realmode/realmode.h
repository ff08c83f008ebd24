/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every program of realmode.ld ends with: a debug exit (status
 * (value << 1) | 1, as under QEMU), then hlt for good; and its reset
 * vector, the 16 bytes at CS:0xfff0 that jump to the program.
 */
#ifndef GUEST_REALMODE_H
#define GUEST_REALMODE_H

#define DEBUG_EXIT	0xf4

.macro	debug_exit value
	movb	$\value, %al
	outb	%al, $DEBUG_EXIT
1:	hlt
	jmp	1b
.endm

.macro	reset_vector entry
	.section .reset, "ax"
	.globl	reset_vector
reset_vector:
	jmp	\entry
	.org	16, 0xf4
	.section .note.GNU-stack, "", @progbits
.endm

#endif
