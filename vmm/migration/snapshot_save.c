// SPDX-License-Identifier: GPL-2.0
/*
 * The live snapshot, in QEMU's order (migration/ram.c): logging on,
 * the whole of RAM, rounds of what was dirtied meanwhile, then the
 * vCPUs held for the last sync, the rest of RAM and the state of the
 * devices and vCPUs.  docs/snapshot.md.
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "cpu/vcpu_state.h"
#include "migration/device_state.h"
#include "migration/snapshot_ram.h"
#include "util/checksum.h"
#include "util/error.h"
#include "vmm.h"

void snapshot_params_init(struct snapshot_params *p, const char *path)
{
	memset(p, 0, sizeof(*p));
	p->path = path;
	p->max_rounds = SNAPSHOT_DEFAULT_ROUNDS;
	p->converge_pages = SNAPSHOT_DEFAULT_CONVERGE;
	p->io = SNAPSHOT_IO_URING;
	p->direct = true;
}

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Header, description (padded) and block table. */
static int write_header(struct snapshot_ram *r, struct vmm *vmm)
{
	static char desc[SNAPSHOT_DESC_MAX];
	struct snapshot_header h;
	int len = snapshot_describe(vmm, desc, sizeof(desc));
	u32 padded;
	int ret;

	if (len < 0)
		return len;
	padded = ALIGN_UP((u32)len, SNAPSHOT_REC_ALIGN);
	memset(desc + len, 0, padded - (u32)len);
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, SNAPSHOT_MAGIC, sizeof(h.magic));
	h.version = SNAPSHOT_VERSION;
	h.page_size = SNAPSHOT_PAGE_SIZE;
	h.desc_len = (u32)len;
	h.nr_blocks = r->nr;
	h.nr_vcpus = vmm->cpus.nr;
	h.header_len = (u32)sizeof(h) + padded +
		       r->nr * (u32)sizeof(struct snapshot_block);
	h.options_hash = checksum_buf(desc, (size_t)len);
	ret = snapshot_writer_write(r->w, &h, sizeof(h));
	if (!ret)
		ret = snapshot_writer_write(r->w, desc, padded);
	return ret ? ret : snapshot_ram_write_table(r);
}

/* A record of @len bytes of state, zeros up to SNAPSHOT_REC_ALIGN. */
static int write_state(struct snapshot_writer *w, u32 type, const void *data,
		       u32 len)
{
	u32 padded = ALIGN_UP(len, SNAPSHOT_REC_ALIGN);
	struct snapshot_record *rec = snapshot_writer_reserve(w, sizeof(*rec) +
							      padded);

	if (!rec)
		return w->error ? w->error : -EINVAL;
	memset(rec, 0, sizeof(*rec) + padded);
	rec->type = type;
	rec->len = padded;
	if (len)
		memcpy(rec + 1, data, len);
	return 0;
}

/* With the vCPUs held: devices, every vCPU, the END record. */
static int write_machine_state(struct snapshot_writer *w, struct vmm *vmm)
{
	static struct vcpu_state vs;
	struct snapshot_devices dev;
	unsigned int i;
	int ret = device_state_save(vmm, &dev);

	if (!ret)
		ret = write_state(w, SNAPSHOT_REC_DEVICE, &dev, sizeof(dev));
	for (i = 0; !ret && i < vmm->cpus.nr; i++) {
		ret = vcpu_state_get(&vmm->cpus.vcpus[i], &vs);
		if (!ret)
			ret = write_state(w, SNAPSHOT_REC_VCPU, &vs,
					  sizeof(vs));
	}
	if (!ret)
		ret = write_state(w, SNAPSHOT_REC_END, NULL, 0);
	return ret;
}

/* Rounds until few pages are dirtied per round, or the limit. */
static int iterate(struct snapshot_ram *r, struct vmm *vmm,
		   const struct snapshot_params *p, struct snapshot_stats *st)
{
	u64 pages;
	int ret;

	while (st->rounds < p->max_rounds) {
		st->rounds++;
		ret = snapshot_ram_write_dirty(r, vmm, &pages);
		if (ret)
			return ret;
		if (pages <= p->converge_pages)
			break;
	}
	return 0;
}

/* The stop-and-copy phase: the downtime. */
static int pause_and_finish(struct snapshot_ram *r, struct vmm *vmm,
			    const struct snapshot_params *p,
			    struct snapshot_stats *st)
{
	double t0 = now_s(), t1;
	int ret;

