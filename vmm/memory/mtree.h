/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_MEMORY_MTREE_H
#define VMM_MEMORY_MTREE_H

#include <stdio.h>

#include "memory/address_space.h"

/*
 * Dumps in the text format of QEMU's monitor, so that they can be put
 * beside `info mtree`, `info mtree -f` and `info ramblock` and diffed.
 */

/* Who else maps a flat range, e.g. "KVM" when it has a slot for it. */
struct mtree_accel {
	const char	*name;
	bool		(*has_memory)(void *opaque, hwaddr addr, u128 size);
	void		*opaque;
};

/* `info mtree`: every address space's tree, then aliased regions. */
void mtree_print(FILE *f);
/* `info mtree -f`: the flat view of every address space. */
void mtree_print_flatviews(FILE *f, const struct mtree_accel *accel);
/* `info ramblock`. */
void ram_block_print(FILE *f);

#endif
