/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_RAM_HOST_MEMORY_BACKEND_H
#define VMM_RAM_HOST_MEMORY_BACKEND_H

#include "cli/config.h"
#include "ram/ram_block.h"

/*
 * A memdev (-object memory-backend-ram|memfd|file): host memory of the
 * requested kind, bound to host NUMA nodes by policy, optionally
 * preallocated.  Its RAMBlock is named "/objects/<id>" as in QEMU.
 */
struct host_memory_backend {
	const struct config_memdev	*cfg;
	struct ram_block		*block;
	int				fd;
};

int host_memory_backend_init(struct host_memory_backend *be,
			     const struct config_memdev *cfg);
void host_memory_backend_destroy(struct host_memory_backend *be);

#endif