	cpus_pause(&vmm->cpus);
	if (__atomic_load_n(&vmm->cpus.done, __ATOMIC_SEQ_CST)) {
		cpus_resume(&vmm->cpus);
		return error_ret(ESRCH, "snapshot %s: the guest ended before "
				 "the snapshot did", p->path);
	}
	r->drop_next = p->test_drop_page;
	r->drop_from = p->test_drop_from;
	ret = snapshot_ram_write_dirty(r, vmm, &st->final_pages);
	if (!ret)
		ret = write_machine_state(r->w, vmm);
	t1 = now_s();
	if (!ret && p->at_pause)
		p->at_pause(p->opaque, vmm);
	/* What a test does at the pause is not the snapshot's downtime. */
	t0 += now_s() - t1;
	cpus_resume(&vmm->cpus);
	st->downtime = now_s() - t0;
	return ret;
}

/*
 * Logging on or off, a change of the memory map: with the vCPUs held,
 * as for a sync (snapshot_ram.c, take_all()).
 */
static void set_log(struct vmm *vmm, bool on)
{
	cpus_pause(&vmm->cpus);
	pc_machine_ram_set_log(&vmm->pcms, on);
	cpus_resume(&vmm->cpus);
}

static int save(struct snapshot_ram *r, struct vmm *vmm,
		const struct snapshot_params *p, struct snapshot_stats *st)
{
	int ret = write_header(r, vmm);

	if (ret)
		return ret;
	set_log(vmm, true);
	snapshot_ram_reset_dirty(r, vmm);
	ret = snapshot_ram_write_all(r);
	if (!ret)
		ret = iterate(r, vmm, p, st);
	if (!ret)
		ret = pause_and_finish(r, vmm, p, st);
	set_log(vmm, false);
	return ret;
}

/* The writer's first error, if it has one, else @ret's message. */
static int writer_error(struct snapshot_writer *w, int ret)
{
	if (w->error)
		return error_ret(-w->error, "%s", w->error_msg);
	return ret;
}

int snapshot_save(struct vmm *vmm, const struct snapshot_params *p,
		  struct snapshot_stats *st)
{
	static struct snapshot_writer w;
	struct snapshot_trailer t;
	struct snapshot_ram r;
	double t0 = now_s();
	int ret;

	memset(st, 0, sizeof(*st));
	if (!vmm->have_cpus)
		return error_ret(EINVAL, "snapshot %s: the guest is not "
				 "running", p->path);
	ret = snapshot_writer_open(&w, p->path, p->io, p->direct);
	if (ret)
		return ret;
	st->io_kind = w.io;	/* pwrite when io_uring is not there */
	st->fixed_bufs = w.fixed_bufs;
	st->fixed_file = w.fixed_file;
	ret = snapshot_ram_init(&r, &w, st);
	if (!ret && p->test_drop_page)
		ret = snapshot_ram_track_sums(&r);
	if (!ret)
		ret = writer_error(&w, save(&r, vmm, p, st));
	snapshot_ram_destroy(&r);
	st->io = w.stats;
	if (ret) {
		snapshot_writer_abort(&w);
		return ret;
	}
	memset(&t, 0, sizeof(t));
	t.rounds = st->rounds;
	t.pages = st->pages;
	ret = snapshot_writer_commit(&w, &t);
	st->io = w.stats;
	st->bytes = t.stream_len + SNAPSHOT_ALIGN;
	st->seconds = now_s() - t0;
	return ret;
}

void snapshot_stats_print(const struct snapshot_stats *st, const char *path,
			  FILE *f)
{
	fprintf(f, "snapshot %s: rounds %u pages %llu zero %llu final %llu "
		"bytes %llu seconds %.3f downtime-ms %.3f io %s%s%s%s "
		"short-writes %llu eagain %llu\n", path, st->rounds,
		(unsigned long long)st->pages,
		(unsigned long long)st->zero_pages,
		(unsigned long long)st->final_pages,
		(unsigned long long)st->bytes, st->seconds,
		st->downtime * 1e3, st->io_kind == SNAPSHOT_IO_URING ?
		"io_uring" : "pwrite",
		st->fixed_bufs ? ",registered-buffers" : "",
		st->fixed_file ? ",fixed-file" : "",
		st->io.direct ? ",O_DIRECT" : ",buffered",
		(unsigned long long)st->io.short_writes,
		(unsigned long long)st->io.eagain);
}
