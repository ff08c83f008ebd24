// SPDX-License-Identifier: GPL-2.0
/*
 * pam-probe (guest/README.md, docs/pam.md) on -M pc and -M q35: the guest
 * remaps 0xc0000..0xfffff through the host bridge hundreds of times and
 * checks what it reads after each change; vmm must pass it (status 1,
 * "ok 1 pam-probe"), with these host-side witnesses:
 *  - every store the guest made where mode 0 or mode 1 must drop it
 *    ("pam-stores N") reached vmm and was dropped: rom-writes-dropped N,
 *    and none of the 26 stores in mode 1 stuck ("pam-ro-writes 26 stuck
 *    0": 13 segments, twice each in the walk);
 *  - no exit on slotted memory (slot-exits 0), slots deleted and added
 *    again at least once per register write of the walk (slot-deletes
 *    over 100);
 *  - the host-side stamps of the final state, by hand: segment 0 in mode
 *    3 merges with the RAM above it into [0xf0000, 128M), the odd
 *    segments are 16 KiB RAM slots, the even ones readonly; so the first
 *    and last page of the odd segments (12), 0xf0000 and 0x7fff000, and
 *    page 0: 15 pages, all in place.
 * QEMU must give the same verdict, and scripts/qemu-diff.sh the same
 * observations but for its documented normalisations.
 *
 * Then the bug it exists for, made by the test-only hook `--test-hook
 * stale-slot=0xd0000`: the first deletion of the RAM slot holding
 * segment 5 (0xd0000, mode 3 -> 0 in the walk) leaves that mapping in
 * the kernel.  The guest must read RAM where ROM must be ("pam-fail seg
 * 5 0x00000000000d0000 pci back-to-rom"), pam-walk (case 3) fails first
 * (status 7), and stores that mode 0 should drop land in the stale RAM
 * unseen by vmm (rom-writes-dropped below pam-stores).
 */
#include <stdlib.h>
#include <string.h>

#include "ktap.h"
#include "vmm_run.h"

#define STAMPS	15

static void check_vmm(const char *m, const struct vmm_result *r)
{
	long long stores = find_count(r->out, "pam-stores");
	long long dropped = find_count(r->err, "stats rom-writes-dropped");
	bool ok = r->status == 1 && has_line(r->out, "ok 1 pam-probe") &&
		  has_line(r->out, "    # pam-ro-writes 26 stuck 0");

	if (!ok)
		vmm_result_show(m, r);
	ktap_test_result(ok, "-M %s: pam-probe passes under vmm, every store "
			 "in mode 1 dropped (status %d)", m, r->status);
	ktap_test_result(stores > 0 && dropped == stores,
			 "-M %s: rom-writes-dropped %lld = pam-stores %lld", m,
			 dropped, stores);
	ok = find_count(r->err, "stats slot-exits") == 0 &&
	     find_count(r->err, "stats slot-deletes") > 100 &&
	     find_count(r->err, "stats stamps-checked") == STAMPS &&
	     find_count(r->err, "stats stamps-wrong") == 0;
	if (!ok)
		ktap_print_lines(r->err);
	ktap_test_result(ok, "-M %s: no slot exit, %lld slot deletes, %d "
			 "stamps in place", m,
			 find_count(r->err, "stats slot-deletes"), STAMPS);
}

/* The guest's result lines, for comparing verdicts. */
static bool same_verdict(const char *a, const char *b)
{
	static const char *const lines[] = {
		"ok 1 pam-probe", "    ok 3 pam-walk", "    ok 5 pam-stress",
		"    ok 6 host-stamps",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lines); i++)
		if (has_line(a, lines[i]) != has_line(b, lines[i]))
			return false;
	return true;
}

static void check_qemu(const char *m, const struct qemu_diff *d)
{
	bool same;

	if (qemu_diff_skip_verdicts(d, m))
		return;
	same = same_verdict(d->vmm.out, d->qemu.out) &&
	       d->vmm.status == d->qemu.status;
	if (!same)
		vmm_result_show("QEMU", &d->qemu);
	ktap_test_result(same, "-M %s: QEMU's verdict is vmm's (status %d, "
			 "%d)", m, d->vmm.status, d->qemu.status);
	if (d->diff.status) {
		ktap_print_lines(d->diff.out);
		ktap_print_lines(d->diff.err);
	}
	ktap_test_result(!d->diff.status, "-M %s: QEMU observes the same "
			 "(qemu-diff.sh)", m);
}

static void test_machine(const char *m, const char *image)
{
	const char *argv[] = {
		"-M", m, "-bios", image, "--stats",
		"-device", "isa-debug-exit,iobase=0xf4,iosize=4",
		"-serial", "stdio", NULL,
	};
	struct qemu_diff d;
	int ret;

	memset(&d, 0, sizeof(d));
	if (have_qemu()) {
		argv[4] = NULL;		/* the options both take */
		ret = qemu_diff_run(&d, 60, "--stats", argv);
	} else {
		ret = vmm_run(&d.vmm, 60, argv);
	}
	if (ret)
		ktap_exit_fail_msg("-M %s: cannot run: %s", m, strerror(-ret));
	check_vmm(m, &d.vmm);
	if (have_qemu()) {
		check_qemu(m, &d);
	} else {
		ktap_test_skip("-M %s: QEMU's verdict: qemu-system-x86_64 is "
			       "not installed", m);
		ktap_test_skip("-M %s: QEMU's observations: "
			       "qemu-system-x86_64 is not installed", m);
	}
	qemu_diff_free(&d);
}

static void test_stale(const char *image)
{
	const char *argv[] = {
		"-bios", image, "--stats", "--test-hook", "stale-slot=0xd0000",
		"-device", "isa-debug-exit,iobase=0xf4,iosize=4",
		"-serial", "stdio", NULL,
	};
	struct vmm_result r;
	const char *fail = "    # pam-fail seg 5 0x00000000000d0000 pci "
			   "back-to-rom got ";
	long long stores, dropped;
	bool ok;

	if (vmm_run(&r, 60, argv))
		ktap_exit_fail_msg("cannot run vmm");
	stores = find_count(r.out, "pam-stores");
	dropped = find_count(r.err, "stats rom-writes-dropped");
	ok = r.status == 7 && strstr(r.out, fail) &&
	     has_line(r.out, "    not ok 3 pam-walk") &&
	     has_line(r.err, "stats test-hook stale-slot fired 1");
	if (!ok)
		vmm_result_show("stale-slot=0xd0000", &r);
	ktap_test_result(ok, "stale-slot=0xd0000: the guest reads RAM where "
			 "ROM must be, pam-walk fails (status %d)", r.status);
	ktap_test_result(stores > 0 && dropped >= 0 && dropped < stores,
			 "stale-slot=0xd0000: stores mode 0 must drop went to "
			 "the stale RAM (rom-writes-dropped %lld < pam-stores "
			 "%lld)", dropped, stores);
	vmm_result_free(&r);
}

int main(void)
{
	char image[4096];

	ktap_print_header();
	if (!have_kvm())
		ktap_skip_all("/dev/kvm is not available");
	guest_image(image, sizeof(image), "pam-probe");
	ktap_set_plan(2 * 5 + 2);
	test_machine("pc", image);
	test_machine("q35", image);
	test_stale(image);
	ktap_finished();
}
