// SPDX-License-Identifier: GPL-2.0
#include "io.h"
#include "smp.h"
#include "trap.h"

#define APIC_BASE	0xfee00000ULL
#define APIC_SVR	0x0f0
#define APIC_ICR_LO	0x300
#define APIC_ICR_HI	0x310
#define APIC_SVR_ENABLE	0x100
/* Delivery to all excluding self, level assert. */
#define ICR_ALL_BUT_SELF	0x000c4000
#define ICR_INIT	0x00000500
#define ICR_STARTUP	0x00000600
#define ICR_BUSY	0x00001000

/* Taken by each AP in boot/reset.S for its stack, then its number. */
u32 ap_next_index;
static void (*volatile ap_fn)(unsigned int cpu);
static volatile unsigned int ap_wanted, ap_arrived;

void ap_start(u32 index);

static void apic_write(u32 reg, u32 v)
{
	mmio_write(APIC_BASE + reg, 4, v);
}

static u32 apic_read(u32 reg)
{
	return (u32)mmio_read(APIC_BASE + reg, 4);
}

static void delay(unsigned long spins)
{
	while (spins--)
		asm volatile("pause" ::: "memory");
}

static void apic_ipi(u32 icr)
{
	apic_write(APIC_ICR_HI, 0);
	apic_write(APIC_ICR_LO, ICR_ALL_BUT_SELF | icr);
	while (apic_read(APIC_ICR_LO) & ICR_BUSY)
		asm volatile("pause");
}

/* Wait for @want APs, a bounded while; how many came. */
static unsigned int wait_arrivals(unsigned int want, unsigned long spins)
{
	while (__atomic_load_n(&ap_arrived, __ATOMIC_ACQUIRE) < want &&
	       spins--)
		asm volatile("pause");
	return __atomic_load_n(&ap_arrived, __ATOMIC_ACQUIRE);
}

unsigned int smp_start(unsigned int n, void (*fn)(unsigned int cpu))
{
	unsigned int want = n > 1 ? MIN(n - 1, GUEST_MAX_APS) : 0;

	if (!want)
		return 0;
	ap_fn = fn;
	ap_wanted = want;
	apic_write(APIC_SVR, apic_read(APIC_SVR) | APIC_SVR_ENABLE);
	apic_ipi(ICR_INIT);
	delay(10000);
	apic_ipi(ICR_STARTUP | AP_SIPI_VECTOR);
	/* A second start-up IPI, as the MP specification asks. */
	if (wait_arrivals(want, 100000) < want)
		apic_ipi(ICR_STARTUP | AP_SIPI_VECTOR);
	return wait_arrivals(want, 10000000);
}

void ap_start(u32 index)
{
	trap_load();
	if (index >= ap_wanted)
		return;
	__atomic_fetch_add(&ap_arrived, 1, __ATOMIC_RELEASE);
	ap_fn(index + 1);
}
