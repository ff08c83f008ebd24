// SPDX-License-Identifier: GPL-2.0
/*
 * e820-probe: does the memory the e820 table promises behave as RAM, and
 * does everything else behave as nothing?
 *
 * RAM: a distinct 8-byte pattern at the first and last 8 bytes of the first
 * and last page of every RAM entry and of two pages per 128 MiB (one at each
 * 128 MiB multiple, one at a pseudo-random page after it); each reads back
 * at once, and all are read again after all were written, so that two
 * addresses backed by the same host memory show up.  Accesses across the
 * 4 KiB, 2 MiB and 1 GiB boundaries inside each entry, and across every
 * address in fw_cfg opt/probe/addrs.  Holes (below the top of RAM, and the
 * guard GiB above it): reads return the unassigned value (all ones, or all
 * zeros as QEMU does: lib/memmap.h) and writes do not stick.  The VGA
 * window is only observed: QEMU puts VGA or RAM there depending on options.
 * Last, the host-side stamps of lib/stamps.h.
 */
#include "e820.h"
#include "fw_cfg.h"
#include "hexlist.h"
#include "io.h"
#include "ktap.h"
#include "memmap.h"
#include "paging.h"
#include "stamps.h"
#include "straddle.h"

GUEST_DESC("e820-probe", 8);

#define PAGE_SIZE	4096ULL
#define SAMPLE_STEP	(128 * MiB)
#define HOLE_STEP	(64 * MiB)
#define MAX_FAIL_LINES	16
#define PATTERN_SALT	0x6d656d736c6f7473ULL

static struct hexlist addrs __attribute__((section(".noinit")));

struct tally {
	unsigned int	samples;
	unsigned int	failures;
	bool		verify;		/* second pass: only read */
};

static u64 pattern(u64 pa)
{
	u64 v = mix64(pa ^ PATTERN_SALT);

	return v == 0 || v == ~0ULL ? PATTERN_SALT : v;
}

static u64 ram_top(void)
{
	return MIN(e820_ram_top(), paging_map_top());
}

static u64 probe_top(void)
{
	return MAX(4 * GiB, ram_top());
}

/* 1: e820 entries do not overlap and their RAM adds up to FW_CFG_RAM_SIZE. */
static void check_e820_table(void)
{
	u64 ram_size = fw_cfg_read_u64(FW_CFG_RAM_SIZE), total = 0;
	unsigned int i, j, cpus = fw_cfg_read_u16(FW_CFG_NB_CPUS);
	bool ok = true, zero = false;

	ktap_diag("ram-size 0x%016llx", ram_size);
	ktap_diag("cpus %u", cpus);
	for (i = 0; i < e820_nr; i++) {
		const struct e820_entry *a = &e820_table[i];

		if (a->type == E820_RAM) {
			total += a->len;
			zero |= a->addr == 0;
		}
		for (j = i + 1; j < e820_nr; j++) {
			const struct e820_entry *b = &e820_table[j];

			if (a->addr < b->addr + b->len &&
			    b->addr < a->addr + a->len) {
				ktap_diag("e820-overlap %u %u", i, j);
				ok = false;
			}
		}
	}
	ktap_diag("e820-ram-total 0x%016llx", total);
	if (total != ram_size)
		ktap_diag("e820 RAM 0x%llx != ram-size 0x%llx", total, ram_size);
	if (!zero)
		ktap_diag("no e820 RAM entry starts at 0");
	ktap_result(ok && zero && total == ram_size, "e820-table");
}

static void sample_word(u64 pa, struct tally *t)
{
	u64 want = pattern(pa), got;

	if (mem_kind(pa) != MEM_RAM || mem_kind(pa + 7) != MEM_RAM)
		return;
	t->samples++;
	if (!t->verify)
		*(volatile u64 *)phys_ptr(pa) = want;
	got = *(volatile u64 *)phys_ptr(pa);
	if (got == want)
		return;
	if (t->failures++ < MAX_FAIL_LINES)
		ktap_diag("%s-fail 0x%016llx got 0x%016llx want 0x%016llx",
			  t->verify ? "alias" : "ram", pa, got, want);
}

static void sample_page(u64 page, struct tally *t)
{
	sample_word(page, t);
	sample_word(page + PAGE_SIZE - 8, t);
}

/* The same addresses on every pass: the pattern is a function of them. */
static void for_each_sample(struct tally *t)
{
	unsigned int i;

	for (i = 0; i < e820_nr; i++) {
		const struct e820_entry *e = &e820_table[i];
		u64 start = e->addr, end = MIN(e->addr + e->len, ram_top()), b;

		if (e->type != E820_RAM || start >= end)
			continue;
		sample_page(ALIGN_DOWN(start, PAGE_SIZE), t);
		for (b = ALIGN_UP(start, SAMPLE_STEP); b < end; b += SAMPLE_STEP) {
			u64 jitter = mix64(b) % (SAMPLE_STEP / PAGE_SIZE);

			sample_page(b, t);
			if (b + jitter * PAGE_SIZE < end)
				sample_page(b + jitter * PAGE_SIZE, t);
		}
		sample_page(ALIGN_DOWN(end - 1, PAGE_SIZE), t);
	}
}

