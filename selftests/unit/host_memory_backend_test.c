// SPDX-License-Identifier: GPL-2.0
/*
 * Memdevs (vmm/backends/host_memory_backend.c) built in this process,
 * looked at with the kernel's own answers rather than vmm's:
 *  - every backend kind, share on and off, every policy on one host node
 *    (the first with memory): the pages a test writes are on that node
 *    (get_mempolicy(2) per page), and /proc/self/numa_maps shows the
 *    policy under the kernel's own name (table below, from
 *    mm/mempolicy.c's policy_modes[]);
 *  - prealloc=on with 1 and 4 threads: every page exists (mincore)
 *    before anyone touched one;
 *  - QEMU's properties as the kernel sees them: seal=on is F_SEAL_SEAL |
 *    F_SEAL_SHRINK | F_SEAL_GROW (memfd_create(2): a memfd made without
 *    MFD_ALLOW_SEALING has F_SEAL_SEAL only), share= is the "s" or "p"
 *    of /proc/self/maps, dump=off is VmFlags "dd", merge=on is "mg"
 *    (kernels with KSM), discard-data=on leaves the file without blocks;
 *  - each error: one line naming the memdev and what is missing, with no
 *    mapping and no file left behind;
 *  - a page the host cannot give during prealloc (hugetlb, empty pool)
 *    is an error, never a SIGBUS, on both prealloc paths.
 */
#include <errno.h>
#include <fcntl.h>
#include <numaif.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backends/host_memory_backend.h"
#include "host_nodes.h"
#include "ktap.h"
#include "util/error.h"

#define SIZE		(16 * MiB)

static char tmpdir[64];
static unsigned int first_node;

/* numa_maps' name of a policy on node @n (mm/mempolicy.c). */
static const char *kernel_name(enum host_mem_policy pol, unsigned int n,
			       char *buf, size_t len)
{
	static const char *const names[] = {
		[HOST_MEM_POLICY_DEFAULT] = "default",
		[HOST_MEM_POLICY_PREFERRED] = "prefer",
		[HOST_MEM_POLICY_BIND] = "bind",
		[HOST_MEM_POLICY_INTERLEAVE] = "interleave",
	};

	if (pol == HOST_MEM_POLICY_DEFAULT)
		snprintf(buf, len, "default");
	else
		snprintf(buf, len, "%s:%u", names[pol], n);
	return buf;
}

static void params(struct host_memory_backend_params *p,
		   enum host_memory_backend_kind kind, const char *id,
		   u64 size)
{
	char path[128];

	host_memory_backend_params_init(p, kind);
	p->id = strdup(id);
	p->size = size;
	if (kind == HOST_MEMORY_BACKEND_FILE) {
		snprintf(path, sizeof(path), "%s/%s", tmpdir, id);
		p->mem_path = strdup(path);
	}
}

/* The policy field of the numa_maps line of the mapping holding @addr. */
static bool numa_maps_policy(const void *addr, char *out, size_t len)
{
	char line[1024], *sp;
	FILE *f = fopen("/proc/self/numa_maps", "r");
	unsigned long long a;
	bool found = false;

	/* Sorted by address: the last mapping starting at or below @addr. */
	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx", &a) != 1 || a > (uintptr_t)addr)
			continue;
		sp = strchr(line, ' ');
		snprintf(out, len, "%.*s", (int)strcspn(sp + 1, " \n"),
			 sp + 1);
		found = true;
	}
	if (f)
		fclose(f);
	return found;
}

/* Pages at every 64th page of @be: all on @node. */
static bool pages_on(struct host_memory_backend *be, unsigned int node)
{
	u8 *host = host_memory_backend_host(be);
	u64 off;

	for (off = 0; off < be->params->size; off += 64 * 4096)
		if (test_page_node(host + off) != (int)node) {
			ktap_print_msg("%s: page at +0x%llx on node %d, not %u",
				       be->params->id, (unsigned long long)off,
				       test_page_node(host + off), node);
			return false;
		}
	return true;
}

/* One memdev of @kind, @share, @pol on the first node: made, written, placed. */
static void test_one(enum host_memory_backend_kind kind, bool share,
		     enum host_mem_policy pol)
{
	struct host_memory_backend_params p;
	struct host_memory_backend be;
	char want[64], got[64] = "", name[128];
	bool ok;

