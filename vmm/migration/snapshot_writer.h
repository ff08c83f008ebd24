/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_MIGRATION_SNAPSHOT_WRITER_H
#define VMM_MIGRATION_SNAPSHOT_WRITER_H

#include <liburing.h>

#include "util/checksum.h"
#include "util/types.h"

/*
 * The snapshot's byte stream, written to a temporary file beside the
 * target and renamed over it only once whole: records are copied into
 * a small pool of aligned buffers (guest RAM changes under a live
 * snapshot: the data and its checksum must be one copy), each full
 * buffer goes out as one write at the next offset, through io_uring
 * (buffers and file registered, submissions batched, at most the pool
 * in flight) or plain pwrite(2), with O_DIRECT where the file system
 * takes it.  Any failure (ENOSPC, EIO) stops the writer for good: the
 * first error is kept, and abort removes the temporary file.
 */
enum snapshot_io {
	SNAPSHOT_IO_URING,
	SNAPSHOT_IO_PWRITE,
};

#define SNAPSHOT_BUF_SIZE	(1u << 20)
#define SNAPSHOT_QUEUE_DEPTH	8
/* Buffers prepared before a submission, unless one is waited for. */
#define SNAPSHOT_SUBMIT_BATCH	4

struct snapshot_buf {
	u8		*data;
	u32		used;
	u32		summed;		/* bytes in the stream's checksum */
	u32		done;		/* bytes the kernel wrote so far */
	u64		offset;		/* in the file */
	bool		busy;		/* submitted, not completed */
	bool		sent_direct;	/* while the file had O_DIRECT */
};

struct snapshot_writer_stats {
	u64		bytes;		/* stream bytes, padding included */
	u64		writes;		/* write requests completed */
	u64		short_writes;	/* completed in part, resubmitted */
	u64		eagain;		/* -EAGAIN, resubmitted */
	u64		submits;	/* io_uring_submit() calls */
	bool		direct;		/* O_DIRECT held to the end */
};

struct snapshot_writer {
	enum snapshot_io		io;
	int				fd;
	char				*path, *tmp_path;
	struct snapshot_buf		bufs[SNAPSHOT_QUEUE_DEPTH];
	unsigned int			cur;		/* being filled */
	unsigned int			prepared;	/* not yet submitted */
	unsigned int			inflight;
	u64				offset;		/* next buffer's */
	struct checksum			sum;
	struct io_uring			ring;
	bool				have_ring;
	bool				fixed_bufs;	/* registered */
	bool				fixed_file;
	bool				ring_broken;	/* submit failed */
	int				error;		/* the first, -errno */
	char				error_msg[256];
	struct snapshot_writer_stats	stats;
};

/*
 * Create the temporary file (PATH.PID.tmp) and the buffers; @direct:
 * try O_DIRECT (the file system may refuse: then buffered).  -errno
 * with the path named.
 */
int snapshot_writer_open(struct snapshot_writer *w, const char *path,
			 enum snapshot_io io, bool direct);
/*
 * Room for @len bytes (at most SNAPSHOT_BUF_SIZE, a multiple of 32) in
 * the stream: the current buffer's, or the next one's once the current
 * is sent (waiting for a free one).  NULL once the writer failed.
 */
void *snapshot_writer_reserve(struct snapshot_writer *w, u32 len);
/* Append @len bytes. */
int snapshot_writer_write(struct snapshot_writer *w, const void *data,
			  u32 len);
/*
 * Pad the stream to a 4 KiB block, send everything and wait for it;
 * then the trailer (@t with the stream's length and checksum filled in),
 * fsync, rename over the target and fsync its directory.  -errno with
 * the first error's message; the temporary file is gone then.
 */
struct snapshot_trailer;
int snapshot_writer_commit(struct snapshot_writer *w,
			   struct snapshot_trailer *t);
/* Give up: wait for what is in flight, remove the temporary file. */
void snapshot_writer_abort(struct snapshot_writer *w);

#endif
