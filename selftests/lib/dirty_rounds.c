// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dirty_rounds.h"
#include "ktap.h"
#include "vmm_inproc.h"

/* Round @r's set against the stamps and the last take. */
static void check_round_set(struct vmm *vmm, const struct dirty_check *c,
			    const struct dirtier_config *cfg, u64 r,
			    struct round_tally *t)
{
	struct memory_region_section s;
	u64 i;

	for (i = 0; i < cfg->pages; i++) {
		u64 p = dirtier_page(cfg, r, i);
		hwaddr gpa = cfg->base + p * 4096;
		const struct dirtier_stamp *st = guest_host_ptr(vmm, gpa);

		t->writes++;
		if (!st || st->magic != DIRTIER_STAMP_MAGIC || st->round != r ||
		    st->page != p)
			t->unwritten++;
		if (!address_space_translate(&vmm->pcms.as_memory, gpa, &s) ||
		    !dirty_check_taken(c, memory_region_get_ram_block(s.mr),
				       s.offset_within_region + gpa -
				       s.offset_within_address_space))
			t->unreported++;
	}
}

static int run(struct vmm *vmm, struct dirty_check *c,
	       const struct dirtier_config *cfg, u64 rounds,
	       struct round_tally *t)
{
	struct dirtier_mbox mb = { 0 };
	u64 r, before;
	int status;

	if (vmm_start_guest(vmm) || dirtier_wait_ready(vmm, cfg, &mb))
		return -1;
	for (r = 1; r <= rounds; r++) {
		dirtier_go(&mb, r);
		if (dirtier_wait_done(vmm, &mb, r))
			return -1;
		before = c->changed + c->false_positive;
		dirty_check_round(c);
		t->reported += c->changed + c->false_positive - before;
		check_round_set(vmm, c, cfg, r, t);
	}
	status = dirtier_finish(vmm, &mb);
	if (status != 1)
		ktap_print_msg("guest status %d: %s", status, vmm->cpus.msg);
	return status == 1 ? 0 : -1;
}

int dirty_run_rounds(struct vmm *vmm, struct dirty_check *c,
		     const struct dirtier_config *cfg, u64 rounds,
		     struct round_tally *t)
{
	int ret = run(vmm, c, cfg, rounds, t);

	if (ret) {
		/* What was written until then must still have been reported. */
		dirtier_abort(vmm);
		dirty_check_round(c);
	}
	return ret;
}

static void print_tally(const char *what, const struct vmm *vmm,
			const struct dirty_check *c,
			const struct round_tally *t)
{
	ktap_print_msg("%s: %llu writes, %llu unwritten, %llu reported, "
		       "%llu lost (%llu of the round sets), %llu false "
		       "positives, %llu ring entries naming no slot", what,
		       (unsigned long long)t->writes,
		       (unsigned long long)t->unwritten,
		       (unsigned long long)t->reported,
		       (unsigned long long)c->lost,
		       (unsigned long long)t->unreported,
		       (unsigned long long)c->false_positive,
		       (unsigned long long)vmm->kml.stats.ring_stray);
	dirty_check_print_problems(c, vmm);
}

void dirty_log_guest_ram(struct vmm *vmm)
{
	pc_machine_ram_set_log(&vmm->pcms, true);
}

int dirty_rounds_vm(struct vmm *vmm, const struct vmm_params *p,
		    struct dirty_check *c, const struct dirtier_config *cfg,
		    u64 rounds, struct round_tally *t)
{
	memset(vmm, 0, sizeof(*vmm));
	vmm_build_inproc(vmm, p);
	dirty_log_guest_ram(vmm);
	dirty_check_init(c);
	dirty_check_add_gpa(c, vmm, cfg->base, cfg->size);
	dirty_check_baseline(c);
	return dirty_run_rounds(vmm, c, cfg, rounds, t);
}

void dirty_rounds_end(struct vmm *vmm, struct vmm_params *p,
		      struct dirty_check *c)
{
	dirty_check_destroy(c);
	vmm_teardown(vmm);
	vmm_params_free(p);
}

void dirty_rounds_result(const char *mode, const char *what,
			 const struct vmm *vmm, const struct dirty_check *c,
			 const struct round_tally *t, bool failed,
			 const char *fmt, ...)
{
	char desc[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(desc, sizeof(desc), fmt, ap);
	va_end(ap);
	print_tally(what, vmm, c, t);
	dirty_result(mode, vmm, c->lost + t->unreported,
		     failed || t->unwritten || vmm->kml.error ||
		     vmm->kml.stats.ring_stray, "%s", desc);
}
