// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dirty_check.h"
#include "known_issues.h"
#include "ktap.h"
#include "util/bitmap.h"

#define PAGE	4096ULL

void dirty_check_init(struct dirty_check *c)
{
	memset(c, 0, sizeof(*c));
}

void dirty_check_add(struct dirty_check *c, const char *name,
		     struct ram_block *block, u64 offset, u64 len)
{
	struct dirty_area *a = &c->areas[c->nr];
	u64 pages = len / PAGE;

	if (c->nr == DIRTY_CHECK_MAX_AREAS)
		ktap_exit_fail_msg("dirty_check: more than %d areas",
				   DIRTY_CHECK_MAX_AREAS);
	a->name = name;
	a->block = block;
	a->offset = offset;
	a->len = pages * PAGE;
	a->host = (const u8 *)block->host + offset;
	a->shadow = calloc(pages ? pages : 1, sizeof(*a->shadow));
	a->taken = bitmap_new(pages);
	if (!a->shadow || !a->taken)
		ktap_exit_fail_msg("dirty_check: out of memory");
	a->tracked = true;
	c->nr++;
}

void dirty_check_add_gpa(struct dirty_check *c, struct vmm *vmm, hwaddr gpa,
			 u64 len)
{
	struct memory_region_section s;

	while (len) {
		u64 chunk;

		if (!address_space_translate(&vmm->pcms.as_memory, gpa, &s))
			ktap_exit_fail_msg("dirty_check: 0x%llx is no RAM",
					   (unsigned long long)gpa);
		chunk = (u64)MIN((u128)len, s.offset_within_address_space +
				 s.size - gpa);
		dirty_check_add(c, memory_region_name(s.mr),
				memory_region_get_ram_block(s.mr),
				s.offset_within_region +
				(gpa - s.offset_within_address_space), chunk);
		gpa += chunk;
		len -= chunk;
	}
}

static const struct dirtier_stamp *stamp_at(const struct dirty_area *a,
					    u64 page)
{
	return (const struct dirtier_stamp *)(a->host + page * PAGE);
}

static bool stamp_changed(const struct dirty_area *a, u64 page)
{
	return memcmp(stamp_at(a, page), &a->shadow[page],
		      sizeof(*a->shadow)) != 0;
}

static void note_lost(struct dirty_check *c, const struct dirty_area *a,
		      u64 page, const char *when)
{
	const struct dirtier_stamp *s = stamp_at(a, page);

	if (!c->lost++)
		snprintf(c->first_lost, sizeof(c->first_lost),
			 "%s: %s page 0x%llx (block offset 0x%llx) changed to "
			 "round %u cpu %u page 0x%llx seq %llu, never "
			 "reported", when, a->name, (unsigned long long)page,
			 (unsigned long long)(a->offset + page * PAGE),
			 s->round, s->cpu, (unsigned long long)s->page,
			 (unsigned long long)s->seq);
}

/* Take and forget everything @a has; copy its stamps. */
static void area_baseline(struct dirty_area *a)
{
	u64 p;

	memory_dirty_take(a->block, a->offset, a->len, a->taken);
	for (p = 0; p < a->len / PAGE; p++)
		a->shadow[p] = *stamp_at(a, p);
	a->tracked = true;
}

void dirty_check_baseline(struct dirty_check *c)
{
	unsigned int i;

	memory_global_dirty_log_sync();
	for (i = 0; i < c->nr; i++)
		area_baseline(&c->areas[i]);
}

static void area_compare(struct dirty_check *c, struct dirty_area *a)
{
	u64 p, pages = a->len / PAGE;

	memory_dirty_take(a->block, a->offset, a->len, a->taken);
	if (!a->tracked)
		return;
	for (p = 0; p < pages; p++) {
		bool dirty = bitmap_test(a->taken, p);

		if (!stamp_changed(a, p)) {
			c->false_positive += dirty;
			continue;
		}
		if (dirty)
			c->changed++;
		else
			note_lost(c, a, p, "at a check");
		a->shadow[p] = *stamp_at(a, p);
	}
}

