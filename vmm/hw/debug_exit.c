// SPDX-License-Identifier: GPL-2.0
#include "hw/debug_exit.h"

static void debug_exit_write(void *opaque, u16 port, u32 val,
			     unsigned int size)
{
	struct debug_exit *d = opaque;

	(void)port;
	(void)size;
	d->request_exit(d->opaque, (int)((val << 1) | 1));
}

static const struct ioport_ops debug_exit_ops = {
	.write = debug_exit_write,
};

int debug_exit_init(struct debug_exit *d, struct ioport_bus *bus, u16 iobase,
		    u8 iosize, void (*request_exit)(void *, int),
		    void *opaque)
{
	d->request_exit = request_exit;
	d->opaque = opaque;
	return ioport_register(bus, iobase, iosize, "isa-debug-exit",
			       &debug_exit_ops, d);
}
