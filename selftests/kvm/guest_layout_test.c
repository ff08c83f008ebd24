// SPDX-License-Identifier: GPL-2.0
/*
 * The PC memory layout seen from inside the guest: e820-probe boots under
 * build/vmm for every layout of QEMU's split rules and must report
 * the e820 table, RAM size and holes of a hand-written table, and pass
 * its own checks (RAM where e820 says, nothing where it does not).  When
 * qemu-system-x86_64 is installed, the same image and options run under
 * QEMU too, and scripts/qemu-diff.sh must find the same observation lines
 * (after its documented normalisation) and the same exit status; a QEMU
 * that could not start (QEMU cannot allocate -m 64G in a small host)
 * skips the comparison with its error line.
 *
 * Expected, per layout, from low and high (RAM below and above 4 GiB, in
 * the shared table selftests/lib/pc_layouts.c) and the guest's identity
 * map top
 * (guest/README.md: max(4 GiB, top of RAM rounded up to 1 GiB) + 1 GiB):
 *   e820: the table's (pc_layout_e820()), one line per entry, end
 *   inclusive: e820 0xfeffc000 0xfeffffff 2; e820 0xfd00000000
 *   0xffffffffff 2 (AMD's HyperTransport hole, when the host's CPU, which
 *   the guest is shown, is AMD with 40 or more physical address bits,
 *   read here with CPUID, and the type is not pc-i440fx-1.7); e820 0
 *   low-1 1; e820 4G 4G+high-1 1
 *   ram-size and e820-ram-total = low + high
 *   hole low..0xfebfffff; hole 0xff000000..0xfffdffff (below the 128 KiB
 *   BIOS); hole top..map-top-1, all "ok"; vga-window ones (vga-lowmem)
 *   status 1 (debug exit 0), "exit 0x0", "ok 1 e820-probe"
 */
#include <stdlib.h>
#include <string.h>

#include "ktap.h"
#include "pc_layouts.h"
#include "vmm_run.h"

#define G (1ULL << 30)

/*
 * Each run's limit, against hangs only: -m 64G takes 15-19 s under the
 * nested KVM of a TCG -cpu max VM (make vmcheck), and 30 s was once too
 * few.
 */
#define RUN_LIMIT_S	90

/*
 * The layouts of the shared table (selftests/lib/pc_layouts.c) that keep
 * the VGA window (the probe reads it as vga-lowmem), by index.
 */
static unsigned int layouts[32];
static unsigned int nr_layouts;

static const struct pc_layout *layout(unsigned int c)
{
	return &pc_layouts[layouts[c]];
}

/* guest/README.md: max(4 GiB, top of RAM rounded up to 1 GiB) + 1 GiB. */
static u64 map_top(const struct pc_layout *l)
{
	u64 top = l->high ? 4 * G + l->high : l->low;

	top = (top + G - 1) & ~(G - 1);
	return (top > 4 * G ? top : 4 * G) + G;
}

static void addf(char *buf, size_t len, const char *fmt,
		 unsigned long long a, unsigned long long b)
{
	size_t n = strlen(buf);

	snprintf(buf + n, len - n, fmt, a, b);
}

/* Compare the lines of keyword @key with @want and say both if not. */
static bool expect_obs(const char *name, const char *out, const char *key,
		       const char *want)
{
	char *got = guest_obs(out, key);
	bool ok = got && !strcmp(got, want);

	if (!ok) {
		ktap_print_msg("%s: '%s' lines:", name, key);
		ktap_print_lines(got);
		ktap_print_msg("expected:");
		ktap_print_lines(want);
	}
	free(got);
	return ok;
}

