/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_CPU_CPUS_H
#define VMM_CPU_CPUS_H

#include <pthread.h>
#include <signal.h>

#include "hw/ioport.h"
#include "kvm/kvm.h"
#include "kvm/kvm_slot_exits.h"
#include "cpu/vcpu.h"
#include "memory/address_space.h"

/* The signal that kicks a vCPU thread out of KVM_RUN. */
#define SIG_KICK	SIGUSR1

/* Exit statuses of vmm besides the guest's own (debug exit: odd ones). */
#define VMM_EXIT_USER_ERROR	1	/* bad option, setup or KVM call failed */
#define VMM_EXIT_GUEST_ERROR	2	/* triple fault, internal error */
#define VMM_EXIT_SLOT_EXITS	6	/* strict slots: KVM exited on a slot */
#define VMM_EXIT_STAMPS		8	/* a host-side stamp is not in place */
#define VMM_EXIT_NUMA_PLACEMENT	10	/* --verify-numa found a violation */
#define VMM_EXIT_TIMEOUT	124	/* --timeout expired, as timeout(1) */

/*
 * The vCPUs of a VM and how the VM ends: the first of a device's exit
 * request, a guest error on any vCPU, or the timeout wins; the others
 * vCPUs are kicked out of KVM_RUN.
 */
struct cpus {
	struct kvm		*kvm;
	struct ioport_bus	*io;
	struct address_space	*as;
	/* Where MMIO exits are checked against the slots; NULL: nowhere. */
	struct kvm_slot_exits	*slot_exits;
	/*
	 * QEMU's BQL: every exit's device emulation, and so every change of
	 * the memory map a guest's register write makes, runs under it.
	 */
	pthread_mutex_t		io_lock;
	struct vcpu		*vcpus;
	unsigned int		nr;
	pthread_mutex_t		lock;
	pthread_cond_t		cond;		/* the VM ended */
	bool			done;
	int			status;
	char			msg[1024];

	/* Pausing (cpus_pause()), under @lock. */
	pthread_cond_t		park_cond;	/* a vCPU parked or ended */
	pthread_cond_t		resume_cond;	/* the pause is over */
	unsigned int		running;	/* threads not yet ended */
	unsigned int		parked;		/* last exit completed */
	/*
	 * vCPU threads held without completing their exit: pausers
	 * themselves (a guest's register write that changes dirty-logged
	 * slots) and those that wait for the I/O lock such a pauser holds.
	 */
	unsigned int		held_in_exit;
	unsigned int		vcpu_pausers;
	unsigned int		pause_depth;
	bool			pause_req;
};

/* The vCPU whose thread this is, or NULL (vcpu_thread() sets it). */
extern __thread struct vcpu *current_vcpu;

/* Create @nr vCPUs at the architectural reset state; -errno + message. */
int cpus_init(struct cpus *c, struct kvm *kvm, unsigned int nr,
	      struct ioport_bus *io, struct address_space *as);
void cpus_destroy(struct cpus *c);
/*
 * Run until the VM ends; returns its exit status, with c->msg saying why
 * when it was not the guest's own debug exit.  @timeout in seconds, 0
 * for none.  cpus_start() and cpus_wait() are its two halves, for a
 * caller that does something while the guest runs.
 */
int cpus_run(struct cpus *c, unsigned int timeout);
void cpus_start(struct cpus *c);
int cpus_wait(struct cpus *c, unsigned int timeout);
/*
 * Hold every vCPU out of guest mode: each is kicked out of KVM_RUN and
 * parked until cpus_resume(); returns once all are parked (or ended), so
 * that nothing the guest does happens until then.  Pauses nest.
 *
 * From another thread, a parked vCPU has completed its last exit (its
 * registers are the guest's whole state).  From a vCPU thread, inside
 * an exit's emulation with the I/O lock held, the caller counts as held
 * and the others may be held before their exit's emulation, waiting for
 * that lock: out of guest mode all the same, which is what slot updates
 * need.
 */
void cpus_pause(struct cpus *c);
void cpus_resume(struct cpus *c);
/* Make vCPU @v leave KVM_RUN (immediate_exit, then the signal); lock held. */
void cpus_kick(struct vcpu *v);
/*
 * For a vCPU thread: park while a pause is asked for; @in_exit when its
 * exit is not yet emulated (it waits for the I/O lock).
 */
void cpus_park(struct cpus *c, struct vcpu *v, bool in_exit);
/*
 * For a vCPU thread: take the I/O lock, parking meanwhile when a vCPU
 * that holds it pauses the others.
 */
void cpus_io_lock(struct cpus *c, struct vcpu *v);
/* For a vCPU thread: it leaves its loop for good. */
void cpus_vcpu_ended(struct cpus *c);
/* For the debug-exit device: end the VM with @status. */
void cpus_request_exit(void *opaque, int status);
/* End the VM with @status and a message saying why. */
__attribute__((format(printf, 3, 4)))
void cpus_stop(struct cpus *c, int status, const char *fmt, ...);

#endif
