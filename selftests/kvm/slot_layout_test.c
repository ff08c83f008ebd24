// SPDX-License-Identifier: GPL-2.0
/*
 * The PC machine's KVM slots and e820 table for every layout of the
 * shared table (selftests/lib/pc_layouts.c), built in-process and read
 * through kvm/'s slot lookup API, against QEMU 7.2's rules
 * (docs/qemu-rules.md): the RAM split of the table; every RAM or ROM
 * flat range is its own slot; ROM slots are readonly; ids are handed out
 * lowest-free in address order.  The BIOS is 256 KiB.  The e820 table is
 * the table's too (pc_layout_e820()): the KVM pages, AMD's HyperTransport
 * hole when the host's CPU, which vmm shows its guests, gets it (read by
 * the test with CPUID) and the type is not pc-i440fx-1.7, then RAM.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/kvm.h>

#include "ktap.h"
#include "pc_layouts.h"
#include "util/error.h"
#include "vmm_inproc.h"
#include "vmm_run.h"

#define G (1ULL << 30)

struct want_slot {
	u64		start;
	u64		size;
	bool		readonly;
	const char	*region;
	u64		offset;
};

/*
 * The slots of a layout, in id order (lowest free id, handed out in
 * address order): RAM [0, 0xa0000) (with -nodefaults [0, 0xc0000): the
 * VGA window is RAM), pc.rom, isa-bios (the BIOS's last 128 KiB), RAM
 * [1M, low), the 256 KiB BIOS below 4G, and RAM above 4G when there is.
 */
static unsigned int want_slots(const struct pc_layout *l,
			       struct want_slot *w)
{
	unsigned int n = 0;

	w[n++] = (struct want_slot) { 0x0, l->nodefaults ? 0xc0000 : 0xa0000,
				      false, "pc.ram", 0x0 };
	w[n++] = (struct want_slot) { 0xc0000, 0x20000, true, "pc.rom", 0x0 };
	w[n++] = (struct want_slot) { 0xe0000, 0x20000, true, "pc.bios",
				      0x20000 };
	w[n++] = (struct want_slot) { 0x100000, l->low - 0x100000, false,
				      "pc.ram", 0x100000 };
	w[n++] = (struct want_slot) { 0xfffc0000, 0x40000, true, "pc.bios",
				      0x0 };
	if (l->high)
		w[n++] = (struct want_slot) { 4 * G, l->high, false, "pc.ram",
					      l->low };
	return n;
}

static bool slot_matches(const struct kvm_slot *s, const struct want_slot *w)
{
	return s->start_addr == w->start && s->memory_size == w->size &&
	       !!(s->flags & KVM_MEM_READONLY) == w->readonly &&
	       !strcmp(memory_region_name(s->mr), w->region) &&
	       s->offset_in_region == w->offset;
}

static bool check_slots(const struct pc_layout *l,
			const struct kvm_memory_listener *kml)
{
	struct want_slot w[8];
	unsigned int nr = want_slots(l, w), i = 0;
	const struct kvm_slot *s;
	bool ok = kvm_slots_count(kml) == nr;

	if (!ok)
		ktap_print_msg("%s: %u slots, expected %u", l->name,
			       kvm_slots_count(kml), nr);
	kvm_slots_for_each(s, kml) {
		if (!ok || i >= nr)
			break;
		if (kvm_slots_id(kml, s) == (int)i && slot_matches(s, &w[i])) {
			i++;
			continue;
		}
		ktap_print_msg("%s: slot %d [0x%llx +0x%llx] %s %s @0x%llx, "
			       "expected slot %u [0x%llx +0x%llx] %s %s @0x%llx",
			       l->name, kvm_slots_id(kml, s),
			       (unsigned long long)s->start_addr,
			       (unsigned long long)s->memory_size,
			       s->flags & KVM_MEM_READONLY ? "ro" : "rw",
			       memory_region_name(s->mr),
			       (unsigned long long)s->offset_in_region, i,
			       (unsigned long long)w[i].start,
			       (unsigned long long)w[i].size,
			       w[i].readonly ? "ro" : "rw", w[i].region,
			       (unsigned long long)w[i].offset);
		ok = false;
	}
	return ok;
}

static bool check_e820(const struct pc_layout *l, const struct e820_table *t)
{
	struct e820_entry want[4];
	unsigned int nr = pc_layout_e820(l, want), i;
	bool ok = t->nr == nr;

	if (!ok)
		ktap_print_msg("%s: %u e820 entries, expected %u", l->name,
			       t->nr, nr);
	for (i = 0; ok && i < nr; i++) {
		const struct e820_entry *e = &t->entries[i];

		if (e->addr == want[i].addr && e->len == want[i].len &&
		    e->type == want[i].type)
			continue;
		ktap_print_msg("%s: e820[%u] 0x%llx +0x%llx type %u, expected "
			       "0x%llx +0x%llx type %u", l->name, i,
			       (unsigned long long)e->addr,
			       (unsigned long long)e->len, e->type,
			       (unsigned long long)want[i].addr,
			       (unsigned long long)want[i].len, want[i].type);
		ok = false;
	}
	return ok;
}

static void test_layout(const struct pc_layout *l, const char *bios)
{
	static struct vmm_params params;
	static struct vmm vmm;
	char err[1024];
	bool ok, warned;

	pc_layout_params(l, &params, bios);
	memset(&vmm, 0, sizeof(vmm));
	if (vmm_build_stderr(&vmm, &params, err, sizeof(err))) {
		ktap_print_msg("%s: vmm_build: %s", l->name, error_get());
		ktap_test_result(false, "%s: slots", l->name);
		ktap_test_result(false, "%s: e820", l->name);
	} else {
		ok = check_slots(l, &vmm.kml);
		warned = strstr(err, "not a multiple of 1G") != NULL;
		if (warned != l->warn) {
			ktap_print_msg("%s: warning %s, expected %s: stderr "
				       "'%s'", l->name,
				       warned ? "printed" : "absent",
				       l->warn ? "printed" : "absent", err);
			ok = false;
		}
		ktap_test_result(ok, "%s: slots", l->name);
		ktap_test_result(check_e820(l, &vmm.pcms.e820), "%s: e820",
				 l->name);
	}
	vmm_teardown(&vmm);
	vmm_params_free(&params);
}

int main(void)
{
	const char *bios;
	unsigned int i;

	ktap_print_header();
	if (!have_kvm())
		ktap_skip_all("/dev/kvm is not available");
	bios = make_test_bios(256 * 1024);
	if (!bios)
		ktap_exit_fail_msg("cannot write a test BIOS in /tmp");
	ktap_set_plan(2 * nr_pc_layouts);
	pc_layouts_print_host_cpu();
	for (i = 0; i < nr_pc_layouts; i++)
		test_layout(&pc_layouts[i], bios);
	unlink(bios);
	ktap_finished();
}
