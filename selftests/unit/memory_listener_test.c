// SPDX-License-Identifier: GPL-2.0
/*
 * MemoryListener callbacks, in their exact order.  A recording listener
 * writes every call as a line ("L add r1 0x0+0x1000 @0x0") and each test
 * compares the lines with a list written by hand from QEMU's documented
 * listener protocol (include/exec/memory.h, system/memory.c):
 *  - registering replays the current view as region_add (then log_start
 *    for ranges being logged) between begin and commit;
 *  - a commit runs begin, a delete pass (region_del; listeners in reverse
 *    priority order), an add pass in address order (region_add for new
 *    ranges, region_nop for unchanged ones, log_start/log_stop when only
 *    the dirty-log mask changed; forward order, log_stop in reverse), then
 *    commit;
 *  - unregistering gives region_del for every range.
 * A last test counts the callbacks of one change among 10,000 regions.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ktap.h"
#include "memory/address_space.h"
#include "util/error.h"

#define MAX_EVENTS	64
#define EVENT_LEN	96

static char events[MAX_EVENTS][EVENT_LEN];
static unsigned int nr_events, lost_events;

static __attribute__((format(printf, 1, 2))) void record(const char *fmt, ...)
{
	va_list ap;

	if (nr_events == MAX_EVENTS) {
		lost_events++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(events[nr_events++], EVENT_LEN, fmt, ap);
	va_end(ap);
}

static void clear_events(void)
{
	nr_events = 0;
	lost_events = 0;
}

static void record_section(struct memory_listener *l, const char *what,
			   const struct memory_region_section *s,
			   const char *extra)
{
	record("%s %s %s 0x%llx+0x%llx @0x%llx%s%s", l->name, what,
	       s->mr->name,
	       (unsigned long long)s->offset_within_address_space,
	       (unsigned long long)s->size,
	       (unsigned long long)s->offset_within_region,
	       s->readonly ? " ro" : "", extra);
}

static void rec_begin(struct memory_listener *l)
{
	record("%s begin", l->name);
}

static void rec_commit(struct memory_listener *l)
{
	record("%s commit", l->name);
}

static void rec_add(struct memory_listener *l, struct memory_region_section *s)
{
	record_section(l, "add", s, "");
}

static void rec_del(struct memory_listener *l, struct memory_region_section *s)
{
	record_section(l, "del", s, "");
}

static void rec_nop(struct memory_listener *l, struct memory_region_section *s)
{
	record_section(l, "nop", s, "");
}

static void rec_log(struct memory_listener *l, const char *what,
		    struct memory_region_section *s, int old, int new)
{
	char masks[32];

	snprintf(masks, sizeof(masks), " %d->%d", old, new);
	record_section(l, what, s, masks);
}

static void rec_log_start(struct memory_listener *l,
			  struct memory_region_section *s, int old, int new)
{
	rec_log(l, "log_start", s, old, new);
}

static void rec_log_stop(struct memory_listener *l,
			 struct memory_region_section *s, int old, int new)
{
	rec_log(l, "log_stop", s, old, new);
}

#define RECORDER(n, prio)						\
	{								\
		.begin = rec_begin, .commit = rec_commit,		\
		.region_add = rec_add, .region_del = rec_del,		\
		.region_nop = rec_nop, .log_start = rec_log_start,	\
		.log_stop = rec_log_stop, .name = n, .priority = prio,	\
	}

static bool check_events(const char *name, const char *const *want,
			 unsigned int n)
{
	unsigned int i;
	bool ok = nr_events == n && !lost_events;

	for (i = 0; ok && i < n; i++)
		ok = !strcmp(events[i], want[i]);
	if (!ok) {
		ktap_print_msg("%s: got %u calls%s:", name, nr_events,
			       lost_events ? " (and more, lost)" : "");
		for (i = 0; i < nr_events; i++)
			ktap_print_msg("  %s%s", events[i],
				       i < n && !strcmp(events[i], want[i]) ?
				       "" : "   <--");
		ktap_print_msg("expected %u calls:", n);
		for (i = 0; i < n; i++)
			ktap_print_msg("  %s", want[i]);
	}
	ktap_test_result(ok, "%s", name);
	clear_events();
	return ok;
}

#define CHECK_EVENTS(name, ...)						\
	({								\
		static const char *const _w[] = { __VA_ARGS__ };	\
		check_events(name, _w, ARRAY_SIZE(_w));			\
	})

#define CHECK_NO_EVENTS(name) check_events(name, NULL, 0)

static struct memory_region root, mrs[16];
static unsigned int nr_mrs;
static struct address_space as;

static struct memory_region *ram(const char *name, u64 size)
{
	struct memory_region *mr = &mrs[nr_mrs++];

	if (memory_region_init_ram(mr, name, size))
		ktap_exit_fail_msg("init ram %s: %s", name, error_get());
	return mr;
}

static struct memory_region *rom(const char *name, u64 size)
{
	struct memory_region *mr = &mrs[nr_mrs++];

	if (memory_region_init_rom(mr, name, size))
		ktap_exit_fail_msg("init rom %s: %s", name, error_get());
	return mr;
}

static struct memory_region *alias(const char *name,
				   struct memory_region *orig, hwaddr offset,
				   u64 size)
{
	struct memory_region *mr = &mrs[nr_mrs++];

	memory_region_init_alias(mr, name, orig, offset, size);
	return mr;
}

static void map(hwaddr addr, struct memory_region *mr)
{
	if (memory_region_add_subregion(&root, addr, mr))
		ktap_exit_fail_msg("map %s: %s", mr->name, error_get());
}

static void setup(void)
{
	nr_mrs = 0;
	clear_events();
	memory_region_init(&root, "root", U128_2_64);
	if (address_space_init(&as, &root, "test"))
		ktap_exit_fail_msg("address_space_init: %s", error_get());
}

static void teardown(void)
{
	unsigned int i;

	address_space_destroy(&as);
	memory_region_transaction_begin();
	for (i = nr_mrs; i--;) {
		if (mrs[i].container)
			memory_region_del_subregion(mrs[i].container, &mrs[i]);
	}
	memory_region_transaction_commit();
	for (i = nr_mrs; i--;)
		memory_region_finalize(&mrs[i]);
	memory_region_finalize(&root);
	clear_events();
}

static void test_register_replays(void)
{
	struct memory_listener l = RECORDER("L", 0);
	struct memory_region *r2;

	setup();
	map(0x00000, ram("r1", 0x1000));
	r2 = ram("r2", 0x2000);
	map(0x10000, r2);
	map(0xf0000, rom("bios", 0x1000));
	memory_region_set_log(r2, true, DIRTY_MEMORY_VGA);
	memory_listener_register(&l, &as);
	CHECK_EVENTS("register replays the view as region_add (and log_start)",
		     "L begin",
		     "L add r1 0x0+0x1000 @0x0",
		     "L add r2 0x10000+0x2000 @0x0",
		     "L log_start r2 0x10000+0x2000 @0x0 0->1",
		     "L add bios 0xf0000+0x1000 @0x0 ro",
		     "L commit");
	memory_listener_unregister(&l);
	teardown();
}

static void test_add_between(void)
{
	struct memory_listener l = RECORDER("L", 0);

	setup();
	map(0x00000, ram("r1", 0x1000));
	map(0x20000, ram("r3", 0x1000));
	memory_listener_register(&l, &as);
	clear_events();
	map(0x10000, ram("r2", 0x1000));
	CHECK_EVENTS("adding a region between two: one add, nop for the rest",
		     "L begin",
		     "L nop r1 0x0+0x1000 @0x0",
		     "L add r2 0x10000+0x1000 @0x0",
		     "L nop r3 0x20000+0x1000 @0x0",
		     "L commit");
	memory_listener_unregister(&l);
	teardown();
}

static void test_move_alias(void)
{
	struct memory_listener l = RECORDER("L", 0);
	struct memory_region *win;

	setup();
	map(0x00000, ram("r1", 0x1000));
	win = alias("win", ram("backing", 0x4000), 0x1000, 0x1000);
	map(0x30000, win);
	memory_listener_register(&l, &as);
	clear_events();
	memory_region_set_address(win, 0x40000);
	CHECK_EVENTS("moving an alias: region_del, then region_add",
		     "L begin",
		     "L del backing 0x30000+0x1000 @0x1000",
		     "L nop r1 0x0+0x1000 @0x0",
		     "L add backing 0x40000+0x1000 @0x1000",
		     "L commit");
	memory_listener_unregister(&l);
	teardown();
}

static void test_rom_readonly(void)
{
	struct memory_listener l = RECORDER("L", 0);
	struct memory_region *bios;

	setup();
	map(0x00000, ram("r1", 0x1000));
	bios = rom("bios", 0x1000);
	map(0xf0000, bios);
	memory_listener_register(&l, &as);
	clear_events();
	memory_region_set_readonly(bios, false);
	CHECK_EVENTS("flipping readonly on a ROM: region_del, then region_add",
		     "L begin",
		     "L del bios 0xf0000+0x1000 @0x0 ro",
		     "L nop r1 0x0+0x1000 @0x0",
		     "L add bios 0xf0000+0x1000 @0x0",
		     "L commit");
	memory_listener_unregister(&l);
	teardown();
}

static void test_dirty_log(void)
{
	struct memory_listener l = RECORDER("L", 0);
	struct memory_region *r2;

	setup();
	map(0x00000, ram("r1", 0x1000));
	r2 = ram("r2", 0x2000);
	map(0x10000, r2);
	memory_listener_register(&l, &as);
	clear_events();
	memory_region_set_log(r2, true, DIRTY_MEMORY_VGA);
	CHECK_EVENTS("starting dirty logging: log_start only, no del/add/nop",
		     "L begin",
		     "L nop r1 0x0+0x1000 @0x0",
		     "L log_start r2 0x10000+0x2000 @0x0 0->1",
		     "L commit");
	memory_region_set_log(r2, true, DIRTY_MEMORY_MIGRATION);
	CHECK_EVENTS("a second client: log_start with both masks",
		     "L begin",
		     "L nop r1 0x0+0x1000 @0x0",
		     "L log_start r2 0x10000+0x2000 @0x0 1->5",
		     "L commit");
	memory_region_set_log(r2, false, DIRTY_MEMORY_MIGRATION);
	memory_region_set_log(r2, false, DIRTY_MEMORY_VGA);
	clear_events();
	memory_region_set_log(r2, true, DIRTY_MEMORY_VGA);
	memory_region_set_log(r2, false, DIRTY_MEMORY_VGA);
	CHECK_EVENTS("stopping dirty logging: log_stop only",
		     "L begin",
		     "L nop r1 0x0+0x1000 @0x0",
		     "L log_start r2 0x10000+0x2000 @0x0 0->1",
		     "L commit",
		     "L begin",
		     "L nop r1 0x0+0x1000 @0x0",
		     "L log_stop r2 0x10000+0x2000 @0x0 1->0",
		     "L commit");
	memory_listener_unregister(&l);
	teardown();
}

static void test_priority_order(void)
{
	struct memory_listener a = RECORDER("A", 10);
	struct memory_listener b = RECORDER("B", 20);
	struct memory_region *r1, *r2;

	setup();
	r1 = ram("r1", 0x1000);
	map(0x00000, r1);
	r2 = ram("r2", 0x1000);
	map(0x10000, r2);
	/* Registered against their order: priority decides, not history. */
	memory_listener_register(&b, &as);
	memory_listener_register(&a, &as);
	clear_events();
	memory_region_set_address(r2, 0x20000);
	CHECK_EVENTS("delete pass in reverse priority order, add pass forward",
		     "A begin",
		     "B begin",
		     "B del r2 0x10000+0x1000 @0x0",
		     "A del r2 0x10000+0x1000 @0x0",
		     "A nop r1 0x0+0x1000 @0x0",
		     "B nop r1 0x0+0x1000 @0x0",
		     "A add r2 0x20000+0x1000 @0x0",
		     "B add r2 0x20000+0x1000 @0x0",
		     "A commit",
		     "B commit");
	memory_region_set_log(r1, true, DIRTY_MEMORY_VGA);
	memory_region_set_log(r1, false, DIRTY_MEMORY_VGA);
	CHECK_EVENTS("log_start in forward order, log_stop in reverse",
		     "A begin",
		     "B begin",
		     "A log_start r1 0x0+0x1000 @0x0 0->1",
		     "B log_start r1 0x0+0x1000 @0x0 0->1",
		     "A nop r2 0x20000+0x1000 @0x0",
		     "B nop r2 0x20000+0x1000 @0x0",
		     "A commit",
		     "B commit",
		     "A begin",
		     "B begin",
		     "B log_stop r1 0x0+0x1000 @0x0 1->0",
		     "A log_stop r1 0x0+0x1000 @0x0 1->0",
		     "A nop r2 0x20000+0x1000 @0x0",
		     "B nop r2 0x20000+0x1000 @0x0",
		     "A commit",
		     "B commit");
	memory_listener_unregister(&a);
	memory_listener_unregister(&b);
	teardown();
}

