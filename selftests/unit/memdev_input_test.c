// SPDX-License-Identifier: GPL-2.0
/*
 * Bad memdev and NUMA input to build/vmm, the list of errors:
 * the nodes' sizes against -m, a memdev missing or used twice, a memory
 * backend smaller than -m, a host node that does not exist (the line
 * names those that do), bind without host-nodes, hugetlb without the
 * pages, a mem-path that cannot be written, prealloc beyond the host's
 * memory, --verify-numa with nothing to verify.  Each: status 1, exactly
 * one line on stderr naming it, nothing on stdout, and no file left in
 * the mem-path directory the cases use.  Memdevs are checked before
 * /dev/kvm is opened, so this runs on hosts without KVM too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host_nodes.h"
#include "ktap.h"
#include "vmm_run.h"

#define MAX_CASES	16

struct input_case {
	const char	*name;
	const char	*args[12];
	char		buf[3][160];	/* the text of some args */
	const char	*must_say[3];
};

static struct input_case cases[MAX_CASES];
static unsigned int nr_cases;
static char tmpdir[64];

static struct input_case *add_case(const char *name, const char *say)
{
	struct input_case *c = &cases[nr_cases++];

	c->name = name;
	c->must_say[0] = say;
	return c;
}

#define ARGS(c, ...)	memcpy((c)->args, (const char *[]){ __VA_ARGS__, NULL }, \
			       sizeof((const char *[]){ __VA_ARGS__, NULL }))

/* The cases whose text depends on this host: its nodes, pool, memory. */
static void host_cases(void)
{
	unsigned int nodes[TEST_MAX_NODES], n;
	struct input_case *c;
	long long huge = test_read_num("/sys/kernel/mm/hugepages/"
				       "hugepages-2048kB/free_hugepages");
	u64 twice = ALIGN_UP(2 * test_meminfo("MemTotal"), GiB) >> 30;

	n = test_host_nodes(nodes, TEST_MAX_NODES);
	c = add_case("a host node that does not exist", "does not exist");
	snprintf(c->buf[0], sizeof(c->buf[0]), "memory-backend-file,id=m0,"
		 "size=128M,mem-path=%s/new,policy=bind,host-nodes=%u",
		 tmpdir, n ? nodes[n - 1] + 1 : 1);
	ARGS(c, "-object", c->buf[0], "-numa", "node,memdev=m0");
	c->must_say[1] = "this host's nodes are";
	c = add_case("hugetlb without the pages", "huge pages");
	huge = huge < 0 ? 1 : huge + 1;		/* one more than there are */
	snprintf(c->buf[0], sizeof(c->buf[0]), "memory-backend-memfd,id=m0,"
		 "size=%lluM,hugetlb=on", huge * 2);
	snprintf(c->buf[1], sizeof(c->buf[1]), "%lluM", huge * 2);
	ARGS(c, "-m", c->buf[1], "-object", c->buf[0], "-numa",
	     "node,memdev=m0");
	c = add_case("prealloc beyond the host's memory", "prealloc=on needs");
	snprintf(c->buf[0], sizeof(c->buf[0]), "memory-backend-ram,id=m0,"
		 "size=%lluG,prealloc=on", (unsigned long long)twice);
	snprintf(c->buf[1], sizeof(c->buf[1]), "%lluG",
		 (unsigned long long)twice);
	ARGS(c, "-m", c->buf[1], "-M", "pc,memory-backend=m0", "-object",
	     c->buf[0]);
}

#define MD(id, size)	"-object", "memory-backend-ram,id=" id ",size=" size

static void fixed_cases(void)
{
	struct input_case *c;

	c = add_case("the nodes' memdevs do not add up to -m",
		     "the nodes' memdevs total 1G");
	ARGS(c, "-m", "2G", MD("m0", "1G"), "-numa", "node,memdev=m0");
	c = add_case("a memdev no -object defines", "memdev 'mx' is not "
		     "defined");
	ARGS(c, "-m", "1G", MD("m0", "1G"), "-numa", "node,memdev=mx");
	c = add_case("one memdev for two nodes", "is already node 0's");
	ARGS(c, "-m", "2G", MD("m0", "1G"), "-numa", "node,memdev=m0",
	     "-numa", "node,memdev=m0");
	c = add_case("a memory backend smaller than -m", "its size 1G is not "
		     "-m 2G");
	ARGS(c, "-m", "2G", "-M", "pc,memory-backend=m0", MD("m0", "1G"));
	c = add_case("policy=bind without host-nodes", "needs host-nodes");
	ARGS(c, "-object", "memory-backend-ram,id=m0,size=128M,policy=bind",
	     "-numa", "node,memdev=m0");
	c = add_case("mem-path that cannot be written", "/proc/version");
	ARGS(c, "-object", "memory-backend-file,id=m0,size=128M,"
	     "mem-path=/proc/version", "-numa", "node,memdev=m0");
	c = add_case("mem-path in a missing directory", "/nonexistent/dir");
	ARGS(c, "-object", "memory-backend-file,id=m0,size=128M,"
	     "mem-path=/nonexistent/dir/f", "-numa", "node,memdev=m0");
	c = add_case("--verify-numa without a memdev", "--verify-numa");
	ARGS(c, "--verify-numa");
}

static bool tmpdir_empty(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "ls -A %s | grep -q .", tmpdir);
	return system(cmd) != 0;
}

static void run_case(const struct input_case *c, const char *bios)
{
	const char *argv[20] = { "-bios", bios, "--dump", "slots" };
	unsigned int a = 4, j, lines = 0;
	struct vmm_result r;
	bool ok;

	for (j = 0; c->args[j]; j++)
		argv[a++] = c->args[j];
	if (vmm_run(&r, 30, argv))
		ktap_exit_fail_msg("cannot run vmm");
	for (j = 0; r.err[j]; j++)
		lines += r.err[j] == '\n';
	ok = r.status == 1 && lines == 1 && !r.out[0] && tmpdir_empty();
	for (j = 0; j < 3 && c->must_say[j]; j++)
		ok &= strstr(r.err, c->must_say[j]) != NULL;
	if (!ok)
		ktap_print_msg("status %d, %u stderr lines '%s', stdout "
			       "'%.60s', mem-path dir %s; expected status 1, "
			       "one line saying '%s', nothing left", r.status,
			       lines, r.err, r.out,
			       tmpdir_empty() ? "empty" : "not empty",
			       c->must_say[0]);
	ktap_test_result(ok, "%s: %s", c->name, ok ? strtok(r.err, "\n") :
			 "");
	vmm_result_free(&r);
}

int main(void)
{
	const char *bios;
	unsigned int i;

	ktap_print_header();
	strcpy(tmpdir, "/tmp/memdev-input.XXXXXX");
	bios = make_test_bios(64 * 1024);
	if (!bios || !mkdtemp(tmpdir))
		ktap_exit_fail_msg("cannot write test files in /tmp");
	host_cases();
	fixed_cases();
	ktap_set_plan(nr_cases);
	for (i = 0; i < nr_cases; i++)
		run_case(&cases[i], bios);
	unlink(bios);
	rmdir(tmpdir);
	ktap_finished();
}
