// SPDX-License-Identifier: GPL-2.0
/*
 * hang: boots, says so, then spins forever with interrupts off.  Nothing
 * ends this VM but the VMM (a timeout, a signal): the test is that it does,
 * and reports the hang instead of waiting for ever.
 */
#include "ktap.h"

GUEST_DESC("hang", 1);

void guest_main(void)
{
	ktap_diag("hang: spinning forever");
	for (;;)
		asm volatile("pause");
}
