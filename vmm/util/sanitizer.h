/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_UTIL_SANITIZER_H
#define VMM_UTIL_SANITIZER_H

/*
 * The exit status of a process of a sanitized build (make SANITIZE=1)
 * after an ASan, UBSan or LeakSanitizer report: even, so never a guest's
 * debug exit, and none of vmm's own statuses.
 */
#define SANITIZER_EXIT_STATUS	86

#endif
