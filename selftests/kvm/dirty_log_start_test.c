// SPDX-License-Identifier: GPL-2.0
/*
 * Dirty logging starts and stops in place, in each reaping mode: on
 * -m 6G with max-slot-size=1G (slot_split_test's table: pc.ram in seven
 * slots, [0, 0xa0000), three below 4 GiB and three above; pc.rom,
 * isa-bios and the BIOS readonly), logging pc.ram changes the flags of
 * exactly its seven slots with KVM_SET_USER_MEMORY_REGION on the same
 * ids (QEMU's log_start): no slot deleted, none added, the ROM slots
 * untouched; stopping it puts the flags back the same way.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/kvm.h>

#include "dirty_modes.h"
#include "ktap.h"
#include "vmm_inproc.h"
#include "vmm_run.h"	/* make_test_bios() */

#define NR_RAM_SLOTS	7	/* pc.ram's, from slot_split_test's table */
#define MAX_SLOTS	16

struct log_slot {
	int	id;
	u64	start, size;
	u32	flags;
	bool	ram;
};

static unsigned int snapshot(const struct kvm_memory_listener *kml,
			     struct log_slot *rows)
{
	const struct kvm_slot *s;
	unsigned int n = 0;

	kvm_slots_for_each(s, kml) {
		if (n == MAX_SLOTS)
			break;
		rows[n++] = (struct log_slot){
			kvm_slots_id(kml, s), s->start_addr, s->memory_size,
			s->flags, !strcmp(memory_region_name(s->mr), "pc.ram"),
		};
	}
	return n;
}

/*
 * The same slots as @before, pc.ram's with KVM_MEM_LOG_DIRTY_PAGES as
 * @log says, the others as they were; and only flag changes, one per
 * pc.ram slot, since @calls.
 */
static bool same_in_place(const struct vmm *vmm, const struct log_slot *before,
			  unsigned int n, bool log, u64 adds, u64 dels,
			  u64 changes)
{
	struct log_slot now[MAX_SLOTS];
	unsigned int i, ram = 0;
	bool ok = snapshot(&vmm->kml, now) == n;

	for (i = 0; ok && i < n; i++) {
		u32 want = before[i].flags;

		if (before[i].ram)
			want = log ? want | KVM_MEM_LOG_DIRTY_PAGES :
				     want & ~KVM_MEM_LOG_DIRTY_PAGES;
		ram += before[i].ram;
		ok = now[i].id == before[i].id &&
		     now[i].start == before[i].start &&
		     now[i].size == before[i].size && now[i].flags == want;
		if (!ok)
			ktap_print_msg("slot %d [0x%llx +0x%llx] flags 0x%x, "
				       "expected 0x%x", now[i].id,
				       (unsigned long long)now[i].start,
				       (unsigned long long)now[i].size,
				       now[i].flags, want);
	}
	ktap_print_msg("%u slots, %u of pc.ram; calls: %llu adds, %llu "
		       "deletes, %llu flag changes", n, ram,
		       (unsigned long long)(vmm->kml.calls.adds - adds),
		       (unsigned long long)(vmm->kml.calls.deletes - dels),
		       (unsigned long long)(vmm->kml.calls.flag_changes -
					    changes));
	return ok && ram == NR_RAM_SLOTS && vmm->kml.calls.adds == adds &&
	       vmm->kml.calls.deletes == dels &&
	       vmm->kml.calls.flag_changes - changes == NR_RAM_SLOTS;
}

static void flip(const struct dirty_mode *m, struct vmm *vmm,
		 const struct log_slot *before, unsigned int n, bool log)
{
	u64 adds = vmm->kml.calls.adds, dels = vmm->kml.calls.deletes;
	u64 changes = vmm->kml.calls.flag_changes;

	memory_region_set_log(&vmm->pcms.ram, log, DIRTY_MEMORY_MIGRATION);
	ktap_test_result(same_in_place(vmm, before, n, log, adds, dels,
				       changes) && !vmm->kml.error,
			 "%s: logging %s in place: pc.ram's 7 slots, same ids, "
			 "nothing deleted or added", m->name,
			 log ? "starts" : "stops");
}

static void run_mode(const struct dirty_mode *m, unsigned int call)
{
	static struct vmm_params params;
	static struct vmm vmm;
	struct log_slot before[MAX_SLOTS];
	const char *bios = make_test_bios(256 * 1024);
	unsigned int n;

	(void)call;
	if (!bios)
		ktap_exit_fail_msg("cannot write a test BIOS in /tmp");
	vmm_params_init(&params);
	params.machine.ram_size = 6ULL << 30;
	params.machine.bios = strdup(bios);
	params.max_slot_size = 1ULL << 30;
	dirty_mode_params(m, &params, DIRTY_TEST_RING);
	memset(&vmm, 0, sizeof(vmm));
	vmm_build_inproc(&vmm, &params);
	n = snapshot(&vmm.kml, before);
	flip(m, &vmm, before, n, true);
	flip(m, &vmm, before, n, false);
	vmm_teardown(&vmm);
	vmm_params_free(&params);
	unlink(bios);
}

int main(void)
{
	ktap_print_header();
	dirty_modes_run(1, 2, run_mode);
}
