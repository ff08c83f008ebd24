/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_KVM_KVM_SLOT_HOOK_H
#define VMM_KVM_KVM_SLOT_HOOK_H

#include "util/types.h"

struct kvm_slot;
struct kvm_userspace_memory_region;

/*
 * TEST ONLY.  A slot hook makes this VMM hand KVM one slot that differs
 * from its own tables, the way a buggy kernel would map it, so that a
 * test can show which witness catches that bug on a correct kernel.
 * The VMM's tables (slots, flat view, RAMBlocks) keep saying what should
 * be: every check compares the guest's and the kernel's behaviour with
 * them.  Never for real use (docs/witness.md).
 */
enum kvm_slot_hook_kind {
	KVM_SLOT_HOOK_NONE,
	/* The slot holding @gpa is given to KVM one host page short. */
	KVM_SLOT_HOOK_SHORT,
	/*
	 * The slot holding @gpa points one host page off: its host address
	 * one page lower (one page higher, and a page shorter, when it
	 * starts at its RAMBlock's first page).
	 */
	KVM_SLOT_HOOK_SHIFTED,
	/*
	 * The first deletion of a writable slot holding @gpa leaves its
	 * mapping in the kernel (kept under a spare slot id); of the slots
	 * added over it later KVM gets only the parts on either side, so
	 * the guest goes on reaching the deleted slot's host pages there.
	 */
	KVM_SLOT_HOOK_STALE,
};

struct kvm_slot_hook_params {
	enum kvm_slot_hook_kind	kind;
	hwaddr			gpa;
};

/* "short-slot", "shifted-slot", "stale-slot"; -EINVAL listing them. */
int kvm_slot_hook_kind_parse(const char *name, enum kvm_slot_hook_kind *kind);
const char *kvm_slot_hook_kind_name(enum kvm_slot_hook_kind kind);

#define KVM_SLOT_HOOK_SKIPPED_MAX	64

struct kvm_slot_hook {
	struct kvm_slot_hook_params p;
	unsigned int	fired;		/* slots it changed */
	size_t		page_size;
	int		vm_fd;
	/* The stale slot: its spare id, and the range it still maps. */
	u32		stale_id;
	/* A slot cut around it: the id of its part above, and its own. */
	u32		split_id;
	u32		split_slot;	/* ~0: none */
	bool		stale;
	hwaddr		stale_start;
	u64		stale_size;
	/* Slots KVM was not told about because they overlap it. */
	u32		skipped[KVM_SLOT_HOOK_SKIPPED_MAX];
	unsigned int	nr_skipped;
};

/* @spare_id and the one below: slot ids the VMM never uses. */
void kvm_slot_hook_init(struct kvm_slot_hook *h,
			const struct kvm_slot_hook_params *p, int vm_fd,
			size_t page_size, u32 spare_id);
/*
 * KVM_SET_USER_MEMORY_REGION for @mem (of the VMM's slot @s), as the
 * hook bends it.  0 or -errno, with errno set, as the ioctl.
 */
int kvm_slot_hook_set_region(struct kvm_slot_hook *h,
			     struct kvm_userspace_memory_region *mem,
			     const struct kvm_slot *s);

#endif
