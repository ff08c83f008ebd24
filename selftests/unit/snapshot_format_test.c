// SPDX-License-Identifier: GPL-2.0
/*
 * The parts of the snapshot file that need no VM: the checksum catches
 * every single flipped bit of a page and any swap of two words, and
 * gives the same sum however the stream is cut; the machine description
 * comparison names the first key that differs, with both values, as the
 * hand-written cases below say.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ktap.h"
#include "migration/snapshot_format.h"
#include "util/checksum.h"
#include "util/error.h"

#define LEN	4096

static void test_flips(void)
{
	static u8 buf[LEN];
	unsigned int i, same = 0;
	u64 sum;

	for (i = 0; i < LEN; i++)
		buf[i] = (u8)(i * 7 + 3);
	sum = checksum_buf(buf, LEN);
	for (i = 0; i < LEN * 8; i++) {
		buf[i / 8] ^= (u8)(1u << (i % 8));
		same += checksum_buf(buf, LEN) == sum;
		buf[i / 8] ^= (u8)(1u << (i % 8));
	}
	ktap_print_msg("%u of %u single-bit flips kept the sum", same,
		       LEN * 8);
	KTAP_EXPECT_EQ(same, 0, "every flipped bit of a 4 KiB page changes "
		       "the sum");
}

static void test_swaps(void)
{
	static u8 buf[LEN];
	unsigned int i, same = 0;
	u64 sum, a, b;

	for (i = 0; i < LEN; i++)
		buf[i] = (u8)(i * 13 + 1);
	sum = checksum_buf(buf, LEN);
	for (i = 0; i + 16 <= LEN; i += 8) {
		memcpy(&a, buf + i, 8);
		memcpy(&b, buf + i + 8, 8);
		memcpy(buf + i, &b, 8);
		memcpy(buf + i + 8, &a, 8);
		same += checksum_buf(buf, LEN) == sum;
		memcpy(buf + i, &a, 8);
		memcpy(buf + i + 8, &b, 8);
	}
	KTAP_EXPECT_EQ(same, 0, "swapping two neighbouring words changes the "
		       "sum");
}

static void test_pieces(void)
{
	static const size_t cuts[] = { 1, 3, 8, 13, 32, 100, 4095 };
	static u8 buf[LEN];
	struct checksum c;
	unsigned int i, bad = 0;
	size_t off, n;
	u64 whole;

	for (i = 0; i < LEN; i++)
		buf[i] = (u8)(i ^ (i >> 5));
	whole = checksum_buf(buf, LEN);
	for (i = 0; i < ARRAY_SIZE(cuts); i++) {
		checksum_init(&c);
		for (off = 0; off < LEN; off += n) {
			n = MIN(cuts[i], (size_t)LEN - off);
			checksum_update(&c, buf + off, n);
		}
		bad += checksum_final(&c) != whole;
	}
	KTAP_EXPECT_EQ(bad, 0, "the sum of a stream fed in pieces of 1, 3, "
		       "8, 13, 32, 100 and 4095 bytes is the whole's");
	KTAP_EXPECT_EQ(checksum_buf(buf, 7) != checksum_buf(buf, 8), 1,
		       "a stream one zero byte longer has another sum");
}

static const struct {
	const char	*file, *here;
	const char	*error;		/* NULL: they match */
} descs[] = {
	{ "machine=pc\nram-size=1\n", "machine=pc\nram-size=1\n", NULL },
	{ "machine=pc\nram-size=1\n", "ram-size=1\nmachine=pc\n", NULL },
	{ "machine=pc\nram-size=1\n", "machine=pc\nram-size=2\n",
	  "made with other machine options: ram-size is '1' in the file, "
	  "'2' here" },
	{ "machine=q35\n", "machine=pc\n",
	  "made with other machine options: machine is 'q35' in the file, "
	  "'pc' here" },
	{ "machine=pc\nmemdev.m0=kind 0 size 5\n", "machine=pc\n",
	  "made with other machine options: memdev.m0 is 'kind 0 size 5' in "
	  "the file, 'none' here" },
	{ "machine=pc\n", "machine=pc\nnuma.0=memdev m0 cpus 0\n",
	  "made with other machine options: numa.0 is 'none' in the file, "
	  "'memdev m0 cpus 0' here" },
};

static void test_descs(void)
{
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(descs); i++) {
		error_clear();
		ret = snapshot_compare_desc(descs[i].file, descs[i].here);
		if (!descs[i].error) {
			KTAP_EXPECT_EQ(ret, 0, "description %u matches", i);
			continue;
		}
		ktap_print_msg("got: %s", error_get());
		ktap_test_result(ret == -EINVAL &&
				 !strcmp(error_get(), descs[i].error),
				 "description %u: %s", i, descs[i].error);
	}
}

int main(void)
{
	ktap_print_header();
	ktap_set_plan(4 + ARRAY_SIZE(descs));
	test_flips();
	test_swaps();
	test_pieces();
	test_descs();
	ktap_finished();
}
