// SPDX-License-Identifier: GPL-2.0
/*
 * build/vmm with numa-probe and --verify-numa: the guest writes sampled
 * pages of every node's RAM, then vmm says where each memdev's pages are
 * and whether that is what its policy asked.  The test reads the report
 * and holds it to its own expectations: which host nodes the test asked
 * each memdev to be on.
 *  - any host: every backend kind, share off and on, four guest nodes
 *    with policies default, preferred, bind and interleave on the first
 *    host node; prealloc with 1 and 4 threads (every page resident);
 *    hugetlb (SKIP without free huge pages); a memdev no guest touches
 *    (hello.bin) is a failure, status 10; QEMU shows numa-probe the same;
 *  - two host nodes or more (else SKIP "needs 2 nodes, host has 1"):
 *    each guest node bound to its own host node (up to 4), interleave
 *    over all host nodes (memfd and ram), and one deliberately wrong
 *    case: guest node 0's memdev bound to host node 1 while the test
 *    expects host node 0, which the test must see in the report.
 *  Preferred to a full host node is hostmem_placement_test's: filling a
 *  node from outside vmm is easier in-process.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host_nodes.h"
#include "ktap.h"
#include "vmm_run.h"

#define MAX_ARGS	64

static unsigned int nodes[TEST_MAX_NODES], nr_nodes;
static char image[4096], tmpdir[64];

/* "numa-placement ID node N pages K": K, or -1 without such a line. */
static long long report_pages(const char *out, const char *id,
			      unsigned int node)
{
	char key[128];
	const char *p;

	snprintf(key, sizeof(key), "numa-placement %s node %u pages ", id,
		 node);
	p = strstr(out, key);
	return p ? strtoll(p + strlen(key), NULL, 10) : -1;
}

/* The memdev's verdict line is "numa-placement ID pass...". */
static bool report_pass(const char *out, const char *id)
{
	char key[128];

	snprintf(key, sizeof(key), "\nnuma-placement %s pass", id);
	return strstr(out, key) != NULL;
}

/* A value after "numa-placement ID KEY ". */
static long long report_value(const char *out, const char *id,
			      const char *key)
{
	char k[128];
	const char *p;

	snprintf(k, sizeof(k), "numa-placement %s ", id);
	for (p = strstr(out, k); p; p = strstr(p + 1, k)) {
		const char *v = strstr(p, key);

		if (v && v < strchr(p, '\n'))
			return strtoll(v + strlen(key) + 1, NULL, 0);
	}
	return -1;
}

/* vmm with numa-probe, --verify-numa and @args (NULL-terminated). */
static void run(struct vmm_result *r, const char *bios,
		const char *const *args)
{
	const char *argv[MAX_ARGS] = {
		"-bios", bios, "-device", "isa-debug-exit,iobase=0xf4,iosize=4",
		"-serial", "stdio", "--verify-numa",
	};
	unsigned int n = 7;
	int ret;

	while (*args && n < MAX_ARGS - 1)
		argv[n++] = *args++;
	argv[n] = NULL;
	ret = vmm_run(r, 120, argv);
	if (ret)
		ktap_exit_fail_msg("cannot run vmm: %s", strerror(-ret));
}

/* Status 1, the probe passed, every memdev passed; else say why. */
static bool run_ok(const struct vmm_result *r, unsigned int memdevs)
{
	char want[64];
	bool ok;

	snprintf(want, sizeof(want), "numa-verify pass %u fail 0", memdevs);
	ok = r->status == 1 && has_line(r->out, "ok 1 numa-probe") &&
	     has_line(r->out, want);
	if (!ok) {
		ktap_print_msg("status %d, want 1 and '%s':", r->status, want);
		ktap_print_lines(r->out);
		ktap_print_lines(r->err);
	}
	return ok;
}

/* Every page of @id the report counts is on host node @node. */
static bool all_on(const char *out, const char *id, unsigned int node)
{
	unsigned int i;
	bool ok = report_pages(out, id, node) > 0;

	for (i = 0; i < nr_nodes; i++)
		if (nodes[i] != node && report_pages(out, id, nodes[i]) != 0)
			ok = false;
	if (!ok)
		ktap_print_msg("%s: not all its pages on host node %u", id,
			       node);
	return ok;
}

