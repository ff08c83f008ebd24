// SPDX-License-Identifier: GPL-2.0
/*
 * The PAM registers of vmm/hw/pci_host.c and vmm/hw/pam.c, without KVM:
 * the machine is built from typed parameters and driven through its
 * ports 0xcf8/0xcfc as a guest would, then its flat view is read.  The
 * expected values are docs/pam.md's tables, written out again here by
 * hand: the bridge's IDs and PAM0 offset per machine, the register and
 * nibble of each of the 13 segments, and what each mode maps there
 * (mode 0: the ROM behind it, pc.rom or the BIOS's isa-bios window,
 * readonly; mode 1: pc.ram at the same offset, readonly; modes 2 and 3:
 * pc.ram, writable).  Each register write must be one memory transaction
 * (one commit seen by a listener), and leave the other segments alone.
 * With a 64 KiB BIOS, 0xe0000..0xeffff has nothing in the PCI space, so
 * its segments show RAM even in mode 0, as in QEMU.
 */
#include <string.h>
#include <unistd.h>

#include "ktap.h"
#include "util/error.h"
#include "vmm.h"
#include "vmm_run.h"

static const struct {
	const char		*name;
	enum pc_machine_type	type;
	u32			id;		/* device << 16 | vendor */
	u8			pam0;
} machines[] = {
	{ "pc", PC_MACHINE_PC, 0x12378086, 0x59 },
	{ "q35", PC_MACHINE_Q35, 0x29c08086, 0x90 },
};

static const struct {
	u64		start, size;
	unsigned int	reg;		/* PAM0..PAM6 */
	unsigned int	shift;		/* 0: bits 1:0, 4: bits 5:4 */
} segs[13] = {
	{ 0xf0000, 0x10000, 0, 4 },
	{ 0xc0000, 0x4000, 1, 0 }, { 0xc4000, 0x4000, 1, 4 },
	{ 0xc8000, 0x4000, 2, 0 }, { 0xcc000, 0x4000, 2, 4 },
	{ 0xd0000, 0x4000, 3, 0 }, { 0xd4000, 0x4000, 3, 4 },
	{ 0xd8000, 0x4000, 4, 0 }, { 0xdc000, 0x4000, 4, 4 },
	{ 0xe0000, 0x4000, 5, 0 }, { 0xe4000, 0x4000, 5, 4 },
	{ 0xe8000, 0x4000, 6, 0 }, { 0xec000, 0x4000, 6, 4 },
};

static struct pc_machine pcms;
static unsigned int commits;

static void count_commit(struct memory_listener *l)
{
	(void)l;
	commits++;
}

static struct memory_listener counter = {
	.commit = count_commit, .name = "pam_test",
};

static void cfg_addr(u8 reg)
{
	u32 a = 0x80000000u | (reg & 0xfc);

	ioport_write(&pcms.io, 0xcf8, &a, 4);
}

static void cfg_write8(u8 reg, u8 v)
{
	cfg_addr(reg);
	ioport_write(&pcms.io, 0xcfc + (reg & 3), &v, 1);
}

static u32 cfg_read32(u8 reg)
{
	u32 v = 0;

	cfg_addr(reg);
	ioport_read(&pcms.io, 0xcfc, &v, 4);
	return v;
}

/* What @pa shows, against docs/pam.md: mode 0 the ROM, else pc.ram. */
static bool shows(u64 pa, unsigned int mode, bool rom_is_ram)
{
	struct memory_region_section s;
	const char *want = pa < 0xe0000 ? "pc.rom" : "pc.bios";
	bool ram = mode || rom_is_ram;

	if (!address_space_translate(&pcms.as_memory, pa, &s))
		return false;
	if (ram)
		return !strcmp(memory_region_name(s.mr), "pc.ram") &&
		       s.offset_within_region + pa -
		       s.offset_within_address_space == pa &&
		       memory_region_section_is_direct(&s, true) ==
		       (mode != 1);
	return !strcmp(memory_region_name(s.mr), want) &&
	       memory_region_section_is_direct(&s, false) &&
	       !memory_region_section_is_direct(&s, true);
}

