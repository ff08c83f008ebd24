// SPDX-License-Identifier: GPL-2.0
/*
 * The host's page-fault throughput, the ceiling of any prealloc: one
 * thread, MADV_POPULATE_WRITE over SIZE MiB of anonymous memory advised
 * MADV_HUGEPAGE, as a memdev's is.  Exits 0 when it got them all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE	23
#endif

int main(int argc, char **argv)
{
	size_t len = argc > 1 ? (size_t)strtoull(argv[1], NULL, 0) << 20 : 0;
	void *p;

	if (!len) {
		fprintf(stderr, "usage: populate MiB\n");
		return 2;
	}
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return 1;
	madvise(p, len, MADV_HUGEPAGE);
	return madvise(p, len, MADV_POPULATE_WRITE) ? 1 : 0;
}
