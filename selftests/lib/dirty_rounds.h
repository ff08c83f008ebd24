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

/* Log every RAMBlock of guest RAM: pc.ram, or each NUMA node's memdev. */
void dirty_log_guest_ram(struct vmm *vmm);
/*
 * The whole of a rounds test: build @vmm from @p, log guest RAM, watch
 * the dirtier's area with @c (its baseline taken), run the rounds
 * (dirty_run_rounds()).  0 or -1.  dirty_rounds_end() frees it all.
 */
int dirty_rounds_vm(struct vmm *vmm, const struct vmm_params *p,
		    struct dirty_check *c, const struct dirtier_config *cfg,
		    u64 rounds, struct round_tally *t);
void dirty_rounds_end(struct vmm *vmm, struct vmm_params *p,
		      struct dirty_check *c);

/*
 * Start the dirtier and run rounds 1..@rounds, each followed (the guest
 * waiting) by a check and by the round's set against the stamps and the
 * take; then stop the guest.  0, or -1 when the guest failed (the VM is
 * ended then, and a last check made).
 */
int dirty_run_rounds(struct vmm *vmm, struct dirty_check *c,
		     const struct dirtier_config *cfg, u64 rounds,
		     struct round_tally *t);
/*
 * The counts of a run as one diagnostic line after @what, then its
 * result (dirty_result()): lost pages, those of the round sets among
 * them; a failure besides when @failed, a page of a set left unwritten,
 * the listener's error or a stray ring entry.
 */
__attribute__((format(printf, 7, 8)))
void dirty_rounds_result(const char *mode, const char *what,
			 const struct vmm *vmm, const struct dirty_check *c,
			 const struct round_tally *t, bool failed,
			 const char *fmt, ...);

#endif
