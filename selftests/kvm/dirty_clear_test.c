// SPDX-License-Identifier: GPL-2.0
/*
 * Taking dirty pages clears exactly what was taken, in each reaping mode,
 * on a logged region of 64 * 4 + 3 pages that is one slot.  The dirtier
 * writes every page of it each round (sequential=1).  Round 1: the host
 * takes only pages [3, 131): those are reported, and every other page
 * stays dirty, in the RAMBlock's bitmap and, with manual protect, in the
 * kernel's own bitmap (read without changing it), so nothing not yet
 * taken was cleared.  Round 2: every page is written again and taken:
 * all are reported, the pages cleared in round 1 among them (clearing
 * re-protected them); with manual protect the kernel's bitmap is then
 * empty up to the slot's last page.  Round 3: written and taken again,
 * the last three pages included (KVM_CLEAR_DIRTY_LOG's last chunk must
 * end at the slot's end, not be rounded to 64 pages).  That the guest
 * wrote each page is read from its stamps.
 */
#include <stdlib.h>
#include <string.h>

#include "dirty_check.h"
#include "dirty_modes.h"
#include "ktap.h"
#include "util/bitmap.h"
#include "util/error.h"
#include "vmm_inproc.h"

#define RAM_SIZE	(8ULL << 20)
#define MAILBOX		(7ULL << 20)
#define WINDOW		0x40000000ULL
#define PAGES		(64 * 4 + 3)
#define TAKE_FIRST	3
#define TAKE_PAGES	128

struct clear_vm {
	struct vmm		vmm;
	struct memory_region	region, alias;
	struct ram_block	*block;
	struct dirtier_mbox	mb;
	bool			manual;
	unsigned long		bits[BITS_TO_LONGS(PAGES)];
	unsigned long		kernel[BITS_TO_LONGS(PAGES)];
};

/* Every page carries round @r's stamp: the guest wrote them all. */
static bool all_stamped(const struct clear_vm *v, u64 r)
{
	const u8 *host = v->block->host;
	unsigned int p;

	for (p = 0; p < PAGES; p++) {
		const struct dirtier_stamp *s = (const void *)(host + p * 4096);

		if (s->magic != DIRTIER_STAMP_MAGIC || s->round != r ||
		    s->page != p)
			return false;
	}
	return true;
}

static int run_round(struct clear_vm *v, u64 r)
{
	dirtier_go(&v->mb, r);
	if (dirtier_wait_done(&v->vmm, &v->mb, r))
		return -1;
	if (!all_stamped(v, r)) {
		ktap_print_msg("round %llu: not every page stamped",
			       (unsigned long long)r);
		return -1;
	}
	memory_global_dirty_log_sync();
	return 0;
}

/* The kernel's bitmap of the region's slot (manual protect only). */
static int peek(struct clear_vm *v)
{
	const struct kvm_slot *slot = kvm_slots_find(&v->vmm.kml, WINDOW);

	if (kvm_dirty_log_peek(&v->vmm.kml, slot, v->kernel)) {
		ktap_print_msg("peek: %s", error_get());
		return -1;
	}
	return 0;
}

/* Bits [from, to) of @bits all equal @set. */
static bool bits_are(const unsigned long *bits, u64 from, u64 to, bool set)
{
	return bitmap_weight(bits, from, to - from) == (set ? to - from : 0);
}

/* Round 1: take [3, 131) only; the rest must stay dirty. */
static void round_partial(struct clear_vm *v, const char *mode, int *ret)
{
	u64 taken, left;
	bool kernel_ok = true;

	if (*ret || (*ret = run_round(v, 1)))
		return;
	taken = memory_dirty_take(v->block, TAKE_FIRST * 4096ULL,
				  TAKE_PAGES * 4096ULL, v->bits);
	left = dirty_bitmap_count(&v->block->dirty, 0, PAGES);
	if (v->manual) {
		*ret = peek(v);
		kernel_ok = !*ret &&
			    bits_are(v->kernel, 0, TAKE_FIRST, true) &&
			    bits_are(v->kernel, TAKE_FIRST,
				     TAKE_FIRST + TAKE_PAGES, false) &&
			    bits_are(v->kernel, TAKE_FIRST + TAKE_PAGES, PAGES,
				     true);
	}
	ktap_print_msg("%s: round 1: took %llu of [3, 131), %llu left dirty, "
		       "kernel bitmap %s", mode, (unsigned long long)taken,
		       (unsigned long long)left, !v->manual ? "(no manual "
		       "protect)" : kernel_ok ? "as expected" : "WRONG");
	dirty_result(mode, &v->vmm, TAKE_PAGES - taken + PAGES - TAKE_PAGES -
		     left, *ret || !kernel_ok, "%s: a partial take clears "
		     "nothing it did not take", mode);
}

