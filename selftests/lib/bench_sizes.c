// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>

#include "bench_sizes.h"
#include "util/parse.h"

int bench_parse_sizes(const char *list, u64 *sizes, unsigned int max)
{
	char copy[128], *save, *t;
	unsigned int n = 0;
	u64 size;

	snprintf(copy, sizeof(copy), "%s", list);
	for (t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (n == max || parse_size(t, &size, 1) || !size || size % GiB)
			return -1;
		sizes[n++] = size;
	}
	return n ? (int)n : -1;
}
