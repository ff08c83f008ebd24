/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUEST_SMP_H
#define GUEST_SMP_H

#include "guest.h"

/*
 * The other CPUs, woken as firmware wakes them: INIT, then start-up IPIs
 * (vector AP_SIPI_VECTOR) to all but ourselves through the local APIC.
 * They start at the boot stub's AP entry (boot/reset.S), reach long mode
 * on the boot processor's page tables and call @fn(cpu), cpu 1..n - 1 in
 * the order they arrive; more CPUs than asked for halt at once.  A CPU
 * whose @fn returns halts.  APs print nothing: the serial port is the
 * boot processor's.
 */

/*
 * Wake the APs so that @n CPUs run in all (@n - 1 of them @fn); returns
 * how many APs came up, after waiting a while for the late ones.
 */
unsigned int smp_start(unsigned int n, void (*fn)(unsigned int cpu));

#endif
