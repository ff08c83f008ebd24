// SPDX-License-Identifier: GPL-2.0
/*
 * The vmm program's snapshot and restore: --snapshot-to takes a live
 * snapshot of the running guest after --snapshot-after milliseconds,
 * --restore starts the guest from a file instead of the reset vector.
 */
#include <stdio.h>
#include <time.h>

#include "cli/config.h"
#include "util/error.h"

int vmm_cli_restore(struct vmm *vmm, const struct vmm_config *cfg)
{
	struct snapshot_image *img;
	int ret = snapshot_restore_ram(vmm, cfg->restore, &img);

	if (ret)
		return ret;
	ret = snapshot_restore_cpus(vmm, img);
	snapshot_image_free(img);
	if (!ret)
		fprintf(stderr, "restore %s: %u vCPUs, the guest goes on\n",
			cfg->restore, vmm->cpus.nr);
	return ret;
}

/* Sleep @ms, or less when the VM ends first. */
static void wait_ms(struct vmm *vmm, unsigned int ms)
{
	struct timespec t = { 0, 1000 * 1000 };

	while (ms-- && !__atomic_load_n(&vmm->cpus.done, __ATOMIC_SEQ_CST))
		nanosleep(&t, NULL);
}

void vmm_cli_snapshot(struct vmm *vmm, struct vmm_config *cfg)
{
	struct snapshot_stats st;
	int ret;

	wait_ms(vmm, cfg->snapshot_after_ms);
	cfg->snapshot.direct = !cfg->snapshot_buffered;
	ret = snapshot_save(vmm, &cfg->snapshot, &st);
	if (ret) {
		/* The user asked for a file and has none: the run failed. */
		cpus_stop(&vmm->cpus, VMM_EXIT_USER_ERROR, "%s", error_get());
		return;
	}
	snapshot_stats_print(&st, cfg->snapshot.path, stderr);
	if (cfg->snapshot_exit)
		cpus_request_exit(&vmm->cpus, 0);
}
