/* SPDX-License-Identifier: GPL-2.0 */
/*
 * straddle-write.bin, 64 KiB: one dword store of 0x11223344 at 0x7fffe,
 * two bytes on each side of 0x80000 (where max-slot-size=512K ends the
 * first slot), then debug exit 0x10 (status 0x21).  Only this store
 * touches RAM: the test reads pc.ram's host bytes afterwards.
 */
#define DEBUG_EXIT	0xf4
#define EXIT_VALUE	0x10

	.code16
	.text
straddle_write:
	cli
	movw	$0x7fff, %ax
	movw	%ax, %es
	movl	$0x11223344, %es:0xe	/* 0x7fff0 + 0xe = 0x7fffe */
	movb	$EXIT_VALUE, %al
	outb	%al, $DEBUG_EXIT
halt:
	hlt
	jmp	halt

	.section .reset, "ax"
	.globl	reset_vector
reset_vector:
	jmp	straddle_write
	.org	16, 0xf4

	.section .note.GNU-stack, "", @progbits
