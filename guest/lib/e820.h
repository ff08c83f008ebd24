/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUEST_E820_H
#define GUEST_E820_H

#include "guest.h"

#define E820_RAM	1
#define E820_RESERVED	2
#define E820_MAX	128

/* fw_cfg "etc/e820": packed little-endian entries, in the VMM's order. */
struct e820_entry {
	u64	addr;
	u64	len;
	u32	type;
} __attribute__((packed));

extern struct e820_entry e820_table[E820_MAX];
extern unsigned int e820_nr;

/* Read etc/e820; 0, or -1 when it is missing, empty or too large. */
int e820_load(void);
/* The entry holding addr, or NULL. */
const struct e820_entry *e820_find(u64 addr);
bool e820_is_ram(u64 addr);
/* End of the highest RAM entry. */
u64 e820_ram_top(void);

#endif
