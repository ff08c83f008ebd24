/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUEST_IO_H
#define GUEST_IO_H

#include "guest.h"

/* Port I/O.  The "memory" clobbers order them against buffers a device reads. */
static inline void outb(u16 port, u8 v)
{
	asm volatile("outb %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline void outw(u16 port, u16 v)
{
	asm volatile("outw %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline void outl(u16 port, u32 v)
{
	asm volatile("outl %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline u8 inb(u16 port)
{
	u8 v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline u16 inw(u16 port)
{
	u16 v;

	asm volatile("inw %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline u32 inl(u16 port)
{
	u32 v;

	asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

/* Single accesses of exactly one width, through the identity map. */
static inline u64 mmio_read(u64 pa, unsigned int width)
{
	switch (width) {
	case 1: return *(volatile u8 *)phys_ptr(pa);
	case 2: return *(volatile u16 *)phys_ptr(pa);
	case 4: return *(volatile u32 *)phys_ptr(pa);
	default: return *(volatile u64 *)phys_ptr(pa);
	}
}

static inline void mmio_write(u64 pa, unsigned int width, u64 v)
{
	switch (width) {
	case 1: *(volatile u8 *)phys_ptr(pa) = v; break;
	case 2: *(volatile u16 *)phys_ptr(pa) = v; break;
	case 4: *(volatile u32 *)phys_ptr(pa) = v; break;
	default: *(volatile u64 *)phys_ptr(pa) = v; break;
	}
}

static inline void cpuid(u32 leaf, u32 *a, u32 *b, u32 *c, u32 *d)
{
	asm volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
		     : "a"(leaf), "c"(0));
}

#endif
