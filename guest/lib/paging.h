/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUEST_PAGING_H
#define GUEST_PAGING_H

#include "guest.h"

/* The boot stub maps [0, 4 GiB); this extends the identity map. */
#define PAGING_GUARD	GiB	/* mapped above the last RAM, for probes */

/*
 * Map [4 GiB, max(4 GiB, RAM top rounded up to 1 GiB) + PAGING_GUARD), as
 * far as the CPU's physical address width and the page-directory pool
 * allow; returns the end of the identity map.
 */
u64 paging_init(void);
u64 paging_map_top(void);
bool paging_gbpages(void);
unsigned int paging_phys_bits(void);

#endif