static bool segment_shows(unsigned int i, unsigned int mode, bool big_bios)
{
	bool rom_is_ram = !big_bios && segs[i].start >= 0xe0000 &&
			  segs[i].start < 0xf0000;

	return shows(segs[i].start, mode, rom_is_ram) &&
	       shows(segs[i].start + segs[i].size - 1, mode, rom_is_ram);
}

/* Every segment through every mode, one register write each. */
static void test_modes(unsigned int m, bool big_bios)
{
	unsigned int i, mode, bad = 0, extra = 0;

	for (i = 0; i < ARRAY_SIZE(segs); i++) {
		u8 reg = machines[m].pam0 + segs[i].reg;

		for (mode = 0; mode < 4; mode++) {
			unsigned int before = commits, other;

			cfg_write8(reg, (u8)(mode << segs[i].shift));
			extra += commits - before != 1;
			if (!segment_shows(i, mode, big_bios) && bad++ < 4)
				ktap_print_msg("%s: segment %u mode %u: not as "
					       "docs/pam.md says", machines[m].name,
					       i, mode);
			for (other = 0; other < ARRAY_SIZE(segs); other++)
				if (other != i && !segment_shows(other, 0,
								 big_bios) &&
				    bad++ < 4)
					ktap_print_msg("%s: segment %u changed "
						       "with %u", machines[m].name,
						       other, i);
		}
		cfg_write8(reg, 0);
	}
	ktap_test_result(!bad, "-M %s, %s BIOS: each segment in each mode "
			 "maps what docs/pam.md says, the others stay ROM",
			 machines[m].name, big_bios ? "128 KiB" : "64 KiB");
	KTAP_EXPECT_EQ(extra, 0, "-M %s: one memory transaction per register "
		       "write", machines[m].name);
}

static void test_machine(unsigned int m, const char *bios, bool big_bios)
{
	static struct pc_machine_params p;
	unsigned int r;
	bool zero = true;

	pc_machine_params_init(&p);
	p.type = machines[m].type;
	p.serial.backend = SERIAL_NONE;
	p.bios = strdup(bios);
	if (pc_machine_init(&pcms, &p, NULL, NULL))
		ktap_exit_fail_msg("-M %s: %s", machines[m].name, error_get());
	memory_listener_register(&counter, &pcms.as_memory);
	KTAP_EXPECT_EQ(cfg_read32(0), machines[m].id, "-M %s: host bridge "
		       "vendor and device at 00:00.0", machines[m].name);
	for (r = 0; r < 7; r++)
		zero &= !(cfg_read32(machines[m].pam0 + r) >>
			  (8 * ((machines[m].pam0 + r) & 3)) & 0xff);
	ktap_test_result(zero, "-M %s: PAM registers at 0x%x read 0 at reset",
			 machines[m].name, machines[m].pam0);
	test_modes(m, big_bios);
	memory_listener_unregister(&counter);
	pc_machine_destroy(&pcms);
	pc_machine_params_free(&p);
}

int main(void)
{
	const char *bios;
	unsigned int m;

	ktap_print_header();
	ktap_set_plan(4 * ARRAY_SIZE(machines) + 4);
	bios = make_test_bios(128 * 1024);
	if (!bios)
		ktap_exit_fail_msg("cannot write a test BIOS in /tmp");
	for (m = 0; m < ARRAY_SIZE(machines); m++)
		test_machine(m, bios, true);
	unlink(bios);
	bios = make_test_bios(64 * 1024);
	if (!bios)
		ktap_exit_fail_msg("cannot write a test BIOS in /tmp");
	test_machine(0, bios, false);
	unlink(bios);
	ktap_finished();
}
