/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SELFTESTS_HOST_NODES_H
#define SELFTESTS_HOST_NODES_H

#include "util/types.h"

/*
 * The host's NUMA nodes as the tests see them, without vmm's code:
 * sysfs's has_memory list, and the node of a page from get_mempolicy(2),
 * so that what vmm reports is compared with the kernel's own answers.
 */
#define TEST_MAX_NODES	64

/* The nodes with memory, ascending, in @nodes; their number. */
unsigned int test_host_nodes(unsigned int *nodes, unsigned int max);
/* The node of the page at @addr (get_mempolicy MPOL_F_NODE|ADDR), or -1. */
int test_page_node(const void *addr);
/* Write a word at each @step bytes of [p, p + len): the pages exist. */
void test_touch(void *p, u64 len, u64 step);
/* Pages of [p, p + len) that exist (mincore), in 4 KiB pages. */
u64 test_resident(void *p, u64 len);
/* The number a file (sysfs, procfs) starts with; -1 when unreadable. */
long long test_read_num(const char *path);
/* A /proc/meminfo value ("MemTotal", "Hugepagesize") in bytes, or 0. */
u64 test_meminfo(const char *key);
/* "needs N nodes, host has M": a SKIP reason, or NULL when enough. */
const char *test_needs_nodes(unsigned int n);

#endif
