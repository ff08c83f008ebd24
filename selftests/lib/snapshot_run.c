// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ktap.h"
#include "snapshot_run.h"
#include "util/error.h"
#include "vmm_inproc.h"

static void take_digest(void *opaque, struct vmm *vmm)
{
	struct snap_source *s = opaque;

	(void)vmm;
	ram_digest_free(&s->at_pause);
	ram_digest_take(&s->at_pause);
	s->paused = true;
}

/* Let the guest write for a while before the snapshot starts. */
static void let_run(void)
{
	struct timespec t = { 0, 20 * 1000 * 1000 };

	nanosleep(&t, NULL);
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
	s->ret = -1;
	snprintf(s->err, sizeof(s->err), "the dirtier did not start");
	if (!vmm_start_guest(&vmm) && !dirtier_wait_ready(&vmm, cfg, &mb)) {
		dirtier_go(&mb, 1);
		let_run();
		sp->at_pause = take_digest;
		sp->opaque = s;
		s->ret = snapshot_save(&vmm, sp, &s->st);
		/*
		 * The hook needs a page the guest changed after it was
		 * written: a guest starved of CPU may have changed none.
		 */
		while (!s->ret && sp->test_drop_page && !s->st.dropped &&
		       ++s->tries < SNAP_DROP_TRIES) {
			let_run();
			s->ret = snapshot_save(&vmm, sp, &s->st);
		}
		snprintf(s->err, sizeof(s->err), "%s",
			 s->ret ? error_get() : "");
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
