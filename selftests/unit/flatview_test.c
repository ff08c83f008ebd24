// SPDX-License-Identifier: GPL-2.0
/*
 * Rendering rules of vmm/memory/flatview.c, table-driven: each case
 * builds a small tree and lists the flat view QEMU's rules give for it,
 * written by hand from QEMU's documented semantics (docs/devel/memory.rst
 * and render_memory_region() in system/memory.c):
 *  - subregions are walked by priority, higher first, and among equal
 *    priorities the one added (or moved) last wins;
 *  - a container's holes fall through to lower-priority siblings;
 *  - an alias shows its target from alias_offset on, ignoring where the
 *    target itself is mapped, clipped to the alias's size;
 *  - readonly is inherited along the path; a disabled region, or a
 *    disabled alias target, shows nothing;
 *  - neighbours continuing one region with equal attributes are merged.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ktap.h"
#include "memory/address_space.h"
#include "util/error.h"

#define TOP	(~0ULL)		/* the last byte below 2^64 */

struct want {
	hwaddr		addr;
	u128		size;
	const char	*mr;
	u64		offset;
	unsigned int	attr;		/* RW, RO, ROMD */
};

#define RW	0
#define RO	(1u << 0)
#define ROMD	(1u << 1)

static void print_ranges(const char *what, const struct flatview *fv)
{
	const struct flat_range *fr;

	ktap_print_msg("%s: %u ranges", what, fv->nr);
	flatview_for_each_range(fr, fv)
		ktap_print_msg("  [0x%016llx +0x%llx%s] %s @0x%llx ro=%d romd=%d",
			       (unsigned long long)fr->addr,
			       (unsigned long long)fr->size,
			       fr->size == U128_2_64 ? " (2^64)" : "",
			       fr->mr->name,
			       (unsigned long long)fr->offset_in_region,
			       fr->readonly, fr->romd_mode);
}

static void print_wants(const struct want *w, unsigned int n)
{
	unsigned int i;

	ktap_print_msg("expected: %u ranges", n);
	for (i = 0; i < n; i++)
		ktap_print_msg("  [0x%016llx +0x%llx%s] %s @0x%llx ro=%d romd=%d",
			       (unsigned long long)w[i].addr,
			       (unsigned long long)w[i].size,
			       w[i].size == U128_2_64 ? " (2^64)" : "",
			       w[i].mr, (unsigned long long)w[i].offset,
			       !!(w[i].attr & RO), !!(w[i].attr & ROMD));
}

static bool range_is(const struct flat_range *fr, const struct want *w)
{
	return fr->addr == w->addr && fr->size == w->size &&
	       !strcmp(fr->mr->name, w->mr) &&
	       fr->offset_in_region == w->offset &&
	       fr->readonly == !!(w->attr & RO) &&
	       fr->romd_mode == !!(w->attr & ROMD);
}

static struct memory_region root, mrs[16];
static unsigned int nr_mrs;
static struct address_space as;

/* The whole flat view of the test address space must be exactly @w. */
static bool check_view(const char *name, const struct want *w, unsigned int n)
{
	const struct flatview *fv = as.current_map;
	bool ok = fv->nr == n;
	unsigned int i;

	for (i = 0; ok && i < n; i++) {
		if (!range_is(&fv->ranges[i], &w[i])) {
			ktap_print_msg("%s: range %u differs", name, i);
			ok = false;
		}
	}
	if (!ok) {
		print_ranges("got", fv);
		print_wants(w, n);
	}
	ktap_test_result(ok, "%s", name);
	return ok;
}

#define CHECK_VIEW(name, ...)						\
	({								\
		static const struct want _w[] = { __VA_ARGS__ };	\
		check_view(name, _w, ARRAY_SIZE(_w));			\
	})

static bool check_empty(const char *name)
{
	bool ok = as.current_map->nr == 0;

	if (!ok)
		print_ranges("got (expected none)", as.current_map);
	ktap_test_result(ok, "%s", name);
	return ok;
}

static bool expect_str(const char *got, const char *want, const char *name)
{
	bool ok = !strcmp(got, want);

	if (!ok)
		ktap_print_msg("got \"%s\", expected \"%s\"", got, want);
	ktap_test_result(ok, "%s", name);
	return ok;
}

