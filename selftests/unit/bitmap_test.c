// SPDX-License-Identifier: GPL-2.0
/*
 * vmm/util/bitmap.c against a model that is one bool per bit: random
 * ranges at every alignment (the shifts that slot and RAMBlock bitmaps
 * need, since a slot may start at any page of its block), set, OR in at
 * an offset, extract, take (copy and clear) and count, each compared bit
 * by bit with what the model says.  Prints its seed; --seed N replays.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ktap.h"
#include "util/bitmap.h"

#define NBITS	1000	/* not a multiple of 64 */
#define ROUNDS	2000

static bool model[NBITS], other[NBITS];
static unsigned long map[BITS_TO_LONGS(NBITS)], buf[BITS_TO_LONGS(NBITS)];

static u64 rnd(u64 n)
{
	return n ? (u64)random() % n : 0;
}

/* Does @map match @m over all NBITS bits? */
static bool same(const unsigned long *m, const bool *ref, u64 n)
{
	u64 i;

	for (i = 0; i < n; i++)
		if (bitmap_test(m, i) != ref[i])
			return false;
	return true;
}

static void random_range(u64 *start, u64 *nr)
{
	*start = rnd(NBITS);
	*nr = rnd(NBITS - *start + 1);
}

static bool round_set_clear(void)
{
	u64 start, nr, i;

	random_range(&start, &nr);
	if (rnd(2)) {
		bitmap_set_range_atomic(map, start, nr);
		for (i = 0; i < nr; i++)
			model[start + i] = true;
	} else {
		bitmap_clear_range(map, start, nr);
		for (i = 0; i < nr; i++)
			model[start + i] = false;
	}
	return same(map, model, NBITS);
}

static bool round_or(void)
{
	u64 start, nr, i;

	random_range(&start, &nr);
	memset(buf, 0, sizeof(buf));
	for (i = 0; i < nr; i++) {
		other[i] = rnd(3) == 0;
		if (other[i])
			bitmap_set_bit(buf, i);
	}
	bitmap_or_atomic(map, start, buf, nr);
	for (i = 0; i < nr; i++)
		model[start + i] |= other[i];
	return same(map, model, NBITS);
}

static bool round_extract_take(void)
{
	u64 start, nr, i, want = 0;
	bool take = rnd(2), ok;

	random_range(&start, &nr);
	memset(buf, 0xa5, sizeof(buf));
	for (i = 0; i < nr; i++)
		want += model[start + i];
	if (bitmap_weight(map, start, nr) != want)
		return false;
	if (take) {
		if (bitmap_take_atomic(map, start, nr, buf) != want)
			return false;
	} else {
		bitmap_extract(buf, map, start, nr);
	}
	ok = same(buf, model + start, nr);
	/* Past the range, the last word holds zeros. */
	for (i = nr; ok && i < BITS_TO_LONGS(nr) * BITS_PER_LONG; i++)
		ok = !bitmap_test(buf, i);
	for (i = 0; take && i < nr; i++)
		model[start + i] = false;
	return ok && same(map, model, NBITS);
}

int main(int argc, char **argv)
{
	unsigned int seed = argc > 2 && !strcmp(argv[1], "--seed") ?
			    (unsigned int)strtoul(argv[2], NULL, 0) :
			    (unsigned int)getpid();
	unsigned int i, bad[3] = { 0 };

	ktap_print_header();
	ktap_set_plan(3);
	ktap_print_msg("seed %u", seed);
	srandom(seed);
	for (i = 0; i < ROUNDS; i++) {
		bad[0] += !round_set_clear();
		bad[1] += !round_or();
		bad[2] += !round_extract_take();
	}
	ktap_test_result(!bad[0], "set and clear ranges (%u rounds wrong)",
			 bad[0]);
	ktap_test_result(!bad[1], "OR in at any offset (%u rounds wrong)",
			 bad[1]);
	ktap_test_result(!bad[2], "extract, take and count (%u rounds wrong)",
			 bad[2]);
	ktap_finished();
}
