/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_MEMORY_TRANSACTION_H
#define VMM_MEMORY_TRANSACTION_H

#include "util/types.h"

/* Private to vmm/memory: set by any change, cleared by the commit. */
extern bool memory_region_update_pending;
extern unsigned int memory_region_transaction_depth;

#endif
