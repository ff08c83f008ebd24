// SPDX-License-Identifier: GPL-2.0
/*
 * The placement check (vmm/backends/hostmem_placement.c), shown able to
 * pass and to fail:
 *  - the interleave model (hostmem_interleave.c) on made-up nodes for
 *    pages of a real mapping, against counts worked out by hand from the
 *    kernel's rule (unit k on nodes[(k + c) % n], a unit a base page or a
 *    2 MiB THP);
 *  - on any host: a bound memdev passes with every page where
 *    get_mempolicy(2) says it is; a policy changed behind vmm's back and
 *    a memdev without pages fail; a memdev of more than 2^18 pages is
 *    sampled as documented (whole 2 MiB blocks, one in N);
 *  - on 2 or more nodes (else SKIP): each node's own memdev passes; a
 *    memdev bound to the last node whose pages this test moves to the
 *    first (move_pages(2)) fails; interleave over all nodes passes with
 *    the pages spread; preferred on a node this test has filled falls
 *    back and passes, while the same pages moved by hand do not.
 */
#include <errno.h>
#include <numaif.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "backends/hostmem_placement.h"
#include "host_nodes.h"
#include "ktap.h"
#include "util/error.h"

#define SIZE		(16 * MiB)
#define PAGES		(SIZE / 4096)

static unsigned int nodes[TEST_MAX_NODES], nr_nodes;

static void params(struct host_memory_backend_params *p,
		   enum host_memory_backend_kind kind, const char *id,
		   u64 size, enum host_mem_policy pol)
{
	unsigned int i;

	host_memory_backend_params_init(p, kind);
	p->id = strdup(id);
	p->size = size;
	p->policy = pol;
	if (pol == HOST_MEM_POLICY_INTERLEAVE)
		for (i = 0; i < nr_nodes; i++)
			idset_add(&p->host_nodes, nodes[i]);
}

static void make(struct host_memory_backend *be,
		 struct host_memory_backend_params *p)
{
	if (host_memory_backend_init(be, p))
		ktap_exit_fail_msg("memdev %s: %s", p->id, error_get());
}

static void check(const struct host_memory_backend *be,
		  struct hostmem_placement *pl)
{
	if (hostmem_placement_check(be, pl))
		ktap_exit_fail_msg("placement of %s: %s", be->params->id,
				   error_get());
	if (!pl->pass)
		ktap_print_msg("%s: %s", pl->id, pl->why);
}

static void done(struct host_memory_backend *be,
		 struct host_memory_backend_params *p)
{
	host_memory_backend_destroy(be);
	host_memory_backend_params_free(p);
}

/* Pages of [p, p + len) get_mempolicy(2) puts on @node. */
static u64 count_on(const u8 *p, u64 len, unsigned int node)
{
	u64 off, n = 0;

	for (off = 0; off < len; off += 4096)
		n += test_page_node(p + off) == (int)node;
	return n;
}

/* ---- the interleave model, on made-up nodes ------------------------ */

struct fit_case {
	const char	*what;
	int		block[2][2];	/* per 2M block: node of even, odd pages */
	u64		on_cycle;	/* of 1024 */
};

/*
 * Two 2 MiB blocks of a memfd (key = offset: block 0 is THP unit 0 and
 * base units 0..511), interleaved over nodes {0, 1}.
 */
static const struct fit_case fit_cases[] = {
	{ "base pages alternating 1,0,1,0...", { { 1, 0 }, { 1, 0 } }, 1024 },
	{ "THP block 0 on 1, block 1 on 0", { { 1, 1 }, { 0, 0 } }, 1024 },
	{ "block 0 base pages, block 1 a THP", { { 0, 1 }, { 0, 0 } }, 1024 },
	{ "everything on node 0: half off", { { 0, 0 }, { 0, 0 } }, 512 },
	{ "block 1 on a node not asked", { { 0, 1 }, { 2, 2 } }, 512 },
};

