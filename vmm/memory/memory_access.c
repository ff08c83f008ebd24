// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>

#include "memory/address_space.h"
#include "ram/ram_block.h"

/* Where the next range starts after the hole at @addr (or the end). */
static u128 flatview_hole_end(const struct flatview *fv, hwaddr addr)
{
	unsigned int i = flatview_first_above(fv, addr);

	return i < fv->nr ? fv->ranges[i].addr : U128_2_64;
}

/* The widest naturally aligned access (8, 4, 2 or 1 bytes) that fits. */
static unsigned int io_access_size(hwaddr addr, u64 len)
{
	unsigned int size = 8;

	while (size > len || (addr & (size - 1)))
		size >>= 1;
	return size;
}

static void io_read(const struct memory_region *mr, hwaddr off, u8 *buf,
		    u64 len)
{
	while (len) {
		unsigned int size = io_access_size(off, len);
		u64 val = mr->ops && mr->ops->read ?
			  mr->ops->read(mr->opaque, off, size) : ~0ULL;
		unsigned int i;

		for (i = 0; i < size; i++)
			buf[i] = (u8)(val >> (8 * i));
		off += size;
		buf += size;
		len -= size;
	}
}

static void io_write(const struct memory_region *mr, hwaddr off,
		     const u8 *buf, u64 len)
{
	while (len) {
		unsigned int size = io_access_size(off, len);
		u64 val = 0;
		unsigned int i;

		for (i = 0; i < size; i++)
			val |= (u64)buf[i] << (8 * i);
		if (mr->ops && mr->ops->write)
			mr->ops->write(mr->opaque, off, val, size);
		off += size;
		buf += size;
		len -= size;
	}
}

/*
 * One piece of an access within section @s, @off bytes into its region:
 * host memory, the region's callbacks, or (a write to ROM) nothing.
 * Returns false for a dropped write.
 */
static bool section_rw(const struct memory_region_section *s, u64 off,
		       u8 *buf, u64 len, bool is_write)
{
	u8 *host = memory_region_get_ram_ptr(s->mr);

	if (memory_region_section_is_direct(s, is_write)) {
		if (!is_write) {
			memcpy(buf, host + off, len);
			return true;
		}
		memcpy(host + off, buf, len);
		/* No accelerator sees our own writes: log them here. */
		if (s->dirty_log_mask)
			ram_block_set_dirty(memory_region_get_ram_block(s->mr),
					    off, len);
	} else if (!is_write || s->mr->kind == MR_ROM_DEVICE || !host) {
		if (is_write)
			io_write(s->mr, off, buf, len);
		else
			io_read(s->mr, off, buf, len);
	} else {
		return false;
	}
	return true;
}

static int address_space_rw_locked(struct address_space *as, hwaddr addr,
				   u8 *buf, u64 len, bool is_write)
{
	bool hole = false, dropped = false;
	struct memory_region_section s;
	u128 end;
	u64 chunk, off;

	while (len) {
		if (!address_space_translate(as, addr, &s)) {
			end = flatview_hole_end(as->current_map, addr);
			chunk = (u64)MIN((u128)len, end - addr);
			if (!is_write)
				memset(buf, 0xff, chunk);
			hole = true;
		} else {
			end = (u128)s.offset_within_address_space + s.size;
			chunk = (u64)MIN((u128)len, end - addr);
			off = s.offset_within_region +
			      (addr - s.offset_within_address_space);
			dropped |= !section_rw(&s, off, buf, chunk, is_write);
		}
		addr += chunk;
		buf += chunk;
		len -= chunk;
		if (!addr && len)	/* wrapped past 2^64 */
			break;
	}
	if (dropped)
		as->stats.rom_writes_dropped++;
	if (hole) {
		if (is_write)
			as->stats.unassigned_writes++;
		else
			as->stats.unassigned_reads++;
		return -EFAULT;
	}
	return 0;
}

static int address_space_rw(struct address_space *as, hwaddr addr, u8 *buf,
			    u64 len, bool is_write)
{
	int ret;

	pthread_rwlock_rdlock(&as->map_lock);
	ret = address_space_rw_locked(as, addr, buf, len, is_write);
	pthread_rwlock_unlock(&as->map_lock);
	return ret;
}

int address_space_read(struct address_space *as, hwaddr addr, void *buf,
		       u64 len)
{
	return address_space_rw(as, addr, buf, len, false);
}

int address_space_write(struct address_space *as, hwaddr addr,
			const void *buf, u64 len)
{
	return address_space_rw(as, addr, (u8 *)buf, len, true);
}
