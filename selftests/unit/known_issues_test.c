// SPDX-License-Identifier: GPL-2.0
/*
 * selftests/known-issues and the one function that reads it
 * (selftests/lib/known_issues.c).  The file: it parses, each entry names
 * results that exist (a test of selftests/kvm/ and one of the three
 * modes) and the one failure kind there is, and its predicate matches the
 * hosts it was measured on and none of the others (--caps texts written
 * by hand from `build/vmm --caps` on each).  The function: on a matching
 * host, exactly the declared kind of failure becomes "ok ... # XFAIL",
 * a pass becomes XPASS, any other failure stays "not ok"; on another
 * host nothing changes.  Each case runs in a child whose TAP is read
 * back.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "known_issues.h"
#include "ktap.h"
#include "util/types.h"

#define KNOWN_FILE	"selftests/known-issues"

static const char pvm_caps[] =
	"api-version                  12\n"
	"kvm-module                   kvm_pvm\n"
	"nr-memslots                  32764\n"
	"readonly-mem                 yes\n"
	"dirty-log-ring               1048576\n"
	"dirty-log-ring-acq-rel       yes\n"
	"manual-dirty-log-protect     0x3\n";
static const char amd_caps[] =
	"api-version                  12\n"
	"kvm-module                   kvm_amd\n"
	"dirty-log-ring               1048576\n"
	"dirty-log-ring-acq-rel       yes\n"
	"manual-dirty-log-protect     0x3\n";
static const char pvm_no_ring_caps[] =
	"kvm-module                   kvm_pvm\n"
	"dirty-log-ring               0\n";

static const struct {
	const char	*host;
	const char	*caps;
	const char	*release;
	bool		match;		/* the PVM ring entry applies */
} hosts[] = {
	{ "nested PVM, 2026-11-30", pvm_caps, "6.18.44-fc-v669", true },
	{ "Debian 6.1 VM", amd_caps, "6.1.0-57-amd64", false },
	{ "Debian 6.12 VM", amd_caps, "6.12.107+deb12-amd64", false },
	{ "PVM without a ring", pvm_no_ring_caps, "6.18.44-fc-v669", false },
	{ "PVM on another kernel", pvm_caps, "6.19.0-rc1", false },
};

static const char *const modes[] = { "bitmap", "manual-protect",
				     "dirty-ring" };

static bool test_exists(const char *name)
{
	char path[256], test[96], *slash;
	unsigned int i;

	snprintf(test, sizeof(test), "%s", name);
	slash = strchr(test, '/');
	*slash = '\0';
	for (i = 0; i < ARRAY_SIZE(modes); i++)
		if (!strcmp(slash + 1, modes[i]))
			break;
	snprintf(path, sizeof(path), "selftests/kvm/%s.c", test);
	return i < ARRAY_SIZE(modes) && !access(path, R_OK);
}

/* Every kind in @fails is one that tests report. */
static bool kinds_known(const char *fails)
{
	char copy[128], *save, *k;

	snprintf(copy, sizeof(copy), "%s", fails);
	for (k = strtok_r(copy, " ", &save); k; k = strtok_r(NULL, " ", &save))
		if (strcmp(k, KNOWN_LOST_DIRTY_PAGES) &&
		    strcmp(k, KNOWN_RING_LOST_ENTRIES))
			return false;
	return true;
}

static void test_file(struct known_issue *list, int *n)
{
	char err[256];
	bool ok = true;
	int i;
	unsigned int t;

	*n = known_issues_parse(KNOWN_FILE, list, err, sizeof(err));
	if (*n < 0)
		ktap_print_msg("%s", err);
	ktap_test_result(*n > 0, "%s parses (%d entries)", KNOWN_FILE, *n);
	for (i = 0; i < *n; i++) {
		for (t = 0; t < list[i].nr_tests; t++) {
			if (test_exists(list[i].tests[t]))
				continue;
			ktap_print_msg("[%s]: no result %s", list[i].id,
				       list[i].tests[t]);
			ok = false;
		}
		ok &= kinds_known(list[i].fails);
	}
	ktap_test_result(ok && *n > 0, "every entry names existing tests, "
			 "modes and the failure kind");
}

