// SPDX-License-Identifier: GPL-2.0
/*
 * Every error path of a boot unwound.  A boot of hello.bin (status 0x21
 * when nothing fails) is first run with VMM_FAULT_INJECT=list, which
 * names each KVM ioctl and mmap the VMM makes, in order; then once for
 * each of them, N = 1 .. all, with VMM_FAULT_INJECT=N:ERRNO, which makes
 * exactly the Nth fail (vmm/util/fault_inject.h).  The first call of each
 * kind (in all boots) fails with each errno of the issue (ENOMEM, EEXIST,
 * EINVAL, EFAULT, ENOSPC), the others with one of them in turn.  Each run must
 * end as a failed setup does (vmm --help): status 1, exactly one line on
 * stderr, "vmm: ...", naming the call, the errno's text and, for a
 * memslot, the slot and its region, for an mmap, the RAM block or
 * kvm_run; no crash, no sanitizer report (in make SANITIZE=1 check, a
 * leak is one: LeakSanitizer runs at the vmm's exit), and no file left
 * in its directory (the mem-path of a file backend, TMPDIR).
 *
 * Three boots: the default machine; one whose RAM is two NUMA memdevs
 * (memfd, and a file in that directory) in 16M slots, for more slots,
 * blocks and mmaps; and -smp 2, for the in-kernel irqchip and a second
 * vCPU, swept up to its first KVM_RUN only: from there on two vCPU
 * threads make calls in an order that is not fixed (the first two boots
 * cover KVM_RUN and the teardown).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ktap.h"
#include "vmm_run.h"

#define HELLO_STATUS	0x21	/* (0x10 << 1) | 1 */
#define MAX_CALLS	256
#define RUN_LIMIT	30

static const struct {
	int		err;
	const char	*name;
} errnos[] = {
	{ ENOMEM, "ENOMEM" }, { EEXIST, "EEXIST" }, { EINVAL, "EINVAL" },
	{ EFAULT, "EFAULT" }, { ENOSPC, "ENOSPC" },
};

/* What any boot must do, by the KVM API document: the sweep covers it. */
static const char *const boot_calls[] = {
	"KVM_GET_API_VERSION", "KVM_CREATE_VM", "KVM_SET_USER_MEMORY_REGION",
	"KVM_GET_VCPU_MMAP_SIZE", "KVM_CREATE_VCPU", "mmap", "KVM_RUN",
};

static char dir[] = "/tmp/fault-inject-test.XXXXXX";
static char mem_path[128], hello[4096];

struct boot {
	const char	*name;
	bool		setup_only;	/* up to the first KVM_RUN */
	const char	*argv[24];
};

static struct boot boots[] = {
	{ "pc", false, { "-bios", hello, "-serial", "none", "-device",
		  "isa-debug-exit", NULL } },
	{ "numa-memfd-file", false, { "-bios", hello, "-serial", "none", "-device",
		  "isa-debug-exit", "-m", "128M", "-object",
		  "memory-backend-memfd,id=m0,size=64M", "-object", mem_path,
		  "-numa", "node,memdev=m0", "-numa", "node,memdev=m1",
		  "-accel", "kvm,max-slot-size=16M", NULL } },
	{ "smp2", true, { "-bios", hello, "-serial", "none", "-device",
		  "isa-debug-exit", "-smp", "2", NULL } },
};

static void run_with(struct vmm_result *r, const char *inject,
		     const char *const *argv)
{
	setenv("VMM_FAULT_INJECT", inject, 1);
	if (vmm_run(r, RUN_LIMIT, argv))
		ktap_exit_fail_msg("cannot run vmm: %s", strerror(errno));
	unsetenv("VMM_FAULT_INJECT");
}

/* The calls of a clean boot, from VMM_FAULT_INJECT=list; 0 on failure. */
static unsigned int list_calls(const struct boot *b, char calls[][48])
{
	struct vmm_result r;
	unsigned int n = 0;
	const char *p;

	run_with(&r, "list", b->argv);
	for (p = r.err; p && *p && n < MAX_CALLS; p = strchr(p, '\n'),
	     p += p != NULL) {
		unsigned int i;

		if (sscanf(p, "fault-inject: call %u %47s", &i, calls[n]) == 2 &&
		    i == n + 1)
			n++;
	}
	if (r.status != HELLO_STATUS || !n) {
		ktap_print_msg("%s: clean boot: status %d, %u calls listed:",
			       b->name, r.status, n);
		ktap_print_lines(r.err);
		n = 0;
	}
	vmm_result_free(&r);
	return n;
}