static void check_e820(unsigned int c, const char *out)
{
	u64 low = layout(c)->low, high = layout(c)->high;
	const char *name = layout(c)->name;
	struct e820_entry e[4];
	unsigned int n = pc_layout_e820(layout(c), e), i;
	char want[512] = "";
	size_t len;
	bool ok;

	for (i = 0; i < n; i++) {
		len = strlen(want);
		snprintf(want + len, sizeof(want) - len,
			 "e820 0x%016llx 0x%016llx %u\n",
			 (unsigned long long)e[i].addr,
			 (unsigned long long)(e[i].addr + e[i].len - 1),
			 e[i].type);
	}
	ok = expect_obs(name, out, "e820", want);
	want[0] = '\0';
	addf(want, sizeof(want), "ram-size 0x%016llx\n", low + high, 0);
	ok &= expect_obs(name, out, "ram-size", want);
	want[0] = '\0';
	addf(want, sizeof(want), "e820-ram-total 0x%016llx\n", low + high, 0);
	ok &= expect_obs(name, out, "e820-ram-total", want);
	ktap_test_result(ok, "%s: guest sees e820 RAM [0, 0x%llx) [4G, +0x%llx)"
			 ", ram-size 0x%llx", name, (unsigned long long)low,
			 (unsigned long long)high,
			 (unsigned long long)(low + high));
}

/* "hole FIRST LAST SAMPLES ok": the sample count is the probe's affair. */
static void check_holes(unsigned int c, const char *out)
{
	u64 top = 4 * G + layout(c)->high;
	const char *name = layout(c)->name;
	const u64 want[3][2] = {
		{ layout(c)->low, 0xfebfffff },
		{ 0xff000000, 0xfffdffff },
		{ top, map_top(layout(c)) - 1 },
	};
	char *got = guest_obs(out, "hole"), *line = got;
	unsigned int i;
	bool ok = got != NULL;

	for (i = 0; ok && i < 3; i++) {
		unsigned long long first, last;
		unsigned int samples;
		char verdict[8];

		if (!line || sscanf(line, "hole 0x%llx 0x%llx %u %7s", &first,
				    &last, &samples, verdict) != 4 ||
		    first != want[i][0] || last != want[i][1] ||
		    strcmp(verdict, "ok")) {
			ktap_print_msg("%s: hole %u: '%.60s', expected hole "
				       "0x%016llx 0x%016llx N ok", name, i,
				       line ? line : "(none)",
				       (unsigned long long)want[i][0],
				       (unsigned long long)want[i][1]);
			ok = false;
			break;
		}
		line = strchr(line, '\n');
		line = line && line[1] ? line + 1 : NULL;
	}
	if (ok && line) {
		ktap_print_msg("%s: more holes than expected: %s", name, line);
		ok = false;
	}
	free(got);
	/* Without -nodefaults the VGA window is vga-lowmem: all ones. */
	ok &= expect_obs(name, out, "vga-window",
			 "vga-window 0x00000000000a0000 ones read "
			 "0xffffffffffffffff after-write 0xffffffffffffffff\n"
			 "vga-window 0x00000000000bfff8 ones read "
			 "0xffffffffffffffff after-write 0xffffffffffffffff\n");
	ktap_test_result(ok, "%s: holes [0x%llx, 0xfec00000) [0xff000000, "
			 "BIOS) [0x%llx, 0x%llx) and the VGA window read ones",
			 name, (unsigned long long)layout(c)->low,
			 (unsigned long long)top,
			 (unsigned long long)map_top(layout(c)));
}

static void check_verdict(unsigned int c, const struct vmm_result *r)
{
	bool exit0 = has_line(r->out, "    # exit 0x0");
	bool ok1 = has_line(r->out, "ok 1 e820-probe");

	if (r->status != 1 || !exit0 || !ok1) {
		ktap_print_msg("%s: status %d (expected 1), 'exit 0x0' %s, "
			       "'ok 1 e820-probe' %s%s; stdout, stderr:",
			       layout(c)->name, r->status,
			       exit0 ? "seen" : "missing",
			       ok1 ? "seen" : "missing",
			       r->timed_out ? ", timed out" : "");
		ktap_print_lines(r->out);
		ktap_print_lines(r->err);
	}
	ktap_test_result(r->status == 1 && exit0 && ok1,
			 "%s: e820-probe passes (status %d, expected 1)",
			 layout(c)->name, r->status);
}

