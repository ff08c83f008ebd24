// SPDX-License-Identifier: GPL-2.0
#include "io.h"
#include "ktap.h"
#include "memmap.h"
#include "straddle.h"

#define WINDOW	16
#define HALF	8

struct window {
	u64		base;		/* addr - 8 */
	enum mem_kind	kind[WINDOW];
	u8		model[WINDOW];	/* what reads must return */
};

/* Stores as (offset in the window, width); 0 and 8 make the 16-byte value. */
static const struct {
	u8	off;
	u8	width;
} steps[] = {
	{ 0, 8 }, { 8, 8 }, { 4, 8 }, { 6, 4 }, { 7, 2 }, { 7, 1 }, { 8, 1 },
};

/* Reads that check a step: the two halves, across the middle, the middle. */
static const struct {
	u8	off;
	u8	width;
} reads[] = {
	{ 0, 8 }, { 8, 8 }, { 4, 8 }, { 7, 2 },
};

static u64 model_read(const struct window *w, unsigned int off,
		      unsigned int width)
{
	u64 v = 0;

	while (width--)
		v = v << 8 | w->model[off + width];
	return v;
}

/* A value whose every byte differs from what the model holds there. */
static u64 fresh_value(const struct window *w, unsigned int off,
		       unsigned int width, u64 seed)
{
	u64 h = mix64(seed), v = 0;
	unsigned int i;

	for (i = 0; i < width; i++) {
		u8 b = (h >> (8 * i)) & 0x7f;

		if (b == w->model[off + i])
			b ^= 0x2a;
		v |= (u64)b << (8 * i);
	}
	return v;
}

static void model_store(struct window *w, unsigned int off,
			unsigned int width, u64 v)
{
	unsigned int i;

	for (i = 0; i < width; i++)
		if (w->kind[off + i] == MEM_RAM)
			w->model[off + i] = v >> (8 * i);
}

static bool verify(const char *tag, u64 addr, const struct window *w,
		   unsigned int step)
{
	bool ok = true;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(reads); i++) {
		u64 pa = w->base + reads[i].off;
		u64 got = mmio_read(pa, reads[i].width);
		u64 want = model_read(w, reads[i].off, reads[i].width);

		if (got == want)
			continue;
		ktap_diag("%s-fail 0x%016llx step %u read 0x%016llx width %u got 0x%llx want 0x%llx",
			  tag, addr, step, pa, reads[i].width, got, want);
		ok = false;
	}
	return ok;
}

static bool window_init(struct window *w, u64 addr)
{
	u64 lo, hi;
	unsigned int i;

	w->base = addr - HALF;
	for (i = 0; i < WINDOW; i++) {
		w->kind[i] = mem_kind(w->base + i);
		if (w->kind[i] != MEM_RAM && w->kind[i] != MEM_ROM &&
		    w->kind[i] != MEM_HOLE)
			return false;
	}
	lo = mmio_read(w->base, 8);
	hi = mmio_read(w->base + HALF, 8);
	for (i = 0; i < WINDOW; i++) {
		u8 b = (i < HALF ? lo : hi) >> (8 * (i % HALF));

		w->model[i] = w->kind[i] == MEM_HOLE ? unassigned_byte() : b;
	}
	return true;
}

enum straddle_result straddle_check(const char *tag, u64 addr)
{
	struct window w;
	bool ok;
	unsigned int i;

	if (addr < HALF || !window_init(&w, addr)) {
		ktap_diag("%s 0x%016llx %s|%s skip", tag, addr,
			  mem_kind_name(mem_kind(addr - 1)),
			  mem_kind_name(mem_kind(addr)));
		return STRADDLE_SKIP;
	}
	ok = verify(tag, addr, &w, 0);
	for (i = 0; i < ARRAY_SIZE(steps); i++) {
		u64 v = fresh_value(&w, steps[i].off, steps[i].width,
				    addr * 16 + i);

		mmio_write(w.base + steps[i].off, steps[i].width, v);
		model_store(&w, steps[i].off, steps[i].width, v);
		/* The 16-byte value is checked once both halves are written. */
		if (i != 0)
			ok &= verify(tag, addr, &w, i + 1);
	}
	ktap_diag("%s 0x%016llx %s|%s %s", tag, addr,
		  mem_kind_name(w.kind[HALF - 1]), mem_kind_name(w.kind[HALF]),
		  ok ? "ok" : "fail");
	return ok ? STRADDLE_OK : STRADDLE_FAIL;
}
