// SPDX-License-Identifier: GPL-2.0
/*
 * Splitting by the max slot size (-accel kvm,max-slot-size=S) on -m 6G,
 * built in-process and read through kvm/'s slot lookup API: every RAM
 * range is cut into slots of S from its start, the last one shorter;
 * nothing exceeds S.  Expected counts and the 1G table are worked
 * out by hand from the -m 6G layout (RAM [0, 0xa0000), [1M, 3G), [4G, 7G);
 * pc.rom, isa-bios and the 256 KiB BIOS are one slot each).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/kvm.h>

#include "ktap.h"
#include "util/error.h"
#include "vmm_inproc.h"
#include "vmm_run.h"

#define G (1ULL << 30)
#define M (1ULL << 20)

static const struct {
	const char	*size;
	u64		bytes;
	unsigned int	nr;	/* 1 + 1 + 1 + ceil((3G - 1M) / S) + 1 + 3G / S */
} splits[] = {
	{ NULL, 0, 6 },
	{ "1G", 1 * G, 10 },
	{ "512M", 512 * M, 16 },
	{ "256M", 256 * M, 28 },
	{ "2M", 2 * M, 3076 },
};

/* -m 6G, max-slot-size=1G, slot by slot. */
static const struct {
	u64 start, size;
	bool ro;
} table_1g[] = {
	{ 0x0, 0xa0000, false },
	{ 0xc0000, 0x20000, true },
	{ 0xe0000, 0x20000, true },
	{ 0x100000, 0x40000000, false },
	{ 0x40100000, 0x40000000, false },
	{ 0x80100000, 0x3ff00000, false },
	{ 0xfffc0000, 0x40000, true },
	{ 0x100000000, 0x40000000, false },
	{ 0x140000000, 0x40000000, false },
	{ 0x180000000, 0x40000000, false },
};

/* The RAM ranges that the slots must tile exactly, in order. */
static const struct {
	u64 start, end;
} ram[] = {
	{ 0x0, 0xa0000 },
	{ 0x100000, 0xc0000000 },
	{ 0x100000000, 0x1c0000000 },
};

/* One slot as kvm/'s lookup API gives it. */
struct split_slot {
	int		id;
	u64		start;
	u64		size;
	bool		readonly;
};

static unsigned int get_slots(const struct kvm_memory_listener *kml,
			      struct split_slot *rows, unsigned int max)
{
	const struct kvm_slot *s;
	unsigned int n = 0;

	kvm_slots_for_each(s, kml) {
		if (n == max)
			break;
		rows[n++] = (struct split_slot) {
			kvm_slots_id(kml, s), s->start_addr, s->memory_size,
			!!(s->flags & KVM_MEM_READONLY),
		};
	}
	return n;
}

static bool check_tiling(const char *name, const struct split_slot *rows,
			 unsigned int n, u64 max)
{
	unsigned int i, r = 0;
	u64 at = ram[0].start;

	for (i = 0; i < n; i++) {
		const struct split_slot *s = &rows[i];

		if (max && s->size > max) {
			ktap_print_msg("%s: slot %d size 0x%llx > max 0x%llx",
				       name, s->id,
				       (unsigned long long)s->size,
				       (unsigned long long)max);
			return false;
		}
		if (s->readonly)
			continue;
		if (r >= ARRAY_SIZE(ram) || s->start != at) {
			ktap_print_msg("%s: slot %d starts at 0x%llx, expected "
				       "0x%llx", name, s->id,
				       (unsigned long long)s->start,
				       (unsigned long long)at);
			return false;
		}
		/* A full slot unless it is the last of its range. */
		if (max && s->size != max &&
		    s->start + s->size != ram[r].end) {
			ktap_print_msg("%s: slot %d of 0x%llx is short but does "
				       "not end its range", name, s->id,
				       (unsigned long long)s->size);
			return false;
		}
		at = s->start + s->size;
		if (at == ram[r].end && ++r < ARRAY_SIZE(ram))
			at = ram[r].start;
	}
	if (r != ARRAY_SIZE(ram)) {
		ktap_print_msg("%s: RAM not fully covered", name);
		return false;
	}
	return true;
}

/* The 1G table, slot by slot. */
static bool check_table_1g(const char *name, const struct split_slot *rows)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(table_1g); i++) {
		if (rows[i].start == table_1g[i].start &&
		    rows[i].size == table_1g[i].size &&
		    rows[i].readonly == table_1g[i].ro && rows[i].id == (int)i)
			continue;
		ktap_print_msg("%s: slot %d [0x%llx +0x%llx], expected "
			       "[0x%llx +0x%llx]", name, rows[i].id,
			       (unsigned long long)rows[i].start,
			       (unsigned long long)rows[i].size,
			       (unsigned long long)table_1g[i].start,
			       (unsigned long long)table_1g[i].size);
		return false;
	}
	return true;
}

/* -m 6G -bios BIOS [-accel kvm,max-slot-size=S], built in-process. */
static void test_split(unsigned int c, const char *bios)
{
	static struct split_slot rows[4096];
	static struct vmm_params params;
	static struct vmm vmm;
	char name[64], err[1024];
	unsigned int n;
	bool ok;

	snprintf(name, sizeof(name), "-m 6G max-slot-size=%s",
		 splits[c].size ? splits[c].size : "unlimited");
	vmm_params_init(&params);
	params.machine.ram_size = 6 * G;
	params.machine.bios = strdup(bios);
	params.max_slot_size = splits[c].bytes;
	memset(&vmm, 0, sizeof(vmm));
	if (vmm_build_stderr(&vmm, &params, err, sizeof(err))) {
		ktap_print_msg("%s: vmm_build: %s", name, error_get());
		ktap_test_result(false, "%s", name);
		goto out;
	}
	n = get_slots(&vmm.kml, rows, ARRAY_SIZE(rows));
	ok = n == splits[c].nr;
	if (!ok)
		ktap_print_msg("%s: %u slots, expected %u", name, n,
			       splits[c].nr);
	ok = ok && check_tiling(name, rows, n, splits[c].bytes);
	if (ok && splits[c].bytes == 1 * G)
		ok = check_table_1g(name, rows);
	ktap_test_result(ok, "%s", name);
out:
	vmm_teardown(&vmm);
	vmm_params_free(&params);
}

int main(void)
{
	const char *bios;
	unsigned int i;

	ktap_print_header();
	if (!have_kvm())
		ktap_skip_all("/dev/kvm is not available");
	bios = make_test_bios(256 * 1024);
	if (!bios)
		ktap_exit_fail_msg("cannot write a test BIOS in /tmp");
	ktap_set_plan(ARRAY_SIZE(splits));
	for (i = 0; i < ARRAY_SIZE(splits); i++)
		test_split(i, bios);
	unlink(bios);
	ktap_finished();
}
