/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_MIGRATION_SNAPSHOT_FORMAT_H
#define VMM_MIGRATION_SNAPSHOT_FORMAT_H

#include "ram/ram_block.h"
#include "util/types.h"

/*
 * The snapshot file (docs/snapshot.md has the whole layout).  All
 * numbers little-endian, as x86 stores them; everything a multiple of
 * 32 bytes (SNAPSHOT_REC_ALIGN), so that a PAD record fits any gap; the
 * stream is padded to a whole number of 4 KiB blocks before the
 * trailer, the last 4 KiB of the file.
 *
 *   header: struct snapshot_header, the machine description (text,
 *           desc_len bytes, padded to 32), nr_blocks block entries
 *   records: struct snapshot_record, then its payload
 *   trailer: struct snapshot_trailer in a 4 KiB block
 */
#define SNAPSHOT_MAGIC		"MSVMSNAP"
#define SNAPSHOT_TRAILER_MAGIC	"MSVMEND!"
#define SNAPSHOT_VERSION	1
#define SNAPSHOT_PAGE_SIZE	4096
#define SNAPSHOT_ALIGN		4096	/* O_DIRECT's unit, and the trailer's */
#define SNAPSHOT_DESC_MAX	16384
#define SNAPSHOT_REC_ALIGN	32	/* every record, header part, payload */

struct snapshot_header {
	char	magic[8];
	u32	version;
	u32	page_size;
	u32	header_len;	/* up to the first record */
	u32	desc_len;	/* the description's text, unpadded */
	u32	nr_blocks;
	u32	nr_vcpus;
	u64	options_hash;	/* checksum_buf() of the description */
	u64	reserved[3];
};

/* One RAMBlock: every one of the VM's, ROMs included, by idstr. */
struct snapshot_block {
	char	idstr[RAM_BLOCK_IDSTR_MAX];
	u64	length;		/* used_length */
	u64	reserved[3];
};

enum snapshot_record_type {
	SNAPSHOT_REC_PAD = 1,	/* skip len bytes */
	SNAPSHOT_REC_PAGE,	/* block, offset; 4 KiB of data */
	SNAPSHOT_REC_ZERO,	/* block, offset; a page of zeros */
	SNAPSHOT_REC_VCPU,	/* struct vcpu_state */
	SNAPSHOT_REC_DEVICE,	/* struct snapshot_devices */
	SNAPSHOT_REC_END,	/* the last record: the VM was paused */
};

struct snapshot_record {
	u32	type;
	u32	len;		/* payload bytes, a multiple of 32 */
	u32	block;		/* PAGE, ZERO: index in the block table */
	u32	reserved;
	u64	offset;		/* PAGE, ZERO: in the block */
	u64	reserved2;
};

struct snapshot_trailer {
	char	magic[8];
	u64	stream_len;	/* bytes before the trailer */
	u64	checksum;	/* checksum_buf() of those bytes */
	u64	rounds;		/* what the writer did, for reports */
	u64	pages;
	u64	reserved[3];
};

/*
 * The machine as the options built it, one "key=value" line each (the
 * machine type, -m, -smp, memdevs, NUMA nodes, the debug exit, fw_cfg
 * files by a checksum of their content): what a restore must match.
 * Returns the length or -errno.
 */
struct vmm;
int snapshot_describe(struct vmm *vmm, char *buf, size_t len);
/*
 * Compare the description of a file (@file) with this VM's (@here):
 * 0, or -EINVAL with one line naming the first key that differs and
 * both values.
 */
int snapshot_compare_desc(const char *file, const char *here);

#endif
