// SPDX-License-Identifier: GPL-2.0
/*
 * A memdev's host memory, in QEMU's order (backends/hostmem.c): the fd
 * (a memfd, or a file under mem-path), the mapping, the madvise hints
 * of merge= and dump=, the NUMA policy, then prealloc.  What the host
 * must have for it is checked first, so that a short huge page pool, a
 * node that does not exist or a prealloc larger than the free memory is
 * one line and nothing created.
 */
#include <errno.h>
#include <fcntl.h>
#include <numa.h>
#include <numaif.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backends/host_memory_backend.h"
#include "backends/hugetlb.h"
#include "ram/ram_block.h"
#include "util/error.h"
#include "util/parse.h"

#ifndef MPOL_PREFERRED_MANY
#define MPOL_PREFERRED_MANY	5
#endif
#ifndef MFD_HUGE_SHIFT
#define MFD_HUGE_SHIFT		26
#endif

/* The mbind() mode of each policy. */
static const int host_mem_policy_mode[HOST_MEM_POLICY__NR] = {
	[HOST_MEM_POLICY_DEFAULT]	= MPOL_DEFAULT,
	[HOST_MEM_POLICY_PREFERRED]	= MPOL_PREFERRED,
	[HOST_MEM_POLICY_BIND]		= MPOL_BIND,
	[HOST_MEM_POLICY_INTERLEAVE]	= MPOL_INTERLEAVE,
};

/* Every node of host-nodes exists here; else name the ones that do. */
static int backend_check_nodes(const struct host_memory_backend_params *p)
{
	char list[128], have[128];
	struct idset nodes;
	unsigned int n;

	if (idset_empty(&p->host_nodes))
		return 0;
	idset_format(&p->host_nodes, list, sizeof(list));
	if (!host_numa_available())
		return error_ret(ENODEV, "memdev %s: host-nodes=%s, but this "
				 "host's kernel has no NUMA support", p->id,
				 list);
	host_numa_nodes(&nodes);
	for (n = 0; n < HOST_MEMORY_BACKEND_MAX_NODES; n++)
		if (idset_test(&p->host_nodes, n) && !idset_test(&nodes, n))
			return error_ret(EINVAL, "memdev %s: host-nodes=%s: "
					 "host node %u does not exist: this "
					 "host's nodes are %s", p->id, list, n,
					 host_numa_nodes_str(have,
							     sizeof(have)));
	return 0;
}

/* The page size the memdev will have: a huge page's, or the base one. */
static int backend_page_size(const struct host_memory_backend_params *p,
			     u64 *size)
{
	char sizes[64], a[32];

	*size = 0;
	if (p->kind == HOST_MEMORY_BACKEND_FILE)
		hugetlbfs_page_size(p->mem_path, size);
	if (p->kind == HOST_MEMORY_BACKEND_MEMFD && p->hugetlb) {
		*size = p->hugetlbsize ? p->hugetlbsize :
					 hugetlb_default_size();
		if (!*size)
			return error_ret(ENODEV, "memdev %s: hugetlb=on, but "
					 "this host has no huge pages (no "
					 "hugetlbfs)", p->id);
		if (!hugetlb_size_exists(*size))
			return error_ret(EINVAL, "memdev %s: hugetlbsize=%s: "
					 "this host's huge page sizes are %s",
					 p->id, format_size(*size, a, sizeof(a)),
					 hugetlb_sizes_str(sizes,
							   sizeof(sizes)));
	}
	if (!*size)
		*size = (u64)sysconf(_SC_PAGESIZE);
	return 0;
}

/* Bytes of an existing file under mem-path that are already there. */
static u64 backend_existing_bytes(const struct host_memory_backend_params *p)
{
	struct stat st;

	if (p->kind != HOST_MEMORY_BACKEND_FILE || stat(p->mem_path, &st) ||
	    !S_ISREG(st.st_mode))
		return 0;
	return MIN((u64)st.st_blocks * 512, p->size);
}

/* The nodes whose memory counts: a bind policy's, or all of them. */
static const struct idset *backend_strict_nodes(
	const struct host_memory_backend_params *p)
{
	return p->policy == HOST_MEM_POLICY_BIND ? &p->host_nodes : NULL;
}

