/* SPDX-License-Identifier: GPL-2.0 */
/*
 * From the reset vector to C: real mode, protected mode, long mode.
 *
 * The vCPU starts at CS base 0xffff0000, IP 0xfff0: the last 16 bytes of the
 * image.  Nothing here uses the isa-bios alias below 1 MiB (rom-probe looks
 * at it; only application processors start there, see ap16) nor RAM
 * before the page tables are built.  The GDT stays in ROM,
 * so every descriptor has its accessed bit set: a CPU (or KVM's emulator)
 * that had to set it would write to ROM, and some hosts hang on that.
 *
 * Page tables, built in low RAM: PML4[0] identity-maps [0, 4 GiB) with
 * 1 GiB pages when CPUID says pdpe1gb, 2 MiB pages otherwise;
 * PML4[511] maps RAM_VBASE -> PA 0 and ROM_VBASE + 3G -> PA 3G, sharing the
 * identity map's page directories.  C maps RAM above 4 GiB later.
 */
#include "layout.h"

#define X86_CR0_PE	0x00000001
#define X86_CR0_PG	0x80000000
#define X86_CR4_PAE	0x00000020
#define MSR_EFER	0xc0000080
#define EFER_LME	0x00000100
#define CPUID_GBPAGES	26		/* CPUID 0x80000001 EDX */
#define PDE_LARGE	(PTE_P | PTE_W | PTE_PS)
#define PDE_TABLE	(PTE_P | PTE_W)

/* CR3 to the page tables in place, PAE, EFER.LME, paging, then @target. */
.macro ENABLE_LONG_MODE target
	movl	$PT_PML4, %eax
	movl	%eax, %cr3
	movl	%cr4, %eax
	orl	$X86_CR4_PAE, %eax
	movl	%eax, %cr4
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME, %eax
	wrmsr
	movl	%cr0, %eax
	orl	$X86_CR0_PG, %eax
	movl	%eax, %cr0
	ljmpl	$GDT_CS64, $\target
.endm

	.section .boot, "ax"

	/*
	 * Application processors: SIPI vector 0xff starts them here, at CS
	 * base 0xff000, the isa-bios alias of this page (its one use, before
	 * any probe remaps it), with the BSP's page tables and GDT in place
	 * (lib/smp.c sends the SIPI).
	 */
	.code16
ap16:
	cli
	cld
	lgdtl	%cs:(gdt_ptr - BOOT_BASE)
	movl	%cr0, %eax
	orl	$X86_CR0_PE, %eax
	movl	%eax, %cr0
	ljmpl	$GDT_CS32, $ap32

	.code16
boot16:
	cli
	cld
	/* CS-relative: DS is 0 and nothing below 1 MiB may be needed yet. */
	lgdtl	%cs:(gdt_ptr - 0xffff0000)
	movl	%cr0, %eax
	orl	$X86_CR0_PE, %eax
	movl	%eax, %cr0
	ljmpl	$GDT_CS32, $boot32

	.code32
boot32:
	movl	$GDT_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs

	/* PML4 and both PDPTs start empty. */
	movl	$PT_PML4, %edi
	xorl	%eax, %eax
	movl	$(3 * 4096 / 4), %ecx
	rep stosl
	movl	$(PT_PDPT_LOW + PDE_TABLE), PT_PML4
	movl	$(PT_PDPT_HIGH + PDE_TABLE), PT_PML4 + 511 * 8

	movl	$0x80000000, %eax
	cpuid
	cmpl	$0x80000001, %eax
	jb	map_2m
	movl	$0x80000001, %eax
	cpuid
	btl	$CPUID_GBPAGES, %edx
	jnc	map_2m

	/* Four 1 GiB pages; the high half reuses GiB 0 and GiB 3. */
	movl	$PDE_LARGE, PT_PDPT_LOW
	movl	$(0x40000000 + PDE_LARGE), PT_PDPT_LOW + 8
	movl	$(0x80000000 + PDE_LARGE), PT_PDPT_LOW + 16
	movl	$(0xc0000000 + PDE_LARGE), PT_PDPT_LOW + 24
	movl	$PDE_LARGE, PT_PDPT_HIGH + 510 * 8
	movl	$(0xc0000000 + PDE_LARGE), PT_PDPT_HIGH + 511 * 8
	jmp	enable_paging

map_2m:
	/* 2048 PDEs in four consecutive page directories. */
	movl	$PT_PD_FIRST, %edi
	movl	$PDE_LARGE, %eax
	movl	$2048, %ecx
1:	movl	%eax, (%edi)
	movl	$0, 4(%edi)
	addl	$8, %edi
	addl	$0x200000, %eax
	decl	%ecx
	jnz	1b
	movl	$(PT_PD_FIRST + PDE_TABLE), PT_PDPT_LOW
	movl	$(PT_PD_FIRST + 0x1000 + PDE_TABLE), PT_PDPT_LOW + 8
	movl	$(PT_PD_FIRST + 0x2000 + PDE_TABLE), PT_PDPT_LOW + 16
	movl	$(PT_PD_FIRST + 0x3000 + PDE_TABLE), PT_PDPT_LOW + 24
	movl	$(PT_PD_FIRST + PDE_TABLE), PT_PDPT_HIGH + 510 * 8
	movl	$(PT_PD_FIRST + 0x3000 + PDE_TABLE), PT_PDPT_HIGH + 511 * 8

enable_paging:
	ENABLE_LONG_MODE boot64

	.code32
ap32:
	movl	$GDT_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	ENABLE_LONG_MODE ap64

	.code64
ap64:
	/* The initial APIC id picks the stack: ids 1..GUEST_MAX_CPUS-1. */
	movl	$1, %eax
	cpuid
	shrl	$24, %ebx
	cmpl	$GUEST_MAX_CPUS, %ebx
	jae	ap_park
	movl	%ebx, %eax
	shll	$12, %eax
	addl	$(GUEST_AP_STACKS + 0x1000), %eax
	movabsq	$RAM_VBASE, %rsp
	addq	%rax, %rsp
	movl	%ebx, %edi
	movabsq	$smp_ap_main, %rax
	callq	*%rax
ap_park:
	cli
	hlt
	jmp	ap_park

boot64:
	movabsq	$(RAM_VBASE + GUEST_STACK_TOP), %rsp
	/* .data from its ROM copy, .bss zeroed; .noinit is left as it is. */
	movabsq	$__data_load, %rsi
	movabsq	$__data_start, %rdi
	movabsq	$__data_end, %rcx
	subq	%rdi, %rcx
	shrq	$3, %rcx
	rep movsq
	movabsq	$__bss_start, %rdi
	movabsq	$__bss_end, %rcx
	subq	%rdi, %rcx
	shrq	$3, %rcx
	xorl	%eax, %eax
	rep stosq
	movabsq	$guest_start, %rax
	callq	*%rax
2:	hlt
	jmp	2b

	/* Accessed bits set: types 0x9b (code) and 0x93 (data). */
	.balign 8
gdt:
	.quad	0
	.quad	0x00cf9b000000ffff	/* GDT_CS32: 32-bit code, 4 GiB */
	.quad	0x00cf93000000ffff	/* GDT_DS: data, 4 GiB */
	.quad	0x00af9b000000ffff	/* GDT_CS64: 64-bit code */
gdt_end:
gdt_ptr:
	.word	gdt_end - gdt - 1
	.long	gdt

	.section .reset, "ax"
	.code16
	.globl	reset_vector
reset_vector:
	jmp	boot16
	.org	16, 0xf4
.section .note.GNU-stack, "", @progbits
