// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/kvm.h>

#include "kvm/kvm_ioctl.h"
#include "kvm/kvm_slots.h"
#include "util/error.h"

#define to_kml(l) container_of(l, struct kvm_memory_listener, listener)

static void kml_fail(struct kvm_memory_listener *kml, int err)
{
	if (kml->error)
		return;
	kml->error = err;
	snprintf(kml->error_msg, sizeof(kml->error_msg), "%s", error_get());
}

const char *kvm_slot_flags_str(u32 flags, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s", flags & KVM_MEM_READONLY ? "ro" : "rw",
		 flags & KVM_MEM_LOG_DIRTY_PAGES ? ",log" : "");
	return buf;
}

static int kvm_set_user_memory_region(struct kvm_memory_listener *kml,
				      unsigned int id, struct kvm_slot *s,
				      bool delete)
{
	struct kvm_userspace_memory_region mem = {
		.slot = (u32)kml->as_id << 16 | id,
		.flags = s->flags,
		.guest_phys_addr = s->start_addr,
		.memory_size = delete ? 0 : s->memory_size,
		.userspace_addr = (u64)(uintptr_t)s->ram,
	};
	char flags[16];
	int ret;

	if (kml->hook.p.kind)
		ret = kvm_slot_hook_set_region(&kml->hook, &mem, s);
	else
		ret = kvm_ioctl(kml->kvm->vm_fd, KVM_SET_USER_MEMORY_REGION,
				&mem);
	if (ret == 0)
		return 0;
	return error_ret(errno, "KVM_SET_USER_MEMORY_REGION slot %u "
			 "[0x%" PRIx64 ", 0x%" PRIx64 ") flags %s (%s%s): %s",
			 id, s->start_addr, s->start_addr + s->memory_size,
			 kvm_slot_flags_str(s->flags, flags, sizeof(flags)),
			 delete ? "delete " : "",
			 s->mr ? memory_region_name(s->mr) : "?",
			 strerror(errno));
}

/* The lowest free id, as KVM and QEMU hand them out; -1 when full. */
static int kvm_alloc_slot(struct kvm_memory_listener *kml)
{
	unsigned int i;

	/* No id below first_free is free: thousands of slots stay linear. */
	for (i = kml->first_free; i < kml->nr_slots; i++) {
		if (!kml->slots[i].used) {
			kml->first_free = i + 1;
			return (int)i;
		}
	}
	kml->first_free = kml->nr_slots;
	return -1;
}

static void kvm_free_slot(struct kvm_memory_listener *kml, unsigned int id)
{
	memset(&kml->slots[id], 0, sizeof(kml->slots[id]));
	kml->nr_used--;
	if (id < kml->first_free)
		kml->first_free = id;
}

static int kvm_lookup_slot(struct kvm_memory_listener *kml, hwaddr start,
			   u64 size)
{
	unsigned int n, i = kml->lookup_hint;

	/*
	 * From where the last lookup ended: the chunks of a section are
	 * looked up in the order they were allocated.
	 */
	for (n = 0; n < kml->nr_slots; n++, i = (i + 1) % kml->nr_slots) {
		struct kvm_slot *s = &kml->slots[i];

		if (s->used && s->start_addr == start &&
		    s->memory_size == size) {
			kml->lookup_hint = (i + 1) % kml->nr_slots;
			return (int)i;
		}
	}
	return -1;
}

/*
 * Trim a section to whole host pages, as KVM requires; returns the size
 * left (0: nothing to map) and the first guest-physical address.
 */
static u64 kvm_align_section(struct kvm_memory_listener *kml,
			     const struct memory_region_section *s,
			     hwaddr *start, u64 *delta)
{
	u128 begin = s->offset_within_address_space;
	u128 aligned = ALIGN_UP(begin, (u128)kml->page_size);
	u128 end = ALIGN_DOWN(begin + s->size, (u128)kml->page_size);

	if (aligned >= end)
		return 0;
	*start = (hwaddr)aligned;
	*delta = (u64)(aligned - begin);
	return (u64)(end - aligned);
}

/*
 * Does this section get a slot, and which flags?  Only memory the guest
 * reads directly does; memory it cannot write directly is readonly for
 * KVM, or gets no slot when the kernel lacks readonly memory (its reads
 * then come through MMIO exits).
 */
