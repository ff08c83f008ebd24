// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's interleave, as a model to fit pages to
 * (mm/mempolicy.c, interleave_nid() and its successors): a mapping's
 * units are numbered from a key, the address of a private anonymous
 * mapping or the file offset otherwise, and unit k goes to node
 * nodes[(k + c) % n].  A unit is the folio the page is in: a base page,
 * a 2 MiB THP, or a hugetlb page.  The phase c depends on the kernel
 * (shmem adds its inode number, in page or in folio units by version),
 * so it is found from the pages rather than computed.
 */
#include <errno.h>
#include <stdlib.h>

#include "backends/hostmem_interleave.h"

#define BASE_PAGE	4096ULL
#define THP_SIZE	(2 * MiB)

/*
 * Where the kernel's interleave counts a unit from: the address for a
 * private anonymous mapping (its vm_pgoff is the address), the file
 * offset for everything backed by a file, shmem included.
 */
u64 interleave_key(const struct host_memory_backend *be, u64 off)
{
	const struct host_memory_backend_params *p = be->params;

	if (p->kind == HOST_MEMORY_BACKEND_RAM && !p->share)
		return (u64)(uintptr_t)host_memory_backend_host(be) + off;
	return off;
}

/* The interleave cycle: host-nodes in order, and each page's phase. */
struct cycle {
	unsigned int	nodes[HOST_NUMA_MAX_NODES];
	unsigned int	n;
	u64		*w_base, *w_2m, *both;	/* [c], [c], [c_base][c_2m] */
};

/* The phase that puts the unit of index @idx on node @node, or -1. */
static int cycle_phase(const struct cycle *cy, int node, u64 idx)
{
	unsigned int j;

	for (j = 0; j < cy->n; j++)
		if ((int)cy->nodes[j] == node)
			return (int)((j + cy->n - idx % cy->n) % cy->n);
	return -1;
}

/* A block's phases: the one all its pages agree on, or -1. */
static void cycle_merge(int *phase, int p, bool first)
{
	if (first)
		*phase = p;
	else if (*phase != p)
		*phase = -1;
}

/* Add a block of @pages pages whose phases are @cb and @ct. */
static void cycle_add(struct cycle *cy, int cb, int ct, u64 pages)
{
	if (cb >= 0)
		cy->w_base[cb] += pages;
	if (ct >= 0)
		cy->w_2m[ct] += pages;
	if (cb >= 0 && ct >= 0)
		cy->both[cb * cy->n + ct] += pages;
}

/*
 * Each 2 MiB block (each huge page) of queried pages, as base pages of
 * one phase and as one THP of one phase: the weights cycle_fit() picks
 * the best pair of phases from.
 */
static void cycle_blocks(const struct host_memory_backend *be,
			 void *const *page, const int *status, u64 nr,
			 struct cycle *cy, bool thp)
{
	u64 unit = be->page_size, block = MAX(THP_SIZE, unit), cur = ~0ULL;
	u8 *host = host_memory_backend_host(be);
	u64 pages = 0, i, key;
	int cb = -1, ct = -1;

	for (i = 0; i < nr; i++) {
		if (status[i] < 0)
			continue;
		key = interleave_key(be, (u64)((u8 *)page[i] - host));
		if (key / block != cur) {
			if (pages)
				cycle_add(cy, cb, ct, pages);
			cur = key / block;
			pages = 0;
		}
		cycle_merge(&cb, cycle_phase(cy, status[i], key / unit),
			    !pages);
		cycle_merge(&ct, thp ? cycle_phase(cy, status[i],
						   key / THP_SIZE) : -1,
			    !pages);
		pages++;
	}
	if (pages)
		cycle_add(cy, cb, ct, pages);
}

/* The pair of phases that puts the most pages on the cycle. */
static void cycle_fit(const struct cycle *cy, struct interleave_fit *fit)
{
	unsigned int b, t;
	u64 best = 0, v;

	for (b = 0; b < cy->n; b++) {
		for (t = 0; t < cy->n; t++) {
			v = cy->w_base[b] + cy->w_2m[t] - cy->both[b * cy->n + t];
			if (v <= best)
				continue;
			best = v;
			fit->phase_base = (int)b;
			fit->phase_2m = cy->w_2m[t] ? (int)t : -1;
		}
	}
	fit->on_cycle = best;
}

int interleave_fit(const struct host_memory_backend *be,
		   const struct idset *nodes, void *const *pages,
		   const int *status, u64 nr, struct interleave_fit *fit)
{
	struct cycle cy = { .n = 0 };
	unsigned int id;
	int ret = -ENOMEM;

	fit->phase_base = fit->phase_2m = -1;
	fit->on_cycle = 0;
	for (id = 0; id < HOST_NUMA_MAX_NODES; id++)
		if (idset_test(nodes, id))
			cy.nodes[cy.n++] = id;
	cy.w_base = calloc(cy.n, sizeof(u64));
	cy.w_2m = calloc(cy.n, sizeof(u64));
	cy.both = calloc((size_t)cy.n * cy.n, sizeof(u64));
	if (cy.n && cy.w_base && cy.w_2m && cy.both) {
		/* THPs only where the pages are base pages: not hugetlb. */
		cycle_blocks(be, pages, status, nr, &cy,
			     be->page_size == BASE_PAGE);
		cycle_fit(&cy, fit);
		ret = 0;
	}
	free(cy.w_base);
	free(cy.w_2m);
	free(cy.both);
	return ret;
}
