/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_MIGRATION_SNAPSHOT_H
#define VMM_MIGRATION_SNAPSHOT_H

#include <stdio.h>

#include "migration/snapshot_writer.h"
#include "ram/ram_block.h"

struct vmm;

/*
 * A live snapshot to a file (QEMU's `migrate file:`), docs/snapshot.md:
 * with the guest running, log its RAM, write every page, then rounds of
 * the pages dirtied meanwhile until a round finds at most
 * @converge_pages or @max_rounds have run; then hold the vCPUs, sync
 * once more, write the rest, the devices and the vCPUs, and let the
 * guest go on while the file is finished (trailer, fsync, rename).
 */
struct snapshot_params {
	const char	*path;
	unsigned int	max_rounds;	/* after the first pass */
	u64		converge_pages;
	enum snapshot_io io;
	bool		direct;		/* try O_DIRECT */
	/*
	 * With the vCPUs held, after the last page and state were taken
	 * (a test looks at the source's RAM there).
	 */
	void		(*at_pause)(void *opaque, struct vmm *vmm);
	void		*opaque;
	/*
	 * TEST ONLY: leave the first dirty page of the final sync at or
	 * above offset @test_drop_from of its block out of the file, as a
	 * lost dirty bit would (the test must see it).
	 */
	bool		test_drop_page;
	u64		test_drop_from;
};

#define SNAPSHOT_DEFAULT_ROUNDS		10
#define SNAPSHOT_DEFAULT_CONVERGE	256

struct snapshot_stats {
	unsigned int	rounds;		/* iterations after the first pass */
	u64		pages;		/* page records */
	u64		zero_pages;	/* of them, zero records */
	u64		final_pages;	/* written with the vCPUs held */
	u64		bytes;		/* the file's size */
	double		seconds;	/* the whole snapshot */
	double		downtime;	/* vCPUs held, seconds */
	bool		dropped;	/* test_drop_page fired */
	char		dropped_block[RAM_BLOCK_IDSTR_MAX];
	u64		dropped_offset;
	struct snapshot_writer_stats io;
	enum snapshot_io	io_kind;
	bool		fixed_bufs, fixed_file;
};

/* Defaults: 10 rounds, 256 pages, io_uring, O_DIRECT. */
void snapshot_params_init(struct snapshot_params *p, const char *path);
/*
 * Take the snapshot of a running VM (vmm_start_guest() done, not
 * ended); the guest runs on afterwards.  From the thread that started
 * it.  0, or -errno with one line in error_get(); no file at @path is
 * created or replaced then.
 */
int snapshot_save(struct vmm *vmm, const struct snapshot_params *p,
		  struct snapshot_stats *st);
/* One line of what the snapshot did, for `vmm --snapshot-to`. */
void snapshot_stats_print(const struct snapshot_stats *st, const char *path,
			  FILE *f);

/*
 * Restore: load @path into @vmm, built from the same machine options,
 * before any vCPU exists.  Everything is checked first (trailer,
 * checksum of the whole file, version, page size, the machine's
 * description, the RAMBlocks by idstr and length), then RAM is loaded;
 * -errno with one line naming what is wrong, nothing loaded then
 * when the file is bad.  snapshot_restore_cpus() then creates the vCPUs
 * with the file's state and the devices' (the guest not yet running).
 */
struct snapshot_image;
int snapshot_restore_ram(struct vmm *vmm, const char *path,
			 struct snapshot_image **img);
int snapshot_restore_cpus(struct vmm *vmm, struct snapshot_image *img);
void snapshot_image_free(struct snapshot_image *img);

#endif
