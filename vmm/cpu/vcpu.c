// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/kvm.h>

#include "cpu/cpus.h"
#include "cpu/vcpu.h"
#include "util/error.h"

static struct kvm_cpuid2 *kvm_get_supported_cpuid(struct kvm *kvm)
{
	unsigned int nent = 64;
	struct kvm_cpuid2 *cpuid;

	for (;;) {
		cpuid = calloc(1, sizeof(*cpuid) +
				  nent * sizeof(struct kvm_cpuid_entry2));
		if (!cpuid)
			return NULL;
		cpuid->nent = nent;
		if (ioctl(kvm->sys_fd, KVM_GET_SUPPORTED_CPUID, cpuid) == 0)
			return cpuid;
		free(cpuid);
		if (errno != E2BIG)
			return NULL;
		nent *= 2;
	}
}

/* The host's CPUID as KVM offers it, with this vCPU's APIC id. */
static int vcpu_init_cpuid(struct vcpu *v)
{
	struct kvm_cpuid2 *cpuid = kvm_get_supported_cpuid(v->cpus->kvm);
	unsigned int i;
	int ret = 0;

	if (!cpuid)
		return error_ret(errno ? errno : ENOMEM,
				 "vCPU %u: KVM_GET_SUPPORTED_CPUID: %s", v->id,
				 strerror(errno));
	for (i = 0; i < cpuid->nent; i++) {
		struct kvm_cpuid_entry2 *e = &cpuid->entries[i];

		if (e->function == 1)
			e->ebx = (e->ebx & 0x00ffffff) | (v->id << 24);
		if (e->function == 0xb || e->function == 0x1f)
			e->edx = v->id;
	}
	if (ioctl(v->fd, KVM_SET_CPUID2, cpuid) < 0)
		ret = error_ret(errno, "vCPU %u: KVM_SET_CPUID2: %s", v->id,
				strerror(errno));
	free(cpuid);
	return ret;
}

/* Reset state as on hardware: CS base 0xffff0000, IP 0xfff0. */
static int vcpu_reset(struct vcpu *v)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs;

	if (ioctl(v->fd, KVM_GET_SREGS, &sregs) < 0)
		return error_ret(errno, "vCPU %u: KVM_GET_SREGS: %s", v->id,
				 strerror(errno));
	sregs.cs.selector = 0xf000;
	sregs.cs.base = 0xffff0000;
	sregs.cs.limit = 0xffff;
	if (ioctl(v->fd, KVM_SET_SREGS, &sregs) < 0)
		return error_ret(errno, "vCPU %u: KVM_SET_SREGS: %s", v->id,
				 strerror(errno));
	memset(&regs, 0, sizeof(regs));
	regs.rip = 0xfff0;
	regs.rflags = 0x2;
	if (ioctl(v->fd, KVM_SET_REGS, &regs) < 0)
		return error_ret(errno, "vCPU %u: KVM_SET_REGS: %s", v->id,
				 strerror(errno));
	return 0;
}

int vcpu_init(struct vcpu *v, struct cpus *c, unsigned int id)
{
	struct kvm *kvm = c->kvm;
	int ret;

	memset(v, 0, sizeof(*v));
	v->id = id;
	v->cpus = c;
	v->fd = ioctl(kvm->vm_fd, KVM_CREATE_VCPU, (unsigned long)id);
	if (v->fd < 0)
		return error_ret(errno, "vCPU %u: KVM_CREATE_VCPU: %s", id,
				 strerror(errno));
	v->run = mmap(NULL, kvm->vcpu_mmap_size, PROT_READ | PROT_WRITE,
		      MAP_SHARED, v->fd, 0);
	if (v->run == MAP_FAILED) {
		ret = error_ret(errno, "vCPU %u: mmap kvm_run: %s", id,
				strerror(errno));
		v->run = NULL;
		return ret;
	}
	ret = kvm_dirty_ring_init(kvm, &v->ring, v->fd, id);
	if (!ret)
		ret = vcpu_init_cpuid(v);
	if (!ret && id == 0)
		ret = vcpu_reset(v);
	return ret;
}

void vcpu_destroy(struct vcpu *v)
{
	kvm_dirty_ring_destroy(v->cpus->kvm, &v->ring);
	if (v->run)
		munmap(v->run, v->cpus->kvm->vcpu_mmap_size);
	if (v->fd > 0)
		close(v->fd);
	v->run = NULL;
	v->fd = -1;
}

/* Registers for a report of guest misbehaviour, on one line each. */
void vcpu_format_regs(struct vcpu *v, char *buf, size_t len)
{
	struct kvm_sregs s;
	struct kvm_regs r;

	if (ioctl(v->fd, KVM_GET_REGS, &r) < 0 ||
	    ioctl(v->fd, KVM_GET_SREGS, &s) < 0) {
		snprintf(buf, len, "(registers unavailable: %s)",
			 strerror(errno));
		return;
	}
	snprintf(buf, len,
		 "  rip=0x%llx rsp=0x%llx rflags=0x%llx\n"
		 "  rax=0x%llx rbx=0x%llx rcx=0x%llx rdx=0x%llx\n"
		 "  cs=0x%x base=0x%llx ss=0x%x ds=0x%x\n"
		 "  cr0=0x%llx cr3=0x%llx cr4=0x%llx efer=0x%llx "
		 "gdt=0x%llx/0x%x",
		 r.rip, r.rsp, r.rflags, r.rax, r.rbx, r.rcx, r.rdx,
		 s.cs.selector, s.cs.base, s.ss.selector, s.ds.selector,
		 s.cr0, s.cr3, s.cr4, s.efer, s.gdt.base, s.gdt.limit);
}
