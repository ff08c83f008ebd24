/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_HW_NUMA_H
#define VMM_HW_NUMA_H

#include "backends/host_memory_backend.h"
#include "util/idset.h"

#define NUMA_MAX_NODES	64

/* -numa node[,nodeid=N][,memdev=ID][,cpus=A-B]: one guest NUMA node. */
struct numa_node_params {
	unsigned int	nodeid;
	char		*memdev;	/* the id of an -object, or NULL */
	struct idset	cpus;		/* empty: none named (node 0's) */
};

/*
 * What the nodes must be together, once every option is read: ids 0 to
 * n-1, each memdev defined by an -object and used by one node only,
 * CPUs below @smp, and memdevs that add up to @ram_size (a node without
 * one has no memory).  -EINVAL with a message naming -numa.
 */
int numa_check(const struct numa_node_params *nodes, unsigned int nr,
	       const struct host_memory_backend_params *memdevs,
	       unsigned int nr_memdevs, u64 ram_size, unsigned int smp);
/* The memdev called @id, or NULL: the one lookup of a memdev's name. */
const struct host_memory_backend_params *
numa_find_memdev(const struct host_memory_backend_params *memdevs,
		 unsigned int nr, const char *id);
/* The node whose cpus has @cpu; node 0 for a CPU no node names. */
unsigned int numa_cpu_node(const struct numa_node_params *nodes,
			   unsigned int nr, unsigned int cpu);
void numa_node_params_free(struct numa_node_params *n);

#endif