	snprintf(name, sizeof(name), "%s share=%s policy=%s",
		 host_memory_backend_kinds[kind], share ? "on" : "off",
		 host_mem_policies[pol]);
	params(&p, kind, "md", SIZE);
	p.share = share;
	p.policy = pol;
	if (pol != HOST_MEM_POLICY_DEFAULT)
		idset_add(&p.host_nodes, first_node);
	if (host_memory_backend_init(&be, &p)) {
		ktap_print_msg("%s: %s", name, error_get());
		ktap_test_result(false, "%s: made", name);
		ktap_test_result(false, "%s: numa_maps", name);
		host_memory_backend_params_free(&p);
		return;
	}
	ktap_test_result(true, "%s: made", name);
	test_touch(host_memory_backend_host(&be), SIZE, 4096);
	kernel_name(pol, first_node, want, sizeof(want));
	ok = numa_maps_policy(host_memory_backend_host(&be), got,
			      sizeof(got)) && !strcmp(got, want);
	if (!ok)
		ktap_print_msg("%s: numa_maps says '%s', want '%s'", name, got,
			       want);
	ktap_test_result(ok && pages_on(&be, first_node),
			 "%s: numa_maps '%s', pages on node %u", name, want,
			 first_node);
	host_memory_backend_destroy(&be);
	if (p.mem_path)
		unlink(p.mem_path);
	host_memory_backend_params_free(&p);
}

static void test_kinds_and_policies(void)
{
	unsigned int k, s, pol;

	for (k = 0; k < HOST_MEMORY_BACKEND__NR; k++)
		for (s = 0; s < 2; s++)
			for (pol = 0; pol < HOST_MEM_POLICY__NR; pol++)
				test_one(k, s, pol);
}

/* prealloc=on: every page there before anyone touched one. */
static void test_prealloc(enum host_memory_backend_kind kind,
			  unsigned int threads)
{
	struct host_memory_backend_params p;
	struct host_memory_backend be;
	u64 resident = 0, size = 64 * MiB;
	int ret;

	params(&p, kind, "pre", size);
	p.prealloc = true;
	p.prealloc_threads = threads;
	p.policy = HOST_MEM_POLICY_BIND;
	idset_add(&p.host_nodes, first_node);
	ret = host_memory_backend_init(&be, &p);
	if (ret)
		ktap_print_msg("%s", error_get());
	else
		resident = test_resident(host_memory_backend_host(&be), size);
	if (!ret && resident != size / 4096)
		ktap_print_msg("resident %llu pages, want %llu",
			       (unsigned long long)resident,
			       (unsigned long long)(size / 4096));
	ktap_test_result(!ret && resident == size / 4096 &&
			 pages_on(&be, first_node), "%s prealloc=on "
			 "prealloc-threads=%u: every page there, on node %u",
			 host_memory_backend_kinds[kind], threads, first_node);
	if (!ret)
		host_memory_backend_destroy(&be);
	if (p.mem_path)
		unlink(p.mem_path);
	host_memory_backend_params_free(&p);
}

/* prealloc_mem() with N threads runs min(N, our CPUs, pages) of them. */
static void test_prealloc_threads(void)
{
	struct prealloc_request req = { .size = 8 * MiB, .page_size = 4096,
					.threads = 4 };
	struct prealloc_result res;
	cpu_set_t mine;
	unsigned int want;

	sched_getaffinity(0, sizeof(mine), &mine);
	want = MIN(4u, (unsigned int)CPU_COUNT(&mine));
	req.host = mmap(NULL, req.size, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (req.host == MAP_FAILED)
		ktap_exit_fail_msg("mmap: %m");
	KTAP_EXPECT_EQ(prealloc_mem(&req, &res), 0, "prealloc_mem of 8M");
	KTAP_EXPECT_EQ(res.threads, want, "4 threads asked, %u CPUs: %u ran",
		       CPU_COUNT(&mine), want);
	KTAP_EXPECT_EQ(test_resident(req.host, req.size), req.size / 4096,
		       "every page of the 8M there");
	munmap(req.host, req.size);
}

/* One line of /proc/self/@file about the mapping holding @addr. */
static bool proc_line(const char *file, const void *addr, const char *key,
		      char *out, size_t len)
{
	unsigned long long lo, hi = 0;
	char line[512], path[64];
	bool in = false, found = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/%s", file);
	f = fopen(path, "r");
	while (f && !found && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx-%llx ", &lo, &hi) == 2 &&
		    strchr(line, '-') < strchr(line, ' '))
			in = lo <= (uintptr_t)addr && (uintptr_t)addr < hi;
		if (in && (!key || !strncmp(line, key, strlen(key)))) {
			snprintf(out, len, "%s", line);
			found = true;
		}
	}
	if (f)
		fclose(f);
	return found;
}

