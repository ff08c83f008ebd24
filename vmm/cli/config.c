// SPDX-License-Identifier: GPL-2.0
/*
 * The whole configuration: its defaults, its end, and the checks that
 * span options, run once the command line and every -readconfig file
 * are read.  The checks are the subsystems' own (vmm_params_check()).
 */
#include <errno.h>
#include <string.h>

#include "cli/config_section.h"

void config_init(struct vmm_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	vmm_params_init(&cfg->vm);
}

void config_free(struct vmm_config *cfg)
{
	vmm_params_free(&cfg->vm);
	memset(cfg, 0, sizeof(*cfg));
}

int config_check(struct vmm_config *cfg)
{
	struct pc_machine_params *m = &cfg->vm.machine;

	/* QEMU: without -m, the machine's memory backend says how much. */
	if (m->memory_backend && !cfg->ram_size_given &&
	    pc_machine_params_ram_from_backend(m))
		return -EINVAL;
	return vmm_params_check(&cfg->vm);
}
