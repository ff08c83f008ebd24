// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "memory/flatview.h"

typedef __int128 s128;

/*
 * Rendering in two steps.  A walk of the tree in priority order lists
 * every visible leaf clipped to its containers (a "piece"); the walk
 * order is the precedence: the first piece to cover an address owns it,
 * which is QEMU's "render into the gaps left by the current view".  A
 * sweep over the sorted piece boundaries with a min-heap on that order
 * then yields the flat view in O(n log n), however the pieces overlap.
 */
struct piece {
	s128			start, end;
	s128			base;	/* where offset 0 of mr would sit */
	struct memory_region	*mr;
	unsigned int		rank;
	bool			readonly;
};

struct render_state {
	struct piece	*pieces;
	unsigned int	nr, alloc;
	bool		oom;
};

static void render_add_piece(struct render_state *st, struct memory_region *mr,
			     s128 base, s128 start, s128 end, bool readonly)
{
	struct piece *p;

	if (st->nr == st->alloc) {
		unsigned int alloc = st->alloc ? st->alloc * 2 : 64;
		struct piece *n = realloc(st->pieces, alloc * sizeof(*n));

		if (!n) {
			st->oom = true;
			return;
		}
		st->pieces = n;
		st->alloc = alloc;
	}
	p = &st->pieces[st->nr];
	p->start = start;
	p->end = end;
	p->base = base;
	p->mr = mr;
	p->rank = st->nr++;
	p->readonly = readonly;
}

static void render_memory_region(struct render_state *st,
				 struct memory_region *mr, s128 base,
				 s128 clip_start, s128 clip_end, bool readonly)
{
	struct memory_region *sub;
	s128 start, end;

	if (!mr->enabled)
		return;
	base += mr->addr;
	readonly |= mr->readonly;
	start = MAX(base, clip_start);
	end = MIN(base + (s128)mr->size, clip_end);
	if (start >= end)
		return;

	if (mr->alias) {
		base -= (s128)mr->alias->addr + mr->alias_offset;
		render_memory_region(st, mr->alias, base, start, end, readonly);
		return;
	}
	list_for_each_entry(sub, &mr->subregions, subregions_link)
		render_memory_region(st, sub, base, start, end, readonly);
	if (mr->kind != MR_CONTAINER)
		render_add_piece(st, mr, base, start, end, readonly);
}

static int cmp_s128(const void *a, const void *b)
{
	s128 x = *(const s128 *)a, y = *(const s128 *)b;

	return x < y ? -1 : x > y;
}