/* A command line being built: its words, and the text of some. */
struct args {
	const char	*v[MAX_ARGS];
	char		buf[24][256];
	unsigned int	n, nbuf;
};

static void add(struct args *a, const char *word)
{
	if (a->n < MAX_ARGS - 1)
		a->v[a->n++] = word;
	a->v[a->n] = NULL;
}

__attribute__((format(printf, 2, 3)))
static void addf(struct args *a, const char *fmt, ...)
{
	va_list ap;

	if (a->nbuf == ARRAY_SIZE(a->buf))
		ktap_exit_fail_msg("test bug: too many words");
	va_start(ap, fmt);
	vsnprintf(a->buf[a->nbuf], sizeof(a->buf[0]), fmt, ap);
	va_end(ap);
	add(a, a->buf[a->nbuf++]);
}

/*
 * -object memory-backend-@kind,id=@id,size=@size,share= (and mem-path=
 * for a file), then @extra ("policy=bind,host-nodes=0", or "").
 */
static void add_object(struct args *a, const char *kind, const char *id,
		       const char *size, bool share, const char *extra)
{
	add(a, "-object");
	addf(a, "memory-backend-%s,id=%s,size=%s,share=%s%s%s%s%s", kind, id,
	     size, share ? "on" : "off", strcmp(kind, "file") ? "" :
	     ",mem-path=", strcmp(kind, "file") ? "" : tmpdir,
	     *extra ? "," : "", extra);
}

/* -numa node,memdev=@id */
static void add_node(struct args *a, const char *id)
{
	add(a, "-numa");
	addf(a, "node,memdev=%s", id);
}

static bool files_left(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "ls -A %s | grep -q .", tmpdir);
	return !system(cmd);
}

/* Four guest nodes, one policy each, all on the first host node. */
static void test_kind(const char *kind, bool share)
{
	static const char *const pol[] = {
		NULL, "preferred", "bind", "interleave",
	};
	struct args a = { .n = 0 };
	char id[8], extra[64];
	struct vmm_result r;
	unsigned int i;
	bool ok;

	add(&a, "-m");
	add(&a, "512M");
	for (i = 0; i < 4; i++) {
		snprintf(id, sizeof(id), "m%u", i);
		extra[0] = '\0';
		if (pol[i])
			snprintf(extra, sizeof(extra), "policy=%s,host-nodes=%u",
				 pol[i], nodes[0]);
		add_object(&a, kind, id, "128M", share, extra);
		add_node(&a, id);
	}
	run(&r, image, a.v);
	ok = run_ok(&r, 4);
	for (i = 1; i < 4; i++) {
		snprintf(id, sizeof(id), "m%u", i);
		ok &= all_on(r.out, id, nodes[0]);
	}
	if (files_left()) {
		ktap_print_msg("files left in %s", tmpdir);
		ok = false;
	}
	ktap_test_result(ok, "memory-backend-%s share=%s: default, preferred, "
			 "bind, interleave on host node %u: verified", kind,
			 share ? "on" : "off", nodes[0]);
	vmm_result_free(&r);
}

/* prealloc=on, 1 and 4 threads: every page resident, on the node. */
static void test_prealloc(void)
{
	struct args a = { .n = 0 };
	struct vmm_result r;
	char extra[96];
	bool ok;

	add(&a, "-m");
	add(&a, "256M");
	add_object(&a, "ram", "m0", "128M", false,
		   "prealloc=on,prealloc-threads=1");
	snprintf(extra, sizeof(extra), "prealloc=on,prealloc-threads=4,"
		 "policy=bind,host-nodes=%u", nodes[0]);
	add_object(&a, "memfd", "m1", "128M", true, extra);
	add_node(&a, "m0");
	add_node(&a, "m1");
	run(&r, image, a.v);
	ok = run_ok(&r, 2) && all_on(r.out, "m1", nodes[0]) &&
	     report_value(r.out, "m0", "resident") == 32768 &&
	     report_value(r.out, "m1", "resident") == 32768;
	ktap_test_result(ok, "prealloc=on with 1 and 4 threads: all 32768 "
			 "pages of each 128M memdev resident, verified");
	vmm_result_free(&r);
}

