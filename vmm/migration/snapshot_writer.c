// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "migration/snapshot_format.h"
#include "migration/snapshot_io.h"
#include "util/error.h"

/*
 * O_DIRECT is asked for after the file exists (F_SETFL): a file system
 * without it refuses there, where an open(O_DIRECT) would have created
 * the file first on some kernels (tmpfs on 6.1) and failed after.
 */
static int writer_open_file(struct snapshot_writer *w, bool direct)
{
	int fl;

	w->fd = open(w->tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		     0644);
	if (w->fd < 0)
		return error_ret(errno, "snapshot %s: cannot create %s: %s",
				 w->path, w->tmp_path, strerror(errno));
	fl = fcntl(w->fd, F_GETFL);
	w->stats.direct = direct && fl >= 0 &&
			  !fcntl(w->fd, F_SETFL, fl | O_DIRECT);
	return 0;
}

static int writer_alloc(struct snapshot_writer *w)
{
	unsigned int i;

	for (i = 0; i < SNAPSHOT_QUEUE_DEPTH; i++)
		if (posix_memalign((void **)&w->bufs[i].data, SNAPSHOT_ALIGN,
				   SNAPSHOT_BUF_SIZE))
			return error_ret(ENOMEM, "snapshot: out of memory for "
					 "its buffers");
	return 0;
}

static void writer_free(struct snapshot_writer *w)
{
	unsigned int i;

	snapshot_io_exit(w);
	for (i = 0; i < SNAPSHOT_QUEUE_DEPTH; i++) {
		free(w->bufs[i].data);
		w->bufs[i].data = NULL;
	}
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
	free(w->path);
	free(w->tmp_path);
	w->path = w->tmp_path = NULL;
}

int snapshot_writer_open(struct snapshot_writer *w, const char *path,
			 enum snapshot_io io, bool direct)
{
	int ret;

	memset(w, 0, sizeof(*w));
	w->fd = -1;
	w->io = io;
	checksum_init(&w->sum);
	w->path = strdup(path);
	if (!w->path || asprintf(&w->tmp_path, "%s.%d.tmp", path,
				 (int)getpid()) < 0) {
		w->tmp_path = NULL;
		writer_free(w);
		return error_ret(ENOMEM, "out of memory");
	}
	ret = writer_alloc(w);
	if (!ret)
		ret = writer_open_file(w, direct);
	if (!ret)
		ret = snapshot_io_init(w);
	if (ret) {
		if (w->fd >= 0)
			unlink(w->tmp_path);
		writer_free(w);
	}
	return ret;
}

/* Pad buffer @b to a whole 4 KiB block with a PAD record. */
static void writer_pad(struct snapshot_buf *b)
{
	u32 end = ALIGN_UP(b->used, SNAPSHOT_ALIGN);
	struct snapshot_record *r;

	if (end == b->used)
		return;
	r = (struct snapshot_record *)(b->data + b->used);
	memset(r, 0, end - b->used);
	r->type = SNAPSHOT_REC_PAD;
	r->len = end - b->used - (u32)sizeof(*r);
	b->used = end;
}

/*
 * Sum what was reserved in @b since the last call: records are summed
 * in stream order as soon as the next is asked for, while the one just
 * filled (a page copied out of guest RAM) is still in the cache.
 */
static void writer_sum(struct snapshot_writer *w, struct snapshot_buf *b)
{
	checksum_update(&w->sum, b->data + b->summed, b->used - b->summed);
	b->summed = b->used;
}

/* Send the current buffer and move to the next, once it is free. */
static void writer_next(struct snapshot_writer *w)
{
	struct snapshot_buf *b = &w->bufs[w->cur];

	writer_pad(b);
	writer_sum(w, b);
	b->offset = w->offset;
	w->offset += b->used;
	w->stats.bytes += b->used;
	snapshot_io_send(w, w->cur);
	w->cur = (w->cur + 1) % SNAPSHOT_QUEUE_DEPTH;
	while (w->bufs[w->cur].busy && !w->error)
		snapshot_io_wait_one(w);
	w->bufs[w->cur].used = 0;
	w->bufs[w->cur].summed = 0;
}

void *snapshot_writer_reserve(struct snapshot_writer *w, u32 len)
{
	struct snapshot_buf *b = &w->bufs[w->cur];
	void *p;

	if (w->error || len > SNAPSHOT_BUF_SIZE ||
	    len % SNAPSHOT_REC_ALIGN) {
		if (!w->error)
			w->error = -EINVAL;	/* a writer's bug */
		return NULL;
	}
	if (b->used + len > SNAPSHOT_BUF_SIZE) {
		writer_next(w);
		if (w->error)
			return NULL;
		b = &w->bufs[w->cur];
	}
	writer_sum(w, b);
	p = b->data + b->used;
	b->used += len;
	return p;
}

int snapshot_writer_write(struct snapshot_writer *w, const void *data,
			  u32 len)
{
	void *p = snapshot_writer_reserve(w, len);

	if (!p)
		return w->error ? w->error : -EINVAL;
	memcpy(p, data, len);
	return 0;
}

/* Everything in flight written (or failed). */
static void writer_drain(struct snapshot_writer *w)
{
	while (w->inflight)
		snapshot_io_wait_one(w);
}

/* The trailer in a block of its own after the stream, then fsync. */
static void writer_trailer(struct snapshot_writer *w,
			   struct snapshot_trailer *t)
{
	struct snapshot_buf *b = &w->bufs[w->cur];

	memcpy(t->magic, SNAPSHOT_TRAILER_MAGIC, sizeof(t->magic));
	t->stream_len = w->offset;
	t->checksum = checksum_final(&w->sum);
	memset(b->data, 0, SNAPSHOT_ALIGN);
	memcpy(b->data, t, sizeof(*t));
	b->used = SNAPSHOT_ALIGN;
	b->offset = w->offset;
	snapshot_io_send(w, w->cur);
	writer_drain(w);
	if (!w->error && fsync(w->fd)) {
		w->error = -errno;
		snprintf(w->error_msg, sizeof(w->error_msg), "snapshot %s: "
			 "fsync: %s", w->path, strerror(errno));
	}
}

/* The rename, made durable by an fsync of the directory. */
static int writer_rename(struct snapshot_writer *w)
{
	char *dir = strdup(w->path);
	int fd, ret = 0;

	if (rename(w->tmp_path, w->path))
		ret = error_ret(errno, "snapshot %s: rename from %s: %s",
				w->path, w->tmp_path, strerror(errno));
	fd = dir ? open(dirname(dir), O_RDONLY | O_DIRECTORY) : -1;
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
	return ret;
}

int snapshot_writer_commit(struct snapshot_writer *w,
			   struct snapshot_trailer *t)
{
	int ret;

	if (!w->error && w->bufs[w->cur].used)
		writer_next(w);
	writer_drain(w);
	if (!w->error)
		writer_trailer(w, t);
	if (w->error) {
		ret = error_ret(-w->error, "%s", w->error_msg);
		snapshot_writer_abort(w);
		return ret;
	}
	close(w->fd);
	w->fd = -1;
	ret = writer_rename(w);
	if (ret)
		unlink(w->tmp_path);
	writer_free(w);
	return ret;
}

void snapshot_writer_abort(struct snapshot_writer *w)
{
	if (!w->tmp_path)
		return;
	writer_drain(w);
	unlink(w->tmp_path);
	writer_free(w);
}
