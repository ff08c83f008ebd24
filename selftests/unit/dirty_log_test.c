// SPDX-License-Identifier: GPL-2.0
/*
 * The consumers' side of dirty logging (vmm/memory/dirty_log.c), without
 * KVM: a recording listener stands for the accelerator.  The rules, from
 * QEMU's listener model (seed 002, include/exec/memory.h): a sync asks
 * log_sync for every range (log_sync_global once, for a listener that
 * has it); a consumer's take reads and clears the RAMBlock's bits, then
 * calls log_clear for exactly the parts of the ranges that show the
 * pages taken, however many aliases show them; the VMM's own writes into
 * logged RAM are dirty too.  Expected sections worked out by hand.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ktap.h"
#include "memory/dirty_log.h"
#include "util/bitmap.h"
#include "util/error.h"

#define KB	1024ULL
#define MB	(1024 * KB)

static char events[32][96];
static unsigned int nr_events;

static void record(const char *what, const struct memory_region_section *s)
{
	if (nr_events == ARRAY_SIZE(events))
		return;
	snprintf(events[nr_events++], sizeof(events[0]),
		 "%s 0x%llx+0x%llx @0x%llx", what,
		 (unsigned long long)s->offset_within_address_space,
		 (unsigned long long)s->size,
		 (unsigned long long)s->offset_within_region);
}

static void rec_sync(struct memory_listener *l, struct memory_region_section *s)
{
	(void)l;
	record("sync", s);
}

static void rec_clear(struct memory_listener *l,
		      struct memory_region_section *s)
{
	(void)l;
	record("clear", s);
}

static unsigned int global_syncs;

static void rec_sync_global(struct memory_listener *l)
{
	(void)l;
	global_syncs++;
}

/* The events so far equal @want (NULL-terminated), in order. */
static bool events_are(const char *const *want)
{
	unsigned int i;

	for (i = 0; want[i]; i++)
		if (i >= nr_events || strcmp(events[i], want[i]))
			break;
	if (!want[i] && i == nr_events)
		return true;
	for (i = 0; i < nr_events; i++)
		ktap_print_msg("got:  %s", events[i]);
	for (i = 0; want[i]; i++)
		ktap_print_msg("want: %s", want[i]);
	return false;
}

static struct memory_region root, ram, low, high;
static struct address_space as;
static struct memory_listener rec = {
	.name = "rec", .log_sync = rec_sync, .log_clear = rec_clear,
};
static struct memory_listener global = {
	.name = "global", .log_sync_global = rec_sync_global,
};

/* 1 MiB of RAM: [0, 512K) at 1M, [256K, 1M) at 8M. */
static void setup(void)
{
	memory_region_init(&root, "root", U128_2_64);
	if (memory_region_init_ram(&ram, "ram", MB) ||
	    address_space_init(&as, &root, "test"))
		ktap_exit_fail_msg("setup: %s", error_get());
	memory_region_init_alias(&low, "low", &ram, 0, 512 * KB);
	memory_region_init_alias(&high, "high", &ram, 256 * KB, 768 * KB);
	memory_region_add_subregion(&root, 1 * MB, &low);
	memory_region_add_subregion(&root, 8 * MB, &high);
	memory_listener_register(&rec, &as);
	memory_listener_register(&global, &as);
	memory_region_set_log(&ram, true, DIRTY_MEMORY_MIGRATION);
}

static void test_sync(void)
{
	static const char *const want[] = {
		"sync 0x100000+0x80000 @0x0", "sync 0x800000+0xc0000 @0x40000",
		NULL,
	};

	nr_events = 0;
	global_syncs = 0;
	address_space_sync_dirty_bitmap(&as);
	ktap_test_result(events_are(want) && global_syncs == 1,
			 "sync: log_sync per range, log_sync_global once "
			 "(%u)", global_syncs);
}

/* Take [128K, 384K): both aliases show part of it. */
static void test_take(void)
{
	static const char *const want[] = {
		"clear 0x120000+0x40000 @0x20000",
		"clear 0x800000+0x20000 @0x40000", NULL,
	};
	struct ram_block *b = memory_region_get_ram_block(&ram);
	unsigned long bits[BITS_TO_LONGS(64)];
	u64 n;

	ram_block_set_dirty(b, 0, 4096);		/* page 0: not taken */
	ram_block_set_dirty(b, 130 * KB, 1);	/* page 32: taken, bit 0 */
	ram_block_set_dirty(b, 380 * KB, 8 * KB);	/* pages 95, 96 */
	nr_events = 0;
	n = memory_dirty_take(b, 128 * KB, 256 * KB, bits);
	ktap_test_result(events_are(want),
			 "take: log_clear for what each alias shows");
	ktap_test_result(n == 2 && bits[0] == (1UL | 1UL << 63),
			 "take: pages 32 and 95 taken (%llu, 0x%lx)",
			 (unsigned long long)n, bits[0]);
	ktap_test_result(dirty_bitmap_test(&b->dirty, 0) &&
			 dirty_bitmap_test(&b->dirty, 96) &&
			 dirty_bitmap_count(&b->dirty, 0, 256) == 2,
			 "take: pages outside the range stay dirty");
}

/* The VMM's writes into logged RAM, through either alias. */
static void test_own_writes(void)
{
	struct ram_block *b = memory_region_get_ram_block(&ram);
	unsigned long bits[BITS_TO_LONGS(256)];
	u64 v = 1;

	memory_dirty_take(b, 0, MB, bits);
	address_space_write(&as, 1 * MB + 8 * KB + 4090, &v, sizeof(v));
	address_space_write(&as, 8 * MB + 4 * KB, &v, 1);
	ktap_test_result(dirty_bitmap_count(&b->dirty, 0, 256) == 3 &&
			 dirty_bitmap_test(&b->dirty, 2) &&
			 dirty_bitmap_test(&b->dirty, 3) &&
			 dirty_bitmap_test(&b->dirty, 65),
			 "writes by the VMM mark pages 2, 3 and 65 dirty "
			 "(%llu)", (unsigned long long)
			 dirty_bitmap_count(&b->dirty, 0, 256));
	memory_dirty_take(b, 0, MB, bits);
	memory_region_set_log(&ram, false, DIRTY_MEMORY_MIGRATION);
	address_space_write(&as, 1 * MB, &v, sizeof(v));
	ktap_test_result(!dirty_bitmap_count(&b->dirty, 0, 256),
			 "without logging, they do not");
}

int main(void)
{
	ktap_print_header();
	ktap_set_plan(6);
	setup();
	test_sync();
	test_take();
	test_own_writes();
	ktap_finished();
}
