// SPDX-License-Identifier: GPL-2.0
/*
 * slot-probe: does a value written across a boundary between two memory
 * slots (or regions) read back intact?  Each boundary gets the accesses of
 * lib/straddle.h: a 16-byte value, 8 bytes on each side, then 8-, 4-, 2-
 * and 1-byte stores across it, checked against what each side should be
 * (RAM, ROM or a hole).  Boundaries: the PC's fixed ones, those of the e820
 * RAM entries and each GiB inside them (where a maximum slot size would
 * split), and those handed in through fw_cfg opt/probe/boundaries.  Last,
 * the host-side stamps of lib/stamps.h, whose list has the first and last
 * page of every slot.
 */
#include "e820.h"
#include "hexlist.h"
#include "ktap.h"
#include "memmap.h"
#include "paging.h"
#include "stamps.h"
#include "straddle.h"

GUEST_DESC("slot-probe", 4);

static struct hexlist boundaries __attribute__((section(".noinit")));

static bool check(u64 addr, unsigned int *n)
{
	(*n)++;
	return straddle_check("boundary", addr) != STRADDLE_FAIL;
}

/* 1: pc.rom | isa-bios, isa-bios | RAM at 1 MiB, the BIOS's ends. */
static void check_fixed(void)
{
	unsigned int n = 0;
	bool ok = true;

	if (isa_bios_start() != PC_ROM_END)
		ok &= check(PC_ROM_END, &n);	/* pc.rom | RAM */
	ok &= check(isa_bios_start(), &n);
	ok &= check(LOW_1M, &n);
	ok &= check(bios_start(), &n);
	ok &= check(4 * GiB, &n);
	ktap_diag("boundaries fixed %u", n);
	ktap_result(ok, "fixed-boundaries");
}

/* 2: each RAM entry's ends and every GiB inside it. */
static void check_ram_entries(void)
{
	unsigned int i, n = 0;
	bool ok = true;

	for (i = 0; i < e820_nr; i++) {
		const struct e820_entry *e = &e820_table[i];
		u64 end = e->addr + e->len, b;

		if (e->type != E820_RAM)
			continue;
		if (e->addr)
			ok &= check(e->addr, &n);
		for (b = ALIGN_UP(e->addr + 1, GiB); b < end; b += GiB)
			ok &= check(b, &n);
		if (end < paging_map_top())
			ok &= check(end, &n);
	}
	ktap_diag("boundaries e820 %u", n);
	ktap_result(ok, "ram-entry-boundaries");
}

/* 3: whatever the harness knows about: fw_cfg opt/probe/boundaries. */
static void check_handed_in(void)
{
	int r = hexlist_read("opt/probe/boundaries", &boundaries);
	unsigned int i, n = 0;
	bool ok = true;

	if (r < 0) {
		ktap_skip("no fw_cfg opt/probe/boundaries", "fw-cfg-boundaries");
		return;
	}
	if (r > 0) {
		ktap_diag("boundaries-bad-line %d", r);
		ktap_result(false, "fw-cfg-boundaries");
		return;
	}
	for (i = 0; i < boundaries.nr; i++)
		ok &= check(boundaries.addr[i], &n);
	ktap_diag("boundaries fw-cfg %u", n);
	ktap_result(ok, "fw-cfg-boundaries");
}

void guest_main(void)
{
	check_fixed();
	check_ram_entries();
	check_handed_in();
	stamps_case();		/* 4: last, nothing writes after it */
}