static struct memory_region *new_mr(void)
{
	if (nr_mrs == ARRAY_SIZE(mrs))
		ktap_exit_fail_msg("test bug: more than %zu regions",
				   ARRAY_SIZE(mrs));
	return &mrs[nr_mrs++];
}

static struct memory_region *ram(const char *name, u64 size)
{
	struct memory_region *mr = new_mr();

	if (memory_region_init_ram(mr, name, size))
		ktap_exit_fail_msg("init ram %s: %s", name, error_get());
	return mr;
}

static struct memory_region *rom_device(const char *name, u64 size)
{
	struct memory_region *mr = new_mr();

	if (memory_region_init_rom_device(mr, name, size, NULL, NULL))
		ktap_exit_fail_msg("init rom device %s: %s", name,
				   error_get());
	return mr;
}

static struct memory_region *io(const char *name, u128 size)
{
	struct memory_region *mr = new_mr();

	memory_region_init_io(mr, name, size, NULL, NULL);
	return mr;
}

static struct memory_region *container(const char *name, u128 size)
{
	struct memory_region *mr = new_mr();

	memory_region_init(mr, name, size);
	return mr;
}

static struct memory_region *alias(const char *name,
				   struct memory_region *orig, hwaddr offset,
				   u128 size)
{
	struct memory_region *mr = new_mr();

	memory_region_init_alias(mr, name, orig, offset, size);
	return mr;
}

static void map(struct memory_region *parent, hwaddr addr,
		struct memory_region *mr)
{
	if (memory_region_add_subregion(parent, addr, mr))
		ktap_exit_fail_msg("map %s at 0x%llx in %s: %s", mr->name,
				   (unsigned long long)addr, parent->name,
				   error_get());
}

static void map_prio(struct memory_region *parent, hwaddr addr,
		     struct memory_region *mr, int prio)
{
	if (memory_region_add_subregion_overlap(parent, addr, mr, prio))
		ktap_exit_fail_msg("map %s at 0x%llx in %s: %s", mr->name,
				   (unsigned long long)addr, parent->name,
				   error_get());
}

static void setup(void)
{
	nr_mrs = 0;
	memory_region_init(&root, "root", U128_2_64);
	if (address_space_init(&as, &root, "test"))
		ktap_exit_fail_msg("address_space_init: %s", error_get());
}

/* Unmap everything, then free in reverse order: aliases before targets. */
static void teardown(void)
{
	unsigned int i;

	memory_region_transaction_begin();
	for (i = nr_mrs; i--;) {
		if (mrs[i].container)
			memory_region_del_subregion(mrs[i].container, &mrs[i]);
	}
	memory_region_transaction_commit();
	address_space_destroy(&as);
	for (i = nr_mrs; i--;)
		memory_region_finalize(&mrs[i]);
	memory_region_finalize(&root);
}

static void test_overlap_priority(void)
{
	setup();
	map_prio(&root, 0x0000, ram("low", 0x4000), 0);
	map_prio(&root, 0x1000, ram("high", 0x1000), 1);
	CHECK_VIEW("higher priority hides lower",
		   { 0x0000, 0x1000, "low", 0x0000, RW },
		   { 0x1000, 0x1000, "high", 0x0000, RW },
		   { 0x2000, 0x2000, "low", 0x2000, RW });
	teardown();
}

static void test_equal_priority(void)
{
	setup();
	map_prio(&root, 0x0000, ram("first", 0x4000), 0);
	map_prio(&root, 0x1000, ram("second", 0x1000), 0);
	CHECK_VIEW("equal priority: the later-added subregion wins",
		   { 0x0000, 0x1000, "first", 0x0000, RW },
		   { 0x1000, 0x1000, "second", 0x0000, RW },
		   { 0x2000, 0x2000, "first", 0x2000, RW });
	teardown();

	setup();
	map_prio(&root, 0x1000, ram("first", 0x1000), 0);
	map_prio(&root, 0x0000, ram("second", 0x4000), 0);
	CHECK_VIEW("equal priority: an earlier one under a later one is hidden",
		   { 0x0000, 0x4000, "second", 0x0000, RW });
	teardown();
}

static void test_alias_offset(void)
{
	setup();
	map(&root, 0x10000, alias("win", ram("ram", 0x4000), 0x2000, 0x1000));
	CHECK_VIEW("alias with offset shows its target from the offset on",
		   { 0x10000, 0x1000, "ram", 0x2000, RW });
	teardown();
}

