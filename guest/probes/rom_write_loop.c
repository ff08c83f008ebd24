// SPDX-License-Identifier: GPL-2.0
/*
 * rom-write-loop: ROM_WRITES 8-byte stores, in a tight loop, to a word
 * of the image's own ROM (the BIOS below 4 GiB, a readonly slot: each
 * store is an MMIO exit the VMM drops and counts), alternating two
 * values; then the word must still hold what the image put there.  The
 * VMM must come through all of them and count each (vmm --stats
 * rom-writes-dropped: exactly ROM_WRITES, no other store of this image
 * goes to ROM).
 */
#include "ktap.h"

GUEST_DESC("rom-write-loop", 1);

#define ROM_WRITES	20000
#define ROM_WORD	0x524f4d574f524400ULL	/* "ROMWORD" */

/* In .rodata, in ROM: never written by the image itself. */
static const u64 rom_word = ROM_WORD;

void guest_main(void)
{
	volatile u64 *p = phys_ptr(virt_to_phys(&rom_word));
	unsigned int i;
	u64 got;

	ktap_diag("rom-write-loop 0x%016llx writes %u", virt_to_phys(p),
		  ROM_WRITES);
	for (i = 0; i < ROM_WRITES; i++)
		*p = i & 1 ? ~ROM_WORD : 0;
	got = *p;
	ktap_diag("rom-word 0x%llx", got);
	ktap_result(got == ROM_WORD, "rom-writes-dropped");
}