static void test_fit(void)
{
	struct host_memory_backend_params p;
	struct host_memory_backend be;
	struct interleave_fit fit;
	struct idset set = { { 0 } };
	static void *pages[1024];
	static int status[1024];
	unsigned int c, i;

	params(&p, HOST_MEMORY_BACKEND_MEMFD, "fit", 4 * MiB,
	       HOST_MEM_POLICY_DEFAULT);
	make(&be, &p);
	idset_add(&set, 0);
	idset_add(&set, 1);
	for (i = 0; i < 1024; i++)
		pages[i] = (u8 *)host_memory_backend_host(&be) + i * 4096ULL;
	for (c = 0; c < ARRAY_SIZE(fit_cases); c++) {
		for (i = 0; i < 1024; i++)
			status[i] = fit_cases[c].block[i / 512][i % 2];
		interleave_fit(&be, &set, pages, status, 1024, &fit);
		KTAP_EXPECT_EQ(fit.on_cycle, fit_cases[c].on_cycle,
			       "interleave model: %s: %llu of 1024 on the "
			       "cycle", fit_cases[c].what,
			       (unsigned long long)fit_cases[c].on_cycle);
	}
	done(&be, &p);
}

/* ---- any host ------------------------------------------------------- */

/* Bound to the first node: passes, with every page where it is. */
static void test_bind_first(void)
{
	struct host_memory_backend_params p;
	struct host_memory_backend be;
	struct hostmem_placement pl;
	u8 *host;

	params(&p, HOST_MEMORY_BACKEND_MEMFD, "first", SIZE,
	       HOST_MEM_POLICY_BIND);
	idset_add(&p.host_nodes, nodes[0]);
	make(&be, &p);
	host = host_memory_backend_host(&be);
	test_touch(host, SIZE, 4096);
	check(&be, &pl);
	ktap_test_result(pl.pass && pl.queried == PAGES &&
			 pl.sample_stride == 1 &&
			 pl.on_node[nodes[0]] == count_on(host, SIZE, nodes[0]) &&
			 pl.on_node[nodes[0]] == PAGES,
			 "bind to node %u, %llu pages written: pass, every page "
			 "counted on node %u (exhaustive)", nodes[0],
			 (unsigned long long)PAGES, nodes[0]);
	/* Behind vmm's back: the mapping's policy is no longer bind. */
	mbind(host, SIZE, MPOL_DEFAULT, NULL, 0, 0);
	check(&be, &pl);
	ktap_test_result(!pl.pass && strstr(pl.why, "kernel's policy is "
					    "'default'"),
			 "the same, its policy reset by mbind(MPOL_DEFAULT): "
			 "fail: %s", pl.why);
	done(&be, &p);
}

/* Nothing written: nothing proven, which is a failure. */
static void test_no_pages(void)
{
	struct host_memory_backend_params p;
	struct host_memory_backend be;
	struct hostmem_placement pl;

	params(&p, HOST_MEMORY_BACKEND_RAM, "untouched", SIZE,
	       HOST_MEM_POLICY_DEFAULT);
	make(&be, &p);
	check(&be, &pl);
	ktap_test_result(!pl.pass && pl.resident == 0 &&
			 strstr(pl.why, "nothing to check"),
			 "a memdev with no page: fail: %s", pl.why);
	done(&be, &p);
}

/*
 * 1.25 GiB preallocated: 327680 pages in 640 blocks of 2 MiB, more than
 * 2^18: every 5th block (ceil(327680 / 65536)), 128 blocks of 512 pages.
 */
static void test_sampled(void)
{
	struct host_memory_backend_params p;
	struct host_memory_backend be;
	struct hostmem_placement pl;

	params(&p, HOST_MEMORY_BACKEND_MEMFD, "sampled", 1280 * MiB,
	       HOST_MEM_POLICY_DEFAULT);
	p.prealloc = true;
	p.prealloc_threads = 2;
	make(&be, &p);
	check(&be, &pl);
	ktap_test_result(pl.pass && pl.resident == 327680 &&
			 pl.sample_stride == 5 && pl.queried == 128 * 512,
			 "1.25G preallocated: resident %llu, 1 block in %llu, "
			 "%llu pages queried (want 327680, 5, 65536)",
			 (unsigned long long)pl.resident,
			 (unsigned long long)pl.sample_stride,
			 (unsigned long long)pl.queried);
	done(&be, &p);
}

/* ---- two nodes or more ---------------------------------------------- */

static bool skip_multi(unsigned int results)
{
	const char *why = test_needs_nodes(2);

	while (why && results--)
		ktap_test_skip("%s", why);
	return why != NULL;
}