static struct host_memory_backend *make(struct host_memory_backend *be,
					struct host_memory_backend_params *p)
{
	if (host_memory_backend_init(be, p))
		ktap_exit_fail_msg("memdev %s: %s", p->id, error_get());
	return be;
}

/* seal=on/off as F_GET_SEALS reports it (fcntl(2)'s values). */
static void test_seal(bool seal, int want)
{
	struct host_memory_backend_params p;
	struct host_memory_backend be;

	params(&p, HOST_MEMORY_BACKEND_MEMFD, "sealed", SIZE);
	p.seal = seal;
	make(&be, &p);
	KTAP_EXPECT_EQ(fcntl(be.fd, F_GET_SEALS), want,
		       "memfd seal=%s: F_GET_SEALS 0x%x", seal ? "on" : "off",
		       want);
	host_memory_backend_destroy(&be);
	host_memory_backend_params_free(&p);
}

/* share= is the mapping's "s" or "p"; dump=off is "dd"; merge=on "mg". */
static void test_flags(bool share, bool dump, bool merge, bool ksm)
{
	struct host_memory_backend_params p;
	struct host_memory_backend be;
	char maps[512] = "", smaps[512] = "";
	bool ok;

	params(&p, HOST_MEMORY_BACKEND_RAM, "flags", SIZE);
	p.share = share;
	p.dump = dump;
	p.merge = merge;
	make(&be, &p);
	proc_line("maps", host_memory_backend_host(&be), NULL, maps,
		  sizeof(maps));
	proc_line("smaps", host_memory_backend_host(&be), "VmFlags", smaps,
		  sizeof(smaps));
	ok = strstr(maps, share ? "rw-s" : "rw-p") &&
	     !strstr(smaps, " dd") == dump &&
	     (!ksm || share || !strstr(smaps, " mg") == !merge);
	if (!ok)
		ktap_print_msg("maps: %s# smaps: %s", maps, smaps);
	ktap_test_result(ok, "share=%s dump=%s merge=%s: the mapping's flags "
			 "say so%s", share ? "on" : "off", dump ? "on" : "off",
			 merge ? "on" : "off", ksm ? "" : " (no KSM: mg not "
			 "checked)");
	host_memory_backend_destroy(&be);
	host_memory_backend_params_free(&p);
}

/* discard-data=on: the file's blocks are gone when the memdev is. */
static void test_discard(bool discard)
{
	struct host_memory_backend_params p;
	struct host_memory_backend be;
	struct stat st = { 0 };

	params(&p, HOST_MEMORY_BACKEND_FILE, "disc", SIZE);
	p.share = true;
	p.discard_data = discard;
	make(&be, &p);
	test_touch(host_memory_backend_host(&be), SIZE, 4096);
	host_memory_backend_destroy(&be);
	stat(p.mem_path, &st);
	ktap_test_result(discard ? st.st_blocks == 0 : st.st_blocks > 0,
			 "file share=on discard-data=%s: %lld blocks left",
			 discard ? "on" : "off", (long long)st.st_blocks);
	unlink(p.mem_path);
	host_memory_backend_params_free(&p);
}

static void test_properties(void)
{
	bool ksm = !access("/sys/kernel/mm/ksm", F_OK);

	/* F_SEAL_SEAL 1, F_SEAL_SHRINK 2, F_SEAL_GROW 4 */
	test_seal(true, 1 | 2 | 4);
	test_seal(false, 1);
	test_flags(false, true, true, ksm);
	test_flags(true, true, true, ksm);
	test_flags(false, false, false, ksm);
	test_discard(true);
	test_discard(false);
}

/* The lines of /proc/self/maps, and whether one names @what. */
static unsigned int maps_lines(const char *what, bool *named)
{
	FILE *f = fopen("/proc/self/maps", "r");
	unsigned int n = 0;
	char line[512];

	*named = false;
	while (f && fgets(line, sizeof(line), f)) {
		n++;
		*named |= what && strstr(line, what);
	}
	if (f)
		fclose(f);
	return n;
}

static unsigned int tmpdir_entries(void)
{
	char cmd[128];
	FILE *f;
	int n = -1;

	snprintf(cmd, sizeof(cmd), "ls -A %s | wc -l", tmpdir);
	f = popen(cmd, "r");
	if (f && fscanf(f, "%d", &n) != 1)
		n = -1;
	if (f)
		pclose(f);
	return (unsigned int)n;
}

/*
 * @p must fail with one line holding each of @has, and leave nothing:
 * no new mapping, none naming the memdev, no file in the test's dir.
 */
