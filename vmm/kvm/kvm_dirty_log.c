// SPDX-License-Identifier: GPL-2.0
/*
 * Dirty logging through the slots' bitmaps (KVM_GET_DIRTY_LOG, and with
 * manual protect KVM_CLEAR_DIRTY_LOG), the choice of mode, and the final
 * sync before a logged slot changes.  The ring is kvm_dirty_ring.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/kvm.h>

#include "kvm/kvm_dirty_ring.h"
#include "kvm/kvm_slots.h"
#include "ram/ram_block.h"
#include "util/bitmap.h"
#include "util/error.h"

/*
 * KVM_CLEAR_DIRTY_LOG takes 64-page aligned ranges; one call covers at
 * most this many pages (1 GiB), so the kernel never holds its MMU lock
 * for a whole large slot (QEMU clears in such chunks too).
 */
#define CLEAR_ALIGN_PAGES	64ULL
#define CLEAR_CHUNK_PAGES	(1ULL << 18)

#define to_kml(l) container_of(l, struct kvm_memory_listener, listener)

/* Every ioctl of this file, in one place (a fault-injection seam). */
static int dirty_log_ioctl(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg);
}

static const char *const mode_names[] = {
	[KVM_DIRTY_LOG_BITMAP] = "bitmap",
	[KVM_DIRTY_LOG_MANUAL] = "bitmap with manual protect",
	[KVM_DIRTY_LOG_RING] = "dirty ring",
};

const char *kvm_dirty_log_mode_name(enum kvm_dirty_log_mode mode)
{
	return mode_names[mode];
}

int kvm_dirty_ring_check_size(u64 entries)
{
	if (entries & (entries - 1) || entries > KVM_DIRTY_RING_MAX_ENTRIES)
		return error_ret(EINVAL, "use 0 (no ring) or a power of two "
				 "up to %u entries",
				 KVM_DIRTY_RING_MAX_ENTRIES);
	return 0;
}

int kvm_dirty_log_params_check(const struct kvm_dirty_log_params *p)
{
	if (kvm_dirty_ring_check_size(p->dirty_ring_size))
		return -EINVAL;
	if (p->dirty_ring_size && p->manual_protect == KVM_MANUAL_PROTECT_ON)
		return error_ret(EINVAL, "-accel: dirty-ring-size and "
				 "manual-dirty-log-protect=on exclude each "
				 "other: the ring has no bitmap to clear");
	return 0;
}

static int kvm_enable_cap(struct kvm *kvm, u32 cap, u64 arg)
{
	struct kvm_enable_cap ec = { .cap = cap, .args = { arg } };

	return dirty_log_ioctl(kvm->vm_fd, KVM_ENABLE_CAP, &ec) ? -errno : 0;
}

static int kvm_dirty_ring_enable(struct kvm *kvm, u32 entries)
{
	u64 bytes = (u64)entries * sizeof(struct kvm_dirty_gfn);
	u32 cap = kvm->caps.dirty_log_ring_acq_rel ?
		  KVM_CAP_DIRTY_LOG_RING_ACQ_REL : KVM_CAP_DIRTY_LOG_RING;
	int ret;

	if (!kvm->caps.dirty_log_ring)
		return error_ret(ENOTSUP, "-accel dirty-ring-size=%u: this KVM "
				 "has no dirty ring (KVM_CAP_DIRTY_LOG_RING)",
				 entries);
	if (bytes > (u64)kvm->caps.dirty_log_ring)
		return error_ret(EINVAL, "-accel dirty-ring-size=%u: this KVM "
				 "takes at most %zu entries", entries,
				 kvm->caps.dirty_log_ring /
				 sizeof(struct kvm_dirty_gfn));
	ret = kvm_enable_cap(kvm, cap, bytes);
	if (ret)
		return error_ret(-ret, "-accel dirty-ring-size=%u: "
				 "KVM_ENABLE_CAP %s: %s (a ring must hold a "
				 "page and the kernel's reserved entries)",
				 entries, cap == KVM_CAP_DIRTY_LOG_RING ?
				 "KVM_CAP_DIRTY_LOG_RING" :
				 "KVM_CAP_DIRTY_LOG_RING_ACQ_REL",
				 strerror(-ret));
	kvm->dirty_log_mode = KVM_DIRTY_LOG_RING;
	kvm->dirty_ring_entries = entries;
	return 0;
}

