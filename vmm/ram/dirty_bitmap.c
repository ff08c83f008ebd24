// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>

#include "ram/dirty_bitmap.h"
#include "util/bitmap.h"

int dirty_bitmap_init(struct dirty_bitmap *d, u64 nr_pages)
{
	d->nr_pages = nr_pages;
	d->bits = bitmap_new(nr_pages);
	return d->bits ? 0 : -ENOMEM;
}

void dirty_bitmap_destroy(struct dirty_bitmap *d)
{
	free(d->bits);
	d->bits = NULL;
	d->nr_pages = 0;
}

/* How many of @nr pages from @first lie inside the bitmap. */
static u64 dirty_bitmap_clip(const struct dirty_bitmap *d, u64 first, u64 nr)
{
	if (first >= d->nr_pages)
		return 0;
	return MIN(nr, d->nr_pages - first);
}

void dirty_bitmap_set_range(struct dirty_bitmap *d, u64 first, u64 nr)
{
	bitmap_set_range_atomic(d->bits, first, dirty_bitmap_clip(d, first, nr));
}

void dirty_bitmap_or(struct dirty_bitmap *d, u64 first,
		     const unsigned long *bits, u64 nr)
{
	bitmap_or_atomic(d->bits, first, bits, dirty_bitmap_clip(d, first, nr));
}

u64 dirty_bitmap_take(struct dirty_bitmap *d, u64 first, u64 nr,
		      unsigned long *out)
{
	u64 n = dirty_bitmap_clip(d, first, nr);

	if (n < nr)
		bitmap_clear_range(out, 0, nr);
	return n ? bitmap_take_atomic(d->bits, first, n, out) : 0;
}

bool dirty_bitmap_test(const struct dirty_bitmap *d, u64 page)
{
	return page < d->nr_pages && bitmap_test(d->bits, page);
}

u64 dirty_bitmap_count(const struct dirty_bitmap *d, u64 first, u64 nr)
{
	return bitmap_weight(d->bits, first, dirty_bitmap_clip(d, first, nr));
}
