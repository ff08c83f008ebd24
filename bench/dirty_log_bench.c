// SPDX-License-Identifier: GPL-2.0
/*
 * What reaping dirty pages costs, in each mode: the dirtier guest writes
 * a given share of its RAM per round (--rate, percent of its pages); the
 * host then syncs (reap: KVM_GET_DIRTY_LOG per slot, or harvesting the
 * rings) and takes every dirty bit of RAM (clear: with manual protect,
 * KVM_CLEAR_DIRTY_LOG for what was reported), timed apart.  For each
 * size (--sizes, default 1G,8G) a table: milliseconds per round, dirty
 * pages per second, and the ratio of the round's time to the plain
 * bitmap's, measured in the same run.  Guest RAM is mapped without
 * reserve and only the written pages are ever touched.
 *
 *   dirty_log_bench [--sizes 1G,8G] [--rate 1] [--rounds 5] [--vcpus 1]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_sizes.h"
#include "dirtier_host.h"
#include "dirty_modes.h"
#include "memory/dirty_log.h"
#include "util/bitmap.h"
#include "util/error.h"
#include "util/parse.h"
#include "vmm_inproc.h"

#define MAILBOX		0x800000ULL
#define AREA_BASE	0x1000000ULL

struct bench_opts {
	u64		sizes[4];
	unsigned int	nr_sizes;
	double		rate;		/* percent of the pages, per round */
	unsigned int	rounds;
	unsigned int	vcpus;
};

struct bench_row {
	bool	ok;
	char	why[200];
	double	reap_ms, clear_ms;	/* per round */
	u64	pages;			/* dirty pages taken per round */
};

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* The area: RAM below 4 GiB past the first 16 MiB (and the mailbox). */
static u64 area_size(u64 ram)
{
	u64 low = ram < 3 * GiB ? ram : 3 * GiB;

	return low - AREA_BASE - 16 * MiB;
}

/* One round's sync and take of all of @block, timed. */
static void time_round(struct bench_row *row, struct ram_block *block,
		       unsigned long *bits)
{
	double t0 = now_ms(), t1, t2;

	memory_global_dirty_log_sync();
	t1 = now_ms();
	row->pages += memory_dirty_take(block, 0, block->used_length, bits);
	t2 = now_ms();
	row->reap_ms += t1 - t0;
	row->clear_ms += t2 - t1;
}

static int run_rounds(struct vmm *vmm, const struct dirtier_config *cfg,
		      const struct bench_opts *o, struct bench_row *row)
{
	struct ram_block *block = memory_region_get_ram_block(&vmm->pcms.ram);
	unsigned long *bits = bitmap_new(block->used_length >> 12);
	struct dirtier_mbox mb = { 0 };
	unsigned int r;
	int ret = -1;

	if (!bits)
		return -1;
	memory_region_set_log(&vmm->pcms.ram, true, DIRTY_MEMORY_MIGRATION);
	memory_global_dirty_log_sync();
	memory_dirty_take(block, 0, block->used_length, bits);
	if (vmm_start_guest(vmm) || dirtier_wait_ready(vmm, cfg, &mb))
		goto out;
	for (r = 1; r <= o->rounds; r++) {
		dirtier_go(&mb, r);
		if (dirtier_wait_done(vmm, &mb, r))
			goto out;
		time_round(row, block, bits);
	}
	ret = dirtier_finish(vmm, &mb) == 1 ? 0 : -1;
out:
	free(bits);
	return ret;
}

static void bench_one(const struct dirty_mode *m, u64 ram,
		      const struct bench_opts *o, u32 ring,
		      struct bench_row *row)
{
	static struct vmm_params params;
	static struct vmm vmm;
	struct dirtier_config cfg = {
		.seed = 7, .base = AREA_BASE, .size = area_size(ram),
		.pages = (u64)((double)(ram >> 12) * o->rate / 100),
		.mailbox = MAILBOX,
	};

	memset(row, 0, sizeof(*row));
	dirtier_params(&params, ram, o->vcpus, &cfg);
	dirty_mode_params(m, &params, ring);
	memset(&vmm, 0, sizeof(vmm));
	if (vmm_build(&vmm, &params)) {
		snprintf(row->why, sizeof(row->why), "%s", error_get());
	} else if (run_rounds(&vmm, &cfg, o, row) || vmm.kml.error) {
		dirtier_abort(&vmm);
		snprintf(row->why, sizeof(row->why), "%.199s", vmm.kml.error ?
			 vmm.kml.error_msg : vmm.cpus.msg[0] ? vmm.cpus.msg :
			 "the dirtier did not run its rounds");
	} else {
		row->ok = true;
		row->reap_ms /= o->rounds;
		row->clear_ms /= o->rounds;
		row->pages /= o->rounds;
	}
	vmm_teardown(&vmm);
	vmm_params_free(&params);
}

