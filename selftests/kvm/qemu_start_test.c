// SPDX-License-Identifier: GPL-2.0
/*
 * "QEMU could not start" is not "the guest passed": in a small VM,
 * qemu-system-x86_64 -m 4G cannot allocate its RAM and exits with 1, the
 * status of a guest's passing debug exit ((0 << 1) | 1).  Checked here,
 * with fake programs in place of QEMU and never the real one:
 *  - qemu_failed_to_start() on QEMU outputs written by hand: start
 *    failures (an error line, no guest output) and runs that started (a
 *    guest's lines, a monitor's answer, only warnings, status 0, killed
 *    at a time limit);
 *  - scripts/qemu-diff.sh with a fake vmm and fake QEMUs: 3 and "QEMU
 *    could not start: LINE" for one that cannot start, 1 for a guest that
 *    fails or a QEMU that dies without a word, 0 for the same output; and
 *    qemu_diff_not_started() agrees with it;
 *  - with /dev/kvm, the tests that compare with QEMU, run with QEMU= a
 *    fake that cannot start: every skip says "QEMU could not start:
 *    LINE", nothing fails; and with QEMU= a fake whose guest fails: they
 *    fail.
 */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ktap.h"
#include "vmm_run.h"

#define NOMEM	"qemu-system-x86_64: cannot set up guest memory " \
		"'pc.ram': Cannot allocate memory"
#define WARN	"qemu-system-x86_64: warning: host doesn't support " \
		"requested feature: CPUID.01H:ECX.pni [bit 0]"
#define MSR	"qemu-system-x86_64: error: failed to set MSR 0x10a to 0x69"
#define NOKVM	"qemu-system-x86_64: failed to initialize kvm: No such " \
		"file or directory"
#define GREETING "QEMU 7.2.22 monitor - type 'help' for more information\r\n"
#define GUEST_PASS "    KTAP version 1\n    # Subtest: e820-probe\n" \
		"    1..7\n    # guest e820-probe rom-size 0x20000\n" \
		"    # exit 0x0\nok 1 e820-probe\n"
#define GUEST_FAIL "    KTAP version 1\n    # Subtest: e820-probe\n" \
		"    1..7\n    # guest e820-probe rom-size 0x20000\n" \
		"    # exit 0x1\nnot ok 1 e820-probe\n"

static const struct {
	const char	*name;
	int		status;
	bool		timed_out;
	const char	*out, *err;
	const char	*why;	/* the error line; NULL: it started */
} outputs[] = {
	{ "-m 4G cannot be allocated", 1, false, "", WARN "\n" NOMEM "\n",
	  NOMEM },
	{ "the same under a monitor that never answered", 1, false,
	  GREETING "(qemu) ", NOMEM "\n", NOMEM },
	{ "no KVM", 1, false, "", "Could not access KVM kernel module: No "
	  "such file or directory\n" NOKVM "\n", NOKVM },
	{ "an assertion while setting up the vCPU", 134, false, "",
	  MSR "\nqemu-system-x86_64: ../../target/i386/kvm/kvm.c:3183: "
	  "kvm_buf_set_msrs: Assertion `ret == cpu->kvm_msr_buf->nmsrs' "
	  "failed.\n", MSR },
	{ "error lines end in \\r\\n", 1, false, "\r\n", NOMEM "\r\n", NOMEM },
	{ "a guest that passed", 1, false, GUEST_PASS, WARN "\n", NULL },
	{ "a guest that failed, then an error", 3, false, GUEST_FAIL,
	  NOMEM "\n", NULL },
	{ "a monitor that answered", 1, false, GREETING "(qemu) info mtree "
	  "-f\r\nFlatView #0\r\n", NOMEM "\n", NULL },
	{ "only a warning", 1, false, "", WARN "\n", NULL },
	{ "nothing at all", 1, false, "", "", NULL },
	{ "another program's error", 127, false, "",
	  "exec qemu-system-x86_64: No such file or directory\n", NULL },
	{ "exit status 0", 0, false, "", NOMEM "\n", NULL },
	{ "killed at our time limit", 137, true, "", NOMEM "\n", NULL },
	{ "timeout(1)'s 124", 124, false, "", NOMEM "\n", NULL },
};

