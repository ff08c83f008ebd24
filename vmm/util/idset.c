// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util/idset.h"
#include "util/parse.h"

void idset_add(struct idset *set, unsigned int id)
{
	if (id < IDSET_MAX)
		set->bits[id / 64] |= 1ULL << (id % 64);
}

int idset_parse_range(struct idset *set, const char *str, unsigned int max)
{
	const char *dash = strchr(str, '-');
	char first[24];
	u64 lo, hi, i;

	if (max >= IDSET_MAX)
		max = IDSET_MAX - 1;
	if (!dash) {
		if (parse_uint(str, 10, &lo))
			return -EINVAL;
		hi = lo;
	} else {
		if ((size_t)(dash - str) >= sizeof(first))
			return -EINVAL;
		memcpy(first, str, dash - str);
		first[dash - str] = '\0';
		if (parse_uint(first, 10, &lo) || parse_uint(dash + 1, 10, &hi))
			return -EINVAL;
	}
	if (lo > hi || hi > max)
		return -EINVAL;
	for (i = lo; i <= hi; i++)
		idset_add(set, (unsigned int)i);
	return 0;
}

bool idset_empty(const struct idset *set)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(set->bits); i++)
		if (set->bits[i])
			return false;
	return true;
}

unsigned int idset_last(const struct idset *set)
{
	unsigned int id = IDSET_MAX;

	while (id-- > 0)
		if (idset_test(set, id))
			return id;
	return 0;
}

const char *idset_format(const struct idset *set, char *buf, size_t len)
{
	unsigned int id = 0, end;
	size_t off = 0;

	buf[0] = '\0';
	while (id < IDSET_MAX && off < len) {
		if (!idset_test(set, id)) {
			id++;
			continue;
		}
		for (end = id; end + 1 < IDSET_MAX && idset_test(set, end + 1);)
			end++;
		off += snprintf(buf + off, len - off, "%s%u", off ? "," : "",
				id);
		if (end > id && off < len)
			off += snprintf(buf + off, len - off, "-%u", end);
		id = end + 1;
	}
	return buf;
}
