/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SELFTESTS_BENCH_SIZES_H
#define SELFTESTS_BENCH_SIZES_H

#include "util/types.h"

/*
 * The benchmarks' --sizes "1G,8G": whole GiB, at most @max of them, into
 * @sizes; their number, or -1 when the list is malformed.
 */
int bench_parse_sizes(const char *list, u64 *sizes, unsigned int max);

#endif
