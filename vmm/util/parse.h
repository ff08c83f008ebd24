/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_UTIL_PARSE_H
#define VMM_UTIL_PARSE_H

#include <stddef.h>

#include "util/types.h"

/*
 * Text to numbers, in the syntax QEMU's options use.  Nothing here knows
 * which option a value belongs to: callers put the option's name in front
 * of the reason they are given.
 */

/*
 * QEMU's size syntax: a decimal (or 0x hex) number, a decimal fraction
 * allowed, with an optional B/K/M/G/T/P/E suffix in either case; without
 * one the number counts @default_unit bytes.  Returns 0, -EINVAL (syntax,
 * or a fraction of a byte) or -ERANGE (beyond 2^64 - 1), with *@why
 * saying what would be valid.
 */
int parse_size_why(const char *str, u64 *size, u64 default_unit,
		   const char **why);
/* The same, with "invalid size 'STR': WHY" in error_get(). */
int parse_size(const char *str, u64 *size, u64 default_unit);
/* Digits only (no sign, no blanks), in @base (0: C's 0x and 0 prefixes). */
int parse_uint(const char *str, int base, u64 *out);
/* QEMU's booleans: on, yes, true / off, no, false. */
int parse_bool(const char *str, bool *out);

/* The largest exact unit: 1G, 3968M, 4097. */
const char *format_size(u64 size, char *buf, size_t len);
/*
 * "a, b, c" (@last_sep ", ") or "a, b or c" (@last_sep " or "): how
 * messages list the valid choices.  Returns @buf.
 */
const char *join_names(char *buf, size_t len, const char *const *names,
		       unsigned int nr, const char *last_sep);

#endif