static unsigned int count_lines(const char *s)
{
	unsigned int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* What the one line must name besides the call and the errno's text. */
static bool names_object(const char *call, const char *line)
{
	if (!strcmp(call, "KVM_SET_USER_MEMORY_REGION"))
		return strstr(line, " slot ") && strstr(line, " (");
	if (!strcmp(call, "mmap"))
		return strstr(line, "ram block ") || strstr(line, "kvm_run");
	return true;
}

static bool dir_empty(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool empty = true;

	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = false;
	if (d)
		closedir(d);
	return d && empty;
}

/* One run with call @n failing with @e: the way it ended, or NULL. */
static const char *check_run(const char *call, unsigned int n, unsigned int e,
			     const char *const *argv)
{
	const char *why = NULL;
	struct vmm_result r;
	char inject[32];

	snprintf(inject, sizeof(inject), "%u:%s", n, errnos[e].name);
	run_with(&r, inject, argv);
	if (r.timed_out || r.status != 1)
		why = "status is not 1";
	else if (count_lines(r.err) != 1 || strncmp(r.err, "vmm: ", 5))
		why = "not exactly one line \"vmm: ...\" on stderr";
	else if (!strstr(r.err, call))
		why = "the line does not name the call";
	else if (!strstr(r.err, strerror(errnos[e].err)))
		why = "the line does not give the errno";
	else if (!names_object(call, r.err))
		why = "the line names no slot and region, or no block";
	else if (!dir_empty())
		why = "a file was left behind";
	if (why) {
		ktap_print_msg("VMM_FAULT_INJECT=%s (%s): %s; status %d%s, "
			       "stderr:", inject, call, why, r.status,
			       r.timed_out ? " (killed at the limit)" : "");
		ktap_print_lines(r.err);
	}
	vmm_result_free(&r);
	return why;
}

/* Kinds of call already failed with each errno, in any boot. */
static char kinds_done[64][48];
static unsigned int nr_kinds_done;

static bool first_of_kind(const char *call)
{
	unsigned int i;

	for (i = 0; i < nr_kinds_done; i++)
		if (!strcmp(kinds_done[i], call))
			return false;
	if (nr_kinds_done < ARRAY_SIZE(kinds_done))
		snprintf(kinds_done[nr_kinds_done++], sizeof(kinds_done[0]),
			 "%.47s", call);
	return true;
}

static void sweep(const struct boot *b)
{
	static char calls[MAX_CALLS][48];
	unsigned int nr = list_calls(b, calls), n, e, i, kinds = 0;

	for (i = 0; i < ARRAY_SIZE(boot_calls); i++) {
		for (n = 0; n < nr && strcmp(calls[n], boot_calls[i]); n++)
			;
		if (n == nr)
			ktap_print_msg("%s: the boot made no %s", b->name,
				       boot_calls[i]);
		kinds += n < nr;
	}
	ktap_test_result(nr && kinds == ARRAY_SIZE(boot_calls),
			 "%s: a clean boot lists %u calls, the %zu kinds "
			 "every boot makes among them", b->name, nr,
			 ARRAY_SIZE(boot_calls));
	for (n = 0; n < nr; n++) {
		bool all, ok = true;

		if (b->setup_only && !strcmp(calls[n], "KVM_RUN"))
			break;
		all = first_of_kind(calls[n]);
		for (e = 0; e < ARRAY_SIZE(errnos); e++) {
			if (!all && e != n % ARRAY_SIZE(errnos))
				continue;
			ok &= !check_run(calls[n], n + 1, e, b->argv);
		}
		ktap_test_result(ok, "%s: call %u %s fails (%s): status 1, "
				 "one line naming it, nothing left", b->name,
				 n + 1, calls[n], all ? "each errno" :
				 errnos[n % ARRAY_SIZE(errnos)].name);
	}
}

int main(void)
{
	unsigned int i;

	ktap_print_header();
	if (!have_kvm())
		ktap_skip_all("no usable /dev/kvm");
	guest_image(hello, sizeof(hello), "hello");
	if (!mkdtemp(dir))
		ktap_exit_fail_msg("mkdtemp: %s", strerror(errno));
	snprintf(mem_path, sizeof(mem_path),
		 "memory-backend-file,id=m1,size=64M,mem-path=%s", dir);
	setenv("TMPDIR", dir, 1);
	/* The plan follows the first boot's listing: no fixed count. */
	for (i = 0; i < ARRAY_SIZE(boots); i++)
		sweep(&boots[i]);
	ktap_set_plan(ktap_count());
	rmdir(dir);
	ktap_finished();
}
