// SPDX-License-Identifier: GPL-2.0
/*
 * The placement check of a memdev (hostmem_placement.h says what it
 * checks and why): which pages exist, the node of each, the kernel's
 * policy for the mapping and its numa_foreign counters, then a verdict
 * per policy.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <numaif.h>
#include <sys/mman.h>

#include "backends/hostmem_interleave.h"
#include "backends/hostmem_placement.h"
#include "util/error.h"

#ifndef MPOL_PREFERRED_MANY
#define MPOL_PREFERRED_MANY	5
#endif

#define BASE_PAGE	4096ULL
#define THP_SIZE	(2 * MiB)
/* mincore() looks at this much of the mapping at a time. */
#define MINCORE_CHUNK	(1 * GiB)

/* The pages chosen for move_pages(), and what it said of each. */
struct placement_query {
	void	**pages;
	int	*status;
	u64	nr, cap;
};

/* Walking the resident units of a mapping, block by block. */
struct placement_walk {
	const struct host_memory_backend *be;
	struct hostmem_placement	*pl;
	struct placement_query		*q;
	u64				block;		/* bytes, in key space */
	u64				cur_block;	/* key / block, or ~0 */
	u64				ordinal;	/* blocks with a unit */
	bool				select;		/* second pass */
};

static int query_add(struct placement_query *q, void *page)
{
	void **pages;

	if (q->nr == q->cap) {
		q->cap = q->cap ? q->cap * 2 : 4096;
		pages = realloc(q->pages, q->cap * sizeof(*pages));
		if (!pages)
			return -ENOMEM;
		q->pages = pages;
	}
	q->pages[q->nr++] = page;
	return 0;
}

/* One resident unit at @off: count it, or take it when its block is. */
static int walk_unit(struct placement_walk *w, u64 off)
{
	u64 block = interleave_key(w->be, off) / w->block;

	if (block != w->cur_block) {
		w->cur_block = block;
		w->ordinal++;
	}
	if (!w->select) {
		/* First pass: count, and keep them all while that is allowed. */
		if (++w->pl->resident > PLACEMENT_EXHAUSTIVE)
			return 0;
	} else if ((w->ordinal - 1) % w->pl->sample_stride) {
		return 0;
	}
	return query_add(w->q, (u8 *)host_memory_backend_host(w->be) + off);
}

/* Every resident unit, in order: mincore() a chunk at a time. */
static int walk_resident(struct placement_walk *w)
{
	u64 len = host_memory_backend_length(w->be), unit = w->pl->page_size;
	u8 *host = host_memory_backend_host(w->be), *vec;
	u64 start, n, i;
	int ret = 0;

	vec = malloc(MINCORE_CHUNK / BASE_PAGE);
	if (!vec)
		return -ENOMEM;
	w->cur_block = ~0ULL;
	w->ordinal = 0;
	for (start = 0; !ret && start < len; start += MINCORE_CHUNK) {
		n = MIN(MINCORE_CHUNK, len - start);
		if (mincore(host + start, n, vec)) {
			ret = -errno;
			break;
		}
		for (i = 0; !ret && i < n; i += unit)
			if (vec[i / BASE_PAGE] & 1)
				ret = walk_unit(w, start + i);
	}
	free(vec);
	return ret;
}

/*
 * Choose the pages to query: all of them in one pass, or, when there are
 * more than PLACEMENT_EXHAUSTIVE, whole blocks, 1 in sample_stride.
 */
static int placement_select(const struct host_memory_backend *be,
			    struct hostmem_placement *pl,
			    struct placement_query *q)
{
	struct placement_walk w = {
		.be = be, .pl = pl, .q = q,
		.block = MAX(THP_SIZE, pl->page_size),
	};
	int ret = walk_resident(&w);

	if (ret)
		return ret;
	pl->sample_stride = 1;
	if (pl->resident > PLACEMENT_EXHAUSTIVE) {
		/* Too many: start again, whole blocks, one in sample_stride. */
		pl->sample_stride = (pl->resident + PLACEMENT_SAMPLE - 1) /
				    PLACEMENT_SAMPLE;
		q->nr = 0;
		w.select = true;
		ret = walk_resident(&w);
	}
	if (!ret && q->nr) {
		q->status = calloc(q->nr, sizeof(*q->status));
		ret = q->status ? 0 : -ENOMEM;
	}
	return ret;
}

/* Count each answer: a node, a zero page, a page not mapped here. */
static void placement_tally(struct hostmem_placement *pl,
			    const struct placement_query *q)
{
	u64 i;

	for (i = 0; i < q->nr; i++) {
		int s = q->status[i];

		if (s == -EFAULT)
			pl->zero++;
		else if (s < 0)
			pl->unmapped++;
		else if (s < HOST_NUMA_MAX_NODES) {
			pl->present++;
			pl->on_node[s]++;
			if (pl->policy != HOST_MEM_POLICY_DEFAULT &&
			    !idset_test(&pl->nodes, (unsigned int)s))
				pl->outside++;
		}
	}
}

