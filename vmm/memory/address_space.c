// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "memory/address_space.h"
#include "util/error.h"

struct list_head address_spaces = LIST_HEAD_INIT(address_spaces);

void address_space_section(struct memory_region_section *s,
			   struct address_space *as,
			   const struct flat_range *fr)
{
	s->mr = fr->mr;
	s->as = as;
	s->offset_within_region = fr->offset_in_region;
	s->size = fr->size;
	s->offset_within_address_space = fr->addr;
	s->readonly = fr->readonly;
	s->romd_mode = fr->romd_mode;
	s->dirty_log_mask = fr->dirty_log_mask;
}

int address_space_init(struct address_space *as, struct memory_region *root,
		       const char *name)
{
	memset(as, 0, sizeof(*as));
	as->name = strdup(name);
	as->root = root;
	INIT_LIST_HEAD(&as->listeners);
	pthread_rwlock_init(&as->map_lock, NULL);
	as->current_map = flatview_render(root);
	if (!as->name || !as->current_map) {
		free(as->name);
		flatview_free(as->current_map);
		return error_ret(ENOMEM, "address space %s: out of memory",
				 name);
	}
	list_add_tail(&as->link, &address_spaces);
	return 0;
}

static void listener_del_address_space(struct memory_listener *l,
				       struct address_space *as)
{
	struct memory_region_section s;
	const struct flat_range *fr;

	if (l->begin)
		l->begin(l);
	flatview_for_each_range(fr, as->current_map) {
		address_space_section(&s, as, fr);
		if (l->region_del)
			l->region_del(l, &s);
	}
	if (l->commit)
		l->commit(l);
}

void address_space_destroy(struct address_space *as)
{
	struct memory_listener *l, *n;

	list_for_each_entry_safe(l, n, &as->listeners, link)
		memory_listener_unregister(l);
	list_del_init(&as->link);
	flatview_free(as->current_map);
	as->current_map = NULL;
	pthread_rwlock_destroy(&as->map_lock);
	free(as->name);
	as->name = NULL;
}

void memory_listener_register(struct memory_listener *l,
			      struct address_space *as)
{
	struct memory_region_section s;
	const struct flat_range *fr;
	struct memory_listener *other;

	l->as = as;
	list_for_each_entry(other, &as->listeners, link) {
		if (l->priority < other->priority)
			break;
	}
	list_insert_between(&l->link, other->link.prev, &other->link);

	if (l->begin)
		l->begin(l);
	flatview_for_each_range(fr, as->current_map) {
		address_space_section(&s, as, fr);
		if (l->region_add)
			l->region_add(l, &s);
		if (fr->dirty_log_mask && l->log_start)
			l->log_start(l, &s, 0, fr->dirty_log_mask);
	}
	if (l->commit)
		l->commit(l);
}

void memory_listener_unregister(struct memory_listener *l)
{
	if (!l->as)
		return;
	listener_del_address_space(l, l->as);
	list_del_init(&l->link);
	l->as = NULL;
}

/* Call one callback on every listener of @as, in the given direction. */
#define LISTENER_CALL(as, dir, cb, ...)					\
	do {								\
		struct memory_listener *_l;				\
		list_for_each_entry##dir(_l, &(as)->listeners, link) {	\
			if (_l->cb)					\
				_l->cb(_l, ##__VA_ARGS__);		\
		}							\
	} while (0)

static void update_pass_del(struct address_space *as,
			    const struct flatview *old,
			    const struct flatview *new)
{
	unsigned int i = 0, j = 0;
	struct memory_region_section s;

	while (i < old->nr) {
		const struct flat_range *o = &old->ranges[i];
		const struct flat_range *n = j < new->nr ? &new->ranges[j] :
					     NULL;

		if (n && n->addr < o->addr) {
			j++;
		} else if (n && n->addr == o->addr && flat_range_equal(o, n)) {
			i++;
			j++;
		} else {
			address_space_section(&s, as, o);
			LISTENER_CALL(as, _reverse, region_del, &s);
			i++;
		}
	}
}

static void update_pass_add(struct address_space *as,
			    const struct flatview *old,
			    const struct flatview *new)
{
	unsigned int i = 0, j = 0;
	struct memory_region_section s;

	while (j < new->nr) {
		const struct flat_range *n = &new->ranges[j];
		const struct flat_range *o = i < old->nr ? &old->ranges[i] :
					     NULL;

		if (o && (o->addr < n->addr ||
			  (o->addr == n->addr && !flat_range_equal(o, n)))) {
			i++;
			continue;
		}
		address_space_section(&s, as, n);
		if (o && flat_range_equal(o, n)) {
			u8 on = n->dirty_log_mask & ~o->dirty_log_mask;
			u8 off = o->dirty_log_mask & ~n->dirty_log_mask;

			if (on)
				LISTENER_CALL(as, , log_start, &s,
					      o->dirty_log_mask,
					      n->dirty_log_mask);
			if (off)
				LISTENER_CALL(as, _reverse, log_stop, &s,
					      o->dirty_log_mask,
					      n->dirty_log_mask);
			if (!on && !off)
				LISTENER_CALL(as, , region_nop, &s);
			i++;
		} else {
			LISTENER_CALL(as, , region_add, &s);
		}
		j++;
	}
}

static void address_space_update_topology(struct address_space *as)
{
	struct flatview *old = as->current_map;
	struct flatview *new = flatview_render(as->root);

	/*
	 * Out of memory while rendering: keep the old view, which the
	 * listeners agree with, rather than tell them half of a change.
	 */
	if (!new)
		return;
	LISTENER_CALL(as, , begin);
	update_pass_del(as, old, new);
	update_pass_add(as, old, new);
	pthread_rwlock_wrlock(&as->map_lock);
	as->current_map = new;
	pthread_rwlock_unlock(&as->map_lock);
	LISTENER_CALL(as, , commit);
	flatview_free(old);
}

void address_spaces_update_topology(void)
{
	struct address_space *as;

	address_spaces_for_each(as)
		address_space_update_topology(as);
}

bool address_space_translate(struct address_space *as, hwaddr addr,
			     struct memory_region_section *s)
{
	const struct flat_range *fr = flatview_lookup(as->current_map, addr);

	if (!fr)
		return false;
	address_space_section(s, as, fr);
	return true;
}