static int cmp_piece_start(const void *a, const void *b)
{
	const struct piece *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* A binary min-heap of pieces keyed by rank. */
struct piece_heap {
	struct piece	**v;
	unsigned int	nr;
};

static void heap_push(struct piece_heap *h, struct piece *p)
{
	unsigned int i = h->nr++;

	while (i && h->v[(i - 1) / 2]->rank > p->rank) {
		h->v[i] = h->v[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h->v[i] = p;
}

static void heap_pop(struct piece_heap *h)
{
	struct piece *last = h->v[--h->nr];
	unsigned int i = 0, c;

	while ((c = 2 * i + 1) < h->nr) {
		if (c + 1 < h->nr && h->v[c + 1]->rank < h->v[c]->rank)
			c++;
		if (last->rank <= h->v[c]->rank)
			break;
		h->v[i] = h->v[c];
		i = c;
	}
	if (h->nr)
		h->v[i] = last;
}

static int flatview_append(struct flatview *fv, const struct flat_range *fr)
{
	if (fv->nr == fv->nr_alloc) {
		unsigned int alloc = fv->nr_alloc ? fv->nr_alloc * 2 : 16;
		struct flat_range *n = realloc(fv->ranges, alloc * sizeof(*n));

		if (!n)
			return -1;
		fv->ranges = n;
		fv->nr_alloc = alloc;
	}
	fv->ranges[fv->nr++] = *fr;
	return 0;
}

static void piece_to_range(struct flat_range *fr, const struct piece *p,
			   s128 start, s128 end)
{
	fr->addr = (hwaddr)start;
	fr->size = (u128)(end - start);
	fr->mr = p->mr;
	fr->offset_in_region = (u64)(start - p->base);
	fr->readonly = p->readonly;
	fr->romd_mode = p->mr->romd_mode;
	fr->dirty_log_mask = p->mr->dirty_log_mask;
}

static int flatview_sweep(struct flatview *fv, struct render_state *st)
{
	unsigned int nb = 0, next = 0, i, last_rank = ~0u;
	struct piece_heap heap = { 0 };
	s128 *bounds;
	int ret = -1;

	/* Nothing visible: qsort() must not be handed a NULL array. */
	if (!st->nr)
		return 0;
	bounds = malloc(2 * st->nr * sizeof(*bounds) + 1);
	heap.v = malloc(st->nr * sizeof(*heap.v) + 1);
	if (!bounds || !heap.v)
		goto out;
	for (i = 0; i < st->nr; i++) {
		bounds[nb++] = st->pieces[i].start;
		bounds[nb++] = st->pieces[i].end;
	}
	qsort(bounds, nb, sizeof(*bounds), cmp_s128);
	qsort(st->pieces, st->nr, sizeof(*st->pieces), cmp_piece_start);

	for (i = 0; i + 1 < nb; i++) {
		s128 at = bounds[i], to = bounds[i + 1];
		struct flat_range fr;
		struct piece *top;

		if (at == to)
			continue;
		while (next < st->nr && st->pieces[next].start <= at)
			heap_push(&heap, &st->pieces[next++]);
		while (heap.nr && heap.v[0]->end <= at)
			heap_pop(&heap);
		if (!heap.nr) {
			last_rank = ~0u;
			continue;
		}
		top = heap.v[0];
		if (top->rank == last_rank) {
			fv->ranges[fv->nr - 1].size += (u128)(to - at);
			continue;
		}
		piece_to_range(&fr, top, at, to);
		if (flatview_append(fv, &fr))
			goto out;
		last_rank = top->rank;
	}
	ret = 0;
out:
	free(bounds);
	free(heap.v);
	return ret;
}

struct flatview *flatview_render(struct memory_region *root)
{
	struct render_state st = { 0 };
	struct flatview *fv = calloc(1, sizeof(*fv));

	if (!fv)
		return NULL;
	fv->root = root;
	if (root) {
		render_memory_region(&st, root, 0, 0, (s128)U128_2_64, false);
		if (st.oom || flatview_sweep(fv, &st)) {
			free(st.pieces);
			flatview_free(fv);
			return NULL;
		}
	}
	free(st.pieces);
	flatview_simplify(fv);
	return fv;
}

void flatview_free(struct flatview *fv)
{
	if (!fv)
		return;
	free(fv->ranges);
	free(fv);
}

static bool flat_range_can_merge(const struct flat_range *a,
				 const struct flat_range *b)
{
	return flat_range_end(a) == b->addr && a->mr == b->mr &&
	       (u128)a->offset_in_region + a->size == b->offset_in_region &&
	       a->readonly == b->readonly && a->romd_mode == b->romd_mode &&
	       a->dirty_log_mask == b->dirty_log_mask;
}

void flatview_simplify(struct flatview *fv)
{
	unsigned int i, out = 0;

	for (i = 0; i < fv->nr; i++) {
		if (out && flat_range_can_merge(&fv->ranges[out - 1],
						&fv->ranges[i]))
			fv->ranges[out - 1].size += fv->ranges[i].size;
		else
			fv->ranges[out++] = fv->ranges[i];
	}
	fv->nr = out;
}

unsigned int flatview_first_above(const struct flatview *fv, hwaddr addr)
{
	unsigned int lo = 0, hi = fv->nr;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (fv->ranges[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct flat_range *flatview_lookup(const struct flatview *fv,
					 hwaddr addr)
{
	unsigned int i = flatview_first_above(fv, addr);

	/* The range before the first one above @addr may hold it. */
	if (!i || flat_range_end(&fv->ranges[i - 1]) <= addr)
		return NULL;
	return &fv->ranges[i - 1];
}

bool flat_range_equal(const struct flat_range *a, const struct flat_range *b)
{
	return a->mr == b->mr && a->addr == b->addr && a->size == b->size &&
	       a->offset_in_region == b->offset_in_region &&
	       a->readonly == b->readonly && a->romd_mode == b->romd_mode;
}
