// SPDX-License-Identifier: GPL-2.0
/*
 * Guest RAM into the snapshot: each page a record of its own, copied
 * out of guest memory into the writer's buffer (a page the guest
 * changes while it is copied is dirty again and written in a later
 * round); a page of zeros a record without data.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "memory/dirty_log.h"
#include "migration/snapshot_ram.h"
#include "util/bitmap.h"
#include "util/checksum.h"
#include "util/error.h"
#include "vmm.h"

int snapshot_ram_init(struct snapshot_ram *r, struct snapshot_writer *w,
		      struct snapshot_stats *st)
{
	struct ram_block *b;

	memset(r, 0, sizeof(*r));
	r->w = w;
	r->st = st;
	ram_list_for_each(b) {
		if (r->nr == SNAPSHOT_MAX_BLOCKS)
			return error_ret(E2BIG, "snapshot: more than %u RAM "
					 "blocks", SNAPSHOT_MAX_BLOCKS);
		r->bits[r->nr] = calloc(BITS_TO_LONGS(b->used_length >>
						      DIRTY_PAGE_SHIFT) + 1,
					sizeof(long));
		if (!r->bits[r->nr])
			return error_ret(ENOMEM, "snapshot: out of memory");
		r->blocks[r->nr++] = b;
	}
	return 0;
}

void snapshot_ram_destroy(struct snapshot_ram *r)
{
	unsigned int i;

	for (i = 0; i < SNAPSHOT_MAX_BLOCKS; i++) {
		free(r->sums[i]);
		free(r->bits[i]);
	}
	memset(r, 0, sizeof(*r));
}

int snapshot_ram_track_sums(struct snapshot_ram *r)
{
	unsigned int i;

	for (i = 0; i < r->nr; i++) {
		r->sums[i] = calloc((r->blocks[i]->used_length >>
				     DIRTY_PAGE_SHIFT) + 1, sizeof(u64));
		if (!r->sums[i])
			return error_ret(ENOMEM, "snapshot: out of memory");
	}
	return 0;
}

int snapshot_ram_write_table(struct snapshot_ram *r)
{
	struct snapshot_block e;
	unsigned int i;
	int ret;

	for (i = 0; i < r->nr; i++) {
		memset(&e, 0, sizeof(e));
		snprintf(e.idstr, sizeof(e.idstr), "%s", r->blocks[i]->idstr);
		e.length = r->blocks[i]->used_length;
		ret = snapshot_writer_write(r->w, &e, sizeof(e));
		if (ret)
			return ret;
	}
	return 0;
}

/* A page of zeros?  Most pages that are not say so in their first line. */
static bool page_is_zero(const u8 *p)
{
	const u64 *q = (const u64 *)p;
	unsigned int i;

	for (i = 0; i < SNAPSHOT_PAGE_SIZE / 8; i += 8)
		if (q[i] | q[i + 1] | q[i + 2] | q[i + 3] | q[i + 4] |
		    q[i + 5] | q[i + 6] | q[i + 7])
			return false;
	return true;
}

static int write_page(struct snapshot_ram *r, unsigned int i, u64 offset)
{
	const u8 *src = (const u8 *)r->blocks[i]->host + offset;
	bool zero = page_is_zero(src);
	struct snapshot_record *rec;
	u32 len = zero ? 0 : SNAPSHOT_PAGE_SIZE;

	rec = snapshot_writer_reserve(r->w, sizeof(*rec) + len);
	if (!rec)
		return r->w->error ? r->w->error : -EINVAL;
	memset(rec, 0, sizeof(*rec));
	rec->type = zero ? SNAPSHOT_REC_ZERO : SNAPSHOT_REC_PAGE;
	rec->len = len;
	rec->block = i;
	rec->offset = offset;
	if (!zero)
		memcpy(rec + 1, src, SNAPSHOT_PAGE_SIZE);
	if (r->sums[i])
		r->sums[i][offset >> DIRTY_PAGE_SHIFT] = zero ? 0 :
			checksum_buf(rec + 1, SNAPSHOT_PAGE_SIZE);
	r->st->pages++;
	r->st->zero_pages += zero;
	return 0;
}

int snapshot_ram_write_all(struct snapshot_ram *r)
{
	unsigned int i;
	u64 off;
	int ret;

	for (i = 0; i < r->nr; i++)
		for (off = 0; off < r->blocks[i]->used_length;
		     off += SNAPSHOT_PAGE_SIZE) {
			ret = write_page(r, i, off);
			if (ret)
				return ret;
		}
	return 0;
}

/* TEST ONLY: is page @p of block @i the one to leave out? */
static bool drop_this(struct snapshot_ram *r, unsigned int i, u64 p)
{
	const u8 *host = (const u8 *)r->blocks[i]->host +
			 (p << DIRTY_PAGE_SHIFT);
	u64 now;

	if (!r->drop_next || !r->sums[i] || p << DIRTY_PAGE_SHIFT < r->drop_from)
		return false;
	now = page_is_zero(host) ? 0 : checksum_buf(host, SNAPSHOT_PAGE_SIZE);
	return now != r->sums[i][p];
}

/* The pages of @bits (block @i); the first left out when armed. */
static int write_bits(struct snapshot_ram *r, unsigned int i)
{
	u64 p, nr_pages = r->blocks[i]->used_length >> DIRTY_PAGE_SHIFT;
	const unsigned long *bits = r->bits[i];
	int ret;

	for (p = 0; p < nr_pages; p++) {
		if (!bits[p / BITS_PER_LONG]) {
			p |= BITS_PER_LONG - 1;		/* a word of none */
			continue;
		}
		if (!bitmap_test(bits, p))
			continue;
		if (drop_this(r, i, p)) {
			r->drop_next = false;
			r->st->dropped = true;
			snprintf(r->st->dropped_block,
				 sizeof(r->st->dropped_block), "%s",
				 r->blocks[i]->idstr);
			r->st->dropped_offset = p << DIRTY_PAGE_SHIFT;
			continue;
		}
		ret = write_page(r, i, p << DIRTY_PAGE_SHIFT);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * Sync, then take every block's dirty bits, with the vCPUs held: the
 * memory map must not change under a sync, and a vCPU changes it (a PAM
 * write) only between two exits.  Holding them, rather than taking the
 * I/O lock, also lets the listener hold them in turn (a ring's sync
 * does; cpus_pause() nests).  The pages are copied after, the guest
 * running.  The number of dirty pages.
 */
static u64 take_all(struct snapshot_ram *r, struct vmm *vmm)
{
	unsigned int i;
	u64 n = 0;

	cpus_pause(&vmm->cpus);
	memory_global_dirty_log_sync();
	for (i = 0; i < r->nr; i++)
		n += memory_dirty_take(r->blocks[i], 0,
				       r->blocks[i]->used_length, r->bits[i]);
	cpus_resume(&vmm->cpus);
	return n;
}

int snapshot_ram_write_dirty(struct snapshot_ram *r, struct vmm *vmm,
			     u64 *pages)
{
	unsigned int i;
	int ret;

	*pages = take_all(r, vmm);
	for (i = 0; *pages && i < r->nr; i++) {
		ret = write_bits(r, i);
		if (ret)
			return ret;
	}
	return 0;
}

void snapshot_ram_reset_dirty(struct snapshot_ram *r, struct vmm *vmm)
{
	take_all(r, vmm);
}
