/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_MIGRATION_SNAPSHOT_RAM_H
#define VMM_MIGRATION_SNAPSHOT_RAM_H

#include "migration/snapshot.h"
#include "migration/snapshot_format.h"
#include "ram/ram_block.h"

/* The RAM side of a snapshot being written: blocks in file order. */
#define SNAPSHOT_MAX_BLOCKS	128

struct snapshot_ram {
	struct snapshot_writer	*w;
	struct ram_block	*blocks[SNAPSHOT_MAX_BLOCKS];
	unsigned int		nr;
	unsigned long		*bits[SNAPSHOT_MAX_BLOCKS]; /* the last take */
	struct snapshot_stats	*st;
	/*
	 * TEST ONLY (test_drop_page): the sum of what was last written of
	 * each page, so that the page left out is one whose content
	 * really changed since (else dropping it would prove nothing).
	 */
	bool			drop_next;
	u64			drop_from;
	u64			*sums[SNAPSHOT_MAX_BLOCKS];
};

/* Every RAMBlock, in ram_list order; -E2BIG, -ENOMEM. */
int snapshot_ram_init(struct snapshot_ram *r, struct snapshot_writer *w,
		      struct snapshot_stats *st);
void snapshot_ram_destroy(struct snapshot_ram *r);
/* The block table of the header. */
int snapshot_ram_write_table(struct snapshot_ram *r);
/* Every page of every block, as it is now. */
int snapshot_ram_write_all(struct snapshot_ram *r);
/*
 * Sync the dirty log and take every block's dirty pages (the vCPUs held
 * for that, or still held by the caller), then write them; their number
 * in @pages.
 */
int snapshot_ram_write_dirty(struct snapshot_ram *r, struct vmm *vmm,
			     u64 *pages);
/* TEST ONLY: keep the sums that test_drop_page needs; -ENOMEM. */
int snapshot_ram_track_sums(struct snapshot_ram *r);
/* Sync and drop every dirty bit (the start: everything is written). */
void snapshot_ram_reset_dirty(struct snapshot_ram *r, struct vmm *vmm);

#endif