static void expect_fail(struct host_memory_backend_params *p,
			const char *what, const char *const *has)
{
	struct host_memory_backend be;
	unsigned int before, after, i;
	bool named, ok;
	const char *msg;
	int ret;

	before = maps_lines(NULL, &named);
	error_clear();
	ret = host_memory_backend_init(&be, p);
	msg = error_get();
	after = maps_lines(p->mem_path ? p->mem_path : "memfd:", &named);
	ok = ret < 0 && !strchr(msg, '\n') && strstr(msg, p->id);
	for (i = 0; has[i]; i++)
		ok &= strstr(msg, has[i]) != NULL;
	if (!ok)
		ktap_print_msg("returned %d: \"%s\"", ret, msg);
	ktap_test_result(ok, "%s: one line: %s", what, msg);
	ok = after == before && !named && tmpdir_entries() == 0;
	if (!ok)
		ktap_print_msg("maps %u -> %u lines, named %d, %u files left",
			       before, after, named, tmpdir_entries());
	ktap_test_result(ok, "%s: nothing left behind", what);
	if (!ret)
		host_memory_backend_destroy(&be);
	host_memory_backend_params_free(p);
}

static u64 huge_size(void)
{
	return test_meminfo("Hugepagesize");
}

/* Free, unreserved pages of the default huge page size; -1: no pool. */
static long long huge_free(void)
{
	char path[128];
	long long f, r;

	snprintf(path, sizeof(path), "/sys/kernel/mm/hugepages/hugepages-"
		 "%llukB/free_hugepages", (unsigned long long)huge_size() >> 10);
	f = test_read_num(path);
	strcpy(strrchr(path, '/'), "/resv_hugepages");
	r = test_read_num(path);
	return f < 0 || r < 0 ? -1 : f - r;
}

static void test_error_nodes(void)
{
	struct host_memory_backend_params p;
	unsigned int nodes[TEST_MAX_NODES], n;
	char list[64] = "", name[64];
	FILE *f = fopen("/sys/devices/system/node/has_memory", "r");

	if (f && fgets(list, sizeof(list), f))
		list[strcspn(list, "\n")] = '\0';
	if (f)
		fclose(f);
	n = test_host_nodes(nodes, TEST_MAX_NODES);
	params(&p, HOST_MEMORY_BACKEND_RAM, "nonode", SIZE);
	p.policy = HOST_MEM_POLICY_BIND;
	idset_add(&p.host_nodes, nodes[n - 1] + 1);
	snprintf(name, sizeof(name), "host-nodes=%u", nodes[n - 1] + 1);
	expect_fail(&p, name, (const char *const[]){ "does not exist", list,
						     NULL });
}

static void test_error_hugetlb(void)
{
	struct host_memory_backend_params p;
	long long avail = huge_free();
	char need[64];

	if (avail < 0 || huge_size() != 2 * MiB) {
		ktap_test_skip("no pool of 2M huge pages on this host");
		ktap_test_skip("no pool of 2M huge pages on this host");
		ktap_test_skip("no pool of 2M huge pages on this host");
		ktap_test_skip("no pool of 2M huge pages on this host");
		ktap_test_skip("no pool of 2M huge pages on this host");
		ktap_test_skip("no pool of 2M huge pages on this host");
		return;
	}
	params(&p, HOST_MEMORY_BACKEND_MEMFD, "huge", (avail + 1) * 2 * MiB);
	p.hugetlb = true;
	p.prealloc = true;
	snprintf(need, sizeof(need), "needs %lld huge pages of 2M", avail + 1);
	expect_fail(&p, "hugetlb=on, one page more than the pool has",
		    (const char *const[]){ need, "free", NULL });
	params(&p, HOST_MEMORY_BACKEND_MEMFD, "huge", SIZE);
	p.hugetlb = true;
	p.hugetlbsize = MiB;
	expect_fail(&p, "hugetlbsize=1M",
		    (const char *const[]){ "hugetlbsize=1M", "2M", NULL });
	params(&p, HOST_MEMORY_BACKEND_MEMFD, "huge", 3 * MiB);
	p.hugetlb = true;
	expect_fail(&p, "hugetlb=on size=3M",
		    (const char *const[]){ "3M", "not a multiple", "2M",
					   NULL });
}

