/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_MEMORY_DIRTY_LOG_H
#define VMM_MEMORY_DIRTY_LOG_H

#include "memory/address_space.h"
#include "ram/ram_block.h"

/*
 * The consumers' side of dirty logging (QEMU's model, seed 002): a
 * consumer turns logging on for a region (memory_region_set_log()),
 * syncs (the listeners pull what their backends know into the RAMBlocks'
 * dirty bitmaps), then takes the bits of the pages it is about to read.
 * Call these from the thread that changes the memory map.
 */

/* log_sync every range of @as (log_sync_global once per listener). */
void address_space_sync_dirty_bitmap(struct address_space *as);
/* The same for every address space. */
void memory_global_dirty_log_sync(void);
/* log_sync only the ranges showing @mr (log_sync_global in full). */
void memory_region_sync_dirty_bitmap(struct memory_region *mr);

/*
 * Take the dirty bits of [offset, offset + len) of @block (whole dirty
 * pages): copy them into @bits (bit 0: the page at @offset), clear them,
 * then have the listeners re-arm logging for what they had reported
 * there (log_clear), before returning: read the pages' contents after
 * this call, and a write that comes later is in the next sync.  Returns
 * the number of dirty pages taken.
 */
u64 memory_dirty_take(struct ram_block *block, u64 offset, u64 len,
		      unsigned long *bits);

#endif
