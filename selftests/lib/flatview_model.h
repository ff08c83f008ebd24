/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SELFTESTS_FLATVIEW_MODEL_H
#define SELFTESTS_FLATVIEW_MODEL_H

#include <stdbool.h>

/*
 * The memory core checked against a brute-force model of QEMU's
 * rendering rules (flatview_model.c says which), shared by the property
 * test and the fuzzer: every choice (tree shape, operation, argument)
 * comes from a source, so that a seed or a fuzzer's input replays a run
 * exactly.
 */
struct fvm_source {
	/* A number in [0, n), n >= 1. */
	unsigned int	(*rnd)(void *opaque, unsigned int n);
	/* No more choices to make: end the topology (a fuzzer's input). */
	bool		(*done)(void *opaque);
	/* Where a failure happened, for its report ("seed 1, topology 2"). */
	const char	*(*where)(void *opaque);
	void		*opaque;
};

/* Operations per topology, at most. */
#define FVM_OPS_PER_TOPO	100

/* What every run so far did and found; failures print the history. */
struct fvm_stats {
	unsigned long long	topologies, ops, checks;
	unsigned long long	page_mismatches;	/* view vs model */
	unsigned long long	shape_failures;		/* sorted, merged */
	unsigned long long	ret_mismatches;		/* -EBUSY exactly */
	unsigned long long	txn_failures;		/* one render */
	unsigned long long	mirror_failures;	/* listener calls */
};
extern struct fvm_stats fvm;

/*
 * One topology: a random tree in a fresh address space, populated in a
 * transaction, then up to FVM_OPS_PER_TOPO operations (or until the
 * source is done), each checked; then everything is torn down.
 */
void fvm_run_topology(const struct fvm_source *source);
/* The sum of the failure counters of fvm. */
unsigned long long fvm_failures(void);

#endif
