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

/* Does a read of this range come straight from host memory? */
static bool range_reads_ram(const struct flat_range *fr)
{
	if (fr->mr->kind == MR_ROM_DEVICE)
		return fr->romd_mode;
	return fr->mr->ram_block != NULL;
}

static int address_space_rw(struct address_space *as, hwaddr addr, u8 *buf,
			    u64 len, bool is_write)
{
	const struct flatview *fv = as->current_map;
	bool hole = false, dropped = false;

	while (len) {
		const struct flat_range *fr = flatview_lookup(fv, addr);
		u64 chunk, off;
		u8 *host;

		if (!fr) {
			chunk = (u64)MIN((u128)len,
					 flatview_hole_end(fv, addr) - addr);
			if (!is_write)
				memset(buf, 0xff, chunk);
			hole = true;
			goto next;
		}
		chunk = (u64)MIN((u128)len, flat_range_end(fr) - addr);
		off = fr->offset_in_region + (addr - fr->addr);
		host = fr->mr->ram_block ?
		       (u8 *)fr->mr->ram_block->host + off : NULL;

		if (!is_write) {
			if (range_reads_ram(fr))
				memcpy(buf, host, chunk);
			else
				io_read(fr->mr, off, buf, chunk);
		} else if (fr->mr->kind == MR_ROM_DEVICE ||
			   !fr->mr->ram_block) {
			io_write(fr->mr, off, buf, chunk);
		} else if (fr->readonly) {
			dropped = true;
		} else {
			memcpy(host, buf, chunk);
		}
next:
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