/* Each node's own memdev: pass, every page on it. */
static void test_each_node(void)
{
	struct host_memory_backend_params p;
	struct host_memory_backend be;
	struct hostmem_placement pl;
	unsigned int i;
	bool ok = true;

	for (i = 0; i < nr_nodes; i++) {
		params(&p, HOST_MEMORY_BACKEND_MEMFD, "own", SIZE,
		       HOST_MEM_POLICY_BIND);
		idset_add(&p.host_nodes, nodes[i]);
		make(&be, &p);
		test_touch(host_memory_backend_host(&be), SIZE, 4096);
		check(&be, &pl);
		ok &= pl.pass && pl.on_node[nodes[i]] == PAGES &&
		      count_on(host_memory_backend_host(&be), SIZE,
			       nodes[i]) == PAGES;
		done(&be, &p);
	}
	ktap_test_result(ok, "each of %u nodes' own memdev: pass, its %llu "
			 "pages on it", nr_nodes, (unsigned long long)PAGES);
}

/*
 * Move every page of @host to @node; how many are there afterwards, as
 * get_mempolicy(2) says (move_pages' status of the tail pages of a THP
 * it moved whole is not the node on every kernel).
 */
static u64 move_all(u8 *host, u64 len, int node)
{
	static void *pages[PAGES];
	static int to[PAGES], status[PAGES];
	u64 i, n = len / 4096;

	for (i = 0; i < n; i++) {
		pages[i] = host + i * 4096;
		to[i] = node;
	}
	if (move_pages(0, n, pages, to, status, MPOL_MF_MOVE) < 0)
		ktap_print_msg("move_pages: %m");
	return count_on(host, len, (unsigned int)node);
}

/* Bound to the last node, its pages then moved to the first: flagged. */
static void test_moved(void)
{
	unsigned int last = nodes[nr_nodes - 1];
	struct host_memory_backend_params p;
	struct host_memory_backend be;
	struct hostmem_placement pl;
	u8 *host;
	u64 moved;

	params(&p, HOST_MEMORY_BACKEND_RAM, "moved", SIZE,
	       HOST_MEM_POLICY_BIND);
	idset_add(&p.host_nodes, last);
	make(&be, &p);
	host = host_memory_backend_host(&be);
	test_touch(host, SIZE, 4096);
	check(&be, &pl);
	ktap_test_result(pl.pass && pl.on_node[last] == PAGES,
			 "bind to node %u: pass, %llu pages there", last,
			 (unsigned long long)pl.on_node[last]);
	moved = move_all(host, SIZE, (int)nodes[0]);
	check(&be, &pl);
	ktap_test_result(moved == PAGES && !pl.pass &&
			 pl.outside == PAGES && strstr(pl.why, "outside"),
			 "its %llu pages moved to node %u by move_pages(2): "
			 "fail: %s", (unsigned long long)moved, nodes[0],
			 pl.why);
	done(&be, &p);
}

/* Interleave over every node: pass, and every node has pages. */
static void test_interleave(enum host_memory_backend_kind kind)
{
	struct host_memory_backend_params p;
	struct host_memory_backend be;
	struct hostmem_placement pl;
	unsigned int i;
	bool spread = true;
	u8 *host;

	params(&p, kind, "spread", SIZE, HOST_MEM_POLICY_INTERLEAVE);
	make(&be, &p);
	host = host_memory_backend_host(&be);
	test_touch(host, SIZE, 4096);
	check(&be, &pl);
	for (i = 0; i < nr_nodes; i++) {
		u64 n = count_on(host, SIZE, nodes[i]);

		ktap_print_msg("node %u: %llu pages (vmm counts %llu)",
			       nodes[i], (unsigned long long)n,
			       (unsigned long long)pl.on_node[nodes[i]]);
		spread &= n && n == pl.on_node[nodes[i]];
	}
	ktap_test_result(pl.pass && spread && pl.fit.on_cycle == PAGES,
			 "%s interleave over %u nodes: pass, pages on every "
			 "node, all %llu on the cycle",
			 host_memory_backend_kinds[kind], nr_nodes,
			 (unsigned long long)pl.fit.on_cycle);
	done(&be, &p);
}

