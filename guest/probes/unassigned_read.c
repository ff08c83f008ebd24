// SPDX-License-Identifier: GPL-2.0
/*
 * unassigned-read: reads of 1, 2, 4 and 8 bytes (aligned and not) from
 * addresses where nothing is mapped, the first hole above low RAM and the
 * first above all RAM, then a write there and a read back.  Each read must
 * return the unassigned value (lib/memmap.h) and the VMM must carry on:
 * the reads are MMIO exits with no device behind them.
 */
#include "io.h"
#include "ktap.h"
#include "memmap.h"
#include "e820.h"
#include "paging.h"

GUEST_DESC("unassigned-read", 3);

static const struct {
	u8	off;
	u8	width;
} reads[] = {
	{ 0, 1 }, { 0, 2 }, { 0, 4 }, { 0, 8 }, { 0x11, 2 }, { 0x13, 4 },
	{ 0x1d, 8 },
};

static void first_hole(u64 start, u64 end, void *arg)
{
	u64 *first = arg;

	(void)end;
	if (!*first)
		*first = start;
}

static bool read_all(u64 base)
{
	bool ok = true;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(reads); i++) {
		u64 pa = base + reads[i].off;
		u64 v = mmio_read(pa, reads[i].width);
		bool good = v == unassigned_value(reads[i].width);

		ktap_diag("unassigned 0x%016llx width %u value 0x%llx %s", pa,
			  reads[i].width, v, good ? "ok" : "fail");
		ok &= good;
	}
	return ok;
}

static void check_hole(const char *name, u64 lo, u64 hi, u64 *where)
{
	*where = 0;
	memmap_for_each_hole(lo, hi, first_hole, where);
	if (!*where) {
		ktap_skip("no hole mapped", "%s", name);
		return;
	}
	ktap_result(read_all(*where), "%s", name);
}

void guest_main(void)
{
	u64 top = MAX(4 * GiB, e820_ram_top()), below, above, v;

	check_hole("read-below-4g", LOW_1M, 4 * GiB, &below);
	check_hole("read-above-ram", top, paging_map_top(), &above);

	if (!below) {
		ktap_skip("no hole mapped", "write-then-read");
		return;
	}
	mmio_write(below + 0x40, 8, 0x0123456789abcdefULL);
	v = mmio_read(below + 0x40, 8);
	ktap_diag("unassigned-write 0x%016llx value 0x%llx", below + 0x40, v);
	ktap_result(v == unassigned_value(8), "write-then-read");
}
