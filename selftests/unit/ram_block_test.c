// SPDX-License-Identifier: GPL-2.0
/*
 * RAMBlocks (vmm/ram/ram_block.c): host memory, the ram_addr space and
 * the block list, against tables written by hand from QEMU's rules
 * (find_ram_offset() and ram_block_add() in system/physmem.c):
 *  - a block starts on a 256 KiB boundary (one dirty-bitmap word), in the
 *    smallest gap after an existing block that fits it, the first such
 *    gap in list order among equals; the space below the lowest block is
 *    never a candidate;
 *  - the list is sorted from the largest block to the smallest, equal
 *    sizes in creation order.
 * QEMU 7.2's `info ramblock` for -M pc -m 128M shows pc.ram, pc.bios and
 * pc.rom at 0, 0x8000000 and 0x8040000: the first table.
 */
#include <string.h>
#include <unistd.h>

#include "ktap.h"
#include "ram/ram_block.h"
#include "util/error.h"

struct want_block {
	const char	*id;
	u64		size;
	ram_addr_t	offset;
};

static struct ram_block *blocks[16];

static struct ram_block *alloc(unsigned int slot, const char *id, u64 size)
{
	blocks[slot] = ram_block_new_anon(id, size);
	if (!blocks[slot])
		ktap_exit_fail_msg("ram_block_new_anon(%s, 0x%llx): %s", id,
				   (unsigned long long)size, error_get());
	return blocks[slot];
}

static void release(unsigned int slot)
{
	ram_block_free(blocks[slot]);
	blocks[slot] = NULL;
}

static void release_all(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(blocks); i++)
		release(i);
	if (!list_empty(&ram_list))
		ktap_exit_fail_msg("test bug: blocks left over");
}

static bool check_offset(const struct ram_block *b, ram_addr_t want,
			 const char *why)
{
	bool ok = b->offset == want;

	if (!ok)
		ktap_print_msg("%s: offset 0x%llx, expected 0x%llx", b->idstr,
			       (unsigned long long)b->offset,
			       (unsigned long long)want);
	ktap_test_result(ok, "%s at 0x%llx: %s", b->idstr,
			 (unsigned long long)want, why);
	return ok;
}

/* The whole list, in order, must be @w (ids and offsets). */
static bool check_list(const char *name, const struct want_block *w,
		       unsigned int n)
{
	const struct ram_block *b;
	unsigned int i = 0;
	bool ok = true;

	ram_list_for_each(b) {
		if (i >= n || strcmp(b->idstr, w[i].id) ||
		    b->offset != w[i].offset || b->used_length != w[i].size)
			ok = false;
		i++;
	}
	ok = ok && i == n;
	if (!ok) {
		ktap_print_msg("%s: the list is", name);
		ram_list_for_each(b)
			ktap_print_msg("  %s size 0x%llx at 0x%llx", b->idstr,
				       (unsigned long long)b->used_length,
				       (unsigned long long)b->offset);
		ktap_print_msg("expected");
		for (i = 0; i < n; i++)
			ktap_print_msg("  %s size 0x%llx at 0x%llx", w[i].id,
				       (unsigned long long)w[i].size,
				       (unsigned long long)w[i].offset);
	}
	ktap_test_result(ok, "%s", name);
	return ok;
}

#define CHECK_LIST(name, ...)						\
	({								\
		static const struct want_block _w[] = { __VA_ARGS__ };	\
		check_list(name, _w, ARRAY_SIZE(_w));			\
	})

static void test_host_memory(void)
{
	u64 page = (u64)sysconf(_SC_PAGESIZE);
	struct ram_block *b = alloc(0, "odd", 5000);
	u8 *host = b->host;

	KTAP_EXPECT_EQ((uintptr_t)b->host % page, 0,
		       "host memory is aligned to the host page");
	KTAP_EXPECT_EQ(b->used_length, (5000 + page - 1) / page * page,
		       "a size is rounded up to whole host pages");
	KTAP_EXPECT_EQ(b->page_size, page, "page_size is the host page");
	host[0] = 0x11;
	host[b->used_length - 1] = 0x22;
	ktap_test_result(host[0] == 0x11 && host[b->used_length - 1] == 0x22,
			 "host memory is writable end to end");
	release_all();
}

static void test_pc(void)
{
	alloc(0, "pc.ram", 128 * MiB);
	alloc(1, "pc.bios", 256 * KiB);
	alloc(2, "pc.rom", 128 * KiB);
	CHECK_LIST("-M pc -m 128M: the blocks of QEMU 7.2's info ramblock",
		   { "pc.ram", 0x8000000, 0x0000000 },
		   { "pc.bios", 0x0040000, 0x8000000 },
		   { "pc.rom", 0x0020000, 0x8040000 });
	KTAP_EXPECT_EQ(ram_block_find("pc.bios"), blocks[1],
		       "ram_block_find by id");
	release_all();
}

