/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SELFTESTS_RAM_DIGEST_H
#define SELFTESTS_RAM_DIGEST_H

#include "ram/ram_block.h"

/*
 * The host's view of a VM's memory from outside: a sum of every 4 KiB
 * page of every RAMBlock (64-bit FNV-1a over the page's words, written
 * here, not the snapshot's checksum), so that two VMs can be compared
 * page by page after one of them is gone.
 */
#define RAM_DIGEST_MAX_BLOCKS	16

struct ram_digest_block {
	char	idstr[RAM_BLOCK_IDSTR_MAX];
	u64	length;
	u64	*pages;		/* one sum per page */
	u64	sum;		/* of the page sums */
};

struct ram_digest {
	struct ram_digest_block	blocks[RAM_DIGEST_MAX_BLOCKS];
	unsigned int		nr;
};

/* Every RAMBlock of the (one) VM in this process; bails out on ENOMEM. */
void ram_digest_take(struct ram_digest *d);
void ram_digest_free(struct ram_digest *d);
/*
 * @b against @a: the number of pages that differ (a block missing or of
 * another length counts as all its pages); the first of them described
 * in @first ("pc.ram offset 0x..."), and each block's sums printed as
 * diagnostics when any differ.
 */
u64 ram_digest_compare(const struct ram_digest *a, const struct ram_digest *b,
		       char *first, size_t len);
/* The first differing page: block and offset; false when none. */
bool ram_digest_first_diff(const struct ram_digest *a,
			   const struct ram_digest *b, const char **idstr,
			   u64 *offset);

#endif
