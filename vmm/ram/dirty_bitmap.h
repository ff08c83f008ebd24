/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_RAM_DIRTY_BITMAP_H
#define VMM_RAM_DIRTY_BITMAP_H

#include "util/types.h"

/*
 * The unit of dirty logging: KVM's page on x86, QEMU's TARGET_PAGE_SIZE.
 * Host memory may come in larger pages; a dirty bit stays 4 KiB.
 */
#define DIRTY_PAGE_SHIFT	12
#define DIRTY_PAGE_SIZE		(1ULL << DIRTY_PAGE_SHIFT)

/*
 * Which pages of a RAMBlock changed since someone last took them: one
 * bit per page of the block's slice of the ram_addr space, bit 0 its
 * first page.  Producers set bits (an accelerator's log_sync, the VMM's
 * own writes into guest RAM); consumers take them (read and clear at
 * once).  The bitmap knows neither: it is a set of pages, safe to set
 * from any thread while another takes.
 */
struct dirty_bitmap {
	unsigned long	*bits;
	u64		nr_pages;
};

/* All clear; -ENOMEM. */
int dirty_bitmap_init(struct dirty_bitmap *d, u64 nr_pages);
void dirty_bitmap_destroy(struct dirty_bitmap *d);
/* Pages [first, first + nr), clipped to the bitmap. */
void dirty_bitmap_set_range(struct dirty_bitmap *d, u64 first, u64 nr);
/* OR @nr bits of @bits (bit 0: page @first) in, clipped to the bitmap. */
void dirty_bitmap_or(struct dirty_bitmap *d, u64 first,
		     const unsigned long *bits, u64 nr);
/*
 * Copy pages [first, first + nr) into @out (bit 0: page @first) and
 * clear them; returns how many were set.  A page set concurrently is
 * either in @out or still set afterwards.
 */
u64 dirty_bitmap_take(struct dirty_bitmap *d, u64 first, u64 nr,
		      unsigned long *out);
bool dirty_bitmap_test(const struct dirty_bitmap *d, u64 page);
u64 dirty_bitmap_count(const struct dirty_bitmap *d, u64 first, u64 nr);

#endif
