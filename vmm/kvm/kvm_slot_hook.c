// SPDX-License-Identifier: GPL-2.0
/*
 * TEST ONLY: the slot hooks of kvm_slot_hook.h.  Each imitates a class of
 * memslot bug that kernels have had, from the VMM's side, by giving KVM
 * something other than what the VMM's own tables say.
 */
#include <errno.h>
#include <string.h>
#include <linux/kvm.h>

#include "kvm/kvm_ioctl.h"
#include "kvm/kvm_slot_hook.h"
#include "kvm/kvm_slots.h"
#include "util/error.h"
#include "util/parse.h"

static const char *const kind_names[] = {
	[KVM_SLOT_HOOK_NONE] = "none",
	[KVM_SLOT_HOOK_SHORT] = "short-slot",
	[KVM_SLOT_HOOK_SHIFTED] = "shifted-slot",
	[KVM_SLOT_HOOK_STALE] = "stale-slot",
};

int kvm_slot_hook_kind_parse(const char *name, enum kvm_slot_hook_kind *kind)
{
	char valid[96];
	unsigned int i;

	for (i = KVM_SLOT_HOOK_SHORT; i < ARRAY_SIZE(kind_names); i++) {
		if (!strcmp(name, kind_names[i])) {
			*kind = (enum kvm_slot_hook_kind)i;
			return 0;
		}
	}
	return error_ret(EINVAL, "unknown hook '%s': valid hooks are %s", name,
			 join_names(valid, sizeof(valid), kind_names + 1,
				    ARRAY_SIZE(kind_names) - 1, " or "));
}

const char *kvm_slot_hook_kind_name(enum kvm_slot_hook_kind kind)
{
	return kind < ARRAY_SIZE(kind_names) ? kind_names[kind] : "?";
}

void kvm_slot_hook_init(struct kvm_slot_hook *h,
			const struct kvm_slot_hook_params *p, int vm_fd,
			size_t page_size, u32 spare_id)
{
	memset(h, 0, sizeof(*h));
	h->p = *p;
	h->vm_fd = vm_fd;
	h->page_size = page_size;
	h->stale_id = spare_id;
	h->split_id = spare_id - 1;
	h->split_slot = ~0u;
}

static int vm_set_region(struct kvm_slot_hook *h,
			 struct kvm_userspace_memory_region *mem)
{
	return kvm_ioctl(h->vm_fd, KVM_SET_USER_MEMORY_REGION, mem);
}

static bool slot_holds(const struct kvm_slot *s, hwaddr gpa)
{
	return gpa >= s->start_addr && gpa - s->start_addr < s->memory_size;
}

/* short-slot and shifted-slot: bend an add of the slot holding gpa. */
static void bend_add(struct kvm_slot_hook *h,
		     struct kvm_userspace_memory_region *mem,
		     const struct kvm_slot *s)
{
	u64 page = h->page_size;

	if (mem->memory_size <= page)
		return;
	if (h->p.kind == KVM_SLOT_HOOK_SHORT) {
		mem->memory_size -= page;
	} else if (s->offset_in_region >= page) {
		mem->userspace_addr -= page;
	} else {
		/* Its block's first page: higher, and short of its end. */
		mem->userspace_addr += page;
		mem->memory_size -= page;
	}
	h->fired++;
}

static bool skipped_take(struct kvm_slot_hook *h, u32 slot)
{
	unsigned int i;

	for (i = 0; i < h->nr_skipped; i++) {
		if (h->skipped[i] == slot) {
			h->skipped[i] = h->skipped[--h->nr_skipped];
			return true;
		}
	}
	return false;
}

static bool overlaps_stale(const struct kvm_slot_hook *h,
			   const struct kvm_userspace_memory_region *mem)
{
	return h->stale && mem->guest_phys_addr < h->stale_start +
	       h->stale_size && h->stale_start < mem->guest_phys_addr +
	       mem->memory_size;
}

