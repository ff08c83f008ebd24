// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ktap.h"
#include "ram_digest.h"

#define PAGE		4096ULL
#define FNV_OFFSET	0xcbf29ce484222325ULL
#define FNV_PRIME	0x100000001b3ULL

static u64 page_sum(const u8 *p)
{
	u64 h = FNV_OFFSET, w;
	unsigned int i;

	for (i = 0; i < PAGE; i += 8) {
		memcpy(&w, p + i, 8);
		h = (h ^ w) * FNV_PRIME;
	}
	return h;
}

void ram_digest_take(struct ram_digest *d)
{
	struct ram_digest_block *db;
	struct ram_block *b;
	u64 i, n;

	memset(d, 0, sizeof(*d));
	ram_list_for_each(b) {
		if (d->nr == RAM_DIGEST_MAX_BLOCKS)
			ktap_exit_fail_msg("more than %d RAM blocks",
					   RAM_DIGEST_MAX_BLOCKS);
		db = &d->blocks[d->nr++];
		snprintf(db->idstr, sizeof(db->idstr), "%s", b->idstr);
		db->length = b->used_length;
		n = b->used_length / PAGE;
		db->pages = calloc(n + 1, sizeof(u64));
		if (!db->pages)
			ktap_exit_fail_msg("out of memory");
		db->sum = FNV_OFFSET;
		for (i = 0; i < n; i++) {
			db->pages[i] = page_sum((const u8 *)b->host + i * PAGE);
			db->sum = (db->sum ^ db->pages[i]) * FNV_PRIME;
		}
	}
}

void ram_digest_free(struct ram_digest *d)
{
	unsigned int i;

	for (i = 0; i < d->nr; i++)
		free(d->blocks[i].pages);
	memset(d, 0, sizeof(*d));
}

static const struct ram_digest_block *find(const struct ram_digest *d,
					   const char *idstr)
{
	unsigned int i;

	for (i = 0; i < d->nr; i++)
		if (!strcmp(d->blocks[i].idstr, idstr))
			return &d->blocks[i];
	return NULL;
}

/* Pages of @x that differ in @y; the first in *@first_off. */
static u64 block_diff(const struct ram_digest_block *x,
		      const struct ram_digest_block *y, u64 *first_off)
{
	u64 i, n = x->length / PAGE, diff = 0;

	if (!y || y->length != x->length) {
		*first_off = 0;
		return n ? n : 1;
	}
	for (i = 0; i < n; i++) {
		if (x->pages[i] == y->pages[i])
			continue;
		if (!diff++)
			*first_off = i * PAGE;
	}
	return diff;
}

bool ram_digest_first_diff(const struct ram_digest *a,
			   const struct ram_digest *b, const char **idstr,
			   u64 *offset)
{
	unsigned int i;

	for (i = 0; i < a->nr; i++) {
		if (!block_diff(&a->blocks[i], find(b, a->blocks[i].idstr),
				offset))
			continue;
		*idstr = a->blocks[i].idstr;
		return true;
	}
	return false;
}

u64 ram_digest_compare(const struct ram_digest *a, const struct ram_digest *b,
		       char *first, size_t len)
{
	const struct ram_digest_block *y;
	u64 diff = 0, d, off = 0;
	unsigned int i;

	snprintf(first, len, "none");
	for (i = 0; i < a->nr; i++) {
		y = find(b, a->blocks[i].idstr);
		d = block_diff(&a->blocks[i], y, &off);
		if (d && !diff)
			snprintf(first, len, "%s offset 0x%llx%s",
				 a->blocks[i].idstr, (unsigned long long)off,
				 y ? "" : " (no such block)");
		diff += d;
	}
	diff += a->nr != b->nr;
	for (i = 0; diff && i < a->nr; i++) {
		y = find(b, a->blocks[i].idstr);
		ktap_print_msg("block %s length 0x%llx sum 0x%016llx / 0x%016llx",
			       a->blocks[i].idstr,
			       (unsigned long long)a->blocks[i].length,
			       (unsigned long long)a->blocks[i].sum,
			       (unsigned long long)(y ? y->sum : 0));
	}
	return diff;
}