/* What numa_maps should say: the kernel's names of the modes. */
static void placement_want_policy(struct hostmem_placement *pl)
{
	char list[128];
	unsigned int first = 0;

	idset_format(&pl->nodes, list, sizeof(list));
	while (first < HOST_NUMA_MAX_NODES && !idset_test(&pl->nodes, first))
		first++;
	switch (pl->mode) {
	case MPOL_PREFERRED:	/* the kernel keeps the first node only */
		snprintf(pl->want_policy, sizeof(pl->want_policy),
			 "prefer:%u", first);
		break;
	case MPOL_PREFERRED_MANY:
		snprintf(pl->want_policy, sizeof(pl->want_policy),
			 "prefer (many):%s", list);
		break;
	case MPOL_BIND:
		snprintf(pl->want_policy, sizeof(pl->want_policy), "bind:%s",
			 list);
		break;
	case MPOL_INTERLEAVE:
		snprintf(pl->want_policy, sizeof(pl->want_policy),
			 "interleave:%s", list);
		break;
	default:
		snprintf(pl->want_policy, sizeof(pl->want_policy), "default");
	}
}

/* The policy field of a numa_maps line (after the address). */
static void numa_maps_policy(const char *line, char *out, size_t len)
{
	const char *p = strchr(line, ' ');
	size_t n;

	out[0] = '\0';
	if (!p)
		return;
	p++;
	/* "prefer (many):0-1" is the one policy with a blank in it. */
	n = strcspn(p + (strncmp(p, "prefer (many)", 13) ? 0 : 13), " \n");
	n += strncmp(p, "prefer (many)", 13) ? 0 : 13;
	snprintf(out, len, "%.*s", (int)MIN(n, len - 1), p);
}

/*
 * The kernel's policy for every mapping over the memdev: the one that
 * holds its first byte, and those starting inside it.  They must all be
 * the same; "mixed" when they are not, "" when numa_maps is missing.
 */
static void placement_kernel_policy(const struct host_memory_backend *be,
				    struct hostmem_placement *pl)
{
	u64 start = (u64)(uintptr_t)host_memory_backend_host(be);
	u64 end = start + host_memory_backend_length(be), addr;
	FILE *f = fopen("/proc/self/numa_maps", "r");
	char line[1024], pol[192], before[192] = "";

	pl->kernel_policy[0] = '\0';
	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx", (unsigned long long *)&addr) != 1)
			continue;
		numa_maps_policy(line, pol, sizeof(pol));
		if (addr <= start) {
			snprintf(before, sizeof(before), "%s", pol);
			continue;
		}
		if (addr >= end)
			break;
		if (!pl->kernel_policy[0])
			snprintf(pl->kernel_policy, sizeof(pl->kernel_policy),
				 "%s", before);
		if (strcmp(pol, pl->kernel_policy))
			snprintf(pl->kernel_policy, sizeof(pl->kernel_policy),
				 "mixed");
	}
	if (f && !pl->kernel_policy[0])
		snprintf(pl->kernel_policy, sizeof(pl->kernel_policy), "%s",
			 before);
	if (f)
		fclose(f);
}

/* Asked nodes whose numa_foreign rose since the memdev was made. */
static void placement_full_nodes(const struct host_memory_backend *be,
				 struct hostmem_placement *pl)
{
	struct host_numastat now;
	unsigned int n;

	host_numastat_read(&now);
	if (!now.valid || !be->numastat.valid)
		return;
	for (n = 0; n < HOST_NUMA_MAX_NODES; n++)
		if (idset_test(&pl->nodes, n) &&
		    now.foreign[n] > be->numastat.foreign[n])
			idset_add(&pl->full, n);
}

/* Pages off the interleave cycle beyond the tolerance. */
static bool cycle_broken(const struct hostmem_placement *pl)
{
	u64 off = pl->present - pl->fit.on_cycle;

	return off * 100 > (u64)PLACEMENT_TOLERANCE_PCT * pl->present;
}

/* What the policy asked of the nodes; false with the reason in why. */
static bool placement_nodes_ok(struct hostmem_placement *pl)
{
	char list[128], full[128];
	bool fell_back = !idset_empty(&pl->full);

	idset_format(&pl->nodes, list, sizeof(list));
	idset_format(&pl->full, full, sizeof(full));
	if (pl->outside && (pl->policy == HOST_MEM_POLICY_BIND || !fell_back)) {
		snprintf(pl->why, sizeof(pl->why), "%llu of %llu pages are "
			 "outside host-nodes %s%s",
			 (unsigned long long)pl->outside,
			 (unsigned long long)pl->present, list,
			 pl->policy == HOST_MEM_POLICY_BIND ? "" :
			 ", and none of them was full");
		return false;
	}
	if (pl->policy == HOST_MEM_POLICY_INTERLEAVE && !fell_back &&
	    pl->checked_cycle && cycle_broken(pl)) {
		snprintf(pl->why, sizeof(pl->why), "%llu of %llu pages are off "
			 "the interleave cycle over %s (tolerance %d%%)",
			 (unsigned long long)(pl->present - pl->fit.on_cycle),
			 (unsigned long long)pl->present, list,
			 PLACEMENT_TOLERANCE_PCT);
		return false;
	}
	if (pl->outside)
		snprintf(pl->why, sizeof(pl->why), "%llu pages fell back "
			 "outside %s: node %s was full",
			 (unsigned long long)pl->outside, list, full);
	return true;
}

