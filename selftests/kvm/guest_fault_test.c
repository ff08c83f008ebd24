// SPDX-License-Identifier: GPL-2.0
/*
 * Guest misbehaviour is reported, never a crash or a hang
 * (docs/qemu-rules.md, "The vCPU and how a run ends"):
 *   triple-fault.bin  KVM_EXIT_SHUTDOWN: vmm exits with 2, naming the
 *                     triple fault on stderr (vmm --help: 2 for a guest
 *                     error), after the guest's own last line;
 *   hang.bin          with --timeout 2: status 124 and the timeout message,
 *                     ended by vmm itself, not by this test's limit;
 *   unassigned-read.bin  reads where nothing is mapped return all ones and
 *                     a write there is dropped (guest/README.md, "What the
 *                     VMM must provide"): the lines of the table below,
 *                     status 1, and --stats counting each access.
 * The three run at once, each under a time limit of this test's own.
 */
#include <stdlib.h>
#include <string.h>

#include "ktap.h"
#include "vmm_run.h"

/* -m 128M: the first hole above 1 MiB is at 128M, above RAM at 4G. */
static const char unassigned_lines[] =
	"unassigned 0x0000000008000000 width 1 value 0xff ok\n"
	"unassigned 0x0000000008000000 width 2 value 0xffff ok\n"
	"unassigned 0x0000000008000000 width 4 value 0xffffffff ok\n"
	"unassigned 0x0000000008000000 width 8 value 0xffffffffffffffff ok\n"
	"unassigned 0x0000000008000011 width 2 value 0xffff ok\n"
	"unassigned 0x0000000008000013 width 4 value 0xffffffff ok\n"
	"unassigned 0x000000000800001d width 8 value 0xffffffffffffffff ok\n"
	"unassigned 0x0000000100000000 width 1 value 0xff ok\n"
	"unassigned 0x0000000100000000 width 2 value 0xffff ok\n"
	"unassigned 0x0000000100000000 width 4 value 0xffffffff ok\n"
	"unassigned 0x0000000100000000 width 8 value 0xffffffffffffffff ok\n"
	"unassigned 0x0000000100000011 width 2 value 0xffff ok\n"
	"unassigned 0x0000000100000013 width 4 value 0xffffffff ok\n"
	"unassigned 0x000000010000001d width 8 value 0xffffffffffffffff ok\n";
static const char unassigned_write[] =
	"unassigned-write 0x0000000008000040 value 0xffffffffffffffff\n";

enum { TRIPLE, HANG, UNASSIGNED, NR_RUNS };

static const char *const images[NR_RUNS] = {
	"triple-fault", "hang", "unassigned-read",
};

static void print_run(const char *what, const struct vmm_result *r)
{
	ktap_print_msg("%s: status %d%s; stdout, stderr:", what, r->status,
		       r->timed_out ? " (killed at the test's limit)" : "");
	ktap_print_lines(r->out);
	ktap_print_lines(r->err);
}

static void check_triple(const struct vmm_result *r)
{
	bool named = strstr(r->err, "triple fault") != NULL;
	bool last = has_line(r->out, "    # triple-fault: empty IDT, then ud2");
	bool ok = r->status == 2 && !r->timed_out && named && last;

	if (!ok)
		print_run("triple-fault", r);
	ktap_test_result(ok, "triple-fault.bin: status %d (expected 2), "
			 "\"triple fault\" on stderr %s, guest's last line %s",
			 r->status, named ? "yes" : "no", last ? "yes" : "no");
}

static void check_hang(const struct vmm_result *r)
{
	static const char msg[] =
		"vmm: guest did not finish within 2 s (--timeout)";
	bool said = has_line(r->err, msg);
	bool ok = r->status == 124 && !r->timed_out && said &&
		  has_line(r->out, "    # hang: spinning forever");

	if (!ok)
		print_run("hang --timeout 2", r);
	ktap_test_result(ok, "hang.bin --timeout 2: status %d (expected 124), "
			 "'%s' %s", r->status, msg, said ? "printed" : "missing");
}

static long long stat_of(const char *err, const char *key)
{
	const char *p = strstr(err, key);

	return p ? strtoll(p + strlen(key), NULL, 0) : -1;
}

static void check_unassigned(const struct vmm_result *r)
{
	char *got = guest_obs(r->out, "unassigned");
	char *wrote = guest_obs(r->out, "unassigned-write");
	bool lines = got && !strcmp(got, unassigned_lines) && wrote &&
		     !strcmp(wrote, unassigned_write);
	bool ok = r->status == 1 && !r->timed_out &&
		  has_line(r->out, "ok 1 unassigned-read");
	long long reads = stat_of(r->err, "stats unassigned-reads ");
	long long writes = stat_of(r->err, "stats unassigned-writes ");

	if (!ok)
		print_run("unassigned-read", r);
	ktap_test_result(ok, "unassigned-read.bin: passes (status %d, "
			 "expected 1)", r->status);
	if (!lines) {
		ktap_print_msg("unassigned-read: lines:");
		ktap_print_lines(got);
		ktap_print_lines(wrote);
		ktap_print_msg("expected:");
		ktap_print_lines(unassigned_lines);
		ktap_print_lines(unassigned_write);
	}
	ktap_test_result(lines, "unassigned-read.bin: 14 reads of all ones, "
			 "the write dropped");
	/* Each line is one read; the write is followed by one more. */
	if (reads != 15 || writes != 1)
		ktap_print_msg("unassigned-read: stats unassigned-reads %lld, "
			       "unassigned-writes %lld; expected 15 and 1",
			       reads, writes);
	ktap_test_result(reads == 15 && writes == 1, "unassigned-read.bin: "
			 "--stats counts 15 unassigned reads, 1 write");
	free(got);
	free(wrote);
}

int main(void)
{
	static char image[NR_RUNS][4096];
	struct vmm_result r[NR_RUNS];
	struct run_job jobs[NR_RUNS];
	unsigned int i;

	ktap_print_header();
	if (!have_kvm())
		ktap_skip_all("/dev/kvm is not available");
	ktap_set_plan(5);
	for (i = 0; i < NR_RUNS; i++) {
		const char *argv[] = {
			"-bios", guest_image(image[i], sizeof(image[i]),
					     images[i]),
			"-device", "isa-debug-exit,iobase=0xf4,iosize=4",
			"-serial", "stdio", "--stats", "--timeout", "2", NULL,
		};
		int ret;

		if (i != HANG)
			argv[7] = NULL;		/* no --timeout */
		ret = vmm_run_start(&jobs[i], 20, argv);
		if (ret)
			ktap_exit_fail_msg("%s: cannot run vmm: %s", images[i],
					   strerror(-ret));
	}
	for (i = 0; i < NR_RUNS; i++)
		run_program_wait(&jobs[i], &r[i]);
	check_triple(&r[TRIPLE]);
	check_hang(&r[HANG]);
	check_unassigned(&r[UNASSIGNED]);
	for (i = 0; i < NR_RUNS; i++)
		vmm_result_free(&r[i]);
	ktap_finished();
}
