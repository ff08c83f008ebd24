/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_UTIL_MMAP_H
#define VMM_UTIL_MMAP_H

#include <sys/mman.h>
#include <sys/types.h>

/*
 * Every mmap the VMM makes (guest RAM, kvm_run): mmap()'s result and
 * errno, or the failure a test asked for (util/fault_inject.h).
 */
void *vmm_mmap(void *addr, size_t len, int prot, int flags, int fd,
	       off_t offset);

#endif
