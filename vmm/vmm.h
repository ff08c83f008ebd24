/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_VMM_H
#define VMM_VMM_H

#include "cpu/cpus.h"
#include "hw/pc.h"
#include "kvm/kvm_slot_exits.h"
#include "kvm/kvm_slots.h"
#include "witness/stamps.h"

/*
 * Everything a VM is built from, typed: the machine's parameters and the
 * accelerator's.  The vmm program fills it from its options (cli/), a
 * test fills it by hand; nothing here reads option text.
 */
struct vmm_params {
	struct pc_machine_params	machine;
	u64				max_slot_size;	/* 0: no limit */
	struct kvm_dirty_log_params	dirty_log;
	unsigned int			timeout;	/* seconds, 0: none */
	/*
	 * Strict slots (default on): an exit on slotted memory ends the
	 * run with VMM_EXIT_SLOT_EXITS; off, it is only counted.
	 */
	bool				strict_slots;
	struct kvm_slot_hook_params	slot_hook;	/* TEST ONLY */
};

/*
 * QEMU's defaults (pc_machine_params_init()), no slot limit or timeout,
 * strict slots.
 */
void vmm_params_init(struct vmm_params *p);
void vmm_params_free(struct vmm_params *p);
/* The checks across parameters (pc_machine_params_check()). */
int vmm_params_check(const struct vmm_params *p);

/* A whole VM: the machine, its KVM VM and slots, its vCPUs. */
struct vmm {
	const struct vmm_params		*params;
	struct kvm			kvm;
	struct pc_machine		pcms;
	struct kvm_memory_listener	kml;
	struct cpus			cpus;
	struct kvm_slot_exits		slot_exits;
	struct stamps			stamps;
	int				guest_status;	/* before the checks */
	bool				have_kvm, have_pcms, have_kml;
	bool				have_cpus, have_stamps;
};

/*
 * Build the machine of @p (every input checked before KVM is touched),
 * then its e820 table for the CPU KVM shows the guest
 * (cpu_model_of_guest()), the KVM VM and its slots.  @p stays the
 * caller's until vmm_teardown().  -errno with error_get() set;
 * vmm_teardown() undoes whatever was built.
 */
int vmm_build(struct vmm *vmm, const struct vmm_params *p);
/*
 * Create the vCPUs and run until the VM ends; its exit status: the
 * guest's own, unless a host-side check failed (VMM_EXIT_SLOT_EXITS:
 * vmm->slot_exits says which slots; VMM_EXIT_STAMPS: vmm->stamps says
 * which page).
 */
int vmm_run_guest(struct vmm *vmm);
/*
 * The same in two halves, for a caller that works while the guest runs
 * (and may hold the vCPUs with cpus_pause()): start returns 0 or -errno
 * once the vCPU threads run, wait returns the VM's exit status.
 */
int vmm_start_guest(struct vmm *vmm);
/*
 * Only create the vCPUs (at the reset state, not running), for a
 * caller that loads their state first (a restore); vmm_start_guest()
 * then runs them.
 */
int vmm_create_cpus(struct vmm *vmm);
int vmm_wait_guest(struct vmm *vmm);
/*
 * Undo what was built, whatever failed before; -errno with error_get()
 * set when KVM refused to delete a slot (the rest is undone anyway).
 */
int vmm_teardown(struct vmm *vmm);

#endif
