// SPDX-License-Identifier: GPL-2.0
/*
 * Guests that misbehave on purpose; each run must end by the guest's own
 * exit, by vmm's --timeout, or with a clear error, never with a crash or
 * a VMM this test has to kill, and the result says which it was:
 *   serial-flood.bin    numbered lines on COM1 for ever: --timeout 2 ends
 *                       it (124); the lines arrive whole and in order,
 *                       and vmm's memory does not grow with them;
 *   rom-write-loop.bin  20000 stores to its own ROM, then checks the word:
 *                       the guest's exit 0 (status 1), and vmm --stats
 *                       counts exactly 20000 dropped ROM writes;
 *   unassigned-loop.bin 20000 reads of a hole, each all ones: exit 0, and
 *                       --stats counts exactly 20000 unassigned reads;
 *   gdt-accessed.bin    a segment load from a GDT in ROM whose descriptor
 *                       has its accessed bit clear (DESIGN.md's hosts
 *                       hang the vCPU there): the guest's exit 0x10
 *                       (status 0x21: the bit stayed clear, ROM dropped
 *                       the write), --timeout 5 (124), or a one-line
 *                       error; 0x11 (0x23) means KVM wrote the ROM.
 * The counts come from the images' sources (guest/probes/), not from vmm.
 */
#include <stdlib.h>
#include <string.h>

#include "ktap.h"
#include "vmm_run.h"

#define LOOP_COUNT	20000	/* ROM_WRITES, UNASSIGNED_READS */
#define FLOOD_RSS_MAX	(256 * 1024)	/* KiB: far below -m 128M + ASan */
#define STATUS_TIMEOUT	124

enum { FLOOD, ROM_LOOP, UNASSIGNED_LOOP, GDT, NR_RUNS };

static const struct {
	const char	*image;
	const char	*timeout;
} runs[NR_RUNS] = {
	[FLOOD]			= { "serial-flood", "2" },
	[ROM_LOOP]		= { "rom-write-loop", "60" },
	[UNASSIGNED_LOOP]	= { "unassigned-loop", "60" },
	[GDT]			= { "gdt-accessed", "5" },
};

static void print_run(const char *what, const struct vmm_result *r)
{
	ktap_print_msg("%s: status %d%s, peak RSS %ld KiB; stderr, then the "
		       "last of stdout:", what, r->status,
		       r->timed_out ? " (killed at the test's limit)" : "",
		       r->maxrss_kb);
	ktap_print_lines(r->err);
	ktap_print_lines(strlen(r->out) > 400 ?
			 r->out + strlen(r->out) - 400 : r->out);
}

/* "stats NAME N" of vmm --stats on stderr, or -1. */
static long long stat_count(const char *err, const char *name)
{
	const char *p = err;
	char key[64];
	long long v;

	for (; p && *p; p = strchr(p, '\n'), p += p != NULL) {
		if (sscanf(p, "stats %63s %lld", key, &v) == 2 &&
		    !strcmp(key, name))
			return v;
	}
	return -1;
}

/* Every "    # flood N" line, N = 0, 1, ...; the number of them, or -1. */
static long long flood_lines(const char *out)
{
	const char *p = strstr(out, "    # flood ");
	long long n = 0, v;

	for (; p && *p; p = strchr(p, '\n'), p += p != NULL, n++) {
		const char *nl = strchr(p, '\n');

		if (!nl)
			break;	/* the line the timeout cut */
		if (sscanf(p, "    # flood %lld", &v) != 1 || v != n)
			return -1;
	}
	return n;
}

static void check_flood(const struct vmm_result *r)
{
	long long lines = flood_lines(r->out);
	bool ended = r->status == STATUS_TIMEOUT && !r->timed_out &&
		     strstr(r->err, "(--timeout)");
	bool ok = ended && lines > 0 &&
		  has_line(r->out, "    # serial-flood: numbered lines forever") &&
		  r->maxrss_kb < FLOOD_RSS_MAX;

	if (!ok)
		print_run("serial-flood", r);
	ktap_test_result(ok, "serial-flood: ended by --timeout (124), %lld "
			 "lines whole and in order, peak RSS %ld KiB", lines,
			 r->maxrss_kb);
}

static void check_loop(const struct vmm_result *r, const char *image,
		       const char *guest_case, const char *stat)
{
	char line[80];
	long long n = stat_count(r->err, stat);
	bool ok;

	snprintf(line, sizeof(line), "    ok 1 %s", guest_case);
	ok = r->status == 1 && !r->timed_out && has_line(r->out, line) &&
	     n == LOOP_COUNT;
	if (!ok)
		print_run(image, r);
	ktap_test_result(ok, "%s: ended by the guest's exit 0 (status 1), "
			 "--stats %s %lld of %d", image, stat, n, LOOP_COUNT);
}

/* How the GDT case ended, or NULL when it must not end that way. */
static const char *gdt_ending(const struct vmm_result *r)
{
	if (r->timed_out || r->status >= 128)
		return NULL;
	if (r->status == 0x21)
		return "the guest's exit 0x10: the accessed bit stayed clear, "
		       "the write to ROM was dropped";
	if (r->status == STATUS_TIMEOUT && strstr(r->err, "(--timeout)"))
		return "--timeout: the vCPU never got past the segment load "
		       "(KVM did not complete the accessed-bit write to the "
		       "readonly slot)";
	if ((r->status == 1 || r->status == 2) &&
	    !strncmp(r->err, "vmm: ", 5))
		return "a clear error from vmm";
	return NULL;	/* 0x23: KVM set the bit in ROM; or anything else */
}

static void check_gdt(const struct vmm_result *r)
{
	const char *how = gdt_ending(r);

	print_run("gdt-accessed", r);
	ktap_test_result(how != NULL, "gdt-accessed: ended by %s",
			 how ? how : "no acceptable way");
}

int main(void)
{
	struct run_job jobs[NR_RUNS];
	struct vmm_result r[NR_RUNS];
	char images[NR_RUNS][4096];
	unsigned int i;

	ktap_print_header();
	if (!have_kvm())
		ktap_skip_all("no usable /dev/kvm");
	ktap_set_plan(NR_RUNS);
	for (i = 0; i < NR_RUNS; i++) {
		const char *argv[] = {
			"-bios", guest_image(images[i], sizeof(images[i]),
					     runs[i].image),
			"-serial", "stdio", "-device", "isa-debug-exit",
			"--stats", "--timeout", runs[i].timeout, NULL,
		};

		if (vmm_run_start(&jobs[i], 120, argv))
			ktap_exit_fail_msg("cannot start vmm for %s",
					   runs[i].image);
	}
	for (i = 0; i < NR_RUNS; i++)
		run_program_wait(&jobs[i], &r[i]);
	check_flood(&r[FLOOD]);
	check_loop(&r[ROM_LOOP], "rom-write-loop", "rom-writes-dropped",
		   "rom-writes-dropped");
	check_loop(&r[UNASSIGNED_LOOP], "unassigned-loop", "unassigned-reads",
		   "unassigned-reads");
	check_gdt(&r[GDT]);
	for (i = 0; i < NR_RUNS; i++)
		vmm_result_free(&r[i]);
	ktap_finished();
}
