// SPDX-License-Identifier: GPL-2.0
#include "memory/dirty_log.h"

void address_space_sync_dirty_bitmap(struct address_space *as)
{
	struct memory_region_section s;
	const struct flat_range *fr;
	struct memory_listener *l;

	list_for_each_entry(l, &as->listeners, link) {
		if (l->log_sync_global) {
			l->log_sync_global(l);
			continue;
		}
		if (!l->log_sync)
			continue;
		flatview_for_each_range(fr, as->current_map) {
			address_space_section(&s, as, fr);
			l->log_sync(l, &s);
		}
	}
}

void memory_global_dirty_log_sync(void)
{
	struct address_space *as;

	address_spaces_for_each(as)
		address_space_sync_dirty_bitmap(as);
}

void memory_region_sync_dirty_bitmap(struct memory_region *mr)
{
	struct memory_region_section s;
	const struct flat_range *fr;
	struct memory_listener *l;
	struct address_space *as;

	address_spaces_for_each(as) {
		list_for_each_entry(l, &as->listeners, link) {
			if (l->log_sync_global) {
				l->log_sync_global(l);
				continue;
			}
			flatview_for_each_range(fr, as->current_map) {
				if (fr->mr != mr || !l->log_sync)
					continue;
				address_space_section(&s, as, fr);
				l->log_sync(l, &s);
			}
		}
	}
}

/*
 * The part of flat range @fr that shows [offset, end) of @block, as a
 * section; false when it shows none of it.  A flat range's region is a
 * leaf, whose offsets are its RAMBlock's.
 */
static bool section_of_block_range(struct memory_region_section *s,
				   struct address_space *as,
				   const struct flat_range *fr,
				   const struct ram_block *block,
				   u64 offset, u64 end)
{
	u128 fr_end = (u128)fr->offset_in_region + fr->size;
	u64 from, to;

	if (memory_region_get_ram_block(fr->mr) != block ||
	    fr->offset_in_region >= end || fr_end <= offset)
		return false;
	from = MAX(offset, fr->offset_in_region);
	to = (u64)MIN((u128)end, fr_end);
	address_space_section(s, as, fr);
	s->offset_within_address_space = fr->addr +
					 (from - fr->offset_in_region);
	s->offset_within_region = from;
	s->size = to - from;
	return true;
}

/* Every listener's log_clear for every range showing the pages. */
static void memory_dirty_log_clear(struct ram_block *block, u64 offset,
				   u64 len)
{
	struct memory_region_section s;
	const struct flat_range *fr;
	struct memory_listener *l;
	struct address_space *as;

	address_spaces_for_each(as) {
		flatview_for_each_range(fr, as->current_map) {
			if (!section_of_block_range(&s, as, fr, block, offset,
						    offset + len))
				continue;
			list_for_each_entry(l, &as->listeners, link)
				if (l->log_clear)
					l->log_clear(l, &s);
		}
	}
}

u64 memory_dirty_take(struct ram_block *block, u64 offset, u64 len,
		      unsigned long *bits)
{
	u64 first = offset >> DIRTY_PAGE_SHIFT;
	u64 end = (offset + len + DIRTY_PAGE_SIZE - 1) >> DIRTY_PAGE_SHIFT;
	u64 count = dirty_bitmap_take(&block->dirty, first, end - first, bits);

	memory_dirty_log_clear(block, first << DIRTY_PAGE_SHIFT,
			       (end - first) << DIRTY_PAGE_SHIFT);
	return count;
}
