/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUEST_SMP_H
#define GUEST_SMP_H

#include "guest.h"

/*
 * Application processors: the boot processor (APIC id 0) wakes the others
 * with INIT and SIPI (vector 0xff: boot/reset.S's ap16) through its local
 * APIC, each runs @fn with its APIC id (1..GUEST_MAX_CPUS - 1) on a stack
 * of its own, then halts.  Only the boot processor prints or uses fw_cfg.
 */

/*
 * Start the other @cpus - 1 processors; once all are in (or the tries
 * are over), let them run @fn together: until then none may remap the
 * isa-bios alias another still starts from.  Returns how many started.
 */
unsigned int smp_start(unsigned int cpus, void (*fn)(unsigned int cpu));
/* Wait until each started processor has returned from @fn. */
void smp_wait(void);
/* This processor's initial APIC id (CPUID 1, EBX[31:24]). */
unsigned int smp_cpu_id(void);

/* A spinlock for what processors share (the PCI config ports). */
void spin_lock(volatile u32 *lock);
void spin_unlock(volatile u32 *lock);

#endif
