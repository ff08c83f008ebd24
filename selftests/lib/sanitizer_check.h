/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SELFTESTS_SANITIZER_CHECK_H
#define SELFTESTS_SANITIZER_CHECK_H

#include <sys/types.h>

#include "vmm_run.h"

/*
 * After a run of <build>/vmm (pid @pid) in a sanitized build: any ASan,
 * UBSan or LeakSanitizer report, on its stderr or in its log file
 * (ASAN_OPTIONS=log_path=P,log_exe_name=1: P.vmm.<pid>, as make check
 * sets it), is printed as diagnostics and taints the test (ktap_taint():
 * the next result fails, and the test's exit status).  So does a vmm
 * that ended normally without leaving its log there: it ran without
 * ASan.  In other builds only stderr is looked at.  Returns whether the
 * run was clean.
 */
bool sanitizer_check_vmm(pid_t pid, const struct vmm_result *r);
/*
 * Before the first child: when make check collects sanitizer logs
 * (log_path= in $ASAN_OPTIONS), what this test starts logs to
 * <log_path>.<test name>.<program>.<pid>, so that each vmm is counted
 * for the test that ran it.
 */
void sanitizer_tag_children(void);

#endif
