// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ktap.h"
#include "sanitizer_check.h"
#include "util/sanitizer.h"

/* What every report of the three runtimes has in it. */
static const char *const report_marks[] = {
	"ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
	"SUMMARY: UndefinedBehaviorSanitizer",
};

static bool has_report(const char *text)
{
	unsigned int i;

	for (i = 0; text && i < ARRAY_SIZE(report_marks); i++)
		if (strstr(text, report_marks[i]))
			return true;
	return false;
}

/* Where the children's logs go: "<log_path>.<this test>", once tagged. */
static char child_prefix[4096];

/* The last log_path=P of @var's options (':'-separated), or NULL. */
static const char *log_path(const char *var, char *buf, size_t len)
{
	const char *p = getenv(var), *found = NULL;

	for (; p && *p; p += strcspn(p, ":"), p += *p == ':') {
		if (!strncmp(p, "log_path=", 9)) {
			snprintf(buf, len, "%.*s", (int)strcspn(p + 9, ":"),
				 p + 9);
			found = buf;
		}
	}
	return found;
}

/* @var's options with log_path=@prefix added last (the last one wins). */
static void retag(const char *var, const char *prefix)
{
	char *opts;

	if (asprintf(&opts, "%s:log_path=%s", getenv(var) ? getenv(var) : "",
		     prefix) < 0)
		ktap_exit_fail_msg("out of memory");
	setenv(var, opts, 1);
	free(opts);
}

void sanitizer_tag_children(void)
{
	char prefix[4000];

	if (child_prefix[0] ||
	    !log_path("ASAN_OPTIONS", prefix, sizeof(prefix)))
		return;
	snprintf(child_prefix, sizeof(child_prefix), "%s.%s", prefix,
		 program_invocation_short_name);
	retag("ASAN_OPTIONS", child_prefix);
	if (log_path("UBSAN_OPTIONS", prefix, sizeof(prefix)))
		retag("UBSAN_OPTIONS", child_prefix);
}

static bool sanitized_build(void)
{
#ifdef __SANITIZE_ADDRESS__
	return true;
#else
	return false;
#endif
}

bool sanitizer_check_vmm(pid_t pid, const struct vmm_result *r)
{
	char path[4200], *log = NULL;
	bool clean = true;

	if (has_report(r->err)) {
		ktap_print_lines(r->err);
		ktap_taint("sanitizer report on vmm's stderr (pid %d)",
			   (int)pid);
		clean = false;
	}
	if (sanitized_build() && child_prefix[0]) {
		snprintf(path, sizeof(path), "%s.vmm.%d", child_prefix,
			 (int)pid);
		log = read_file(path);
		if (log && has_report(log)) {
			ktap_print_lines(log);
			ktap_taint("sanitizer report from vmm (%s)", path);
			clean = false;
		} else if (!log && !r->timed_out && r->status < 128) {
			ktap_taint("vmm (pid %d) ended with status %d and left "
				   "no %s: it did not run under ASan", (int)pid,
				   r->status, path);
			clean = false;
		}
	}
	if (clean && r->status == SANITIZER_EXIT_STATUS)
		ktap_taint("vmm exited %d, a sanitizer's status, without a "
			   "report we could read", SANITIZER_EXIT_STATUS);
	free(log);
	return clean && r->status != SANITIZER_EXIT_STATUS;
}
