/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_HW_DEBUG_EXIT_H
#define VMM_HW_DEBUG_EXIT_H

#include "hw/ioport.h"

/* QEMU's isa-debug-exit defaults. */
#define DEBUG_EXIT_IOBASE	0xf4
#define DEBUG_EXIT_IOSIZE	4

/* -device isa-debug-exit[,iobase=N][,iosize=N] */
struct debug_exit_params {
	bool	present;
	u16	iobase;
	u8	iosize;
};

/* Absent, at QEMU's default ports. */
void debug_exit_params_init(struct debug_exit_params *p);
/* The ports must end at 0xffff at the latest: -EINVAL with the reason. */
int debug_exit_params_check(const struct debug_exit_params *p);

/*
 * isa-debug-exit: a write of V ends the VM with status (V << 1) | 1, as
 * QEMU's device does, so guests and tests read the same statuses.
 */
struct debug_exit {
	void	(*request_exit)(void *opaque, int status);
	void	*opaque;
};

int debug_exit_init(struct debug_exit *d, struct ioport_bus *bus,
		    const struct debug_exit_params *p,
		    void (*request_exit)(void *, int), void *opaque);

#endif