/* Free 2M huge pages of host node @node (sysfs), or -1. */
static long long huge_free(unsigned int node)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/devices/system/node/node%u/"
		 "hugepages/hugepages-2048kB/free_hugepages", node);
	return test_read_num(path);
}

/* hugetlb: 16 pages of 2M, bound to a host node that has them. */
static void test_hugetlb(void)
{
	struct args a = { .n = 0 };
	long long most = -1, f;
	unsigned int i, node = 0;
	struct vmm_result r;
	char extra[64];

	for (i = 0; i < nr_nodes; i++) {
		f = huge_free(nodes[i]);
		if (f > most) {
			most = f;
			node = nodes[i];
		}
	}
	if (most < 16) {
		ktap_test_skip("hugetlb: needs 16 free 2M huge pages on a "
			       "node, the host has %lld at most",
			       most < 0 ? 0 : most);
		return;
	}
	add(&a, "-m");
	add(&a, "32M");
	snprintf(extra, sizeof(extra), "hugetlb=on,policy=bind,host-nodes=%u",
		 node);
	add_object(&a, "memfd", "m0", "32M", true, extra);
	add_node(&a, "m0");
	run(&r, image, a.v);
	ktap_test_result(run_ok(&r, 1) && all_on(r.out, "m0", node) &&
			 report_value(r.out, "m0", "page-size") == 2 * 1024 *
			 1024, "hugetlb=on: 2M pages, on host node %u, verified",
			 node);
	vmm_result_free(&r);
}

/* A memdev the guest never touches (hello.bin): nothing proven, status 10. */
static void test_untouched(void)
{
	struct args a = { .n = 0 };
	struct vmm_result r;
	char hello[4096];
	bool ok;

	guest_image(hello, sizeof(hello), "hello");
	add(&a, "-M");
	add(&a, "pc,memory-backend=m0");
	add_object(&a, "ram", "m0", "128M", false, "");
	run(&r, hello, a.v);
	ok = r.status == 10 && has_line(r.out, "numa-placement m0 fail: no "
				       "page of it exists: nothing to check") &&
	     has_line(r.out, "numa-verify pass 0 fail 1");
	if (!ok) {
		ktap_print_lines(r.out);
		ktap_print_lines(r.err);
	}
	ktap_test_result(ok, "memory-backend m0 never touched (hello.bin): "
			 "fail, status %d (want 10)", r.status);
	vmm_result_free(&r);
}

/* numa-probe with bound memdevs: QEMU shows the guest the same. */
static void test_qemu(void)
{
	struct args a = { .n = 0 };
	struct qemu_diff d;
	char extra[64];
	int ret;

	if (!have_qemu()) {
		ktap_test_skip("qemu-system-x86_64 is not installed");
		return;
	}
	add(&a, "-M");
	add(&a, "pc");
	add(&a, "-m");
	add(&a, "512M");
	add(&a, "-bios");
	add(&a, image);
	snprintf(extra, sizeof(extra), "policy=bind,host-nodes=%u", nodes[0]);
	add_object(&a, "memfd", "m0", "256M", true, extra);
	add_object(&a, "ram", "m1", "256M", false, extra);
	add_node(&a, "m0");
	add_node(&a, "m1");
	ret = qemu_diff_run(&d, 60, NULL, a.v);
	if (ret)
		ktap_exit_fail_msg("qemu-diff.sh: %s", strerror(-ret));
	if (d.diff.status)
		ktap_print_lines(d.diff.out);
	ktap_test_result(!d.diff.status && has_line(d.qemu.out,
						    "ok 1 numa-probe"),
			 "numa-probe on two bound memdevs: QEMU's view is "
			 "vmm's");
	qemu_diff_free(&d);
}

/* ---- two host nodes or more ----------------------------------------- */

