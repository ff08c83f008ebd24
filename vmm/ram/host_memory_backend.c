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

#include "ram/host_memory_backend.h"
#include "util/error.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

static int backend_open_fd(struct host_memory_backend *be, bool *shared)
{
	const struct config_memdev *c = be->cfg;
	struct stat st;
	char *path;
	int fd;

	if (!strcmp(c->qom_type, "memory-backend-memfd")) {
		unsigned int flags = MFD_CLOEXEC;

		if (c->hugetlb)
			flags |= MFD_HUGETLB;
		fd = memfd_create(c->id, flags);
		if (fd < 0)
			return error_ret(errno, "memdev %s: memfd_create: %s",
					 c->id, strerror(errno));
		*shared = true;
	} else {
		if (!c->mem_path)
			return error_ret(EINVAL, "memdev %s: "
					 "memory-backend-file needs mem-path",
					 c->id);
		if (stat(c->mem_path, &st) == 0 && S_ISDIR(st.st_mode)) {
			/* A directory (hugetlbfs mount): a file of our own. */
			if (asprintf(&path, "%s/vmm.%s.XXXXXX", c->mem_path,
				     c->id) < 0)
				return error_ret(ENOMEM, "out of memory");
			fd = mkstemp(path);
			if (fd >= 0)
				unlink(path);
			free(path);
		} else {
			fd = open(c->mem_path, O_RDWR | O_CREAT | O_CLOEXEC,
				  0600);
		}
		if (fd < 0)
			return error_ret(errno, "memdev %s: mem-path %s: %s",
					 c->id, c->mem_path, strerror(errno));
		*shared = c->share;
	}
	if (ftruncate(fd, (off_t)c->size) < 0) {
		int err = errno;

		close(fd);
		return error_ret(err, "memdev %s: cannot size to 0x%llx: %s",
				 c->id, (unsigned long long)c->size,
				 strerror(err));
	}
	return fd;
}

static int backend_parse_nodes(const struct config_memdev *c,
			       struct bitmask **mask)
{
	*mask = NULL;
	if (!c->host_nodes)
		return 0;
	if (numa_available() < 0)
		return error_ret(ENODEV, "memdev %s: host-nodes=%s but the "
				 "host has no NUMA support", c->id,
				 c->host_nodes);
	*mask = numa_parse_nodestring(c->host_nodes);
	if (!*mask)
		return error_ret(EINVAL, "memdev %s: host-nodes=%s: no such "
				 "host node (this host has nodes 0-%d)",
				 c->id, c->host_nodes, numa_max_node());
	return 0;
}

static int backend_policy_mode(const char *policy)
{
	if (!policy || !strcmp(policy, "default"))
		return MPOL_DEFAULT;
	if (!strcmp(policy, "preferred"))
		return MPOL_PREFERRED;
	if (!strcmp(policy, "bind"))
		return MPOL_BIND;
	if (!strcmp(policy, "interleave"))
		return MPOL_INTERLEAVE;
	return -1;
}

/* Bind before any page is touched: placement happens at first fault. */
static int backend_apply_policy(struct host_memory_backend *be)
{
	const struct config_memdev *c = be->cfg;
	int mode = backend_policy_mode(c->policy);
	struct bitmask *mask;
	int ret;

	if (mode < 0)
		return error_ret(EINVAL, "memdev %s: policy=%s: use default, "
				 "preferred, bind or interleave", c->id,
				 c->policy);
	ret = backend_parse_nodes(c, &mask);
	if (ret)
		return ret;
	if (!mask && mode != MPOL_DEFAULT)
		return error_ret(EINVAL, "memdev %s: policy=%s needs "
				 "host-nodes", c->id, c->policy);
	if (mask) {
		ret = mbind(be->block->host, be->block->max_length,
			    mode == MPOL_DEFAULT ? MPOL_BIND : mode,
			    mask->maskp, mask->size + 1, MPOL_MF_STRICT);
		if (ret < 0)
			ret = error_ret(errno, "memdev %s: mbind to nodes %s: "
					"%s", c->id, c->host_nodes,
					strerror(errno));
		numa_bitmask_free(mask);
	}
	return ret;
}

static int backend_prealloc(struct host_memory_backend *be)
{
	struct ram_block *b = be->block;
	u64 off;

	if (madvise(b->host, b->max_length, MADV_POPULATE_WRITE) == 0)
		return 0;
	if (errno != EINVAL)
		return error_ret(errno, "memdev %s: prealloc of 0x%llx bytes: "
				 "%s", be->cfg->id,
				 (unsigned long long)b->max_length,
				 strerror(errno));
	/* Kernels before 5.14: touch one byte of every page. */
	for (off = 0; off < b->max_length; off += b->page_size)
		((volatile u8 *)b->host)[off] = ((volatile u8 *)b->host)[off];
	return 0;
}

int host_memory_backend_init(struct host_memory_backend *be,
			     const struct config_memdev *cfg)
{
	struct ram_block_desc d = { .size = cfg->size, .fd = -1 };
	char idstr[RAM_BLOCK_IDSTR_MAX];
	int ret;

	memset(be, 0, sizeof(*be));
	be->cfg = cfg;
	be->fd = -1;
	snprintf(idstr, sizeof(idstr), "/objects/%s", cfg->id);
	d.idstr = idstr;
	d.shared = cfg->share;
	if (cfg->hugetlb)
		d.page_size = cfg->hugetlbsize ? cfg->hugetlbsize : 2 * MiB;
	if (strcmp(cfg->qom_type, "memory-backend-ram")) {
		ret = backend_open_fd(be, &d.shared);
		if (ret < 0)
			return ret;
		be->fd = d.fd = ret;
	}
	be->block = ram_block_new(&d);
	if (!be->block) {
		ret = -ENOMEM;
		goto fail;
	}
	ret = backend_apply_policy(be);
	if (!ret && cfg->prealloc)
		ret = backend_prealloc(be);
	if (ret)
		goto fail;
	return 0;
fail:
	host_memory_backend_destroy(be);
	return ret;
}

void host_memory_backend_destroy(struct host_memory_backend *be)
{
	ram_block_free(be->block);
	be->block = NULL;
	if (be->fd >= 0)
		close(be->fd);
	be->fd = -1;
}
