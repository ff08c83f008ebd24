/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_CPU_VCPU_H
#define VMM_CPU_VCPU_H

#include <pthread.h>
#include <stddef.h>

#include "kvm/kvm_dirty_ring.h"
#include "util/types.h"

struct cpus;

struct vcpu {
	unsigned int		id;
	int			fd;
	struct kvm_run		*run;
	pthread_t		thread;
	bool			started;
	struct cpus		*cpus;
	struct kvm_dirty_ring	ring;		/* dirty-ring mode only */
	u64			io_exits;
	u64			mmio_exits;
	u64			slot_seq;	/* before the last KVM_RUN */
	/*
	 * The last exit (port or MMIO) completes only at the next KVM_RUN
	 * (the KVM API document, "kvm_run"): until then the registers
	 * are not the guest's whole state.
	 */
	bool			exit_pending;
};

/*
 * Create vCPU @id of @c's VM with cpuid_vcpu_table()'s CPUID; the boot
 * processor (id 0) is put at the architectural reset state, the others
 * wait for INIT/SIPI in the in-kernel APIC.
 */
int vcpu_init(struct vcpu *v, struct cpus *c, unsigned int id);
void vcpu_destroy(struct vcpu *v);
/* The thread body: KVM_RUN and exit dispatch until the VM ends. */
void *vcpu_thread(void *opaque);
/* General and segment registers, for reports of guest misbehaviour. */
void vcpu_format_regs(struct vcpu *v, char *buf, size_t len);

#endif
