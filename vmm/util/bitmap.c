// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "util/bitmap.h"

/* The bits [shift, shift + n) of a word, n in 1..64. */
static unsigned long word_mask(unsigned int shift, unsigned int n)
{
	unsigned long m = n == BITS_PER_LONG ? ~0UL : (1UL << n) - 1;

	return m << shift;
}

/*
 * Walk [start, start + nr) one piece per word of the map: @fn gets the
 * word index, the mask of the piece in it and the piece's first bit
 * relative to @start.
 */
#define for_each_word_piece(start, nr, w, mask, rel)			\
	for (u64 _pos = (start), _end = (start) + (nr), _n;		\
	     _pos < _end &&						\
	     ((_n = MIN(BITS_PER_LONG - _pos % BITS_PER_LONG,		\
			_end - _pos)),					\
	      (w = _pos / BITS_PER_LONG),				\
	      (mask = word_mask(_pos % BITS_PER_LONG, (unsigned int)_n)), \
	      (rel = _pos - (start)), 1);				\
	     _pos += _n)

unsigned long *bitmap_new(u64 nbits)
{
	return calloc(BITS_TO_LONGS(nbits) ? BITS_TO_LONGS(nbits) : 1,
		      sizeof(unsigned long));
}

void bitmap_set_range_atomic(unsigned long *map, u64 start, u64 nr)
{
	unsigned long mask;
	u64 w, rel;

	for_each_word_piece(start, nr, w, mask, rel) {
		(void)rel;
		__atomic_fetch_or(&map[w], mask, __ATOMIC_RELAXED);
	}
}

void bitmap_clear_range(unsigned long *map, u64 start, u64 nr)
{
	unsigned long mask;
	u64 w, rel;

	for_each_word_piece(start, nr, w, mask, rel) {
		(void)rel;
		map[w] &= ~mask;
	}
}

/* OR the low @n bits of @val into @map at bit @pos. */
static void deposit(unsigned long *map, u64 pos, unsigned long val,
		    unsigned int n, bool atomic)
{
	unsigned int shift = pos % BITS_PER_LONG;
	u64 w = pos / BITS_PER_LONG;
	unsigned long lo, hi = 0;

	val &= word_mask(0, n);
	lo = val << shift;
	if (shift && shift + n > BITS_PER_LONG)
		hi = val >> (BITS_PER_LONG - shift);
	if (atomic) {
		if (lo)
			__atomic_fetch_or(&map[w], lo, __ATOMIC_RELAXED);
		if (hi)
			__atomic_fetch_or(&map[w + 1], hi, __ATOMIC_RELAXED);
	} else {
		map[w] |= lo;
		if (hi)
			map[w + 1] |= hi;
	}
}

void bitmap_or_atomic(unsigned long *dst, u64 dst_start,
		      const unsigned long *src, u64 nr)
{
	u64 i;

	for (i = 0; i < nr; i += BITS_PER_LONG) {
		unsigned long v = src[i / BITS_PER_LONG];

		if (v)
			deposit(dst, dst_start + i, v,
				(unsigned int)MIN(BITS_PER_LONG, nr - i),
				true);
	}
}

void bitmap_extract(unsigned long *dst, const unsigned long *src,
		    u64 src_start, u64 nr)
{
	unsigned long mask;
	u64 w, rel;

	memset(dst, 0, BITS_TO_LONGS(nr) * sizeof(*dst));
	for_each_word_piece(src_start, nr, w, mask, rel) {
		unsigned long v = src[w] & mask;

		if (v)
			deposit(dst, rel, v >> __builtin_ctzl(mask),
				(unsigned int)__builtin_popcountl(mask),
				false);
	}
}

u64 bitmap_take_atomic(unsigned long *map, u64 start, u64 nr,
		       unsigned long *out)
{
	unsigned long mask, got;
	u64 w, rel, count = 0;

	memset(out, 0, BITS_TO_LONGS(nr) * sizeof(*out));
	for_each_word_piece(start, nr, w, mask, rel) {
		if (!(__atomic_load_n(&map[w], __ATOMIC_RELAXED) & mask))
			continue;
		got = __atomic_fetch_and(&map[w], ~mask, __ATOMIC_SEQ_CST) &
		      mask;
		count += (u64)__builtin_popcountl(got);
		if (got)
			deposit(out, rel, got >> __builtin_ctzl(mask),
				(unsigned int)__builtin_popcountl(mask),
				false);
	}
	return count;
}

u64 bitmap_weight(const unsigned long *map, u64 start, u64 nr)
{
	unsigned long mask;
	u64 w, rel, count = 0;

	for_each_word_piece(start, nr, w, mask, rel) {
		(void)rel;
		count += (u64)__builtin_popcountl(map[w] & mask);
	}
	return count;
}
