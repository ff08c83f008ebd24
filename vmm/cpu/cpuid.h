/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_CPU_CPUID_H
#define VMM_CPU_CPUID_H

#include "util/types.h"

struct kvm;
struct kvm_cpuid2;

/* What the guest's CPUID says that the machine's tables depend on. */
struct cpu_model {
	bool		amd;		/* vendor "AuthenticAMD" */
	unsigned int	phys_bits;	/* 0x80000008 EAX[7:0], or 36 */
};

/*
 * The CPUID table vCPU @id is given: the host's CPUID as
 * KVM_GET_SUPPORTED_CPUID offers it, with @id as the APIC id.  NULL with
 * errno set on failure; free() it.
 */
struct kvm_cpuid2 *cpuid_vcpu_table(struct kvm *kvm, unsigned int id);
/* Read the model from a CPUID table, as the guest would. */
void cpu_model_from_cpuid(struct cpu_model *m, const struct kvm_cpuid2 *c);
/* The model of vCPU 0's table; -errno with the message on failure. */
int cpu_model_of_guest(struct cpu_model *m, struct kvm *kvm);

#endif
