// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/fault_inject.h"
#include "util/types.h"

static struct {
	pthread_once_t	once;
	bool		list;
	unsigned long	nth;		/* 0: nothing fails */
	int		err;
	unsigned long	calls;		/* wrapped calls so far */
} fi = { .once = PTHREAD_ONCE_INIT };

static const struct {
	const char	*name;
	int		err;
} fi_errnos[] = {
	{ "ENOMEM", ENOMEM }, { "EEXIST", EEXIST }, { "EINVAL", EINVAL },
	{ "EFAULT", EFAULT }, { "ENOSPC", ENOSPC },
};

static int fi_parse_errno(const char *s)
{
	unsigned int i;
	char *end;
	long v;

	for (i = 0; i < ARRAY_SIZE(fi_errnos); i++)
		if (!strcmp(s, fi_errnos[i].name))
			return fi_errnos[i].err;
	v = strtol(s, &end, 10);
	return *s && !*end && v > 0 && v < 4096 ? (int)v : 0;
}

/* "N:ERRNO" or "list"; anything else is said once and ignored. */
static void fi_setup(void)
{
	const char *env = getenv("VMM_FAULT_INJECT");
	const char *colon;
	char *end;

	if (!env || !*env)
		return;
	if (!strcmp(env, "list")) {
		fi.list = true;
		return;
	}
	colon = strchr(env, ':');
	fi.nth = strtoul(env, &end, 10);
	fi.err = colon ? fi_parse_errno(colon + 1) : 0;
	if (end != colon || !fi.nth || !fi.err) {
		fprintf(stderr, "vmm: VMM_FAULT_INJECT=%s ignored: use N:ERRNO "
			"(N from 1; ENOMEM, EEXIST, EINVAL, EFAULT, ENOSPC or a "
			"number) or list\n", env);
		fi.nth = 0;
	}
}

int fault_inject(const char *call)
{
	unsigned long n;

	pthread_once(&fi.once, fi_setup);
	if (!fi.list && !fi.nth)
		return 0;
	n = __atomic_add_fetch(&fi.calls, 1, __ATOMIC_RELAXED);
	if (fi.list)
		fprintf(stderr, "fault-inject: call %lu %s\n", n, call);
	return n == fi.nth ? fi.err : 0;
}
