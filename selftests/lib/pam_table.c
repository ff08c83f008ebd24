// SPDX-License-Identifier: GPL-2.0
#include "pam_table.h"

const struct pam_bridge pam_bridges[2] = {
	{ "pc", PC_MACHINE_PC, 0x12378086, 0x59 },
	{ "q35", PC_MACHINE_Q35, 0x29c08086, 0x90 },
};

const struct pam_segment pam_segments[PAM_TABLE_SEGMENTS] = {
	{ 0xf0000, 0x10000, 0, 4 },
	{ 0xc0000, 0x4000, 1, 0 }, { 0xc4000, 0x4000, 1, 4 },
	{ 0xc8000, 0x4000, 2, 0 }, { 0xcc000, 0x4000, 2, 4 },
	{ 0xd0000, 0x4000, 3, 0 }, { 0xd4000, 0x4000, 3, 4 },
	{ 0xd8000, 0x4000, 4, 0 }, { 0xdc000, 0x4000, 4, 4 },
	{ 0xe0000, 0x4000, 5, 0 }, { 0xe4000, 0x4000, 5, 4 },
	{ 0xe8000, 0x4000, 6, 0 }, { 0xec000, 0x4000, 6, 4 },
};

unsigned int pam_table_mode(const u8 *regs, unsigned int i)
{
	return (regs[pam_segments[i].reg] >> pam_segments[i].shift) & 3;
}