static void test_nested_transactions(void)
{
	struct memory_listener l = RECORDER("L", 0);
	struct memory_region *r2, *r3;

	setup();
	map(0x00000, ram("r1", 0x1000));
	memory_listener_register(&l, &as);
	clear_events();
	r2 = ram("r2", 0x1000);
	r3 = ram("r3", 0x1000);
	memory_region_transaction_begin();
	map(0x10000, r2);
	memory_region_transaction_begin();
	memory_region_set_address(r2, 0x30000);
	map(0x20000, r3);
	memory_region_transaction_commit();
	CHECK_NO_EVENTS("an inner commit calls no listener");
	memory_region_set_readonly(r3, true);
	memory_region_transaction_commit();
	CHECK_EVENTS("nested transactions render once, at the outermost commit",
		     "L begin",
		     "L nop r1 0x0+0x1000 @0x0",
		     "L add r3 0x20000+0x1000 @0x0 ro",
		     "L add r2 0x30000+0x1000 @0x0",
		     "L commit");
	memory_listener_unregister(&l);
	teardown();
}

static void test_unregister(void)
{
	struct memory_listener l = RECORDER("L", 0);
	struct memory_listener m = RECORDER("M", 0);

	setup();
	map(0x00000, ram("r1", 0x1000));
	map(0x10000, ram("r2", 0x1000));
	memory_listener_register(&l, &as);
	memory_listener_register(&m, &as);
	clear_events();
	memory_listener_unregister(&l);
	CHECK_EVENTS("unregister gives region_del for every range",
		     "L begin",
		     "L del r1 0x0+0x1000 @0x0",
		     "L del r2 0x10000+0x1000 @0x0",
		     "L commit");
	map(0x20000, ram("r3", 0x1000));
	CHECK_EVENTS("an unregistered listener hears nothing more",
		     "M begin",
		     "M nop r1 0x0+0x1000 @0x0",
		     "M nop r2 0x10000+0x1000 @0x0",
		     "M add r3 0x20000+0x1000 @0x0",
		     "M commit");
	address_space_destroy(&as);
	CHECK_EVENTS("destroying the address space unregisters its listeners",
		     "M begin",
		     "M del r1 0x0+0x1000 @0x0",
		     "M del r2 0x10000+0x1000 @0x0",
		     "M del r3 0x20000+0x1000 @0x0",
		     "M commit");
	/* teardown() destroys it again: make that a harmless no-op. */
	if (address_space_init(&as, &root, "test"))
		ktap_exit_fail_msg("address_space_init: %s", error_get());
	teardown();
}

