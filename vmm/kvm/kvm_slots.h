/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_KVM_KVM_SLOTS_H
#define VMM_KVM_KVM_SLOTS_H

#include <stdio.h>

#include "kvm/kvm.h"
#include "kvm/kvm_slot_hook.h"
#include "memory/address_space.h"

/* One KVM memslot as we asked for it. */
struct kvm_slot {
	bool			used;
	hwaddr			start_addr;
	u64			memory_size;
	void			*ram;		/* host address */
	u32			flags;		/* KVM_MEM_* */
	struct memory_region	*mr;		/* backing region, for dumps */
	u64			offset_in_region;
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
	 */
	u64			update_seq;
	u64			nr_adds, nr_deletes;	/* given to KVM */
	struct kvm_slot_hook	hook;		/* TEST ONLY: kind NONE */
	/* First failure; later changes are still applied where possible. */
	int			error;
	char			error_msg[512];
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
/* Unregister: every slot is deleted. */
void kvm_memory_listener_destroy(struct kvm_memory_listener *kml);

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
/* "rw", "ro", "rw,log": how dumps and reports show KVM_MEM_* flags. */
const char *kvm_slot_flags_str(u32 flags, char *buf, size_t len);

/* `--dump slots`: id, guest-physical start, size, flags, region @offset. */
void kvm_slots_print(const struct kvm_memory_listener *kml, FILE *f);
/* For `info mtree -f`'s accelerator column: is any of it in a slot? */
bool kvm_slots_has_memory(void *kml, hwaddr addr, u128 size);

#endif
