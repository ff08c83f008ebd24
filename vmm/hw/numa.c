// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hw/numa.h"
#include "util/error.h"
#include "util/parse.h"

const struct host_memory_backend_params *
numa_find_memdev(const struct host_memory_backend_params *memdevs,
		 unsigned int nr, const char *id)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (!strcmp(memdevs[i].id, id))
			return &memdevs[i];
	return NULL;
}

/* Node @i: an id in 0..nr-1, its memdev defined and its own, its CPUs. */
static int numa_check_node(const struct numa_node_params *nodes,
			   unsigned int nr, unsigned int i,
			   const struct host_memory_backend_params *memdevs,
			   unsigned int nr_memdevs, unsigned int smp)
{
	const struct numa_node_params *n = &nodes[i];
	unsigned int j, cpu;
	char list[128];

	if (n->nodeid >= nr)
		return error_ret(EINVAL, "-numa: node %u leaves a gap: %u "
				 "node(s) take the ids 0 to %u", n->nodeid, nr,
				 nr - 1);
	if (n->memdev && !numa_find_memdev(memdevs, nr_memdevs, n->memdev))
		return error_ret(EINVAL, "-numa: node %u: memdev '%s' is not "
				 "defined: add -object memory-backend-ram,"
				 "id=%s,size=SIZE", n->nodeid, n->memdev,
				 n->memdev);
	for (j = 0; n->memdev && j < i; j++)
		if (nodes[j].memdev && !strcmp(nodes[j].memdev, n->memdev))
			return error_ret(EINVAL, "-numa: node %u: memdev '%s' "
					 "is already node %u's: use one memdev "
					 "per node", n->nodeid, n->memdev,
					 nodes[j].nodeid);
	cpu = idset_empty(&n->cpus) ? 0 : idset_last(&n->cpus);
	if (cpu >= smp)
		return error_ret(EINVAL, "-numa: node %u: cpus '%s' names CPU "
				 "%u, but -smp is %u: use CPUs 0 to %u",
				 n->nodeid, idset_format(&n->cpus, list,
							 sizeof(list)),
				 cpu, smp, smp - 1);
	return 0;
}

int numa_check(const struct numa_node_params *nodes, unsigned int nr,
	       const struct host_memory_backend_params *memdevs,
	       unsigned int nr_memdevs, u64 ram_size, unsigned int smp)
{
	char a[32], b[32];
	u64 total = 0;
	unsigned int i;
	int ret;

	for (i = 0; i < nr; i++) {
		ret = numa_check_node(nodes, nr, i, memdevs, nr_memdevs, smp);
		if (ret)
			return ret;
		if (nodes[i].memdev)
			total += numa_find_memdev(memdevs, nr_memdevs,
						  nodes[i].memdev)->size;
	}
	/*
	 * QEMU 7.2's rule for every pc and q35 type since 5.1: the nodes'
	 * memory comes from memdevs only (a node without one has none),
	 * and it adds up to -m.
	 */
	if (nr && total != ram_size)
		return error_ret(EINVAL, "-numa: the nodes' memdevs total %s, "
				 "but -m is %s: they must be equal (a node "
				 "gets memory from memdev=ID only)",
				 format_size(total, a, sizeof(a)),
				 format_size(ram_size, b, sizeof(b)));
	return 0;
}

unsigned int numa_cpu_node(const struct numa_node_params *nodes,
			   unsigned int nr, unsigned int cpu)
{
	unsigned int i;

	/* Options are read in order: a CPU two nodes name is the later's. */
	for (i = nr; i-- > 0;)
		if (idset_test(&nodes[i].cpus, cpu))
			return i;
	return 0;
}

void numa_node_params_free(struct numa_node_params *n)
{
	free(n->memdev);
	memset(n, 0, sizeof(*n));
}
