// SPDX-License-Identifier: GPL-2.0
/*
 * numa-probe: the NUMA layout as QEMU hands it to firmware, checked from
 * the inside and its memory made to exist.
 *
 * FW_CFG_NUMA (key 0x0d) is u64 words: the node count, one word per CPU
 * up to FW_CFG_MAX_CPUS (its APIC id limit) naming the CPU's node, then
 * each node's size.  Firmware (SeaBIOS's SRAT) lays the nodes over RAM
 * in address order, node 0 first, each taking the next size bytes of
 * e820 RAM: so the sizes must add up to FW_CFG_RAM_SIZE and to the e820
 * RAM.  Each node's range is then written at sampled pages, in pairs of
 * adjacent 4 KiB pages inside one 2 MiB block (where the host interleaves
 * base pages, the two land on different nodes; a THP keeps them on one),
 * read back at once and again after all were written.  The host side
 * (vmm --verify-numa) then finds these pages where the policy says.
 */
#include "e820.h"
#include "fw_cfg.h"
#include "ktap.h"
#include "memmap.h"
#include "paging.h"

GUEST_DESC("numa-probe", 4);

#define FW_CFG_MAX_CPUS		0x0f
#define FW_CFG_NUMA		0x0d
#define MAX_NODES		64
#define MAX_CPUS		288
#define PAGE_SIZE		4096ULL
#define SAMPLES_PER_NODE	64
#define MAX_FAIL_LINES		16
#define PATTERN_SALT		0x6e756d612d70726fULL

static u64 words[1 + MAX_CPUS + MAX_NODES] __attribute__((section(".noinit")));
static unsigned int nr_nodes, nr_cpus;

/* The RAM entries of e820, in address order: what nodes are laid over. */
static struct e820_entry ram[E820_MAX] __attribute__((section(".noinit")));
static unsigned int nr_ram;

struct node_tally {
	unsigned int	samples;
	unsigned int	failures;
};

static struct node_tally tally[MAX_NODES];

static u64 node_size(unsigned int node)
{
	return words[1 + nr_cpus + node];
}

static u64 pattern(u64 pa)
{
	u64 v = mix64(pa ^ PATTERN_SALT);

	return v == 0 || v == ~0ULL ? PATTERN_SALT : v;
}

/* A node's size and how many CPUs it has. */
static void print_node(unsigned int node)
{
	unsigned int cpu, n = 0;

	for (cpu = 0; cpu < nr_cpus; cpu++)
		n += words[1 + cpu] == node;
	ktap_diag("numa-node %u size 0x%016llx cpus %u", node,
		  node_size(node), n);
}

/* 1: the table: a node count, each CPU on one of the nodes. */
static void check_table(void)
{
	unsigned int i;
	bool ok;

	nr_cpus = fw_cfg_read_u16(FW_CFG_MAX_CPUS);
	fw_cfg_read(FW_CFG_NUMA, words, sizeof(u64));
	nr_nodes = (unsigned int)MIN(words[0], (u64)MAX_NODES + 1);
	ok = nr_nodes >= 1 && nr_nodes <= MAX_NODES && nr_cpus <= MAX_CPUS;
	ktap_diag("numa-nodes %u cpus %u", nr_nodes, nr_cpus);
	if (!ok) {
		nr_nodes = 0;
		ktap_result(false, "numa-table");
		return;
	}
	fw_cfg_read(FW_CFG_NUMA, words,
		    (u32)((1 + nr_cpus + nr_nodes) * sizeof(u64)));
	for (i = 0; i < 1 + nr_cpus + nr_nodes; i++)
		ktap_diag("numa-word %u 0x%llx", i, words[i]);
	for (i = 0; i < nr_cpus; i++) {
		ktap_diag("numa-cpu %u node %llu", i, words[1 + i]);
		ok &= words[1 + i] < nr_nodes;
	}
	for (i = 0; i < nr_nodes; i++)
		print_node(i);
	ktap_result(ok, "numa-table");
}

/* e820's RAM entries sorted by address (the table need not be). */
static u64 sort_ram(void)
{
	unsigned int i, j;
	u64 total = 0;

	nr_ram = 0;
	for (i = 0; i < e820_nr; i++) {
		if (e820_table[i].type != E820_RAM)
			continue;
		for (j = nr_ram; j && ram[j - 1].addr > e820_table[i].addr; j--)
			ram[j] = ram[j - 1];
		ram[j] = e820_table[i];
		nr_ram++;
		total += e820_table[i].len;
	}
	return total;
}

