// SPDX-License-Identifier: GPL-2.0
/* The vCPU thread: KVM_RUN, then dispatch of the exit to the devices. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/kvm.h>

#include "cpu/cpus.h"
#include "cpu/vcpu.h"
#include "kvm/kvm_ioctl.h"
#include "util/error.h"


static void vcpu_handle_io(struct vcpu *v)
{
	struct kvm_run *run = v->run;
	u8 *data = (u8 *)run + run->io.data_offset;
	unsigned int i;

	v->io_exits++;
	cpus_io_lock(v->cpus, v);
	for (i = 0; i < run->io.count; i++) {
		if (run->io.direction == KVM_EXIT_IO_OUT)
			ioport_write(v->cpus->io, run->io.port, data,
				     run->io.size);
		else
			ioport_read(v->cpus->io, run->io.port, data,
				    run->io.size);
		data += run->io.size;
	}
	pthread_mutex_unlock(&v->cpus->io_lock);
}

/*
 * MMIO exits reach the address space's access helpers: writes to ROM
 * slots are dropped and counted there, reads of holes give all ones.
 * An exit inside a slot that should have served it is first recorded
 * (strict slots), then serviced so that the guest can go on and say
 * what it saw.
 */
static void vcpu_handle_mmio(struct vcpu *v)
{
	struct kvm_run *run = v->run;
	struct cpus *c = v->cpus;

	v->mmio_exits++;
	cpus_io_lock(c, v);
	if (c->slot_exits)
		kvm_slot_exits_check(c->slot_exits, v->id, run->mmio.phys_addr,
				     run->mmio.len, run->mmio.is_write,
				     v->slot_seq);
	if (run->mmio.is_write)
		address_space_write(v->cpus->as, run->mmio.phys_addr,
				    run->mmio.data, run->mmio.len);
	else
		address_space_read(v->cpus->as, run->mmio.phys_addr,
				   run->mmio.data, run->mmio.len);
	pthread_mutex_unlock(&c->io_lock);
}

/*
 * KVM lets this vCPU in again only once its ring has room: reap every
 * ring (nothing is dropped), then go on.
 */
static bool vcpu_handle_ring_full(struct vcpu *v)
{
	if (!kvm_dirty_ring_full(v->cpus->kvm, &v->ring))
		return true;
	cpus_stop(v->cpus, VMM_EXIT_GUEST_ERROR, "vCPU %u: dirty ring full: "
		  "%s", v->id, error_get());
	return false;
}

static void vcpu_stop_with_regs(struct vcpu *v, const char *what)
{
	char regs[512];

	vcpu_format_regs(v, regs, sizeof(regs));
	cpus_stop(v->cpus, VMM_EXIT_GUEST_ERROR, "vCPU %u: %s\n%s", v->id,
		  what, regs);
}

/* Exits whose instruction KVM completes at the next KVM_RUN. */
static bool run_exit_pending(u32 reason)
{
	return reason == KVM_EXIT_IO || reason == KVM_EXIT_MMIO;
}

/* Returns false when the VM must stop. */
static bool vcpu_handle_exit(struct vcpu *v)
{
	struct kvm_run *run = v->run;
	char what[128];

	switch (run->exit_reason) {
	case KVM_EXIT_IO:
		vcpu_handle_io(v);
		return true;
	case KVM_EXIT_MMIO:
		vcpu_handle_mmio(v);
		return true;
	case KVM_EXIT_DIRTY_RING_FULL:
		return vcpu_handle_ring_full(v);
	case KVM_EXIT_HLT:
		/* Only without an irqchip: no interrupt can ever come. */
		vcpu_stop_with_regs(v, "halted with no way to wake up");
		return false;
	case KVM_EXIT_SHUTDOWN:
		vcpu_stop_with_regs(v, "triple fault (KVM_EXIT_SHUTDOWN)");
		return false;
	case KVM_EXIT_INTERNAL_ERROR:
		snprintf(what, sizeof(what), "KVM internal error, suberror %u "
			 "(%s)", run->internal.suberror,
			 run->internal.suberror == KVM_INTERNAL_ERROR_EMULATION ?
			 "instruction emulation failed" : "see KVM API");
		vcpu_stop_with_regs(v, what);
		return false;
	case KVM_EXIT_FAIL_ENTRY:
		snprintf(what, sizeof(what), "VM entry failed, hardware reason "
			 "0x%llx", (unsigned long long)
			 run->fail_entry.hardware_entry_failure_reason);
		vcpu_stop_with_regs(v, what);
		return false;
	case KVM_EXIT_SYSTEM_EVENT:
		snprintf(what, sizeof(what), "system event %u (%s)",
			 run->system_event.type,
			 run->system_event.type == KVM_SYSTEM_EVENT_RESET ?
			 "reset" : "shutdown");
		vcpu_stop_with_regs(v, what);
		return false;
	default:
		snprintf(what, sizeof(what), "unhandled exit reason %u",
			 run->exit_reason);
		vcpu_stop_with_regs(v, what);
		return false;
	}
}

/*
 * Before parking: finish the last port or MMIO exit inside KVM without
 * running a guest instruction (KVM_RUN with immediate_exit set returns
 * EINTR once it has), so that a pause leaves registers that a snapshot
 * can take as the guest's whole state.  A string instruction may exit
 * again instead: that exit is handled, and completed the same way.
 * False when the VM must stop.
 */
static bool vcpu_complete_exit(struct vcpu *v)
{
	while (v->exit_pending) {
		v->run->immediate_exit = 1;
		v->exit_pending = false;
		if (kvm_ioctl(v->fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				return true;
			cpus_stop(v->cpus, VMM_EXIT_USER_ERROR, "vCPU %u: "
				  "KVM_RUN: %s", v->id, strerror(errno));
			return false;
		}
		v->exit_pending = run_exit_pending(v->run->exit_reason);
		if (!vcpu_handle_exit(v))
			return false;
	}
	return true;
}

void *vcpu_thread(void *opaque)
{
	struct vcpu *v = opaque;
	struct cpus *c = v->cpus;

	current_vcpu = v;
	for (;;) {
		if (__atomic_load_n(&c->done, __ATOMIC_SEQ_CST))
			break;
		if (__atomic_load_n(&c->pause_req, __ATOMIC_SEQ_CST)) {
			if (!vcpu_complete_exit(v))
				break;
			cpus_park(c, v, false);
			continue;
		}
		if (c->slot_exits)
			v->slot_seq = kvm_slots_update_seq(c->slot_exits->kml);
		if (kvm_ioctl(v->fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			/* The host failed, not the guest: as a failed setup. */
			cpus_stop(c, VMM_EXIT_USER_ERROR, "vCPU %u: KVM_RUN: %s",
				  v->id, strerror(errno));
			break;
		}
		v->exit_pending = run_exit_pending(v->run->exit_reason);
		if (!vcpu_handle_exit(v))
			break;
	}
	cpus_vcpu_ended(c);
	return NULL;
}
