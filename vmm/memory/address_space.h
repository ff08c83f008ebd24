/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_MEMORY_ADDRESS_SPACE_H
#define VMM_MEMORY_ADDRESS_SPACE_H

#include <pthread.h>

#include "memory/flatview.h"
#include "memory/memory_listener.h"

/* What the access helpers did besides plain RAM accesses. */
struct address_space_stats {
	u64	rom_writes_dropped;	/* writes to ROM or readonly RAM */
	u64	unassigned_reads;	/* reads of holes: all ones */
	u64	unassigned_writes;	/* writes to holes: dropped */
};

/* A root region seen from one initiator, with its current flat view. */
struct address_space {
	char			*name;
	struct memory_region	*root;
	struct flatview		*current_map;
	/*
	 * vCPU threads dispatch MMIO exits through current_map while the
	 * thread that changes the map commits: an access holds this shared;
	 * the commit holds it exclusively only to swap and free the view,
	 * never while a listener runs (a listener may hold the vCPUs).
	 */
	pthread_rwlock_t	map_lock;
	struct list_head	listeners;	/* by priority, ascending */
	struct list_head	link;
	struct address_space_stats stats;
};

int address_space_init(struct address_space *as, struct memory_region *root,
		       const char *name);
/* Removes the view; listeners still registered get region_del first. */
void address_space_destroy(struct address_space *as);

/* Register and replay the current view to @l as region_add. */
void memory_listener_register(struct memory_listener *l,
			      struct address_space *as);
/* Unregister, telling @l region_del for every range it was given. */
void memory_listener_unregister(struct memory_listener *l);

/* Render every address space whose tree changed; used by commit. */
void address_spaces_update_topology(void);

/*
 * Device-semantics access: RAM reads and writes host memory, ROM writes
 * are dropped (and counted), I/O goes to the callbacks in naturally
 * aligned 1/2/4/8-byte pieces, holes read as all ones and drop writes.
 * An access may span several ranges.  Returns 0, or -EFAULT when any part
 * hit a hole (the rest is still done).
 */
int address_space_read(struct address_space *as, hwaddr addr, void *buf,
		       u64 len);
int address_space_write(struct address_space *as, hwaddr addr,
			const void *buf, u64 len);

/* The section a flat range of @as's current view stands for. */
void address_space_section(struct memory_region_section *s,
			   struct address_space *as,
			   const struct flat_range *fr);

/* The section that holds @addr; returns false for a hole. */
bool address_space_translate(struct address_space *as, hwaddr addr,
			     struct memory_region_section *s);

#define address_spaces_for_each(as) \
	list_for_each_entry(as, &address_spaces, link)
extern struct list_head address_spaces;

#endif