/* A node's MemFree from its meminfo, in bytes. */
static u64 node_free(unsigned int node)
{
	unsigned long long kb = 0;
	char path[96], line[160];
	FILE *f;

	snprintf(path, sizeof(path), "/sys/devices/system/node/node%u/meminfo",
		 node);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, "MemFree:"))
			sscanf(strstr(line, "MemFree:") + 8, "%llu", &kb);
	if (f)
		fclose(f);
	return kb << 10;
}

/* Fill @node but for 64 MiB with memory bound there; NULL if it cannot. */
static void *fill_node(unsigned int node, u64 *len)
{
	unsigned long mask[HOST_NUMA_MAX_NODES / 64 + 1] = { 0 };
	u64 free_bytes = node_free(node);
	void *p;

	if (free_bytes < 192 * MiB)
		return NULL;
	*len = ALIGN_DOWN(free_bytes - 64 * MiB, 2 * MiB);
	p = mmap(NULL, *len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	mask[node / 64] = 1UL << (node % 64);
	/* Base pages: a nested guest under TCG clears them twice as fast. */
	madvise(p, *len, MADV_NOHUGEPAGE);
	if (mbind(p, *len, MPOL_BIND, mask, HOST_NUMA_MAX_NODES + 1, 0) ||
	    madvise(p, *len, 23 /* MADV_POPULATE_WRITE */)) {
		munmap(p, *len);
		return NULL;
	}
	return p;
}

/*
 * Preferred to the last node, which this test has filled first: the
 * kernel falls back to another node and counts it in numa_foreign; the
 * check passes.  Then a preferred memdev whose pages were moved away
 * while its node had room: that fails.
 */
static void test_preferred_full(void)
{
	unsigned int last = nodes[nr_nodes - 1];
	struct host_memory_backend_params p;
	struct host_memory_backend be;
	struct hostmem_placement pl;
	u64 len = 0, moved;
	void *filler = fill_node(last, &len);

	if (!filler) {
		ktap_test_skip("node %u cannot be filled (MemFree %llu MiB)",
			       last, (unsigned long long)node_free(last) >> 20);
	} else {
		params(&p, HOST_MEMORY_BACKEND_RAM, "fallback", 256 * MiB,
		       HOST_MEM_POLICY_PREFERRED);
		idset_add(&p.host_nodes, last);
		p.prealloc = true;
		make(&be, &p);
		check(&be, &pl);
		ktap_test_result(pl.pass && idset_test(&pl.full, last) &&
				 pl.outside > 0, "preferred to node %u, filled "
				 "but for 64M: falls back (%llu of %llu pages "
				 "elsewhere), pass", last,
				 (unsigned long long)pl.outside,
				 (unsigned long long)pl.present);
		done(&be, &p);
		munmap(filler, len);
	}
	params(&p, HOST_MEMORY_BACKEND_RAM, "unfilled", SIZE,
	       HOST_MEM_POLICY_PREFERRED);
	idset_add(&p.host_nodes, last);
	make(&be, &p);
	test_touch(host_memory_backend_host(&be), SIZE, 4096);
	moved = move_all(host_memory_backend_host(&be), SIZE, (int)nodes[0]);
	check(&be, &pl);
	ktap_test_result(moved == PAGES && !pl.pass && strstr(pl.why, "none "
			 "of them was full"), "preferred to node %u with room, "
			 "pages moved to node %u: fail: %s", last, nodes[0],
			 pl.why);
	done(&be, &p);
}

int main(void)
{
	ktap_print_header();
	nr_nodes = test_host_nodes(nodes, TEST_MAX_NODES);
	if (!nr_nodes)
		ktap_skip_all("the kernel shows no NUMA node with memory "
			      "(/sys/devices/system/node/has_memory)");
	ktap_set_plan(ARRAY_SIZE(fit_cases) + 4 + 7);
	test_fit();
	test_bind_first();
	test_no_pages();
	test_sampled();
	if (!skip_multi(7)) {
		test_each_node();
		test_moved();
		test_interleave(HOST_MEMORY_BACKEND_MEMFD);
		test_interleave(HOST_MEMORY_BACKEND_RAM);
		test_preferred_full();
	}
	ktap_finished();
}
