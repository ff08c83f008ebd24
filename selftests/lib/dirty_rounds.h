/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SELFTESTS_DIRTY_ROUNDS_H
#define SELFTESTS_DIRTY_ROUNDS_H

#include "dirty_check.h"

/* What the round sets came to, over the rounds. */
struct round_tally {
	u64	writes;		/* the round sets, summed */
	u64	unwritten;	/* pages of a set without the round's stamp */
	u64	unreported;	/* pages of a set not in the take */
	u64	reported;	/* pages taken dirty */
};

/*
 * Start the dirtier and run rounds 1..@rounds, each followed (the guest
 * waiting) by a check and by the round's set against the stamps and the
 * take; then stop the guest.  0, or -1 when the guest failed (the VM is
 * ended then, and a last check made).
 */
int dirty_run_rounds(struct vmm *vmm, struct dirty_check *c,
		     const struct dirtier_config *cfg, u64 rounds,
		     struct round_tally *t);
/* The counts of a run, as one diagnostic line after @what. */
void dirty_print_tally(const char *what, const struct vmm *vmm,
		       const struct dirty_check *c,
		       const struct round_tally *t);

#endif
