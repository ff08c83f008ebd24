/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_MIGRATION_SNAPSHOT_IO_H
#define VMM_MIGRATION_SNAPSHOT_IO_H

#include "migration/snapshot_writer.h"

/*
 * The writer's two ways of getting a buffer to the file.  io_uring:
 * buffers and the file registered (each falls back to the plain
 * request when the kernel or RLIMIT_MEMLOCK refuses), a submission per
 * SNAPSHOT_SUBMIT_BATCH buffers or when one is waited for.  pwrite: one
 * write(2) call after another, as the reference.  Both resubmit short
 * writes and -EAGAIN, and give up O_DIRECT (once, for the rest of the
 * file) when the file system refuses it for a write; any other error
 * is kept in the writer.  Where io_uring cannot be set up (disabled by
 * the kernel's sysctl, filtered by seccomp), the writer falls back to
 * pwrite and says so in w->io.
 */
int snapshot_io_init(struct snapshot_writer *w);
void snapshot_io_exit(struct snapshot_writer *w);
/* Send buffer @i (its @used bytes at its @offset). */
void snapshot_io_send(struct snapshot_writer *w, unsigned int i);
/* Wait for one buffer in flight to complete (or fail). */
void snapshot_io_wait_one(struct snapshot_writer *w);

#endif