static void test_alignment(void)
{
	alloc(0, "x", 4 * KiB);
	alloc(1, "y", 4 * KiB);
	alloc(2, "z", 260 * KiB);
	alloc(3, "w", 4 * KiB);
	CHECK_LIST("blocks start on 256 KiB boundaries",
		   { "z", 0x41000, 0x80000 },
		   { "x", 0x01000, 0x00000 },
		   { "y", 0x01000, 0x40000 },
		   { "w", 0x01000, 0x100000 });
	release_all();
}

static void test_sorted(void)
{
	alloc(0, "a", 64 * KiB);
	alloc(1, "b", 1 * MiB);
	alloc(2, "c", 256 * KiB);
	alloc(3, "d", 1 * MiB);
	alloc(4, "e", 4 * KiB);
	CHECK_LIST("the list runs from the largest block to the smallest",
		   { "b", 0x100000, 0x040000 },
		   { "d", 0x100000, 0x180000 },
		   { "c", 0x040000, 0x140000 },
		   { "a", 0x010000, 0x000000 },
		   { "e", 0x001000, 0x280000 });
	release_all();
}

/*
 * Layout after the first six blocks (K = KiB):
 *   a 1M @0  b 256K @1M  c 512K @1M+256K  d 256K @1M+768K  e 1M @2M
 *   f 256K @3M
 * Freeing c and e leaves gaps of 512K at 0x140000 and 1M at 0x200000.
 */
static void test_best_fit(void)
{
	check_offset(alloc(0, "a", 1 * MiB), 0x000000, "first block at 0");
	check_offset(alloc(1, "b", 256 * KiB), 0x100000, "after a");
	check_offset(alloc(2, "c", 512 * KiB), 0x140000, "after b");
	check_offset(alloc(3, "d", 256 * KiB), 0x1c0000, "after c");
	check_offset(alloc(4, "e", 1 * MiB), 0x200000, "after d");
	check_offset(alloc(5, "f", 256 * KiB), 0x300000, "after e");
	release(2);
	release(4);
	KTAP_EXPECT_EQ(ram_block_find_offset(256 * KiB), 0x140000,
		       "find_offset: the smallest gap that fits, not the first");
	check_offset(alloc(6, "g", 256 * KiB), 0x140000,
		     "the 512K gap, smaller than the 1M one");
	check_offset(alloc(7, "h", 768 * KiB), 0x200000,
		     "the 1M gap, the only one it fits");
	/* Gaps of 256K after h and after g: h comes first in the list. */
	check_offset(alloc(8, "i", 64 * KiB), 0x2c0000,
		     "equal gaps: the first in list order");
	release(0);
	check_offset(alloc(9, "j", 256 * KiB), 0x180000,
		     "the space below the lowest block is not a gap");
	release_all();
}

static void test_lookup(void)
{
	struct ram_block *b;
	u64 off = ~0ULL;

	alloc(0, "pc.ram", 128 * MiB);
	alloc(1, "pc.bios", 256 * KiB);
	alloc(2, "pc.rom", 128 * KiB);
	b = ram_block_from_ram_addr(0x8040010, &off);
	if (b != blocks[2] || off != 0x10)
		ktap_print_msg("got %s + 0x%llx", b ? b->idstr : "nothing",
			       (unsigned long long)off);
	ktap_test_result(b == blocks[2] && off == 0x10,
			 "ram_addr 0x8040010 is pc.rom + 0x10");
	ktap_test_result(!ram_block_from_ram_addr(0x8060000, NULL),
			 "ram_addr 0x8060000 is in no block");
	release_all();
}

/* The error message must name @what and say @why. */
static void check_message(const char *what, const char *why,
			  const char *name)
{
	char msg[256];
	bool ok;

	snprintf(msg, sizeof(msg), "%s", error_get());
	ok = strstr(msg, what) && strstr(msg, why);
	if (!ok)
		ktap_print_msg("message: \"%s\"", msg);
	ktap_test_result(ok, "%s", name);
}

static void test_rejects(void)
{
	struct ram_block *b;

	alloc(0, "dup", 4 * KiB);
	error_clear();
	b = ram_block_new_anon("dup", 8 * KiB);
	ktap_test_result(!b, "a duplicate id is rejected");
	check_message("dup", "already", "... with a message naming it");
	CHECK_LIST("... and the list keeps only the first",
		   { "dup", 0x1000, 0 });
	ram_block_free(b);

	error_clear();
	b = ram_block_new_anon("empty", 0);
	ktap_test_result(!b, "a zero size is rejected");
	check_message("empty", "size",
		      "... with a message naming the block and its size");
	ram_block_free(b);

	error_clear();
	b = ram_block_new_anon("", 4 * KiB);
	ktap_test_result(!b, "an empty id is rejected (%s)", error_get());
	ram_block_free(b);
	release_all();
}

int main(void)
{
	ktap_print_header();
	ktap_set_plan(27);
	test_host_memory();
	test_pc();
	test_alignment();
	test_sorted();
	test_best_fit();
	test_lookup();
	test_rejects();
	ktap_finished();
}
