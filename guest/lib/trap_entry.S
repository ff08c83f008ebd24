/* SPDX-License-Identifier: GPL-2.0 */
/* One stub per exception vector: push a uniform frame, call trap_handler. */

/* Vectors for which the CPU pushes an error code itself. */
.macro trap_stub n
trap_stub_\n:
	.if (\n == 8) || ((\n >= 10) && (\n <= 14)) || (\n == 17) || (\n == 21) || (\n == 29) || (\n == 30)
	.else
	pushq	$0
	.endif
	pushq	$\n
	jmp	trap_common
.endm

	.text
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	trap_stub \n
	.endr

trap_common:
	movq	%rsp, %rdi
	andq	$-16, %rsp
	call	trap_handler
1:	hlt
	jmp	1b

	.section .rodata
	.balign 8
	.globl	trap_stubs
trap_stubs:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.quad	trap_stub_\n
	.endr

	.section .note.GNU-stack, "", @progbits