void dirty_check_round(struct dirty_check *c)
{
	unsigned int i;

	memory_global_dirty_log_sync();
	for (i = 0; i < c->nr; i++)
		area_compare(c, &c->areas[i]);
	c->checks++;
}

void dirty_check_retrack(struct dirty_check *c, struct ram_block *block)
{
	unsigned int i;

	memory_global_dirty_log_sync();
	for (i = 0; i < c->nr; i++)
		if (c->areas[i].block == block)
			area_baseline(&c->areas[i]);
}

bool dirty_check_taken(const struct dirty_check *c,
		       const struct ram_block *block, u64 offset)
{
	unsigned int i;

	for (i = 0; i < c->nr; i++) {
		const struct dirty_area *a = &c->areas[i];

		if (a->block == block && offset >= a->offset &&
		    offset - a->offset < a->len)
			return bitmap_test(a->taken, (offset - a->offset) / PAGE);
	}
	return false;
}

/*
 * Inside a final sync (the vCPUs held): every changed stamp of the
 * range @s shows must be in the RAMBlock's bitmap already.
 */
static void witness_check(struct dirty_check *c,
			  const struct memory_region_section *s,
			  const char *when, bool untrack)
{
	struct ram_block *b = memory_region_get_ram_block(s->mr);
	u64 from = s->offset_within_region;
	u64 to = from + (u64)s->size;
	unsigned int i;

	for (i = 0; b && i < c->nr; i++) {
		struct dirty_area *a = &c->areas[i];
		u64 p, lo, hi;

		if (a->block != b || !a->tracked || a->offset >= to ||
		    a->offset + a->len <= from)
			continue;
		lo = (MAX(from, a->offset) - a->offset) / PAGE;
		hi = (MIN(to, a->offset + a->len) - a->offset) / PAGE;
		for (p = lo; p < hi; p++)
			if (stamp_changed(a, p) &&
			    !dirty_bitmap_test(&b->dirty,
					       (a->offset >> 12) + p))
				note_lost(c, a, p, when);
		c->witness_checks++;
		a->tracked = !untrack;
	}
}

#define to_check(l) container_of(l, struct dirty_check, witness)

static void witness_region_del(struct memory_listener *l,
			       struct memory_region_section *s)
{
	if (s->dirty_log_mask)
		witness_check(to_check(l), s, "when its slot went away", false);
}

static void witness_log_stop(struct memory_listener *l,
			     struct memory_region_section *s, int old, int new)
{
	(void)old;
	(void)new;
	witness_check(to_check(l), s, "when logging stopped", true);
}

void dirty_check_witness(struct dirty_check *c, struct address_space *as)
{
	c->witness.name = "dirty-witness";
	c->witness.priority = 5;	/* after KVM's when deleting */
	c->witness.region_del = witness_region_del;
	c->witness.log_stop = witness_log_stop;
	memory_listener_register(&c->witness, as);
}

void dirty_check_destroy(struct dirty_check *c)
{
	unsigned int i;

	memory_listener_unregister(&c->witness);
	for (i = 0; i < c->nr; i++) {
		free(c->areas[i].shadow);
		free(c->areas[i].taken);
	}
	c->nr = 0;
}

void dirty_check_print_problems(const struct dirty_check *c,
				const struct vmm *vmm)
{
	if (c->lost)
		ktap_print_msg("first lost: %s", c->first_lost);
	if (vmm->kml.error)
		ktap_print_msg("kvm: %s", vmm->kml.error_msg);
}

void dirty_result(const char *mode, const struct vmm *vmm, u64 lost,
		  bool other_failure, const char *fmt, ...)
{
	bool ring_lost = vmm->kvm.dirty_ring_lost_entries;
	char desc[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(desc, sizeof(desc), fmt, ap);
	va_end(ap);
	if (lost)
		known_result(mode, false, KNOWN_LOST_DIRTY_PAGES, "%s", desc);
	else if (ring_lost)
		known_result(mode, false, KNOWN_RING_LOST_ENTRIES, "%s", desc);
	else if (other_failure)
		ktap_test_result(false, "%s", desc);
	else
		known_result(mode, true, "", "%s", desc);
}