/* ---- scaling: one change among 10,000 regions ---- */

#define NR_SCALE	10000

struct counts {
	unsigned int begin, add, del, nop;
};

static struct counts counts;

static void cnt_begin(struct memory_listener *l)
{
	(void)l;
	counts.begin++;
}

static void cnt_add(struct memory_listener *l, struct memory_region_section *s)
{
	(void)l;
	(void)s;
	counts.add++;
}

static void cnt_del(struct memory_listener *l, struct memory_region_section *s)
{
	(void)l;
	(void)s;
	counts.del++;
}

static void cnt_nop(struct memory_listener *l, struct memory_region_section *s)
{
	(void)l;
	(void)s;
	counts.nop++;
}

static bool check_counts(const char *name, unsigned int add, unsigned int del,
			 unsigned int nop)
{
	bool ok = counts.begin == 1 && counts.add == add &&
		  counts.del == del && counts.nop == nop;

	if (!ok)
		ktap_print_msg("%s: begin %u add %u del %u nop %u, expected "
			       "begin 1 add %u del %u nop %u", name,
			       counts.begin, counts.add, counts.del,
			       counts.nop, add, del, nop);
	ktap_test_result(ok, "%s", name);
	memset(&counts, 0, sizeof(counts));
	return ok;
}

static void test_scaling(void)
{
	struct memory_listener l = {
		.begin = cnt_begin, .region_add = cnt_add,
		.region_del = cnt_del, .region_nop = cnt_nop,
		.name = "count",
	};
	struct memory_region *scale, extra;
	static u8 page[4096] __attribute__((aligned(4096)));
	unsigned int i;

	scale = calloc(NR_SCALE, sizeof(*scale));
	if (!scale)
		ktap_exit_fail_msg("out of memory");
	setup();
	/* Every region shows the same host page: only the ranges count. */
	memory_region_transaction_begin();
	for (i = 0; i < NR_SCALE; i++) {
		char name[16];

		snprintf(name, sizeof(name), "s%u", i);
		if (memory_region_init_ram_ptr(&scale[i], name, 0x1000, page))
			ktap_exit_fail_msg("init %s: %s", name, error_get());
		if (memory_region_add_subregion_overlap(&root, i * 0x1000ULL,
							&scale[i], 0))
			ktap_exit_fail_msg("map %s: %s", name, error_get());
	}
	memory_region_transaction_commit();
	memory_listener_register(&l, &as);
	check_counts("10,000 regions: register gives 10,000 region_add",
		     NR_SCALE, 0, 0);

	memory_region_set_address(&scale[NR_SCALE / 2], 0x10000000);
	check_counts("moving one of 10,000: one del, one add, 9,999 nop",
		     1, 1, NR_SCALE - 1);
	memory_region_set_readonly(&scale[NR_SCALE / 100], true);
	check_counts("making one of 10,000 readonly: one del, one add",
		     1, 1, NR_SCALE - 1);
	memory_region_del_subregion(&root, &scale[NR_SCALE * 7 / 10]);
	check_counts("deleting one of 10,000: one del, 9,999 nop",
		     0, 1, NR_SCALE - 1);
	if (memory_region_init_ram_ptr(&extra, "extra", 0x1000, page))
		ktap_exit_fail_msg("init extra: %s", error_get());
	memory_region_add_subregion(&root, 0x20000000, &extra);
	check_counts("adding one to 9,999: one add, 9,999 nop",
		     1, 0, NR_SCALE - 1);

	memory_listener_unregister(&l);
	address_space_destroy(&as);
	memory_region_transaction_begin();
	for (i = 0; i < NR_SCALE; i++) {
		if (scale[i].container)
			memory_region_del_subregion(&root, &scale[i]);
	}
	memory_region_del_subregion(&root, &extra);
	memory_region_transaction_commit();
	for (i = 0; i < NR_SCALE; i++)
		memory_region_finalize(&scale[i]);
	memory_region_finalize(&extra);
	memory_region_finalize(&root);
	free(scale);
}

int main(void)
{
	ktap_print_header();
	ktap_set_plan(19);
	test_register_replays();
	test_add_between();
	test_move_alias();
	test_rom_readonly();
	test_dirty_log();
	test_priority_order();
	test_nested_transactions();
	test_unregister();
	test_scaling();
	ktap_finished();
}
