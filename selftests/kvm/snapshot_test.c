// SPDX-License-Identifier: GPL-2.0
/*
 * A live snapshot, proven from outside: the dirtier writes pages all
 * through the snapshot (round 1 runs on until the host ends it); at the
 * pause, with the vCPUs held and everything taken, the host sums every
 * page of every RAMBlock of the source VM (selftests/lib/ram_digest.c,
 * not the snapshot's own checksum).  A new VM built from the same
 * options loads the file, and before its vCPUs exist its pages must
 * equal the sums page for page: a dirty page the log lost, or one the
 * writer or the loader got wrong, is a page that differs.  Then the
 * restored guest runs its remaining rounds and checks its own stamps,
 * and the host checks the last round's stamps too.
 *
 * In each dirty-log mode: pc.ram in one slot, split into 8 MiB slots,
 * two NUMA memdevs with two vCPUs (the irqchip, the second vCPU's
 * LAPIC and state), and the test hook that leaves one dirty page of the
 * final sync out of the file: the comparison must then fail, at that
 * page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dirty_modes.h"
#include "known_issues.h"
#include "ktap.h"
#include "snapshot_run.h"
#include "vmm_inproc.h"

#define RAM_SIZE	(64ULL << 20)
#define AREA_BASE	(8ULL << 20)
#define AREA_SIZE	(48ULL << 20)
#define MAILBOX		(60ULL << 20)
#define PAGES		512
#define ROUNDS		3
#define SPLIT_SIZE	(8ULL << 20)

enum layout { PLAIN, SPLIT, NUMA, DROP, NR_LAYOUTS };

static const char *const layout_names[NR_LAYOUTS] = {
	"pc.ram", "max-slot-size=8M", "two NUMA memdevs, 2 vCPUs",
	"one dirty page dropped (test hook)",
};

static char dir[] = "/tmp/snapshot_test.XXXXXX";

static void case_params(struct vmm_params *p, const struct dirty_mode *m,
			enum layout l, struct dirtier_config *cfg)
{
	dirtier_params(p, RAM_SIZE, l == NUMA ? 2 : 1, cfg);
	dirty_mode_params(m, p, DIRTY_TEST_RING);
	if (l == SPLIT)
		p->max_slot_size = SPLIT_SIZE;
	if (l == NUMA) {
		vmm_params_add_node_memdev(p, "m0", 24ULL << 20);
		vmm_params_add_node_memdev(p, "m1", RAM_SIZE - (24ULL << 20));
	}
}

/* Result 1: the restored RAM against the sums at the pause. */
static void result_equal(const struct dirty_mode *m, const char *what,
			 const struct snap_source *s, u64 diff)
{
	u64 ram_pages = 0;
	unsigned int i;

	for (i = 0; i < s->at_pause.nr; i++)
		ram_pages += s->at_pause.blocks[i].length / 4096;
	ktap_print_msg("%s: %u snapshots, the guest wrote %llu stamps during "
		       "the last", what, s->tries,
		       (unsigned long long)(s->seq_at_pause - s->seq_before));
	ktap_print_msg("%s: rounds %u pages %llu (%llu after the first pass) "
		       "final %llu downtime %.3f ms", what, s->st.rounds,
		       (unsigned long long)s->st.pages,
		       (unsigned long long)(s->st.pages - ram_pages),
		       (unsigned long long)s->st.final_pages,
		       s->st.downtime * 1e3);
	if (s->ret || !s->paused)
		ktap_print_msg("snapshot: %s", s->err);
	/* The ring's known defect may also stop the guest mid-snapshot. */
	if ((s->ret || !s->paused) && !s->ring_lost) {
		ktap_test_result(false, "%s: restored RAM = source at the "
				 "pause", what);
		return;
	}
	known_result(m->name, !s->ret && s->paused && !diff, s->ring_lost ?
		     KNOWN_RING_LOST_ENTRIES : KNOWN_LOST_DIRTY_PAGES,
		     "%s: restored RAM = source at the pause", what);
}

