/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SELFTESTS_PAM_TABLE_H
#define SELFTESTS_PAM_TABLE_H

#include "hw/pc.h"

/*
 * docs/pam.md's tables, by hand, for the tests: the host bridges and the
 * register and nibble of each of the 13 segments.
 */
struct pam_bridge {
	const char		*machine;	/* -M */
	enum pc_machine_type	type;
	u32			id;		/* device << 16 | vendor */
	u8			pam0;		/* offset of PAM0 */
};

struct pam_segment {
	u64		start, size;
	unsigned int	reg;		/* PAM0..PAM6 */
	unsigned int	shift;		/* 0: bits 1:0, 4: bits 5:4 */
};

#define PAM_TABLE_SEGMENTS	13

extern const struct pam_bridge pam_bridges[2];
extern const struct pam_segment pam_segments[PAM_TABLE_SEGMENTS];

/* The mode of segment @i when the seven registers hold @regs. */
unsigned int pam_table_mode(const u8 *regs, unsigned int i);

#endif
