// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>

#include "hw/e820.h"
#include "util/error.h"

int e820_add_entry(struct e820_table *t, u64 addr, u64 len, u32 type)
{
	if (t->nr == E820_MAX_ENTRIES)
		return error_ret(ENOSPC, "e820: more than %d entries",
				 E820_MAX_ENTRIES);
	t->entries[t->nr++] = (struct e820_entry) {
		.addr = addr, .len = len, .type = type,
	};
	return 0;
}

void e820_print(const struct e820_table *t, FILE *f)
{
	unsigned int i;

	for (i = 0; i < t->nr; i++) {
		const struct e820_entry *e = &t->entries[i];

		fprintf(f, "e820 0x%016" PRIx64 " 0x%016" PRIx64 " %u\n",
			e->addr, e->addr + e->len - 1, e->type);
	}
}