/* The hook's page must be the first (and only) one that differs. */
static void result_dropped(const struct dirty_mode *m, const char *what,
			   const struct snap_source *s,
			   const struct ram_digest *d)
{
	const char *idstr = "";
	u64 off = 0;
	bool differs = ram_digest_first_diff(&s->at_pause, d, &idstr, &off);

	ktap_print_msg("%s: %u snapshots; dropped %s offset 0x%llx; first "
		       "differing page %s offset 0x%llx", what, s->tries,
		       s->st.dropped ? s->st.dropped_block : "none",
		       (unsigned long long)s->st.dropped_offset,
		       differs ? idstr : "none", (unsigned long long)off);
	known_result(m->name, s->st.dropped && differs &&
		     !strcmp(idstr, s->st.dropped_block) &&
		     off == s->st.dropped_offset, s->ring_lost ?
		     KNOWN_RING_LOST_ENTRIES : KNOWN_LOST_DIRTY_PAGES,
		     "%s: the comparison fails at the dropped page", what);
}

/* Result 2: the restored guest's rounds, its verdict and the host's. */
static void result_goes_on(const struct dirty_mode *m, const char *what,
			   const struct snap_source *src, int status, u64 bad)
{
	bool pass = src->status == 1 && status == 1 && !bad;

	ktap_print_msg("%s: source status %d, restored status %d, host: %llu "
		       "of round %d's pages without its stamp", what,
		       src->status, status, (unsigned long long)bad, ROUNDS);
	/* Only the ring's known defect goes through known-issues. */
	if (!pass && src->ring_lost)
		known_result(m->name, false, KNOWN_RING_LOST_ENTRIES, "%s: the "
			     "restored guest finishes its rounds, its stamps "
			     "checked by the guest and the host", what);
	else
		ktap_test_result(pass, "%s: the restored guest finishes its "
				 "rounds, its stamps checked by the guest and "
				 "the host", what);
}

/*
 * Restore @path into a new VM, compare its RAM with the source's at
 * the pause, run it on: the pages that differ (~0: not restored).
 */
static u64 restore_case(const struct vmm_params *params, const char *path,
			const struct dirtier_config *cfg,
			const struct snap_source *src,
			struct ram_digest *restored, int *status, u64 *bad)
{
	static struct vmm vmm;
	struct snapshot_image *img;
	char first[256], err[512];
	u64 diff;

	*status = -1;
	*bad = 0;
	if (snap_restore_ram(&vmm, params, path, restored, &img, err,
			     sizeof(err))) {
		ktap_print_msg("restore: %s", err);
		return ~0ULL;
	}
	diff = ram_digest_compare(&src->at_pause, restored, first,
				  sizeof(first));
	ktap_print_msg("%llu pages differ, the first: %s",
		       (unsigned long long)diff, first);
	*status = snap_run_restored(&vmm, img, cfg, bad);
	return diff;
}

static void run_case(const struct dirty_mode *m, unsigned int call)
{
	static struct vmm_params params;
	static struct ram_digest restored;
	static struct snap_source src;
	enum layout l = (enum layout)call;
	struct dirtier_config cfg = {
		.seed = 0x5a5a0000 + call, .base = AREA_BASE, .size = AREA_SIZE,
		.pages = PAGES, .rounds = ROUNDS, .mailbox = MAILBOX,
		.continuous = true, .verify = true,
	};
	struct snapshot_params sp;
	char path[256], what[128];
	u64 diff, bad;
	int status;

	snprintf(path, sizeof(path), "%s/%s-%u.snap", dir, m->name, call);
	snprintf(what, sizeof(what), "%s, %s", m->name, layout_names[l]);
	case_params(&params, m, l, &cfg);
	snapshot_params_init(&sp, path);
	sp.test_drop_page = l == DROP;
	sp.test_drop_from = AREA_BASE;
	/* No rounds: the final sync has every page written meanwhile. */
	if (l == DROP)
		sp.max_rounds = 0;
	snap_run_source(&params, &cfg, &sp, &src);
	diff = restore_case(&params, path, &cfg, &src, &restored, &status,
			    &bad);
	if (l == DROP)
		result_dropped(m, what, &src, &restored);
	else
		result_equal(m, what, &src, diff);
	result_goes_on(m, what, &src, status, bad);
	ram_digest_free(&src.at_pause);
	ram_digest_free(&restored);
	unlink(path);
	vmm_params_free(&params);
}

static void remove_dir(void)
{
	rmdir(dir);
}

int main(void)
{
	ktap_print_header();
	if (!mkdtemp(dir))
		ktap_exit_fail_msg("mkdtemp %s", dir);
	atexit(remove_dir);
	dirty_modes_run(NR_LAYOUTS, 2, run_case);
}