static void placement_verdict(struct hostmem_placement *pl)
{
	pl->pass = false;
	if (pl->kernel_policy[0] &&
	    strcmp(pl->kernel_policy, pl->want_policy)) {
		snprintf(pl->why, sizeof(pl->why), "the kernel's policy is "
			 "'%s', not '%s'", pl->kernel_policy, pl->want_policy);
		return;
	}
	if (!pl->present) {
		snprintf(pl->why, sizeof(pl->why), "no page of it exists: "
			 "nothing to check");
		return;
	}
	pl->pass = placement_nodes_ok(pl);
}

int hostmem_placement_check(const struct host_memory_backend *be,
			    struct hostmem_placement *pl)
{
	const struct host_memory_backend_params *p = be->params;
	struct placement_query q = { 0 };
	int ret;

	memset(pl, 0, sizeof(*pl));
	pl->id = p->id;
	pl->policy = p->policy;
	pl->nodes = p->host_nodes;
	pl->mode = be->mode;
	pl->page_size = be->page_size;
	pl->pages = host_memory_backend_length(be) / be->page_size;
	placement_want_policy(pl);
	placement_kernel_policy(be, pl);
	placement_full_nodes(be, pl);
	ret = placement_select(be, pl, &q);
	if (!ret && q.nr)
		ret = host_numa_page_nodes(q.pages, q.nr, q.status);
	pl->queried = q.nr;
	if (!ret)
		placement_tally(pl, &q);
	if (!ret && p->policy == HOST_MEM_POLICY_INTERLEAVE) {
		ret = interleave_fit(be, &pl->nodes, q.pages, q.status, q.nr,
				     &pl->fit);
		pl->checked_cycle = !ret;
	}
	free(q.pages);
	free(q.status);
	if (ret)
		return error_ret(-ret, "memdev %s: placement: %s", p->id,
				 strerror(-ret));
	placement_verdict(pl);
	return 0;
}

static const char *mode_name(int mode)
{
	switch (mode) {
	case MPOL_PREFERRED:		return "preferred";
	case MPOL_PREFERRED_MANY:	return "preferred-many";
	case MPOL_BIND:			return "bind";
	case MPOL_INTERLEAVE:		return "interleave";
	default:			return "default";
	}
}

static void print_counts(const struct hostmem_placement *pl, FILE *f)
{
	struct idset host;
	unsigned int n;

	host_numa_nodes(&host);
	for (n = 0; n < HOST_NUMA_MAX_NODES; n++)
		if (idset_test(&host, n) || pl->on_node[n])
			fprintf(f, "numa-placement %s node %u pages %llu\n",
				pl->id, n, (unsigned long long)pl->on_node[n]);
	fprintf(f, "numa-placement %s zero %llu unmapped %llu outside %llu\n",
		pl->id, (unsigned long long)pl->zero,
		(unsigned long long)pl->unmapped,
		(unsigned long long)pl->outside);
}

void hostmem_placement_print(const struct hostmem_placement *pl, FILE *f)
{
	char nodes[128], full[128];

	idset_format(&pl->full, full, sizeof(full));
	fprintf(f, "numa-placement %s policy %s host-nodes %s mbind %s "
		"kernel %s\n", pl->id, host_mem_policies[pl->policy],
		idset_empty(&pl->nodes) ? "none" :
		idset_format(&pl->nodes, nodes, sizeof(nodes)),
		mode_name(pl->mode),
		pl->kernel_policy[0] ? pl->kernel_policy : "unknown");
	fprintf(f, "numa-placement %s pages %llu page-size 0x%llx resident "
		"%llu queried %llu ", pl->id, (unsigned long long)pl->pages,
		(unsigned long long)pl->page_size,
		(unsigned long long)pl->resident,
		(unsigned long long)pl->queried);
	if (pl->sample_stride > 1)
		fprintf(f, "sampled 1-in-%llu-blocks\n",
			(unsigned long long)pl->sample_stride);
	else
		fprintf(f, "exhaustive\n");
	print_counts(pl, f);
	fprintf(f, "numa-placement %s full-nodes %s\n", pl->id,
		full[0] ? full : "none");
	if (pl->checked_cycle)
		fprintf(f, "numa-placement %s cycle base-phase %d 2m-phase %d "
			"on-cycle %llu of %llu tolerance %d%%\n", pl->id,
			pl->fit.phase_base, pl->fit.phase_2m,
			(unsigned long long)pl->fit.on_cycle,
			(unsigned long long)pl->present,
			PLACEMENT_TOLERANCE_PCT);
	if (pl->pass)
		fprintf(f, "numa-placement %s pass%s%s\n", pl->id,
			pl->why[0] ? ": " : "", pl->why);
	else
		fprintf(f, "numa-placement %s fail: %s\n", pl->id, pl->why);
}