/* 2: the node sizes add up to FW_CFG_RAM_SIZE and to e820's RAM. */
static void check_sizes(void)
{
	u64 ram_size = fw_cfg_read_u64(FW_CFG_RAM_SIZE), sum = 0;
	u64 e820_total = sort_ram();
	unsigned int i;

	for (i = 0; i < nr_nodes; i++)
		sum += node_size(i);
	ktap_diag("numa-sizes total 0x%016llx ram-size 0x%016llx e820-ram "
		  "0x%016llx", sum, ram_size, e820_total);
	ktap_result(nr_nodes && sum == ram_size && sum == e820_total,
		    "numa-sizes");
}

typedef void (*piece_fn)(unsigned int node, u64 start, u64 end, bool verify);

/* Node @node's stretch of RAM, piece by piece (RAM entries split it). */
static void for_each_piece(unsigned int node, piece_fn fn, bool verify)
{
	u64 skip = 0, left = node_size(node), take, start, len;
	unsigned int i;

	for (i = 0; i < node; i++)
		skip += node_size(i);
	for (i = 0; i < nr_ram && left; i++) {
		start = ram[i].addr;
		len = ram[i].len;
		if (skip >= len) {
			skip -= len;
			continue;
		}
		start += skip;
		len -= skip;
		skip = 0;
		take = MIN(len, left);
		fn(node, start, start + take, verify);
		left -= take;
	}
}

static void print_piece(unsigned int node, u64 start, u64 end, bool verify)
{
	(void)verify;
	ktap_diag("numa-range %u 0x%016llx 0x%016llx", node, start, end - 1);
}

/* One 8-byte word at the start of a page: written (unless verifying), read. */
static void sample_page(unsigned int node, u64 pa, bool verify)
{
	struct node_tally *t = &tally[node];
	static unsigned int fail_lines;
	u64 want = pattern(pa), got;

	if (mem_kind(pa) != MEM_RAM || mem_kind(pa + 7) != MEM_RAM ||
	    pa + 8 > paging_map_top())
		return;
	t->samples++;
	if (!verify)
		*(volatile u64 *)phys_ptr(pa) = want;
	got = *(volatile u64 *)phys_ptr(pa);
	if (got == want)
		return;
	t->failures++;
	if (fail_lines++ < MAX_FAIL_LINES)
		ktap_diag("numa-fail node %u 0x%016llx got 0x%016llx want "
			  "0x%016llx", node, pa, got, want);
}

/* Two adjacent pages from @pa (8 KiB aligned: one 2 MiB block). */
static void sample_pair(unsigned int node, u64 pa, bool verify)
{
	sample_page(node, pa, verify);
	sample_page(node, pa + PAGE_SIZE, verify);
}

/*
 * A piece's first and last pairs, and pseudo-random pairs in between,
 * as many as its share of the node's SAMPLES_PER_NODE: the same pages on
 * every pass, as they are a function of the addresses.
 */
static void touch_piece(unsigned int node, u64 start, u64 end, bool verify)
{
	u64 first = ALIGN_UP(start, 2 * PAGE_SIZE);
	u64 last = ALIGN_DOWN(end, 2 * PAGE_SIZE), span, n, k, pa;

	if (last < first + 2 * PAGE_SIZE)
		return;
	last -= 2 * PAGE_SIZE;
	span = (last - first) / (2 * PAGE_SIZE);
	n = SAMPLES_PER_NODE * (end - start) / node_size(node) + 1;
	sample_pair(node, first, verify);
	for (k = 0; span && k < n; k++) {
		pa = first + mix64(start ^ k) % span * 2 * PAGE_SIZE;
		sample_pair(node, pa, verify);
	}
	sample_pair(node, last, verify);
}

/* 3 (@verify false) and 4: every node with memory sampled, no failure. */
static void check_touch(bool verify)
{
	unsigned int i;
	bool ok = nr_nodes > 0;

	for (i = 0; i < nr_nodes; i++) {
		tally[i] = (struct node_tally){ 0 };
		if (!verify)
			for_each_piece(i, print_piece, false);
		for_each_piece(i, touch_piece, verify);
		ktap_diag("numa-%s %u samples %u fail %u",
			  verify ? "reread" : "touch", i, tally[i].samples,
			  tally[i].failures);
		ok &= !tally[i].failures &&
		      (tally[i].samples || !node_size(i));
	}
	ktap_result(ok, verify ? "numa-no-alias" : "numa-readback");
}

void guest_main(void)
{
	check_table();
	check_sizes();
	check_touch(false);
	check_touch(true);
}
