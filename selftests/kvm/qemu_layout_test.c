// SPDX-License-Identifier: GPL-2.0
/*
 * Differential test against QEMU, the reference: for each layout of the
 * shared table (selftests/lib/pc_layouts.c), the KVM-backed ranges of
 * `info mtree -f` (AS "memory") and the final KVM slot set replayed from
 * `-trace kvm_set_user_memory` must equal the flat view and the slots
 * (kvm/'s lookup API) of the same machine built in-process.  Slot ids
 * are not compared (QEMU's history of adds and deletes differs).  SKIPs
 * when qemu-system-x86_64 ($QEMU) is not installed, and a layout whose
 * QEMU could not start (nothing on the monitor but its greeting, an error
 * line on stderr) with QEMU's error line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ktap.h"
#include "memory/mtree.h"
#include "pc_layouts.h"
#include "slot_set.h"
#include "util/error.h"
#include "vmm_inproc.h"
#include "vmm_run.h"

/* Lines of AS "memory"'s flat view that KVM backs, joined. */
static char *kvm_flat_lines(const char *out)
{
	const char *p = strstr(out, "AS \"memory\"");
	size_t len = 0;
	char *res = calloc(1, strlen(out) + 1);

	while (p && *p && res) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		/* The monitor ends its lines with "\r\n". */
		if (n && p[n - 1] == '\r')
			n--;
		if (n == 0)
			break;
		if (n > 4 && !strncmp(p + n - 4, " KVM", 4)) {
			memcpy(res + len, p, n);
			len += n;
			res[len++] = '\n';
		}
		p = nl ? nl + 1 : NULL;
	}
	return res;
}

/* Replay QEMU's trace: the slots that exist at the end. */
static void qemu_final_slots(const char *err, struct slot_set *set)
{
	static struct qemu_slots q;
	const char *p = err;

	memset(&q, 0, sizeof(q));
	while ((p = strstr(p, "kvm_set_user_memory "))) {
		qemu_slots_apply(&q, p);
		p += strlen("kvm_set_user_memory ");
	}
	qemu_slots_get(&q, set);
}

/* `info mtree -f` of the in-process VM, as build/vmm --dump prints it. */
static char *vmm_flatview(struct vmm *vmm)
{
	struct mtree_accel accel = {
		.name = "KVM", .has_memory = kvm_slots_has_memory,
		.opaque = &vmm->kml,
	};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		ktap_exit_fail_msg("open_memstream: out of memory");
	mtree_print_flatviews(f, &accel);
	fclose(f);
	return buf;
}

/*
 * QEMU's monitor output and trace for @l; false, after skipping both
 * tests with QEMU's error line, when QEMU could not start.
 */
static bool run_qemu(const struct pc_layout *l, const char *bios,
		     struct vmm_result *q)
{
	/* $0 is the QEMU binary. */
	const char *argv[] = { "sh", "-c", NULL, qemu_binary(), NULL };
	char cmd[1024], opts[256], why[256];

	snprintf(cmd, sizeof(cmd), "printf 'info mtree -f\\nquit\\n' | "
		 "\"$0\" -enable-kvm %s -bios %s -display none "
		 "-monitor stdio -S -trace kvm_set_user_memory",
		 pc_layout_cmdline(l, opts, sizeof(opts)), bios);
	argv[2] = cmd;
	if (run_program(q, 60, argv))
		ktap_exit_fail_msg("cannot run sh");
	if (!qemu_failed_to_start(q, why, sizeof(why)))
		return true;
	ktap_test_skip("%s: KVM ranges: QEMU could not start: %s", l->name,
		       why);
	ktap_test_skip("%s: slots: QEMU could not start: %s", l->name, why);
	vmm_result_free(q);
	return false;
}

static void test_layout(const struct pc_layout *l, const char *bios)
{
	static struct slot_set vs, qs;
	static struct vmm_params params;
	static struct vmm vmm;
	struct vmm_result q;
	char *qf, *vf, *flat, err[1024];

	if (!run_qemu(l, bios, &q))
		return;
	pc_layout_params(l, &params, bios);
	memset(&vmm, 0, sizeof(vmm));
	/* QEMU's warnings are slot_layout_test's affair: kept off stderr. */
	if (vmm_build_stderr(&vmm, &params, err, sizeof(err)))
		ktap_exit_fail_msg("%s: vmm_build: %s", l->name, error_get());
	flat = vmm_flatview(&vmm);
	qf = kvm_flat_lines(q.out);
	vf = kvm_flat_lines(flat);
	if (!qf || !vf || !*qf || strcmp(qf, vf))
		ktap_print_msg("KVM ranges differ:\n# vmm:\n%s# QEMU (status "
			       "%d):\n%s", vf ? vf : "", q.status,
			       qf ? qf : "");
	ktap_test_result(qf && vf && *qf && !strcmp(qf, vf),
			 "%s: KVM ranges of info mtree -f as QEMU's", l->name);
	qemu_final_slots(q.err, &qs);
	vmm_slot_set(&vmm.kml, &vs);
	ktap_test_result(qs.nr && slot_sets_equal(l->name, &vs, &qs),
			 "%s: slots as QEMU's kvm_set_user_memory", l->name);
	free(qf);
	free(vf);
	free(flat);
	vmm_result_free(&q);
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
	if (!have_qemu())
		ktap_skip_all("qemu-system-x86_64 is not installed");
	bios = make_test_bios(256 * 1024);
	if (!bios)
		ktap_exit_fail_msg("cannot write a test BIOS in /tmp");
	ktap_set_plan(2 * nr_pc_layouts);
	for (i = 0; i < nr_pc_layouts; i++)
		test_layout(&pc_layouts[i], bios);
	unlink(bios);
	ktap_finished();
}
