/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_MEMORY_FLATVIEW_H
#define VMM_MEMORY_FLATVIEW_H

#include "memory/memory_region.h"

/*
 * One piece of the flattened address space: [addr, addr + size) shows
 * @mr from @offset_in_region on.  Attributes are those in force there:
 * readonly is inherited from every alias and container on the path.
 */
struct flat_range {
	hwaddr			addr;
	u128			size;
	struct memory_region	*mr;
	u64			offset_in_region;
	bool			readonly;
	bool			romd_mode;
	u8			dirty_log_mask;
};

/* Sorted, disjoint ranges covering what the root shows (holes omitted). */
struct flatview {
	struct flat_range	*ranges;
	unsigned int		nr;
	unsigned int		nr_alloc;
	struct memory_region	*root;
};

/*
 * Render @root: O(n log n) in the number of leaf regions it reaches.
 * Returns NULL on allocation failure.
 */
struct flatview *flatview_render(struct memory_region *root);
void flatview_free(struct flatview *fv);
/* Merge neighbours that continue the same region with equal attributes. */
void flatview_simplify(struct flatview *fv);
/* Index of the first range starting above @addr (fv->nr: none). */
unsigned int flatview_first_above(const struct flatview *fv, hwaddr addr);
/* The range containing @addr, or NULL for a hole. */
const struct flat_range *flatview_lookup(const struct flatview *fv,
					 hwaddr addr);

static inline u128 flat_range_end(const struct flat_range *fr)
{
	return (u128)fr->addr + fr->size;
}

/* Same mapping and attributes, dirty-log mask aside. */
bool flat_range_equal(const struct flat_range *a, const struct flat_range *b);

/* An empty view may have no array at all: no arithmetic on NULL. */
#define flatview_for_each_range(fr, fv) \
	for (fr = (fv)->ranges; fr && fr < (fv)->ranges + (fv)->nr; fr++)

#endif
