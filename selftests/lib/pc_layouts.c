// SPDX-License-Identifier: GPL-2.0
#include <cpuid.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ktap.h"
#include "pc_layouts.h"

#define G (1ULL << 30)
#define M (1ULL << 20)

#define PC	PC_MACHINE_PC
#define PC_1_7	PC_MACHINE_I440FX_1_7
#define Q35	PC_MACHINE_Q35

/*
 * pc splits at min(max-ram-below-4g, 3G) once RAM reaches
 * max-ram-below-4g (3.5G by default), pc-i440fx-1.7 at 3.5G without GiB
 * alignment, q35 at 2G once RAM reaches 0xb0000000 (2816M).  Columns:
 * type, -m, max-ram-below-4g, -nodefaults; low, high; warn.
 */
const struct pc_layout pc_layouts[] = {
	{ "-M pc-i440fx-1.7 -m 4G", { "-M", "pc-i440fx-1.7", "-m", "4G" },
	  PC_1_7, 4 * G, 0, false, 3584 * M, 512 * M, false },
	{ "-M pc -m 4G", { "-M", "pc", "-m", "4G" },
	  PC, 4 * G, 0, false, 3 * G, 1 * G, false },
	{ "-M pc,max-ram-below-4g=2G -m 4G",
	  { "-M", "pc,max-ram-below-4g=2G", "-m", "4G" },
	  PC, 4 * G, 2 * G, false, 2 * G, 2 * G, false },
	{ "-M pc,max-ram-below-4g=4G -m 3968M",
	  { "-M", "pc,max-ram-below-4g=4G", "-m", "3968M" },
	  PC, 3968 * M, 4 * G, false, 3968 * M, 0, false },
	{ "-M pc -m 128M", { "-M", "pc", "-m", "128M" },
	  PC, 128 * M, 0, false, 128 * M, 0, false },
	{ "-M pc -m 1G", { "-M", "pc", "-m", "1G" },
	  PC, 1 * G, 0, false, 1 * G, 0, false },
	/* exactly 3.5G: the default max-ram-below-4g is reached */
	{ "-M pc -m 3584M", { "-M", "pc", "-m", "3584M" },
	  PC, 3584 * M, 0, false, 3 * G, 512 * M, false },
	{ "-M pc -m 6G", { "-M", "pc", "-m", "6G" },
	  PC, 6 * G, 0, false, 3 * G, 3 * G, false },
	{ "-M pc -m 64G", { "-M", "pc", "-m", "64G" },
	  PC, 64 * G, 0, false, 3 * G, 61 * G, false },
	{ "-M pc,max-ram-below-4g=2560M -m 4G",
	  { "-M", "pc,max-ram-below-4g=2560M", "-m", "4G" },
	  PC, 4 * G, 2560 * M, false, 2560 * M, 1536 * M, true },
	{ "-M q35 -m 4G", { "-M", "q35", "-m", "4G" },
	  Q35, 4 * G, 0, false, 2 * G, 2 * G, false },
	{ "-M q35 -m 2G", { "-M", "q35", "-m", "2G" },
	  Q35, 2 * G, 0, false, 2 * G, 0, false },
	/* -nodefaults: the VGA window is plain RAM, as in QEMU */
	{ "-M pc -m 4G -nodefaults", { "-M", "pc", "-m", "4G", "-nodefaults" },
	  PC, 4 * G, 0, true, 3 * G, 1 * G, false },
};

const unsigned int nr_pc_layouts = ARRAY_SIZE(pc_layouts);

void pc_layout_params(const struct pc_layout *l, struct vmm_params *p,
		      const char *bios)
{
	vmm_params_init(p);
	p->machine.type = l->type;
	p->machine.ram_size = l->ram_size;
	p->machine.max_ram_below_4g = l->max_ram_below_4g;
	p->machine.nodefaults = l->nodefaults;
	p->machine.bios = strdup(bios);
}

const char *pc_layout_cmdline(const struct pc_layout *l, char *buf,
			      size_t len)
{
	size_t off = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; l->args[i] && off < len; i++)
		off += snprintf(buf + off, len - off, "%s%s", i ? " " : "",
				l->args[i]);
	return buf;
}

bool host_gets_amd_ht_hole(char *desc, size_t len)
{
	unsigned int a = 0, b = 0, c = 0, d = 0, bits = 36;
	char vendor[13] = "";

	if (__get_cpuid(0, &a, &b, &c, &d)) {
		memcpy(vendor, &b, 4);
		memcpy(vendor + 4, &d, 4);
		memcpy(vendor + 8, &c, 4);
	}
	if (__get_cpuid(0x80000000, &a, &b, &c, &d) && a >= 0x80000008 &&
	    __get_cpuid(0x80000008, &a, &b, &c, &d))
		bits = a & 0xff;
	if (desc)
		snprintf(desc, len, "%s, %u physical address bits", vendor,
			 bits);
	return !strcmp(vendor, "AuthenticAMD") && bits >= 40;
}

unsigned int pc_layout_e820(const struct pc_layout *l, struct e820_entry *w)
{
	unsigned int n = 0;

	w[n++] = (struct e820_entry) { 0xfeffc000, 0x4000, E820_RESERVED };
	if (l->type != PC_1_7 && host_gets_amd_ht_hole(NULL, 0))
		w[n++] = (struct e820_entry) { 0xfd00000000, 0x300000000,
					       E820_RESERVED };
	w[n++] = (struct e820_entry) { 0, l->low, E820_RAM };
	if (l->high)
		w[n++] = (struct e820_entry) { 4 * G, l->high, E820_RAM };
	return n;
}

void pc_layouts_print_host_cpu(void)
{
	char cpu[64];
	bool ht = host_gets_amd_ht_hole(cpu, sizeof(cpu));

	ktap_print_msg("host CPU %s: the AMD HyperTransport hole is %s in "
		       "e820 (never on pc-i440fx-1.7)", cpu,
		       ht ? "expected" : "not expected");
}
