// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/parse.h"

#define SIZE_SUFFIXES	"K, M, G, T, P or E"

static u64 suffix_mul(char c)
{
	switch (tolower((unsigned char)c)) {
	case 'b':
		return 1;
	case 'k':
		return KiB;
	case 'm':
		return MiB;
	case 'g':
		return GiB;
	case 't':
		return TiB;
	case 'p':
		return 1024 * TiB;
	case 'e':
		return 1024 * 1024 * TiB;
	}
	return 0;
}

static unsigned int digit_value(char c)
{
	return isdigit((unsigned char)c) ? (unsigned int)(c - '0') :
	       (unsigned int)(tolower((unsigned char)c) - 'a' + 10);
}

/* The integer part of a size; @p moves past it.  -ERANGE past 2^64. */
static int size_integer(const char **p, u64 base, u64 *val,
			unsigned int *digits)
{
	for (*val = 0, *digits = 0;
	     base == 16 ? isxdigit((unsigned char)**p) :
			  isdigit((unsigned char)**p);
	     (*p)++, (*digits)++) {
		unsigned int d = digit_value(**p);

		if (*val > (UINT64_MAX - d) / base)
			return -ERANGE;
		*val = *val * base + d;
	}
	return 0;
}

int parse_size_why(const char *str, u64 *size, u64 unit, const char **why)
{
	const char *p = str;
	u64 val, frac = 0, den = 1, mul, base = 10;
	unsigned int digits;
	u128 total;

	*why = "use a number with an optional " SIZE_SUFFIXES " suffix";
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	if (size_integer(&p, base, &val, &digits))
		goto range;
	if (!digits)
		return -EINVAL;
	/* QEMU takes 1.5G and even 1.k; hex has no fraction. */
	if (*p == '.' && base == 10) {
		for (p++; isdigit((unsigned char)*p); p++) {
			/* Beyond 10^-19 the result moves by under a byte. */
			if (den <= UINT64_MAX / 10) {
				frac = frac * 10 + (u64)(*p - '0');
				den *= 10;
			}
		}
	}
	mul = suffix_mul(*p);
	if (mul)
		p++;
	else
		mul = unit ? unit : 1;
	if (*p)
		return -EINVAL;
	if (frac && mul == 1) {
		*why = "a fraction needs a " SIZE_SUFFIXES " suffix";
		return -EINVAL;
	}
	total = (u128)val * mul + (u128)frac * mul / den;
	if (total > UINT64_MAX)
		goto range;
	*size = (u64)total;
	return 0;
range:
	*why = "the largest size is 2^64 - 1 bytes";
	return -ERANGE;
}

int parse_size(const char *str, u64 *size, u64 default_unit)
{
	const char *why;
	int ret = parse_size_why(str, size, default_unit, &why);

	if (ret)
		error_setf("invalid size '%s': %s", str, why);
	return ret;
}

int parse_uint(const char *str, int base, u64 *out)
{
	char *end;

	if (!isdigit((unsigned char)*str))
		return -EINVAL;
	errno = 0;
	*out = strtoull(str, &end, base);
	return errno || *end ? -EINVAL : 0;
}

int parse_bool(const char *str, bool *out)
{
	if (!strcmp(str, "on") || !strcmp(str, "yes") || !strcmp(str, "true"))
		*out = true;
	else if (!strcmp(str, "off") || !strcmp(str, "no") ||
		 !strcmp(str, "false"))
		*out = false;
	else
		return -EINVAL;
	return 0;
}

const char *format_size(u64 size, char *buf, size_t len)
{
	static const char units[] = "KMGTPE";
	int i;

	for (i = 5; i >= 0; i--) {
		u64 unit = 1ULL << (10 * (i + 1));

		if (size && !(size % unit)) {
			snprintf(buf, len, "%llu%c",
				 (unsigned long long)(size / unit), units[i]);
			return buf;
		}
	}
	snprintf(buf, len, "%llu", (unsigned long long)size);
	return buf;
}

const char *join_names(char *buf, size_t len, const char *const *names,
		       unsigned int nr, const char *last_sep)
{
	size_t off = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < nr && off < len; i++) {
		const char *sep = !i ? "" : i + 1 == nr ? last_sep : ", ";

		off += snprintf(buf + off, len - off, "%s%s", sep, names[i]);
	}
	return buf;
}
