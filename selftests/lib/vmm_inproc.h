/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SELFTESTS_VMM_INPROC_H
#define SELFTESTS_VMM_INPROC_H

#include "cli/vmm.h"

/*
 * Build a VM inside the test from vmm's own options (@argv without the
 * program name, NULL-terminated), through the same parser and builder as
 * build/vmm, so that the test can look at slots and host memory after
 * the run.  Bails out of the test on failure.
 */
void vmm_build_inproc(struct vmm *vmm, const char *const *argv);

#endif