static void test_predicates(const struct known_issue *list, int n)
{
	unsigned int h;
	int i;

	for (h = 0; h < ARRAY_SIZE(hosts); h++) {
		int matches = 0, bad = 0;

		for (i = 0; i < n; i++) {
			int r = known_predicate(list[i].when, hosts[h].caps,
						hosts[h].release);

			bad += r < 0;
			matches += r == 1;
		}
		ktap_test_result(!bad && matches == (hosts[h].match ? 1 : 0),
				 "%s: %d entries apply", hosts[h].host, matches);
	}
	ktap_test_result(known_predicate("caps:kvm-module", pvm_caps, "") < 0 &&
			 known_predicate("uname=6.1", pvm_caps, "6.1") < 0,
			 "a malformed predicate is an error");
}

/* known_result() in a child, with @file as the list: its TAP line. */
static void child_result(const char *file, bool pass, const char *kind,
			 char *out, size_t len)
{
	int fd[2];
	pid_t pid;
	ssize_t n;

	if (pipe(fd) || (pid = fork()) < 0)
		ktap_exit_fail_msg("pipe/fork");
	if (!pid) {
		int null = open("/dev/null", O_WRONLY);

		/* Its XPASS warning on stderr is for a real run's terminal. */
		dup2(null, 2);
		dup2(fd[1], 1);
		setenv("KNOWN_ISSUES", file, 1);
		known_result("m", pass, kind, "case");
		fflush(stdout);
		_exit(0);
	}
	close(fd[1]);
	for (size_t got = 0;; got += (size_t)n) {
		n = read(fd[0], out + got, len - 1 - got);
		if (n <= 0) {
			out[got] = '\0';
			break;
		}
	}
	close(fd[0]);
	waitpid(pid, NULL, 0);
}

static void test_result(void)
{
	char file[] = "/tmp/known-issues.XXXXXX", out[2048];
	int fd = mkstemp(file);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (!f)
		ktap_exit_fail_msg("cannot write %s", file);
	fprintf(f, "[here]\ntest = %s/m\nwhen = kernel=*\nfails = %s\n"
		"reason = the reason\nevidence = measured\n"
		"[elsewhere]\ntest = %s/other\nwhen = kernel=never\n"
		"fails = %s\nreason = r\nevidence = e\n",
		program_invocation_short_name, KNOWN_LOST_DIRTY_PAGES,
		program_invocation_short_name, KNOWN_LOST_DIRTY_PAGES);
	fclose(f);
	child_result(file, false, KNOWN_LOST_DIRTY_PAGES, out, sizeof(out));
	/* The child numbers its line after ours: look at the rest. */
	ktap_test_result(strstr(out, " case # XFAIL the reason") &&
			 !strstr(out, "not ok"), "a declared failure is XFAIL");
	child_result(file, false, "another-kind", out, sizeof(out));
	ktap_test_result(strstr(out, "not ok ") && strstr(out, " case\n"),
			 "another kind of failure still fails");
	child_result(file, true, KNOWN_LOST_DIRTY_PAGES, out, sizeof(out));
	ktap_test_result(strstr(out, " case # XPASS here") &&
			 strstr(out, "XPASS: known-issues [here]"),
			 "a declared failure that passes says XPASS");
	unlink(file);
}

int main(void)
{
	static struct known_issue list[KNOWN_MAX_ENTRIES];
	int n;

	ktap_print_header();
	ktap_set_plan(3 + ARRAY_SIZE(hosts) + 3);
	test_file(list, &n);
	test_predicates(list, n > 0 ? n : 0);
	test_result();
	ktap_finished();
}
