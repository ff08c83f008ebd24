// SPDX-License-Identifier: GPL-2.0
/*
 * Randomized property test of the memory core: 1,100 random topologies
 * against the brute-force model of selftests/lib/flatview_model.c, every
 * choice from a PRNG seeded anew on each run.  Failures print the seed:
 * `flatview_random_test --seed N` (or RANDOM_SEED=N) reproduces them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "flatview_model.h"
#include "ktap.h"
#include "util/types.h"

#define TOPOLOGIES	1100

/* ---- a small PRNG (splitmix64), so that a seed replays exactly ---- */

static u64 rng_state, seed;
static unsigned long long topo_index;

static u64 rnd64(void)
{
	u64 z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned int prng_rnd(void *opaque, unsigned int n)
{
	(void)opaque;
	return (unsigned int)(rnd64() % n);
}

static bool prng_done(void *opaque)
{
	(void)opaque;
	return false;
}

static const char *prng_where(void *opaque)
{
	static char buf[64];

	(void)opaque;
	snprintf(buf, sizeof(buf), "seed %llu, topology %llu",
		 (unsigned long long)seed, topo_index);
	return buf;
}

static const struct fvm_source prng = {
	.rnd = prng_rnd, .done = prng_done, .where = prng_where,
};

static u64 parse_seed(int argc, char **argv)
{
	const char *env = getenv("RANDOM_SEED");
	struct timespec ts;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			return strtoull(argv[i + 1], NULL, 0);
		if (!strncmp(argv[i], "--seed=", 7))
			return strtoull(argv[i] + 7, NULL, 0);
	}
	if (env && *env)
		return strtoull(env, NULL, 0);
	clock_gettime(CLOCK_REALTIME, &ts);
	return ((u64)ts.tv_sec * 1000000007ULL) ^ (u64)ts.tv_nsec ^
	       ((u64)getpid() << 32);
}

int main(int argc, char **argv)
{
	seed = parse_seed(argc, argv);
	rng_state = seed;

	ktap_print_header();
	ktap_set_plan(5);
	ktap_print_msg("seed %llu", (unsigned long long)seed);
	ktap_print_msg("reproduce with: %s --seed %llu", argv[0],
		       (unsigned long long)seed);

	for (topo_index = 0; topo_index < TOPOLOGIES; topo_index++)
		fvm_run_topology(&prng);

	ktap_print_msg("%llu topologies, %llu operations, %llu checks of "
		       "every page", fvm.topologies, fvm.ops, fvm.checks);
	KTAP_EXPECT_EQ(fvm.page_mismatches, 0,
		       "every page of every view matches the reference model");
	KTAP_EXPECT_EQ(fvm.shape_failures, 0,
		       "views are sorted, disjoint and maximally simplified");
	KTAP_EXPECT_EQ(fvm.ret_mismatches, 0,
		       "add_subregion returns -EBUSY exactly on collisions");
	KTAP_EXPECT_EQ(fvm.txn_failures, 0,
		       "nothing renders inside a transaction, once at commit");
	KTAP_EXPECT_EQ(fvm.mirror_failures, 0,
		       "a listener's mirror of the callbacks equals each view");
	if (ktap_failed())
		ktap_print_msg("seed %llu", (unsigned long long)seed);
	ktap_finished();
}
