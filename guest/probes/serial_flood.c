// SPDX-License-Identifier: GPL-2.0
/*
 * serial-flood: boots, then writes numbered lines to COM1 as fast as it
 * can, for ever ("flood 0", "flood 1", ...), never waiting for anything
 * but the LSR's ready bit.  Only the VMM can end it (a timeout, a
 * signal): the test is that it does, that its memory does not grow with
 * the output (each line goes out as it comes), and that every line
 * arrives whole and in order.
 */
#include "ktap.h"

GUEST_DESC("serial-flood", 1);

void guest_main(void)
{
	u64 n;

	ktap_diag("serial-flood: numbered lines forever");
	for (n = 0;; n++)
		ktap_diag("flood %llu", n);
}
