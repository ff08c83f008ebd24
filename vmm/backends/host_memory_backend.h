/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_BACKENDS_HOST_MEMORY_BACKEND_H
#define VMM_BACKENDS_HOST_MEMORY_BACKEND_H

#include "backends/host_numa.h"
#include "backends/hostmem_prealloc.h"
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
#define HOST_MEMORY_BACKEND_MAX_NODES	HOST_NUMA_MAX_NODES
/* prealloc-threads: at most this many (QEMU takes any uint32). */
#define HOST_MEMORY_BACKEND_MAX_THREADS	PREALLOC_MAX_THREADS

/* The names, indexed by the enums above. */
extern const char *const host_memory_backend_kinds[HOST_MEMORY_BACKEND__NR];
extern const char *const host_mem_policies[HOST_MEM_POLICY__NR];

/*
 * -object memory-backend-{ram,memfd,file},id=ID,size=SIZE,...: what a
 * memdev is, already parsed: nothing below reads its text again.
 * host_memory_backend_params_init() gives QEMU's defaults.
 */
struct host_memory_backend_params {
	char				*id;
	enum host_memory_backend_kind	kind;
	u64				size;
	char				*mem_path;	/* FILE */
	bool				share;
	bool				discard_data;	/* FILE: drop at exit */
	bool				seal;		/* MEMFD: default on */
	bool				hugetlb;	/* MEMFD */
	u64				hugetlbsize;	/* 0: the default */
	bool				merge;		/* KSM: default on */
	bool				dump;		/* core dumps: default on */
	bool				prealloc;
	unsigned int			prealloc_threads; /* default 1 */
	enum host_mem_policy		policy;
	struct idset			host_nodes;
};

/* The qom-type into @kind; -EINVAL with the valid types listed. */
int host_memory_backend_kind_parse(const char *name,
				   enum host_memory_backend_kind *kind);
/* The policy into @policy; -EINVAL with the valid policies listed. */
int host_mem_policy_parse(const char *name, enum host_mem_policy *policy);
/* prealloc-threads: 1 to HOST_MEMORY_BACKEND_MAX_THREADS. */
int host_memory_backend_check_threads(u64 threads);
/* QEMU's defaults for @kind: a memfd is shared and sealed, merge, dump. */
void host_memory_backend_params_init(struct host_memory_backend_params *p,
				     enum host_memory_backend_kind kind);
/*
 * What QEMU checks once every property is set: a size, a mem-path for a
 * file, host-nodes exactly when the policy is not default.  Nothing of
 * the host is looked at: that is host_memory_backend_init()'s.
 */
int host_memory_backend_params_check(
	const struct host_memory_backend_params *p);
void host_memory_backend_params_free(struct host_memory_backend_params *p);

/*
 * A memdev: host memory of the requested kind, bound to host NUMA nodes
 * by policy before any page is touched, optionally preallocated.  Its
 * region ("<id>", RAM) is the backend's own, over a RAMBlock of the same
 * name as in QEMU 7.2: whoever maps the memdev maps &be->mr.
 */
struct host_memory_backend {
	const struct host_memory_backend_params	*params;
	struct memory_region			mr;
	bool					have_mr;
	int					fd;
	char					*created;	/* our file */
	size_t					page_size;
	int					mode;		/* mbind()'s */
	/* The kernel's counters before the first page: see placement. */
	struct host_numastat			numastat;
};

/*
 * Check what the host must have (the nodes, the huge pages, the memory
 * prealloc needs) before anything is created, then create, bind and
 * preallocate.  Any failure is one line naming the memdev, the size and
 * what is missing, with nothing left behind: no file we created, no
 * mapping.
 */
int host_memory_backend_init(struct host_memory_backend *be,
			     const struct host_memory_backend_params *p);
/* Unmap; with discard-data, drop the file's pages first. */
void host_memory_backend_destroy(struct host_memory_backend *be);
/* The host memory and its length. */
void *host_memory_backend_host(const struct host_memory_backend *be);
u64 host_memory_backend_length(const struct host_memory_backend *be);

#endif