/* The deleted slot @s comes back under the spare id: a stale mapping. */
static int keep_stale(struct kvm_slot_hook *h,
		      const struct kvm_userspace_memory_region *deleted,
		      const struct kvm_slot *s)
{
	struct kvm_userspace_memory_region ghost = {
		.slot = (deleted->slot & 0xffff0000u) | h->stale_id,
		.flags = s->flags,
		.guest_phys_addr = s->start_addr,
		.memory_size = s->memory_size,
		.userspace_addr = (u64)(uintptr_t)s->ram,
	};
	int ret = vm_set_region(h, &ghost);

	if (ret)
		return ret;
	h->stale = true;
	h->stale_start = s->start_addr;
	h->stale_size = s->memory_size;
	h->fired++;
	return 0;
}

/*
 * A new slot over the stale one: KVM gets the parts on either side (the
 * part above under the second spare id), as a kernel whose old mappings
 * survive only where the deleted slot was.
 */
static int add_around_stale(struct kvm_slot_hook *h,
			    struct kvm_userspace_memory_region *mem)
{
	struct kvm_userspace_memory_region lo = *mem, hi = *mem;
	u64 start = mem->guest_phys_addr, end = start + mem->memory_size;
	u64 stale_end = h->stale_start + h->stale_size;
	int ret = 0;

	if (start >= h->stale_start && end <= stale_end) {
		if (h->nr_skipped == KVM_SLOT_HOOK_SKIPPED_MAX) {
			errno = ENOSPC;
			return -1;
		}
		h->skipped[h->nr_skipped++] = mem->slot;
		return 0;
	}
	lo.memory_size = start < h->stale_start ? h->stale_start - start : 0;
	hi.guest_phys_addr = MAX(start, stale_end);
	hi.memory_size = end > stale_end ? end - hi.guest_phys_addr : 0;
	hi.userspace_addr += hi.guest_phys_addr - start;
	if (lo.memory_size && hi.memory_size) {
		if (h->split_slot != ~0u) {
			errno = ENOSPC;
			return -1;
		}
		h->split_slot = mem->slot;
		hi.slot = (mem->slot & 0xffff0000u) | h->split_id;
	}
	if (lo.memory_size)
		ret = vm_set_region(h, &lo);
	if (!ret && hi.memory_size)
		ret = vm_set_region(h, &hi);
	return ret;
}

/* Deleting a slot that was split: its part above goes too. */
static int delete_split(struct kvm_slot_hook *h,
			struct kvm_userspace_memory_region *mem)
{
	struct kvm_userspace_memory_region hi = *mem;
	int ret = vm_set_region(h, mem);

	hi.slot = (mem->slot & 0xffff0000u) | h->split_id;
	h->split_slot = ~0u;
	return ret ? ret : vm_set_region(h, &hi);
}

static int stale_set_region(struct kvm_slot_hook *h,
			    struct kvm_userspace_memory_region *mem,
			    const struct kvm_slot *s)
{
	bool del = !mem->memory_size;
	int ret;

	if (del && skipped_take(h, mem->slot))
		return 0;	/* KVM never had it */
	if (del && mem->slot == h->split_slot)
		return delete_split(h, mem);
	if (!del && overlaps_stale(h, mem))
		return add_around_stale(h, mem);
	ret = vm_set_region(h, mem);
	if (ret || !del || h->stale || !slot_holds(s, h->p.gpa) ||
	    (s->flags & KVM_MEM_READONLY))
		return ret;
	return keep_stale(h, mem, s);
}

int kvm_slot_hook_set_region(struct kvm_slot_hook *h,
			     struct kvm_userspace_memory_region *mem,
			     const struct kvm_slot *s)
{
	switch (h->p.kind) {
	case KVM_SLOT_HOOK_STALE:
		return stale_set_region(h, mem, s);
	case KVM_SLOT_HOOK_SHORT:
	case KVM_SLOT_HOOK_SHIFTED:
		if (mem->memory_size && slot_holds(s, h->p.gpa))
			bend_add(h, mem, s);
		break;
	default:
		break;
	}
	return vm_set_region(h, mem);
}
