// SPDX-License-Identifier: GPL-2.0
#include "e820.h"
#include "fw_cfg.h"
#include "ktap.h"
#include "memmap.h"
#include "paging.h"
#include "string.h"

static u8 hole_byte = 0xff;

int memmap_init(void)
{
	char buf[16];
	int64_t size = fw_cfg_read_file("opt/probe/unassigned", buf,
					sizeof(buf) - 1);

	if (size >= (int64_t)sizeof(buf))
		return -1;
	if (size >= 0) {
		while (size > 0 && (buf[size - 1] == '\n' ||
				    buf[size - 1] == '\r' ||
				    buf[size - 1] == ' '))
			size--;
		buf[size] = '\0';
		if (!strcmp(buf, "zeros"))
			hole_byte = 0x00;
		else if (strcmp(buf, "ones"))
			return -1;
	}
	ktap_diag("unassigned-expect %s", hole_byte ? "ones" : "zeros");
	return 0;
}

u8 unassigned_byte(void)
{
	return hole_byte;
}

u64 unassigned_value(unsigned int width)
{
	return hole_byte ? ~0ULL >> (64 - 8 * width) : 0;
}

u64 bios_start(void)
{
	return 4 * GiB - rom_size();
}

u64 isa_bios_start(void)
{
	return LOW_1M - MIN(rom_size(), ISA_BIOS_MAX);
}

static bool in(u64 pa, u64 start, u64 end)
{
	return pa >= start && pa < end;
}

enum mem_kind mem_kind(u64 pa)
{
	const struct e820_entry *e;

	if (in(pa, GUEST_OWN_START, GUEST_OWN_END))
		return MEM_OWN;
	if (in(pa, VGA_START, VGA_END))
		return MEM_VGA;
	if (in(pa, PC_ROM_START, PC_ROM_END) ||
	    in(pa, isa_bios_start(), LOW_1M) ||
	    in(pa, bios_start(), 4 * GiB))
		return MEM_ROM;
	if (in(pa, DEVICE_START, DEVICE_END))
		return MEM_DEVICE;
	if (pa >= paging_map_top())
		return MEM_UNMAPPED;
	e = e820_find(pa);
	if (e)
		return e->type == E820_RAM ? MEM_RAM : MEM_RESERVED;
	return MEM_HOLE;
}

const char *mem_kind_name(enum mem_kind kind)
{
	static const char *const names[] = {
		[MEM_RAM] = "ram",		[MEM_ROM] = "rom",
		[MEM_HOLE] = "hole",		[MEM_VGA] = "vga",
		[MEM_OWN] = "own",		[MEM_RESERVED] = "reserved",
		[MEM_DEVICE] = "device",	[MEM_UNMAPPED] = "unmapped",
	};

	return kind < ARRAY_SIZE(names) ? names[kind] : "?";
}

static void edge(u64 pa, u64 candidate, u64 *best)
{
	if (candidate > pa && candidate < *best)
		*best = candidate;
}

u64 mem_kind_end(u64 pa)
{
	u64 best = ~0ULL;
	unsigned int i;

	edge(pa, GUEST_OWN_START, &best);
	edge(pa, GUEST_OWN_END, &best);
	edge(pa, VGA_END, &best);
	edge(pa, PC_ROM_END, &best);
	edge(pa, isa_bios_start(), &best);
	edge(pa, LOW_1M, &best);
	edge(pa, DEVICE_START, &best);
	edge(pa, DEVICE_END, &best);
	edge(pa, bios_start(), &best);
	edge(pa, 4 * GiB, &best);
	edge(pa, paging_map_top(), &best);
	for (i = 0; i < e820_nr; i++) {
		edge(pa, e820_table[i].addr, &best);
		edge(pa, e820_table[i].addr + e820_table[i].len, &best);
	}
	return best;
}

void memmap_for_each_hole(u64 lo, u64 hi,
			  void (*fn)(u64 start, u64 end, void *arg), void *arg)
{
	u64 pa = lo, start = 0;
	bool open = false;

	while (pa < hi) {
		u64 end = MIN(mem_kind_end(pa), hi);
		bool hole = mem_kind(pa) == MEM_HOLE;

		if (hole && !open)
			start = pa;
		if (!hole && open)
			fn(start, pa, arg);
		open = hole;
		pa = end;
	}
	if (open)
		fn(start, hi, arg);
}
