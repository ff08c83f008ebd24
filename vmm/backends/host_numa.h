/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_BACKENDS_HOST_NUMA_H
#define VMM_BACKENDS_HOST_NUMA_H

#include <sched.h>
#include <stddef.h>

#include "util/idset.h"
#include "util/types.h"

/*
 * What the host's kernel says about its NUMA nodes, read when asked:
 * which nodes this process may allocate from, how much memory a node
 * could still give, the kernel's per-node allocation counters, and the
 * node a page is on.  Nothing here changes a policy or moves a page.
 */

/* Nodes as host-nodes= may name them: QEMU's MAX_NODES. */
#define HOST_NUMA_MAX_NODES	128

/* The kernel has NUMA (numa_available()): mbind and move_pages work. */
bool host_numa_available(void);
/* The nodes with memory this process may allocate from; empty without NUMA. */
void host_numa_nodes(struct idset *nodes);
/* "0-1,3": host_numa_nodes() as messages name them; "none" when empty. */
const char *host_numa_nodes_str(char *buf, size_t len);
/* The CPUs of the nodes in @nodes, for threads that should run there. */
int host_numa_node_cpus(const struct idset *nodes, cpu_set_t *cpus);

/*
 * Bytes a node could still give: free memory plus page cache and slab
 * the kernel can reclaim (its meminfo).  -errno when unreadable.
 */
s64 host_numa_node_available(unsigned int node);
/* The whole host's MemAvailable (/proc/meminfo), or -errno. */
s64 host_mem_available(void);

/*
 * The kernel's allocation counters of each node (its numastat): pages it
 * meant to give from a node but gave from another (foreign), and pages
 * an interleave policy got where it asked (interleave_hit).  A rise of
 * numa_foreign on a node is the kernel's own word that the node was out
 * of memory at some point: what the placement check calls "full".
 */
struct host_numastat {
	bool	valid;
	u64	foreign[HOST_NUMA_MAX_NODES];
	u64	interleave_hit[HOST_NUMA_MAX_NODES];
};

void host_numastat_read(struct host_numastat *s);

/*
 * The node of each page at @pages (move_pages(2) in query mode, in
 * batches): status[i] is a node, or -ENOENT for a page not present,
 * -EFAULT for an address not mapped.  0 or -errno with the message.
 */
int host_numa_page_nodes(void **pages, unsigned long nr, int *status);

#endif
