// SPDX-License-Identifier: GPL-2.0
/*
 * The KVM slots after each PAM state, against QEMU's (docs/pam.md).
 * pam-probe runs under QEMU with `-trace pci_cfg_write -trace
 * kvm_set_user_memory`; the trace gives the guest's host-bridge writes
 * in order, and between them the slot updates each one made.  The same
 * machine is built in-process and each write is replayed through the
 * same ports (0xcf8/0xcfc); after each, vmm's slots (kvm/'s lookup API)
 * must be QEMU's replayed ones, ids aside, as qemu_layout_test compares
 * them.  One difference is expected, docs/pam.md's: a slot that lies in
 * segments in mode 1 is KVM_MEM_READONLY here and writable in QEMU (the
 * modes come from the written values and selftests/lib/pam_table.c).
 * QEMU's guest must pass too.  SKIPs without qemu-system-x86_64.
 */
#include <stdlib.h>
#include <string.h>
#include <linux/kvm.h>

#include "ktap.h"
#include "pam_table.h"
#include "slot_set.h"
#include "vmm_inproc.h"
#include "vmm_run.h"

#define FLIPS	"0x40"

struct replay {
	const struct pam_bridge	*b;
	struct vmm		*vmm;
	struct qemu_slots	q;
	u8			regs[7];
	unsigned int		writes, bad;
};

/* Whether [gpa, gpa + size) lies in segments that are all in mode 1. */
static bool in_mode1(const struct replay *r, u64 gpa, u64 size)
{
	u64 covered = 0;
	unsigned int i;

	for (i = 0; i < PAM_TABLE_SEGMENTS; i++) {
		const struct pam_segment *s = &pam_segments[i];

		if (s->start + s->size <= gpa || s->start >= gpa + size)
			continue;
		if (pam_table_mode(r->regs, i) != 1)
			return false;
		covered += MIN(s->start + s->size, gpa + size) -
			   MAX(s->start, gpa);
	}
	return covered == size;
}

/* QEMU's slots now, with the flag docs/pam.md says we add. */
static void compare(struct replay *r)
{
	static struct slot_set qs, vs;
	char what[64];
	unsigned int i;

	qemu_slots_get(&r->q, &qs);
	for (i = 0; i < qs.nr; i++)
		if (in_mode1(r, qs.s[i].gpa, qs.s[i].size))
			qs.s[i].flags |= KVM_MEM_READONLY;
	vmm_slot_set(&r->vmm->kml, &vs);
	snprintf(what, sizeof(what), "-M %s after write %u", r->b->machine,
		 r->writes);
	if (!slot_sets_equal(what, &vs, &qs))
		r->bad++;
}

/* "pci_cfg_write DEV 00:00.0 @0xOFF <- 0xVAL": the write, through ports. */
static void replay_write(struct replay *r, const char *line)
{
	unsigned int off, val;
	const char *at = strstr(line, " 00:00.0 @0x");
	u32 addr;
	u8 v;

	if (!at || sscanf(at, " 00:00.0 @0x%x <- 0x%x", &off, &val) != 2)
		return;
	compare(r);		/* the state the previous write left */
	if (off >= r->b->pam0 && off < r->b->pam0 + 7u)
		r->regs[off - r->b->pam0] = (u8)val;
	addr = 0x80000000u | (off & 0xfc);
	v = (u8)val;
	ioport_write(&r->vmm->pcms.io, 0xcf8, &addr, 4);
	ioport_write(&r->vmm->pcms.io, 0xcfc + (off & 3), &v, 1);
	r->writes++;
}

static void replay(struct replay *r, char *trace)
{
	char *line, *save = NULL;

	for (line = strtok_r(trace, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *ev = strstr(line, "kvm_set_user_memory ");

		if (ev)
			qemu_slots_apply(&r->q, ev);
		else if ((ev = strstr(line, "pci_cfg_write ")))
			replay_write(r, ev);
	}
	compare(r);		/* after the last one */
}

/*
 * QEMU's run with both traces; false, after skipping both tests with
 * QEMU's error line, when QEMU could not start.
 */
static bool run_qemu(const struct pam_bridge *b, const char *image,
		     struct vmm_result *q)
{
	const char *argv[] = {
		qemu_binary(), "-enable-kvm", "-M", b->machine,
		"-m", "128M", "-bios", image, "-display", "none",
		"-device", "isa-debug-exit,iobase=0xf4,iosize=4",
		"-serial", "stdio", "-trace", "pci_cfg_write", "-trace",
		"kvm_set_user_memory", "-fw_cfg",
		"name=opt/probe/unassigned,string=zeros", "-fw_cfg",
		"name=opt/probe/pam-flips,string=" FLIPS, NULL,
	};

	char why[256];

	if (run_program(q, 120, argv))
		ktap_exit_fail_msg("cannot run %s", qemu_binary());
	if (!qemu_failed_to_start(q, why, sizeof(why)))
		return true;
	ktap_test_skip("-M %s: pam-probe under QEMU: QEMU could not start: "
		       "%s", b->machine, why);
	ktap_test_skip("-M %s: slots after each PAM write: QEMU could not "
		       "start: %s", b->machine, why);
	vmm_result_free(q);
	return false;
}

static void test_bridge(const struct pam_bridge *b)
{
	static struct vmm_params p;
	static struct vmm vmm;
	static struct replay r;
	struct vmm_result q;
	bool passed;

	vmm_guest_params(&p, "pam-probe");
	p.machine.type = b->type;
	if (!run_qemu(b, p.machine.bios, &q)) {
		vmm_params_free(&p);
		return;
	}
	passed = q.status == 1 && has_line(q.out, "ok 1 pam-probe");
	if (!passed) {
		ktap_print_msg("-M %s: QEMU status %d; output:", b->machine,
			       q.status);
		ktap_print_lines(q.out);
	}
	ktap_test_result(passed, "-M %s: pam-probe passes under QEMU",
			 b->machine);
	vmm_build_inproc(&vmm, &p);
	memset(&r, 0, sizeof(r));
	r.b = b;
	r.vmm = &vmm;
	replay(&r, q.err);
	ktap_test_result(r.writes > 100 && !r.bad, "-M %s: after each of %u "
			 "PAM writes, vmm's slots are QEMU's (%u differ)",
			 b->machine, r.writes, r.bad);
	vmm_teardown(&vmm);
	vmm_params_free(&p);
	vmm_result_free(&q);
}

int main(void)
{
	unsigned int i;

	ktap_print_header();
	if (!have_kvm())
		ktap_skip_all("/dev/kvm is not available");
	if (!have_qemu())
		ktap_skip_all("qemu-system-x86_64 is not installed");
	ktap_set_plan(2 * ARRAY_SIZE(pam_bridges));
	for (i = 0; i < ARRAY_SIZE(pam_bridges); i++)
		test_bridge(&pam_bridges[i]);
	ktap_finished();
}
