// SPDX-License-Identifier: GPL-2.0
/*
 * The host's NUMA nodes as its kernel describes them: libnuma for the
 * node and CPU sets, sysfs for each node's memory and counters,
 * move_pages(2) for where a page is.
 */
#include <errno.h>
#include <numa.h>
#include <numaif.h>
#include <stdio.h>
#include <string.h>

#include "backends/host_numa.h"
#include "util/error.h"

/* move_pages(2) takes this many pages per call: its status array. */
#define PAGE_NODES_BATCH	4096

bool host_numa_available(void)
{
	return numa_available() >= 0;
}

void host_numa_nodes(struct idset *nodes)
{
	int n;

	memset(nodes, 0, sizeof(*nodes));
	if (!host_numa_available())
		return;
	for (n = 0; n <= numa_max_node() && n < HOST_NUMA_MAX_NODES; n++)
		if (numa_bitmask_isbitset(numa_all_nodes_ptr, n))
			idset_add(nodes, (unsigned int)n);
}

const char *host_numa_nodes_str(char *buf, size_t len)
{
	struct idset nodes;

	host_numa_nodes(&nodes);
	if (idset_empty(&nodes)) {
		snprintf(buf, len, "none");
		return buf;
	}
	return idset_format(&nodes, buf, len);
}

int host_numa_node_cpus(const struct idset *nodes, cpu_set_t *cpus)
{
	struct bitmask *mask = numa_allocate_cpumask();
	unsigned int n, cpu;

	CPU_ZERO(cpus);
	if (!mask)
		return error_ret(ENOMEM, "out of memory");
	for (n = 0; n < HOST_NUMA_MAX_NODES; n++) {
		if (!idset_test(nodes, n) || numa_node_to_cpus((int)n, mask))
			continue;
		for (cpu = 0; cpu < mask->size && cpu < CPU_SETSIZE; cpu++)
			if (numa_bitmask_isbitset(mask, cpu))
				CPU_SET(cpu, cpus);
	}
	numa_free_cpumask(mask);
	return 0;
}

/* The "KEY: N kB" values of a meminfo file, in bytes; -1 when absent. */
static int read_meminfo(const char *path, const char *const *keys,
			s64 *vals, unsigned int nr)
{
	char line[256];
	FILE *f = fopen(path, "r");
	unsigned int i;

	if (!f)
		return -errno;
	for (i = 0; i < nr; i++)
		vals[i] = -1;
	while (fgets(line, sizeof(line), f)) {
		/* Node files start with "Node N "; skip to the key. */
		char *key = strncmp(line, "Node ", 5) ? line :
			    strchr(line + 5, ' ') + 1;
		unsigned long long kb;

		for (i = 0; i < nr; i++) {
			size_t n = strlen(keys[i]);

			if (!strncmp(key, keys[i], n) && key[n] == ':' &&
			    sscanf(key + n + 1, "%llu", &kb) == 1)
				vals[i] = (s64)kb * 1024;
		}
	}
	fclose(f);
	return 0;
}

s64 host_numa_node_available(unsigned int node)
{
	static const char *const keys[] = {
		"MemFree", "Active(file)", "Inactive(file)", "SReclaimable",
	};
	s64 v[ARRAY_SIZE(keys)], sum = 0;
	char path[96];
	unsigned int i;
	int ret;

	snprintf(path, sizeof(path), "/sys/devices/system/node/node%u/meminfo",
		 node);
	ret = read_meminfo(path, keys, v, ARRAY_SIZE(keys));
	if (ret)
		return ret;
	for (i = 0; i < ARRAY_SIZE(keys); i++)
		sum += v[i] > 0 ? v[i] : 0;
	return v[0] < 0 ? -ENODATA : sum;
}

s64 host_mem_available(void)
{
	static const char *const keys[] = { "MemAvailable" };
	s64 v;
	int ret = read_meminfo("/proc/meminfo", keys, &v, 1);

	if (ret)
		return ret;
	return v < 0 ? -ENODATA : v;
}

static void read_node_numastat(unsigned int node, struct host_numastat *s)
{
	unsigned long long v;
	char path[96], key[32];
	FILE *f;

	snprintf(path, sizeof(path),
		 "/sys/devices/system/node/node%u/numastat", node);
	f = fopen(path, "r");
	if (!f)
		return;
	while (fscanf(f, "%31s %llu", key, &v) == 2) {
		if (!strcmp(key, "numa_foreign"))
			s->foreign[node] = v;
		else if (!strcmp(key, "interleave_hit"))
			s->interleave_hit[node] = v;
	}
	fclose(f);
}

void host_numastat_read(struct host_numastat *s)
{
	struct idset nodes;
	unsigned int n;

	memset(s, 0, sizeof(*s));
	host_numa_nodes(&nodes);
	if (idset_empty(&nodes))
		return;
	for (n = 0; n < HOST_NUMA_MAX_NODES; n++)
		if (idset_test(&nodes, n))
			read_node_numastat(n, s);
	s->valid = true;
}

int host_numa_page_nodes(void **pages, unsigned long nr, int *status)
{
	unsigned long done, n;

	for (done = 0; done < nr; done += n) {
		n = MIN(nr - done, (unsigned long)PAGE_NODES_BATCH);
		if (move_pages(0, n, pages + done, NULL, status + done, 0) < 0)
			return error_ret(errno, "move_pages: %s",
					 strerror(errno));
	}
	return 0;
}
