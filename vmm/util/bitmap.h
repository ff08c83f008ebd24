/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_UTIL_BITMAP_H
#define VMM_UTIL_BITMAP_H

#include "util/types.h"

/*
 * Bitmaps of unsigned longs, bit 0 the lowest bit of word 0: the layout
 * of KVM's dirty bitmaps on a 64-bit little-endian host, so that a
 * kernel bitmap is used as it comes.  Ranges start at any bit.  The
 * functions named _atomic may run while other threads set bits in the
 * same words; the others own their destination.
 */
#define BITS_PER_LONG		64
#define BITS_TO_LONGS(n)	(((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)

static inline bool bitmap_test(const unsigned long *map, u64 bit)
{
	return (map[bit / BITS_PER_LONG] >> (bit % BITS_PER_LONG)) & 1;
}

static inline void bitmap_set_bit(unsigned long *map, u64 bit)
{
	map[bit / BITS_PER_LONG] |= 1UL << (bit % BITS_PER_LONG);
}

/* Zeroed, for @nbits bits; NULL when out of memory. */
unsigned long *bitmap_new(u64 nbits);
/* Set [start, start + nr). */
void bitmap_set_range_atomic(unsigned long *map, u64 start, u64 nr);
/* Clear [start, start + nr). */
void bitmap_clear_range(unsigned long *map, u64 start, u64 nr);
/* dst[dst_start + i] |= src[i] for i < nr. */
void bitmap_or_atomic(unsigned long *dst, u64 dst_start,
		      const unsigned long *src, u64 nr);
/* dst[i] = src[src_start + i] for i < nr; the last word's rest is 0. */
void bitmap_extract(unsigned long *dst, const unsigned long *src,
		    u64 src_start, u64 nr);
/*
 * out[i] = map[start + i], and clear those bits of @map, word by word
 * with an atomic fetch-and-clear: a bit set concurrently is either taken
 * here or left for the next taker, never lost.  Returns how many were
 * set.
 */
u64 bitmap_take_atomic(unsigned long *map, u64 start, u64 nr,
		       unsigned long *out);
/* How many bits of [start, start + nr) are set. */
u64 bitmap_weight(const unsigned long *map, u64 start, u64 nr);

#endif