/* " on host nodes 1" when the policy is strict, for messages. */
static const char *on_nodes(const struct host_memory_backend_params *p,
			    char *buf, size_t len)
{
	char list[96];

	buf[0] = '\0';
	if (backend_strict_nodes(p))
		snprintf(buf, len, " on host nodes %s",
			 idset_format(&p->host_nodes, list, sizeof(list)));
	return buf;
}

/* Enough free huge pages of @page for the whole memdev. */
static int backend_check_hugetlb(const struct host_memory_backend_params *p,
				 u64 page)
{
	u64 need = (p->size - backend_existing_bytes(p)) / page;
	s64 have = hugetlb_pages_available(page, backend_strict_nodes(p));
	char a[32], b[32], where[128];

	if (have < 0)
		return error_ret(-have, "memdev %s: cannot read the %s huge "
				 "page pool: %s", p->id,
				 format_size(page, a, sizeof(a)),
				 strerror((int)-have));
	if ((u64)have >= need)
		return 0;
	return error_ret(ENOMEM, "memdev %s: size %s needs %llu huge pages "
			 "of %s, the host has %lld free%s: reserve them in "
			 "/proc/sys/vm/nr_hugepages or with hugepages= on "
			 "the kernel command line", p->id,
			 format_size(p->size, b, sizeof(b)),
			 (unsigned long long)need,
			 format_size(page, a, sizeof(a)), (long long)have,
			 on_nodes(p, where, sizeof(where)));
}

/* What the nodes (or the host) could still give, in bytes. */
static s64 backend_memory_available(const struct host_memory_backend_params *p)
{
	s64 sum = 0, v;
	unsigned int n;

	if (!backend_strict_nodes(p))
		return host_mem_available();
	for (n = 0; n < HOST_MEMORY_BACKEND_MAX_NODES; n++) {
		if (!idset_test(&p->host_nodes, n))
			continue;
		v = host_numa_node_available(n);
		if (v < 0)
			return v;
		sum += v;
	}
	return sum;
}

/* prealloc=on of base pages: no more than the host could give. */
static int backend_check_memory(const struct host_memory_backend_params *p)
{
	s64 have = backend_memory_available(p);
	u64 need = p->size - backend_existing_bytes(p);
	char a[32], where[128];

	if (have < 0 || (u64)have >= need)
		return 0;
	return error_ret(ENOMEM, "memdev %s: prealloc=on needs %s, the host "
			 "has about %lld MiB available%s", p->id,
			 format_size(need, a, sizeof(a)), (long long)have >> 20,
			 on_nodes(p, where, sizeof(where)));
}

/* Everything the host must have, before anything is created. */
static int backend_check_host(struct host_memory_backend *be)
{
	const struct host_memory_backend_params *p = be->params;
	char a[32], b[32];
	u64 page;
	int ret;

	ret = backend_check_nodes(p);
	if (!ret)
		ret = backend_page_size(p, &page);
	if (ret)
		return ret;
	be->page_size = page;
	if (p->size % page)
		return error_ret(EINVAL, "memdev %s: size %s is not a multiple "
				 "of its page size %s", p->id,
				 format_size(p->size, a, sizeof(a)),
				 format_size(page, b, sizeof(b)));
	if (page > (u64)sysconf(_SC_PAGESIZE))
		return backend_check_hugetlb(p, page);
	return p->prealloc ? backend_check_memory(p) : 0;
}

static bool is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

