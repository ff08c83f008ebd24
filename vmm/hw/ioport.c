// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>

#include "hw/ioport.h"
#include "util/error.h"

int ioport_register(struct ioport_bus *bus, u16 base, u16 len,
		    const char *name, const struct ioport_ops *ops,
		    void *opaque)
{
	unsigned int i;

	for (i = 0; i < bus->nr; i++) {
		const struct ioport *p = &bus->ports[i];

		if ((u32)base < (u32)p->base + p->len &&
		    (u32)p->base < (u32)base + len)
			return error_ret(EBUSY, "%s ports [0x%x, 0x%x) overlap "
					 "%s [0x%x, 0x%x)", name, base,
					 base + len, p->name, p->base,
					 p->base + p->len);
	}
	if (bus->nr == IOPORT_MAX)
		return error_ret(ENOSPC, "%s: too many port devices", name);
	bus->ports[bus->nr++] = (struct ioport) {
		.base = base, .len = len, .name = name, .ops = ops,
		.opaque = opaque,
	};
	return 0;
}

static struct ioport *ioport_find(struct ioport_bus *bus, u16 port)
{
	unsigned int i;

	for (i = 0; i < bus->nr; i++) {
		struct ioport *p = &bus->ports[i];

		if (port >= p->base && port - p->base < p->len)
			return p;
	}
	return NULL;
}

void ioport_read(struct ioport_bus *bus, u16 port, void *data,
		 unsigned int size)
{
	struct ioport *p = ioport_find(bus, port);
	u32 val = ~0u;

	if (p && p->ops->read)
		val = p->ops->read(p->opaque, port - p->base, size);
	else if (!p)
		bus->unassigned_reads++;
	memcpy(data, &val, size);	/* x86: little-endian */
}

void ioport_write(struct ioport_bus *bus, u16 port, const void *data,
		  unsigned int size)
{
	struct ioport *p = ioport_find(bus, port);
	u32 val = 0;

	memcpy(&val, data, size);
	if (p && p->ops->write)
		p->ops->write(p->opaque, port - p->base, val, size);
	else if (!p)
		bus->unassigned_writes++;
}
