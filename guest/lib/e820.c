// SPDX-License-Identifier: GPL-2.0
#include "e820.h"
#include "fw_cfg.h"

struct e820_entry e820_table[E820_MAX];
unsigned int e820_nr;

int e820_load(void)
{
	int64_t size = fw_cfg_read_file("etc/e820", e820_table,
					sizeof(e820_table));

	if (size <= 0 || size > (int64_t)sizeof(e820_table) ||
	    size % sizeof(struct e820_entry))
		return -1;
	e820_nr = size / sizeof(struct e820_entry);
	return 0;
}

const struct e820_entry *e820_find(u64 addr)
{
	unsigned int i;

	for (i = 0; i < e820_nr; i++)
		if (addr >= e820_table[i].addr &&
		    addr - e820_table[i].addr < e820_table[i].len)
			return &e820_table[i];
	return NULL;
}

bool e820_is_ram(u64 addr)
{
	const struct e820_entry *e = e820_find(addr);

	return e && e->type == E820_RAM;
}

u64 e820_ram_top(void)
{
	u64 top = 0;
	unsigned int i;

	for (i = 0; i < e820_nr; i++)
		if (e820_table[i].type == E820_RAM)
			top = MAX(top, e820_table[i].addr + e820_table[i].len);
	return top;
}