static void check_qemu(unsigned int c, const struct qemu_diff *d)
{
	bool ok = d->diff.status == 0;
	char why[256];

	if (qemu_diff_not_started(d, why, sizeof(why))) {
		ktap_test_skip("%s: QEMU could not start: %s", layout(c)->name,
			       why);
		return;
	}
	if (!ok) {
		ktap_print_msg("%s: qemu-diff.sh status %d (vmm %d, QEMU %d):",
			       layout(c)->name, d->diff.status, d->vmm.status,
			       d->qemu.status);
		ktap_print_lines(d->diff.out);
		ktap_print_lines(d->diff.err);
	}
	ktap_test_result(ok, "%s: QEMU sees the same (vmm status %d, QEMU %d)",
			 layout(c)->name, d->vmm.status, d->qemu.status);
}

/* The layout's options, -bios @image, then @extra (NULL-terminated). */
static void layout_argv(const char **argv, unsigned int c, const char *image,
			const char *const *extra)
{
	unsigned int i, n = 0;

	for (i = 0; layout(c)->args[i]; i++)
		argv[n++] = layout(c)->args[i];
	argv[n++] = "-bios";
	argv[n++] = image;
	for (i = 0; extra[i]; i++)
		argv[n++] = extra[i];
	argv[n] = NULL;
}

/* Without QEMU: every layout at once, in the background. */
static void start_vmm_only(struct run_job *jobs, const char *image)
{
	static const char *const extra[] = {
		"-device", "isa-debug-exit,iobase=0xf4,iosize=4",
		"-serial", "stdio", NULL,
	};
	const char *argv[16];
	unsigned int c;
	int ret;

	for (c = 0; c < nr_layouts; c++) {
		layout_argv(argv, c, image, extra);
		ret = vmm_run_start(&jobs[c], RUN_LIMIT_S, argv);
		if (ret)
			ktap_exit_fail_msg("%s: cannot run vmm: %s",
					   layout(c)->name, strerror(-ret));
	}
}

static void test_layout(unsigned int c, const char *image, bool qemu,
			struct run_job *job)
{
	static const char *const none[] = { NULL };
	const char *argv[16];
	struct qemu_diff d;
	struct vmm_result *r = &d.vmm;
	int ret;

	memset(&d, 0, sizeof(d));
	if (!qemu) {
		run_program_wait(job, r);
	} else {
		layout_argv(argv, c, image, none);
		ret = qemu_diff_run(&d, RUN_LIMIT_S, NULL, argv);
		if (ret)
			ktap_exit_fail_msg("%s: cannot run qemu-diff.sh: %s",
					   layout(c)->name, strerror(-ret));
	}
	check_e820(c, r->out);
	check_holes(c, r->out);
	check_verdict(c, r);
	if (qemu)
		check_qemu(c, &d);
	else
		ktap_test_skip("%s: QEMU comparison: qemu-system-x86_64 is "
			       "not installed", layout(c)->name);
	qemu_diff_free(&d);
}

int main(void)
{
	struct run_job jobs[ARRAY_SIZE(layouts)];
	char image[4096];
	unsigned int i;
	bool qemu;

	for (i = 0; i < nr_pc_layouts && nr_layouts < ARRAY_SIZE(layouts); i++)
		if (!pc_layouts[i].nodefaults)
			layouts[nr_layouts++] = i;
	ktap_print_header();
	if (!have_kvm())
		ktap_skip_all("/dev/kvm is not available");
	guest_image(image, sizeof(image), "e820-probe");
	qemu = have_qemu();
	ktap_set_plan(4 * nr_layouts);
	pc_layouts_print_host_cpu();
	if (!qemu)
		start_vmm_only(jobs, image);
	for (i = 0; i < nr_layouts; i++)
		test_layout(i, image, qemu, &jobs[i]);
	ktap_finished();
}
