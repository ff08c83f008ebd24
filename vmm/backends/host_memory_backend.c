// SPDX-License-Identifier: GPL-2.0
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
#include "ram/ram_block.h"
#include "util/error.h"
#include "util/parse.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

const char *const host_memory_backend_kinds[HOST_MEMORY_BACKEND__NR] = {
	[HOST_MEMORY_BACKEND_RAM]	= "memory-backend-ram",
	[HOST_MEMORY_BACKEND_MEMFD]	= "memory-backend-memfd",
	[HOST_MEMORY_BACKEND_FILE]	= "memory-backend-file",
};

const char *const host_mem_policies[HOST_MEM_POLICY__NR] = {
	[HOST_MEM_POLICY_DEFAULT]	= "default",
	[HOST_MEM_POLICY_PREFERRED]	= "preferred",
	[HOST_MEM_POLICY_BIND]		= "bind",
	[HOST_MEM_POLICY_INTERLEAVE]	= "interleave",
};

/* The mbind() mode of each policy. */
static const int host_mem_policy_mode[HOST_MEM_POLICY__NR] = {
	[HOST_MEM_POLICY_DEFAULT]	= MPOL_DEFAULT,
	[HOST_MEM_POLICY_PREFERRED]	= MPOL_PREFERRED,
	[HOST_MEM_POLICY_BIND]		= MPOL_BIND,
	[HOST_MEM_POLICY_INTERLEAVE]	= MPOL_INTERLEAVE,
};

/* The index of @name in @names, or -1. */
static int name_index(const char *const *names, unsigned int nr,
		      const char *name)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (!strcmp(names[i], name))
			return (int)i;
	return -1;
}

int host_memory_backend_kind_parse(const char *name,
				   enum host_memory_backend_kind *kind)
{
	int i = name_index(host_memory_backend_kinds, HOST_MEMORY_BACKEND__NR,
			   name);
	char valid[128];

	if (i < 0)
		return error_ret(EINVAL, "unsupported object type '%s': use %s",
				 name, join_names(valid, sizeof(valid),
						  host_memory_backend_kinds,
						  HOST_MEMORY_BACKEND__NR,
						  " or "));
	*kind = (enum host_memory_backend_kind)i;
	return 0;
}

int host_mem_policy_parse(const char *name, enum host_mem_policy *policy)
{
	int i = name_index(host_mem_policies, HOST_MEM_POLICY__NR, name);
	char valid[128];

	if (i < 0)
		return error_ret(EINVAL, "invalid policy '%s': use %s", name,
				 join_names(valid, sizeof(valid),
					    host_mem_policies,
					    HOST_MEM_POLICY__NR, " or "));
	*policy = (enum host_mem_policy)i;
	return 0;
}

void host_memory_backend_params_init(struct host_memory_backend_params *p,
				     enum host_memory_backend_kind kind)
{
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->share = kind == HOST_MEMORY_BACKEND_MEMFD;
}

int host_memory_backend_params_check(
	const struct host_memory_backend_params *p)
{
	const char *type = host_memory_backend_kinds[p->kind];
	bool def = p->policy == HOST_MEM_POLICY_DEFAULT;
	bool nodes = !idset_empty(&p->host_nodes);
	char list[128];

	if (!p->size)
		return error_ret(EINVAL, "%s '%s' has no size: give it "
				 "size=SIZE", type, p->id);
	if (p->kind == HOST_MEMORY_BACKEND_FILE && !p->mem_path)
		return error_ret(EINVAL, "%s '%s' has no mem-path: give it "
				 "mem-path=PATH", type, p->id);
	if (def && nodes)
		return error_ret(EINVAL, "object '%s': host-nodes '%s' needs "
				 "policy preferred, bind or interleave", p->id,
				 idset_format(&p->host_nodes, list,
					      sizeof(list)));
	if (!def && !nodes)
		return error_ret(EINVAL, "object '%s': policy '%s' needs "
				 "host-nodes=N or A-B", p->id,
				 host_mem_policies[p->policy]);
	return 0;
}

void host_memory_backend_params_free(struct host_memory_backend_params *p)
{
	free(p->id);
	free(p->mem_path);
	memset(p, 0, sizeof(*p));
}

