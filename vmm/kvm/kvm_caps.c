// SPDX-License-Identifier: GPL-2.0
/* `vmm --caps`: what this host offers for memory slots, one per line. */
#include <numa.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kvm/kvm.h"

static void print_file_line(FILE *f, const char *key, const char *path)
{
	char buf[256] = "unavailable";
	FILE *in = fopen(path, "r");

	if (in) {
		if (!fgets(buf, sizeof(buf), in))
			strcpy(buf, "unavailable");
		fclose(in);
	}
	buf[strcspn(buf, "\n")] = '\0';
	fprintf(f, "%-28s %s\n", key, buf);
}

static void print_hugetlb(FILE *f)
{
	unsigned long total = 0, free_pages = 0, size_kb = 0;
	char line[256];
	FILE *in = fopen("/proc/meminfo", "r");

	while (in && fgets(line, sizeof(line), in)) {
		sscanf(line, "HugePages_Total: %lu", &total);
		sscanf(line, "HugePages_Free: %lu", &free_pages);
		sscanf(line, "Hugepagesize: %lu kB", &size_kb);
	}
	if (in)
		fclose(in);
	fprintf(f, "%-28s %lu pages of %lu KiB, %lu free\n", "hugetlb",
		total, size_kb, free_pages);
}

static void print_numa(FILE *f)
{
	int node;

	if (numa_available() < 0) {
		fprintf(f, "%-28s unavailable\n", "host-numa-nodes");
		return;
	}
	fprintf(f, "%-28s %d\n", "host-numa-nodes", numa_max_node() + 1);
	for (node = 0; node <= numa_max_node(); node++) {
		long long free_bytes = 0;
		long long size = numa_node_size64(node, &free_bytes);

		if (size < 0)
			continue;
		fprintf(f, "host-numa-node%-14d %lld MiB, %lld MiB free\n",
			node, size >> 20, free_bytes >> 20);
	}
}

/*
 * Which vendor module backs /dev/kvm: a host defect may belong to one
 * (selftests/known-issues names kvm_pvm, the nested PVM hypervisor's).
 */
static void print_kvm_module(FILE *f)
{
	static const char *const modules[] = {
		"kvm_intel", "kvm_amd", "kvm_pvm",
	};
	char path[64];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(modules); i++) {
		snprintf(path, sizeof(path), "/sys/module/%s", modules[i]);
		if (!access(path, F_OK)) {
			fprintf(f, "%-28s %s\n", "kvm-module", modules[i]);
			return;
		}
	}
	fprintf(f, "%-28s unknown\n", "kvm-module");
}

void kvm_caps_print(const struct kvm *kvm, FILE *f)
{
	const struct kvm_caps *c = &kvm->caps;

	fprintf(f, "%-28s %d\n", "api-version", c->api_version);
	print_kvm_module(f);
	fprintf(f, "%-28s %d\n", "nr-memslots", c->nr_memslots);
	fprintf(f, "%-28s %s\n", "readonly-mem", c->readonly_mem ? "yes" : "no");
	fprintf(f, "%-28s %d\n", "dirty-log-ring", c->dirty_log_ring);
	fprintf(f, "%-28s %s\n", "dirty-log-ring-acq-rel",
		c->dirty_log_ring_acq_rel ? "yes" : "no");
	fprintf(f, "%-28s 0x%x\n", "manual-dirty-log-protect",
		c->manual_dirty_log_protect);
	fprintf(f, "%-28s %s\n", "user-memory2", c->user_memory2 ? "yes" : "no");
	fprintf(f, "%-28s %s\n", "guest-memfd", c->guest_memfd ? "yes" : "no");
	fprintf(f, "%-28s %d\n", "multi-address-space",
		c->multi_address_space);
	fprintf(f, "%-28s %d\n", "nr-vcpus", c->nr_vcpus);
	print_numa(f);
	print_file_line(f, "thp",
			"/sys/kernel/mm/transparent_hugepage/enabled");
	print_hugetlb(f);
}
