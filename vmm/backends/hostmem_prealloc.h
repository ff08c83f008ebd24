/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_BACKENDS_HOSTMEM_PREALLOC_H
#define VMM_BACKENDS_HOSTMEM_PREALLOC_H

#include "util/idset.h"
#include "util/types.h"

/*
 * Make every page of host memory exist before the guest runs, as QEMU's
 * prealloc=on does: @threads threads, each on a contiguous share of whole
 * pages, each running on the CPUs of @nodes (empty: anywhere) so that
 * its faults are local.  Where a page lands is the mapping's policy's
 * business, set before: the threads only touch.
 */
/* At most this many threads (prealloc-threads). */
#define PREALLOC_MAX_THREADS	1024

struct prealloc_request {
	void		*host;
	u64		size;		/* a multiple of @page_size */
	size_t		page_size;
	unsigned int	threads;
	struct idset	nodes;
	bool		touch;		/* the path of kernels before 5.14 */
};

/* What happened: how many threads ran, and where the first failure was. */
struct prealloc_result {
	unsigned int	threads;
	int		err;		/* errno of the first failure, or 0 */
	u64		fail_start;	/* the failing share: [start, end) */
	u64		fail_end;
	u64		fail_at;	/* where in it, when known; else start */
};

/*
 * MADV_POPULATE_WRITE (Linux 5.14) where the kernel has it, else one
 * write per page under a SIGBUS guard: a page the host cannot give is
 * -EFAULT in @res, never a signal.  @touch takes the second path on any
 * kernel.  Returns 0 or -errno (res->err); res->done is how far the
 * failing thread got when it knows (the touch path does).
 */
int prealloc_mem(const struct prealloc_request *req,
		 struct prealloc_result *res);
/* The number of threads prealloc_mem() will run for @req. */
unsigned int prealloc_threads(const struct prealloc_request *req);

#endif
