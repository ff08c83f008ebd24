/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_KVM_KVM_DIRTY_RING_H
#define VMM_KVM_KVM_DIRTY_RING_H

#include "kvm/kvm.h"

struct kvm_memory_listener;
struct kvm_dirty_gfn;

/*
 * One vCPU's dirty ring (KVM_CAP_DIRTY_LOG_RING), mapped from its fd:
 * the kernel pushes a (slot, page) entry per page the vCPU dirties; we
 * harvest entries in order, mark each harvested, and KVM_RESET_DIRTY_RINGS
 * re-protects those pages (before anyone reads them).
 */
struct kvm_dirty_ring {
	struct kvm_dirty_gfn	*gfns;
	u32			size;		/* entries, a power of two */
	u32			fetch;		/* next entry to harvest */
	unsigned int		vcpu_id;
	u64			full_exits;	/* KVM_EXIT_DIRTY_RING_FULL */
	unsigned int		empty_full_exits; /* in a row, nothing there */
};

/*
 * Map vCPU @vcpu_id's ring (@vcpu_fd) and register it with @kvm; nothing
 * outside ring mode.  -errno with the reason.
 */
int kvm_dirty_ring_init(struct kvm *kvm, struct kvm_dirty_ring *r,
			int vcpu_fd, unsigned int vcpu_id);
void kvm_dirty_ring_destroy(struct kvm *kvm, struct kvm_dirty_ring *r);
/*
 * KVM_EXIT_DIRTY_RING_FULL on @r's vCPU: reap every ring, so that the
 * vCPU may enter the guest again; an entry is never dropped.  -errno;
 * -EIO when the kernel says the ring is full again and again while it
 * holds no entry to harvest where the next one must be (a correct kernel
 * never does: its entries were lost or misplaced).
 */
int kvm_dirty_ring_full(struct kvm *kvm, struct kvm_dirty_ring *r);

/*
 * Harvest every registered ring into the RAMBlocks' dirty bitmaps, then
 * KVM_RESET_DIRTY_RINGS; kml->lock held.  An entry naming no logged slot
 * is counted (stats.ring_stray) and described in kml->stray_msg: a
 * correct kernel never pushes one.  -errno.
 */
int kvm_dirty_rings_reap_locked(struct kvm_memory_listener *kml);
/* For a full ring: the same, taking the lock; @opaque is the listener. */
int kvm_dirty_rings_reap_full(void *opaque);

#endif
