// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "memory/memory_listener.h"
#include "memory/memory_region.h"
#include "memory/transaction.h"
#include "ram/ram_block.h"
#include "util/error.h"

static void memory_region_init_kind(struct memory_region *mr,
				    const char *name, u128 size,
				    enum memory_region_kind kind)
{
	memset(mr, 0, sizeof(*mr));
	mr->name = strdup(name ? name : "anonymous");
	mr->kind = kind;
	mr->size = size;
	mr->enabled = true;
	INIT_LIST_HEAD(&mr->subregions);
	INIT_LIST_HEAD(&mr->subregions_link);
}

void memory_region_init(struct memory_region *mr, const char *name, u128 size)
{
	memory_region_init_kind(mr, name, size, MR_CONTAINER);
}

int memory_region_init_ram_desc(struct memory_region *mr, const char *name,
				const struct ram_block_desc *desc)
{
	memory_region_init_kind(mr, name, desc->size, MR_RAM);
	mr->ram_block = ram_block_new(desc);
	if (!mr->ram_block) {
		free(mr->name);
		mr->name = NULL;
		return -ENOMEM;
	}
	return 0;
}

static int memory_region_init_block(struct memory_region *mr,
				    const char *name, u64 size, void *host,
				    enum memory_region_kind kind)
{
	struct ram_block_desc d = {
		.idstr = name, .size = size, .host = host, .fd = -1,
	};
	int ret = memory_region_init_ram_desc(mr, name, &d);

	mr->kind = kind;
	return ret;
}

int memory_region_init_ram(struct memory_region *mr, const char *name,
			   u64 size)
{
	return memory_region_init_block(mr, name, size, NULL, MR_RAM);
}

int memory_region_init_ram_ptr(struct memory_region *mr, const char *name,
			       u64 size, void *host)
{
	return memory_region_init_block(mr, name, size, host, MR_RAM);
}

int memory_region_init_rom(struct memory_region *mr, const char *name,
			   u64 size)
{
	int ret = memory_region_init_block(mr, name, size, NULL, MR_ROM);

	if (!ret)
		mr->readonly = true;
	return ret;
}

int memory_region_init_rom_device(struct memory_region *mr, const char *name,
				  u64 size, const struct memory_region_ops *ops,
				  void *opaque)
{
	int ret = memory_region_init_block(mr, name, size, NULL,
					   MR_ROM_DEVICE);

	if (ret)
		return ret;
	mr->ops = ops;
	mr->opaque = opaque;
	mr->romd_mode = true;
	return 0;
}

void memory_region_init_io(struct memory_region *mr, const char *name,
			   u128 size, const struct memory_region_ops *ops,
			   void *opaque)
{
	memory_region_init_kind(mr, name, size, MR_IO);
	mr->ops = ops;
	mr->opaque = opaque;
}

void memory_region_init_alias(struct memory_region *mr, const char *name,
			      struct memory_region *orig, hwaddr offset,
			      u128 size)
{
	memory_region_init_kind(mr, name, size, MR_ALIAS);
	mr->alias = orig;
	mr->alias_offset = offset;
	orig->alias_count++;
}

void memory_region_finalize(struct memory_region *mr)
{
	if (mr->alias)
		mr->alias->alias_count--;
	mr->alias = NULL;
	ram_block_free(mr->ram_block);
	mr->ram_block = NULL;
	free(mr->name);
	mr->name = NULL;
}

bool memory_region_is_ram(const struct memory_region *mr)
{
	return mr->ram_block != NULL;
}

const char *memory_region_name(const struct memory_region *mr)
{
	return mr->name;
}

u128 memory_region_size(const struct memory_region *mr)
{
	return mr->size;
}

struct ram_block *memory_region_get_ram_block(const struct memory_region *mr)
{
	while (mr->alias)
		mr = mr->alias;
	return mr->ram_block;
}

void *memory_region_get_ram_ptr(const struct memory_region *mr)
{
	struct ram_block *b = memory_region_get_ram_block(mr);

	return b ? b->host : NULL;
}

bool memory_region_section_is_direct(const struct memory_region_section *s,
				     bool is_write)
{
	const struct memory_region *mr = s->mr;

	if (!mr->ram_block)
		return false;
	if (is_write)
		return !s->readonly && mr->kind != MR_ROM_DEVICE;
	return mr->kind != MR_ROM_DEVICE || s->romd_mode;
}

const char *memory_region_type(const struct memory_region *mr)
{
	while (mr->alias)
		mr = mr->alias;
	if (mr->kind == MR_ROM_DEVICE)
		return mr->romd_mode ? "romd" : "i/o";
	if (mr->kind == MR_ROM || (mr->ram_block && mr->readonly))
		return "rom";
	return mr->ram_block ? "ram" : "i/o";
}

