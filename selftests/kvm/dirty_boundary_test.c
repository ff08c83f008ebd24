// SPDX-License-Identifier: GPL-2.0
/*
 * Dirty logging across slot boundaries, in each reaping mode.  Split:
 * -m 64M with max-slot-size=780K (64 * 3 + 3 pages), so that pc.ram's
 * slots start at pages of its RAMBlock that are not multiples of 64 and
 * each slot's bitmap lands shifted in the block's.  NUMA: two memdevs
 * of 20M + 12K and 44M - 12K, a boundary between RAMBlocks at a GPA that
 * is not 64-page aligned, the first slot 64 * 80 + 3 pages.  The dirtier
 * writes every page of a 16 MiB area across the boundaries in each of
 * three rounds (sequential=1); every page must be reported each round,
 * from the guest's stamps, and nothing else.
 */
#include <stdlib.h>
#include <string.h>

#include "dirty_modes.h"
#include "dirty_rounds.h"
#include "ktap.h"
#include "vmm_inproc.h"

#define RAM_SIZE	(64ULL << 20)
#define AREA_BASE	(8ULL << 20)
#define AREA_SIZE	(16ULL << 20)
#define MAILBOX		(60ULL << 20)
#define ROUNDS		3
#define SPLIT_SIZE	((64 * 3 + 3) * 4096ULL)
#define NODE0_SIZE	((20ULL << 20) + 12 * 1024)

static void run_case(const struct dirty_mode *m, unsigned int numa)
{
	static struct vmm_params params;
	static struct vmm vmm;
	struct dirtier_config cfg = {
		.base = AREA_BASE, .size = AREA_SIZE, .pages = AREA_SIZE >> 12,
		.mailbox = MAILBOX, .sequential = true, .verify = true,
	};
	const char *what = numa ? "two NUMA memdevs" : "max-slot-size=780K";
	struct dirty_check c;
	struct round_tally t = { 0 };
	char name[96];
	int ret;

	dirtier_params(&params, RAM_SIZE, 1, &cfg);
	dirty_mode_params(m, &params, DIRTY_TEST_RING);
	if (numa) {
		vmm_params_add_node_memdev(&params, "m0", NODE0_SIZE);
		vmm_params_add_node_memdev(&params, "m1",
					   RAM_SIZE - NODE0_SIZE);
	} else {
		params.max_slot_size = SPLIT_SIZE;
	}
	ret = dirty_rounds_vm(&vmm, &params, &c, &cfg, ROUNDS, &t);
	snprintf(name, sizeof(name), "%s, %s (%u slots, %u areas)", m->name,
		 what, kvm_slots_count(&vmm.kml), c.nr);
	dirty_rounds_result(m->name, name, &vmm, &c, &t,
			    ret || c.false_positive ||
			    t.reported != ROUNDS * cfg.pages,
			    "%s: %s: every page across the boundaries "
			    "reported, nothing else", m->name, what);
	dirty_rounds_end(&vmm, &params, &c);
}

/* Call 0: split by max-slot-size; call 1: NUMA memdevs. */
int main(void)
{
	ktap_print_header();
	dirty_modes_run(2, 1, run_case);
}
