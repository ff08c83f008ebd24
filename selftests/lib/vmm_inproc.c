// SPDX-License-Identifier: GPL-2.0
#include "ktap.h"
#include "util/error.h"
#include "vmm_inproc.h"

void vmm_build_inproc(struct vmm *vmm, const struct vmm_params *p)
{
	if (vmm_params_check(p))
		ktap_exit_fail_msg("parameters: %s", error_get());
	if (vmm_build(vmm, p))
		ktap_exit_fail_msg("vmm_build: %s", error_get());
}