static int kvm_manual_protect_enable(struct kvm *kvm)
{
	u64 flags = (u64)kvm->caps.manual_dirty_log_protect &
		    (KVM_DIRTY_LOG_MANUAL_PROTECT_ENABLE |
		     KVM_DIRTY_LOG_INITIALLY_SET);
	int ret = kvm_enable_cap(kvm, KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2, flags);

	if (ret)
		return error_ret(-ret, "KVM_ENABLE_CAP "
				 "KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2 0x%llx: %s",
				 (unsigned long long)flags, strerror(-ret));
	kvm->dirty_log_mode = KVM_DIRTY_LOG_MANUAL;
	kvm->manual_protect_flags = flags;
	return 0;
}

int kvm_dirty_log_enable(struct kvm *kvm, const struct kvm_dirty_log_params *p)
{
	bool offered = kvm->caps.manual_dirty_log_protect &
		       KVM_DIRTY_LOG_MANUAL_PROTECT_ENABLE;

	kvm->dirty_log_mode = KVM_DIRTY_LOG_BITMAP;
	if (p->dirty_ring_size)
		return kvm_dirty_ring_enable(kvm, p->dirty_ring_size);
	if (p->manual_protect == KVM_MANUAL_PROTECT_ON && !offered)
		return error_ret(ENOTSUP, "-accel manual-dirty-log-protect=on: "
				 "this KVM lacks "
				 "KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2");
	if (p->manual_protect != KVM_MANUAL_PROTECT_OFF && offered)
		return kvm_manual_protect_enable(kvm);
	return 0;
}

static u64 slot_pages(const struct kvm_slot *slot)
{
	return slot->memory_size >> DIRTY_PAGE_SHIFT;
}

static u64 slot_first_block_page(const struct kvm_slot *slot)
{
	return slot->offset_in_region >> DIRTY_PAGE_SHIFT;
}

int kvm_slot_dirty_log_start(struct kvm_memory_listener *kml,
			     struct kvm_slot *slot)
{
	if (kml->kvm->dirty_log_mode == KVM_DIRTY_LOG_RING)
		return 0;
	slot->dirty_bmap = bitmap_new(slot_pages(slot));
	if (!slot->dirty_bmap)
		return error_ret(ENOMEM, "kvm: no memory for the dirty bitmap "
				 "of [0x%" PRIx64 ", 0x%" PRIx64 ")",
				 slot->start_addr,
				 slot->start_addr + slot->memory_size);
	return 0;
}

void kvm_slot_dirty_log_stop(struct kvm_slot *slot)
{
	free(slot->dirty_bmap);
	slot->dirty_bmap = NULL;
}

static void kml_fail_dirty(struct kvm_memory_listener *kml, int err)
{
	if (kml->error)
		return;
	kml->error = err;
	snprintf(kml->error_msg, sizeof(kml->error_msg), "%s", error_get());
}

/*
 * KVM_GET_DIRTY_LOG of slot @id into its bitmap, then into its
 * RAMBlock's.  Without manual protect the kernel has cleared and
 * re-protected what it returned; with it, nothing changed there.
 */
static int kvm_slot_get_dirty_log(struct kvm_memory_listener *kml,
				  unsigned int id)
{
	struct kvm_slot *slot = &kml->slots[id];
	struct kvm_dirty_log log = {
		.slot = (u32)kml->as_id << 16 | id,
		.dirty_bitmap = slot->dirty_bmap,
	};

	if (!slot->dirty_bmap)
		return 0;
	kml->stats.get_calls++;
	if (dirty_log_ioctl(kml->kvm->vm_fd, KVM_GET_DIRTY_LOG, &log))
		return error_ret(errno, "KVM_GET_DIRTY_LOG slot %u "
				 "[0x%" PRIx64 ", 0x%" PRIx64 "): %s", id,
				 slot->start_addr,
				 slot->start_addr + slot->memory_size,
				 strerror(errno));
	dirty_bitmap_or(&slot->block->dirty, slot_first_block_page(slot),
			slot->dirty_bmap, slot_pages(slot));
	return 0;
}

