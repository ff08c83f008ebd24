/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SELFTESTS_VMM_RUN_H
#define SELFTESTS_VMM_RUN_H

#include <stddef.h>

#include "util/types.h"

/* What one run of build/vmm printed and how it ended. */
struct vmm_result {
	char	*out;		/* stdout */
	char	*err;		/* stderr */
	int	status;		/* exit status, or 128 + signal */
	bool	timed_out;	/* killed by the harness's own limit */
};

/*
 * Run build/vmm (or $VMM) with @argv (NULL-terminated, without the
 * program name), killing it after @limit_s seconds so that a test never
 * hangs.  Returns 0 or -errno.
 */
int vmm_run(struct vmm_result *r, unsigned int limit_s, const char *const *argv);
/* Run any program the same way (argv[0] is the program). */
int run_program(struct vmm_result *r, unsigned int limit_s,
		const char *const *argv);
void vmm_result_free(struct vmm_result *r);

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

/* A 64 KiB-multiple BIOS image of @size bytes filled with HLT; path. */
const char *make_test_bios(u64 size);
/*
 * The same with real-mode @code at CS:0xff00 (linear 4G - 0x100), where
 * the reset vector jumps; the path is valid until the next call.
 */
const char *make_test_bios_code(u64 size, const u8 *code, size_t len);
/* The project's build directory (where vmm and guest/ are), from $BUILD. */
const char *build_dir(void);
bool have_kvm(void);

#endif