/* A file in a directory (a hugetlbfs mount) is ours alone: unlinked. */
static int backend_open_file(const struct host_memory_backend_params *p)
{
	struct stat st;
	char *path;
	int fd;

	if (stat(p->mem_path, &st) || !S_ISDIR(st.st_mode))
		return open(p->mem_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (asprintf(&path, "%s/vmm.%s.XXXXXX", p->mem_path, p->id) < 0) {
		errno = ENOMEM;
		return -1;
	}
	fd = mkstemp(path);
	if (fd >= 0)
		unlink(path);
	free(path);
	return fd;
}

/* The fd of a memfd or file backend, sized; -errno with the message. */
static int backend_open_fd(const struct host_memory_backend_params *p)
{
	int fd, err;

	if (p->kind == HOST_MEMORY_BACKEND_MEMFD) {
		fd = memfd_create(p->id, MFD_CLOEXEC |
					 (p->hugetlb ? MFD_HUGETLB : 0));
		if (fd < 0)
			return error_ret(errno, "memdev %s: memfd_create: %s",
					 p->id, strerror(errno));
	} else {
		fd = backend_open_file(p);
		if (fd < 0)
			return error_ret(errno, "memdev %s: mem-path %s: %s",
					 p->id, p->mem_path, strerror(errno));
	}
	if (ftruncate(fd, (off_t)p->size) < 0) {
		err = errno;
		close(fd);
		return error_ret(err, "memdev %s: cannot size to 0x%llx: %s",
				 p->id, (unsigned long long)p->size,
				 strerror(err));
	}
	return fd;
}

/* Every node of the set exists on this host. */
static int backend_check_nodes(const struct host_memory_backend_params *p)
{
	char list[128];
	unsigned int n;

	if (numa_available() < 0)
		return error_ret(ENODEV, "memdev %s: host-nodes=%s but the "
				 "host has no NUMA support", p->id,
				 idset_format(&p->host_nodes, list,
					      sizeof(list)));
	for (n = 0; n < HOST_MEMORY_BACKEND_MAX_NODES; n++) {
		if (!idset_test(&p->host_nodes, n))
			continue;
		if ((int)n > numa_max_node() ||
		    !numa_bitmask_isbitset(numa_all_nodes_ptr, n))
			return error_ret(EINVAL, "memdev %s: host-nodes=%s: no "
					 "such host node (this host has nodes "
					 "0-%d)", p->id,
					 idset_format(&p->host_nodes, list,
						      sizeof(list)),
					 numa_max_node());
	}
	return 0;
}

/* Bind before any page is touched: placement happens at first fault. */
static int backend_apply_policy(struct host_memory_backend *be)
{
	const struct host_memory_backend_params *p = be->params;
	struct ram_block *b = memory_region_get_ram_block(&be->mr);
	char list[128];
	int ret;

	if (idset_empty(&p->host_nodes))
		return 0;
	ret = backend_check_nodes(p);
	if (ret)
		return ret;
	if (mbind(b->host, b->max_length, host_mem_policy_mode[p->policy],
		  (const unsigned long *)p->host_nodes.bits,
		  HOST_MEMORY_BACKEND_MAX_NODES + 1, MPOL_MF_STRICT) < 0)
		return error_ret(errno, "memdev %s: mbind to nodes %s: %s",
				 p->id, idset_format(&p->host_nodes, list,
						     sizeof(list)),
				 strerror(errno));
	return 0;
}

static int backend_prealloc(struct host_memory_backend *be)
{
	struct ram_block *b = memory_region_get_ram_block(&be->mr);
	u64 off;

	if (madvise(b->host, b->max_length, MADV_POPULATE_WRITE) == 0)
		return 0;
	if (errno != EINVAL)
		return error_ret(errno, "memdev %s: prealloc of 0x%llx bytes: "
				 "%s", be->params->id,
				 (unsigned long long)b->max_length,
				 strerror(errno));
	/* Kernels before 5.14: touch one byte of every page. */
	for (off = 0; off < b->max_length; off += b->page_size)
		((volatile u8 *)b->host)[off] = ((volatile u8 *)b->host)[off];
	return 0;
}

/* The region and its block: "<id>" over "/objects/<id>", as QEMU. */
static int backend_init_region(struct host_memory_backend *be)
{
	const struct host_memory_backend_params *p = be->params;
	struct ram_block_desc d = {
		.size = p->size, .fd = be->fd, .shared = p->share,
	};
	char idstr[RAM_BLOCK_IDSTR_MAX];
	int ret;

	snprintf(idstr, sizeof(idstr), "/objects/%s", p->id);
	d.idstr = idstr;
	/* An fd's pages are shared with whoever else maps the memfd. */
	if (p->kind == HOST_MEMORY_BACKEND_MEMFD)
		d.shared = true;
	if (p->hugetlb)
		d.page_size = p->hugetlbsize ? p->hugetlbsize : 2 * MiB;
	ret = memory_region_init_ram_desc(&be->mr, p->id, &d);
	be->have_mr = !ret;
	return ret;
}

int host_memory_backend_init(struct host_memory_backend *be,
			     const struct host_memory_backend_params *p)
{
	int ret;

	memset(be, 0, sizeof(*be));
	be->params = p;
	be->fd = -1;
	if (p->kind != HOST_MEMORY_BACKEND_RAM) {
		ret = backend_open_fd(p);
		if (ret < 0)
			return ret;
		be->fd = ret;
	}
	ret = backend_init_region(be);
	if (!ret)
		ret = backend_apply_policy(be);
	if (!ret && p->prealloc)
		ret = backend_prealloc(be);
	if (ret)
		host_memory_backend_destroy(be);
	return ret;
}

void host_memory_backend_destroy(struct host_memory_backend *be)
{
	if (be->have_mr)
		memory_region_finalize(&be->mr);
	be->have_mr = false;
	if (be->fd >= 0)
		close(be->fd);
	be->fd = -1;
}