static bool ranges_overlap(hwaddr a, u128 asize, hwaddr b, u128 bsize)
{
	return (u128)a < (u128)b + bsize && (u128)b < (u128)a + asize;
}

static int memory_region_check_collision(struct memory_region *mr,
					 struct memory_region *sub,
					 hwaddr offset, bool may_overlap)
{
	struct memory_region *other;

	if (may_overlap)
		return 0;
	list_for_each_entry(other, &mr->subregions, subregions_link) {
		if (other->may_overlap || !ranges_overlap(offset, sub->size,
							  other->addr,
							  other->size))
			continue;
		return error_ret(EBUSY,
			"%s [0x%" PRIx64 ", 0x%" PRIx64 ") overlaps %s "
			"[0x%" PRIx64 ", 0x%" PRIx64 ") in %s",
			sub->name, offset, (u64)(offset + sub->size - 1) + 1,
			other->name, other->addr,
			(u64)(other->addr + other->size - 1) + 1, mr->name);
	}
	return 0;
}

/* Priority descending; a newcomer goes before its equals, so it wins. */
static void memory_region_link_subregion(struct memory_region *mr,
					 struct memory_region *sub)
{
	struct memory_region *other;

	list_for_each_entry(other, &mr->subregions, subregions_link) {
		if (sub->priority >= other->priority) {
			list_insert_between(&sub->subregions_link,
					    other->subregions_link.prev,
					    &other->subregions_link);
			return;
		}
	}
	list_add_tail(&sub->subregions_link, &mr->subregions);
}

/*
 * A failed add changes nothing: @sub may be mapped elsewhere already, and
 * its priority is its place in that container's list.
 */
static int memory_region_add_subregion_common(struct memory_region *mr,
					      hwaddr offset,
					      struct memory_region *sub,
					      bool may_overlap, int priority)
{
	if (sub->container)
		return error_ret(EBUSY, "%s is already mapped in %s",
				 sub->name, sub->container->name);
	if (memory_region_check_collision(mr, sub, offset, may_overlap))
		return -EBUSY;
	memory_region_transaction_begin();
	sub->may_overlap = may_overlap;
	sub->priority = priority;
	sub->container = mr;
	sub->addr = offset;
	memory_region_link_subregion(mr, sub);
	memory_region_update_pending = true;
	memory_region_transaction_commit();
	return 0;
}

int memory_region_add_subregion(struct memory_region *mr, hwaddr offset,
				struct memory_region *sub)
{
	return memory_region_add_subregion_common(mr, offset, sub, false, 0);
}

int memory_region_add_subregion_overlap(struct memory_region *mr,
					hwaddr offset,
					struct memory_region *sub,
					int priority)
{
	return memory_region_add_subregion_common(mr, offset, sub, true,
						  priority);
}

void memory_region_del_subregion(struct memory_region *mr,
				 struct memory_region *sub)
{
	if (sub->container != mr)
		return;
	memory_region_transaction_begin();
	list_del_init(&sub->subregions_link);
	sub->container = NULL;
	memory_region_update_pending = true;
	memory_region_transaction_commit();
}

void memory_region_set_address(struct memory_region *mr, hwaddr addr)
{
	struct memory_region *container = mr->container;

	if (addr == mr->addr || !container) {
		mr->addr = addr;
		return;
	}
	memory_region_transaction_begin();
	list_del_init(&mr->subregions_link);
	mr->addr = addr;
	memory_region_link_subregion(container, mr);
	memory_region_update_pending = true;
	memory_region_transaction_commit();
}

/* Any change of a region that might be visible asks for a re-render. */
static void memory_region_changed(void)
{
	memory_region_transaction_begin();
	memory_region_update_pending = true;
	memory_region_transaction_commit();
}

void memory_region_set_alias_offset(struct memory_region *mr, hwaddr offset)
{
	if (mr->alias_offset == offset)
		return;
	mr->alias_offset = offset;
	memory_region_changed();
}

void memory_region_set_enabled(struct memory_region *mr, bool enabled)
{
	if (mr->enabled == enabled)
		return;
	mr->enabled = enabled;
	memory_region_changed();
}

void memory_region_set_readonly(struct memory_region *mr, bool readonly)
{
	if (mr->readonly == readonly)
		return;
	mr->readonly = readonly;
	memory_region_changed();
}

void memory_region_rom_device_set_romd(struct memory_region *mr, bool romd)
{
	if (mr->romd_mode == romd)
		return;
	mr->romd_mode = romd;
	memory_region_changed();
}

void memory_region_set_log(struct memory_region *mr, bool log,
			   unsigned int client)
{
	u8 mask = 1u << client;
	u8 old = mr->dirty_log_mask;

	mr->dirty_log_mask = log ? (old | mask) : (old & ~mask);
	if (mr->dirty_log_mask != old)
		memory_region_changed();
}
