// SPDX-License-Identifier: GPL-2.0
#include "fw_cfg.h"
#include "hexlist.h"
#include "ktap.h"
#include "memmap.h"
#include "paging.h"
#include "stamps.h"
#include "string.h"

#define MAX_FAIL_LINES	16
#define LINE_MAX	80

static char chunk[512] __attribute__((section(".noinit")));

struct stamp_pass {
	u16		select;
	u32		size;
	bool		verify;		/* second pass: only read */
	bool		have_nonce;
	u64		nonce;
	unsigned int	pages;
	unsigned int	failures;
	int		bad_line;	/* first malformed line, 0: none */
};

static volatile u64 *stamp_at(u64 page)
{
	return (volatile u64 *)phys_ptr(page + STAMP_OFFSET);
}

static void stamp_page(struct stamp_pass *p, u64 page)
{
	volatile u64 *w = stamp_at(page);
	bool ok;

	p->pages++;
	/* Never the framework's own RAM, never what is not mapped. */
	ok = (page & 0xfff) == 0 && mem_kind(page) != MEM_OWN &&
	     page + 4096 <= paging_map_top();
	if (ok && !p->verify) {
		w[0] = STAMP_MAGIC;
		w[1] = p->nonce;
		w[2] = page;
	}
	if (ok && w[0] == STAMP_MAGIC && w[1] == p->nonce && w[2] == page)
		return;
	if (!ok && p->verify)
		return;		/* counted by the first pass */
	if (p->failures++ < MAX_FAIL_LINES)
		ktap_diag("stamp-fail 0x%016llx %s", page,
			  ok ? "overwritten" : "not-stampable");
}

/* "nonce 0x..." first, then one page address per line. */
static void stamp_line(struct stamp_pass *p, const char *s, const char *end,
		       int line)
{
	u64 v;
	int r;

	if (!p->have_nonce && end - s > 6 && !memcmp(s, "nonce ", 6)) {
		r = hexlist_parse_line(s + 6, end, &v);
		p->have_nonce = r > 0;
		p->nonce = v;
	} else {
		r = hexlist_parse_line(s, end, &v);
		if (r > 0 && !p->have_nonce)
			r = -1;
		if (r > 0)
			stamp_page(p, v);
	}
	if (r < 0 && !p->bad_line)
		p->bad_line = line;
}

/* Stream the file a chunk at a time: it may hold thousands of pages. */
static void stamp_pass_run(struct stamp_pass *p)
{
	char line[LINE_MAX];
	u32 off = 0, n, i, len = 0;
	int lineno = 1;

	while (off < p->size) {
		n = MIN(p->size - off, (u32)sizeof(chunk));
		if (off ? fw_cfg_read_next(chunk, n) :
			  fw_cfg_read(p->select, chunk, n))
			break;
		for (i = 0; i < n; i++) {
			if (chunk[i] != '\n') {
				if (len < LINE_MAX)
					line[len++] = chunk[i];
				continue;
			}
			stamp_line(p, line, line + len, lineno++);
			len = 0;
		}
		off += n;
	}
	if (len)
		stamp_line(p, line, line + len, lineno);
}

void stamps_case(void)
{
	struct stamp_pass p = { 0 };
	u16 select;
	u32 size;

	if (fw_cfg_find_file(STAMPS_FILE, &select, &size)) {
		ktap_skip("no fw_cfg " STAMPS_FILE, "host-stamps");
		return;
	}
	p.select = select;
	p.size = size;
	stamp_pass_run(&p);
	p = (struct stamp_pass){ .select = select, .size = size,
				 .verify = true, .failures = p.failures };
	stamp_pass_run(&p);
	if (p.bad_line)
		ktap_diag("stamps-bad-line %d", p.bad_line);
	ktap_diag("stamps %u fail %u", p.pages, p.failures);
	ktap_result(p.pages && p.have_nonce && !p.failures && !p.bad_line,
		    "host-stamps");
}
