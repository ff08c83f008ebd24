/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SELFTESTS_KNOWN_ISSUES_H
#define SELFTESTS_KNOWN_ISSUES_H

#include <stdbool.h>

/*
 * Known host defects (selftests/known-issues, which says its format): an
 * entry names results (test/mode), the kind of failure, a predicate on
 * what `vmm --caps` and the kernel release say, the reason and the
 * evidence.  On a host the predicate matches, a listed result that fails
 * with that kind becomes "ok ... # XFAIL reason"; one that passes says
 * XPASS loudly.  Elsewhere, and for any other failure, nothing changes.
 */
/* Pages written and never reported, seen from the guest's stamps. */
#define KNOWN_LOST_DIRTY_PAGES	"lost-dirty-pages"
/* A dirty ring said full with no entry where the next must be. */
#define KNOWN_RING_LOST_ENTRIES	"dirty-ring-lost-entries"

#define KNOWN_MAX_ENTRIES	16
#define KNOWN_MAX_TESTS		16

struct known_issue {
	char	id[64];
	char	tests[KNOWN_MAX_TESTS][96];	/* "test/mode" */
	unsigned int nr_tests;
	char	when[512];
	char	fails[128];		/* kinds, space separated */
	char	reason[256];
	char	evidence[1024];
};

/*
 * Parse @path into @list (at most KNOWN_MAX_ENTRIES); the number of
 * entries, or -1 with a message naming the file and line in @err.
 */
int known_issues_parse(const char *path, struct known_issue *list,
		       char *err, unsigned int err_len);
/*
 * Does @when hold for a host whose `vmm --caps` printed @caps and whose
 * kernel release is @release?  -1 for a malformed predicate.
 */
int known_predicate(const char *when, const char *caps, const char *release);
/*
 * One result of this test in mode @mode: passed, or failed with @kind
 * (KNOWN_*).  The only way a result may become XFAIL.
 */
__attribute__((format(printf, 4, 5)))
void known_result(const char *mode, bool pass, const char *kind,
		  const char *fmt, ...);

#endif
