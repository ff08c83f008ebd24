/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_CPU_VCPU_STATE_H
#define VMM_CPU_VCPU_STATE_H

#include <linux/kvm.h>

#include "cpu/vcpu.h"

/*
 * Everything KVM holds of one vCPU that a guest needs to go on where it
 * stopped (the KVM API document's "get" ioctls, as QEMU's
 * kvm_arch_get_registers() collects them): registers, segment and
 * control registers (EFER and the APIC base among them), FPU/XSAVE
 * state, XCR0, pending events, debug registers, the MSRs a guest sets
 * up, and with an in-kernel irqchip the LAPIC and the MP state (an AP
 * still waiting for its SIPI).  Read it only with the vCPU out of
 * KVM_RUN and its last exit completed (cpus_pause() does both).
 */
#define VCPU_STATE_MAX_MSRS	16

#define VCPU_STATE_XSAVE	(1u << 0)	/* else fpu */
#define VCPU_STATE_XCRS		(1u << 1)
#define VCPU_STATE_EVENTS	(1u << 2)
#define VCPU_STATE_DEBUGREGS	(1u << 3)
#define VCPU_STATE_LAPIC	(1u << 4)	/* and mp_state */

struct vcpu_state {
	u32				id;
	u32				valid;		/* VCPU_STATE_* */
	struct kvm_regs			regs;
	struct kvm_sregs		sregs;
	struct kvm_fpu			fpu;
	/*
	 * struct kvm_xsave's legacy 4 KiB region, which KVM_GET_XSAVE fills:
	 * not the struct itself, whose flexible extra[] may not sit here.
	 */
	u32				xsave[1024];
	struct kvm_xcrs			xcrs;
	struct kvm_vcpu_events		events;
	struct kvm_debugregs		debugregs;
	struct kvm_mp_state		mp_state;
	struct kvm_lapic_state		lapic;
	u32				nr_msrs;
	u32				pad;
	struct kvm_msr_entry		msrs[VCPU_STATE_MAX_MSRS];
};

/* Read @v's state into @s; -errno with the vCPU and the ioctl named. */
int vcpu_state_get(struct vcpu *v, struct vcpu_state *s);
/*
 * Load @s into @v (not yet run, or paused), in the order the KVM API
 * document implies: sregs (APIC base) before the LAPIC, the MSRs after
 * sregs (EFER), events last.  -errno with the ioctl named.
 */
int vcpu_state_put(struct vcpu *v, const struct vcpu_state *s);

#endif
