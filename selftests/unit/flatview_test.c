// SPDX-License-Identifier: GPL-2.0
/*
 * Rendering rules of vmm/memory/flatview.c, table-driven: each case
 * builds a small tree and lists the flat view QEMU's rules give for it
 * (written by hand from QEMU's documented semantics).
 */
#include <stdlib.h>
#include <string.h>

#include "ktap.h"
#include "memory/address_space.h"
#include "util/error.h"

struct want {
	hwaddr		addr;
	u64		size;
	const char	*mr;
	u64		offset;
	bool		readonly;
};

static bool check_view(const char *name, struct address_space *as,
		       const struct want *w, unsigned int n)
{
	const struct flatview *fv = as->current_map;
	unsigned int i;
	bool ok = fv->nr == n;

	if (!ok)
		ktap_print_msg("%s: %u ranges, expected %u", name, fv->nr, n);
	for (i = 0; ok && i < n; i++) {
		const struct flat_range *fr = &fv->ranges[i];

		if (fr->addr == w[i].addr && fr->size == w[i].size &&
		    !strcmp(fr->mr->name, w[i].mr) &&
		    fr->offset_in_region == w[i].offset &&
		    fr->readonly == w[i].readonly)
			continue;
		ktap_print_msg("%s: range %u is [0x%llx +0x%llx] %s @0x%llx "
			       "ro=%d, expected [0x%llx +0x%llx] %s @0x%llx "
			       "ro=%d", name, i,
			       (unsigned long long)fr->addr,
			       (unsigned long long)fr->size, fr->mr->name,
			       (unsigned long long)fr->offset_in_region,
			       fr->readonly, (unsigned long long)w[i].addr,
			       (unsigned long long)w[i].size, w[i].mr,
			       (unsigned long long)w[i].offset,
			       w[i].readonly);
		ok = false;
	}
	ktap_test_result(ok, "%s", name);
	return ok;
}

static struct memory_region root;
static struct address_space as;

static void setup(void)
{
	memory_region_init(&root, "root", U128_2_64);
	if (address_space_init(&as, &root, "test"))
		ktap_exit_fail_msg("address_space_init: %s", error_get());
}

static void teardown(void)
{
	address_space_destroy(&as);
	memory_region_finalize(&root);
}

static void test_overlap_priority(void)
{
	struct memory_region low, high;
	static const struct want w[] = {
		{ 0x0000, 0x1000, "low", 0x0000, false },
		{ 0x1000, 0x1000, "high", 0x0000, false },
		{ 0x2000, 0x2000, "low", 0x2000, false },
	};

	setup();
	memory_region_init_ram(&low, "low", 0x4000);
	memory_region_init_ram(&high, "high", 0x1000);
	memory_region_add_subregion_overlap(&root, 0, &low, 0);
	memory_region_add_subregion_overlap(&root, 0x1000, &high, 1);
	check_view("higher priority hides lower", &as, w, ARRAY_SIZE(w));
	memory_region_del_subregion(&root, &high);
	memory_region_del_subregion(&root, &low);
	memory_region_finalize(&high);
	memory_region_finalize(&low);
	teardown();
}

static void test_alias_of_alias(void)
{
	struct memory_region ram, a1, a2;
	/* a2 -> a1 @0x1000 -> ram @0x2000: a2's byte 0 is ram's 0x3000. */
	static const struct want w[] = {
		{ 0x10000, 0x1000, "ram", 0x3000, false },
	};

	setup();
	memory_region_init_ram(&ram, "ram", 0x8000);
	memory_region_init_alias(&a1, "a1", &ram, 0x2000, 0x4000);
	memory_region_init_alias(&a2, "a2", &a1, 0x1000, 0x1000);
	memory_region_add_subregion(&root, 0x10000, &a2);
	check_view("alias of an alias resolves both offsets", &as, w,
		   ARRAY_SIZE(w));
	memory_region_del_subregion(&root, &a2);
	memory_region_finalize(&a2);
	memory_region_finalize(&a1);
	memory_region_finalize(&ram);
	teardown();
}

static void test_size_2_64(void)
{
	struct memory_region ram;
	const u64 top = ~0ULL - 0xfff;
	static const struct want w[] = {
		{ ~0ULL - 0xfff, 0x1000, "top", 0, false },
	};

	setup();
	memory_region_init_ram(&ram, "top", 0x2000);
	/* Half of it lies beyond 2^64: clipped to the root. */
	memory_region_add_subregion(&root, top, &ram);
	check_view("a region crossing 2^64 is clipped", &as, w,
		   ARRAY_SIZE(w));
	memory_region_del_subregion(&root, &ram);
	memory_region_finalize(&ram);
	teardown();
}

int main(void)
{
	ktap_print_header();
	ktap_set_plan(3);
	test_overlap_priority();
	test_alias_of_alias();
	test_size_2_64();
	ktap_finished();
}
