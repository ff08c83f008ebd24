/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_CPU_CPUS_H
#define VMM_CPU_CPUS_H

#include <pthread.h>
#include <signal.h>

#include "hw/ioport.h"
#include "kvm/kvm.h"
#include "cpu/vcpu.h"
#include "memory/address_space.h"

/* The signal that kicks a vCPU thread out of KVM_RUN. */
#define SIG_KICK	SIGUSR1

/* Exit statuses of vmm besides the guest's own (debug exit: odd ones). */
#define VMM_EXIT_USER_ERROR	1	/* bad option, setup failure */
#define VMM_EXIT_GUEST_ERROR	2	/* triple fault, internal error */
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
	unsigned int		parked;
	unsigned int		pause_depth;
	bool			pause_req;
};

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
 * that nothing the guest does happens until then.  Pauses nest.  Not
 * from a vCPU thread.
 */
void cpus_pause(struct cpus *c);
void cpus_resume(struct cpus *c);
/* Make vCPU @v leave KVM_RUN (immediate_exit, then the signal); lock held. */
void cpus_kick(struct vcpu *v);
/* For a vCPU thread: park while a pause is asked for. */
void cpus_park(struct cpus *c, struct vcpu *v);
/* For a vCPU thread: it leaves its loop for good. */
void cpus_vcpu_ended(struct cpus *c);
/* For the debug-exit device: end the VM with @status. */
void cpus_request_exit(void *opaque, int status);
/* End the VM with @status and a message saying why. */
__attribute__((format(printf, 3, 4)))
void cpus_stop(struct cpus *c, int status, const char *fmt, ...);

#endif