/* mem-path: a file (created if missing, ours then), or a directory. */
static int backend_open_file(struct host_memory_backend *be)
{
	const struct host_memory_backend_params *p = be->params;
	char *path;
	int fd;

	if (is_dir(p->mem_path)) {
		/* A file of our own in it, gone when we are. */
		if (asprintf(&path, "%s/vmm.%s.XXXXXX", p->mem_path,
			     p->id) < 0)
			return -ENOMEM;
		fd = mkostemp(path, O_CLOEXEC);
		if (fd >= 0)
			unlink(path);
		free(path);
		return fd < 0 ? -errno : fd;
	}
	fd = open(p->mem_path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0) {
		be->created = strdup(p->mem_path);
		return be->created ? fd : (close(fd), -ENOMEM);
	}
	if (errno != EEXIST)
		return -errno;
	fd = open(p->mem_path, O_RDWR | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/* A memfd of the memdev's page size, sealable when seal=on. */
static int backend_open_memfd(struct host_memory_backend *be)
{
	const struct host_memory_backend_params *p = be->params;
	unsigned int flags = MFD_CLOEXEC;
	int fd;

	if (p->seal)
		flags |= MFD_ALLOW_SEALING;
	if (p->hugetlb)
		flags |= MFD_HUGETLB |
			 (unsigned int)__builtin_ctzll(be->page_size) <<
			 MFD_HUGE_SHIFT;
	fd = memfd_create(p->id, flags);
	return fd < 0 ? -errno : fd;
}

/* Grow the file to the memdev's size (never shrink one given to us). */
static int backend_size_fd(struct host_memory_backend *be, int fd)
{
	const struct host_memory_backend_params *p = be->params;
	struct stat st;

	if (fstat(fd, &st))
		return -errno;
	if ((u64)st.st_size < p->size && ftruncate(fd, (off_t)p->size))
		return -errno;
	/* Not a file that holds memory (a /proc or /sys one): says so. */
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) ||
	    (u64)st.st_size < p->size)
		return -EINVAL;
	/* A sealed memfd can no longer grow or shrink: QEMU's seal=on. */
	if (p->kind == HOST_MEMORY_BACKEND_MEMFD && p->seal &&
	    fcntl(fd, F_ADD_SEALS, F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL))
		return -errno;
	return 0;
}

static int backend_open_fd(struct host_memory_backend *be)
{
	const struct host_memory_backend_params *p = be->params;
	char a[32];
	int fd, ret;

	fd = p->kind == HOST_MEMORY_BACKEND_MEMFD ? backend_open_memfd(be) :
						     backend_open_file(be);
	if (fd < 0 && p->kind == HOST_MEMORY_BACKEND_MEMFD)
		return error_ret(-fd, "memdev %s: memfd_create: %s", p->id,
				 strerror(-fd));
	if (fd < 0)
		return error_ret(-fd, "memdev %s: mem-path %s: cannot %s: %s",
				 p->id, p->mem_path, is_dir(p->mem_path) ?
				 "create a file in this directory" :
				 "create or open it for writing",
				 strerror(-fd));
	be->fd = fd;
	ret = backend_size_fd(be, fd);
	if (ret)
		return error_ret(-ret, "memdev %s: cannot make the %s %s of "
				 "size %s: %s", p->id,
				 p->kind == HOST_MEMORY_BACKEND_MEMFD ? "memfd" :
				 "file", p->kind == HOST_MEMORY_BACKEND_MEMFD ?
				 p->id : p->mem_path,
				 format_size(p->size, a, sizeof(a)),
				 strerror(-ret));
	return 0;
}

/* The region and its block, both named by the id, as QEMU 7.2. */
static int backend_init_region(struct host_memory_backend *be)
{
	const struct host_memory_backend_params *p = be->params;
	bool huge = be->page_size > (u64)sysconf(_SC_PAGESIZE);
	struct ram_block_desc d = {
		.idstr = p->id, .size = p->size, .fd = be->fd,
		.shared = p->share, .page_size = be->page_size,
		.reserve = huge,
	};
	void *host;
	int ret;

	ret = memory_region_init_ram_desc(&be->mr, p->id, &d);
	be->have_mr = !ret;
	if (ret)
		return ret;
	host = host_memory_backend_host(be);
	/* Hints, as QEMU's: a kernel without KSM still runs the guest. */
	madvise(host, p->size, p->merge ? MADV_MERGEABLE : MADV_UNMERGEABLE);
	madvise(host, p->size, p->dump ? MADV_DODUMP : MADV_DONTDUMP);
	return 0;
}

static unsigned int nr_nodes(const struct idset *set)
{
	unsigned int i, n = 0;

	for (i = 0; i < ARRAY_SIZE(set->bits); i++)
		n += (unsigned int)__builtin_popcountll(set->bits[i]);
	return n;
}

/*
 * Bind before any page is touched: placement happens at first fault.
 * MPOL_MF_STRICT | MPOL_MF_MOVE as QEMU: pages already there (a file's)
 * are moved, or the call fails.  preferred with several nodes is
 * MPOL_PREFERRED_MANY where the kernel has it (5.15), as in QEMU 7.2;
 * plain MPOL_PREFERRED would prefer the first node only.
 */
