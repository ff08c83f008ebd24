/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The minimal boot test: from the reset vector, still in real mode and
 * without touching RAM, write "hello\n" to COM1 and exit through the debug
 * port with 0x10 (status 0x21: distinct from the 1 of a VMM or QEMU that
 * fails to start).  Only ROM fetches and port I/O: no stack, no data
 * segment, no mode switch.
 */
#define COM1_THR	0x3f8
#define COM1_LSR	0x3fd
#define LSR_THRE	0x20
#define DEBUG_EXIT	0xf4
#define HELLO_EXIT	0x10

	.code16
	.text
hello:
	cli
	movw	$message, %si
next:
	movb	%cs:(%si), %bl
	testb	%bl, %bl
	jz	done
	movw	$COM1_LSR, %dx
wait:
	inb	%dx, %al
	testb	$LSR_THRE, %al
	jz	wait
	movb	%bl, %al
	movw	$COM1_THR, %dx
	outb	%al, %dx
	incw	%si
	jmp	next
done:
	movl	$HELLO_EXIT, %eax
	movw	$DEBUG_EXIT, %dx
	outl	%eax, %dx
halt:
	hlt
	jmp	halt

message:
	.asciz	"hello\n"

	.section .reset, "ax"
	.globl	reset_vector
reset_vector:
	jmp	hello
	.org	16, 0xf4

	.section .note.GNU-stack, "", @progbits
