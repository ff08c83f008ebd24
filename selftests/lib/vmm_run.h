/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SELFTESTS_VMM_RUN_H
#define SELFTESTS_VMM_RUN_H

#include <stddef.h>
#include <sys/types.h>

#include "util/types.h"

/* What one run of build/vmm printed and how it ended. */
struct vmm_result {
	char	*out;		/* stdout */
	char	*err;		/* stderr */
	int	status;		/* exit status, or 128 + signal */
	bool	timed_out;	/* killed by the harness's own limit */
	long	maxrss_kb;	/* its peak resident set (getrusage) */
};

/*
 * Run <build>/vmm (build_dir()) with @argv (NULL-terminated, without the
 * program name), killing it after @limit_s seconds so that a test never
 * hangs; a sanitizer report from it taints the test
 * (sanitizer_check_vmm()).  Returns 0 or -errno.
 */
int vmm_run(struct vmm_result *r, unsigned int limit_s, const char *const *argv);
/* The same with the options of @more (NULL-terminated, or NULL) after. */
int vmm_run_more(struct vmm_result *r, unsigned int limit_s,
		 const char *const *argv, const char *const *more);
/* "@what: status N; output:", then stdout and stderr, as diagnostics. */
void vmm_result_show(const char *what, const struct vmm_result *r);
/* Run any program the same way (argv[0] is the program). */
int run_program(struct vmm_result *r, unsigned int limit_s,
		const char *const *argv);
void vmm_result_free(struct vmm_result *r);

/* A run in the background: its output goes to unlinked files. */
struct run_job {
	pid_t	pid;
	int	out, err;
	double	deadline;
	bool	vmm;		/* <build>/vmm: checked for sanitizer reports */
};

/* Start what vmm_run() / run_program() would run; returns 0 or -errno. */
int vmm_run_start(struct run_job *j, unsigned int limit_s,
		  const char *const *argv);
int run_program_start(struct run_job *j, unsigned int limit_s,
		      const char *const *argv);
/* Wait for it (killing it at its limit) and collect what it printed. */
void run_program_wait(struct run_job *j, struct vmm_result *r);

/* One "slot ..." row of `vmm --dump slots`. */
struct slot_row {
	unsigned int	id;
	u64		start;
	u64		size;
	bool		readonly;
	bool		log;
	char		region[64];
	u64		offset;
};

/* Parse the slot table; returns the number of rows (at most @max). */
unsigned int parse_slots(const char *out, struct slot_row *rows,
			 unsigned int max);

/* One "e820 <start> <end> <type>" line (end inclusive). */
struct e820_row {
	u64		start;
	u64		end;
	unsigned int	type;
};

unsigned int parse_e820(const char *out, struct e820_row *rows,
			unsigned int max);

/*
 * A 64 KiB-multiple BIOS image of @size bytes of hlt, for layouts that
 * are printed and never run (guest programs come from guest/); the path
 * is valid until the next call.
 */
const char *make_test_bios(u64 size);
/*
 * The directory this test was built into (where its vmm and guest/ are):
 * the Makefile's BUILD, built in.  Bails out when $BUILD names another.
 */
const char *build_dir(void);
bool have_kvm(void);

/* "<build>/guest/<name>.bin", a guest payload (guest/README.md), in @buf. */
const char *guest_image(char *buf, size_t len, const char *name);
/*
 * The guest's observation lines (guest/README.md, "Output") whose keyword
 * is @key, in order, without the "    # " before them, each ending in
 * '\n'; a string to free().
 */
char *guest_obs(const char *out, const char *key);
/*
 * The number after "@key " where @key starts a line or follows a blank
 * ("stats rom-writes-dropped 38", "    # rom-writes 35"), or -1.
 */
long long find_count(const char *text, const char *key);
/* The whole of a file as a string to free(), or NULL when it cannot be read. */
char *read_file(const char *path);
/* Whether @out has a line that is exactly @line. */
bool has_line(const char *out, const char *line);

/* $QEMU or qemu-system-x86_64 is installed. */
bool have_qemu(void);
/* The QEMU to run: $QEMU, or qemu-system-x86_64. */
const char *qemu_binary(void);

/*
 * Whether the QEMU run @q ended before its guest ran, rather than with a
 * guest's verdict: QEMU exited by itself (status neither 0 nor timeout's
 * 124 or 137, and not killed by us), printed nothing on stdout but the
 * monitor's greeting and prompt (every guest's first serial line, or a
 * monitor's answer, means it started), and wrote an error line on
 * stderr, "qemu-system-x86_64: ..." or "<basename of $QEMU>: ...", that
 * is not a warning.  @why gets the first such line.  The one place
 * tests decide this; scripts/qemu-diff.sh decides the same way.
 */
bool qemu_failed_to_start(const struct vmm_result *q, char *why, size_t len);

/* One run of scripts/qemu-diff.sh: both sides and the comparison. */
struct qemu_diff {
	struct vmm_result	vmm;	/* build/vmm's output and status */
	struct vmm_result	qemu;	/* QEMU's */
	struct vmm_result	diff;	/* the script's: out is the diff */
};

/* qemu-diff.sh's exit status when QEMU could not start. */
#define QEMU_DIFF_NOT_STARTED	3

/*
 * Run scripts/qemu-diff.sh -q with the options both take (@args,
 * NULL-terminated) and @vmm_only (say "--stats", or NULL) for vmm alone,
 * each side killed after @limit_s seconds.  diff.status is 0 when the
 * normalised observations and statuses match, 1 when they differ,
 * QEMU_DIFF_NOT_STARTED when QEMU could not start.  Returns 0 or -errno.
 */
/*
 * Run @path as qemu-diff.sh's vmm side from now on (NULL: this build's
 * vmm again): for qemu_start_test's stand-ins only.
 */
void qemu_diff_use_vmm(const char *path);
int qemu_diff_run(struct qemu_diff *d, unsigned int limit_s,
		  const char *vmm_only, const char *const *args);
/*
 * QEMU's side of @d could not start: qemu_failed_to_start() says so and
 * qemu-diff.sh agrees (QEMU_DIFF_NOT_STARTED); @why gets QEMU's error
 * line.  When the two disagree it says so and returns false, so that
 * the comparison runs and fails.
 */
bool qemu_diff_not_started(const struct qemu_diff *d, char *why, size_t len);
/*
 * The same, and then two SKIPs with QEMU's line, for a guest test's two
 * QEMU results on machine @m: QEMU's verdict and its observations.
 */
bool qemu_diff_skip_verdicts(const struct qemu_diff *d, const char *m);
void qemu_diff_free(struct qemu_diff *d);

#endif
