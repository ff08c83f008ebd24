// SPDX-License-Identifier: GPL-2.0
#include "io.h"
#include "smp.h"
#include "trap.h"

#define APIC_BASE		0xfee00000ULL
#define APIC_SVR		0x0f0
#define APIC_ICR_LO		0x300
#define APIC_ICR_HI		0x310
#define APIC_SVR_ENABLE		0x100
#define ICR_DELIVERY_PENDING	(1u << 12)
/* All but self, level assert: INIT (mode 5) and Start-up (mode 6). */
#define ICR_ALL_BUT_SELF	(3u << 18)
#define ICR_INIT		(ICR_ALL_BUT_SELF | 1u << 14 | 5u << 8)
#define ICR_SIPI		(ICR_ALL_BUT_SELF | 1u << 14 | 6u << 8)
#define SPIN_LIMIT		(1u << 24)
#define SIPI_TRIES		16
#define SIPI_WAIT		(1u << 20)	/* pauses */

static void (*volatile ap_fn)(unsigned int cpu);
static volatile u32 wanted, started, finished, go;

void smp_ap_main(unsigned int cpu);

void spin_lock(volatile u32 *lock)
{
	while (__atomic_exchange_n(lock, 1, __ATOMIC_ACQUIRE))
		asm volatile("pause");
}

void spin_unlock(volatile u32 *lock)
{
	__atomic_store_n(lock, 0, __ATOMIC_RELEASE);
}

unsigned int smp_cpu_id(void)
{
	u32 a, b, c, d;

	cpuid(1, &a, &b, &c, &d);
	return b >> 24;
}

/*
 * Called by ap64 (boot/reset.S) on the processor's own stack, for ids
 * below GUEST_MAX_CPUS; a return parks the processor.
 */
void smp_ap_main(unsigned int cpu)
{
	if (cpu >= __atomic_load_n(&wanted, __ATOMIC_ACQUIRE))
		return;
	trap_load();
	__atomic_add_fetch(&started, 1, __ATOMIC_ACQ_REL);
	/* None may remap what the next one starts from (ap16's alias). */
	while (!__atomic_load_n(&go, __ATOMIC_ACQUIRE))
		asm volatile("pause");
	ap_fn(cpu);
	__atomic_add_fetch(&finished, 1, __ATOMIC_ACQ_REL);
}

static void apic_write(u32 reg, u32 v)
{
	mmio_write(APIC_BASE + reg, 4, v);
}

static u32 apic_read(u32 reg)
{
	return (u32)mmio_read(APIC_BASE + reg, 4);
}

static void apic_icr(u32 lo)
{
	unsigned int n = 0;

	apic_write(APIC_ICR_HI, 0);
	apic_write(APIC_ICR_LO, lo);
	while ((apic_read(APIC_ICR_LO) & ICR_DELIVERY_PENDING) &&
	       n++ < SPIN_LIMIT)
		asm volatile("pause");
}

static bool wait_started(unsigned int n, unsigned int limit)
{
	unsigned int i;

	for (i = 0; __atomic_load_n(&started, __ATOMIC_ACQUIRE) < n; i++) {
		if (i == limit)
			return false;
		asm volatile("pause");
	}
	return true;
}

/*
 * INIT to all others, then Start-up until all are in: a SIPI can be lost
 * while an INIT is still being taken (hence the MP specification's
 * second one), and one to a started processor is ignored.
 */
unsigned int smp_start(unsigned int cpus, void (*fn)(unsigned int cpu))
{
	unsigned int tries;

	cpus = MIN(cpus, (unsigned int)GUEST_MAX_CPUS);
	if (cpus < 2)
		return 0;	/* and maybe no local APIC to ask */
	ap_fn = fn;
	__atomic_store_n(&wanted, cpus, __ATOMIC_RELEASE);
	apic_write(APIC_SVR, apic_read(APIC_SVR) | APIC_SVR_ENABLE);
	apic_icr(ICR_INIT);
	for (tries = 0; tries < SIPI_TRIES; tries++) {
		apic_icr(ICR_SIPI | AP_SIPI_VECTOR);
		if (wait_started(cpus - 1, SIPI_WAIT))
			break;
	}
	__atomic_store_n(&go, 1, __ATOMIC_RELEASE);
	return __atomic_load_n(&started, __ATOMIC_ACQUIRE);
}

void smp_wait(void)
{
	while (__atomic_load_n(&finished, __ATOMIC_ACQUIRE) <
	       __atomic_load_n(&started, __ATOMIC_ACQUIRE))
		asm volatile("pause");
}