static void print_row(const char *size, const char *mode,
		      const struct bench_row *row, double ref_ms)
{
	double total = row->reap_ms + row->clear_ms;

	if (!row->ok) {
		printf("%-5s %-15s failed: %s\n", size, mode, row->why);
		return;
	}
	printf("%-5s %-15s %10llu %10.3f %10.3f %10.3f %14.0f %8.2f\n", size,
	       mode, (unsigned long long)row->pages, row->reap_ms,
	       row->clear_ms, total, total > 0 ? row->pages / total * 1e3 : 0,
	       ref_ms > 0 ? total / ref_ms : 0);
}

static void bench_size(u64 ram, const struct bench_opts *o,
		       const struct kvm_caps *caps)
{
	u32 ring = (u32)MIN(caps->dirty_log_ring / 16,
			    KVM_DIRTY_RING_MAX_ENTRIES);
	struct bench_row rows[NR_DIRTY_MODES];
	char size[16];
	unsigned int i;

	snprintf(size, sizeof(size), "%lluG", (unsigned long long)(ram >> 30));
	for (i = 0; i < NR_DIRTY_MODES; i++) {
		const char *why = dirty_mode_unsupported(&dirty_modes[i], caps);

		if (why) {
			memset(&rows[i], 0, sizeof(rows[i]));
			snprintf(rows[i].why, sizeof(rows[i].why), "%s", why);
			continue;
		}
		bench_one(&dirty_modes[i], ram, o, ring, &rows[i]);
	}
	for (i = 0; i < NR_DIRTY_MODES; i++)
		print_row(size, dirty_modes[i].name, &rows[i],
			  rows[MODE_BITMAP].ok ? rows[MODE_BITMAP].reap_ms +
			  rows[MODE_BITMAP].clear_ms : 0);
}

/* "1G,8G": sizes in whole GiB. */
static int parse_size_list(const char *list, struct bench_opts *o)
{
	int n = bench_parse_sizes(list, o->sizes, ARRAY_SIZE(o->sizes));

	o->nr_sizes = n > 0 ? (unsigned int)n : 0;
	return n > 0 ? 0 : -1;
}

static int parse_opts(struct bench_opts *o, int argc, char **argv)
{
	int i;

	*o = (struct bench_opts){ { 1 * GiB, 8 * GiB }, 2, 1.0, 5, 1 };
	for (i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--rate"))
			o->rate = atof(argv[i + 1]);
		else if (!strcmp(argv[i], "--rounds"))
			o->rounds = (unsigned int)atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--vcpus"))
			o->vcpus = (unsigned int)atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--sizes") ||
			 parse_size_list(argv[i + 1], o))
			break;
	}
	if (i < argc || o->rate <= 0 || o->rate > 100 || !o->rounds ||
	    !o->vcpus || o->vcpus > 9) {
		fprintf(stderr, "usage: %s [--sizes 1G,8G] [--rate PERCENT "
			"(0, 100]] [--rounds N] [--vcpus 1..9]\n", argv[0]);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct bench_opts o;
	struct kvm_caps caps;
	unsigned int i;

	if (parse_opts(&o, argc, argv))
		return 1;
	if (!dirty_host_caps(&caps)) {
		printf("dirty_log_bench: /dev/kvm is not available: skipped\n");
		return 0;
	}
	printf("dirty_log_bench: %.2f%% of guest pages written per round, %u "
	       "rounds, %u vCPU%s; per round: reap = sync, clear = take "
	       "(and KVM_CLEAR_DIRTY_LOG); ratio = round time / bitmap's\n",
	       o.rate, o.rounds, o.vcpus, o.vcpus > 1 ? "s" : "");
	printf("%-5s %-15s %10s %10s %10s %10s %14s %8s\n", "size", "mode",
	       "pages", "reap ms", "clear ms", "total ms", "pages/s",
	       "ratio");
	for (i = 0; i < o.nr_sizes; i++)
		bench_size(o.sizes[i], &o, &caps);
	return 0;
}
