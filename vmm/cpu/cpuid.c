// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kvm.h>

#include "cpu/cpuid.h"
#include "kvm/kvm.h"
#include "kvm/kvm_ioctl.h"
#include "util/error.h"

static struct kvm_cpuid2 *kvm_get_supported_cpuid(struct kvm *kvm)
{
	unsigned int nent = 64;
	struct kvm_cpuid2 *cpuid;
	int err;

	for (;;) {
		cpuid = calloc(1, sizeof(*cpuid) +
				  nent * sizeof(struct kvm_cpuid_entry2));
		if (!cpuid)
			return NULL;
		cpuid->nent = nent;
		if (kvm_ioctl(kvm->sys_fd, KVM_GET_SUPPORTED_CPUID, cpuid) == 0)
			return cpuid;
		err = errno;
		free(cpuid);
		errno = err;
		if (err != E2BIG)
			return NULL;
		nent *= 2;
	}
}

struct kvm_cpuid2 *cpuid_vcpu_table(struct kvm *kvm, unsigned int id)
{
	struct kvm_cpuid2 *cpuid = kvm_get_supported_cpuid(kvm);
	unsigned int i;

	for (i = 0; cpuid && i < cpuid->nent; i++) {
		struct kvm_cpuid_entry2 *e = &cpuid->entries[i];

		if (e->function == 1)
			e->ebx = (e->ebx & 0x00ffffff) | (id << 24);
		if (e->function == 0xb || e->function == 0x1f)
			e->edx = id;
	}
	return cpuid;
}

/* Leaf @fn (subleaf 0), or NULL when the table does not have it. */
static const struct kvm_cpuid_entry2 *cpuid_leaf(const struct kvm_cpuid2 *c,
						 u32 fn)
{
	unsigned int i;

	for (i = 0; i < c->nent; i++)
		if (c->entries[i].function == fn && !c->entries[i].index)
			return &c->entries[i];
	return NULL;
}

void cpu_model_from_cpuid(struct cpu_model *m, const struct kvm_cpuid2 *c)
{
	const struct kvm_cpuid_entry2 *v = cpuid_leaf(c, 0);
	const struct kvm_cpuid_entry2 *ext = cpuid_leaf(c, 0x80000000);
	const struct kvm_cpuid_entry2 *addr = cpuid_leaf(c, 0x80000008);
	char vendor[13] = "";

	if (v) {
		memcpy(vendor, &v->ebx, 4);
		memcpy(vendor + 4, &v->edx, 4);
		memcpy(vendor + 8, &v->ecx, 4);
	}
	m->amd = !strcmp(vendor, "AuthenticAMD");
	/* The guest reads 0x80000008 only when 0x80000000 says it exists. */
	m->phys_bits = ext && ext->eax >= 0x80000008 && addr ?
		       addr->eax & 0xff : 36;
}

int cpu_model_of_guest(struct cpu_model *m, struct kvm *kvm)
{
	struct kvm_cpuid2 *cpuid = cpuid_vcpu_table(kvm, 0);

	if (!cpuid)
		return error_ret(errno ? errno : ENOMEM,
				 "KVM_GET_SUPPORTED_CPUID: %s",
				 strerror(errno ? errno : ENOMEM));
	cpu_model_from_cpuid(m, cpuid);
	free(cpuid);
	return 0;
}
