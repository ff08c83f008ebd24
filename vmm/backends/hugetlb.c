// SPDX-License-Identifier: GPL-2.0
/*
 * Huge page pools: /sys/kernel/mm/hugepages/hugepages-<kB>kB for the
 * host, /sys/devices/system/node/node<N>/hugepages/... for each node
 * (Documentation/admin-guide/mm/hugetlbpage.rst).
 */
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>

#include "backends/host_numa.h"
#include "backends/hugetlb.h"
#include "util/parse.h"

#ifndef HUGETLBFS_MAGIC
#define HUGETLBFS_MAGIC	0x958458f6
#endif

#define HUGEPAGES_DIR	"/sys/kernel/mm/hugepages"

/* One number from a sysfs file; -errno when it cannot be read. */
static s64 read_count(const char *path)
{
	unsigned long long v;
	FILE *f = fopen(path, "r");
	int n;

	if (!f)
		return -errno;
	n = fscanf(f, "%llu", &v);
	fclose(f);
	return n == 1 ? (s64)v : -ENODATA;
}

/* A counter of the pool of @size: the host's (@node < 0) or a node's. */
static s64 pool_count(u64 size, int node, const char *name)
{
	char path[160];

	if (node < 0)
		snprintf(path, sizeof(path), HUGEPAGES_DIR "/hugepages-%llukB/%s",
			 (unsigned long long)(size >> 10), name);
	else
		snprintf(path, sizeof(path), "/sys/devices/system/node/node%d/"
			 "hugepages/hugepages-%llukB/%s", node,
			 (unsigned long long)(size >> 10), name);
	return read_count(path);
}

u64 hugetlb_default_size(void)
{
	unsigned long long kb;
	char line[128];
	FILE *f = fopen("/proc/meminfo", "r");
	u64 size = 0;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "Hugepagesize: %llu kB", &kb) == 1)
			size = (u64)kb << 10;
	if (f)
		fclose(f);
	return size;
}

bool hugetlb_size_exists(u64 size)
{
	return size && pool_count(size, -1, "nr_hugepages") >= 0;
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

const char *hugetlb_sizes_str(char *buf, size_t len)
{
	unsigned long long kb;
	DIR *d = opendir(HUGEPAGES_DIR);
	unsigned int nr = 0, i;
	struct dirent *e;
	char one[32];
	size_t off = 0;
	u64 sizes[16];

	while (d && (e = readdir(d)) && nr < ARRAY_SIZE(sizes))
		if (sscanf(e->d_name, "hugepages-%llukB", &kb) == 1)
			sizes[nr++] = (u64)kb << 10;
	if (d)
		closedir(d);
	qsort(sizes, nr, sizeof(*sizes), cmp_u64);
	snprintf(buf, len, "none");
	for (i = 0; i < nr && off < len; i++)
		off += snprintf(buf + off, len - off, "%s%s", i ? ", " : "",
				format_size(sizes[i], one, sizeof(one)));
	return buf;
}

/* Free pages of @size on the nodes of @nodes, summed. */
static s64 nodes_free(u64 size, const struct idset *nodes)
{
	s64 sum = 0, v;
	unsigned int n;

	for (n = 0; n < HOST_NUMA_MAX_NODES; n++) {
		if (!idset_test(nodes, n))
			continue;
		v = pool_count(size, (int)n, "free_hugepages");
		if (v < 0)
			return v;
		sum += v;
	}
	return sum;
}

s64 hugetlb_pages_available(u64 size, const struct idset *nodes)
{
	s64 free_pages = pool_count(size, -1, "free_hugepages");
	s64 resv = pool_count(size, -1, "resv_hugepages");
	s64 over = pool_count(size, -1, "nr_overcommit_hugepages");
	s64 surplus = pool_count(size, -1, "surplus_hugepages");
	s64 avail, on_nodes;

	if (free_pages < 0 || resv < 0)
		return free_pages < 0 ? free_pages : resv;
	avail = free_pages > resv ? free_pages - resv : 0;
	if (nodes && !idset_empty(nodes)) {
		on_nodes = nodes_free(size, nodes);
		if (on_nodes < 0)
			return on_nodes;
		avail = MIN(avail, on_nodes);
	}
	if (over > 0 && surplus >= 0 && over > surplus)
		avail += over - surplus;
	return avail;
}

int hugetlbfs_page_size(const char *path, u64 *size)
{
	struct statfs fs;
	char *copy;
	int ret;

	*size = 0;
	ret = statfs(path, &fs);
	if (ret && errno == ENOENT) {
		copy = strdup(path);
		if (!copy)
			return -ENOMEM;
		ret = statfs(dirname(copy), &fs);
		free(copy);
	}
	if (ret)
		return -errno;
	if ((unsigned long)fs.f_type == HUGETLBFS_MAGIC)
		*size = (u64)fs.f_bsize;
	return 0;
}