static bool kvm_section_slot_flags(struct kvm_memory_listener *kml,
				   const struct memory_region_section *s,
				   u32 *flags)
{
	if (!memory_region_section_is_direct(s, false))
		return false;
	*flags = 0;
	if (!memory_region_section_is_direct(s, true)) {
		if (!kml->kvm->caps.readonly_mem)
			return false;
		*flags |= KVM_MEM_READONLY;
	}
	if (s->dirty_log_mask)
		*flags |= KVM_MEM_LOG_DIRTY_PAGES;
	return true;
}

static u64 kvm_chunk_size(struct kvm_memory_listener *kml, u64 size)
{
	return kml->max_slot_size ? MIN(size, kml->max_slot_size) : size;
}

/*
 * Delete the slot of one chunk, if it has one; a logged slot after its
 * final sync, so that nothing it saw dirtied is lost with it.
 */
static void kvm_slot_delete(struct kvm_memory_listener *kml, hwaddr start,
			    u64 size)
{
	int id = kvm_lookup_slot(kml, start, size);
	int ret;

	if (id < 0)
		return;
	kvm_slot_final_sync(kml, id);
	pthread_mutex_lock(&kml->lock);
	kml->calls.deletes++;
	ret = kvm_set_user_memory_region(kml, id, &kml->slots[id], true);
	if (ret)
		kml_fail(kml, ret);
	kvm_slot_dirty_log_stop(&kml->slots[id]);
	kvm_free_slot(kml, id);
	pthread_mutex_unlock(&kml->lock);
}

static bool kvm_slot_add_locked(struct kvm_memory_listener *kml,
				const struct kvm_slot *want)
{
	int id = kvm_alloc_slot(kml);
	int ret;

	if (id < 0) {
		error_setf("no free KVM memslot for [0x%" PRIx64 ", 0x%" PRIx64
			   ") of %s: all %u in use", want->start_addr,
			   want->start_addr + want->memory_size,
			   memory_region_name(want->mr), kml->nr_slots);
		kml_fail(kml, -ENOSPC);
		return false;
	}
	kml->slots[id] = *want;
	kml->nr_used++;
	kml->calls.adds++;
	ret = (want->flags & KVM_MEM_LOG_DIRTY_PAGES) ?
	      kvm_slot_dirty_log_start(kml, &kml->slots[id]) : 0;
	if (!ret)
		ret = kvm_set_user_memory_region(kml, id, &kml->slots[id],
						 false);
	if (ret) {
		kml_fail(kml, ret);
		kvm_slot_dirty_log_stop(&kml->slots[id]);
		kvm_free_slot(kml, id);
	}
	return true;
}

/* A slot for one chunk; false when no id is left (nothing else is). */
static bool kvm_slot_add(struct kvm_memory_listener *kml,
			 const struct kvm_slot *want)
{
	bool ok;

	pthread_mutex_lock(&kml->lock);
	ok = kvm_slot_add_locked(kml, want);
	pthread_mutex_unlock(&kml->lock);
	return ok;
}

/* A section's slots: whole host pages, in chunks of max_slot_size. */
static void kvm_set_phys_mem(struct kvm_memory_listener *kml,
			     struct memory_region_section *s, bool add)
{
	struct kvm_slot slot = {
		.used = true, .mr = s->mr,
		.block = memory_region_get_ram_block(s->mr),
	};
	u64 size, delta, chunk;
	hwaddr start;
	u8 *host;

	if (!kvm_section_slot_flags(kml, s, &slot.flags))
		return;
	size = kvm_align_section(kml, s, &start, &delta);
	host = memory_region_get_ram_ptr(s->mr);
	slot.offset_in_region = s->offset_within_region + delta;
	for (; size; size -= chunk, start += chunk) {
		chunk = kvm_chunk_size(kml, size);
		if (!add) {
			kvm_slot_delete(kml, start, chunk);
			continue;
		}
		slot.start_addr = start;
		slot.memory_size = chunk;
		slot.ram = host + slot.offset_in_region;
		if (!kvm_slot_add(kml, &slot))
			return;
		slot.offset_in_region += chunk;
	}
}

