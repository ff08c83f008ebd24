/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_KVM_KVM_DIRTY_LOG_H
#define VMM_KVM_KVM_DIRTY_LOG_H

#include "kvm/kvm.h"

struct kvm_memory_listener;
struct kvm_slot;

/* -accel kvm,manual-dirty-log-protect=on|off; unset: on when offered. */
enum kvm_manual_protect {
	KVM_MANUAL_PROTECT_AUTO,
	KVM_MANUAL_PROTECT_ON,
	KVM_MANUAL_PROTECT_OFF,
};

/*
 * How dirty pages are reaped, as the accelerator's options say it:
 * QEMU's dirty-ring-size (entries per vCPU; 0, the default, keeps the
 * bitmaps) and ours for the bitmap's manual protect.
 */
struct kvm_dirty_log_params {
	u32			dirty_ring_size;
	enum kvm_manual_protect	manual_protect;
};

/* KVM's largest ring, KVM_DIRTY_RING_MAX_ENTRIES. */
#define KVM_DIRTY_RING_MAX_ENTRIES	65536

/* 0 or a power of two up to 65536: -EINVAL with the reason. */
int kvm_dirty_ring_check_size(u64 entries);
/* The ring and manual protect exclude each other: -EINVAL. */
int kvm_dirty_log_params_check(const struct kvm_dirty_log_params *p);
/*
 * Choose the mode on a new VM, before any vCPU or slot: the ring when
 * asked for (its acquire/release flavour when offered), else the bitmap
 * with manual protect (and initially-all-set) when offered and not
 * refused, else the plain bitmap.  -errno with the option named when
 * this kernel cannot do what was asked.
 */
int kvm_dirty_log_enable(struct kvm *kvm, const struct kvm_dirty_log_params *p);
const char *kvm_dirty_log_mode_name(enum kvm_dirty_log_mode mode);

/* What reaping did, for tests and benchmarks. */
struct kvm_dirty_log_stats {
	u64	syncs;		/* slots synced (bitmap), or rings reaped */
	u64	final_syncs;	/* before a slot left logging or went away */
	u64	holds;		/* transactions that held the vCPUs */
	u64	get_calls;	/* KVM_GET_DIRTY_LOG */
	u64	clear_calls;	/* KVM_CLEAR_DIRTY_LOG */
	u64	pages_cleared;	/* bits handed to KVM_CLEAR_DIRTY_LOG */
	u64	ring_harvested;	/* ring entries */
	u64	ring_resets;	/* KVM_RESET_DIRTY_RINGS */
	u64	ring_full_exits; /* KVM_EXIT_DIRTY_RING_FULL reaped */
	u64	ring_stray;	/* entries naming no logged slot */
};

/* The slot listener's side (kvm_slots.c). */
/* A slot gets or loses KVM_MEM_LOG_DIRTY_PAGES: its bitmap. */
int kvm_slot_dirty_log_start(struct kvm_memory_listener *kml,
			     struct kvm_slot *slot);
void kvm_slot_dirty_log_stop(struct kvm_slot *slot);
/*
 * Slot @id is about to go away or leave logging: with the vCPUs held
 * out of guest mode (until the transaction's commit), pull everything
 * the kernel knows into the RAMBlock, so that no page dirtied before
 * the change is lost.
 */
void kvm_slot_final_sync(struct kvm_memory_listener *kml, unsigned int id);
/* Set the listener's log callbacks for kml->kvm's mode; -ENOMEM. */
int kvm_dirty_log_listener_init(struct kvm_memory_listener *kml);

/*
 * For tests: the kernel's own bitmap of @slot, without changing it
 * (manual protect only: there KVM_GET_DIRTY_LOG neither clears nor
 * re-protects).  @bits holds the slot's pages.
 */
int kvm_dirty_log_peek(struct kvm_memory_listener *kml,
		       const struct kvm_slot *slot, unsigned long *bits);

#endif
