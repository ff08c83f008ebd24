// SPDX-License-Identifier: GPL-2.0
/*
 * No dirty page lost while slots change under the guest's writes, in
 * each reaping mode: two vCPUs of the dirtier write continuously into a
 * logged 2 MiB RAM region (its own RAMBlock) mapped through an alias,
 * while the host makes 1,000 changes to it: moves it between two places
 * (the guest writes both; half its writes then hit a hole), deletes and
 * re-adds it, flips it readonly (writes then exit and are dropped),
 * stops and restarts its logging, and changes the max slot size (every
 * slot deleted and made again).  Each change that removes or stops a
 * logged slot makes a final sync with the vCPUs held; the witness
 * (selftests/lib/dirty_check.h) checks the region's stamps inside that
 * hold, the host checks again with the vCPUs held every few changes and
 * at each round's end.  A stamp that changed and was never reported is
 * a lost page.  Prints its seed; --seed N replays.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dirty_check.h"
#include "dirty_modes.h"
#include "ktap.h"
#include "util/error.h"
#include "vmm_inproc.h"

#define RAM_SIZE	(8ULL << 20)
#define MAILBOX		(7ULL << 20)
#define REGION_SIZE	(2ULL << 20)
#define WINDOW		0x40000000ULL	/* the two places: WINDOW, + size */
#define CHANGES		1000
#define PER_ROUND	50
#define CHECK_EVERY	25

/* Max slot sizes the splits go through: none, 64 * 3 + 3 pages, 1 MiB. */
static const u64 slot_sizes[] = { 0, (64 * 3 + 3) * 4096ULL, 1ULL << 20 };

struct load {
	struct vmm		*vmm;
	struct dirty_check	*check;
	struct memory_region	region, alias;
	bool			mapped, readonly, logging;
	hwaddr			addr;
	unsigned int		done[5];	/* changes of each kind */
};

static void change_move(struct load *l)
{
	l->addr = l->addr == WINDOW ? WINDOW + REGION_SIZE : WINDOW;
	memory_region_set_address(&l->alias, l->addr);
}

static void change_map(struct load *l)
{
	struct memory_region *sys = &l->vmm->pcms.system_memory;

	if (l->mapped)
		memory_region_del_subregion(sys, &l->alias);
	else if (memory_region_add_subregion(sys, l->addr, &l->alias))
		ktap_exit_fail_msg("re-adding the region failed");
	l->mapped = !l->mapped;
}

static void change_readonly(struct load *l)
{
	l->readonly = !l->readonly;
	memory_region_set_readonly(&l->alias, l->readonly);
}

/* Logging stops only where the witness sees it stop: while mapped. */
static bool change_log(struct load *l)
{
	if (l->logging && !l->mapped)
		return false;
	l->logging = !l->logging;
	memory_region_set_log(&l->region, l->logging, DIRTY_MEMORY_MIGRATION);
	if (l->logging)
		dirty_check_retrack(l->check,
				    memory_region_get_ram_block(&l->region));
	return true;
}

static void change_split(struct load *l)
{
	u64 size = slot_sizes[random() % ARRAY_SIZE(slot_sizes)];

	if (kvm_memory_listener_set_max_slot_size(&l->vmm->kml, size))
		ktap_print_msg("max slot size 0x%llx: %s",
			       (unsigned long long)size, l->vmm->kml.error_msg);
}

/* One change of a random kind; splits are the slowest: one in ten. */
static void change(struct load *l)
{
	unsigned int kind = (unsigned int)(random() % 10);

	if (kind == 9) {
		change_split(l);
		l->done[4]++;
		return;
	}
	kind %= 4;
	if (kind == 0 && l->mapped)
		change_move(l);
	else if (kind == 1)
		change_map(l);
	else if (kind == 2)
		change_readonly(l);
	else if (!change_log(l))
		change_map(l), kind = 1;
	l->done[kind]++;
}

/* A check with the guest running: held out of guest mode meanwhile. */
static void held_check(struct load *l)
{
	cpus_pause(&l->vmm->cpus);
	dirty_check_round(l->check);
	cpus_resume(&l->vmm->cpus);
}

