/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FUZZ_FUZZ_INPUT_H
#define FUZZ_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * A fuzzer's input read as a stream of numbers: each take is little
 * endian, and past the end every take is 0 (done() then says so), so
 * that any input, however short, decodes to something.
 */
struct fuzz_input {
	const uint8_t	*data;
	size_t		size, pos;
};

static inline uint64_t fuzz_take(struct fuzz_input *in, unsigned int bytes)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < bytes && in->pos < in->size; i++)
		v |= (uint64_t)in->data[in->pos++] << (8 * i);
	return v;
}

static inline int fuzz_done(const struct fuzz_input *in)
{
	return in->pos >= in->size;
}

#endif
