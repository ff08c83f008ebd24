/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SELFTESTS_SNAPSHOT_RUN_H
#define SELFTESTS_SNAPSHOT_RUN_H

#include "dirtier_host.h"
#include "migration/snapshot.h"
#include "ram_digest.h"

/*
 * The snapshot tests' story: a source VM whose dirtier writes all
 * through round 1 (continuous) while a live snapshot is taken, the
 * host summing every page of every RAMBlock at the pause; then a VM
 * restored from the file, summed before its vCPUs exist, then run on
 * through the dirtier's remaining rounds.
 */
struct snap_source {
	struct snapshot_stats	st;
	struct ram_digest	at_pause;
	bool			paused;		/* at_pause ran */
	int			ret;		/* snapshot_save()'s */
	char			err[512];
	bool			ring_lost;	/* the source's ring lost entries */
	int			status;		/* the source VM's */
	unsigned int		tries;		/* snapshots taken */
	/* The guest's stamp count before the snapshot and at its pause. */
	u64			seq_before, seq_at_pause;
	const struct dirtier_config *cfg;
};

/* Snapshots a run may take to get one the guest wrote during. */
#define SNAP_TRIES		10

/*
 * Build a VM from @p, fill the dirtier's area with distinct pages, start
 * the dirtier (@cfg: continuous, handshake), let round 1 run, take the
 * snapshot with @sp (its at_pause is ours), again (SNAP_TRIES at most)
 * until the guest wrote during one (and with test_drop_page, the hook
 * found a page), end the guest.  @s must be zeroed or from an earlier
 * call.  The VM is torn down before returning (one VM per
 * process: RAMBlock names are global).
 */
void snap_run_source(const struct vmm_params *p, const struct dirtier_config *cfg,
		     struct snapshot_params *sp, struct snap_source *s);
/*
 * Build @vmm from @p and load @path's RAM: 0, @d summed and the file's
 * state in @img, or -errno with the message in @err (the VM torn down
 * then).
 */
int snap_restore_ram(struct vmm *vmm, const struct vmm_params *p,
		     const char *path, struct ram_digest *d,
		     struct snapshot_image **img, char *err, size_t len);
/*
 * Restore the vCPUs and devices, run the dirtier on from round 1 to its
 * last, wait for the guest; its exit status (1: its checks passed),
 * -1 with a message printed when the host side failed.  @host_bad: the
 * pages of the last round's set without that round's stamp, read by
 * the host.  @vmm is torn down, @img freed.
 */
int snap_run_restored(struct vmm *vmm, struct snapshot_image *img,
		      const struct dirtier_config *cfg, u64 *host_bad);

#endif
