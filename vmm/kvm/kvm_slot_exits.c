// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <string.h>
#include <linux/kvm.h>

#include "kvm/kvm_slot_exits.h"

void kvm_slot_exits_init(struct kvm_slot_exits *x,
			 const struct kvm_memory_listener *kml)
{
	memset(x, 0, sizeof(*x));
	x->kml = kml;
}

/*
 * The live slot KVM should have served [@addr, @addr + @len) from, or
 * NULL.  KVM splits an access at page boundaries and slots are whole
 * pages, so one exit lies in one slot or none; its first byte decides.
 */
static const struct kvm_slot *slot_that_should_serve(
	const struct kvm_memory_listener *kml, hwaddr addr, bool is_write)
{
	const struct kvm_slot *s = kvm_slots_find(kml, addr);

	if (!s)
		return NULL;
	/* Writes to readonly memory are meant to exit (ROM writes). */
	if (is_write && (s->flags & KVM_MEM_READONLY))
		return NULL;
	return s;
}

/* The record of @s: the same id, range and flags, whatever its history. */
static struct kvm_slot_exit *record_of(struct kvm_slot_exits *x,
				       const struct kvm_slot *s, int id)
{
	struct kvm_slot_exit *r;
	unsigned int i;

	for (i = 0; i < x->nr; i++) {
		r = &x->recs[i];
		if (r->id == (unsigned int)id && r->start == s->start_addr &&
		    r->size == s->memory_size && r->flags == s->flags)
			return r;
	}
	if (x->nr == KVM_SLOT_EXITS_MAX)
		return NULL;
	r = &x->recs[x->nr++];
	*r = (struct kvm_slot_exit) {
		.id = (unsigned int)id, .start = s->start_addr,
		.size = s->memory_size, .flags = s->flags,
		.region = s->mr ? memory_region_name(s->mr) : "?",
		.offset_in_region = s->offset_in_region,
	};
	return r;
}

bool kvm_slot_exits_check(struct kvm_slot_exits *x, unsigned int vcpu,
			  hwaddr addr, u32 len, bool is_write, u64 seq)
{
	const struct kvm_slot *s;
	struct kvm_slot_exit *r;

	s = slot_that_should_serve(x->kml, addr, is_write);
	if (!s)
		return false;
	if ((seq & 1) || kvm_slots_update_seq(x->kml) != seq) {
		x->raced++;
		return false;
	}
	x->total++;
	r = record_of(x, s, kvm_slots_id(x->kml, s));
	if (!r) {
		x->unrecorded++;
		return true;
	}
	if (!r->count++) {
		r->first_addr = addr;
		r->first_len = len;
		r->first_write = is_write;
		r->first_vcpu = vcpu;
	}
	return true;
}

void kvm_slot_exits_report(const struct kvm_slot_exits *x, FILE *f,
			   const char *prefix)
{
	unsigned int i;
	char flags[16];

	for (i = 0; i < x->nr; i++) {
		const struct kvm_slot_exit *r = &x->recs[i];

		fprintf(f, "%sslot %u [0x%" PRIx64 ", 0x%" PRIx64 ") %s %s@0x%"
			PRIx64 ": %" PRIu64 " exit%s, the first a %s of %u "
			"bytes at 0x%" PRIx64 " (vCPU %u)\n", prefix, r->id,
			r->start, r->start + r->size,
			kvm_slot_flags_str(r->flags, flags, sizeof(flags)),
			r->region, r->offset_in_region, r->count,
			r->count == 1 ? "" : "s",
			r->first_write ? "write" : "read", r->first_len,
			r->first_addr, r->first_vcpu);
	}
	if (x->unrecorded)
		fprintf(f, "%s%" PRIu64 " more exits on slots past the first "
			"%d\n", prefix, x->unrecorded, KVM_SLOT_EXITS_MAX);
}

void kvm_slot_exits_print_stats(const struct kvm_slot_exits *x, FILE *f)
{
	unsigned int i;
	char flags[16];

	fprintf(f, "stats slot-exits %" PRIu64 "\n", x->total);
	fprintf(f, "stats slot-exits-raced %" PRIu64 "\n", x->raced);
	for (i = 0; i < x->nr; i++) {
		const struct kvm_slot_exit *r = &x->recs[i];

		fprintf(f, "stats slot-exits-slot %u 0x%016" PRIx64 " 0x%016"
			PRIx64 " %s %" PRIu64 "\n", r->id, r->start,
			r->start + r->size - 1,
			kvm_slot_flags_str(r->flags, flags, sizeof(flags)),
			r->count);
	}
}
