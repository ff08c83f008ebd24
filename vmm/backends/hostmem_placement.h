/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_BACKENDS_HOSTMEM_PLACEMENT_H
#define VMM_BACKENDS_HOSTMEM_PLACEMENT_H

#include <stdio.h>

#include "backends/host_memory_backend.h"
#include "backends/hostmem_interleave.h"

/*
 * Where a memdev's pages are, against what its policy asked: the pages
 * that exist (mincore), the node of each (move_pages in query mode; all
 * of them up to PLACEMENT_EXHAUSTIVE pages, else a sample of whole
 * 2 MiB blocks of about PLACEMENT_SAMPLE pages), the policy the kernel
 * holds for the mapping (/proc/self/numa_maps), and the kernel's
 * numa_foreign counters since the memdev was made (a node whose counter
 * rose was full at some point: the kernel had to allocate elsewhere).
 *
 * The verdict:
 * - bind: every page on a node of host-nodes, without exception (the
 *   kernel never falls back from bind);
 * - preferred: every page on a node of host-nodes, unless one of them
 *   was full;
 * - interleave: every page on a node of host-nodes and on the kernel's
 *   round-robin cycle: the k-th unit of the mapping on node
 *   nodes[(k + c) % n], the unit being a base page or a 2 MiB THP (the
 *   huge page for hugetlb), c a phase found from the pages.  Up to
 *   PLACEMENT_TOLERANCE_PCT percent of the pages may be off the cycle:
 *   khugepaged collapses 512 pages onto the node holding most of them,
 *   not onto the cycle's, and a THP can fall back to base pages midway;
 *   both move single 2 MiB blocks, rarely.  Unless a node was full: then
 *   only the nodes are checked;
 * - default: nothing asked, nothing checked but the kernel's policy;
 * - any: the kernel's policy for the mapping is the one asked, and at
 *   least one page exists to be checked.
 */
#define PLACEMENT_EXHAUSTIVE		(1u << 18)	/* 1 GiB of 4 KiB */
#define PLACEMENT_SAMPLE		(1u << 16)
#define PLACEMENT_TOLERANCE_PCT		1

struct hostmem_placement {
	const char	*id;
	enum host_mem_policy policy;
	struct idset	nodes;		/* host-nodes= */
	int		mode;		/* what mbind() was given */
	char		kernel_policy[192]; /* numa_maps; "" when unknown */
	char		want_policy[192]; /* what it should say */
	u64		page_size;
	u64		pages;		/* in the mapping */
	u64		resident;	/* mincore() */
	u64		queried;	/* move_pages() */
	u64		present;	/* of those, on a node */
	u64		sample_stride;	/* 1: exhaustive; else 1 block in N */
	u64		on_node[HOST_NUMA_MAX_NODES];
	u64		zero;		/* read, never written: no memory */
	u64		unmapped;	/* in the file, not in our tables */
	u64		outside;	/* on a node not in host-nodes */
	struct idset	full;		/* host-nodes whose numa_foreign rose */
	struct interleave_fit fit;	/* interleave */
	bool		checked_cycle;
	bool		pass;
	char		why[512];
};

/* Look at @be's pages now; -errno when move_pages or mincore fail. */
int hostmem_placement_check(const struct host_memory_backend *be,
			    struct hostmem_placement *pl);
/* The report: "numa-placement ID ..." lines, the verdict last. */
void hostmem_placement_print(const struct hostmem_placement *pl, FILE *f);

#endif
