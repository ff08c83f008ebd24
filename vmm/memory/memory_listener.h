/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_MEMORY_MEMORY_LISTENER_H
#define VMM_MEMORY_MEMORY_LISTENER_H

#include "memory/memory_region.h"

struct address_space;

/* What a listener is told about: one flat range of one address space. */
struct memory_region_section {
	struct memory_region	*mr;
	struct address_space	*as;
	u64			offset_within_region;
	u128			size;
	hwaddr			offset_within_address_space;
	bool			readonly;
	bool			romd_mode;
	u8			dirty_log_mask;
};

/*
 * QEMU's memory_access_is_direct(), the one statement of the rule: does
 * a guest read (@is_write false) or write of @s go straight to host
 * memory?  Reads do for RAM, ROM and a ROM device in romd mode; writes
 * only for RAM that is not readonly (a ROM device's writes reach its
 * callbacks, ROM drops them).  KVM gives a section a slot exactly when
 * its reads are direct, KVM_MEM_READONLY when its writes are not.
 */
bool memory_region_section_is_direct(const struct memory_region_section *s,
				     bool is_write);

/*
 * Called at every commit that touches its address space: begin, then the
 * delete pass (region_del, listeners in reverse priority order), then the
 * add pass (region_add for new ranges, region_nop for unchanged ones,
 * log_start/log_stop for ranges whose only change is the dirty-log mask;
 * forward order), then commit.  Any callback may be NULL.  A callback may
 * fail: it records the error in the listener and the commit goes on, so
 * that the view and the listener never disagree about what was asked.
 */
struct memory_listener {
	void (*begin)(struct memory_listener *l);
	void (*commit)(struct memory_listener *l);
	void (*region_add)(struct memory_listener *l,
			   struct memory_region_section *s);
	void (*region_del)(struct memory_listener *l,
			   struct memory_region_section *s);
	void (*region_nop)(struct memory_listener *l,
			   struct memory_region_section *s);
	void (*log_start)(struct memory_listener *l,
			  struct memory_region_section *s, int old, int new);
	void (*log_stop)(struct memory_listener *l,
			 struct memory_region_section *s, int old, int new);
	/*
	 * Dirty logging, QEMU's model: log_sync pulls what the listener's
	 * backend knows into the RAMBlocks' dirty bitmaps for one range;
	 * log_sync_global does it for everything at once, for backends
	 * that cannot look per range (a dirty ring), and is called once
	 * per sync instead of log_sync.  log_clear tells the backend that
	 * a consumer took the bits of @s: it re-arms logging for exactly
	 * the pages it reported there (manual protect), and nothing else.
	 */
	void (*log_sync)(struct memory_listener *l,
			 struct memory_region_section *s);
	void (*log_sync_global)(struct memory_listener *l);
	void (*log_clear)(struct memory_listener *l,
			  struct memory_region_section *s);
	const char		*name;
	int			priority;	/* lower runs first when adding */
	struct address_space	*as;
	struct list_head	link;
};

#endif