static void test_outputs(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(outputs); i++) {
		struct vmm_result q = {
			.out = (char *)outputs[i].out,
			.err = (char *)outputs[i].err,
			.status = outputs[i].status,
			.timed_out = outputs[i].timed_out,
		};
		const char *want = outputs[i].why;
		char why[256] = "";
		bool failed = qemu_failed_to_start(&q, why, sizeof(why));
		bool ok = failed == !!want && (!want || !strcmp(why, want));

		if (!ok)
			ktap_print_msg("got %s '%s', expected %s '%s'",
				       failed ? "failed" : "started", why,
				       want ? "failed" : "started",
				       want ? want : "");
		ktap_test_result(ok, "%s: %s", outputs[i].name,
				 want ? "could not start" : "started");
	}
}

/* printf '%s' '@s' (quoted for sh) >&@fd */
static void write_printf(FILE *f, const char *s, int fd)
{
	fputs("printf '%s' '", f);
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", f);
		else
			fputc(*s, f);
	}
	fprintf(f, "' >&%d\n", fd);
}

/* A fake named @name in @dir that prints @out and @err, exits @status. */
static const char *write_fake(const char *dir, const char *name,
			      const char *out, const char *err, int status)
{
	static char paths[8][4096];
	static unsigned int n;
	char *path = paths[n++ % ARRAY_SIZE(paths)];
	FILE *f;

	snprintf(path, sizeof(paths[0]), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		ktap_exit_fail_msg("cannot write %s", path);
	fputs("#!/bin/sh\n", f);
	write_printf(f, out, 1);
	write_printf(f, err, 2);
	fprintf(f, "exit %d\n", status);
	fclose(f);
	if (chmod(path, 0755))
		ktap_exit_fail_msg("cannot chmod %s", path);
	return path;
}

struct fakes {
	const char	*vmm;		/* the guest passes */
	const char	*nostart;	/* -m 4G cannot be allocated */
	const char	*same;		/* as vmm */
	const char	*guest_fails;
	const char	*silent;	/* exits 1 without a word */
};

static void write_fakes(struct fakes *f, const char *dir)
{
	f->vmm = write_fake(dir, "vmm", GUEST_PASS, "", 1);
	f->nostart = write_fake(dir, "qemu-nostart", "",
				WARN "\n" NOMEM "\n", 1);
	f->same = write_fake(dir, "qemu-same", GUEST_PASS, WARN "\n", 1);
	f->guest_fails = write_fake(dir, "qemu-guest-fails", GUEST_FAIL,
				    "", 3);
	f->silent = write_fake(dir, "qemu-silent", "", "", 1);
}

/* qemu-diff.sh with @qemu as QEMU: status @want, and the same verdict. */
static void test_diff(const struct fakes *f, const char *qemu, int want,
		      const char *what)
{
	static const char *const args[] = { "-m", "4G", NULL };
	struct qemu_diff d;
	char why[256] = "";
	bool not_started, ok;

	qemu_diff_use_vmm(f->vmm);
	setenv("QEMU", qemu, 1);
	if (qemu_diff_run(&d, 10, NULL, args))
		ktap_exit_fail_msg("cannot run scripts/qemu-diff.sh");
	not_started = qemu_diff_not_started(&d, why, sizeof(why));
	ok = d.diff.status == want &&
	     not_started == (want == QEMU_DIFF_NOT_STARTED);
	if (not_started)
		ok &= !strcmp(why, NOMEM) &&
		      has_line(d.diff.out, "QEMU could not start: " NOMEM);
	if (!ok) {
		ktap_print_msg("qemu-diff.sh status %d, not started %d (%s):",
			       d.diff.status, not_started, why);
		ktap_print_lines(d.diff.out);
		ktap_print_lines(d.diff.err);
	}
	ktap_test_result(ok, "qemu-diff.sh: %s: status %d", what, want);
	qemu_diff_free(&d);
	qemu_diff_use_vmm(NULL);
	unsetenv("QEMU");
}

/* Each SKIP line of @out ends "QEMU could not start: @line"; one does. */
static bool skips_say(const char *out, const char *line)
{
	char want[512];
	size_t w = snprintf(want, sizeof(want), "QEMU could not start: %s",
			    line);
	unsigned int skips = 0;
	const char *p = out;
	bool ok = true;

	while (*p) {
		size_t n = strcspn(p, "\n");

		if (memmem(p, n, " # SKIP ", 8)) {
			skips++;
			if (n < w || strncmp(p + n - w, want, w)) {
				ktap_print_msg("another reason: %.*s", (int)n,
					       p);
				ok = false;
			}
		}
		p += n + (p[n] == '\n');
	}
	return ok && skips;
}

/* Run the test @name beside this one with $QEMU = @qemu. */
static void run_test(struct vmm_result *r, const char *name, const char *qemu)
{
	char self[4096], path[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	const char *argv[] = { path, NULL };

	if (n <= 0)
		ktap_exit_fail_msg("cannot read /proc/self/exe");
	self[n] = '\0';
	snprintf(path, sizeof(path), "%s/%s", dirname(self), name);
	setenv("QEMU", qemu, 1);
	if (run_program(r, 300, argv))
		ktap_exit_fail_msg("cannot run %s", path);
	unsetenv("QEMU");
}

static const char *const qemu_tests[] = {
	"qemu_compare_test", "qemu_layout_test", "guest_rom_probe_test",
	"guest_layout_test",
};

/* The QEMU cases skip with QEMU's line; nothing fails. */
static void test_skips(const char *name, const char *qemu)
{
	struct vmm_result r;
	bool ok;

	run_test(&r, name, qemu);
	ok = (r.status == KSFT_PASS || r.status == KSFT_SKIP) &&
	     !strstr(r.out, "\nnot ok ") && skips_say(r.out, NOMEM);
	if (!ok) {
		ktap_print_msg("%s: status %d; output:", name, r.status);
		ktap_print_lines(r.out);
	}
	ktap_test_result(ok, "%s with a QEMU that cannot start: skips with "
			 "its error line (status %d)", name, r.status);
	vmm_result_free(&r);
}

/* A guest that fails under QEMU stays a failure. */
static void test_fails(const char *name, const char *qemu)
{
	struct vmm_result r;
	bool ok;

	run_test(&r, name, qemu);
	ok = r.status == KSFT_FAIL && strstr(r.out, "\nnot ok ") &&
	     !strstr(r.out, "QEMU could not start");
	if (!ok) {
		ktap_print_msg("%s: status %d; output:", name, r.status);
		ktap_print_lines(r.out);
	}
	ktap_test_result(ok, "%s with a QEMU whose guest fails: fails "
			 "(status %d)", name, r.status);
	vmm_result_free(&r);
}

int main(void)
{
	char dir[] = "/tmp/qemu-start-test.XXXXXX";
	const char *rm[] = { "rm", "-rf", dir, NULL };
	struct vmm_result r;
	struct fakes f;
	unsigned int i;

	ktap_print_header();
	ktap_set_plan(ARRAY_SIZE(outputs) + 4 + ARRAY_SIZE(qemu_tests) + 2);
	if (!mkdtemp(dir))
		ktap_exit_fail_msg("cannot create a directory in /tmp");
	write_fakes(&f, dir);
	unsetenv("QEMU");
	test_outputs();
	test_diff(&f, f.nostart, QEMU_DIFF_NOT_STARTED, "QEMU cannot start");
	test_diff(&f, f.same, 0, "the same guest output");
	test_diff(&f, f.guest_fails, 1, "QEMU's guest fails");
	test_diff(&f, f.silent, 1, "QEMU exits 1 without a word");
	for (i = 0; i < ARRAY_SIZE(qemu_tests); i++) {
		if (have_kvm())
			test_skips(qemu_tests[i], f.nostart);
		else
			ktap_test_skip("%s: /dev/kvm is not available",
				       qemu_tests[i]);
	}
	if (have_kvm()) {
		test_fails("qemu_compare_test", f.guest_fails);
		test_fails("guest_rom_probe_test", f.guest_fails);
	} else {
		ktap_test_skip("qemu_compare_test: /dev/kvm is not available");
		ktap_test_skip("guest_rom_probe_test: /dev/kvm is not "
			       "available");
	}
	if (!run_program(&r, 10, rm))
		vmm_result_free(&r);
	ktap_finished();
}
