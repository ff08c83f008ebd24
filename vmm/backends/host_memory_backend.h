/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_BACKENDS_HOST_MEMORY_BACKEND_H
#define VMM_BACKENDS_HOST_MEMORY_BACKEND_H

#include "memory/memory_region.h"
#include "util/idset.h"

/* QEMU's qom-types, in the order messages list them. */
enum host_memory_backend_kind {
	HOST_MEMORY_BACKEND_RAM,	/* memory-backend-ram */
	HOST_MEMORY_BACKEND_MEMFD,	/* memory-backend-memfd */
	HOST_MEMORY_BACKEND_FILE,	/* memory-backend-file */
	HOST_MEMORY_BACKEND__NR,
};

/* QEMU's HostMemPolicy, each the mbind() mode of the same name. */
enum host_mem_policy {
	HOST_MEM_POLICY_DEFAULT,
	HOST_MEM_POLICY_PREFERRED,
	HOST_MEM_POLICY_BIND,
	HOST_MEM_POLICY_INTERLEAVE,
	HOST_MEM_POLICY__NR,
};

/* Host nodes a policy may name: QEMU's MAX_NODES. */
#define HOST_MEMORY_BACKEND_MAX_NODES	128

/* The names, indexed by the enums above. */
extern const char *const host_memory_backend_kinds[HOST_MEMORY_BACKEND__NR];
extern const char *const host_mem_policies[HOST_MEM_POLICY__NR];

/*
 * -object memory-backend-{ram,memfd,file},id=ID,size=SIZE,...: what a
 * memdev is, already parsed: nothing below reads its text again.
 */
struct host_memory_backend_params {
	char				*id;
	enum host_memory_backend_kind	kind;
	u64				size;
	char				*mem_path;	/* FILE */
	bool				share;
	bool				prealloc;
	bool				hugetlb;	/* MEMFD */
	u64				hugetlbsize;	/* 0: 2 MiB */
	enum host_mem_policy		policy;
	struct idset			host_nodes;
};

/* The qom-type into @kind; -EINVAL with the valid types listed. */
int host_memory_backend_kind_parse(const char *name,
				   enum host_memory_backend_kind *kind);
/* The policy into @policy; -EINVAL with the valid policies listed. */
int host_mem_policy_parse(const char *name, enum host_mem_policy *policy);
/* QEMU's defaults for @kind: a memfd is shared unless told otherwise. */
void host_memory_backend_params_init(struct host_memory_backend_params *p,
				     enum host_memory_backend_kind kind);
/*
 * What QEMU checks once every property is set: a size, a mem-path for a
 * file, host-nodes exactly when the policy is not default.
 */
int host_memory_backend_params_check(
	const struct host_memory_backend_params *p);
void host_memory_backend_params_free(struct host_memory_backend_params *p);

/*
 * A memdev: host memory of the requested kind, bound to host NUMA nodes
 * by policy, optionally preallocated.  Its RAMBlock is named
 * "/objects/<id>" as in QEMU, and its region ("<id>", RAM) is the
 * backend's own: whoever maps the memdev maps &be->mr.
 */
struct host_memory_backend {
	const struct host_memory_backend_params	*params;
	struct memory_region			mr;
	bool					have_mr;
	int					fd;
};

int host_memory_backend_init(struct host_memory_backend *be,
			     const struct host_memory_backend_params *p);
void host_memory_backend_destroy(struct host_memory_backend *be);

#endif
