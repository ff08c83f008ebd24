/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUEST_HEXLIST_H
#define GUEST_HEXLIST_H

#include "guest.h"

/*
 * A list of addresses handed in through fw_cfg: ASCII, one hexadecimal
 * number per line, "0x" optional, blanks around it ignored, "#" starts a
 * comment, empty lines skipped, "\n" or "\r\n" line ends.
 */
#define HEXLIST_MAX_FILE	8192
#define HEXLIST_MAX		512

struct hexlist {
	unsigned int	nr;
	u64		addr[HEXLIST_MAX];
};

/* One line [p, end): 1 and *v when it holds a number, 0 if empty, -1 bad. */
int hexlist_parse_line(const char *p, const char *end, u64 *v);

/*
 * Read fw_cfg file name into list.  Returns 0, -1 if there is no such file,
 * or the (positive) number of the first malformed line; a file over
 * HEXLIST_MAX_FILE bytes or HEXLIST_MAX entries is malformed.
 */
int hexlist_read(const char *name, struct hexlist *list);

#endif
