// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "util/checksum.h"

#define CK_PRIME	0x9e3779b97f4a7c15ULL	/* odd: a bijection */
#define CK_PRIME2	0xc2b2ae3d27d4eb4fULL

static inline u64 rotl64(u64 x, unsigned int r)
{
	return (x << r) | (x >> (64 - r));
}

static inline u64 ck_step(u64 lane, u64 w)
{
	return rotl64(lane ^ w, 29) * CK_PRIME;
}

void checksum_init(struct checksum *c)
{
	memset(c, 0, sizeof(*c));
	c->lane[0] = 0x6d736e6170736e31ULL;
	c->lane[1] = CK_PRIME2;
	c->lane[2] = ~CK_PRIME;
	c->lane[3] = 0x3c6ef372fe94f82bULL;
}

static void ck_word(struct checksum *c, u64 w)
{
	unsigned int l = c->words++ & 3;

	c->lane[l] = ck_step(c->lane[l], w);
}

/* Whole words; four lanes at a time when aligned on lane 0. */
static size_t ck_words(struct checksum *c, const u8 *p, size_t len)
{
	size_t done = 0;
	u64 w[4];

	while (len - done >= 8 && (c->words & 3)) {
		memcpy(w, p + done, 8);
		ck_word(c, w[0]);
		done += 8;
	}
	while (len - done >= 32) {
		memcpy(w, p + done, 32);
		c->lane[0] = ck_step(c->lane[0], w[0]);
		c->lane[1] = ck_step(c->lane[1], w[1]);
		c->lane[2] = ck_step(c->lane[2], w[2]);
		c->lane[3] = ck_step(c->lane[3], w[3]);
		c->words += 4;
		done += 32;
	}
	while (len - done >= 8) {
		memcpy(w, p + done, 8);
		ck_word(c, w[0]);
		done += 8;
	}
	return done;
}

/* A byte into the unfinished word. */
static void ck_byte(struct checksum *c, u8 b)
{
	c->tail |= (u64)b << (8 * c->tail_len);
	if (++c->tail_len == 8) {
		ck_word(c, c->tail);
		c->tail = 0;
		c->tail_len = 0;
	}
}

void checksum_update(struct checksum *c, const void *data, size_t len)
{
	const u8 *p = data, *end = p + len;

	while (p < end && c->tail_len)
		ck_byte(c, *p++);
	p += ck_words(c, p, (size_t)(end - p));
	while (p < end)
		ck_byte(c, *p++);
}

u64 checksum_final(const struct checksum *c)
{
	u64 h = c->words * 8 + c->tail_len;
	unsigned int i;

	for (i = 0; i < 4; i++)
		h = rotl64(h ^ c->lane[i], 31) * CK_PRIME2;
	h = ck_step(h, c->tail);
	h ^= h >> 33;
	h *= CK_PRIME;
	return h ^ (h >> 29);
}

u64 checksum_buf(const void *data, size_t len)
{
	struct checksum c;

	checksum_init(&c);
	checksum_update(&c, data, len);
	return checksum_final(&c);
}
