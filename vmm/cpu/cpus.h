/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_CPU_CPUS_H
#define VMM_CPU_CPUS_H

#include <pthread.h>

#include "hw/ioport.h"
#include "kvm/kvm.h"
#include "kvm/kvm_slot_exits.h"
#include "cpu/vcpu.h"
#include "memory/address_space.h"

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
	pthread_cond_t		cond;
	bool			done;
	int			status;
	char			msg[1024];
};

/* Create @nr vCPUs at the architectural reset state; -errno + message. */
int cpus_init(struct cpus *c, struct kvm *kvm, unsigned int nr,
	      struct ioport_bus *io, struct address_space *as);
void cpus_destroy(struct cpus *c);
/*
 * Run until the VM ends; returns its exit status, with c->msg saying why
 * when it was not the guest's own debug exit.  @timeout in seconds, 0
 * for none.
 */
int cpus_run(struct cpus *c, unsigned int timeout);
/* For the debug-exit device: end the VM with @status. */
void cpus_request_exit(void *opaque, int status);
/* End the VM with @status and a message saying why. */
__attribute__((format(printf, 3, 4)))
void cpus_stop(struct cpus *c, int status, const char *fmt, ...);

#endif
