// SPDX-License-Identifier: GPL-2.0
#include "fw_cfg.h"
#include "kvconfig.h"
#include "string.h"

static char kvconfig_buf[KVCONFIG_MAX_FILE] __attribute__((section(".noinit")));

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static const char *skip_blanks(const char *p, const char *end)
{
	while (p < end && is_blank(*p))
		p++;
	return p;
}

/* A number in [p, end) (blanks already trimmed); false if malformed. */
static bool parse_number(const char *p, const char *end, u64 *v)
{
	unsigned int base = 10, digits = 0;

	if (end - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	for (*v = 0; p < end; p++, digits++) {
		char c = *p | 0x20;
		unsigned int d = c >= '0' && c <= '9' ? (unsigned int)(c - '0') :
				 c >= 'a' && c <= 'f' ? (unsigned int)(c - 'a' + 10) :
				 99;

		if (d >= base || digits >= 20)
			return false;
		*v = *v * base + d;
	}
	return digits > 0;
}

/* One line [p, end): true when empty or a known key with a number. */
static bool parse_line(const char *p, const char *end,
		       const struct kvconfig_key *keys, unsigned int nr)
{
	const char *c = p, *eq = NULL, *kend;
	unsigned int i;

	while (c < end && *c != '#')
		c++;
	end = c;
	p = skip_blanks(p, end);
	while (end > p && is_blank(end[-1]))
		end--;
	if (p == end)
		return true;
	for (c = p; c < end && !eq; c++)
		if (*c == '=')
			eq = c;
	if (!eq)
		return false;
	for (kend = eq; kend > p && is_blank(kend[-1]); kend--)
		;
	for (i = 0; i < nr; i++)
		if (strlen(keys[i].name) == (size_t)(kend - p) &&
		    !memcmp(keys[i].name, p, kend - p))
			return parse_number(skip_blanks(eq + 1, end), end,
					    keys[i].value);
	return false;
}

int kvconfig_read(const char *name, const struct kvconfig_key *keys,
		  unsigned int nr_keys)
{
	int64_t size = fw_cfg_read_file(name, kvconfig_buf,
					sizeof(kvconfig_buf));
	const char *p = kvconfig_buf, *end;
	int line = 0;

	if (size < 0)
		return -1;
	if (size > (int64_t)sizeof(kvconfig_buf))
		return 1;
	end = kvconfig_buf + size;
	while (p < end) {
		const char *eol = p;

		while (eol < end && *eol != '\n')
			eol++;
		line++;
		if (!parse_line(p, eol, keys, nr_keys))
			return line;
		p = eol + 1;
	}
	return 0;
}