static void test_alias_of_alias(void)
{
	struct memory_region *r, *a1;

	setup();
	/* a2 -> a1 @0x1000 -> ram @0x2000: a2's byte 0 is ram's 0x3000. */
	r = ram("ram", 0x8000);
	a1 = alias("a1", r, 0x2000, 0x4000);
	map(&root, 0x10000, alias("a2", a1, 0x1000, 0x1000));
	CHECK_VIEW("alias of an alias resolves both offsets",
		   { 0x10000, 0x1000, "ram", 0x3000, RW });
	teardown();
}

static void test_alias_of_container(void)
{
	struct memory_region *pci;

	setup();
	pci = container("pci", 0x10000);
	map(pci, 0x4000, ram("dev", 0x2000));
	map_prio(&root, 0x50000, pci, -1);
	/* pci [0x3000, 0x7000) at 0x100000: a hole, dev, a hole. */
	map(&root, 0x100000, alias("win", pci, 0x3000, 0x4000));
	CHECK_VIEW("alias onto a container (target's own address ignored)",
		   { 0x054000, 0x2000, "dev", 0x0000, RW },
		   { 0x101000, 0x2000, "dev", 0x0000, RW });
	teardown();
}

static void test_disable(void)
{
	struct memory_region *high, *t;

	setup();
	map_prio(&root, 0x0000, ram("low", 0x4000), 0);
	high = ram("high", 0x1000);
	map_prio(&root, 0x1000, high, 1);
	memory_region_set_enabled(high, false);
	CHECK_VIEW("a disabled region is invisible, lower ones show through",
		   { 0x0000, 0x4000, "low", 0x0000, RW });
	memory_region_set_enabled(high, true);
	CHECK_VIEW("re-enabled, it hides the lower one again",
		   { 0x0000, 0x1000, "low", 0x0000, RW },
		   { 0x1000, 0x1000, "high", 0x0000, RW },
		   { 0x2000, 0x2000, "low", 0x2000, RW });
	teardown();

	setup();
	t = ram("target", 0x2000);
	map(&root, 0x8000, alias("a", t, 0, 0x2000));
	memory_region_set_enabled(t, false);
	check_empty("a disabled alias target is invisible through the alias");
	memory_region_set_enabled(t, true);
	CHECK_VIEW("an enabled alias target is visible through the alias",
		   { 0x8000, 0x2000, "target", 0x0000, RW });
	teardown();
}

static void test_clipping(void)
{
	struct memory_region *c, *r;

	setup();
	c = container("c", 0x4000);
	map(c, 0x2000, ram("r", 0x8000));
	map(&root, 0x10000, c);
	CHECK_VIEW("a subregion is clipped to its container",
		   { 0x12000, 0x2000, "r", 0x0000, RW });
	teardown();

	setup();
	r = ram("r", 0x8000);
	map(&root, 0x20000, alias("a", r, 0x1000, 0x2000));
	/* 0x4000 bytes from 0x7000: only 0x1000 of them exist. */
	map(&root, 0x30000, alias("b", r, 0x7000, 0x4000));
	CHECK_VIEW("an alias clips its target, and the target clips the alias",
		   { 0x20000, 0x2000, "r", 0x1000, RW },
		   { 0x30000, 0x1000, "r", 0x7000, RW });
	teardown();
}

static void test_hole_falls_through(void)
{
	struct memory_region *hi;

	setup();
	map_prio(&root, 0, ram("low", 0x10000), 0);
	hi = container("hi", 0x10000);
	map(hi, 0x4000, ram("dev", 0x1000));
	map_prio(&root, 0, hi, 1);
	CHECK_VIEW("holes in a higher-priority container fall through",
		   { 0x0000, 0x4000, "low", 0x0000, RW },
		   { 0x4000, 0x1000, "dev", 0x0000, RW },
		   { 0x5000, 0xb000, "low", 0x5000, RW });
	teardown();
}

