/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUEST_TRAP_H
#define GUEST_TRAP_H

#include "guest.h"

/*
 * An IDT for the 32 exception vectors: any exception prints
 * "exception <vec> err <code> rip <rip> cr2 <cr2>", fails the subtest and
 * exits GUEST_EXIT_EXCEPTION.  No interrupts are ever enabled.
 */
struct trap_frame {
	u64	vector;
	u64	error;
	u64	rip;
	u64	cs;
	u64	rflags;
	u64	rsp;
	u64	ss;
};

void trap_init(void);
/* The same IDT on another CPU (trap_init() built it). */
void trap_load(void);
/* Drop the IDT: the next exception shuts the vCPU down (triple fault). */
void trap_disable(void);

#endif
