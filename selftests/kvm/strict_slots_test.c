// SPDX-License-Identifier: GPL-2.0
/*
 * Strict slots (docs/witness.md): an MMIO exit inside a range a live KVM
 * slot covers, a read of any slot or a write to a writable one, is a
 * memslot bug that vmm reports once per slot and turns into status 6.
 *
 * First the rule itself, on an in-process -M pc -m 128M machine whose
 * slots are, by hand (docs/qemu-rules.md, "KVM memory slots"): 0 [0,
 * 0xa0000) rw, 1 pc.rom [0xc0000, +128K) ro, 2 isa-bios [0xe0000, +128K)
 * ro, 3 [1M, 128M) rw, 4 the BIOS [0xfffe0000, 4G) ro; 0xa0000 is the
 * VGA window (I/O) and 0xfec00000 a hole.  Then on a correct kernel:
 * e820-probe on -m 6G makes no such exit, and rom-probe's stores to ROM
 * are exits of the expected kind only.  Then the bug, made on purpose by
 * the test-only hook `--test-hook short-slot=GPA` (vmm gives KVM the
 * slot holding GPA one page short, its own tables unchanged): on -m 6G
 * the slots [1M, 3G) (id 3) and [4G, 7G) (id 5), whose last pages
 * e820-probe writes first at 0xbffff000 and 0x1bffff000 (the last page of
 * each e820 RAM entry, guest/README.md), must end the run with status 6
 * and that slot named with the first exit, a write of 8 bytes at the
 * page's start; with --strict-slots off the same guest passes,
 * which is why the check exists.
 */
#include <stdlib.h>
#include <string.h>
#include <linux/kvm.h>

#include "ktap.h"
#include "vmm_inproc.h"
#include "vmm_run.h"

static const struct {
	const char	*what;
	hwaddr		addr;
	bool		is_write;
	bool		bug;
} exits[] = {
	{ "read of RAM slot 0", 0x1000, false, true },
	{ "write to RAM slot 3", 0x7fff000, true, true },
	{ "read of ROM slot 1", 0xc0000, false, true },
	{ "write to ROM slot 1", 0xc0000, true, false },
	{ "write to ROM slot 4", 0xfffff000, true, false },
	{ "read of the VGA window (no slot)", 0xa0000, false, false },
	{ "read of a hole", 0xfec00000, false, false },
};

/* The rule, exit by exit, then an exit that raced a slot update. */
static void test_rule(void)
{
	static struct vmm_params p;
	static struct vmm vmm;
	struct kvm_slot_exits x;
	unsigned int i;
	u64 seq;

	vmm_guest_params(&p, "e820-probe");
	vmm_build_inproc(&vmm, &p);
	kvm_slot_exits_init(&x, &vmm.kml);
	seq = kvm_slots_update_seq(&vmm.kml);
	for (i = 0; i < ARRAY_SIZE(exits); i++)
		KTAP_EXPECT_EQ(kvm_slot_exits_check(&x, 0, exits[i].addr, 8,
						    exits[i].is_write, seq),
			       exits[i].bug, "%s at 0x%llx: %s", exits[i].what,
			       (unsigned long long)exits[i].addr,
			       exits[i].bug ? "a memslot bug" : "expected");
	KTAP_EXPECT_EQ(x.total, 3, "three exits on slots counted");
	KTAP_EXPECT_EQ(x.nr == 3 && x.recs[0].id == 0 && x.recs[1].id == 3 &&
		       x.recs[2].id == 1 && x.recs[1].first_write &&
		       x.recs[1].first_addr == 0x7fff000, 1,
		       "one record per slot (0, 3, 1), with the first exit");
	/* A commit between KVM_RUN and the exit: the slot may have gone. */
	KTAP_EXPECT_EQ(kvm_slot_exits_check(&x, 0, 0x1000, 8, false, seq - 2),
		       0, "an exit across a slot update is not a bug");
	KTAP_EXPECT_EQ(x.raced, 1, "... and is counted as raced");
	vmm_teardown(&vmm);
	vmm_params_free(&p);
}

