// SPDX-License-Identifier: GPL-2.0
/*
 * Differential test against QEMU, the reference: for each layout, the
 * KVM-backed ranges of `info mtree -f` (AS "memory") and the final KVM
 * slot set replayed from `-trace kvm_set_user_memory` must equal what
 * vmm's --dump flatview and --dump slots say for the same options.  Slot
 * ids are not compared (QEMU's history of adds and deletes differs).
 * SKIPs when qemu-system-x86_64 ($QEMU) is not installed, and a layout
 * whose QEMU could not start (nothing on the monitor but its greeting,
 * an error line on stderr) with QEMU's error line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ktap.h"
#include "vmm_run.h"

static const char *const layouts[] = {
	"-M pc -m 128M",
	"-M pc -m 4G",
	"-M pc -m 4G -nodefaults",
	"-M pc-i440fx-1.7 -m 4G",
	"-M pc,max-ram-below-4g=2G -m 4G",
	"-M pc,max-ram-below-4g=4G -m 3968M",
	"-M pc -m 6G",
	"-M q35 -m 4G",
	"-M q35 -m 2G",
};

struct slot {
	u64	gpa, size;
	u32	flags;
};

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

static int cmp_slot(const void *a, const void *b)
{
	const struct slot *x = a, *y = b;

	return x->gpa < y->gpa ? -1 : x->gpa > y->gpa;
}

/* Replay QEMU's trace: the slots that exist at the end, sorted. */
static unsigned int qemu_slots(const char *err, struct slot *s,
			       unsigned int max)
{
	static struct slot by_id[512];
	const char *p = err;
	unsigned int n = 0, i;

	memset(by_id, 0, sizeof(by_id));
	while ((p = strstr(p, "kvm_set_user_memory "))) {
		unsigned int as = 0, id, flags;
		unsigned long long gpa, size;

		p += strlen("kvm_set_user_memory ");
		if (sscanf(p, "AddrSpace#%u Slot#%u flags=0x%x gpa=0x%llx "
			   "size=0x%llx", &as, &id, &flags, &gpa, &size) != 5 &&
		    sscanf(p, "Slot#%u flags=0x%x gpa=0x%llx size=0x%llx",
			   &id, &flags, &gpa, &size) != 4)
			continue;
		if (id >= ARRAY_SIZE(by_id) || as)
			continue;
		by_id[id] = (struct slot) { gpa, size, flags };
	}
	for (i = 0; i < ARRAY_SIZE(by_id) && n < max; i++) {
		if (by_id[i].size)
			s[n++] = by_id[i];
	}
	qsort(s, n, sizeof(*s), cmp_slot);
	return n;
}

static unsigned int vmm_slots(const char *out, struct slot *s,
			      unsigned int max)
{
	static struct slot_row rows[512];
	unsigned int n = parse_slots(out, rows, ARRAY_SIZE(rows)), i;

	for (i = 0; i < n && i < max; i++)
		s[i] = (struct slot) { rows[i].start, rows[i].size,
				       rows[i].readonly ? 2 : 0 };
	qsort(s, i, sizeof(*s), cmp_slot);
	return i;
}

static bool slots_equal(const struct slot *a, unsigned int na,
			const struct slot *b, unsigned int nb)
{
	unsigned int i;

	if (na != nb) {
		ktap_print_msg("vmm has %u slots, QEMU %u", na, nb);
		return false;
	}
	for (i = 0; i < na; i++) {
		if (a[i].gpa == b[i].gpa && a[i].size == b[i].size &&
		    a[i].flags == b[i].flags)
			continue;
		ktap_print_msg("slot %u: vmm gpa=0x%llx size=0x%llx flags=0x%x,"
			       " QEMU gpa=0x%llx size=0x%llx flags=0x%x", i,
			       (unsigned long long)a[i].gpa,
			       (unsigned long long)a[i].size, a[i].flags,
			       (unsigned long long)b[i].gpa,
			       (unsigned long long)b[i].size, b[i].flags);
		return false;
	}
	return true;
}

static void test_layout(const char *layout, const char *bios)
{
	static struct slot vs[256], qs[256];
	char cmd[1024], vcmd[1024], why[256];
	const char *qargv[] = { "sh", "-c", cmd, qemu_binary(), NULL };
	const char *vargv[] = { "sh", "-c", vcmd, NULL };
	struct vmm_result q, v;
	char *qf, *vf;
	unsigned int nq, nv;

	/* $0 is the QEMU binary. */
	snprintf(cmd, sizeof(cmd), "printf 'info mtree -f\\nquit\\n' | "
		 "\"$0\" -enable-kvm %s -bios %s -display none "
		 "-monitor stdio -S -trace kvm_set_user_memory", layout, bios);
	snprintf(vcmd, sizeof(vcmd), "%s/vmm %s -bios %s --dump "
		 "flatview,slots", build_dir(), layout, bios);
	if (run_program(&q, 60, qargv))
		ktap_exit_fail_msg("cannot run sh");
	if (qemu_failed_to_start(&q, why, sizeof(why))) {
		ktap_test_skip("%s: KVM ranges: QEMU could not start: %s",
			       layout, why);
		ktap_test_skip("%s: slots: QEMU could not start: %s", layout,
			       why);
		vmm_result_free(&q);
		return;
	}
	if (run_program(&v, 60, vargv))
		ktap_exit_fail_msg("cannot run sh");
	qf = kvm_flat_lines(q.out);
	vf = kvm_flat_lines(v.out);
	if (!qf || !vf || !*qf || strcmp(qf, vf))
		ktap_print_msg("KVM ranges differ:\n# vmm:\n%s# QEMU (status "
			       "%d):\n%s", vf ? vf : "", q.status,
			       qf ? qf : "");
	ktap_test_result(qf && vf && *qf && !strcmp(qf, vf),
			 "%s: KVM ranges of info mtree -f as QEMU's", layout);
	nq = qemu_slots(q.err, qs, ARRAY_SIZE(qs));
	nv = vmm_slots(v.out, vs, ARRAY_SIZE(vs));
	ktap_test_result(nq && slots_equal(vs, nv, qs, nq),
			 "%s: slots as QEMU's kvm_set_user_memory", layout);
	free(qf);
	free(vf);
	vmm_result_free(&q);
	vmm_result_free(&v);
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
	ktap_set_plan(2 * ARRAY_SIZE(layouts));
	for (i = 0; i < ARRAY_SIZE(layouts); i++)
		test_layout(layouts[i], bios);
	unlink(bios);
	ktap_finished();
}