static void test_error_files(void)
{
	struct host_memory_backend_params p;

	params(&p, HOST_MEMORY_BACKEND_FILE, "ro", SIZE);
	free(p.mem_path);
	p.mem_path = strdup("/proc/version");
	expect_fail(&p, "mem-path=/proc/version",
		    (const char *const[]){ "/proc/version", NULL });
	params(&p, HOST_MEMORY_BACKEND_FILE, "nodir", SIZE);
	free(p.mem_path);
	p.mem_path = strdup("/nonexistent/dir/file");
	expect_fail(&p, "mem-path in a missing directory",
		    (const char *const[]){ "/nonexistent/dir/file",
					   "No such file", NULL });
	/* Created, then too large for the file system or the address space. */
	params(&p, HOST_MEMORY_BACKEND_FILE, "huge-file", 1ULL << 60);
	expect_fail(&p, "mem-path file created, then size=1E fails",
		    (const char *const[]){ NULL });
}

static void test_error_prealloc(void)
{
	struct host_memory_backend_params p;
	u64 size = ALIGN_UP(2 * test_meminfo("MemTotal"), GiB);

	params(&p, HOST_MEMORY_BACKEND_RAM, "big", size);
	p.prealloc = true;
	expect_fail(&p, "prealloc=on of twice MemTotal",
		    (const char *const[]){ "prealloc=on needs", "available",
					   NULL });
}

/* A hugetlb memfd mapped without a reservation: touching it can SIGBUS. */
static void *map_unreserved(int *fd, u64 size)
{
	void *host;

	*fd = memfd_create("sigbus", MFD_HUGETLB | MFD_CLOEXEC);
	if (*fd < 0 || ftruncate(*fd, (off_t)size))
		return NULL;
	host = mmap(NULL, size, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_NORESERVE, *fd, 0);
	return host == MAP_FAILED ? NULL : host;
}

/*
 * One page more than the pool has, on both prealloc paths: an error the
 * caller gets back, and this process still alive to say so.
 */
static void test_no_sigbus(void)
{
	long long avail = huge_free();
	struct prealloc_request req = { .page_size = huge_size(),
					.threads = 2 };
	struct prealloc_result res;
	int fd, ret;

	if (avail < 0 || avail > 256) {
		ktap_test_skip("needs a huge page pool of at most 256 free "
			       "pages (have %lld)", avail);
		ktap_test_skip("needs a huge page pool of at most 256 free "
			       "pages (have %lld)", avail);
		return;
	}
	req.size = (avail + 1) * req.page_size;
	req.host = map_unreserved(&fd, req.size);
	if (!req.host)
		ktap_exit_fail_msg("hugetlb memfd of %llu pages: %m", avail + 1);
	ret = prealloc_mem(&req, &res);
	ktap_test_result(ret == -EFAULT && res.err == EFAULT, "prealloc_mem "
			 "of %lld huge pages, %lld free: %d (%s), no SIGBUS",
			 avail + 1, avail, ret, strerror(res.err));
	munmap(req.host, req.size);
	close(fd);
	req.host = map_unreserved(&fd, req.size);
	if (!req.host)
		ktap_exit_fail_msg("hugetlb memfd of %llu pages: %m", avail + 1);
	req.touch = true;
	req.threads = 1;
	ret = prealloc_mem(&req, &res);
	ktap_test_result(ret == -EFAULT &&
			 res.fail_at == (u64)avail * req.page_size,
			 "prealloc_mem's touch path (kernels before 5.14): %d "
			 "at 0x%llx, no SIGBUS", ret,
			 (unsigned long long)res.fail_at);
	munmap(req.host, req.size);
	close(fd);
}

int main(void)
{
	unsigned int nodes[TEST_MAX_NODES];

	ktap_print_header();
	if (!test_host_nodes(nodes, TEST_MAX_NODES))
		ktap_skip_all("the kernel shows no NUMA node with memory "
			      "(/sys/devices/system/node/has_memory)");
	first_node = nodes[0];
	strcpy(tmpdir, "/tmp/hostmem-test.XXXXXX");
	if (!mkdtemp(tmpdir))
		ktap_exit_fail_msg("mkdtemp: %m");
	ktap_set_plan(3 * 2 * HOST_MEM_POLICY__NR * 2 + 4 + 3 + 7 + 16 + 2);
	test_kinds_and_policies();
	test_prealloc(HOST_MEMORY_BACKEND_RAM, 1);
	test_prealloc(HOST_MEMORY_BACKEND_RAM, 4);
	test_prealloc(HOST_MEMORY_BACKEND_MEMFD, 1);
	test_prealloc(HOST_MEMORY_BACKEND_FILE, 4);
	test_prealloc_threads();
	test_properties();
	test_error_nodes();
	test_error_hugetlb();
	test_error_files();
	test_error_prealloc();
	test_no_sigbus();
	rmdir(tmpdir);
	ktap_finished();
}
