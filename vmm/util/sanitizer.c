// SPDX-License-Identifier: GPL-2.0
/*
 * Defaults of the sanitizer runtimes, for `make SANITIZE=1` builds (the
 * Makefile links this file into every program; in other builds it is
 * empty).  A report must never pass for a result: the VMM's own exit
 * statuses are the guest's odd (value << 1) | 1, 1, 2 and 124, and the
 * runtimes' default exit status, 1, is the one a passing guest gives.
 * So every report ends the process with SANITIZER_EXIT_STATUS, which
 * nothing else returns.  The environment (ASAN_OPTIONS, UBSAN_OPTIONS)
 * still overrides each option, as `make check` does to collect the
 * reports in files (log_path).
 */
#include "util/sanitizer.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_UNDEFINED__)
#define STR_(x)	#x
#define STR(x)	STR_(x)
#define EXIT_OPT "exitcode=" STR(SANITIZER_EXIT_STATUS)

const char *__asan_default_options(void);
const char *__ubsan_default_options(void);
const char *__lsan_default_options(void);

const char *__asan_default_options(void)
{
	return EXIT_OPT ":detect_leaks=1:abort_on_error=0:"
	       "strict_string_checks=1:check_initialization_order=1";
}

const char *__ubsan_default_options(void)
{
	return EXIT_OPT ":print_stacktrace=1:halt_on_error=1";
}

const char *__lsan_default_options(void)
{
	return EXIT_OPT;
}
#endif