/* Sync slot @id under the lock; errors are the listener's. */
static void kvm_slot_sync(struct kvm_memory_listener *kml, unsigned int id)
{
	int ret;

	pthread_mutex_lock(&kml->lock);
	kml->stats.syncs++;
	ret = kvm_slot_get_dirty_log(kml, id);
	if (ret)
		kml_fail_dirty(kml, ret);
	pthread_mutex_unlock(&kml->lock);
}

/* Hold the vCPUs for the rest of this transaction, once. */
static void kvm_hold_for_transaction(struct kvm_memory_listener *kml)
{
	if (kml->txn_held)
		return;
	kvm_hold_vcpus(kml);
	kml->txn_held = true;
	kml->stats.holds++;
}

void kvm_slot_final_sync(struct kvm_memory_listener *kml, unsigned int id)
{
	int ret = 0;

	if (!(kml->slots[id].flags & KVM_MEM_LOG_DIRTY_PAGES))
		return;
	kvm_hold_for_transaction(kml);
	kml->stats.final_syncs++;
	if (kml->kvm->dirty_log_mode != KVM_DIRTY_LOG_RING) {
		kvm_slot_sync(kml, id);
		return;
	}
	/* Held vCPUs push nothing: one reap serves the transaction. */
	pthread_mutex_lock(&kml->lock);
	if (!kml->txn_reaped)
		ret = kvm_dirty_rings_reap_locked(kml);
	kml->txn_reaped = !ret;
	if (ret)
		kml_fail_dirty(kml, ret);
	pthread_mutex_unlock(&kml->lock);
}

/*
 * Call @fn for every logged slot overlapping guest-physical [start, end),
 * with the slot's pages it covers.  Slots only change on this thread.
 */
static void kvm_for_each_logged_slot(struct kvm_memory_listener *kml,
				     hwaddr start, hwaddr end,
				     void (*fn)(struct kvm_memory_listener *,
						unsigned int, u64, u64))
{
	unsigned int id;

	for (id = 0; id < kml->nr_slots; id++) {
		const struct kvm_slot *s = &kml->slots[id];
		hwaddr s_end = s->start_addr + s->memory_size;
		hwaddr from, to;

		if (!s->used || !(s->flags & KVM_MEM_LOG_DIRTY_PAGES) ||
		    s->start_addr >= end || s_end <= start)
			continue;
		from = MAX(start, s->start_addr) - s->start_addr;
		to = MIN(end, s_end) - s->start_addr;
		fn(kml, id, from >> DIRTY_PAGE_SHIFT,
		   (to + DIRTY_PAGE_SIZE - 1) >> DIRTY_PAGE_SHIFT);
	}
}

static void kvm_slot_sync_pages(struct kvm_memory_listener *kml,
				unsigned int id, u64 first, u64 end)
{
	(void)first;
	(void)end;
	kvm_slot_sync(kml, id);
}

static void kvm_log_sync(struct memory_listener *l,
			 struct memory_region_section *s)
{
	hwaddr start = s->offset_within_address_space;

	if (s->dirty_log_mask)
		kvm_for_each_logged_slot(to_kml(l), start,
					 (hwaddr)(start + s->size - 1) + 1,
					 kvm_slot_sync_pages);
}

/*
 * One KVM_CLEAR_DIRTY_LOG on slot @id from page @first (64-aligned) for
 * @num pages (a multiple of 64, or up to the slot's end, as KVM wants),
 * for the pages of [lo, hi) the kernel reported and nobody cleared.
 */
static int kvm_slot_clear_chunk(struct kvm_memory_listener *kml,
				unsigned int id, u64 first, u64 num,
				u64 lo, u64 hi)
{
	struct kvm_slot *slot = &kml->slots[id];
	unsigned long *buf = kml->clear_buf;
	struct kvm_clear_dirty_log log = {
		.slot = (u32)kml->as_id << 16 | id,
		.first_page = first, .num_pages = (u32)num,
		.dirty_bitmap = buf,
	};
	u64 n;

	bitmap_extract(buf, slot->dirty_bmap, first, num);
	bitmap_clear_range(buf, 0, lo - first);
	bitmap_clear_range(buf, hi - first, first + num - hi);
	n = bitmap_weight(buf, 0, num);
	if (!n)
		return 0;
	kml->stats.clear_calls++;
	kml->stats.pages_cleared += n;
	if (dirty_log_ioctl(kml->kvm->vm_fd, KVM_CLEAR_DIRTY_LOG, &log))
		return error_ret(errno, "KVM_CLEAR_DIRTY_LOG slot %u pages "
				 "[0x%" PRIx64 ", +0x%" PRIx64 "): %s", id,
				 first, num, strerror(errno));
	bitmap_clear_range(slot->dirty_bmap, lo, hi - lo);
	return 0;
}

