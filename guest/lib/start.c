// SPDX-License-Identifier: GPL-2.0
/*
 * The C entry, called by the boot stub in long mode with .data and .bss in
 * place: exceptions, KTAP header, fw_cfg, e820, the rest of the identity
 * map, the common observation lines, then the payload's guest_main().
 */
#include "e820.h"
#include "fw_cfg.h"
#include "io.h"
#include "ktap.h"
#include "memmap.h"
#include "paging.h"
#include "printf.h"
#include "trap.h"

#define DEBUG_EXIT_PORT	0xf4

void guest_start(void);

void guest_exit(unsigned int value)
{
	outl(DEBUG_EXIT_PORT, value);
	ktap_diag("debug-exit port 0x%x did not stop the VM", DEBUG_EXIT_PORT);
	for (;;)
		asm volatile("cli; hlt");
}

void guest_panic(const char *fmt, ...)
{
	va_list ap;

	printf("    # panic: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	ktap_end(GUEST_EXIT_PANIC, "panic");
	guest_exit(GUEST_EXIT_PANIC);
}

static void print_e820(void)
{
	unsigned int i;

	for (i = 0; i < e820_nr; i++)
		ktap_diag("e820 0x%016llx 0x%016llx %u", e820_table[i].addr,
			  e820_table[i].addr + e820_table[i].len - 1,
			  e820_table[i].type);
}

void guest_start(void)
{
	unsigned int status;

	trap_init();
	ktap_begin(guest_desc.name, guest_desc.plan);
	ktap_diag("guest %s rom-size 0x%llx", guest_desc.name, rom_size());
	if (fw_cfg_init())
		guest_panic("no fw_cfg signature \"QEMU\" at port 0x510");
	ktap_diag("fw-cfg-dma %d", fw_cfg_has_dma());
	if (e820_load())
		guest_panic("fw_cfg file etc/e820 missing or malformed");
	print_e820();
	paging_init();
	ktap_diag("paging phys-bits %u gbpages %d map-top 0x%016llx",
		  paging_phys_bits(), paging_gbpages(), paging_map_top());
	if (memmap_init())
		guest_panic("fw_cfg opt/probe/unassigned: not \"ones\" or \"zeros\"");
	guest_main();
	status = ktap_status();
	ktap_end(status, NULL);
	guest_exit(status);
}