static void test_readonly_inherited(void)
{
	struct memory_region *bios, *isa_bios, *c;

	setup();
	/* Writable RAM, so that readonly can only come from the alias. */
	bios = ram("bios", 0x40000);
	isa_bios = alias("isa-bios", bios, 0x20000, 0x20000);
	memory_region_set_readonly(isa_bios, true);
	map_prio(&root, 0xe0000, isa_bios, 1);
	map(&root, 0xfffc0000, bios);
	CHECK_VIEW("readonly is inherited from an alias (isa-bios)",
		   { 0x000e0000, 0x20000, "bios", 0x20000, RO },
		   { 0xfffc0000, 0x40000, "bios", 0x00000, RW });
	teardown();

	setup();
	c = container("c", 0x10000);
	memory_region_set_readonly(c, true);
	map(c, 0x1000, ram("r", 0x1000));
	map(&root, 0x100000, c);
	CHECK_VIEW("readonly is inherited from a container",
		   { 0x101000, 0x1000, "r", 0x0000, RO });
	teardown();
}

static void test_romd(void)
{
	struct memory_region *flash;

	setup();
	flash = rom_device("flash", 0x2000);
	map(&root, 0xffe00000, flash);
	CHECK_VIEW("a ROM device in romd mode: romd_mode in the flat range",
		   { 0xffe00000, 0x2000, "flash", 0, ROMD });
	expect_str(memory_region_type(flash), "romd",
		   "a ROM device in romd mode is of type romd");
	memory_region_rom_device_set_romd(flash, false);
	CHECK_VIEW("a ROM device out of romd mode: no romd_mode in the range",
		   { 0xffe00000, 0x2000, "flash", 0, RW });
	expect_str(memory_region_type(flash), "i/o",
		   "a ROM device out of romd mode is of type i/o");
	teardown();
}

static void test_set_address(void)
{
	struct memory_region *r, *a;

	setup();
	r = ram("r", 0x1000);
	map(&root, 0x1000, r);
	memory_region_set_address(r, 0x5000);
	CHECK_VIEW("set_address moves a region",
		   { 0x5000, 0x1000, "r", 0, RW });
	teardown();

	setup();
	a = ram("a", 0x2000);
	map_prio(&root, 0x0000, a, 0);
	map_prio(&root, 0x1000, ram("b", 0x2000), 0);
	memory_region_set_address(a, 0x1000);
	CHECK_VIEW("a moved region becomes the newest of its equal peers",
		   { 0x1000, 0x2000, "a", 0, RW });
	teardown();
}

static void test_set_alias_offset(void)
{
	struct memory_region *win;

	setup();
	win = alias("win", ram("r", 0x4000), 0, 0x1000);
	map(&root, 0x20000, win);
	memory_region_set_alias_offset(win, 0x3000);
	CHECK_VIEW("set_alias_offset changes what an alias shows",
		   { 0x20000, 0x1000, "r", 0x3000, RW });
	teardown();
}

static void test_simplify(void)
{
	struct memory_region *r, *a2;

	setup();
	r = ram("r", 0x4000);
	map(&root, 0x10000, alias("a1", r, 0x0000, 0x2000));
	a2 = alias("a2", r, 0x2000, 0x2000);
	map(&root, 0x12000, a2);
	map(&root, 0x30000, ram("x", 0x1000));
	map(&root, 0x31000, ram("y", 0x1000));
	CHECK_VIEW("adjacent ranges of one region, contiguous offsets: merged",
		   { 0x10000, 0x4000, "r", 0x0000, RW },
		   { 0x30000, 0x1000, "x", 0x0000, RW },
		   { 0x31000, 0x1000, "y", 0x0000, RW });
	memory_region_set_readonly(a2, true);
	CHECK_VIEW("... not merged when readonly differs",
		   { 0x10000, 0x2000, "r", 0x0000, RW },
		   { 0x12000, 0x2000, "r", 0x2000, RO },
		   { 0x30000, 0x1000, "x", 0x0000, RW },
		   { 0x31000, 0x1000, "y", 0x0000, RW });
	memory_region_set_readonly(a2, false);
	memory_region_set_alias_offset(a2, 0x1000);
	CHECK_VIEW("... nor when offsets are not contiguous",
		   { 0x10000, 0x2000, "r", 0x0000, RW },
		   { 0x12000, 0x2000, "r", 0x1000, RW },
		   { 0x30000, 0x1000, "x", 0x0000, RW },
		   { 0x31000, 0x1000, "y", 0x0000, RW });
	teardown();
}

