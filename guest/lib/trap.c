// SPDX-License-Identifier: GPL-2.0
#include "ktap.h"
#include "trap.h"

#define TRAP_VECTORS	32
#define GATE_INTERRUPT	0x8e	/* present, DPL 0, 64-bit interrupt gate */

struct idt_gate {
	u16	offset_low;
	u16	selector;
	u8	ist;
	u8	type;
	u16	offset_mid;
	u32	offset_high;
	u32	reserved;
};

struct idt_ptr {
	u16	limit;
	u64	base;
} __attribute__((packed));

extern const u64 trap_stubs[TRAP_VECTORS];
static struct idt_gate idt[TRAP_VECTORS] __attribute__((aligned(16)));

void trap_handler(struct trap_frame *f);

void trap_load(void)
{
	struct idt_ptr ptr = { sizeof(idt) - 1, (u64)(uintptr_t)idt };

	asm volatile("lidt %0" : : "m"(ptr));
}

void trap_init(void)
{
	unsigned int i;

	for (i = 0; i < TRAP_VECTORS; i++) {
		u64 a = trap_stubs[i];

		idt[i] = (struct idt_gate){
			.offset_low = a,
			.selector = GDT_CS64,
			.type = GATE_INTERRUPT,
			.offset_mid = a >> 16,
			.offset_high = a >> 32,
		};
	}
	trap_load();
}

void trap_disable(void)
{
	struct idt_ptr ptr = { 0, 0 };

	asm volatile("lidt %0" : : "m"(ptr));
}

void trap_handler(struct trap_frame *f)
{
	u64 cr2;

	asm volatile("mov %%cr2, %0" : "=r"(cr2));
	ktap_diag("exception %llu err 0x%llx rip 0x%016llx cr2 0x%016llx",
		  f->vector, f->error, f->rip, cr2);
	ktap_end(GUEST_EXIT_EXCEPTION, "unexpected exception");
	guest_exit(GUEST_EXIT_EXCEPTION);
}
