/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_KVM_KVM_SLOT_EXITS_H
#define VMM_KVM_KVM_SLOT_EXITS_H

#include <stdio.h>

#include "kvm/kvm_slots.h"

/*
 * Strict slots: an MMIO exit inside a range a live slot covers is a
 * memslot bug, because KVM must handle every access there itself (a read
 * of any slot, a write to a writable one).  Only a write to a
 * KVM_MEM_READONLY slot is meant to exit (ROM writes, dropped by the
 * VMM).  QEMU services such exits silently, which is right for QEMU and
 * hides exactly the bugs this VMM exists to find: here each is recorded
 * against its slot, and the VM's builder decides what the run's status
 * becomes (docs/witness.md).
 */

/* One slot that exits hit: the slot as we gave it, and the first exit. */
struct kvm_slot_exit {
	unsigned int	id;
	hwaddr		start;
	u64		size;
	u32		flags;		/* KVM_MEM_* */
	const char	*region;	/* the backing region's name */
	u64		offset_in_region;
	hwaddr		first_addr;
	unsigned int	first_len;
	bool		first_write;
	unsigned int	first_vcpu;
	u64		count;
};

#define KVM_SLOT_EXITS_MAX	64

struct kvm_slot_exits {
	const struct kvm_memory_listener *kml;
	struct kvm_slot_exit	recs[KVM_SLOT_EXITS_MAX];
	unsigned int		nr;
	u64			total;		/* exits on slotted memory */
	u64			unrecorded;	/* of them, past the table */
	/*
	 * Exits while the slots were being changed by another vCPU: KVM
	 * deletes a slot and adds its successor in two calls, and an
	 * access in between exits legitimately.  Counted, not bugs.
	 */
	u64			raced;
};

void kvm_slot_exits_init(struct kvm_slot_exits *x,
			 const struct kvm_memory_listener *kml);
/*
 * Check one MMIO exit of vCPU @vcpu at [@addr, @addr + @len).  @seq is
 * kvm_slots_update_seq() read before the KVM_RUN that made the exit.
 * Call it under the lock that serialises slot updates.  Returns true
 * when the exit is a memslot bug (it is then recorded).
 */
bool kvm_slot_exits_check(struct kvm_slot_exits *x, unsigned int vcpu,
			  hwaddr addr, u32 len, bool is_write, u64 seq);
/* One line per slot hit: "slot ID [start, end) FLAGS REGION@OFF: ...". */
void kvm_slot_exits_report(const struct kvm_slot_exits *x, FILE *f,
			   const char *prefix);
/* `--stats` lines: slot-exits, slot-exits-raced, one per slot hit. */
void kvm_slot_exits_print_stats(const struct kvm_slot_exits *x, FILE *f);

#endif
