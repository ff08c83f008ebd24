// SPDX-License-Identifier: GPL-2.0
/*
 * Exactness of dirty logging, in each reaping mode, with one vCPU and
 * with two: the dirtier guest writes 1024 pseudo-random pages of a 32 MiB
 * area of pc.ram per round, stamping each with (round, page); after each
 * round (the guest waiting in its mailbox) the host syncs and takes the
 * dirty bits.  From the stamps in guest memory, read by the host: every
 * page of the round's set (computed here from the seed, guest/README.md)
 * carries this round's stamp, and every page whose stamp changed was
 * reported (zero lost).  Reported pages whose stamp did not change are
 * false positives, counted and printed.
 */
#include <stdlib.h>
#include <string.h>

#include "dirty_check.h"
#include "dirty_modes.h"
#include "ktap.h"
#include "vmm_inproc.h"

#define RAM_SIZE	(64ULL << 20)
#define AREA_BASE	(8ULL << 20)
#define AREA_SIZE	(32ULL << 20)
#define MAILBOX		(60ULL << 20)
#define PAGES		1024
#define ROUNDS		6

struct tally {
	u64	writes;		/* the round sets, summed */
	u64	unwritten;	/* pages of a set without the round's stamp */
	u64	unreported;	/* pages of a set not in the take */
	u64	reported;	/* pages taken dirty */
};

/* Round @r's set against the stamps and the last take. */
static void check_round(struct vmm *vmm, const struct dirty_check *c,
			const struct dirtier_config *cfg, u64 r,
			struct tally *t)
{
	struct memory_region_section s;
	u64 i;

	for (i = 0; i < cfg->pages; i++) {
		u64 p = dirtier_page(cfg, r, i);
		hwaddr gpa = cfg->base + p * 4096;
		const struct dirtier_stamp *st = guest_host_ptr(vmm, gpa);

		t->writes++;
		if (st->magic != DIRTIER_STAMP_MAGIC || st->round != r ||
		    st->page != p)
			t->unwritten++;
		address_space_translate(&vmm->pcms.as_memory, gpa, &s);
		if (!dirty_check_taken(c, memory_region_get_ram_block(s.mr),
				       s.offset_within_region +
				       (gpa - s.offset_within_address_space)))
			t->unreported++;
	}
}

/* Rounds 1..ROUNDS, each checked; 0 or -1 when the guest failed. */
static int run_rounds(struct vmm *vmm, struct dirty_check *c,
		      const struct dirtier_config *cfg, struct tally *t)
{
	struct dirtier_mbox mb = { 0 };
	u64 r, before;
	int status;

	if (vmm_start_guest(vmm) || dirtier_wait_ready(vmm, cfg, &mb))
		return -1;
	for (r = 1; r <= ROUNDS; r++) {
		dirtier_go(&mb, r);
		if (dirtier_wait_done(vmm, &mb, r))
			return -1;
		before = c->changed + c->false_positive;
		dirty_check_round(c);
		t->reported += c->changed + c->false_positive - before;
		check_round(vmm, c, cfg, r, t);
	}
	status = dirtier_finish(vmm, &mb);
	if (status != 1)
		ktap_print_msg("guest status %d: %s", status, vmm->cpus.msg);
	return status == 1 ? 0 : -1;
}

static void run_case(const struct dirty_mode *m, unsigned int smp)
{
	static struct vmm_params params;
	static struct vmm vmm;
	struct dirtier_config cfg = {
		.seed = 0x5eed0000 + smp, .base = AREA_BASE, .size = AREA_SIZE,
		.pages = PAGES, .rounds = 0, .mailbox = MAILBOX, .verify = true,
	};
	struct dirty_check c;
	struct tally t = { 0 };
	int ret;

	dirtier_params(&params, RAM_SIZE, smp, &cfg);
	dirty_mode_params(m, &params, DIRTY_TEST_RING);
	memset(&vmm, 0, sizeof(vmm));
	vmm_build_inproc(&vmm, &params);
	memory_region_set_log(&vmm.pcms.ram, true, DIRTY_MEMORY_MIGRATION);
	dirty_check_init(&c);
	dirty_check_add_gpa(&c, &vmm, AREA_BASE, AREA_SIZE);
	dirty_check_baseline(&c);
	ret = run_rounds(&vmm, &c, &cfg, &t);
	if (ret) {
		/* What was written until then must still have been reported. */
		dirtier_abort(&vmm);
		dirty_check_round(&c);
	}
	ktap_print_msg("%s, %u vCPU%s: %llu writes, %llu unwritten, %llu "
		       "reported, %llu lost (%llu of the round sets), %llu "
		       "false positives, ring entries naming no slot %llu",
		       m->name, smp, smp > 1 ? "s" : "",
		       (unsigned long long)t.writes,
		       (unsigned long long)t.unwritten,
		       (unsigned long long)t.reported,
		       (unsigned long long)c.lost,
		       (unsigned long long)t.unreported,
		       (unsigned long long)c.false_positive,
		       (unsigned long long)vmm.kml.stats.ring_stray);
	if (c.lost)
		ktap_print_msg("first lost: %s", c.first_lost);
	if (vmm.kml.error)
		ktap_print_msg("kvm: %s", vmm.kml.error_msg);
	dirty_result(m->name, &vmm, c.lost + t.unreported,
		     ret || t.unwritten || vmm.kml.error ||
		     vmm.kml.stats.ring_stray,
		     "%s: %u vCPU%s: every page written in %d rounds reported",
		     m->name, smp, smp > 1 ? "s" : "", ROUNDS);
	dirty_check_destroy(&c);
	vmm_teardown(&vmm);
	vmm_params_free(&params);
}

int main(void)
{
	struct kvm_caps caps;
	unsigned int i, smp;

	ktap_print_header();
	if (!dirty_host_caps(&caps))
		ktap_skip_all("/dev/kvm is not available");
	ktap_set_plan(2 * NR_DIRTY_MODES);
	for (i = 0; i < NR_DIRTY_MODES; i++) {
		const char *why = dirty_mode_unsupported(&dirty_modes[i], &caps);

		for (smp = 1; smp <= 2; smp++) {
			if (why)
				ktap_test_skip("%s: %s", dirty_modes[i].name,
					       why);
			else
				run_case(&dirty_modes[i], smp);
		}
	}
	ktap_finished();
}
