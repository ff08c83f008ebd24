// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <sys/ioctl.h>

#include "kvm/kvm_ioctl.h"
#include "util/fault_inject.h"

int kvm_ioctl_named(int fd, unsigned long request, const char *name,
		    unsigned long arg)
{
	int err = fault_inject(name);

	if (err) {
		errno = err;
		return -1;
	}
	return ioctl(fd, request, arg);
}