static void kvm_region_add(struct memory_listener *l,
			   struct memory_region_section *s)
{
	kvm_set_phys_mem(to_kml(l), s, true);
}

static void kvm_region_del(struct memory_listener *l,
			   struct memory_region_section *s)
{
	kvm_set_phys_mem(to_kml(l), s, false);
}

/* New flags on slot @id, whose logging may start or stop. */
static int kvm_slot_set_flags(struct kvm_memory_listener *kml,
			      unsigned int id, u32 flags)
{
	struct kvm_slot *slot = &kml->slots[id];
	bool log = flags & KVM_MEM_LOG_DIRTY_PAGES;
	int ret = 0;

	kml->calls.flag_changes++;
	if (log && !slot->dirty_bmap)
		ret = kvm_slot_dirty_log_start(kml, slot);
	if (ret)
		return ret;
	slot->flags = flags;
	ret = kvm_set_user_memory_region(kml, id, slot, false);
	if (!log)
		kvm_slot_dirty_log_stop(slot);
	return ret;
}

/*
 * Dirty logging switches in place: KVM lets KVM_MEM_LOG_DIRTY_PAGES
 * change on a live slot (every other flag change is a delete and an add,
 * which the memory core already asks for).
 */
static void kvm_section_update_flags(struct kvm_memory_listener *kml,
				     struct memory_region_section *s)
{
	u64 size, delta, chunk;
	hwaddr start;
	u32 flags;
	int id, ret;

	if (!kvm_section_slot_flags(kml, s, &flags))
		return;
	size = kvm_align_section(kml, s, &start, &delta);
	for (; size; size -= chunk, start += chunk) {
		chunk = kvm_chunk_size(kml, size);
		id = kvm_lookup_slot(kml, start, chunk);
		if (id < 0 || kml->slots[id].flags == flags)
			continue;
		if (!(flags & KVM_MEM_LOG_DIRTY_PAGES))
			kvm_slot_final_sync(kml, id);
		pthread_mutex_lock(&kml->lock);
		ret = kvm_slot_set_flags(kml, id, flags);
		pthread_mutex_unlock(&kml->lock);
		if (ret)
			kml_fail(kml, ret);
	}
}

/*
 * Slots are about to change, or have: see update_seq.  Updates nest (a
 * max slot size change is an unregister and a register, each its own
 * transaction), and only the outermost bumps, so the sequence stays odd
 * from the first delete to the last add.
 */
static void kvm_slots_update_begin(struct kvm_memory_listener *kml)
{
	if (!kml->update_depth++)
		__atomic_add_fetch(&kml->update_seq, 1, __ATOMIC_RELEASE);
}

static void kvm_slots_update_end(struct kvm_memory_listener *kml)
{
	if (!--kml->update_depth)
		__atomic_add_fetch(&kml->update_seq, 1, __ATOMIC_RELEASE);
}

static void kvm_begin(struct memory_listener *l)
{
	kvm_slots_update_begin(to_kml(l));
}

u64 kvm_slots_update_seq(const struct kvm_memory_listener *kml)
{
	return __atomic_load_n(&kml->update_seq, __ATOMIC_ACQUIRE);
}

static void kvm_log_start(struct memory_listener *l,
			  struct memory_region_section *s, int old, int new)
{
	(void)old;
	(void)new;
	kvm_section_update_flags(to_kml(l), s);
}

static void kvm_log_stop(struct memory_listener *l,
			 struct memory_region_section *s, int old, int new)
{
	(void)old;
	(void)new;
	kvm_section_update_flags(to_kml(l), s);
}

/*
 * The end of a transaction: its slots are all in place, then vCPUs held
 * for its final syncs run again.
 */
static void kvm_commit(struct memory_listener *l)
{
	struct kvm_memory_listener *kml = to_kml(l);

	kvm_slots_update_end(kml);
	if (!kml->txn_held)
		return;
	kml->txn_held = false;
	kml->txn_reaped = false;
	kvm_release_vcpus(kml);
}

int kvm_slots_check_max_slot_size(u64 max_slot_size)
{
	long page = sysconf(_SC_PAGESIZE);

	if (!max_slot_size || max_slot_size % (u64)page)
		return error_ret(EINVAL, "use a non-zero multiple of the host "
				 "page size (%ld)", page);
	return 0;
}

