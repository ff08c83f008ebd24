// SPDX-License-Identifier: GPL-2.0
#include <errno.h>

#include "util/fault_inject.h"
#include "util/mmap.h"

void *vmm_mmap(void *addr, size_t len, int prot, int flags, int fd,
	       off_t offset)
{
	int err = fault_inject("mmap");

	if (err) {
		errno = err;
		return MAP_FAILED;
	}
	return mmap(addr, len, prot, flags, fd, offset);
}
