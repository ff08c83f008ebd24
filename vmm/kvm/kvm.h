/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_KVM_KVM_H
#define VMM_KVM_KVM_H

#include <stdio.h>

#include "util/types.h"

/* Capabilities newer than Debian 12's uapi headers. */
#ifndef KVM_CAP_USER_MEMORY2
#define KVM_CAP_USER_MEMORY2	231
#endif
#ifndef KVM_CAP_GUEST_MEMFD
#define KVM_CAP_GUEST_MEMFD	234
#endif

/* What this kernel offers that matters for memory slots. */
struct kvm_caps {
	int	api_version;
	int	nr_memslots;
	int	multi_address_space;	/* number of address spaces, >= 1 */
	bool	readonly_mem;
	int	dirty_log_ring;		/* max ring size in bytes, 0: none */
	bool	dirty_log_ring_acq_rel;
	int	manual_dirty_log_protect; /* supported flags, 0: none */
	bool	user_memory2;
	bool	guest_memfd;
	bool	irqchip;
	int	nr_vcpus;
};

struct kvm_dirty_ring;

/* How dirty pages reach us: kvm_dirty_log.h. */
enum kvm_dirty_log_mode {
	KVM_DIRTY_LOG_BITMAP,	/* KVM_GET_DIRTY_LOG, which also clears */
	KVM_DIRTY_LOG_MANUAL,	/* get, then KVM_CLEAR_DIRTY_LOG what was taken */
	KVM_DIRTY_LOG_RING,	/* per-vCPU rings, KVM_RESET_DIRTY_RINGS */
};

/* As many rings as -smp allows vCPUs. */
#define KVM_MAX_DIRTY_RINGS	256

struct kvm {
	int		sys_fd;		/* /dev/kvm */
	int		vm_fd;
	int		vcpu_mmap_size;
	struct kvm_caps	caps;
	bool		has_irqchip;	/* kvm_create_irqchip() done */

	enum kvm_dirty_log_mode	dirty_log_mode;
	u64		manual_protect_flags;	/* as enabled */
	u32		dirty_ring_entries;	/* ring mode */
	/* Every vCPU's ring, registered when the vCPU is created. */
	struct kvm_dirty_ring	*dirty_rings[KVM_MAX_DIRTY_RINGS];
	unsigned int	nr_dirty_rings;
	/*
	 * Set when a ring said full with nothing in it to harvest: the
	 * kernel lost entries (kvm_dirty_ring_full()).
	 */
	bool		dirty_ring_lost_entries;
	/* Who reaps the rings when one is full (the slot listener). */
	int		(*dirty_ring_reap)(void *opaque);
	void		*dirty_ring_reap_opaque;
};

/*
 * Open /dev/kvm and read the capabilities; no VM yet.  -errno + message;
 * sys_fd is -1 when there is no usable KVM (no device, or another API
 * version), else open, for kvm_close(), even when a later ioctl failed.
 */
int kvm_open(struct kvm *kvm);
/* Create the VM, with the identity-map page, then the TSS, at the address. */
int kvm_create_vm(struct kvm *kvm, u64 identity_map_addr);
/*
 * The in-kernel PIC, IOAPIC and LAPICs, created only for -smp > 1: they
 * hold application processors in wait-for-SIPI as on hardware.  A
 * uniprocessor VM goes without: nothing can interrupt its guest, HLT then
 * exits to us, and (measured on our nested hosts) an irqchip makes the
 * next memslot update and the VM's teardown cost 5-13 ms of SRCU waits.
 */
int kvm_create_irqchip(struct kvm *kvm);
void kvm_close(struct kvm *kvm);

/* `vmm --caps`: one capability per line, then host NUMA and THP. */
void kvm_caps_print(const struct kvm *kvm, FILE *f);

#endif