static void test_size_2_64(void)
{
	struct memory_region *pci;

	setup();
	map_prio(&root, 0, io("all", U128_2_64), -1);
	map(&root, 0x1000, ram("r", 0x1000));
	CHECK_VIEW("a 2^64 root holds a 2^64 region",
		   { 0x0000, 0x1000, "all", 0x0000, RW },
		   { 0x1000, 0x1000, "r", 0x0000, RW },
		   { 0x2000, U128_2_64 - 0x2000, "all", 0x2000, RW });
	teardown();

	setup();
	map(&root, TOP - 0xfff, ram("top", 0x1000));
	CHECK_VIEW("a region ending exactly at 2^64",
		   { TOP - 0xfff, 0x1000, "top", 0, RW });
	teardown();

	setup();
	/* Half of it lies beyond 2^64: clipped to the root. */
	map(&root, TOP - 0xfff, ram("top", 0x2000));
	CHECK_VIEW("a region crossing 2^64 is clipped",
		   { TOP - 0xfff, 0x1000, "top", 0, RW });
	teardown();

	setup();
	pci = container("pci", U128_2_64);
	map(pci, 0xfec00000, io("mmio", 0x1000));
	map(pci, 0xfffc0000, ram("bios", 0x40000));
	map(&root, 0, alias("pci-all", pci, 0, U128_2_64));
	/* pci from 0xfff00000 on, at 0x10000000: its end is past 2^64. */
	map_prio(&root, 0x10000000,
		 alias("pci-shifted", pci, 0xfff00000, U128_2_64), -1);
	CHECK_VIEW("2^64-sized aliases of a 2^64 container",
		   { 0x100c0000, 0x40000, "bios", 0, RW },
		   { 0xfec00000, 0x01000, "mmio", 0, RW },
		   { 0xfffc0000, 0x40000, "bios", 0, RW });
	teardown();
}

static void test_collision(void)
{
	struct memory_region *b, *hi;
	const char *msg;
	int ret;

	setup();
	map(&root, 0x0000, ram("ram-a", 0x2000));
	b = ram("ram-b", 0x1000);
	error_clear();
	ret = memory_region_add_subregion(&root, 0x1000, b);
	KTAP_EXPECT_EQ(ret, -EBUSY,
		       "a colliding non-overlapping add returns -EBUSY");
	msg = error_get();
	if (!strstr(msg, "ram-a") || !strstr(msg, "ram-b"))
		ktap_print_msg("message: \"%s\"", msg);
	ktap_test_result(strstr(msg, "ram-a") && strstr(msg, "ram-b"),
			 "... and its message names both regions");
	KTAP_EXPECT_EQ(b->container, NULL, "... and leaves it unmapped");
	CHECK_VIEW("... and leaves the view as it was",
		   { 0x0000, 0x2000, "ram-a", 0, RW });

	map_prio(&root, 0x4000, ram("ovl", 0x1000), 0);
	ret = memory_region_add_subregion(&root, 0x4000, ram("ram-c", 0x1000));
	KTAP_EXPECT_EQ(ret, 0,
		       "a non-overlapping add may cover an overlap-capable one");

	hi = ram("hi", 0x1000);
	map_prio(&root, 0x8000, hi, 2);
	ret = memory_region_add_subregion(&root, 0x9000, hi);
	KTAP_EXPECT_EQ(ret, -EBUSY, "adding a region mapped already fails");
	map_prio(&root, 0x8000, ram("mid", 0x1000), 1);
	KTAP_EXPECT_EQ(hi->priority, 2, "... and keeps its priority");
	CHECK_VIEW("... and its place: priority 2 still beats a newer 1",
		   { 0x0000, 0x2000, "ram-a", 0, RW },
		   { 0x4000, 0x1000, "ram-c", 0, RW },
		   { 0x8000, 0x1000, "hi", 0, RW });
	teardown();
}

int main(void)
{
	ktap_print_header();
	ktap_set_plan(37);
	test_overlap_priority();
	test_equal_priority();
	test_alias_offset();
	test_alias_of_alias();
	test_alias_of_container();
	test_disable();
	test_clipping();
	test_hole_falls_through();
	test_readonly_inherited();
	test_romd();
	test_set_address();
	test_set_alias_offset();
	test_simplify();
	test_size_2_64();
	test_collision();
	ktap_finished();
}
