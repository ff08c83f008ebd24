/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUEST_KTAP_H
#define GUEST_KTAP_H

#include "guest.h"

/*
 * The payload's checks as a nested KTAP subtest, indented four spaces:
 *
 *     KTAP version 1
 *     # Subtest: <name>
 *     1..<plan>
 *     # <observation lines>
 *     ok 1 <case>
 *     not ok 2 <case>
 *     ok 3 <case> # SKIP <reason>
 * ok 1 <name>
 *
 * The last line is the parent's result; the exit value is the number of
 * the first failing case, 0 when all passed or were skipped (guest.h).
 */
void ktap_begin(const char *name, unsigned int plan);
/* An observation or diagnostic line: "    # " then the text and "\n". */
__attribute__((format(printf, 1, 2))) void ktap_diag(const char *fmt, ...);
__attribute__((format(printf, 2, 3)))
void ktap_result(bool pass, const char *fmt, ...);
__attribute__((format(printf, 2, 3)))
void ktap_skip(const char *reason, const char *fmt, ...);
/*
 * The exit value the results so far call for: the number of the first
 * failing case, else GUEST_EXIT_PLAN when fewer or more ran than planned,
 * else 0.
 */
unsigned int ktap_status(void);
/*
 * Close the subtest: "    # exit <value>", then the parent line, failed
 * when value is not 0 (with "# reason" when there is one).
 */
void ktap_end(unsigned int value, const char *reason);

#endif
