// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <linux/kvm.h>

#include "kvm/kvm.h"
#include "kvm/kvm_ioctl.h"
#include "util/error.h"

/* What KVM_CHECK_EXTENSION says of @cap: 0 when absent, -errno on error. */
static int kvm_check_extension(struct kvm *kvm, long cap, const char *name,
			       int *val)
{
	int ret = kvm_ioctl(kvm->sys_fd, KVM_CHECK_EXTENSION, cap);

	if (ret < 0)
		return error_ret(errno, "KVM_CHECK_EXTENSION %s: %s", name,
				 strerror(errno));
	*val = ret;
	return 0;
}

#define CAP(c)	{ c, #c }
static const struct {
	long		cap;
	const char	*name;
} kvm_caps_read[] = {
	CAP(KVM_CAP_NR_MEMSLOTS), CAP(KVM_CAP_MULTI_ADDRESS_SPACE),
	CAP(KVM_CAP_READONLY_MEM), CAP(KVM_CAP_DIRTY_LOG_RING),
	CAP(KVM_CAP_DIRTY_LOG_RING_ACQ_REL),
	CAP(KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2), CAP(KVM_CAP_USER_MEMORY2),
	CAP(KVM_CAP_GUEST_MEMFD), CAP(KVM_CAP_IRQCHIP), CAP(KVM_CAP_NR_VCPUS),
};

static int kvm_read_caps(struct kvm *kvm)
{
	int v[ARRAY_SIZE(kvm_caps_read)];
	struct kvm_caps *c = &kvm->caps;
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(kvm_caps_read); i++) {
		ret = kvm_check_extension(kvm, kvm_caps_read[i].cap,
					  kvm_caps_read[i].name, &v[i]);
		if (ret)
			return ret;
	}
	/* The API document: without the capability, assume 32 slots. */
	c->nr_memslots = v[0] ? v[0] : 32;
	c->multi_address_space = v[1] ? v[1] : 1;
	c->readonly_mem = v[2];
	c->dirty_log_ring = v[3];
	c->dirty_log_ring_acq_rel = v[4];
	c->manual_dirty_log_protect = v[5];
	c->user_memory2 = v[6];
	c->guest_memfd = v[7];
	c->irqchip = v[8];
	c->nr_vcpus = v[9];
	return 0;
}

static int kvm_open_sys(struct kvm *kvm)
{
	int v = kvm_ioctl(kvm->sys_fd, KVM_GET_VCPU_MMAP_SIZE, 0);

	if (v <= 0)
		return error_ret(v < 0 ? errno : EINVAL,
				 "/dev/kvm: KVM_GET_VCPU_MMAP_SIZE: %s",
				 v < 0 ? strerror(errno) : "size 0");
	kvm->vcpu_mmap_size = v;
	return kvm_read_caps(kvm);
}

int kvm_open(struct kvm *kvm)
{
	int v;

	memset(kvm, 0, sizeof(*kvm));
	kvm->vm_fd = -1;
	kvm->sys_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm->sys_fd < 0)
		return error_ret(errno, "/dev/kvm: %s", strerror(errno));
	v = kvm_ioctl(kvm->sys_fd, KVM_GET_API_VERSION, 0);
	if (v != KVM_API_VERSION) {
		int err = v < 0 ? errno : EINVAL;

		close(kvm->sys_fd);
		kvm->sys_fd = -1;
		if (v < 0)
			return error_ret(err, "/dev/kvm: KVM_GET_API_VERSION: "
					 "%s", strerror(err));
		return error_ret(err, "/dev/kvm: API version %d, need %d", v,
				 KVM_API_VERSION);
	}
	kvm->caps.api_version = v;
	return kvm_open_sys(kvm);
}

int kvm_create_vm(struct kvm *kvm, u64 identity_map_addr)
{
	u64 ident = identity_map_addr;
	int ret;

	kvm->vm_fd = kvm_ioctl(kvm->sys_fd, KVM_CREATE_VM, 0);
	if (kvm->vm_fd < 0)
		return error_ret(errno, "KVM_CREATE_VM: %s", strerror(errno));
	/*
	 * One page of identity map, then three of TSS, as QEMU places them:
	 * the e820 table reserves the four pages.
	 */
	if (kvm_ioctl(kvm->vm_fd, KVM_SET_IDENTITY_MAP_ADDR, &ident) < 0) {
		ret = error_ret(errno, "KVM_SET_IDENTITY_MAP_ADDR 0x%llx: %s",
				(unsigned long long)ident, strerror(errno));
		goto fail;
	}
	if (kvm_ioctl(kvm->vm_fd, KVM_SET_TSS_ADDR,
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
	if (kvm_ioctl(kvm->vm_fd, KVM_CREATE_IRQCHIP, 0) < 0)
		return error_ret(errno, "KVM_CREATE_IRQCHIP: %s",
				 strerror(errno));
	kvm->has_irqchip = true;
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
