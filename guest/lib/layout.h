/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUEST_LAYOUT_H
#define GUEST_LAYOUT_H

/*
 * Where a payload lives; shared by the boot stub, the linker script and C.
 *
 * ROM: the image is the whole BIOS and ends at 4 GiB.  64-bit code runs at
 * ROM_VBASE + its physical address (the top 2 GiB of the address space, so
 * that -mcmodel=kernel reaches it); the 16- and 32-bit boot code runs at its
 * physical address.
 *
 * Low RAM that the framework owns, [GUEST_OWN_START, GUEST_OWN_END):
 *   0x01000..0x0ffff  .data, .bss, .noinit   (at RAM_VBASE + PA)
 *   0x10000..0x17fff  stacks of the application processors, 4 KiB
 *                     each at 0x10000 + APIC id * 4 KiB (ids 1..7)
 *   0x18000..0x1ffff  the boot processor's stack (at RAM_VBASE + PA)
 *   0x20000..0x9ffff  page tables (PML4, two PDPTs, then page directories)
 * Page 0 and everything from 0xa0000 up are left to the probes.
 */

#ifdef __ASSEMBLER__
#define _UL(x)		x
#else
#define _UL(x)		x##UL
#endif

#define ROM_VBASE	_UL(0xffffffff00000000)	/* VA - PA for PA in [3G, 4G) */
#define RAM_VBASE	_UL(0xffffffff80000000)	/* VA - PA for PA in [0, 1G) */

#define GUEST_OWN_START	0x1000
#define GUEST_DATA_PA	0x1000
#define GUEST_DATA_END	0x10000
#define GUEST_AP_STACKS	0x10000
#define GUEST_MAX_CPUS	8
#define GUEST_STACK_PA	0x18000
#define GUEST_STACK_TOP	0x20000
#define PT_PML4		0x20000
#define PT_PDPT_LOW	0x21000		/* identity map, PML4[0] */
#define PT_PDPT_HIGH	0x22000		/* PML4[511]: RAM_VBASE, ROM_VBASE */
#define PT_PD_FIRST	0x23000		/* 2 MiB pages: PDs for GiB 0..3 */
#define PT_POOL_END	0xa0000		/* more PDs for RAM above 4 GiB */
#define GUEST_OWN_END	0xa0000

/*
 * The boot stub's 16/32-bit code and GDT; then the 16-byte reset vector.
 * Its first bytes are the application processors' entry: a start-up IPI
 * with vector AP_SIPI_VECTOR starts them at 0xff000, which the isa-bios
 * alias shows as BOOT_BASE.
 */
#define BOOT_BASE	0xfffff000
#define AP_SIPI_VECTOR	0xff
#define RESET_VECTOR	0xfffffff0

#define GDT_CS32	0x08
#define GDT_DS		0x10
#define GDT_CS64	0x18

#define PTE_P		0x001
#define PTE_W		0x002
#define PTE_PS		0x080

#endif
