/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_BACKENDS_HOSTMEM_INTERLEAVE_H
#define VMM_BACKENDS_HOSTMEM_INTERLEAVE_H

#include "backends/host_memory_backend.h"

/*
 * How well pages fit the kernel's interleave cycle: the phase of the
 * base-page (or hugetlb page) cycle and of the 2 MiB THP cycle that,
 * together, put the most pages where the cycle says; -1 for a phase no
 * page follows.  Each 2 MiB block (each huge page) is on one of the two
 * cycles as a whole, or its pages count as off the cycle.
 */
struct interleave_fit {
	int	phase_base;
	int	phase_2m;
	u64	on_cycle;
};

/* The number the kernel counts @be's unit at offset @off from. */
u64 interleave_key(const struct host_memory_backend *be, u64 off);
/*
 * Fit the pages of @be at @pages, on the nodes @status gives (negative:
 * no page, skipped), in ascending order, to interleaving over @nodes.
 */
int interleave_fit(const struct host_memory_backend *be,
		   const struct idset *nodes, void *const *pages,
		   const int *status, u64 nr, struct interleave_fit *fit);

#endif
