// SPDX-License-Identifier: GPL-2.0
#include "e820.h"
#include "io.h"
#include "paging.h"

#define PDE_LARGE	(PTE_P | PTE_W | PTE_PS)
#define PDE_TABLE	(PTE_P | PTE_W)

static bool gbpages;
static unsigned int phys_bits;
static u64 map_top = 4 * GiB;
static u64 next_pd;

static void paging_probe_cpu(void)
{
	u32 a, b, c, d, max;

	cpuid(0x80000000, &max, &b, &c, &d);
	phys_bits = 36;
	if (max >= 0x80000001) {
		cpuid(0x80000001, &a, &b, &c, &d);
		gbpages = d & (1u << 26);
	}
	if (max >= 0x80000008) {
		cpuid(0x80000008, &a, &b, &c, &d);
		phys_bits = a & 0xff;
	}
}

/* Identity-map one GiB: one PDPTE, or a fresh PD of 512 2 MiB pages. */
static int paging_map_gib(u64 gib)
{
	volatile u64 *pdpt = phys_ptr(PT_PDPT_LOW);
	volatile u64 *pd;
	u64 base = gib * GiB;
	unsigned int i;

	if (gbpages) {
		pdpt[gib] = base | PDE_LARGE;
		return 0;
	}
	if (next_pd + 4096 > PT_POOL_END)
		return -1;
	pd = phys_ptr(next_pd);
	for (i = 0; i < 512; i++)
		pd[i] = (base + i * 2 * MiB) | PDE_LARGE;
	pdpt[gib] = next_pd | PDE_TABLE;
	next_pd += 4096;
	return 0;
}

u64 paging_init(void)
{
	u64 want, gib;

	paging_probe_cpu();
	next_pd = gbpages ? PT_PD_FIRST : PT_PD_FIRST + 4 * 4096;
	want = MAX(4 * GiB, ALIGN_UP(e820_ram_top(), GiB)) + PAGING_GUARD;
	if (phys_bits < 64)
		want = MIN(want, 1ULL << phys_bits);
	/* One PDPT: 512 GiB is as far as this goes. */
	want = MIN(want, 512 * GiB);
	for (gib = 4; gib * GiB < want; gib++) {
		if (paging_map_gib(gib))
			break;
		map_top = (gib + 1) * GiB;
	}
	asm volatile("mov %%cr3, %%rax; mov %%rax, %%cr3" ::: "rax", "memory");
	return map_top;
}

u64 paging_map_top(void)
{
	return map_top;
}

bool paging_gbpages(void)
{
	return gbpages;
}

unsigned int paging_phys_bits(void)
{
	return phys_bits;
}