static struct vmm_result run_e820_probe(const char *hook, bool strict)
{
	char image[4096];
	const char *argv[] = {
		"-m", "6G", "-bios", image, "--stats",
		"-device", "isa-debug-exit,iobase=0xf4,iosize=4",
		"-serial", "stdio", "--strict-slots", strict ? "on" : "off",
		NULL,
	};
	const char *more[] = { "--test-hook", hook, NULL };
	struct vmm_result r;

	guest_image(image, sizeof(image), "e820-probe");
	if (vmm_run_more(&r, 60, argv, hook ? more : NULL))
		ktap_exit_fail_msg("cannot run vmm");
	return r;
}

/* A correct kernel: no exit on slotted memory, the guest passes. */
static void test_clean(void)
{
	struct vmm_result r = run_e820_probe(NULL, true);
	bool ok = r.status == 1 && has_line(r.out, "ok 1 e820-probe") &&
		  find_count(r.err, "stats slot-exits") == 0 &&
		  find_count(r.err, "stats mmio-exits") > 0;

	if (!ok)
		vmm_result_show("e820-probe -m 6G", &r);
	ktap_test_result(ok, "e820-probe -m 6G: status 1, slot-exits 0");
	vmm_result_free(&r);
}

/* Writes to readonly slots are the exits that are meant to happen. */
static void test_rom_writes(void)
{
	char image[4096];
	const char *argv[] = {
		"-bios", image, "--stats",
		"-device", "isa-debug-exit,iobase=0xf4,iosize=4",
		"-serial", "stdio", NULL,
	};
	struct vmm_result r;
	bool ok;

	guest_image(image, sizeof(image), "rom-probe");
	if (vmm_run(&r, 60, argv))
		ktap_exit_fail_msg("cannot run vmm");
	ok = r.status == 1 && find_count(r.err, "stats slot-exits") == 0 &&
	     find_count(r.err, "stats rom-writes-dropped") > 0;
	if (!ok)
		vmm_result_show("rom-probe", &r);
	ktap_test_result(ok, "rom-probe: ROM writes exit, none counts as a "
			 "slot exit (status %d)", r.status);
	vmm_result_free(&r);
}

/*
 * short-slot on the slot of @gpa: status 6, and @report (the slot) and
 * @first (its first exit) on one line of stderr.
 */
static void test_short(const char *hook, const char *report,
		       const char *first)
{
	struct vmm_result r = run_e820_probe(hook, true);
	const char *line = strstr(r.err, report);
	const char *eol = line ? strchr(line, '\n') : NULL;
	const char *at = line ? strstr(line, first) : NULL;
	bool ok = r.status == 6 && has_line(r.out, "ok 1 e820-probe") &&
		  at && (!eol || at < eol) &&
		  has_line(r.err, "stats test-hook short-slot fired 1");

	if (!ok) {
		ktap_print_msg("expected status 6 and '%s...%s'", report,
			       first);
		vmm_result_show(hook, &r);
	}
	ktap_test_result(ok, "%s: the guest passes, vmm reports the slot, "
			 "status 6 (got %d)", hook, r.status);
	vmm_result_free(&r);

	r = run_e820_probe(hook, false);
	ok = r.status == 1 && has_line(r.out, "ok 1 e820-probe") &&
	     find_count(r.err, "stats slot-exits") > 0 &&
	     !strstr(r.err, report);
	if (!ok)
		vmm_result_show(hook, &r);
	ktap_test_result(ok, "%s --strict-slots off: the same bug passes "
			 "unseen (status %d), only counted", hook, r.status);
	vmm_result_free(&r);
}

int main(void)
{
	ktap_print_header();
	if (!have_kvm())
		ktap_skip_all("/dev/kvm is not available");
	ktap_set_plan(ARRAY_SIZE(exits) + 4 + 2 + 4);
	test_rule();
	test_clean();
	test_rom_writes();
	test_short("short-slot=0x100000",
		   "vmm:   slot 3 [0x100000, 0xc0000000) rw pc.ram@0x100000: ",
		   "exits, the first a write of 8 bytes at 0xbffff000 ");
	test_short("short-slot=0x100000000",
		   "vmm:   slot 5 [0x100000000, 0x1c0000000) rw "
		   "pc.ram@0xc0000000: ",
		   "exits, the first a write of 8 bytes at 0x1bffff000 ");
	ktap_finished();
}
