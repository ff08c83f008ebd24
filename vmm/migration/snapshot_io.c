// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "migration/snapshot_format.h"
#include "migration/snapshot_io.h"

static void io_fail(struct snapshot_writer *w, const struct snapshot_buf *b,
		    int err)
{
	if (w->error)
		return;
	w->error = -err;
	snprintf(w->error_msg, sizeof(w->error_msg), "snapshot %s: write of "
		 "%u bytes at offset %llu: %s", w->path, b->used - b->done,
		 (unsigned long long)(b->offset + b->done), strerror(err));
}

/*
 * The file system refused an O_DIRECT write (EINVAL), or a short write
 * left the rest unaligned: buffered from here on.  False when @b was
 * not sent with O_DIRECT, so the error is real (writes sent before the
 * switch fail the same way after it, and are retried).
 */
static bool io_drop_direct(struct snapshot_writer *w,
			   const struct snapshot_buf *b)
{
	int fl = fcntl(w->fd, F_GETFL);

	if (!b->sent_direct || fl < 0)
		return false;
	if ((fl & O_DIRECT) && fcntl(w->fd, F_SETFL, fl & ~O_DIRECT))
		return false;
	w->stats.direct = false;
	return true;
}

/* What is left of buffer @b after a partial write: aligned for O_DIRECT? */
static void io_after_short(struct snapshot_writer *w, struct snapshot_buf *b)
{
	w->stats.short_writes++;
	if (b->done % SNAPSHOT_ALIGN)
		io_drop_direct(w, b);
}

static void pwrite_send(struct snapshot_writer *w, struct snapshot_buf *b)
{
	ssize_t n;

	while (b->done < b->used && !w->error) {
		n = pwrite(w->fd, b->data + b->done, b->used - b->done,
			   (off_t)(b->offset + b->done));
		if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
			w->stats.eagain += errno == EAGAIN;
			continue;
		}
		if (n < 0 && errno == EINVAL && io_drop_direct(w, b)) {
			b->sent_direct = false;
			continue;
		}
		if (n <= 0) {
			io_fail(w, b, n < 0 ? errno : ENOSPC);
			return;
		}
		w->stats.writes++;
		b->done += (u32)n;
		if (b->done < b->used)
			io_after_short(w, b);
	}
}

static void uring_prep(struct snapshot_writer *w, unsigned int i)
{
	struct snapshot_buf *b = &w->bufs[i];
	struct io_uring_sqe *sqe = io_uring_get_sqe(&w->ring);
	u8 *p = b->data + b->done;
	u32 len = b->used - b->done;
	u64 off = b->offset + b->done;

	if (!sqe) {	/* the ring holds the whole pool: cannot happen */
		io_fail(w, b, EBUSY);
		return;
	}
	b->sent_direct = w->stats.direct;
	if (w->fixed_bufs)
		io_uring_prep_write_fixed(sqe, w->fixed_file ? 0 : w->fd, p,
					  len, off, (int)i);
	else
		io_uring_prep_write(sqe, w->fixed_file ? 0 : w->fd, p, len,
				    off);
	if (w->fixed_file)
		sqe->flags |= IOSQE_FIXED_FILE;
	io_uring_sqe_set_data64(sqe, i);
	w->prepared++;
}

static void uring_submit(struct snapshot_writer *w)
{
	int ret;

	if (!w->prepared)
		return;
	ret = io_uring_submit(&w->ring);
	w->stats.submits++;
	if (ret < 0) {
		/* What was never submitted never completes: stop waiting. */
		io_fail(w, &w->bufs[w->cur], -ret);
		w->ring_broken = true;
	} else {
		w->prepared -= MIN((unsigned int)ret, w->prepared);
	}
}

void snapshot_io_send(struct snapshot_writer *w, unsigned int i)
{
	struct snapshot_buf *b = &w->bufs[i];

	b->done = 0;
	if (w->io == SNAPSHOT_IO_PWRITE) {
		b->sent_direct = w->stats.direct;
		pwrite_send(w, b);
		return;
	}
	b->busy = true;
	w->inflight++;
	uring_prep(w, i);
	if (w->prepared >= SNAPSHOT_SUBMIT_BATCH)
		uring_submit(w);
}

/* One completion of buffer @b: done, resubmitted, or the error kept. */
static void uring_complete(struct snapshot_writer *w, unsigned int i, int res)
{
	struct snapshot_buf *b = &w->bufs[i];

	if (res == -EAGAIN || res == -EINTR ||
	    (res == -EINVAL && io_drop_direct(w, b))) {
		w->stats.eagain += res == -EAGAIN;
		uring_prep(w, i);
		return;
	}
	if (res <= 0) {
		io_fail(w, b, res < 0 ? -res : ENOSPC);
	} else {
		w->stats.writes++;
		b->done += (u32)res;
		if (b->done < b->used) {
			io_after_short(w, b);
			uring_prep(w, i);
			return;
		}
	}
	b->busy = false;
	w->inflight--;
}

void snapshot_io_wait_one(struct snapshot_writer *w)
{
	struct io_uring_cqe *cqe;
	int ret;

	if (w->io == SNAPSHOT_IO_PWRITE || !w->inflight)
		return;
	uring_submit(w);
	ret = w->ring_broken ? -EIO : 0;
	while (!ret && (ret = io_uring_wait_cqe(&w->ring, &cqe)) == -EINTR)
		ret = 0;
	if (ret < 0) {
		/* Nothing will complete: count everything as failed. */
		io_fail(w, &w->bufs[w->cur], -ret);
		for (unsigned int i = 0; i < SNAPSHOT_QUEUE_DEPTH; i++)
			w->bufs[i].busy = false;
		w->inflight = 0;
		return;
	}
	uring_complete(w, (unsigned int)io_uring_cqe_get_data64(cqe),
		       cqe->res);
	io_uring_cqe_seen(&w->ring, cqe);
}

int snapshot_io_init(struct snapshot_writer *w)
{
	struct iovec iov[SNAPSHOT_QUEUE_DEPTH];
	unsigned int i;
	int ret;

	if (w->io == SNAPSHOT_IO_PWRITE)
		return 0;
	ret = io_uring_queue_init(SNAPSHOT_QUEUE_DEPTH, &w->ring, 0);
	if (ret < 0) {
		/* No io_uring here (disabled, filtered): the reference way. */
		w->io = SNAPSHOT_IO_PWRITE;
		return 0;
	}
	w->have_ring = true;
	for (i = 0; i < SNAPSHOT_QUEUE_DEPTH; i++) {
		iov[i].iov_base = w->bufs[i].data;
		iov[i].iov_len = SNAPSHOT_BUF_SIZE;
	}
	/* Both are optimisations: a refusal (memlock) only costs speed. */
	w->fixed_bufs = !io_uring_register_buffers(&w->ring, iov,
						   SNAPSHOT_QUEUE_DEPTH);
	w->fixed_file = !io_uring_register_files(&w->ring, &w->fd, 1);
	return 0;
}

void snapshot_io_exit(struct snapshot_writer *w)
{
	if (!w->have_ring)
		return;
	io_uring_queue_exit(&w->ring);
	w->have_ring = false;
}
