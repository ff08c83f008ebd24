// SPDX-License-Identifier: GPL-2.0
#include "io.h"
#include "smp.h"

#define APIC_BASE		0xfee00000ULL
#define APIC_ICR_LO		0x300
#define APIC_ICR_HI		0x310
#define ICR_DELIVERY_PENDING	(1u << 12)
/* All but self, level assert: INIT (mode 5) and Start-up (mode 6). */
#define ICR_ALL_BUT_SELF	(3u << 18)
#define ICR_INIT		(ICR_ALL_BUT_SELF | 1u << 14 | 5u << 8)
#define ICR_SIPI		(ICR_ALL_BUT_SELF | 1u << 14 | 6u << 8)
#define AP_VECTOR		0xff	/* 0xff000: ap16, boot/reset.S */
#define SPIN_LIMIT		(1u << 24)
#define SIPI_TRIES		16
#define SIPI_WAIT		(1u << 20)	/* pauses */

static void (*volatile ap_fn)(unsigned int cpu);
static volatile u32 started, finished, go;

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

/* Called by ap64 (boot/reset.S) on the processor's own stack. */
void smp_ap_main(unsigned int cpu)
{
	__atomic_add_fetch(&started, 1, __ATOMIC_ACQ_REL);
	/* None may remap what the next one starts from (ap16's alias). */
	while (!__atomic_load_n(&go, __ATOMIC_ACQUIRE))
		asm volatile("pause");
	ap_fn(cpu);
	__atomic_add_fetch(&finished, 1, __ATOMIC_ACQ_REL);
}

static void apic_icr(u32 lo)
{
	volatile u32 *icr_lo = phys_ptr(APIC_BASE + APIC_ICR_LO);
	volatile u32 *icr_hi = phys_ptr(APIC_BASE + APIC_ICR_HI);
	unsigned int n = 0;

	*icr_hi = 0;
	*icr_lo = lo;
	while ((*icr_lo & ICR_DELIVERY_PENDING) && n++ < SPIN_LIMIT)
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
 * second one), and one to a started processor is ignored.  They wait for
 * `go`: none may remap the isa-bios alias another still starts from.
 */
unsigned int smp_start(unsigned int cpus, void (*fn)(unsigned int cpu))
{
	unsigned int tries;

	if (cpus < 2)
		return 0;	/* and maybe no local APIC to ask */
	ap_fn = fn;
	apic_icr(ICR_INIT);
	for (tries = 0; tries < SIPI_TRIES; tries++) {
		apic_icr(ICR_SIPI | AP_VECTOR);
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
