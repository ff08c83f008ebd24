/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_UTIL_CHECKSUM_H
#define VMM_UTIL_CHECKSUM_H

#include "util/types.h"

/*
 * A 64-bit checksum of a byte stream fed in pieces of any size, fast
 * enough to run over every byte a snapshot writes (four independent
 * lanes of 64-bit words).  Each step is a bijection of the lane for a
 * given word and of the word for a given lane, so a stream that differs
 * in one word (one flipped byte) always gives another sum.  Not a
 * defence against someone forging a file.
 */
struct checksum {
	u64	lane[4];
	u64	words;		/* words fed so far */
	u64	tail;		/* bytes of an unfinished word */
	u32	tail_len;
};

void checksum_init(struct checksum *c);
void checksum_update(struct checksum *c, const void *data, size_t len);
u64 checksum_final(const struct checksum *c);
/* The sum of one buffer. */
u64 checksum_buf(const void *data, size_t len);

#endif
