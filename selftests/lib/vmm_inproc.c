// SPDX-License-Identifier: GPL-2.0
#include "ktap.h"
#include "util/error.h"
#include "vmm_inproc.h"

void vmm_build_inproc(struct vmm *vmm, const char *const *argv)
{
	const char *args[32] = { "vmm" };
	unsigned int n = 1;

	while (argv[n - 1] && n < 31) {
		args[n] = argv[n - 1];
		n++;
	}
	config_init(&vmm->cfg);
	if (config_parse_args(&vmm->cfg, (int)n, (char **)args))
		ktap_exit_fail_msg("options: %s", error_get());
	if (vmm_build(vmm))
		ktap_exit_fail_msg("vmm_build: %s", error_get());
}
