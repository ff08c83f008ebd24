// SPDX-License-Identifier: GPL-2.0
/*
 * The VM builder: the machine first (every input checked before KVM is
 * touched), then, once KVM is open, its e820 table, the KVM VM, its slot
 * listener and its vCPUs, torn down in the reverse order.
 */
#include <errno.h>
#include <string.h>

#include "cpu/cpuid.h"
#include "util/error.h"
#include "vmm.h"

void vmm_params_init(struct vmm_params *p)
{
	memset(p, 0, sizeof(*p));
	pc_machine_params_init(&p->machine);
	p->strict_slots = true;
}

void vmm_params_free(struct vmm_params *p)
{
	pc_machine_params_free(&p->machine);
	memset(p, 0, sizeof(*p));
}

int vmm_params_check(const struct vmm_params *p)
{
	int ret = pc_machine_params_check(&p->machine);

	return ret ? ret : kvm_dirty_log_params_check(&p->dirty_log);
}

/*
 * The slot listener's final syncs hold the vCPUs, once they exist: the
 * listener is below cpu/ and asks through this.
 */
static void vmm_hold_vcpus(void *opaque, bool hold)
{
	struct vmm *vmm = opaque;

	if (!vmm->have_cpus)
		return;
	if (hold)
		cpus_pause(&vmm->cpus);
	else
		cpus_resume(&vmm->cpus);
}

/*
 * The e820 table follows the CPU the guest is shown (AMD's HyperTransport
 * hole), which only KVM can tell: vCPU 0's CPUID.
 */
static int vmm_build_e820(struct vmm *vmm)
{
	struct cpu_model cpu;
	int ret = cpu_model_of_guest(&cpu, &vmm->kvm);

	if (ret)
		return ret;
	return pc_machine_init_e820(&vmm->pcms, cpu.amd, cpu.phys_bits);
}

static int vmm_build_kvm(struct vmm *vmm)
{
	int ret;

	ret = kvm_open(&vmm->kvm);
	vmm->have_kvm = vmm->kvm.sys_fd >= 0;
	if (ret)
		return ret;
	vmm->have_kvm = true;
	ret = vmm_build_e820(vmm);
	if (ret)
		return ret;
	ret = kvm_create_vm(&vmm->kvm, PC_IDENTITY_MAP_ADDR);
	if (!ret)
		ret = kvm_dirty_log_enable(&vmm->kvm, &vmm->params->dirty_log);
	if (!ret)
		ret = kvm_memory_listener_init(&vmm->kml, &vmm->kvm,
					       vmm->params->max_slot_size);
	if (ret)
		return ret;
	kvm_memory_listener_set_hook(&vmm->kml, &vmm->params->slot_hook);
	kvm_memory_listener_set_vcpu_hold(&vmm->kml, vmm_hold_vcpus, vmm);
	kvm_memory_listener_register(&vmm->kml, &vmm->pcms.as_memory);
	vmm->have_kml = true;
	kvm_slot_exits_init(&vmm->slot_exits, &vmm->kml);
	if (vmm->kml.error) {
		error_setf("%s", vmm->kml.error_msg);
		return vmm->kml.error;
	}
	ret = stamps_init(&vmm->stamps, &vmm->pcms, &vmm->kml);
	vmm->have_stamps = true;
	return ret;
}

int vmm_build(struct vmm *vmm, const struct vmm_params *p)
{
	int ret;

	vmm->params = p;
	ret = pc_machine_init(&vmm->pcms, &p->machine, cpus_request_exit,
			      &vmm->cpus);
	if (ret)
		return ret;
	vmm->have_pcms = true;
	return vmm_build_kvm(vmm);
}

int vmm_create_cpus(struct vmm *vmm)
{
	int ret = cpus_init(&vmm->cpus, &vmm->kvm, vmm->params->machine.smp,
			    &vmm->pcms.io, &vmm->pcms.as_memory);

	if (ret)
		return ret < 0 ? ret : -EINVAL;
	vmm->have_cpus = true;
	vmm->cpus.slot_exits = &vmm->slot_exits;
	return 0;
}

int vmm_start_guest(struct vmm *vmm)
{
	int ret = vmm->have_cpus ? 0 : vmm_create_cpus(vmm);

	if (ret)
		return ret;
	cpus_start(&vmm->cpus);
	return 0;
}

/*
 * The VM's status: the guest's own, unless a host-side check failed
 * (strict slots, then the stamps, which only a guest that ended itself
 * has finished).
 */
int vmm_wait_guest(struct vmm *vmm)
{
	vmm->guest_status = cpus_wait(&vmm->cpus, vmm->params->timeout);
	if (!vmm->cpus.msg[0] && stamps_handed(&vmm->stamps))
		stamps_check(&vmm->stamps);
	if (vmm->params->strict_slots && vmm->slot_exits.total)
		return VMM_EXIT_SLOT_EXITS;
	if (vmm->stamps.wrong)
		return VMM_EXIT_STAMPS;
	return vmm->guest_status;
}

int vmm_run_guest(struct vmm *vmm)
{
	int ret = vmm_start_guest(vmm);

	return ret ? ret : vmm_wait_guest(vmm);
}

int vmm_teardown(struct vmm *vmm)
{
	int ret = 0;

	if (vmm->have_cpus) {
		/* No hold from here on: the threads are gone. */
		vmm->have_cpus = false;
		cpus_destroy(&vmm->cpus);
	}
	if (vmm->have_stamps)
		stamps_destroy(&vmm->stamps);
	if (vmm->have_kml)
		ret = kvm_memory_listener_destroy(&vmm->kml);
	if (vmm->have_pcms)
		pc_machine_destroy(&vmm->pcms);
	if (vmm->have_kvm)
		kvm_close(&vmm->kvm);
	vmm->have_cpus = vmm->have_kml = vmm->have_stamps = false;
	vmm->have_pcms = vmm->have_kvm = false;
	return ret;
}
