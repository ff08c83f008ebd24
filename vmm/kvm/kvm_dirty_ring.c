// SPDX-License-Identifier: GPL-2.0
/* The dirty ring: per-vCPU rings, harvested into the RAMBlocks' bitmaps. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/kvm.h>

#include "kvm/kvm_dirty_ring.h"
#include "kvm/kvm_slots.h"
#include "ram/ram_block.h"
#include "util/error.h"

/* Every ioctl and mmap of this file, in one place (a fault-injection seam). */
static int dirty_ring_ioctl(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg);
}

static void *dirty_ring_mmap(size_t len, int fd, off_t offset)
{
	return mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, offset);
}

static size_t ring_bytes(const struct kvm_dirty_ring *r)
{
	return (size_t)r->size * sizeof(struct kvm_dirty_gfn);
}

int kvm_dirty_ring_init(struct kvm *kvm, struct kvm_dirty_ring *r,
			int vcpu_fd, unsigned int vcpu_id)
{
	long page = sysconf(_SC_PAGESIZE);
	void *p;

	memset(r, 0, sizeof(*r));
	if (kvm->dirty_log_mode != KVM_DIRTY_LOG_RING)
		return 0;
	if (kvm->nr_dirty_rings == KVM_MAX_DIRTY_RINGS)
		return error_ret(ENOSPC, "vCPU %u: more than %d dirty rings",
				 vcpu_id, KVM_MAX_DIRTY_RINGS);
	r->size = kvm->dirty_ring_entries;
	r->vcpu_id = vcpu_id;
	p = dirty_ring_mmap(ring_bytes(r), vcpu_fd,
			    (off_t)KVM_DIRTY_LOG_PAGE_OFFSET * page);
	if (p == MAP_FAILED)
		return error_ret(errno, "vCPU %u: mmap of its dirty ring (%u "
				 "entries): %s", vcpu_id, r->size,
				 strerror(errno));
	r->gfns = p;
	kvm->dirty_rings[kvm->nr_dirty_rings++] = r;
	return 0;
}

void kvm_dirty_ring_destroy(struct kvm *kvm, struct kvm_dirty_ring *r)
{
	unsigned int i;

	if (!r->gfns)
		return;
	for (i = 0; i < kvm->nr_dirty_rings; i++) {
		if (kvm->dirty_rings[i] != r)
			continue;
		kvm->dirty_rings[i] = kvm->dirty_rings[--kvm->nr_dirty_rings];
		break;
	}
	munmap(r->gfns, ring_bytes(r));
	r->gfns = NULL;
}

/* The first entry that names no logged slot, for the report. */
static void ring_stray(struct kvm_memory_listener *kml,
		       const struct kvm_dirty_ring *r, u32 slot, u64 offset)
{
	if (!kml->stats.ring_stray++)
		snprintf(kml->stray_msg, sizeof(kml->stray_msg),
			 "vCPU %u ring entry %u: slot 0x%x offset 0x%" PRIx64
			 " names no logged slot", r->vcpu_id, r->fetch, slot,
			 offset);
}

/* One harvested entry: page @offset of slot @slot is dirty. */
static void ring_mark(struct kvm_memory_listener *kml,
		      const struct kvm_dirty_ring *r, u32 slot, u64 offset)
{
	unsigned int id = slot & 0xffff;
	const struct kvm_slot *s = id < kml->nr_slots ? &kml->slots[id] : NULL;

	if (slot >> 16 != (u32)kml->as_id || !s ||
	    !s->used || !(s->flags & KVM_MEM_LOG_DIRTY_PAGES) ||
	    offset >= s->memory_size >> DIRTY_PAGE_SHIFT) {
		ring_stray(kml, r, slot, offset);
		return;
	}
	dirty_bitmap_set_range(&s->block->dirty,
			       (s->offset_in_region >> DIRTY_PAGE_SHIFT) +
			       offset, 1);
}

/*
 * Entries in order from where we stopped, while they are dirty: read
 * the entry after its flags (acquire), hand it back after (release).
 */
static u64 ring_harvest(struct kvm_memory_listener *kml,
			struct kvm_dirty_ring *r)
{
	u64 n = 0;

	for (;;) {
		struct kvm_dirty_gfn *e = &r->gfns[r->fetch & (r->size - 1)];
		u32 flags = __atomic_load_n(&e->flags, __ATOMIC_ACQUIRE);

		if (!(flags & KVM_DIRTY_GFN_F_DIRTY))
			break;
		ring_mark(kml, r, e->slot, e->offset);
		__atomic_store_n(&e->flags, KVM_DIRTY_GFN_F_RESET,
				 __ATOMIC_RELEASE);
		r->fetch++;
		n++;
	}
	return n;
}

int kvm_dirty_rings_reap_locked(struct kvm_memory_listener *kml)
{
	struct kvm *kvm = kml->kvm;
	unsigned int i;
	u64 n = 0;

	for (i = 0; i < kvm->nr_dirty_rings; i++)
		n += ring_harvest(kml, kvm->dirty_rings[i]);
	kml->stats.ring_harvested += n;
	if (!n)
		return 0;
	kml->stats.ring_resets++;
	if (dirty_ring_ioctl(kvm->vm_fd, KVM_RESET_DIRTY_RINGS, NULL) < 0)
		return error_ret(errno, "KVM_RESET_DIRTY_RINGS after %" PRIu64
				 " entries: %s", n, strerror(errno));
	return 0;
}

int kvm_dirty_rings_reap_full(void *opaque)
{
	struct kvm_memory_listener *kml = opaque;
	int ret;

	pthread_mutex_lock(&kml->lock);
	kml->stats.ring_full_exits++;
	ret = kvm_dirty_rings_reap_locked(kml);
	pthread_mutex_unlock(&kml->lock);
	return ret;
}

/*
 * One full exit that found nothing may follow a reap by another thread;
 * this many in a row, with nothing reaped in between, may not.
 */
#define RING_FULL_EMPTY_MAX	3

int kvm_dirty_ring_full(struct kvm *kvm, struct kvm_dirty_ring *r)
{
	u32 fetch = r->fetch;
	int ret;

	r->full_exits++;
	if (!kvm->dirty_ring_reap)
		return error_ret(EINVAL, "vCPU %u: dirty ring full, and nobody "
				 "reaps the rings", r->vcpu_id);
	ret = kvm->dirty_ring_reap(kvm->dirty_ring_reap_opaque);
	if (ret)
		return ret;
	r->empty_full_exits = r->fetch == fetch ? r->empty_full_exits + 1 : 0;
	if (r->empty_full_exits < RING_FULL_EMPTY_MAX)
		return 0;
	kvm->dirty_ring_lost_entries = true;
	return error_ret(EIO, "vCPU %u: KVM_EXIT_DIRTY_RING_FULL %u times in "
			 "a row with no dirty entry at index %u of %u: the "
			 "kernel's ring lost or misplaced its entries",
			 r->vcpu_id, r->empty_full_exits, r->fetch, r->size);
}
