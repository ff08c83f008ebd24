/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUEST_KVCONFIG_H
#define GUEST_KVCONFIG_H

#include "guest.h"

/*
 * Settings handed in through fw_cfg: ASCII lines "key=value", the value
 * a number (0x and hexadecimal digits, or decimal), blanks around either
 * ignored, "#" starts a comment, empty lines skipped, "\n" or "\r\n" line
 * ends.  A key not in the table is an error; a key absent from the file
 * keeps the value its variable had.
 */
#define KVCONFIG_MAX_FILE	2048

struct kvconfig_key {
	const char	*name;
	u64		*value;
};

/*
 * Read fw_cfg file @name into the variables of @keys.  Returns 0, -1 if
 * there is no such file, or the (positive) number of the first bad line.
 */
int kvconfig_read(const char *name, const struct kvconfig_key *keys,
		  unsigned int nr_keys);

#endif
