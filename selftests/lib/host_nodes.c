// SPDX-License-Identifier: GPL-2.0
#include <numaif.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "host_nodes.h"

unsigned int test_host_nodes(unsigned int *nodes, unsigned int max)
{
	FILE *f = fopen("/sys/devices/system/node/has_memory", "r");
	unsigned int a, b, n = 0;
	char sep = ',';

	/* "0", "0-1", "0,2-3": ranges separated by commas. */
	while (f && sep == ',' && fscanf(f, "%u", &a) == 1) {
		b = a;
		if (fscanf(f, "%c", &sep) == 1 && sep == '-' &&
		    fscanf(f, "%u%c", &b, &sep) < 1)
			break;
		for (; a <= b && n < max; a++)
			nodes[n++] = a;
	}
	if (f)
		fclose(f);
	return n;
}

int test_page_node(const void *addr)
{
	int node = -1;

	if (get_mempolicy(&node, NULL, 0, (void *)addr,
			  MPOL_F_NODE | MPOL_F_ADDR))
		return -1;
	return node;
}

void test_touch(void *p, u64 len, u64 step)
{
	u64 off;

	for (off = 0; off < len; off += step)
		*(volatile u64 *)((u8 *)p + off) = off ^ 0x5a5a5a5a5a5a5a5aULL;
}

u64 test_resident(void *p, u64 len)
{
	u64 pages = len / 4096, n = 0, i;
	unsigned char *vec = malloc(pages);

	if (vec && !mincore(p, len, vec))
		for (i = 0; i < pages; i++)
			n += vec[i] & 1;
	free(vec);
	return n;
}

long long test_read_num(const char *path)
{
	FILE *f = fopen(path, "r");
	long long v = -1;

	if (f && fscanf(f, "%lld", &v) != 1)
		v = -1;
	if (f)
		fclose(f);
	return v;
}

u64 test_meminfo(const char *key)
{
	unsigned long long kb = 0;
	size_t n = strlen(key);
	char line[128];
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, n) && line[n] == ':')
			sscanf(line + n + 1, "%llu", &kb);
	if (f)
		fclose(f);
	return (u64)kb << 10;
}

const char *test_needs_nodes(unsigned int n)
{
	static char why[64];
	unsigned int nodes[TEST_MAX_NODES], have;

	have = test_host_nodes(nodes, TEST_MAX_NODES);
	if (have >= n)
		return NULL;
	snprintf(why, sizeof(why), "needs %u nodes, host has %u", n, have);
	return why;
}
