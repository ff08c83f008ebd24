// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/vmm.h"
#include "util/error.h"

/* The default guest: guest/e820-probe.bin beside the vmm binary. */
int vmm_set_default_bios(struct vmm *vmm)
{
	char self[4096], *dir;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n <= 0)
		return error_ret(errno, "/proc/self/exe: %s", strerror(errno));
	self[n] = '\0';
	dir = dirname(self);
	if (asprintf(&vmm->default_bios, "%s/guest/e820-probe.bin", dir) < 0)
		return -1;
	if (access(vmm->default_bios, R_OK)) {
		error_setf("-bios: none given, and the default guest %s is "
			   "missing: run make", vmm->default_bios);
		return -1;
	}
	/* The configuration owns its strings: config_free() frees it. */
	vmm->cfg.bios = vmm->default_bios;
	vmm->default_bios = NULL;
	return 0;
}

/*
 * The machine first: every input is checked before KVM is touched.  Its
 * e820 table then follows the CPU that KVM will show the guest.
 */
int vmm_build(struct vmm *vmm)
{
	struct cpu_model cpu;
	int ret;

	ret = pc_machine_init(&vmm->pcms, &vmm->cfg, cpus_request_exit,
			      &vmm->cpus);
	if (ret)
		return ret;
	vmm->have_pcms = true;
	ret = kvm_open(&vmm->kvm);
	if (ret)
		return ret;
	vmm->have_kvm = true;
	ret = cpu_model_of_guest(&cpu, &vmm->kvm);
	if (!ret)
		ret = pc_machine_init_e820(&vmm->pcms, &cpu);
	if (!ret)
		ret = kvm_create_vm(&vmm->kvm, PC_IDENTITY_MAP_ADDR);
	if (ret)
		return ret;
	ret = kvm_memory_listener_init(&vmm->kml, &vmm->kvm,
				       vmm->cfg.max_slot_size);
	if (ret)
		return ret;
	kvm_memory_listener_register(&vmm->kml, &vmm->pcms.as_memory);
	vmm->have_kml = true;
	if (vmm->kml.error) {
		error_setf("%s", vmm->kml.error_msg);
		return vmm->kml.error;
	}
	return 0;
}

int vmm_run_guest(struct vmm *vmm)
{
	if (cpus_init(&vmm->cpus, &vmm->kvm, vmm->cfg.smp, &vmm->pcms.io,
		      &vmm->pcms.as_memory))
		return -1;
	vmm->have_cpus = true;
	return cpus_run(&vmm->cpus, vmm->cfg.timeout);
}

void vmm_teardown(struct vmm *vmm)
{
	if (vmm->have_cpus)
		cpus_destroy(&vmm->cpus);
	if (vmm->have_kml)
		kvm_memory_listener_destroy(&vmm->kml);
	if (vmm->have_pcms)
		pc_machine_destroy(&vmm->pcms);
	if (vmm->have_kvm)
		kvm_close(&vmm->kvm);
	config_free(&vmm->cfg);
	free(vmm->default_bios);
}
