// SPDX-License-Identifier: GPL-2.0
/*
 * A dirty ring that fills in the middle of a round loses nothing: with
 * the smallest ring this KVM accepts (a page, or the entries it reserves
 * for the CPU's own log, whichever is more: 256 entries on AMD, 1024 with
 * Intel's PML), two vCPUs of the dirtier each write twice the ring's
 * entries per round, so each vCPU exits with KVM_EXIT_DIRTY_RING_FULL
 * (counted: it must have happened) and the VMM reaps the rings and runs
 * on.  Every page of every round must be reported, from the guest's
 * stamps.  The bitmap modes run the same bursts (no ring to fill).
 */
#include <stdlib.h>
#include <string.h>

#include "dirty_modes.h"
#include "dirty_rounds.h"
#include "ktap.h"
#include "util/error.h"
#include "vmm_inproc.h"

#define RAM_SIZE	(64ULL << 20)
#define AREA_BASE	(8ULL << 20)
#define AREA_SIZE	(48ULL << 20)
#define MAILBOX		(60ULL << 20)
#define ROUNDS		3
#define SMP		2

/* The smallest ring this KVM takes (a VM built and torn down), or 0. */
static u32 smallest_ring(const struct dirty_mode *m)
{
	static struct vmm_params params;
	static struct vmm vmm;
	struct dirtier_config cfg = { .size = AREA_SIZE, .pages = 1 };
	u32 ring;
	int ret;

	for (ring = 256; ring <= 4096; ring *= 2) {
		dirtier_params(&params, RAM_SIZE, SMP, &cfg);
		dirty_mode_params(m, &params, ring);
		memset(&vmm, 0, sizeof(vmm));
		ret = vmm_build(&vmm, &params);
		if (ret)
			ktap_print_msg("%u entries: %s", ring, error_get());
		vmm_teardown(&vmm);
		vmm_params_free(&params);
		if (!ret)
			return ring;
	}
	return 0;
}

static void run_mode(const struct dirty_mode *m, unsigned int call)
{
	static struct vmm_params params;
	static struct vmm vmm;
	struct dirtier_config cfg = {
		.seed = 0xf011, .base = AREA_BASE, .size = AREA_SIZE,
		.mailbox = MAILBOX, .verify = true,
	};
	struct dirty_check c;
	struct round_tally t = { 0 };
	u64 full;
	u32 ring = 256;
	int ret;

	(void)call;
	if (m->mode == KVM_DIRTY_LOG_RING)
		ring = smallest_ring(m);
	if (!ring)
		ktap_exit_fail_msg("no ring size from 256 to 4096 accepted");
	cfg.pages = 2ULL * SMP * ring;
	dirtier_params(&params, RAM_SIZE, SMP, &cfg);
	dirty_mode_params(m, &params, ring);
	ktap_print_msg("%s: %u %s, %llu pages a round", m->name, ring,
		       m->mode == KVM_DIRTY_LOG_RING ? "entries a ring" :
		       "entries as the ring would have",
		       (unsigned long long)cfg.pages);
	ret = dirty_rounds_vm(&vmm, &params, &c, &cfg, ROUNDS, &t);
	full = vmm.kml.stats.ring_full_exits;
	ktap_print_msg("%s: %llu KVM_EXIT_DIRTY_RING_FULL reaped", m->name,
		       (unsigned long long)full);
	dirty_rounds_result(m->name, m->name, &vmm, &c, &t,
			    ret || (m->mode == KVM_DIRTY_LOG_RING && !full),
			    "%s: rounds of twice the ring per vCPU: nothing "
			    "lost", m->name);
	dirty_rounds_end(&vmm, &params, &c);
}

int main(void)
{
	ktap_print_header();
	dirty_modes_run(1, 1, run_mode);
}