/* Rounds 2 and 3: everything written, everything taken. */
static u64 round_full(struct clear_vm *v, u64 r, int *ret)
{
	u64 taken;

	if (*ret || (*ret = run_round(v, r)))
		return 0;
	taken = memory_dirty_take(v->block, 0, PAGES * 4096ULL, v->bits);
	if (v->manual && !(*ret = peek(v)) &&
	    !bits_are(v->kernel, 0, PAGES, false)) {
		ktap_print_msg("round %llu: the kernel's bitmap keeps %llu "
			       "bits after taking all", (unsigned long long)r,
			       (unsigned long long)bitmap_weight(v->kernel, 0,
								 PAGES));
		*ret = -1;
	}
	return taken;
}

static void run_rounds(struct clear_vm *v, const char *mode)
{
	struct dirtier_config cfg = {
		.base = WINDOW, .size = PAGES * 4096ULL, .pages = PAGES,
		.mailbox = MAILBOX, .sequential = true, .verify = true,
	};
	u64 taken;
	int ret = vmm_start_guest(&v->vmm) ||
		  dirtier_wait_ready(&v->vmm, &cfg, &v->mb) ? -1 : 0;

	round_partial(v, mode, &ret);
	taken = round_full(v, 2, &ret);
	ktap_print_msg("%s: round 2: took %llu of %d", mode,
		       (unsigned long long)taken, PAGES);
	dirty_result(mode, &v->vmm, ret ? 0 : PAGES - taken, ret,
		     "%s: pages taken, then written again, are reported "
		     "again", mode);
	taken = round_full(v, 3, &ret);
	ktap_print_msg("%s: round 3: took %llu of %d, the last three %s",
		       mode, (unsigned long long)taken, PAGES,
		       ret ? "not looked at" :
		       bits_are(v->bits, PAGES - 3, PAGES, true) ?
		       "among them" : "MISSING");
	dirty_result(mode, &v->vmm, ret ? 0 : PAGES - taken, ret,
		     "%s: a slot of 64 * 4 + 3 pages clears to its last page",
		     mode);
	if (!ret && dirtier_finish(&v->vmm, &v->mb) != 1)
		ktap_print_msg("guest: %s", v->vmm.cpus.msg);
	dirtier_abort(&v->vmm);
}

static void setup(struct clear_vm *v)
{
	struct memory_region *sys = &v->vmm.pcms.system_memory;
	unsigned long all[BITS_TO_LONGS(PAGES)];

	if (memory_region_init_ram(&v->region, "dirty-clear", PAGES * 4096ULL))
		ktap_exit_fail_msg("region: %s", error_get());
	memory_region_init_alias(&v->alias, "dirty-clear-map", &v->region, 0,
				 PAGES * 4096ULL);
	if (memory_region_add_subregion(sys, WINDOW, &v->alias))
		ktap_exit_fail_msg("mapping the region: %s", error_get());
	v->block = memory_region_get_ram_block(&v->region);
	memory_region_set_log(&v->region, true, DIRTY_MEMORY_MIGRATION);
	/* Initially all set (manual protect): take it all before round 1. */
	memory_global_dirty_log_sync();
	memory_dirty_take(v->block, 0, PAGES * 4096ULL, all);
}

static void run_mode(const struct dirty_mode *m, unsigned int call)
{
	static struct vmm_params params;
	static struct clear_vm v;
	struct dirtier_config cfg = {
		.base = WINDOW, .size = PAGES * 4096ULL, .pages = PAGES,
		.mailbox = MAILBOX, .sequential = true, .verify = true,
	};

	(void)call;
	memset(&v, 0, sizeof(v));
	dirtier_params(&params, RAM_SIZE, 1, &cfg);
	dirty_mode_params(m, &params, DIRTY_TEST_RING);
	vmm_build_inproc(&v.vmm, &params);
	v.manual = m->mode == KVM_DIRTY_LOG_MANUAL;
	setup(&v);
	run_rounds(&v, m->name);
	memory_region_del_subregion(&v.vmm.pcms.system_memory, &v.alias);
	memory_region_finalize(&v.alias);
	memory_region_finalize(&v.region);
	vmm_teardown(&v.vmm);
	vmm_params_free(&params);
}

int main(void)
{
	ktap_print_header();
	dirty_modes_run(1, 3, run_mode);
}