/* Clear what slot @id reported of its pages [lo, hi), in chunks. */
static void kvm_slot_clear_pages(struct kvm_memory_listener *kml,
				 unsigned int id, u64 lo, u64 hi)
{
	u64 npages = slot_pages(&kml->slots[id]);
	u64 first = ALIGN_DOWN(lo, CLEAR_ALIGN_PAGES);
	int ret = 0;

	pthread_mutex_lock(&kml->lock);
	while (!ret && first < hi) {
		u64 end = MIN(first + CLEAR_CHUNK_PAGES,
			      ALIGN_UP(hi, CLEAR_ALIGN_PAGES));

		/* The last chunk ends at the slot's end, not past it. */
		ret = kvm_slot_clear_chunk(kml, id, first,
					   MIN(end, npages) - first,
					   MAX(lo, first), MIN(hi, end));
		first = end;
	}
	if (ret)
		kml_fail_dirty(kml, ret);
	pthread_mutex_unlock(&kml->lock);
}

static void kvm_log_clear(struct memory_listener *l,
			  struct memory_region_section *s)
{
	hwaddr start = s->offset_within_address_space;

	kvm_for_each_logged_slot(to_kml(l), start,
				 (hwaddr)(start + s->size - 1) + 1,
				 kvm_slot_clear_pages);
}

/*
 * The ring: kick the vCPUs out of guest mode first (hold, release), so
 * that what a CPU buffers (Intel's PML) reaches the rings; then reap.
 */
static void kvm_log_sync_global(struct memory_listener *l)
{
	struct kvm_memory_listener *kml = to_kml(l);
	int ret;

	kvm_hold_vcpus(kml);
	pthread_mutex_lock(&kml->lock);
	kml->stats.syncs++;
	ret = kvm_dirty_rings_reap_locked(kml);
	if (ret)
		kml_fail_dirty(kml, ret);
	pthread_mutex_unlock(&kml->lock);
	kvm_release_vcpus(kml);
}

int kvm_dirty_log_listener_init(struct kvm_memory_listener *kml)
{
	switch (kml->kvm->dirty_log_mode) {
	case KVM_DIRTY_LOG_RING:
		kml->listener.log_sync_global = kvm_log_sync_global;
		kml->kvm->dirty_ring_reap = kvm_dirty_rings_reap_full;
		kml->kvm->dirty_ring_reap_opaque = kml;
		break;
	case KVM_DIRTY_LOG_MANUAL:
		kml->clear_buf = bitmap_new(CLEAR_CHUNK_PAGES);
		if (!kml->clear_buf)
			return error_ret(ENOMEM, "kvm: no memory for "
					 "KVM_CLEAR_DIRTY_LOG");
		kml->listener.log_clear = kvm_log_clear;
		/* fallthrough */
	case KVM_DIRTY_LOG_BITMAP:
		kml->listener.log_sync = kvm_log_sync;
		break;
	}
	return 0;
}

int kvm_dirty_log_peek(struct kvm_memory_listener *kml,
		       const struct kvm_slot *slot, unsigned long *bits)
{
	int id = kvm_slots_id(kml, slot);
	struct kvm_dirty_log log = {
		.slot = (u32)kml->as_id << 16 | (u32)id,
		.dirty_bitmap = bits,
	};

	if (kml->kvm->dirty_log_mode != KVM_DIRTY_LOG_MANUAL)
		return error_ret(ENOTSUP, "kvm: the kernel's bitmap can be "
				 "read without changing it only with manual "
				 "protect");
	if (dirty_log_ioctl(kml->kvm->vm_fd, KVM_GET_DIRTY_LOG, &log))
		return error_ret(errno, "KVM_GET_DIRTY_LOG slot %d: %s", id,
				 strerror(errno));
	return 0;
}
