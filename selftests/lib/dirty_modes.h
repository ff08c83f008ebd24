/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SELFTESTS_DIRTY_MODES_H
#define SELFTESTS_DIRTY_MODES_H

#include "vmm.h"

/*
 * The three ways of reaping dirty pages each dirty-logging test runs in,
 * by the options a user would give (README, "-accel").
 */
enum dirty_mode_id { MODE_BITMAP, MODE_MANUAL, MODE_RING, NR_DIRTY_MODES };

struct dirty_mode {
	const char		*name;		/* in result lines */
	const char		*accel;		/* the -accel options */
	enum kvm_dirty_log_mode	mode;
};

extern const struct dirty_mode dirty_modes[NR_DIRTY_MODES];

/* The ring the tests use unless they say otherwise: 4096 entries. */
#define DIRTY_TEST_RING	4096

/* What this host's KVM offers, read once; false without /dev/kvm. */
bool dirty_host_caps(struct kvm_caps *caps);
/* NULL when this host can run @m, else why not, for the SKIP line. */
const char *dirty_mode_unsupported(const struct dirty_mode *m,
				   const struct kvm_caps *caps);
/* Set @p's accelerator options for @m (a ring of @ring entries). */
void dirty_mode_params(const struct dirty_mode *m, struct vmm_params *p,
		       u32 ring);
/*
 * The main loop of a dirty-logging test: without /dev/kvm, SKIP it all;
 * else a plan of @calls * @results per mode, and for each mode @run(m,
 * call) for each call (each printing @results results), or, in a mode
 * this KVM lacks, as many SKIPs with the reason.  Then the totals.
 */
__attribute__((noreturn))
void dirty_modes_run(unsigned int calls, unsigned int results,
		     void (*run)(const struct dirty_mode *m, unsigned int call));

#endif
