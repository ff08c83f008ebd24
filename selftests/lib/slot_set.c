// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ktap.h"
#include "slot_set.h"

static int cmp_slot(const void *a, const void *b)
{
	const struct slot_desc *x = a, *y = b;

	return x->gpa < y->gpa ? -1 : x->gpa > y->gpa;
}

bool qemu_slots_apply(struct qemu_slots *q, const char *line)
{
	unsigned int as = 0, id, flags;
	unsigned long long gpa, size;
	const char *p = line + strlen("kvm_set_user_memory ");

	if (strncmp(line, "kvm_set_user_memory ", 20))
		return false;
	if (sscanf(p, "AddrSpace#%u Slot#%u flags=0x%x gpa=0x%llx size=0x%llx",
		   &as, &id, &flags, &gpa, &size) != 5 &&
	    sscanf(p, "Slot#%u flags=0x%x gpa=0x%llx size=0x%llx", &id,
		   &flags, &gpa, &size) != 4)
		return false;
	if (id >= SLOT_SET_MAX || as)
		return false;
	q->by_id[id] = (struct slot_desc) { gpa, size, flags };
	return true;
}

void qemu_slots_get(const struct qemu_slots *q, struct slot_set *set)
{
	unsigned int i;

	set->nr = 0;
	for (i = 0; i < SLOT_SET_MAX; i++)
		if (q->by_id[i].size)
			set->s[set->nr++] = q->by_id[i];
	qsort(set->s, set->nr, sizeof(set->s[0]), cmp_slot);
}

void vmm_slot_set(const struct kvm_memory_listener *kml, struct slot_set *set)
{
	const struct kvm_slot *k;

	set->nr = 0;
	kvm_slots_for_each(k, kml) {
		if (set->nr == SLOT_SET_MAX)
			break;
		set->s[set->nr++] = (struct slot_desc) {
			k->start_addr, k->memory_size, k->flags,
		};
	}
	qsort(set->s, set->nr, sizeof(set->s[0]), cmp_slot);
}

bool slot_sets_equal(const char *what, const struct slot_set *a,
		     const struct slot_set *b)
{
	unsigned int i;

	if (a->nr != b->nr) {
		ktap_print_msg("%s: vmm has %u slots, QEMU %u", what, a->nr,
			       b->nr);
		return false;
	}
	for (i = 0; i < a->nr; i++) {
		const struct slot_desc *x = &a->s[i], *y = &b->s[i];

		if (x->gpa == y->gpa && x->size == y->size &&
		    x->flags == y->flags)
			continue;
		ktap_print_msg("%s: slot %u: vmm gpa=0x%llx size=0x%llx flags="
			       "0x%x, QEMU gpa=0x%llx size=0x%llx flags=0x%x",
			       what, i, (unsigned long long)x->gpa,
			       (unsigned long long)x->size, x->flags,
			       (unsigned long long)y->gpa,
			       (unsigned long long)y->size, y->flags);
		return false;
	}
	return true;
}
