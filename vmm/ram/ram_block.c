// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ram/ram_block.h"
#include "util/error.h"
#include "util/mmap.h"

struct list_head ram_list = LIST_HEAD_INIT(ram_list);
/* The same blocks by offset: the gap after a block ends at the next one. */
static struct list_head ram_offset_list = LIST_HEAD_INIT(ram_offset_list);

/*
 * Blocks start on a 256 KiB boundary of the ram_addr space, as QEMU's do
 * (one word of the dirty bitmap covers 64 pages): offsets then match
 * `info ramblock` for the same set of blocks.
 */
#define RAM_ADDR_ALIGN	(64 * 4096ULL)

/* Where the block after @b in the ram_addr space starts, or "never". */
static u128 ram_block_next_offset(const struct ram_block *b)
{
	if (b->offset_link.next == &ram_offset_list)
		return ~(u128)0;
	return list_entry(b->offset_link.next, struct ram_block,
			  offset_link)->offset;
}

/*
 * QEMU's find_ram_offset(): the smallest gap after a block that fits,
 * the first in ram_list order among equal gaps; the space below the
 * lowest block is never a candidate.  Blocks start aligned and do not
 * overlap, so the next block by offset is where each gap ends: one pass,
 * not one pass per block (10,000 blocks took minutes).  *@after is the
 * block the gap follows, NULL when there are no blocks.
 */
static ram_addr_t ram_block_find_gap(u64 size, struct ram_block **after)
{
	ram_addr_t best = 0;
	u128 mingap = ~(u128)0;
	struct ram_block *b;

	*after = NULL;
	ram_list_for_each(b) {
		u128 cand = ALIGN_UP((u128)b->offset + b->max_length,
				     (u128)RAM_ADDR_ALIGN);
		u128 next = ram_block_next_offset(b);

		if (next < cand)
			continue;
		if (next - cand >= size && next - cand < mingap) {
			best = (ram_addr_t)cand;
			mingap = next - cand;
			*after = b;
		}
	}
	return best;
}

ram_addr_t ram_block_find_offset(u64 size)
{
	struct ram_block *after;

	return ram_block_find_gap(size, &after);
}

struct ram_block *ram_block_find(const char *idstr)
{
	struct ram_block *b;

	ram_list_for_each(b) {
		if (!strcmp(b->idstr, idstr))
			return b;
	}
	return NULL;
}

struct ram_block *ram_block_from_ram_addr(ram_addr_t addr, u64 *offset)
{
	struct ram_block *b;

	ram_list_for_each(b) {
		if (addr >= b->offset && addr - b->offset < b->max_length) {
			if (offset)
				*offset = addr - b->offset;
			return b;
		}
	}
	return NULL;
}

static void ram_list_insert(struct ram_block *block)
{
	struct ram_block *b;

	/*
	 * Largest first; among equals, in creation order: right after the
	 * last block at least as large.  From the tail, as new blocks tend
	 * to be the small ones.
	 */
	list_for_each_entry_reverse(b, &ram_list, next) {
		if (b->max_length >= block->max_length) {
			list_add(&block->next, &b->next);
			return;
		}
	}
	list_add(&block->next, &ram_list);
}

static int ram_block_map(struct ram_block *block, const struct ram_block_desc *d)
{
	int flags = d->shared ? MAP_SHARED : MAP_PRIVATE;
	void *host;

	if (d->fd < 0)
		flags |= MAP_ANONYMOUS;
	if (!d->reserve)
		flags |= MAP_NORESERVE;
	host = vmm_mmap(NULL, block->max_length, PROT_READ | PROT_WRITE, flags,
			d->fd, d->fd < 0 ? 0 : (off_t)d->fd_offset);
	if (host == MAP_FAILED)
		return error_ret(errno,
				 "ram block %s: mmap of 0x%llx bytes: %s",
				 block->idstr,
				 (unsigned long long)block->max_length,
				 strerror(errno));
	/* Both are hints: a kernel without THP still gives us memory. */
	madvise(host, block->max_length, MADV_HUGEPAGE);
	madvise(host, block->max_length, MADV_DONTFORK);
	block->host = host;
	return 0;
}

/* Its dirty bitmap, then its place in the ram_addr space; -ENOMEM. */
static int ram_block_register(struct ram_block *block)
{
	struct ram_block *after;

	if (dirty_bitmap_init(&block->dirty,
			      block->max_length >> DIRTY_PAGE_SHIFT))
		return -ENOMEM;
	block->offset = ram_block_find_gap(block->max_length, &after);
	list_add(&block->offset_link,
		 after ? &after->offset_link : &ram_offset_list);
	ram_list_insert(block);
	return 0;
}

struct ram_block *ram_block_new(const struct ram_block_desc *d)
{
	size_t page = d->page_size ? d->page_size :
		      (size_t)sysconf(_SC_PAGESIZE);
	struct ram_block *block;

	if (!d->idstr || !d->idstr[0] ||
	    strlen(d->idstr) >= RAM_BLOCK_IDSTR_MAX) {
		error_setf("ram block: id must be 1 to %d characters",
			   RAM_BLOCK_IDSTR_MAX - 1);
		return NULL;
	}
	if (!d->size) {
		error_setf("ram block %s: size must not be zero", d->idstr);
		return NULL;
	}
	if (ram_block_find(d->idstr)) {
		error_setf("ram block %s: already registered", d->idstr);
		return NULL;
	}
	block = calloc(1, sizeof(*block));
	if (!block) {
		error_setf("ram block %s: out of memory", d->idstr);
		return NULL;
	}
	strcpy(block->idstr, d->idstr);
	block->used_length = ALIGN_UP(d->size, (u64)page);
	block->max_length = block->used_length;
	block->page_size = page;
	block->fd = d->fd;
	block->fd_offset = d->fd_offset;
	if (d->shared)
		block->flags |= RAM_SHARED;
	if (d->host) {
		block->host = d->host;
		block->flags |= RAM_PREALLOC;
	} else if (ram_block_map(block, d) < 0) {
		free(block);
		return NULL;
	}
	if (ram_block_register(block)) {
		if (!(block->flags & RAM_PREALLOC))
			munmap(block->host, block->max_length);
		free(block);
		error_setf("ram block %s: out of memory", d->idstr);
		return NULL;
	}
	return block;
}

struct ram_block *ram_block_new_anon(const char *idstr, u64 size)
{
	struct ram_block_desc d = { .idstr = idstr, .size = size, .fd = -1 };

	return ram_block_new(&d);
}

void ram_block_free(struct ram_block *block)
{
	if (!block)
		return;
	list_del_init(&block->next);
	list_del_init(&block->offset_link);
	if (!(block->flags & RAM_PREALLOC))
		munmap(block->host, block->max_length);
	dirty_bitmap_destroy(&block->dirty);
	free(block);
}

void ram_block_set_dirty(struct ram_block *block, u64 offset, u64 len)
{
	u64 first = offset >> DIRTY_PAGE_SHIFT;
	u64 end = (offset + len + DIRTY_PAGE_SIZE - 1) >> DIRTY_PAGE_SHIFT;

	if (len)
		dirty_bitmap_set_range(&block->dirty, first, end - first);
}
