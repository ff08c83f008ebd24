// SPDX-License-Identifier: GPL-2.0
#include "fw_cfg.h"
#include "hexlist.h"

static char hexlist_buf[HEXLIST_MAX_FILE] __attribute__((section(".noinit")));

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

int hexlist_parse_line(const char *p, const char *end, u64 *v)
{
	unsigned int digits = 0;

	while (p < end && is_blank(*p))
		p++;
	if (p == end || *p == '#')
		return 0;
	if (end - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	*v = 0;
	for (; p < end && hex_digit(*p) >= 0; p++, digits++)
		*v = *v << 4 | hex_digit(*p);
	while (p < end && is_blank(*p))
		p++;
	if (p < end && *p == '#')
		p = end;
	return digits && digits <= 16 && p == end ? 1 : -1;
}

int hexlist_read(const char *name, struct hexlist *list)
{
	int64_t size = fw_cfg_read_file(name, hexlist_buf, sizeof(hexlist_buf));
	const char *p = hexlist_buf, *end;
	int line = 0;

	list->nr = 0;
	if (size < 0)
		return -1;
	if (size > (int64_t)sizeof(hexlist_buf))
		return 1;
	end = hexlist_buf + size;
	while (p < end) {
		const char *eol = p;
		u64 v;
		int r;

		while (eol < end && *eol != '\n')
			eol++;
		line++;
		r = hexlist_parse_line(p, eol, &v);
		if (r < 0 || (r > 0 && list->nr == HEXLIST_MAX))
			return line;
		if (r > 0)
			list->addr[list->nr++] = v;
		p = eol + 1;
	}
	return 0;
}
