/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SELFTESTS_SLOT_SET_H
#define SELFTESTS_SLOT_SET_H

#include "kvm/kvm_slots.h"

/*
 * A set of KVM slots by guest-physical range and flags, ids left out
 * (QEMU's history of adds and deletes differs from ours): what
 * `-trace kvm_set_user_memory` replays to, and what vmm's slot lookup
 * API gives, sorted by address, to compare.
 */
struct slot_desc {
	u64	gpa, size;
	u32	flags;
};

#define SLOT_SET_MAX	512

struct slot_set {
	struct slot_desc	s[SLOT_SET_MAX];
	unsigned int		nr;
};

/* QEMU's slots while replaying its trace: indexed by slot id. */
struct qemu_slots {
	struct slot_desc	by_id[SLOT_SET_MAX];
};

/*
 * If @line (starting at "kvm_set_user_memory ") is a slot update of
 * address space 0, apply it; returns whether it was one.
 */
bool qemu_slots_apply(struct qemu_slots *q, const char *line);
/* The slots that exist now, sorted. */
void qemu_slots_get(const struct qemu_slots *q, struct slot_set *set);
/* vmm's slots (kvm_slots_for_each), sorted. */
void vmm_slot_set(const struct kvm_memory_listener *kml, struct slot_set *set);
/* Equal, or false with the first difference printed after @what. */
bool slot_sets_equal(const char *what, const struct slot_set *vmm,
		     const struct slot_set *qemu);

#endif