int kvm_memory_listener_init(struct kvm_memory_listener *kml,
			     struct kvm *kvm, u64 max_slot_size)
{
	int ret;

	if (max_slot_size) {
		ret = kvm_slots_check_max_slot_size(max_slot_size);
		if (ret) {
			error_prepend("max-slot-size 0x%llx: ",
				      (unsigned long long)max_slot_size);
			return ret;
		}
	}
	memset(kml, 0, sizeof(*kml));
	kml->kvm = kvm;
	kml->max_slot_size = max_slot_size;
	kml->page_size = (size_t)sysconf(_SC_PAGESIZE);
	kml->nr_slots = (unsigned int)kvm->caps.nr_memslots;
	kml->slots = calloc(kml->nr_slots, sizeof(*kml->slots));
	if (!kml->slots)
		return error_ret(ENOMEM, "kvm: no memory for %u slots",
				 kml->nr_slots);
	kml->listener.name = "kvm";
	kml->listener.priority = 10;
	kml->listener.begin = kvm_begin;
	kml->listener.region_add = kvm_region_add;
	kml->listener.region_del = kvm_region_del;
	kml->listener.log_start = kvm_log_start;
	kml->listener.log_stop = kvm_log_stop;
	kml->listener.commit = kvm_commit;
	pthread_mutex_init(&kml->lock, NULL);
	ret = kvm_dirty_log_listener_init(kml);
	if (ret) {
		free(kml->slots);
		kml->slots = NULL;
	}
	return ret;
}

void kvm_memory_listener_set_hook(struct kvm_memory_listener *kml,
				  const struct kvm_slot_hook_params *p)
{
	if (!p->kind || kml->nr_slots < 4)
		return;
	kml->nr_slots -= 2;
	kvm_slot_hook_init(&kml->hook, p, kml->kvm->vm_fd, kml->page_size,
			   kml->nr_slots + 1);
}

void kvm_memory_listener_register(struct kvm_memory_listener *kml,
				  struct address_space *as)
{
	memory_listener_register(&kml->listener, as);
}

int kvm_memory_listener_destroy(struct kvm_memory_listener *kml)
{
	/* What failed before was reported then; now only the deletes. */
	kml->error = 0;
	memory_listener_unregister(&kml->listener);
	if (kml->kvm->dirty_ring_reap_opaque == kml)
		kml->kvm->dirty_ring_reap = NULL;
	free(kml->slots);
	kml->slots = NULL;
	free(kml->clear_buf);
	kml->clear_buf = NULL;
	pthread_mutex_destroy(&kml->lock);
	if (kml->error)
		error_setf("%s", kml->error_msg);
	return kml->error;
}

void kvm_memory_listener_set_vcpu_hold(struct kvm_memory_listener *kml,
				       void (*hold)(void *opaque, bool hold),
				       void *opaque)
{
	kml->hold_vcpus = hold;
	kml->hold_opaque = opaque;
}

void kvm_hold_vcpus(struct kvm_memory_listener *kml)
{
	if (kml->hold_vcpus)
		kml->hold_vcpus(kml->hold_opaque, true);
}

void kvm_release_vcpus(struct kvm_memory_listener *kml)
{
	if (kml->hold_vcpus)
		kml->hold_vcpus(kml->hold_opaque, false);
}

int kvm_memory_listener_set_max_slot_size(struct kvm_memory_listener *kml,
					  u64 max_slot_size)
{
	struct address_space *as = kml->listener.as;

	if (max_slot_size && kvm_slots_check_max_slot_size(max_slot_size))
		return -EINVAL;
	if (!as)
		return error_ret(EINVAL, "kvm: the slot listener is not "
				 "registered");
	/* One hold across both, so that no vCPU runs without its slots. */
	kvm_hold_vcpus(kml);
	kvm_slots_update_begin(kml);
	memory_listener_unregister(&kml->listener);
	kml->max_slot_size = max_slot_size;
	memory_listener_register(&kml->listener, as);
	kvm_slots_update_end(kml);
	kvm_release_vcpus(kml);
	return kml->error;
}