static int run_load(struct load *l, const struct dirtier_config *cfg)
{
	struct dirtier_mbox mb = { 0 };
	unsigned int n = 0;
	u64 r;

	if (vmm_start_guest(l->vmm) || dirtier_wait_ready(l->vmm, cfg, &mb))
		return -1;
	for (r = 1; n < CHANGES; r++) {
		dirtier_go(&mb, r);
		for (unsigned int i = 0; i < PER_ROUND; i++, n++) {
			change(l);
			if (i % CHECK_EVERY == CHECK_EVERY - 1)
				held_check(l);
		}
		dirtier_end(&mb, r);
		if (dirtier_wait_done(l->vmm, &mb, r))
			return -1;
		dirty_check_round(l->check);
	}
	return dirtier_finish(l->vmm, &mb) == 1 ? 0 : -1;
}

static void setup_region(struct load *l)
{
	if (memory_region_init_ram(&l->region, "dirty-test", REGION_SIZE))
		ktap_exit_fail_msg("region: %s", error_get());
	memory_region_init_alias(&l->alias, "dirty-test-map", &l->region, 0,
				 REGION_SIZE);
	l->addr = WINDOW;
	l->mapped = l->logging = true;
	if (memory_region_add_subregion(&l->vmm->pcms.system_memory, l->addr,
					&l->alias))
		ktap_exit_fail_msg("mapping the region: %s", error_get());
	memory_region_set_log(&l->region, true, DIRTY_MEMORY_MIGRATION);
}

/* Unmap and free the region (the VM has ended). */
static void teardown_region(struct load *l)
{
	if (l->mapped)
		memory_region_del_subregion(&l->vmm->pcms.system_memory,
					    &l->alias);
	memory_region_finalize(&l->alias);
	memory_region_finalize(&l->region);
}

static void report(const struct dirty_mode *m, const struct load *l,
		   const struct dirty_check *c, int ret)
{
	const struct kvm_dirty_log_stats *s = &l->vmm->kml.stats;

	ktap_print_msg("%s: changes: %u moves, %u delete/re-add, %u readonly "
		       "flips, %u logging flips, %u max-slot-size", m->name,
		       l->done[0], l->done[1], l->done[2], l->done[3],
		       l->done[4]);
	ktap_print_msg("%s: %llu holds, %llu final syncs, %llu checks, %llu "
		       "witness checks, %llu changed pages reported, %llu "
		       "lost, %llu false positives", m->name,
		       (unsigned long long)s->holds,
		       (unsigned long long)s->final_syncs,
		       (unsigned long long)c->checks,
		       (unsigned long long)c->witness_checks,
		       (unsigned long long)c->changed,
		       (unsigned long long)c->lost,
		       (unsigned long long)c->false_positive);
	dirty_check_print_problems(c, l->vmm);
	dirty_result(m->name, l->vmm, c->lost,
		     ret || l->vmm->kml.error || s->ring_stray ||
		     !c->witness_checks || !c->changed,
		     "%s: no dirty page lost over %d slot changes under load",
		     m->name, CHANGES);
}

static void run_mode(const struct dirty_mode *m, unsigned int call)
{
	static struct vmm_params params;
	static struct vmm vmm;
	struct dirtier_config cfg = {
		.seed = (u64)random(), .base = WINDOW, .size = 2 * REGION_SIZE,
		.pages = 128, .mailbox = MAILBOX, .continuous = true,
	};
	struct dirty_check c;
	struct load l = { .vmm = &vmm, .check = &c };
	int ret;

	(void)call;
	dirtier_params(&params, RAM_SIZE, 2, &cfg);
	dirty_mode_params(m, &params, DIRTY_TEST_RING);
	memset(&vmm, 0, sizeof(vmm));
	vmm_build_inproc(&vmm, &params);
	setup_region(&l);
	dirty_check_init(&c);
	dirty_check_add(&c, "dirty-test", memory_region_get_ram_block(
				&l.region), 0, REGION_SIZE);
	dirty_check_witness(&c, &vmm.pcms.as_memory);
	dirty_check_baseline(&c);
	ret = run_load(&l, &cfg);
	if (ret) {
		dirtier_abort(&vmm);
		dirty_check_round(&c);
	}
	report(m, &l, &c, ret);
	dirty_check_destroy(&c);
	teardown_region(&l);
	vmm_teardown(&vmm);
	vmm_params_free(&params);
}

int main(int argc, char **argv)
{
	unsigned int seed = argc > 2 && !strcmp(argv[1], "--seed") ?
			    (unsigned int)strtoul(argv[2], NULL, 0) :
			    (unsigned int)getpid();

	ktap_print_header();
	ktap_print_msg("seed %u", seed);
	srandom(seed);
	dirty_modes_run(1, 1, run_mode);
}
