/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SELFTESTS_VMM_INPROC_H
#define SELFTESTS_VMM_INPROC_H

#include "vmm.h"

/*
 * Build a VM inside the test from typed parameters (vmm_params_init(),
 * then what the test sets), through the same builder as build/vmm, so
 * that the test can look at slots and host memory after the run.  @p
 * stays the test's until vmm_teardown().  Bails out of the test on
 * failure.
 */
void vmm_build_inproc(struct vmm *vmm, const struct vmm_params *p);

#endif
