/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_UTIL_IDSET_H
#define VMM_UTIL_IDSET_H

#include <stddef.h>

#include "util/types.h"

/*
 * A set of small ids (CPUs, NUMA nodes), parsed once from the lists QEMU
 * writes ("0-1,3", or one item per repeated key) and then only tested:
 * nothing below the command line sees the text again.
 */
#define IDSET_MAX	256

struct idset {
	u64	bits[IDSET_MAX / 64];
};

/*
 * Add "N" or "A-B" (decimal, A <= B <= @max) to @set.  -EINVAL, with the
 * set unchanged, for anything else.
 */
int idset_parse_range(struct idset *set, const char *str, unsigned int max);

/* Add one id (ids from IDSET_MAX on are ignored). */
void idset_add(struct idset *set, unsigned int id);

static inline bool idset_test(const struct idset *set, unsigned int id)
{
	return id < IDSET_MAX && (set->bits[id / 64] >> (id % 64)) & 1;
}

bool idset_empty(const struct idset *set);
/* The highest id in a non-empty set. */
unsigned int idset_last(const struct idset *set);
/* "0-1,3": runs as A-B, ascending; "" for the empty set.  Returns @buf. */
const char *idset_format(const struct idset *set, char *buf, size_t len);

#endif
