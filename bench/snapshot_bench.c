// SPDX-License-Identifier: GPL-2.0
/*
 * How fast a live snapshot writes, and what io_uring buys: for each
 * guest size (--sizes, default 1G,8G) every page of guest RAM is first
 * past the first 32 MiB filled from the host (else most pages would be
 * zero records), the dirtier writes 16 MiB of it all along, and in the
 * same run, on the same
 * file system (--dir, default $TMPDIR or /tmp):
 *
 *   seq-write        a plain sequential write of the snapshot's size,
 *                    1 MiB pwrite(2)s, O_DIRECT when the file system
 *                    takes it, then fsync: the file system's speed
 *   snapshot uring   --snapshot-to as vmm does it (io_uring)
 *   snapshot pwrite  the same with --snapshot-io pwrite
 *
 * GiB/s, the ratio to seq-write, and the downtime at the pause.  Other
 * options of BENCH_FLAGS (dirty_log_bench's) are ignored.
 *
 *   snapshot_bench [--sizes 1G,8G] [--dir DIR]
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bench_sizes.h"
#include "dirtier_host.h"
#include "migration/snapshot.h"
#include "util/error.h"
#include "vmm_inproc.h"
#include "vmm_run.h"

#define FILL_FROM	(32 * MiB)

struct bench_row {
	bool	ok;
	char	why[640];
	u64	bytes;
	double	seconds, downtime_ms;
	bool	direct;
};

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/*
 * Every page of guest RAM past the dirtier's made non-zero, as a busy
 * guest's are (below, the guest's own data; the ROMs are its code).
 */
static void fill_ram(struct vmm *vmm)
{
	struct ram_block *b = memory_region_get_ram_block(&vmm->pcms.ram);
	u64 off;

	for (off = FILL_FROM; off < b->used_length; off += 4096)
		memset((u8 *)b->host + off, (int)(off >> 12) | 1, 4096);
}

static void bench_snapshot(struct vmm *vmm, const char *path,
			   enum snapshot_io io, struct bench_row *row)
{
	struct snapshot_params sp;
	struct snapshot_stats st;

	snapshot_params_init(&sp, path);
	sp.io = io;
	memset(row, 0, sizeof(*row));
	if (snapshot_save(vmm, &sp, &st)) {
		snprintf(row->why, sizeof(row->why), "%s", error_get());
		return;
	}
	row->ok = true;
	row->bytes = st.bytes;
	row->seconds = st.seconds;
	row->downtime_ms = st.downtime * 1e3;
	row->direct = st.io.direct;
	unlink(path);
}

/* The reference: @bytes in 1 MiB writes, then fsync. */
static void bench_seq(const char *path, u64 bytes, struct bench_row *row)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_DIRECT, 0644);
	void *buf = NULL;
	double t0;
	u64 done;

	memset(row, 0, sizeof(*row));
	row->direct = fd >= 0;
	if (fd < 0)
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || posix_memalign(&buf, 4096, 1 << 20)) {
		snprintf(row->why, sizeof(row->why), "%s: %s", path,
			 strerror(errno));
		goto out;
	}
	memset(buf, 0x5a, 1 << 20);
	t0 = now_s();
	for (done = 0; done < bytes; done += 1 << 20)
		if (pwrite(fd, buf, 1 << 20, (off_t)done) != 1 << 20)
			break;
	if (done < bytes || fsync(fd)) {
		snprintf(row->why, sizeof(row->why), "write: %s",
			 strerror(errno));
		goto out;
	}
	row->seconds = now_s() - t0;
	row->bytes = bytes;
	row->ok = true;
out:
	free(buf);
	if (fd >= 0)
		close(fd);
	unlink(path);
}

static void print_row(const char *size, const char *what,
		      const struct bench_row *r, double ref_gibs)
{
	double gibs = r->ok ? (double)r->bytes / GiB / r->seconds : 0;

	if (!r->ok) {
		printf("%-5s %-16s failed: %s\n", size, what, r->why);
		return;
	}
	printf("%-5s %-16s %8.2f %9.3f %8.2f %8.2f %12s %s\n", size, what,
	       (double)r->bytes / GiB, r->seconds, gibs,
	       ref_gibs > 0 ? gibs / ref_gibs : 0,
	       r->downtime_ms > 0 ? "" : "-", r->direct ? "O_DIRECT" :
	       "buffered");
	if (r->downtime_ms > 0)
		printf("%-5s %-16s downtime at the pause %.3f ms\n", size,
		       what, r->downtime_ms);
}

static void bench_size(u64 ram, const char *dir)
{
	static struct vmm_params p;
	static struct vmm vmm;
	struct dirtier_config cfg = {
		.seed = 7, .base = 16 * MiB, .size = 16 * MiB, .pages = 1024,
		.mailbox = 8 * MiB, .continuous = true, .verify = false,
	};
	struct dirtier_mbox mb = { 0 };
	struct bench_row rows[3];
	char path[512], size[16];
	unsigned int i;

	snprintf(size, sizeof(size), "%lluG", (unsigned long long)(ram >> 30));
	snprintf(path, sizeof(path), "%s/snapshot_bench.%d", dir, getpid());
	dirtier_params(&p, ram, 1, &cfg);
	memset(&vmm, 0, sizeof(vmm));
	vmm_build_inproc(&vmm, &p);
	fill_ram(&vmm);
	if (vmm_start_guest(&vmm) || dirtier_wait_ready(&vmm, &cfg, &mb)) {
		printf("%-5s failed to start the guest: %s\n", size,
		       error_get());
		dirtier_abort(&vmm);
		goto out;
	}
	/* Round 1 runs on until the end: the guest writes throughout. */
	dirtier_go(&mb, 1);
	bench_snapshot(&vmm, path, SNAPSHOT_IO_URING, &rows[1]);
	bench_snapshot(&vmm, path, SNAPSHOT_IO_PWRITE, &rows[2]);
	bench_seq(path, rows[1].ok ? rows[1].bytes : ram, &rows[0]);
	dirtier_abort(&vmm);
	for (i = 0; i < 3; i++)
		print_row(size, (const char *[]){ "seq-write",
			  "snapshot uring", "snapshot pwrite" }[i], &rows[i],
			  rows[0].ok ? (double)rows[0].bytes / GiB /
			  rows[0].seconds : 0);
out:
	vmm_teardown(&vmm);
	vmm_params_free(&p);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	u64 sizes[4] = { 1 * GiB, 8 * GiB };
	int nr = 2, i;

	for (i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--dir"))
			dir = argv[i + 1];
		else if (!strcmp(argv[i], "--sizes"))
			nr = bench_parse_sizes(argv[i + 1], sizes, 4);
	}
	if (nr < 0) {
		fprintf(stderr, "usage: %s [--sizes 1G,8G] [--dir DIR]\n",
			argv[0]);
		return 1;
	}
	if (!have_kvm()) {
		printf("snapshot_bench: /dev/kvm is not available: skipped\n");
		return 0;
	}
	printf("snapshot_bench: every guest page filled, the dirtier "
	       "running on 16 MiB; files in %s; ratio = GiB/s / "
	       "seq-write's\n", dir);
	printf("%-5s %-16s %8s %9s %8s %8s %12s %s\n", "size", "method",
	       "GiB", "seconds", "GiB/s", "ratio", "", "mode");
	for (i = 0; i < nr; i++)
		bench_size(sizes[i], dir);
	return 0;
}
