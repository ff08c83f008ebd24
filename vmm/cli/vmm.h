/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_CLI_VMM_H
#define VMM_CLI_VMM_H

#include "cli/config.h"
#include "cpu/cpus.h"
#include "hw/pc.h"
#include "kvm/kvm_slots.h"

/* A whole VM as the vmm program assembles it from a configuration. */
struct vmm {
	struct vmm_config		cfg;
	struct kvm			kvm;
	struct pc_machine		pcms;
	struct kvm_memory_listener	kml;
	struct cpus			cpus;
	char				*default_bios;
	bool				have_kvm, have_pcms, have_kml;
	bool				have_cpus;
};

/*
 * Build the machine of vmm->cfg (every input checked before KVM is
 * touched), then the KVM VM and its slots.  -errno with error_get() set;
 * vmm_teardown() undoes whatever was built.
 */
int vmm_build(struct vmm *vmm);
/* Create the vCPUs and run until the VM ends; its exit status. */
int vmm_run_guest(struct vmm *vmm);
void vmm_teardown(struct vmm *vmm);
/* Point cfg.bios at guest/e820-probe.bin beside the running binary. */
int vmm_set_default_bios(struct vmm *vmm);

#endif
