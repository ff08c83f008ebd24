// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/kvm.h>

#include "kvm/kvm.h"
#include "util/error.h"

static int kvm_check_extension(struct kvm *kvm, long cap)
{
	int ret = ioctl(kvm->sys_fd, KVM_CHECK_EXTENSION, cap);

	return ret < 0 ? 0 : ret;
}

static void kvm_read_caps(struct kvm *kvm)
{
	struct kvm_caps *c = &kvm->caps;

	c->nr_memslots = kvm_check_extension(kvm, KVM_CAP_NR_MEMSLOTS);
	/* The API document: without the capability, assume 32 slots. */
	if (!c->nr_memslots)
		c->nr_memslots = 32;
	c->multi_address_space =
		kvm_check_extension(kvm, KVM_CAP_MULTI_ADDRESS_SPACE);
	if (!c->multi_address_space)
		c->multi_address_space = 1;
	c->readonly_mem = kvm_check_extension(kvm, KVM_CAP_READONLY_MEM);
	c->dirty_log_ring = kvm_check_extension(kvm, KVM_CAP_DIRTY_LOG_RING);
	c->dirty_log_ring_acq_rel =
		kvm_check_extension(kvm, KVM_CAP_DIRTY_LOG_RING_ACQ_REL);
	c->manual_dirty_log_protect =
		kvm_check_extension(kvm, KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2);
	c->user_memory2 = kvm_check_extension(kvm, KVM_CAP_USER_MEMORY2);
	c->guest_memfd = kvm_check_extension(kvm, KVM_CAP_GUEST_MEMFD);
	c->irqchip = kvm_check_extension(kvm, KVM_CAP_IRQCHIP);
	c->nr_vcpus = kvm_check_extension(kvm, KVM_CAP_NR_VCPUS);
}

int kvm_open(struct kvm *kvm)
{
	memset(kvm, 0, sizeof(*kvm));
	kvm->vm_fd = -1;
	kvm->sys_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm->sys_fd < 0)
		return error_ret(errno, "/dev/kvm: %s", strerror(errno));
	kvm->caps.api_version = ioctl(kvm->sys_fd, KVM_GET_API_VERSION, 0);
	if (kvm->caps.api_version != KVM_API_VERSION) {
		close(kvm->sys_fd);
		kvm->sys_fd = -1;
		return error_ret(EINVAL, "/dev/kvm: API version %d, need %d",
				 kvm->caps.api_version, KVM_API_VERSION);
	}
	kvm->vcpu_mmap_size = ioctl(kvm->sys_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	kvm_read_caps(kvm);
	return 0;
}

int kvm_create_vm(struct kvm *kvm, u64 identity_map_addr)
{
	u64 ident = identity_map_addr;
	int ret;

	kvm->vm_fd = ioctl(kvm->sys_fd, KVM_CREATE_VM, 0);
	if (kvm->vm_fd < 0)
		return error_ret(errno, "KVM_CREATE_VM: %s", strerror(errno));
	/*
	 * One page of identity map, then three of TSS, as QEMU places them:
	 * the e820 table reserves the four pages.
	 */
	if (ioctl(kvm->vm_fd, KVM_SET_IDENTITY_MAP_ADDR, &ident) < 0) {
		ret = error_ret(errno, "KVM_SET_IDENTITY_MAP_ADDR 0x%llx: %s",
				(unsigned long long)ident, strerror(errno));
		goto fail;
	}
	if (ioctl(kvm->vm_fd, KVM_SET_TSS_ADDR,
		  (unsigned long)(ident + 0x1000)) < 0) {
		ret = error_ret(errno, "KVM_SET_TSS_ADDR 0x%llx: %s",
				(unsigned long long)ident + 0x1000,
				strerror(errno));
		goto fail;
	}
	return 0;
fail:
	close(kvm->vm_fd);
	kvm->vm_fd = -1;
	return ret;
}

int kvm_create_irqchip(struct kvm *kvm)
{
	if (!kvm->caps.irqchip)
		return error_ret(ENOTSUP, "-smp: this KVM has no in-kernel "
				 "irqchip, needed to hold APs until SIPI");
	if (ioctl(kvm->vm_fd, KVM_CREATE_IRQCHIP, 0) < 0)
		return error_ret(errno, "KVM_CREATE_IRQCHIP: %s",
				 strerror(errno));
	return 0;
}

void kvm_close(struct kvm *kvm)
{
	if (kvm->vm_fd >= 0)
		close(kvm->vm_fd);
	if (kvm->sys_fd >= 0)
		close(kvm->sys_fd);
	kvm->vm_fd = kvm->sys_fd = -1;
}
