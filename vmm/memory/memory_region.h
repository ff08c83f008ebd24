/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_MEMORY_MEMORY_REGION_H
#define VMM_MEMORY_MEMORY_REGION_H

#include "util/list.h"
#include "util/types.h"

struct ram_block;
struct ram_block_desc;

/*
 * Device callbacks of an I/O or ROM-device region.  Accesses are 1, 2, 4
 * or 8 bytes wide, naturally aligned; @addr is relative to the region.
 * A NULL read returns all ones, a NULL write drops the value.
 */
struct memory_region_ops {
	u64  (*read)(void *opaque, hwaddr addr, unsigned int size);
	void (*write)(void *opaque, hwaddr addr, u64 val, unsigned int size);
};

enum memory_region_kind {
	MR_CONTAINER,	/* only subregions; holes fall through to siblings */
	MR_RAM,		/* host memory from a RAMBlock */
	MR_ROM,		/* RAM that the guest cannot write */
	MR_ROM_DEVICE,	/* RAM reads in romd mode, callbacks otherwise */
	MR_IO,		/* callbacks only */
	MR_ALIAS,	/* a window onto another region */
};

/* Dirty-log clients, as bits of dirty_log_mask. */
#define DIRTY_MEMORY_VGA	0
#define DIRTY_MEMORY_CODE	1
#define DIRTY_MEMORY_MIGRATION	2
#define DIRTY_MEMORY_NUM	3

/*
 * A node of the memory tree.  The caller owns the structure and keeps it
 * alive while it is a subregion or an alias target; all fields are
 * private to vmm/memory: change them only through the functions below,
 * which schedule a re-render at the outermost transaction commit.
 */
struct memory_region {
	char			*name;
	enum memory_region_kind	kind;
	u128			size;
	hwaddr			addr;		/* within the container */
	int			priority;
	bool			enabled;
	bool			readonly;
	bool			romd_mode;
	bool			may_overlap;
	u8			dirty_log_mask;

	struct ram_block	*ram_block;	/* RAM, ROM, ROM device */
	struct memory_region	*alias;
	hwaddr			alias_offset;
	unsigned int		alias_count;	/* aliases pointing here */

	const struct memory_region_ops *ops;
	void			*opaque;

	struct memory_region	*container;
	struct list_head	subregions;	/* priority desc, newest first */
	struct list_head	subregions_link;
};

/* The init functions return 0 or -errno (with error_get() set). */
void memory_region_init(struct memory_region *mr, const char *name, u128 size);
int memory_region_init_ram(struct memory_region *mr, const char *name,
			   u64 size);
int memory_region_init_rom(struct memory_region *mr, const char *name,
			   u64 size);
int memory_region_init_rom_device(struct memory_region *mr, const char *name,
				  u64 size, const struct memory_region_ops *ops,
				  void *opaque);
/* RAM whose host memory the caller provides (and keeps mapped). */
int memory_region_init_ram_ptr(struct memory_region *mr, const char *name,
			       u64 size, void *host);
/*
 * RAM from host memory a backend describes (an fd, its page size,
 * shared or private, the RAMBlock's id).  Like every init function that
 * creates a RAMBlock, the region owns it: finalize frees it.
 */
int memory_region_init_ram_desc(struct memory_region *mr, const char *name,
				const struct ram_block_desc *desc);
void memory_region_init_io(struct memory_region *mr, const char *name,
			   u128 size, const struct memory_region_ops *ops,
			   void *opaque);
void memory_region_init_alias(struct memory_region *mr, const char *name,
			      struct memory_region *orig, hwaddr offset,
			      u128 size);
/*
 * Frees the name and the RAMBlock; @mr must not be mapped or aliased.
 * A zeroed region (never initialised) may be finalized: nothing happens.
 */
void memory_region_finalize(struct memory_region *mr);

/*
 * Map @sub at @offset in @mr.  The non-overlapping variant fails with
 * -EBUSY when it would collide with a sibling that is not overlap-capable;
 * the overlapping one sets @priority and never collides.  Among siblings
 * of equal priority the one added last wins.
 */
int memory_region_add_subregion(struct memory_region *mr, hwaddr offset,
				struct memory_region *sub);
int memory_region_add_subregion_overlap(struct memory_region *mr,
					hwaddr offset,
					struct memory_region *sub,
					int priority);
void memory_region_del_subregion(struct memory_region *mr,
				 struct memory_region *sub);
/* Move within its container; it becomes the newest among its peers. */
void memory_region_set_address(struct memory_region *mr, hwaddr addr);
void memory_region_set_alias_offset(struct memory_region *mr, hwaddr offset);
void memory_region_set_enabled(struct memory_region *mr, bool enabled);
void memory_region_set_readonly(struct memory_region *mr, bool readonly);
void memory_region_rom_device_set_romd(struct memory_region *mr, bool romd);
/* Start or stop dirty logging for @client (DIRTY_MEMORY_*). */
void memory_region_set_log(struct memory_region *mr, bool log,
			   unsigned int client);

/* Whether @mr has host memory: RAM, ROM or a ROM device. */
bool memory_region_is_ram(const struct memory_region *mr);
/* Accessors, so that nothing outside vmm/memory reads the fields. */
const char *memory_region_name(const struct memory_region *mr);
u128 memory_region_size(const struct memory_region *mr);
/* The host address of offset 0 (through aliases), or NULL. */
void *memory_region_get_ram_ptr(const struct memory_region *mr);
/* The RAMBlock behind @mr (through aliases), or NULL. */
struct ram_block *memory_region_get_ram_block(const struct memory_region *mr);
/* "ram", "rom", "romd" or "i/o", as QEMU's `info mtree` prints them. */
const char *memory_region_type(const struct memory_region *mr);

/*
 * Transactions nest; every change made inside the outermost one is
 * rendered, diffed and handed to the listeners once, at its commit.
 * Changes made outside any transaction commit at once.
 */
void memory_region_transaction_begin(void);
void memory_region_transaction_commit(void);

#endif
