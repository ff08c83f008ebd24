/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_RAM_RAM_BLOCK_H
#define VMM_RAM_RAM_BLOCK_H

#include "ram/dirty_bitmap.h"
#include "util/list.h"
#include "util/types.h"

#define RAM_BLOCK_IDSTR_MAX	256

/* Flags of a RAMBlock. */
#define RAM_PREALLOC	(1u << 0)	/* host memory belongs to the caller */
#define RAM_SHARED	(1u << 1)	/* MAP_SHARED (memfd, file) */
#define RAM_HUGETLB	(1u << 2)	/* backed by hugetlbfs pages */

/*
 * Host memory for guest RAM, placed at @offset in the ram_addr space.
 * A RAMBlock knows nothing of guest-physical addresses or slots: regions
 * map it, listeners turn the mappings into slots.
 */
struct ram_block {
	char			idstr[RAM_BLOCK_IDSTR_MAX];
	void			*host;
	ram_addr_t		offset;
	u64			used_length;
	u64			max_length;
	size_t			page_size;	/* host page size backing it */
	u32			flags;
	int			fd;		/* -1 for anonymous memory */
	u64			fd_offset;
	struct dirty_bitmap	dirty;		/* pages changed, by page */
	struct list_head	next;		/* ram_list, largest first */
	struct list_head	offset_link;	/* private: by offset */
};

/*
 * Host memory as a backend hands it over: either the block maps it
 * (@host NULL: anonymous, or @fd when >= 0) or the caller owns @host.
 */
struct ram_block_desc {
	const char	*idstr;
	u64		size;
	void		*host;
	int		fd;
	u64		fd_offset;
	size_t		page_size;	/* 0: the host's base page size */
	bool		shared;
};

/*
 * Allocate a block and give it a ram_addr range by best fit.  Anonymous
 * memory is mapped MAP_NORESERVE (guest RAM is touched sparsely), aligned
 * to the host page, with MADV_HUGEPAGE and MADV_DONTFORK.  The id must be
 * unique.  Returns NULL with error_get() set.
 */
struct ram_block *ram_block_new(const struct ram_block_desc *desc);
/* Anonymous memory, the common case. */
struct ram_block *ram_block_new_anon(const char *idstr, u64 size);
/* Unmap (unless the caller owns the memory) and return its range. */
void ram_block_free(struct ram_block *block);

struct ram_block *ram_block_find(const char *idstr);
/*
 * Mark the pages holding [offset, offset + len) of @block changed: what
 * the VMM itself writes into guest RAM, which no accelerator sees.
 */
void ram_block_set_dirty(struct ram_block *block, u64 offset, u64 len);
/* The block and offset holding @addr in the ram_addr space, or NULL. */
struct ram_block *ram_block_from_ram_addr(ram_addr_t addr, u64 *offset);

/* All blocks, sorted from the largest max_length to the smallest. */
extern struct list_head ram_list;
#define ram_list_for_each(b) list_for_each_entry(b, &ram_list, next)

/* Where a block of @size would go: the smallest gap that fits. */
ram_addr_t ram_block_find_offset(u64 size);

#endif