static int backend_apply_policy(struct host_memory_backend *be)
{
	const struct host_memory_backend_params *p = be->params;
	struct idset nodes = p->host_nodes;
	char list[128];

	be->mode = host_mem_policy_mode[p->policy];
	if (p->policy == HOST_MEM_POLICY_DEFAULT)
		return 0;
	if (p->policy == HOST_MEM_POLICY_PREFERRED &&
	    nr_nodes(&nodes) > 1 && numa_has_preferred_many() > 0)
		be->mode = MPOL_PREFERRED_MANY;
	if (mbind(host_memory_backend_host(be), p->size, be->mode,
		  (const unsigned long *)nodes.bits,
		  HOST_MEMORY_BACKEND_MAX_NODES + 1,
		  MPOL_MF_STRICT | MPOL_MF_MOVE) < 0)
		return error_ret(errno, "memdev %s: mbind(%s, host nodes %s): "
				 "%s", p->id, host_mem_policies[p->policy],
				 idset_format(&p->host_nodes, list,
					      sizeof(list)), strerror(errno));
	return 0;
}

/* What a failed prealloc was missing, in words. */
static const char *prealloc_missing(const struct host_memory_backend *be,
				    int err, char *buf, size_t len)
{
	const struct host_memory_backend_params *p = be->params;
	char a[32], where[128];

	on_nodes(p, where, sizeof(where));
	if (be->page_size > (u64)sysconf(_SC_PAGESIZE))
		snprintf(buf, len, "the host ran out of free %s huge pages%s",
			 format_size(be->page_size, a, sizeof(a)), where);
	else if (err == ENOMEM)
		snprintf(buf, len, "the host ran out of memory%s", where);
	else
		snprintf(buf, len, "the host could not give a page%s", where);
	return buf;
}

static int backend_prealloc(struct host_memory_backend *be)
{
	const struct host_memory_backend_params *p = be->params;
	struct prealloc_request req = {
		.host = host_memory_backend_host(be), .size = p->size,
		.page_size = be->page_size, .threads = p->prealloc_threads,
	};
	struct prealloc_result res;
	char a[32], why[160];

	if (!p->prealloc)
		return 0;
	if (p->policy != HOST_MEM_POLICY_DEFAULT)
		req.nodes = p->host_nodes;
	if (!prealloc_mem(&req, &res))
		return 0;
	return error_ret(res.err, "memdev %s: prealloc of %s (%u threads) "
			 "failed in [0x%llx, 0x%llx): %s (%s)", p->id,
			 format_size(p->size, a, sizeof(a)), res.threads,
			 (unsigned long long)res.fail_start,
			 (unsigned long long)res.fail_end,
			 prealloc_missing(be, res.err, why, sizeof(why)),
			 strerror(res.err));
}

int host_memory_backend_init(struct host_memory_backend *be,
			     const struct host_memory_backend_params *p)
{
	int ret;

	memset(be, 0, sizeof(*be));
	be->params = p;
	be->fd = -1;
	ret = backend_check_host(be);
	if (!ret && p->kind != HOST_MEMORY_BACKEND_RAM)
		ret = backend_open_fd(be);
	if (!ret)
		ret = backend_init_region(be);
	/* The counters before the first page: what placement compares. */
	host_numastat_read(&be->numastat);
	if (!ret)
		ret = backend_apply_policy(be);
	if (!ret)
		ret = backend_prealloc(be);
	if (ret) {
		if (be->created)
			unlink(be->created);
		host_memory_backend_destroy(be);
	}
	return ret;
}

/* discard-data=on: the file's pages go, never written back (QEMU's). */
static void backend_discard(struct host_memory_backend *be)
{
	const struct host_memory_backend_params *p = be->params;

	if (p->kind == HOST_MEMORY_BACKEND_FILE && p->discard_data &&
	    p->share && be->fd >= 0)
		fallocate(be->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
			  0, (off_t)p->size);
}

void host_memory_backend_destroy(struct host_memory_backend *be)
{
	if (!be->params)	/* never initialised */
		return;
	if (be->have_mr) {
		backend_discard(be);
		memory_region_finalize(&be->mr);
	}
	be->have_mr = false;
	if (be->fd >= 0)
		close(be->fd);
	be->fd = -1;
	free(be->created);
	be->created = NULL;
}

void *host_memory_backend_host(const struct host_memory_backend *be)
{
	return memory_region_get_ram_ptr(&be->mr);
}

u64 host_memory_backend_length(const struct host_memory_backend *be)
{
	return memory_region_get_ram_block(&be->mr)->max_length;
}
