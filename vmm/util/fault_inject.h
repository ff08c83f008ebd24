/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_UTIL_FAULT_INJECT_H
#define VMM_UTIL_FAULT_INJECT_H

/*
 * Fault injection, for tests only: the VMM's wrappers of its KVM ioctls
 * (kvm_ioctl()) and of its mmap calls (vmm_mmap()) ask here before each
 * call, so that a test can make any one of them fail and watch the error
 * path.  Off unless the environment says (README.md, "Fault injection"):
 *
 *   VMM_FAULT_INJECT=N:ERRNO   the Nth wrapped call of the process fails
 *                              with ERRNO (ENOMEM, EEXIST, EINVAL,
 *                              EFAULT, ENOSPC or a number); 1 is the first
 *   VMM_FAULT_INJECT=list      every call runs; each is listed on stderr
 *                              as "fault-inject: call N NAME"
 *
 * Returns 0 (make the call) or the errno the call fails with.  @call is
 * what the caller's error message names: "KVM_CREATE_VM", "mmap".
 */
int fault_inject(const char *call);

#endif
