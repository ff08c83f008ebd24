// SPDX-License-Identifier: GPL-2.0
/*
 * Looking at the slots: the `--dump slots` table and the lookup API tests
 * use (the KVM selftests' memslot2region() model).
 */
#include <inttypes.h>

#include "kvm/kvm_slots.h"

void kvm_slots_print(const struct kvm_memory_listener *kml, FILE *f)
{
	unsigned int i;
	char flags[16];

	fprintf(f, "%-5s %-18s %-18s %-6s %s\n", "slot", "start", "size",
		"flags", "region");
	for (i = 0; i < kml->nr_slots; i++) {
		const struct kvm_slot *s = &kml->slots[i];

		if (!s->used)
			continue;
		fprintf(f, "%-5u 0x%016" PRIx64 " 0x%016" PRIx64 " %-6s %s "
			"@0x%016" PRIx64 "\n", i, s->start_addr,
			s->memory_size,
			kvm_slot_flags_str(s->flags, flags, sizeof(flags)),
			memory_region_name(s->mr), s->offset_in_region);
	}
}

const struct kvm_slot *kvm_slots_find(const struct kvm_memory_listener *kml,
				      hwaddr addr)
{
	unsigned int i;

	for (i = 0; i < kml->nr_slots; i++) {
		const struct kvm_slot *s = &kml->slots[i];

		if (s->used && addr >= s->start_addr &&
		    addr - s->start_addr < s->memory_size)
			return s;
	}
	return NULL;
}

int kvm_slots_id(const struct kvm_memory_listener *kml,
		 const struct kvm_slot *slot)
{
	return slot ? (int)(slot - kml->slots) : -1;
}

unsigned int kvm_slots_count(const struct kvm_memory_listener *kml)
{
	return kml->nr_used;
}

const struct kvm_slot *kvm_slots_next(const struct kvm_memory_listener *kml,
				      const struct kvm_slot *prev)
{
	unsigned int i = prev ? (unsigned int)(prev - kml->slots) + 1 : 0;

	for (; i < kml->nr_slots; i++)
		if (kml->slots[i].used)
			return &kml->slots[i];
	return NULL;
}

bool kvm_slots_has_memory(void *opaque, hwaddr addr, u128 size)
{
	const struct kvm_memory_listener *kml = opaque;
	unsigned int i;

	for (i = 0; i < kml->nr_slots; i++) {
		const struct kvm_slot *s = &kml->slots[i];

		if (s->used && (u128)s->start_addr < (u128)addr + size &&
		    (u128)addr < (u128)s->start_addr + s->memory_size)
			return true;
	}
	return false;
}
