// SPDX-License-Identifier: GPL-2.0
/*
 * The CPU the guest is shown, read from a CPUID table
 * (vmm/cpu/cpuid.c, cpu_model_from_cpuid()), as the CPUID leaves are
 * documented (Intel SDM and AMD APM, "CPUID"): the vendor is EBX, EDX,
 * ECX of leaf 0; the physical address width is EAX[7:0] of 0x80000008,
 * which exists only when 0x80000000's EAX says so, 36 bits otherwise.
 * Only "AuthenticAMD" is AMD, as QEMU's IS_AMD_CPU().  The tables are
 * those of an AMD host (48 bits), TCG's -cpu max (AMD, 40 bits), an
 * Intel host (39 bits), a Hygon host, and CPUs without the leaf.
 */
#include <string.h>
#include <linux/kvm.h>

#include "cpu/cpuid.h"
#include "ktap.h"

static const struct {
	const char	*name;
	const char	*vendor;
	u32		max_ext;	/* 0x80000000 EAX; 0: no such leaf */
	u32		leaf8;		/* 0x80000008 EAX; 0: none */
	bool		amd;
	unsigned int	phys_bits;
} cases[] = {
	{ "AMD host, 48 bits", "AuthenticAMD", 0x80000021, 0x3030, true, 48 },
	{ "TCG -cpu max, AMD, 40 bits", "AuthenticAMD", 0x8000000a, 0x3028,
	  true, 40 },
	{ "Intel host, 39 bits", "GenuineIntel", 0x80000008, 0x3027, false,
	  39 },
	{ "a Hygon host is not AMD", "HygonGenuine", 0x80000008, 0x3030,
	  false, 48 },
	{ "0x80000008 beyond the last extended leaf", "AuthenticAMD",
	  0x80000004, 0x3030, true, 36 },
	{ "no extended leaves", "AuthenticAMD", 0, 0, true, 36 },
	{ "EAX[23:16] (guest width) is not the width", "AuthenticAMD",
	  0x80000008, 0x283030, true, 48 },
};

static void test_case(unsigned int c)
{
	struct {
		struct kvm_cpuid2	h;
		struct kvm_cpuid_entry2	e[3];
	} t;
	struct kvm_cpuid_entry2 *e = t.e;
	struct cpu_model m;

	memset(&t, 0, sizeof(t));
	/* The vendor string is EBX, EDX, ECX of leaf 0. */
	memcpy(&e->ebx, cases[c].vendor, 4);
	memcpy(&e->edx, cases[c].vendor + 4, 4);
	memcpy(&e->ecx, cases[c].vendor + 8, 4);
	e->eax = 0xd;
	if (cases[c].max_ext)
		*++e = (struct kvm_cpuid_entry2) {
			.function = 0x80000000, .eax = cases[c].max_ext,
		};
	if (cases[c].leaf8)
		*++e = (struct kvm_cpuid_entry2) {
			.function = 0x80000008, .eax = cases[c].leaf8,
		};
	t.h.nent = e - t.e + 1;
	cpu_model_from_cpuid(&m, &t.h);
	if (m.amd != cases[c].amd || m.phys_bits != cases[c].phys_bits)
		ktap_print_msg("amd %d phys-bits %u, expected amd %d "
			       "phys-bits %u", m.amd, m.phys_bits,
			       cases[c].amd, cases[c].phys_bits);
	ktap_test_result(m.amd == cases[c].amd &&
			 m.phys_bits == cases[c].phys_bits, "%s",
			 cases[c].name);
}

int main(void)
{
	unsigned int i;

	ktap_print_header();
	ktap_set_plan(ARRAY_SIZE(cases));
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		test_case(i);
	ktap_finished();
}
