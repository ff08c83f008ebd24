/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_BACKENDS_HUGETLB_H
#define VMM_BACKENDS_HUGETLB_H

#include <stddef.h>

#include "util/idset.h"
#include "util/types.h"

/*
 * The host's huge page pools, as hugetlbfs and sysfs show them: which
 * sizes exist, which one a memfd gets by default, how many pages could
 * still be had.  A backend asks before it maps anything, so that a
 * missing pool is one line naming what is missing, never a SIGBUS.
 */

/* The default huge page size (Hugepagesize), 0 when there is none. */
u64 hugetlb_default_size(void);
/* The host has a pool of pages of @size. */
bool hugetlb_size_exists(u64 size);
/* "2M, 1G": the sizes the host has, or "none". */
const char *hugetlb_sizes_str(char *buf, size_t len);
/*
 * Pages of @size the host could still hand out on @nodes (empty: on any
 * node): the free pages not promised to a mapping, capped by the free
 * pages of those nodes, plus the surplus pages the overcommit limit
 * still allows.  -errno when the pool cannot be read.
 */
s64 hugetlb_pages_available(u64 size, const struct idset *nodes);
/*
 * The page size of hugetlbfs at @path (a file or a directory, existing
 * or not: then its directory is looked at), or 0 in *@size when @path is
 * not on hugetlbfs.  -errno when neither exists.
 */
int hugetlbfs_page_size(const char *path, u64 *size);

#endif
