/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SELFTESTS_KTAP_H
#define SELFTESTS_KTAP_H

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>

/*
 * TAP version 13 / KTAP output with kselftest's conventions: a plan, one
 * "ok N name" or "not ok N name" per test, "# SKIP reason" directives,
 * "# XFAIL reason" for declared host defects, and the exit status 0 (all
 * passed), 1 (any failed) or 4 (all skipped).
 */
#define KSFT_PASS	0
#define KSFT_FAIL	1
#define KSFT_SKIP	4

void ktap_print_header(void);
void ktap_set_plan(unsigned int plan);
__attribute__((format(printf, 1, 2))) void ktap_print_msg(const char *fmt, ...);
/* Several lines of text (a diff, a program's output), each after "# ". */
void ktap_print_lines(const char *text);
__attribute__((format(printf, 2, 3)))
void ktap_test_result(bool pass, const char *fmt, ...);
__attribute__((format(printf, 1, 2))) void ktap_test_skip(const char *fmt, ...);
/*
 * A failure that the known-issues file declares for this host:
 * "ok N name # XFAIL reason" (kselftest's form; it does not fail a run).
 * Only known_result() (known_issues.h) calls it.
 */
__attribute__((format(printf, 2, 3)))
void ktap_test_xfail(const char *reason, const char *fmt, ...);
/* A pass that the known-issues file expected to fail here. */
__attribute__((format(printf, 2, 3)))
void ktap_test_xpass(const char *reason, const char *fmt, ...);
/* Nothing can run here: "1..0 # SKIP reason", exit 4. */
__attribute__((noreturn, format(printf, 1, 2)))
void ktap_skip_all(const char *fmt, ...);
/* The test cannot go on: a failing result with the reason, exit 1. */
__attribute__((noreturn, format(printf, 1, 2)))
void ktap_exit_fail_msg(const char *fmt, ...);
/* Print the totals and exit with kselftest's status. */
__attribute__((noreturn)) void ktap_finished(void);

unsigned int ktap_failed(void);

/*
 * Check one value against its expectation and say both when they differ.
 * Evaluates to the outcome so a test can stop early.
 */
#define KTAP_EXPECT_EQ(got, want, ...)					\
	({								\
		unsigned long long _g = (unsigned long long)(got);	\
		unsigned long long _w = (unsigned long long)(want);	\
		if (_g != _w)						\
			ktap_print_msg("%s = 0x%llx, expected 0x%llx",	\
				       #got, _g, _w);			\
		ktap_test_result(_g == _w, __VA_ARGS__);		\
		_g == _w;						\
	})

#endif
