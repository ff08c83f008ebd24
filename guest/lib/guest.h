/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUEST_GUEST_H
#define GUEST_GUEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "layout.h"

typedef uint8_t		u8;
typedef uint16_t	u16;
typedef uint32_t	u32;
typedef unsigned long long u64;	/* as in the kernel: %llx */

#define KiB		(1ULL << 10)
#define MiB		(1ULL << 20)
#define GiB		(1ULL << 30)
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define ALIGN_DOWN(x, a) ((x) & ~((u64)(a) - 1))
#define ALIGN_UP(x, a)	ALIGN_DOWN((x) + (a) - 1, a)
#define MIN(a, b)	((a) < (b) ? (a) : (b))
#define MAX(a, b)	((a) > (b) ? (a) : (b))
#define barrier()	asm volatile("" ::: "memory")

/*
 * Exit values written to the debug-exit port; the VM's status is then
 * (value << 1) | 1.  1..63 is the number of the first failing case of the
 * payload's nested KTAP subtest.
 */
#define GUEST_EXIT_PASS		0x00
#define GUEST_EXIT_PLAN		0x7c	/* results did not match the plan */
#define GUEST_EXIT_PANIC	0x7d	/* fw_cfg, e820 or paging unusable */
#define GUEST_EXIT_EXCEPTION	0x7e	/* unexpected CPU exception */

/* Every payload names itself and its number of KTAP cases. */
struct guest_desc {
	const char	*name;
	unsigned int	plan;
};
extern const struct guest_desc guest_desc;
#define GUEST_DESC(n, p) \
	const struct guest_desc guest_desc = { .name = (n), .plan = (p) }

/* The payload's body: called once the framework is up, results via ktap. */
void guest_main(void);

/* End the VM through the debug-exit port; halts if the port does not. */
__attribute__((noreturn)) void guest_exit(unsigned int value);
/* Fail the whole subtest with a reason and exit GUEST_EXIT_PANIC. */
__attribute__((noreturn, format(printf, 1, 2)))
void guest_panic(const char *fmt, ...);

/* The image's own size and so where the BIOS starts below 4 GiB. */
extern const char __rom_size[];
static inline u64 rom_size(void)
{
	return (u64)(uintptr_t)__rom_size;
}

/* Physical address of a pointer into .data/.bss/stack, ROM or the 1:1 map. */
static inline u64 virt_to_phys(const volatile void *p)
{
	u64 va = (u64)(uintptr_t)p;

	if (va >= RAM_VBASE && va < RAM_VBASE + GiB)
		return va - RAM_VBASE;
	if (va >= ROM_VBASE + 3 * GiB)
		return va - ROM_VBASE;
	return va;
}

/* A well-mixed 64-bit value per input (splitmix64 finaliser). */
static inline u64 mix64(u64 x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	return x ^ (x >> 33);
}

/* A pointer through the identity map. */
static inline volatile void *phys_ptr(u64 pa)
{
	return (volatile void *)(uintptr_t)pa;
}

#endif
