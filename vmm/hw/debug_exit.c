// SPDX-License-Identifier: GPL-2.0
#include <errno.h>

#include "hw/debug_exit.h"
#include "util/error.h"

void debug_exit_params_init(struct debug_exit_params *p)
{
	p->present = false;
	p->iobase = DEBUG_EXIT_IOBASE;
	p->iosize = DEBUG_EXIT_IOSIZE;
}

int debug_exit_params_check(const struct debug_exit_params *p)
{
	if ((u32)p->iobase + p->iosize > 0x10000)
		return error_ret(EINVAL, "iobase 0x%x with iosize %u runs past "
				 "port 0xffff", p->iobase, p->iosize);
	return 0;
}

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

int debug_exit_init(struct debug_exit *d, struct ioport_bus *bus,
		    const struct debug_exit_params *p,
		    void (*request_exit)(void *, int), void *opaque)
{
	int ret = debug_exit_params_check(p);

	if (ret)
		return ret;
	d->request_exit = request_exit;
	d->opaque = opaque;
	return ioport_register(bus, p->iobase, p->iosize, "isa-debug-exit",
			       &debug_exit_ops, d);
}
