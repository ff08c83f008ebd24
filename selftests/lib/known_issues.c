// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "known_issues.h"
#include "ktap.h"
#include "kvm/kvm.h"

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n'))
		*--e = '\0';
	return s;
}

/* "test = a/b c/d": the names, space separated. */
static int parse_tests(struct known_issue *k, char *v)
{
	char *save, *t;

	for (t = strtok_r(v, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
		if (k->nr_tests == KNOWN_MAX_TESTS || !strchr(t, '/'))
			return -1;
		snprintf(k->tests[k->nr_tests++], sizeof(k->tests[0]), "%s", t);
	}
	return k->nr_tests ? 0 : -1;
}

static int set_key(struct known_issue *k, const char *key, char *v)
{
	size_t n;

	if (!strcmp(key, "test"))	/* may repeat: each adds */
		return parse_tests(k, v);
	if (!strcmp(key, "when"))
		return snprintf(k->when, sizeof(k->when), "%s", v) < 0;
	if (!strcmp(key, "fails"))
		return snprintf(k->fails, sizeof(k->fails), "%s", v) < 0;
	if (!strcmp(key, "reason"))
		return snprintf(k->reason, sizeof(k->reason), "%s", v) < 0;
	if (strcmp(key, "evidence"))
		return -1;
	/* Evidence may take several lines: each appends. */
	n = strlen(k->evidence);
	snprintf(k->evidence + n, sizeof(k->evidence) - n, "%s%s",
		 n ? "; " : "", v);
	return 0;
}

/* One line into @list; false when malformed. */
static bool parse_line(char *line, struct known_issue *list, int *n)
{
	char *l = trim(line), *eq;

	if (!*l || *l == '#')
		return true;
	if (*l == '[') {
		char *end = strchr(l, ']');

		if (!end || *n == KNOWN_MAX_ENTRIES)
			return false;
		*end = '\0';
		memset(&list[*n], 0, sizeof(list[0]));
		snprintf(list[(*n)++].id, sizeof(list[0].id), "%s", l + 1);
		return true;
	}
	eq = strchr(l, '=');
	if (!eq || !*n)
		return false;
	*eq = '\0';
	return !set_key(&list[*n - 1], trim(l), trim(eq + 1));
}

int known_issues_parse(const char *path, struct known_issue *list,
		       char *err, unsigned int err_len)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	int n = 0, nr = 0;

	if (!f) {
		snprintf(err, err_len, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		nr++;
		if (parse_line(line, list, &n))
			continue;
		snprintf(err, err_len, "%s:%d: malformed line", path, nr);
		fclose(f);
		return -1;
	}
	fclose(f);
	for (nr = 0; nr < n; nr++) {
		const struct known_issue *k = &list[nr];

		if (!k->nr_tests || !k->when[0] || !k->fails[0] ||
		    !k->reason[0] || !k->evidence[0]) {
			snprintf(err, err_len, "%s: [%s] needs test, when, "
				 "fails, reason and evidence", path, k->id);
			return -1;
		}
	}
	return n;
}

/* The value of "KEY VALUE" in the --caps text, or NULL. */
static const char *caps_value(const char *caps, const char *key, char *buf,
			      size_t len)
{
	size_t kl = strlen(key);
	const char *p;

	for (p = caps; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (strncmp(p, key, kl) || (p[kl] != ' ' && p[kl] != '\t'))
			continue;
		p += kl;
		while (*p == ' ' || *p == '\t')
			p++;
		snprintf(buf, len, "%.*s", (int)strcspn(p, "\n"), p);
		return buf;
	}
	return NULL;
}

/*
 * One term: caps:KEY=VALUE, caps:KEY!=VALUE (VALUE a glob) or
 * kernel=GLOB.  1 true, 0 false, -1 malformed.
 */
static int known_term(char *t, const char *caps, const char *release)
{
	char *op = strstr(t, "!="), buf[256];
	bool neg = op != NULL;
	const char *have;

	if (!op)
		op = strchr(t, '=');
	if (!op)
		return -1;
	*op = '\0';
	op += neg ? 2 : 1;
	t = trim(t);
	op = trim(op);
	if (!strcmp(t, "kernel"))
		have = release;
	else if (!strncmp(t, "caps:", 5))
		have = caps_value(caps, t + 5, buf, sizeof(buf));
	else
		return -1;
	if (!have)
		return neg;
	return (fnmatch(op, have, 0) == 0) != neg;
}

int known_predicate(const char *when, const char *caps, const char *release)
{
	char copy[512], *save, *t;
	int all = 1, r;

	snprintf(copy, sizeof(copy), "%s", when);
	for (t = strtok_r(copy, "&", &save); t; t = strtok_r(NULL, "&", &save)) {
		r = known_term(t, caps, release);
		if (r < 0)
			return -1;
		all &= r;
	}
	return all;
}

/* This host: `vmm --caps` as the VMM prints it, and uname -r. */
static void this_host(char *caps, size_t len, char *release, size_t rlen)
{
	struct utsname u;
	struct kvm kvm;
	FILE *f = fmemopen(caps, len, "w");

	caps[0] = '\0';
	if (f && !kvm_open(&kvm)) {
		kvm_caps_print(&kvm, f);
		kvm_close(&kvm);
	}
	if (f)
		fclose(f);
	snprintf(release, rlen, "%s", uname(&u) ? "" : u.release);
}

/* The entry for "<this test>/@mode" whose predicate holds here, or NULL. */
static const struct known_issue *known_lookup(const char *mode)
{
	static struct known_issue list[KNOWN_MAX_ENTRIES];
	static char caps[8192], release[128];
	static int n = -2;
	const char *path = getenv("KNOWN_ISSUES");
	char name[192], err[256];
	int i;
	unsigned int t;

	if (n == -2) {
		n = known_issues_parse(path ? path : "selftests/known-issues",
				       list, err, sizeof(err));
		if (n < 0)
			ktap_print_msg("known issues: %s", err);
		this_host(caps, sizeof(caps), release, sizeof(release));
	}
	snprintf(name, sizeof(name), "%s/%s", program_invocation_short_name,
		 mode);
	for (i = 0; i < n; i++)
		for (t = 0; t < list[i].nr_tests; t++)
			if (!strcmp(list[i].tests[t], name) &&
			    known_predicate(list[i].when, caps, release) == 1)
				return &list[i];
	return NULL;
}

/* Is @kind one of the kinds @k declares? */
static bool known_kind(const struct known_issue *k, const char *kind)
{
	size_t n = strlen(kind);
	const char *p;

	for (p = strstr(k->fails, kind); p; p = strstr(p + 1, kind))
		if ((p == k->fails || p[-1] == ' ') && (!p[n] || p[n] == ' '))
			return true;
	return false;
}

void known_result(const char *mode, bool pass, const char *kind,
		  const char *fmt, ...)
{
	const struct known_issue *k = known_lookup(mode);
	char desc[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(desc, sizeof(desc), fmt, ap);
	va_end(ap);
	if (k && pass) {
		ktap_print_msg("XPASS: known-issues [%s] says this fails here "
			       "(%s), but it passed: if the defect is fixed, "
			       "narrow or remove the entry", k->id, k->reason);
		fprintf(stderr, "%s: XPASS %s: known-issues [%s] expected a "
			"failure on this host\n", program_invocation_short_name,
			desc, k->id);
		ktap_test_xpass(k->id, "%s", desc);
	} else if (k && !pass && known_kind(k, kind)) {
		ktap_print_msg("XFAIL [%s]: %s", k->id, k->evidence);
		ktap_test_xfail(k->reason, "%s", desc);
	} else {
		ktap_test_result(pass, "%s", desc);
	}
}
