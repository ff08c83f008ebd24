/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_KVM_KVM_IOCTL_H
#define VMM_KVM_KVM_IOCTL_H

#include <stdint.h>

/*
 * Every KVM ioctl the VMM makes goes through here: ioctl()'s result and
 * errno, or the failure a test asked for (util/fault_inject.h), with
 * the request's name.
 */
int kvm_ioctl_named(int fd, unsigned long request, const char *name,
		    unsigned long arg);
#define kvm_ioctl(fd, request, arg) \
	kvm_ioctl_named(fd, request, #request, (unsigned long)(uintptr_t)(arg))

#endif
