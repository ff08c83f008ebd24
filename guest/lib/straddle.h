/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUEST_STRADDLE_H
#define GUEST_STRADDLE_H

#include "guest.h"

/*
 * Accesses across addr (a page, 2 MiB, slot or region boundary): the 16
 * bytes [addr - 8, addr + 8) written as two 8-byte stores (8 before, 8
 * after), then single 8-, 4-, 2- and 1-byte stores across or next to addr,
 * each followed by reads (8 bytes at addr - 8, addr and addr - 4, 2 bytes at
 * addr - 1) compared byte for byte with what mem_kind() predicts: RAM keeps
 * what was written, ROM keeps what it had, a hole reads unassigned_byte().
 * Prints "<tag> <addr> <kind below>|<kind at> ok|fail|skip" and, on a
 * mismatch, "<tag>-fail <addr> step <n> read <pa> width <w> got <v> want
 * <v>".  A window touching a kind that is not written to is skipped.
 */
enum straddle_result {
	STRADDLE_OK,
	STRADDLE_FAIL,
	STRADDLE_SKIP,
};

enum straddle_result straddle_check(const char *tag, u64 addr);

#endif
