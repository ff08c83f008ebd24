/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_HW_E820_H
#define VMM_HW_E820_H

#include <stdio.h>

#include "util/types.h"

#define E820_RAM	1
#define E820_RESERVED	2
#define E820_ACPI	3
#define E820_NVS	4
#define E820_UNUSABLE	5

#define E820_MAX_ENTRIES 16

/* One entry of `etc/e820`, exactly as the guest reads it. */
struct e820_entry {
	u64	addr;
	u64	len;
	u32	type;
} __attribute__((packed));

struct e820_table {
	struct e820_entry	entries[E820_MAX_ENTRIES];
	unsigned int		nr;
};

/* Entries stay in the order added (QEMU's order); -ENOSPC when full. */
int e820_add_entry(struct e820_table *t, u64 addr, u64 len, u32 type);
/* `--dump e820`: "e820 <start> <end> <type>", end inclusive. */
void e820_print(const struct e820_table *t, FILE *f);

#endif
