/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gdt-accessed.bin, 64 KiB: the case of DESIGN.md's hosts, a segment
 * load from a descriptor whose accessed bit is clear, in a GDT that sits
 * in ROM (a KVM_MEM_READONLY slot).  The CPU sets the accessed bit of a
 * descriptor it loads, a write to ROM: real mode -> lgdt of the GDT
 * below -> protected mode through the code descriptor (accessed bit set)
 * -> mov of the data selector (type 0x92, accessed bit clear) to DS.  A
 * KVM that cannot write the bit may hang the vCPU there for good; one
 * that emulates the write drops it (ROM) and goes on.  Then the image
 * reads the descriptor's type byte back and exits with 0x10 (status
 * 0x21) when the bit is still clear, as ROM must be, 0x11 (0x23) when
 * the ROM was written.  No RAM, no stack.
 */
#include "realmode.h"

#define CODE_SEL	0x08
#define DATA_SEL	0x10
#define BIT_CLEAR	0x10
#define BIT_SET		0x11
#define LINEAR(x)	(0xffff0000 + (x))

	.code16
	.text
gdt_accessed:
	cli
	lgdtl	%cs:gdtr
	movl	%cr0, %eax
	orb	$1, %al
	movl	%eax, %cr0
	ljmpl	$CODE_SEL, $LINEAR(pm32)

	.code32
pm32:
	movw	$DATA_SEL, %ax
	movw	%ax, %ds		/* the load whose accessed bit is clear */
	movb	LINEAR(gdt + DATA_SEL + 5), %al
	testb	$1, %al
	movb	$BIT_CLEAR, %al
	jz	1f
	movb	$BIT_SET, %al
1:	outb	%al, $DEBUG_EXIT
2:	hlt
	jmp	2b

	.balign	8
gdt:
	.quad	0
	/* flat 4 GiB, 32-bit: code 0x9b (accessed), data 0x92 (not) */
	.quad	0x00cf9b000000ffff
	.quad	0x00cf92000000ffff
gdt_end:
gdtr:
	.word	gdt_end - gdt - 1
	.long	LINEAR(gdt)

	.code16
	reset_vector gdt_accessed
