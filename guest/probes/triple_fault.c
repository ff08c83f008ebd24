// SPDX-License-Identifier: GPL-2.0
/*
 * triple-fault: boots, says so, drops the IDT and executes ud2.  The #UD
 * cannot be delivered, nor the #GP nor the #DF that follow: the vCPU shuts
 * down (KVM_EXIT_SHUTDOWN).  The VMM must report that; QEMU resets the
 * machine unless run with -no-reboot, and then exits with status 0.
 */
#include "ktap.h"
#include "trap.h"

GUEST_DESC("triple-fault", 1);

void guest_main(void)
{
	ktap_diag("triple-fault: empty IDT, then ud2");
	trap_disable();
	asm volatile("ud2");
	ktap_result(false, "triple-fault: still running after ud2");
}
