// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <stdlib.h>

#include "memory/mtree.h"
#include "ram/ram_block.h"

/* The last byte of a range of @size, as QEMU prints it. */
static u64 mr_last(u128 start, u128 size)
{
	return (u64)(size ? start + size - 1 : start);
}

struct mr_set {
	const struct memory_region **v;
	unsigned int nr, alloc;
};

static bool mr_set_has(const struct mr_set *s, const struct memory_region *mr)
{
	unsigned int i;

	for (i = 0; i < s->nr; i++) {
		if (s->v[i] == mr)
			return true;
	}
	return false;
}

static void mr_set_add(struct mr_set *s, const struct memory_region *mr)
{
	if (mr_set_has(s, mr))
		return;
	if (s->nr == s->alloc) {
		unsigned int alloc = s->alloc ? 2 * s->alloc : 16;
		const struct memory_region **v = realloc(s->v,
							 alloc * sizeof(*v));

		if (!v)
			return;
		s->v = v;
		s->alloc = alloc;
	}
	s->v[s->nr++] = mr;
}

struct mr_print {
	const struct memory_region	*mr;
	unsigned int			index;	/* in the subregion list */
};

/*
 * Print order: by address, then higher priority first, then as in the
 * subregion list: QEMU's insertion sort is stable, qsort() need not be.
 */
static int cmp_mr_print(const void *a, const void *b)
{
	const struct mr_print *x = a, *y = b;

	if (x->mr->addr != y->mr->addr)
		return x->mr->addr < y->mr->addr ? -1 : 1;
	if (x->mr->priority != y->mr->priority)
		return x->mr->priority > y->mr->priority ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static void mtree_print_mr(FILE *f, const struct memory_region *mr,
			   unsigned int level, u128 base,
			   struct mr_set *aliased)
{
	const struct memory_region *sub;
	struct mr_print *subs;
	unsigned int n = 0, i;
	u128 start = base + mr->addr;

	fprintf(f, "%*s%016" PRIx64 "-%016" PRIx64 " (prio %d, %s): ",
		level * 2, "", (u64)start, mr_last(start, mr->size),
		mr->priority, memory_region_type(mr));
	if (mr->alias) {
		fprintf(f, "alias %s @%s %016" PRIx64 "-%016" PRIx64,
			mr->name, mr->alias->name, mr->alias_offset,
			mr_last(mr->alias_offset, mr->size));
		mr_set_add(aliased, mr->alias);
	} else {
		fprintf(f, "%s", mr->name);
	}
	fprintf(f, "%s\n", mr->enabled ? "" : " [disabled]");

	list_for_each_entry(sub, &mr->subregions, subregions_link)
		n++;
	subs = calloc(n + 1, sizeof(*subs));
	if (!subs)
		return;
	i = 0;
	list_for_each_entry(sub, &mr->subregions, subregions_link) {
		subs[i].mr = sub;
		subs[i].index = i;
		i++;
	}
	qsort(subs, n, sizeof(*subs), cmp_mr_print);
	for (i = 0; i < n; i++)
		mtree_print_mr(f, subs[i].mr, level + 1, start, aliased);
	free(subs);
}

void mtree_print(FILE *f)
{
	struct mr_set aliased = { 0 };
	struct address_space *as;
	unsigned int i;

	address_spaces_for_each(as) {
		fprintf(f, "address-space: %s\n", as->name);
		if (as->root)
			mtree_print_mr(f, as->root, 1, 0, &aliased);
		fprintf(f, "\n");
	}
	/*
	 * Every alias target, once, in the order first met: also those the
	 * trees above showed already, as QEMU does (the set may grow).
	 */
	for (i = 0; i < aliased.nr; i++) {
		fprintf(f, "memory-region: %s\n", aliased.v[i]->name);
		mtree_print_mr(f, aliased.v[i], 1, 0, &aliased);
		fprintf(f, "\n");
	}
	free(aliased.v);
}

static void flatview_print(FILE *f, struct address_space *as,
			   unsigned int index, const struct mtree_accel *accel)
{
	const struct flat_range *fr;

	fprintf(f, "FlatView #%u\n", index);
	fprintf(f, " AS \"%s\", root: %s\n", as->name,
		as->root ? as->root->name : "(none)");
	fprintf(f, " Root memory region: %s\n",
		as->root ? as->root->name : "(none)");
	if (!as->current_map || !as->current_map->nr) {
		fprintf(f, "  No rendered FlatView\n\n");
		return;
	}
	flatview_for_each_range(fr, as->current_map) {
		fprintf(f, "  %016" PRIx64 "-%016" PRIx64 " (prio %d, %s): %s",
			fr->addr, mr_last(fr->addr, fr->size),
			fr->mr->priority,
			fr->readonly ? "rom" : memory_region_type(fr->mr),
			fr->mr->name);
		if (fr->offset_in_region)
			fprintf(f, " @%016" PRIx64, fr->offset_in_region);
		if (accel && accel->has_memory(accel->opaque, fr->addr,
					       fr->size))
			fprintf(f, " %s", accel->name);
		fprintf(f, "\n");
	}
	fprintf(f, "\n");
}

void mtree_print_flatviews(FILE *f, const struct mtree_accel *accel)
{
	struct address_space *as;
	unsigned int i = 0;

	address_spaces_for_each(as)
		flatview_print(f, as, i++, accel);
}

static const char *page_size_str(size_t size, char *buf, size_t len)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB" };
	unsigned int i = 0;

	while (size >= 1024 && i < ARRAY_SIZE(unit) - 1) {
		size /= 1024;
		i++;
	}
	snprintf(buf, len, "%zu %s", size, unit[i]);
	return buf;
}

void ram_block_print(FILE *f)
{
	struct ram_block *b;
	char psize[32];

	fprintf(f, "%24s %8s  %18s %18s %18s\n", "Block Name", "PSize",
		"Offset", "Used", "Total");
	ram_list_for_each(b) {
		fprintf(f, "%24s %8s  0x%016" PRIx64 " 0x%016" PRIx64
			" 0x%016" PRIx64 "\n", b->idstr,
			page_size_str(b->page_size, psize, sizeof(psize)),
			b->offset, b->used_length, b->max_length);
	}
}
