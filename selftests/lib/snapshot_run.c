// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ktap.h"
#include "snapshot_run.h"
#include "util/error.h"
#include "vmm_inproc.h"

/* Let the guest write for a while before the snapshot starts. */
static void let_run(void)
{
	struct timespec t = { 0, 20 * 1000 * 1000 };

	nanosleep(&t, NULL);
}

/* The guest's stamp count: the highest seq in round 1's set. */
static u64 guest_seq(struct vmm *vmm, const struct dirtier_config *cfg)
{
	const volatile struct dirtier_stamp *st;
	u64 i, seq = 0;

	for (i = 0; i < cfg->pages; i++) {
		st = guest_host_ptr(vmm, cfg->base +
				    dirtier_page(cfg, 1, i) * 4096);
		if (st && st->magic == DIRTIER_STAMP_MAGIC)
			seq = MAX(seq, st->seq);
	}
	return seq;
}

static void take_digest(void *opaque, struct vmm *vmm)
{
	struct snap_source *s = opaque;

	ram_digest_free(&s->at_pause);
	ram_digest_take(&s->at_pause);
	s->seq_at_pause = guest_seq(vmm, s->cfg);
	s->paused = true;
}

/* Every page of the dirtier's area made distinct: real data to write. */
static void fill_area(struct vmm *vmm, const struct dirtier_config *cfg)
{
	u64 off;
	u8 *p;

	for (off = 0; off < cfg->size; off += 4096) {
		p = guest_host_ptr(vmm, cfg->base + off);
		if (p)
			memset(p, (int)(off >> 12) | 1, 4096);
	}
}

/*
 * A snapshot to keep: one during which the guest wrote (else nothing
 * was proven about pages dirtied under it), and with test_drop_page one
 * where the hook found a changed page.
 */
static bool snapshot_kept(const struct snapshot_params *sp,
			  const struct snap_source *s)
{
	if (s->ret)
		return true;
	if (sp->test_drop_page && !s->st.dropped)
		return false;
	return s->seq_at_pause > s->seq_before;
}

/* Snapshots until one is kept (SNAP_TRIES at most). */
static void take_snapshots(struct vmm *vmm, const struct dirtier_config *cfg,
			   struct snapshot_params *sp, struct snap_source *s)
{
	sp->at_pause = take_digest;
	sp->opaque = s;
	s->cfg = cfg;
	for (s->tries = 0; s->tries < SNAP_TRIES; s->tries++) {
		if (s->tries)
			let_run();
		s->seq_before = guest_seq(vmm, cfg);
		s->ret = snapshot_save(vmm, sp, &s->st);
		if (snapshot_kept(sp, s))
			break;
	}
	snprintf(s->err, sizeof(s->err), "%s", s->ret ? error_get() :
		 s->tries == SNAP_TRIES ? "the guest wrote nothing during "
		 "any snapshot, or the hook found no page to drop" : "");
	s->tries += s->tries < SNAP_TRIES;
}

/*
 * Wait (10 s at most) until the guest has written round 1's whole set
 * once: it is writing when the snapshot starts.
 */
static void wait_first_pass(struct vmm *vmm, const struct dirtier_config *cfg)
{
	u64 p = dirtier_page(cfg, 1, cfg->pages - 1);
	volatile struct dirtier_stamp *st = guest_host_ptr(vmm, cfg->base +
							   p * 4096);
	unsigned int i;

	for (i = 0; st && i < 500 && (st->magic != DIRTIER_STAMP_MAGIC ||
				      st->round != 1); i++)
		let_run();
}

void snap_run_source(const struct vmm_params *p, const struct dirtier_config *cfg,
		     struct snapshot_params *sp, struct snap_source *s)
{
	static struct vmm vmm;
	struct dirtier_mbox mb = { 0 };

	ram_digest_free(&s->at_pause);
	memset(s, 0, sizeof(*s));
	memset(&vmm, 0, sizeof(vmm));
	vmm_build_inproc(&vmm, p);
	fill_area(&vmm, cfg);
	s->ret = -1;
	snprintf(s->err, sizeof(s->err), "the dirtier did not start");
	if (!vmm_start_guest(&vmm) && !dirtier_wait_ready(&vmm, cfg, &mb)) {
		dirtier_go(&mb, 1);
		wait_first_pass(&vmm, cfg);
		take_snapshots(&vmm, cfg, sp, s);
	}
	s->ring_lost = vmm.kvm.dirty_ring_lost_entries;
	s->status = mb.w ? dirtier_finish(&vmm, &mb) : -1;
	if (!mb.w)
		dirtier_abort(&vmm);
	vmm_teardown(&vmm);
}

int snap_restore_ram(struct vmm *vmm, const struct vmm_params *p,
		     const char *path, struct ram_digest *d,
		     struct snapshot_image **img, char *err, size_t len)
{
	int ret;

	memset(vmm, 0, sizeof(*vmm));
	vmm_build_inproc(vmm, p);
	ret = snapshot_restore_ram(vmm, path, img);
	if (ret) {
		snprintf(err, len, "%s", error_get());
		vmm_teardown(vmm);
		return ret;
	}
	ram_digest_take(d);
	return 0;
}

/* The last round's set, as the host reads it in guest memory. */
static u64 last_round_bad(struct vmm *vmm, const struct dirtier_config *cfg)
{
	const struct dirtier_stamp *st;
	u64 i, p, bad = 0;

	for (i = 0; i < cfg->pages; i++) {
		p = dirtier_page(cfg, cfg->rounds, i);
		st = guest_host_ptr(vmm, cfg->base + p * 4096);
		bad += !st || st->magic != DIRTIER_STAMP_MAGIC ||
		       st->round != cfg->rounds || st->page != p;
	}
	return bad;
}

/* Round 1 ends, then rounds 2.. run once each. */
static int drive_rounds(struct vmm *vmm, const struct dirtier_config *cfg)
{
	struct dirtier_mbox mb = { 0 };
	u64 r;

	if (dirtier_wait_ready(vmm, cfg, &mb))
		return -1;
	dirtier_end(&mb, 1);
	if (dirtier_wait_done(vmm, &mb, 1))
		return -1;
	for (r = 2; r <= cfg->rounds; r++) {
		dirtier_end(&mb, r);
		dirtier_go(&mb, r);
		if (dirtier_wait_done(vmm, &mb, r))
			return -1;
	}
	return 0;
}

int snap_run_restored(struct vmm *vmm, struct snapshot_image *img,
		      const struct dirtier_config *cfg, u64 *host_bad)
{
	int status = -1;

	*host_bad = 0;
	if (snapshot_restore_cpus(vmm, img)) {
		ktap_print_msg("%s", error_get());
	} else if (vmm_start_guest(vmm) || drive_rounds(vmm, cfg)) {
		dirtier_abort(vmm);
	} else {
		status = vmm_wait_guest(vmm);
		*host_bad = last_round_bad(vmm, cfg);
		if (status != 1)
			ktap_print_msg("restored guest: status %d %s", status,
				       vmm->cpus.msg);
	}
	snapshot_image_free(img);
	vmm_teardown(vmm);
	return status;
}
