// SPDX-License-Identifier: GPL-2.0
/* The guest RAM of a PC machine as one thing: pc.ram or its memdevs. */
#include "hw/pc.h"

void pc_machine_ram_set_log(struct pc_machine *pcms, bool log)
{
	struct host_memory_backend *b;
	unsigned int i;

	if (!pcms->params->nr_memdevs)
		memory_region_set_log(&pcms->ram, log, DIRTY_MEMORY_MIGRATION);
	for (i = 0; i < pcms->params->nr_memdevs; i++) {
		b = pc_machine_memdev(pcms, i);
		if (b)
			memory_region_set_log(&b->mr, log,
					      DIRTY_MEMORY_MIGRATION);
	}
}
