/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SELFTESTS_DIRTY_CHECK_H
#define SELFTESTS_DIRTY_CHECK_H

#include "dirtier_host.h"
#include "memory/dirty_log.h"

/*
 * The witness of dirty logging: it keeps a copy of what the dirtier's
 * stamps said in each watched range of guest RAM when it last looked, and
 * at each check (a sync and a take, with the guest quiet or its vCPUs
 * held) it reads the stamps again.  A page whose stamp changed must have
 * been reported dirty since, or a dirty page was lost; a page reported
 * whose stamp did not change is a false positive (counted, harmless).
 * What it compares are the guest's own writes, read from guest memory,
 * never the VMM's bookkeeping.
 *
 * As a memory listener below KVM's, it also looks when a logged slot goes
 * away or stops logging (region_del, log_stop): KVM's listener has made
 * its final sync just before, with the vCPUs held, so every changed stamp
 * of that range must already be in the RAMBlock's bitmap.
 */
#define DIRTY_CHECK_MAX_AREAS	8

struct dirty_area {
	const char		*name;
	struct ram_block	*block;
	u64			offset, len;	/* in the block, whole pages */
	const u8		*host;
	struct dirtier_stamp	*shadow;	/* one per page */
	unsigned long		*taken;		/* the last take */
	bool			tracked;	/* logging on: changes count */
};

struct dirty_check {
	struct dirty_area	areas[DIRTY_CHECK_MAX_AREAS];
	unsigned int		nr;
	u64			checks;		/* takes compared */
	u64			witness_checks;	/* ranges checked in a hold */
	u64			changed;	/* stamps changed and reported */
	u64			lost;		/* changed, never reported */
	u64			false_positive;	/* reported, not changed */
	char			first_lost[256];
	struct memory_listener	witness;
};

void dirty_check_init(struct dirty_check *c);
/* Watch [offset, offset + len) of @block. */
void dirty_check_add(struct dirty_check *c, const char *name,
		     struct ram_block *block, u64 offset, u64 len);
/* Watch the RAM behind guest-physical [gpa, gpa + len), range by range. */
void dirty_check_add_gpa(struct dirty_check *c, struct vmm *vmm, hwaddr gpa,
			 u64 len);
/* Register the witness listener on @as (below KVM's listener). */
void dirty_check_witness(struct dirty_check *c, struct address_space *as);
/* Start over: take and drop every bit, copy every stamp; all tracked. */
void dirty_check_baseline(struct dirty_check *c);
/* Sync, take, compare; the guest quiet or held. */
void dirty_check_round(struct dirty_check *c);
/*
 * Logging of @block started again: watch it from now on.  (When it stops,
 * the witness checks it one last time and stops watching: its changes
 * cannot be reported while it is off.)
 */
void dirty_check_retrack(struct dirty_check *c, struct ram_block *block);
/* Was page @offset of @block in the last take? */
bool dirty_check_taken(const struct dirty_check *c,
		       const struct ram_block *block, u64 offset);
void dirty_check_destroy(struct dirty_check *c);
/* The first lost page and the listener's first error, if any. */
void dirty_check_print_problems(const struct dirty_check *c,
				const struct vmm *vmm);

/*
 * The result of one mode of a dirty-logging test: lost pages, or a ring
 * that lost entries (vmm->kvm.dirty_ring_lost_entries), are failures a
 * known host defect may declare (known_result()); any other failure is
 * a plain "not ok"; else it passed.
 */
__attribute__((format(printf, 5, 6)))
void dirty_result(const char *mode, const struct vmm *vmm, u64 lost,
		  bool other_failure, const char *fmt, ...);

#endif
