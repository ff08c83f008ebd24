// SPDX-License-Identifier: GPL-2.0
/*
 * A memdev's parameters: the names of its types and policies, QEMU's
 * defaults, and the checks QEMU makes once every property is set.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "backends/host_memory_backend.h"
#include "util/error.h"
#include "util/parse.h"

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

int host_memory_backend_check_threads(u64 threads)
{
	if (threads < 1 || threads > HOST_MEMORY_BACKEND_MAX_THREADS)
		return error_ret(EINVAL, "use 1 to %d threads",
				 HOST_MEMORY_BACKEND_MAX_THREADS);
	return 0;
}

void host_memory_backend_params_init(struct host_memory_backend_params *p,
				     enum host_memory_backend_kind kind)
{
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->share = kind == HOST_MEMORY_BACKEND_MEMFD;
	p->seal = kind == HOST_MEMORY_BACKEND_MEMFD;
	p->merge = true;
	p->dump = true;
	p->prealloc_threads = 1;
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
	if (host_memory_backend_check_threads(p->prealloc_threads)) {
		error_prepend("object '%s': prealloc-threads %u: ", p->id,
			      p->prealloc_threads);
		return -EINVAL;
	}
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
