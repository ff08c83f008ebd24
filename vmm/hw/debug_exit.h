/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_HW_DEBUG_EXIT_H
#define VMM_HW_DEBUG_EXIT_H

#include "hw/ioport.h"

/*
 * isa-debug-exit: a write of V ends the VM with status (V << 1) | 1, as
 * QEMU's device does, so guests and tests read the same statuses.
 */
struct debug_exit {
	void	(*request_exit)(void *opaque, int status);
	void	*opaque;
};

int debug_exit_init(struct debug_exit *d, struct ioport_bus *bus, u16 iobase,
		    u8 iosize, void (*request_exit)(void *, int),
		    void *opaque);

#endif
