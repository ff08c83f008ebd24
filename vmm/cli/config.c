// SPDX-License-Identifier: GPL-2.0
/*
 * The whole configuration: its defaults, its end, and the checks that
 * span options, run once the command line and every -readconfig file
 * are read.  The checks are the subsystems' own (vmm_params_check()).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/config_section.h"
#include "util/error.h"

void config_init(struct vmm_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	vmm_params_init(&cfg->vm);
	snapshot_params_init(&cfg->snapshot, NULL);
}

void config_free(struct vmm_config *cfg)
{
	vmm_params_free(&cfg->vm);
	free((char *)cfg->snapshot.path);
	free(cfg->restore);
	memset(cfg, 0, sizeof(*cfg));
}

/* --verify-numa has memdevs to look at: the machine's, or a node's. */
static int config_check_verify_numa(const struct vmm_config *cfg)
{
	const struct pc_machine_params *m = &cfg->vm.machine;
	unsigned int i;

	if (!cfg->verify_numa || m->memory_backend)
		return 0;
	for (i = 0; i < m->nr_numa; i++)
		if (m->numa[i].memdev)
			return 0;
	return error_ret(EINVAL, "--verify-numa: no memdev to verify: give "
			 "-numa node,memdev=ID or -machine memory-backend=ID");
}

int config_check(struct vmm_config *cfg)
{
	struct pc_machine_params *m = &cfg->vm.machine;

	if (config_check_verify_numa(cfg))
		return -EINVAL;
	if (cfg->snapshot.path && (cfg->dump || cfg->caps))
		return error_ret(EINVAL, "--snapshot-to: needs a running guest,"
				 " not --dump or --caps");
	if (cfg->restore && cfg->dump)
		return error_ret(EINVAL, "--restore: not with --dump");
	/* QEMU: without -m, the machine's memory backend says how much. */
	if (m->memory_backend && !cfg->ram_size_given &&
	    pc_machine_params_ram_from_backend(m))
		return -EINVAL;
	return vmm_params_check(&cfg->vm);
}
