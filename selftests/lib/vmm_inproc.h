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
/*
 * Parameters to run the guest/ image @name in-process: QEMU's defaults,
 * then -bios <build>/guest/@name.bin -serial none -device isa-debug-exit
 * --timeout 20.  Bails out when the image is missing.
 */
void vmm_guest_params(struct vmm_params *p, const char *name);
/*
 * The same without bailing out: vmm_build()'s result, with what it
 * printed on stderr (QEMU's warnings) in @err.  vmm_teardown() either way.
 */
int vmm_build_stderr(struct vmm *vmm, const struct vmm_params *p, char *err,
		     size_t len);

/*
 * -object memory-backend-ram,id=@id,size=@size -numa node,memdev=@id:
 * the next NUMA node, its memory a memdev of its own.
 */
void vmm_params_add_node_memdev(struct vmm_params *p, const char *id,
				u64 size);

#endif