/* Guest node i's memdev bound to host node i, up to 4 of them. */
static void test_own_nodes(void)
{
	unsigned int n = MIN(nr_nodes, 4u), i;
	struct args a = { .n = 0 };
	struct vmm_result r;
	char id[8], extra[64];
	bool ok;

	add(&a, "-m");
	addf(&a, "%uM", 128 * n);
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "m%u", i);
		snprintf(extra, sizeof(extra), "policy=bind,host-nodes=%u",
			 nodes[i]);
		add_object(&a, i % 2 ? "memfd" : "ram", id, "128M", i % 2,
			   extra);
		add_node(&a, id);
	}
	run(&r, image, a.v);
	ok = run_ok(&r, n);
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "m%u", i);
		ok &= all_on(r.out, id, nodes[i]);
	}
	ktap_test_result(ok, "%u guest nodes, each bound to its own host node: "
			 "verified, every page where asked", n);
	vmm_result_free(&r);
}

/* One memdev interleaved over every host node: pages on each. */
static void test_interleave_all(const char *kind)
{
	struct args a = { .n = 0 };
	char extra[96], list[64];
	struct vmm_result r;
	unsigned int i;
	bool ok;

	snprintf(list, sizeof(list), "%u-%u", nodes[0], nodes[nr_nodes - 1]);
	snprintf(extra, sizeof(extra), "policy=interleave,host-nodes=%s",
		 list);
	add(&a, "-m");
	add(&a, "512M");
	add_object(&a, kind, "m0", "512M", !strcmp(kind, "memfd"), extra);
	add_node(&a, "m0");
	run(&r, image, a.v);
	ok = run_ok(&r, 1);
	for (i = 0; i < nr_nodes; i++)
		ok &= report_pages(r.out, "m0", nodes[i]) > 0;
	ktap_test_result(ok, "memory-backend-%s interleaved over host nodes "
			 "%s: verified, pages on every node", kind, list);
	vmm_result_free(&r);
}

/*
 * The options bind guest node 0's memdev to host node 1; this test
 * expects host node 0.  vmm verifies the options (pass), and the report
 * must show the test that its expectation is wrong: no page on node 0.
 */
static void test_wrong_expectation(void)
{
	unsigned int want = nodes[0], asked = nodes[1];
	struct args a = { .n = 0 };
	struct vmm_result r;
	char extra[64];
	long long on_want, on_asked;

	add(&a, "-m");
	add(&a, "256M");
	snprintf(extra, sizeof(extra), "policy=bind,host-nodes=%u", asked);
	add_object(&a, "ram", "m0", "128M", false, extra);
	snprintf(extra, sizeof(extra), "policy=bind,host-nodes=%u", want);
	add_object(&a, "ram", "m1", "128M", false, extra);
	add_node(&a, "m0");
	add_node(&a, "m1");
	run(&r, image, a.v);
	on_want = report_pages(r.out, "m0", want);
	on_asked = report_pages(r.out, "m0", asked);
	ktap_test_result(run_ok(&r, 2) && report_pass(r.out, "m0") &&
			 on_want == 0 && on_asked > 0 && !all_on(r.out, "m0",
								 want),
			 "guest node 0 bound to host node %u while expected on "
			 "%u: flagged, the report shows %lld pages on %u and "
			 "%lld on %u", asked, want, on_want, want, on_asked,
			 asked);
	vmm_result_free(&r);
}

int main(void)
{
	static const char *const kinds[] = { "ram", "memfd", "file" };
	const char *why;
	unsigned int i;

	ktap_print_header();
	if (!have_kvm())
		ktap_skip_all("/dev/kvm is not available");
	nr_nodes = test_host_nodes(nodes, TEST_MAX_NODES);
	if (!nr_nodes)
		ktap_skip_all("the kernel shows no NUMA node with memory");
	guest_image(image, sizeof(image), "numa-probe");
	strcpy(tmpdir, "/tmp/numa-placement.XXXXXX");
	if (!mkdtemp(tmpdir))
		ktap_exit_fail_msg("mkdtemp: %m");
	ktap_set_plan(2 * ARRAY_SIZE(kinds) + 4 + 4);
	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		test_kind(kinds[i], false);
		test_kind(kinds[i], true);
	}
	test_prealloc();
	test_hugetlb();
	test_untouched();
	test_qemu();
	why = test_needs_nodes(2);
	if (why) {
		for (i = 0; i < 4; i++)
			ktap_test_skip("%s", why);
	} else {
		test_own_nodes();
		test_interleave_all("memfd");
		test_interleave_all("ram");
		test_wrong_expectation();
	}
	rmdir(tmpdir);
	ktap_finished();
}
