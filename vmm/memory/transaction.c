// SPDX-License-Identifier: GPL-2.0
#include "memory/address_space.h"
#include "memory/memory_region.h"
#include "memory/transaction.h"

bool memory_region_update_pending;
unsigned int memory_region_transaction_depth;

void memory_region_transaction_begin(void)
{
	memory_region_transaction_depth++;
}

void memory_region_transaction_commit(void)
{
	if (--memory_region_transaction_depth)
		return;
	if (!memory_region_update_pending)
		return;
	memory_region_update_pending = false;
	address_spaces_update_topology();
}