/* 2 and 3: sampled RAM reads back, then nothing overwrote anything. */
static void check_ram(void)
{
	struct tally t = { 0 };

	if (e820_ram_top() > ram_top())
		ktap_diag("ram-beyond-map 0x%016llx 0x%016llx", ram_top(),
			  e820_ram_top() - 1);
	for_each_sample(&t);
	ktap_diag("ram-samples %u fail %u", t.samples, t.failures);
	ktap_result(t.samples && !t.failures, "ram-readback");

	t = (struct tally){ .verify = true };
	for_each_sample(&t);
	ktap_diag("alias-samples %u fail %u", t.samples, t.failures);
	ktap_result(t.samples && !t.failures, "ram-no-alias");
}

static bool straddle_inside(u64 b, u64 start, u64 end, bool *ok)
{
	if (b < start + 8 || b + 8 > end)
		return false;
	*ok &= straddle_check("straddle", b) != STRADDLE_FAIL;
	return true;
}

/* 4: across the first 4 KiB and 2 MiB boundaries and each GiB inside RAM. */
static void check_ram_straddle(void)
{
	unsigned int i, n = 0;
	bool ok = true;

	for (i = 0; i < e820_nr; i++) {
		const struct e820_entry *e = &e820_table[i];
		u64 start = MAX(e->addr, LOW_1M);
		u64 end = MIN(e->addr + e->len, ram_top()), b;

		if (e->type != E820_RAM || start >= end)
			continue;
		b = ALIGN_UP(start + PAGE_SIZE, PAGE_SIZE);
		if (!(b & (2 * MiB - 1)))
			b += PAGE_SIZE;
		n += straddle_inside(b, start, end, &ok);
		b = ALIGN_UP(start + 1, 2 * MiB);
		if (!(b & (GiB - 1)))
			b += 2 * MiB;
		n += straddle_inside(b, start, end, &ok);
		for (b = ALIGN_UP(start + 1, GiB); b < end; b += GiB)
			n += straddle_inside(b, start, end, &ok);
	}
	ktap_result(ok && n, "ram-straddle");
}

/* 5: every address handed in through fw_cfg opt/probe/addrs. */
static void check_addrs(void)
{
	int r = hexlist_read("opt/probe/addrs", &addrs);
	unsigned int i;
	bool ok = true;

	if (r < 0) {
		ktap_skip("no fw_cfg opt/probe/addrs", "probe-addrs");
		return;
	}
	if (r > 0) {
		ktap_diag("addrs-bad-line %d", r);
		ktap_result(false, "probe-addrs");
		return;
	}
	ktap_diag("probe-addrs %u", addrs.nr);
	for (i = 0; i < addrs.nr; i++)
		ok &= straddle_check("probe", addrs.addr[i]) != STRADDLE_FAIL;
	ktap_result(ok, "probe-addrs");
}

static bool hole_word(u64 pa)
{
	static unsigned int fail_lines;
	u64 before = *(volatile u64 *)phys_ptr(pa), after;
	u64 want = unassigned_value(8);

	*(volatile u64 *)phys_ptr(pa) = pattern(pa);
	after = *(volatile u64 *)phys_ptr(pa);
	if (before == want && after == want)
		return true;
	if (fail_lines++ < MAX_FAIL_LINES)
		ktap_diag("hole-fail 0x%016llx read 0x%016llx after-write 0x%016llx",
			  pa, before, after);
	return false;
}

/* One hole: its first and last 8 bytes and each 64 MiB multiple inside. */
static void hole_stretch(u64 start, u64 end, void *arg)
{
	bool *ok = arg, good = true;
	unsigned int n = 0;
	u64 pa;

	/* Never past either end: the neighbours may be RAM. */
	if (end - start >= 8) {
		good &= hole_word(start);
		n++;
	}
	if (end - start >= 16) {
		good &= hole_word(end - 8);
		n++;
	}
	for (pa = ALIGN_UP(start + 8, HOLE_STEP); pa + 8 < end; pa += HOLE_STEP) {
		good &= hole_word(pa);
		n++;
	}
	ktap_diag("hole 0x%016llx 0x%016llx %u %s", start, end - 1, n,
		  good ? "ok" : "fail");
	*ok &= good;
}

/* 6 and 7: holes below the top of RAM (and 4 GiB), then the guard above. */
static void check_holes(void)
{
	bool ok = true;

	memmap_for_each_hole(LOW_1M, probe_top(), hole_stretch, &ok);
	ktap_result(ok, "holes-unassigned");
	if (paging_map_top() <= probe_top()) {
		ktap_skip("nothing mapped above RAM", "above-ram-unassigned");
		return;
	}
	ok = true;
	memmap_for_each_hole(probe_top(), paging_map_top(), hole_stretch, &ok);
	ktap_result(ok, "above-ram-unassigned");
}

/* What the VGA window is on this machine: an observation, not a check. */
static void observe_vga_window(u64 pa)
{
	u64 before = *(volatile u64 *)phys_ptr(pa), after;
	const char *what;

	*(volatile u64 *)phys_ptr(pa) = pattern(pa);
	after = *(volatile u64 *)phys_ptr(pa);
	*(volatile u64 *)phys_ptr(pa) = before;
	if (before == ~0ULL && after == ~0ULL)
		what = "ones";
	else if (before == 0 && after == 0)
		what = "zeros";
	else if (after == pattern(pa))
		what = "ram";
	else if (after == before)
		what = "rom";
	else
		what = "other";
	ktap_diag("vga-window 0x%016llx %s read 0x%016llx after-write 0x%016llx",
		  pa, what, before, after);
}

void guest_main(void)
{
	check_e820_table();
	check_ram();
	check_ram_straddle();
	check_addrs();
	check_holes();
	observe_vga_window(VGA_START);
	observe_vga_window(VGA_END - 8);
	stamps_case();		/* 8: last, nothing writes after it */
}
