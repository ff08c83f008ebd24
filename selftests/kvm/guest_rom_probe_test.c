// SPDX-License-Identifier: GPL-2.0
/*
 * ROM seen from inside the guest: rom-probe (256 KiB) on -M pc and -M q35
 * must find the isa-bios alias equal to the BIOS's last 128 KiB and every
 * store to the BIOS, the alias and pc.rom dropped (status 1, "exit 0x0",
 * "ok 1 rom-probe").  Each dropped store is an MMIO exit that vmm counts:
 * `--stats` rom-writes-dropped must equal the stores the guest says it
 * made, N ("rom-writes N") plus M ("rom-writes-split M"), since KVM turns
 * each of the M stores that cross a 4 KiB page into two MMIO exits
 * (guest/README.md).  With qemu-system-x86_64 installed, QEMU must give
 * the same verdict (status and result lines) and scripts/qemu-diff.sh
 * the same observations; a QEMU that could not start skips both with
 * its error line.
 */
#include <stdlib.h>
#include <string.h>

#include "ktap.h"
#include "vmm_run.h"

static const char *const machines[] = { "pc", "q35" };

/* The guest's result lines ("ok N ..." / "not ok N ..."), joined. */
static char *verdict(const char *out)
{
	char *res = calloc(1, strlen(out) + 1);
	const char *p = out;
	size_t len = 0;

	while (res && p && *p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p + 1) : strlen(p);
		const char *s = p + strspn(p, " ");

		if (!strncmp(s, "ok ", 3) || !strncmp(s, "not ok ", 7)) {
			memcpy(res + len, p, n);
			len += n;
		}
		p = nl ? nl + 1 : NULL;
	}
	return res;
}

static void check_vmm(const char *m, const struct vmm_result *r)
{
	long long n = find_count(r->out, "rom-writes");
	long long split = find_count(r->out, "rom-writes-split");
	long long dropped = find_count(r->err, "stats rom-writes-dropped");
	bool pass = r->status == 1 && has_line(r->out, "    # exit 0x0") &&
		    has_line(r->out, "ok 1 rom-probe");

	if (!pass) {
		ktap_print_msg("-M %s: status %d, expected 1 with 'exit 0x0' "
			       "and 'ok 1 rom-probe'; output:", m, r->status);
		ktap_print_lines(r->out);
		ktap_print_lines(r->err);
	}
	ktap_test_result(pass, "-M %s: rom-probe passes under vmm (status %d)",
			 m, r->status);
	if (n < 0 || split < 0 || dropped != n + split)
		ktap_print_msg("-M %s: stats rom-writes-dropped %lld, expected "
			       "rom-writes %lld + rom-writes-split %lld", m,
			       dropped, n, split);
	ktap_test_result(n > 0 && split >= 0 && dropped == n + split,
			 "-M %s: rom-writes-dropped %lld = rom-writes %lld + "
			 "rom-writes-split %lld", m, dropped, n, split);
}

static void check_qemu(const char *m, const struct qemu_diff *d)
{
	char *v, *q;
	bool same;

	if (qemu_diff_skip_verdicts(d, m))
		return;
	v = verdict(d->vmm.out);
	q = verdict(d->qemu.out);
	same = v && q && *q && !strcmp(v, q) && d->vmm.status == d->qemu.status;
	if (!same) {
		ktap_print_msg("-M %s: vmm status %d, result lines:", m,
			       d->vmm.status);
		ktap_print_lines(v);
		ktap_print_msg("QEMU status %d, result lines:", d->qemu.status);
		ktap_print_lines(q);
	}
	ktap_test_result(same, "-M %s: QEMU's verdict is vmm's (status %d, "
			 "%d)", m, d->vmm.status, d->qemu.status);
	if (d->diff.status) {
		ktap_print_msg("-M %s: qemu-diff.sh status %d:", m,
			       d->diff.status);
		ktap_print_lines(d->diff.out);
		ktap_print_lines(d->diff.err);
	}
	ktap_test_result(!d->diff.status, "-M %s: QEMU observes the same "
			 "(qemu-diff.sh)", m);
	free(v);
	free(q);
}

int main(void)
{
	char image[4096];
	unsigned int i;
	bool qemu;

	ktap_print_header();
	if (!have_kvm())
		ktap_skip_all("/dev/kvm is not available");
	guest_image(image, sizeof(image), "rom-probe");
	qemu = have_qemu();
	ktap_set_plan(4 * ARRAY_SIZE(machines));
	for (i = 0; i < ARRAY_SIZE(machines); i++) {
		const char *argv[] = {
			"-M", machines[i], "-bios", image, "--stats",
			"-device", "isa-debug-exit,iobase=0xf4,iosize=4",
			"-serial", "stdio", NULL,
		};
		struct qemu_diff d;
		int ret;

		if (qemu) {
			argv[4] = NULL;		/* the options both take */
			ret = qemu_diff_run(&d, 30, "--stats", argv);
		} else {
			memset(&d, 0, sizeof(d));
			ret = vmm_run(&d.vmm, 30, argv);
		}
		if (ret)
			ktap_exit_fail_msg("-M %s: cannot run: %s", machines[i],
					   strerror(-ret));
		check_vmm(machines[i], &d.vmm);
		if (qemu) {
			check_qemu(machines[i], &d);
		} else {
			ktap_test_skip("-M %s: QEMU's verdict: "
				       "qemu-system-x86_64 is not installed",
				       machines[i]);
			ktap_test_skip("-M %s: QEMU's observations: "
				       "qemu-system-x86_64 is not installed",
				       machines[i]);
		}
		qemu_diff_free(&d);
	}
	ktap_finished();
}
