/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_KVM_KVM_SLOTS_H
#define VMM_KVM_KVM_SLOTS_H

#include <pthread.h>
#include <stdio.h>

#include "kvm/kvm.h"
#include "kvm/kvm_slot_hook.h"
#include "kvm/kvm_dirty_log.h"
#include "memory/address_space.h"

/* One KVM memslot as we asked for it. */
struct kvm_slot {
	bool			used;
	hwaddr			start_addr;
	u64			memory_size;
	void			*ram;		/* host address */
	u32			flags;		/* KVM_MEM_* */
	struct memory_region	*mr;		/* backing region, for dumps */
	u64			offset_in_region; /* = in its RAMBlock */
	struct ram_block	*block;
	/*
	 * While logging: what the last KVM_GET_DIRTY_LOG returned.  With
	 * manual protect, the pages the kernel reported and nobody has
	 * cleared yet: the only ones log_clear may hand to
	 * KVM_CLEAR_DIRTY_LOG.
	 */
	unsigned long		*dirty_bmap;
};

/*
 * The KVM memory listener: turns flat ranges of one address space into
 * slots, as QEMU's kvm_set_phys_mem does.  Only RAM-backed ranges (and ROM
 * devices in romd mode) get slots; each is trimmed to host pages, split
 * into slots of at most @max_slot_size, and readonly ones get
 * KVM_MEM_READONLY (or no slot at all when the kernel lacks readonly
 * memory: their reads then come through MMIO exits).
 */
struct kvm_memory_listener {
	struct memory_listener	listener;
	struct kvm		*kvm;
	int			as_id;
	u64			max_slot_size;	/* 0: no limit */
	size_t			page_size;
	struct kvm_slot		*slots;
	unsigned int		nr_slots;	/* what KVM allows */
	unsigned int		nr_used;
	unsigned int		first_free;	/* no free id below it */
	unsigned int		lookup_hint;
	/*
	 * Odd while a commit changes slots, bumped at its begin and its
	 * end: a vCPU compares it across KVM_RUN to tell an exit made while
	 * its slot was briefly gone (delete, then add) from a memslot bug.
	 * Dirty logging's in-place flag flips and a max slot size change
	 * (every slot deleted and made again) count as updates too.
	 */
	u64			update_seq;
	unsigned int		update_depth;	/* nested updates */
	struct kvm_slot_hook	hook;		/* TEST ONLY: kind NONE */
	/* KVM_SET_USER_MEMORY_REGION calls, by what they did. */
	struct {
		u64		adds, deletes, flag_changes;
	}			calls;
	/* First failure; later changes are still applied where possible. */
	int			error;
	char			error_msg[512];

	/*
	 * The slot table, the slots' dirty bitmaps and the rings' read
	 * positions: changed by the thread that changes the memory map,
	 * read by a vCPU thread reaping its full ring.
	 */
	pthread_mutex_t		lock;
	/*
	 * Holding the vCPUs out of guest mode (and releasing them), given
	 * by the layer that runs them: a final sync happens with the vCPUs
	 * held, from the first one a transaction needs to its commit.
	 * Never called with @lock held.
	 */
	void			(*hold_vcpus)(void *opaque, bool hold);
	void			*hold_opaque;
	bool			txn_held;
	bool			txn_reaped;	/* rings reaped while held */
	unsigned long		*clear_buf;	/* one KVM_CLEAR_DIRTY_LOG */
	struct kvm_dirty_log_stats stats;
	char			stray_msg[160];	/* the first stray entry */
};

/*
 * A max slot size is a non-zero multiple of the host page (slots are
 * whole pages): -EINVAL with the reason.
 */
int kvm_slots_check_max_slot_size(u64 max_slot_size);
/* @max_slot_size 0: no limit. */
int kvm_memory_listener_init(struct kvm_memory_listener *kml,
			     struct kvm *kvm, u64 max_slot_size);
/*
 * TEST ONLY: bend what KVM is given as @p says (kvm_slot_hook.h).  Call
 * before registering; the last two slot ids become the hook's.
 */
void kvm_memory_listener_set_hook(struct kvm_memory_listener *kml,
				  const struct kvm_slot_hook_params *p);
/* Registering replays the view: every slot is created here. */
void kvm_memory_listener_register(struct kvm_memory_listener *kml,
				  struct address_space *as);
/*
 * Unregister: every slot is deleted.  A delete KVM refused is -errno with
 * its message; the others are still deleted.
 */
int kvm_memory_listener_destroy(struct kvm_memory_listener *kml);
/* Who holds the vCPUs for final syncs (see kvm_memory_listener.lock). */
void kvm_memory_listener_set_vcpu_hold(struct kvm_memory_listener *kml,
				       void (*hold)(void *opaque, bool hold),
				       void *opaque);
/*
 * Change the max slot size of a running VM: every slot is deleted (each
 * logged one after its final sync) and made again in the new size, the
 * vCPUs held throughout.  0: no limit.  -errno with the reason.
 */
int kvm_memory_listener_set_max_slot_size(struct kvm_memory_listener *kml,
					  u64 max_slot_size);
void kvm_hold_vcpus(struct kvm_memory_listener *kml);
void kvm_release_vcpus(struct kvm_memory_listener *kml);

/*
 * Looking at the slots, as the KVM selftests' memslot2region() does:
 * tests ask these instead of walking kml->slots[] or reading dumps.
 */
/* The slot holding guest-physical @addr, or NULL. */
const struct kvm_slot *kvm_slots_find(const struct kvm_memory_listener *kml,
				      hwaddr addr);
/* The KVM slot id of @slot (the low 16 bits KVM is given), or -1. */
int kvm_slots_id(const struct kvm_memory_listener *kml,
		 const struct kvm_slot *slot);
/* How many slots are in use. */
unsigned int kvm_slots_count(const struct kvm_memory_listener *kml);
/* The used slot after @prev (NULL: the first) by id, or NULL at the end. */
const struct kvm_slot *kvm_slots_next(const struct kvm_memory_listener *kml,
				      const struct kvm_slot *prev);
#define kvm_slots_for_each(s, kml) \
	for (s = kvm_slots_next(kml, NULL); s; s = kvm_slots_next(kml, s))

/* The update sequence (see struct kvm_memory_listener), read atomically. */
u64 kvm_slots_update_seq(const struct kvm_memory_listener *kml);
/* "rw", "ro", with ",log" when logging dirty pages. */
const char *kvm_slot_flags_str(u32 flags, char *buf, size_t len);

/* `--dump slots`: id, guest-physical start, size, flags, region @offset. */
void kvm_slots_print(const struct kvm_memory_listener *kml, FILE *f);
/* For `info mtree -f`'s accelerator column: is any of it in a slot? */
bool kvm_slots_has_memory(void *kml, hwaddr addr, u128 size);

#endif
