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

#include "dirty_rounds.h"
#include "dirty_modes.h"
#include "ktap.h"
#include "vmm_inproc.h"

#define RAM_SIZE	(64ULL << 20)
#define AREA_BASE	(8ULL << 20)
#define AREA_SIZE	(32ULL << 20)
#define MAILBOX		(60ULL << 20)
#define PAGES		1024
#define ROUNDS		6

static void run_case(const struct dirty_mode *m, unsigned int call)
{
	unsigned int smp = call + 1;
	static struct vmm_params params;
	static struct vmm vmm;
	struct dirtier_config cfg = {
		.seed = 0x5eed0000 + smp, .base = AREA_BASE, .size = AREA_SIZE,
		.pages = PAGES, .rounds = 0, .mailbox = MAILBOX, .verify = true,
	};
	struct dirty_check c;
	struct round_tally t = { 0 };
	char what[64];
	int ret;

	dirtier_params(&params, RAM_SIZE, smp, &cfg);
	dirty_mode_params(m, &params, DIRTY_TEST_RING);
	ret = dirty_rounds_vm(&vmm, &params, &c, &cfg, ROUNDS, &t);
	snprintf(what, sizeof(what), "%s, %u vCPU%s", m->name, smp,
		 smp > 1 ? "s" : "");
	dirty_rounds_result(m->name, what, &vmm, &c, &t, ret,
			    "%s: every page written in %d rounds reported",
			    what, ROUNDS);
	dirty_rounds_end(&vmm, &params, &c);
}

/* Call 0: one vCPU; call 1: two. */
int main(void)
{
	ktap_print_header();
	dirty_modes_run(2, 1, run_case);
}
