// SPDX-License-Identifier: GPL-2.0
/*
 * Runtime remapping under load: pam-probe's pam-stress with thousands of
 * PAM flips (fw_cfg opt/probe/pam-flips, per processor), on one vCPU and
 * on several at once, each processor flipping the segments of its own
 * PAM registers and checking them after every flip while the others'
 * flips delete and add the slots around them (docs/pam.md).  Each run
 * must pass ("pam-flips N cpus C started C fail 0", status 1), make no
 * exit on slotted memory (exits that raced another vCPU's slot update
 * are counted apart and allowed: KVM deletes and adds in two calls),
 * delete slots at least once per PAM write on average over a thousand
 * times, and leave its 15 host-side stamps in place (the final state of
 * guest_pam_probe_test's table).
 *
 * Then the same with a live snapshot taken while the guest remaps: with
 * dirty logging on, each PAM write changes logged slots, so the vCPU
 * that emulates it holds the others (and itself) for the final sync
 * (vmm/cpu/cpus_pause.c).  A VMM that waits for that vCPU to park hangs;
 * --timeout ends such a run with 124 instead of the guest's pass.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ktap.h"
#include "vmm_run.h"

static const struct {
	const char	*smp;
	const char	*flips;		/* per vCPU */
	unsigned int	total;
	bool		snapshot;
} runs[] = {
	{ "1", "0x800", 2048, false },
	{ "2", "0x400", 2048, false },
	{ "4", "0x200", 2048, false },
	{ "1", "0x800", 2048, true },
	{ "2", "0x400", 2048, true },
};

static void test_run(unsigned int i, const char *image)
{
	char flips[64], line[96];
	char snap[] = "/tmp/pam-stress-snapshot.XXXXXX";
	const char *argv[] = {
		"-smp", runs[i].smp, "-bios", image, "--stats",
		"-fw_cfg", flips,
		"-device", "isa-debug-exit,iobase=0xf4,iosize=4",
		"-serial", "stdio", NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		NULL, NULL,
	};
	const char *during = runs[i].snapshot ? ", a live snapshot during" : "";
	struct vmm_result r;
	long long deletes;
	bool ok;
	int fd;

	if (runs[i].snapshot) {
		fd = mkstemp(snap);
		if (fd < 0)
			ktap_exit_fail_msg("mkstemp: %s", strerror(errno));
		close(fd);
		argv[11] = "--snapshot-to";
		argv[12] = snap;
		argv[13] = "--snapshot-after";
		argv[14] = "50";
		argv[15] = "--snapshot-then";
		argv[16] = "continue";
		argv[17] = "--timeout";
		argv[18] = "120";
	}

	snprintf(flips, sizeof(flips), "name=opt/probe/pam-flips,string=%s",
		 runs[i].flips);
	snprintf(line, sizeof(line), "    # pam-flips %u cpus %s started %s "
		 "fail 0", (unsigned int)strtoul(runs[i].flips, NULL, 16),
		 runs[i].smp, runs[i].smp);
	if (vmm_run(&r, 280, argv))
		ktap_exit_fail_msg("cannot run vmm");
	deletes = find_count(r.err, "stats slot-deletes");
	ok = r.status == 1 && has_line(r.out, "ok 1 pam-probe") &&
	     has_line(r.out, line) &&
	     find_count(r.err, "stats slot-exits") == 0 &&
	     deletes > 1000 &&
	     find_count(r.err, "stats stamps-checked") == 15 &&
	     find_count(r.err, "stats stamps-wrong") == 0 &&
	     (!runs[i].snapshot || strstr(r.err, "snapshot "));
	if (runs[i].snapshot)
		unlink(snap);
	if (!ok) {
		ktap_print_msg("-smp %s: status %d, expected 1 and '%s'; "
			       "output:", runs[i].smp, r.status, line + 6);
		ktap_print_lines(r.out);
		ktap_print_lines(r.err);
	}
	ktap_test_result(ok, "-smp %s: %u PAM flips checked by the guest, %lld "
			 "slot deletes, %lld exits raced, stamps in place%s",
			 runs[i].smp, runs[i].total, deletes,
			 find_count(r.err, "stats slot-exits-raced"), during);
	vmm_result_free(&r);
}

int main(void)
{
	char image[4096];
	unsigned int i;

	ktap_print_header();
	if (!have_kvm())
		ktap_skip_all("/dev/kvm is not available");
	guest_image(image, sizeof(image), "pam-probe");
	ktap_set_plan(ARRAY_SIZE(runs));
	for (i = 0; i < ARRAY_SIZE(runs); i++)
		test_run(i, image);
	ktap_finished();
}
