/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUEST_SMP_H
#define GUEST_SMP_H

#include "guest.h"

/*
 * Application processors, woken as firmware wakes them: the boot
 * processor (APIC id 0) sends INIT, then start-up IPIs (vector
 * AP_SIPI_VECTOR) to all but itself through its local APIC.  Each starts
 * at the boot stub's ap16 (boot/reset.S), reaches long mode on the boot
 * processor's page tables, takes the stack its initial APIC id picks
 * and runs @fn(APIC id) with the boot processor's IDT, then halts.
 * Processors beyond those asked for, or beyond GUEST_MAX_CPUS, halt at
 * once.  Only the boot processor prints or uses fw_cfg.
 */

/*
 * Start processors 1..@cpus - 1; once all are in (or the tries are
 * over), let them run @fn together: until then none may remap the
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
