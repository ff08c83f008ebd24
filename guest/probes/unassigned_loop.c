// SPDX-License-Identifier: GPL-2.0
/*
 * unassigned-loop: UNASSIGNED_READS 8-byte reads, in a tight loop, of
 * the first hole above 1 MiB (nothing mapped: each read is an MMIO exit
 * with no device behind it), each of which must return the unassigned
 * value (lib/memmap.h).  The VMM must come through all of them and count
 * each (vmm --stats unassigned-reads: exactly UNASSIGNED_READS).
 */
#include "io.h"
#include "ktap.h"
#include "memmap.h"

GUEST_DESC("unassigned-loop", 1);

#define UNASSIGNED_READS	20000

static void first_hole(u64 start, u64 end, void *arg)
{
	u64 *first = arg;

	(void)end;
	if (!*first)
		*first = start;
}

void guest_main(void)
{
	unsigned int i, bad = 0;
	u64 hole = 0;

	memmap_for_each_hole(LOW_1M, 4 * GiB, first_hole, &hole);
	if (!hole) {
		ktap_skip("no hole mapped", "unassigned-reads");
		return;
	}
	ktap_diag("unassigned-loop 0x%016llx reads %u", hole,
		  UNASSIGNED_READS);
	for (i = 0; i < UNASSIGNED_READS; i++)
		bad += mmio_read(hole + 8 * (i & 63), 8) != unassigned_value(8);
	ktap_diag("unassigned-loop bad %u", bad);
	ktap_result(!bad, "unassigned-reads");
}
