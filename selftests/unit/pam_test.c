// SPDX-License-Identifier: GPL-2.0
/*
 * The PAM registers of vmm/hw/pci_host.c and vmm/hw/pam.c, without KVM:
 * the machine is built from typed parameters and driven through its
 * ports 0xcf8/0xcfc as a guest would, then its flat view is read.  The
 * expected values are docs/pam.md's tables, written out again by hand
 * (selftests/lib/pam_table.c: the bridge's IDs and PAM0 offset per
 * machine, the register and nibble of each of the 13 segments) and here:
 * what each mode maps there
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
#include "pam_table.h"
#include "util/error.h"
#include "vmm.h"
#include "vmm_run.h"

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
	const struct pam_segment *seg = &pam_segments[i];
	bool rom_is_ram = !big_bios && seg->start >= 0xe0000 &&
			  seg->start < 0xf0000;

	return shows(seg->start, mode, rom_is_ram) &&
	       shows(seg->start + seg->size - 1, mode, rom_is_ram);
}

/* The other segments are still ROM; false (and a line) when not. */
static bool others_rom(const struct pam_bridge *b, unsigned int i,
		       bool big_bios, unsigned int *bad)
{
	unsigned int other;
	bool ok = true;

	for (other = 0; other < PAM_TABLE_SEGMENTS; other++) {
		if (other == i || segment_shows(other, 0, big_bios))
			continue;
		if ((*bad)++ < 4)
			ktap_print_msg("%s: segment %u changed with %u",
				       b->machine, other, i);
		ok = false;
	}
	return ok;
}

/* Every segment through every mode, one register write each. */
static void test_modes(const struct pam_bridge *b, bool big_bios)
{
	unsigned int i, mode, bad = 0, extra = 0;

	for (i = 0; i < PAM_TABLE_SEGMENTS; i++) {
		u8 reg = b->pam0 + pam_segments[i].reg;

		for (mode = 0; mode < 4; mode++) {
			unsigned int before = commits;

			cfg_write8(reg, (u8)(mode << pam_segments[i].shift));
			extra += commits - before != 1;
			if (!segment_shows(i, mode, big_bios) && bad++ < 4)
				ktap_print_msg("%s: segment %u mode %u: not as "
					       "docs/pam.md says", b->machine,
					       i, mode);
			others_rom(b, i, big_bios, &bad);
		}
		cfg_write8(reg, 0);
	}
	ktap_test_result(!bad, "-M %s, %s BIOS: each segment in each mode "
			 "maps what docs/pam.md says, the others stay ROM",
			 b->machine, big_bios ? "128 KiB" : "64 KiB");
	KTAP_EXPECT_EQ(extra, 0, "-M %s: one memory transaction per register "
		       "write", b->machine);
}

static void test_machine(const struct pam_bridge *b, const char *bios,
			 bool big_bios)
{
	static struct pc_machine_params p;
	unsigned int r;
	bool zero = true;

	pc_machine_params_init(&p);
	p.type = b->type;
	p.serial.backend = SERIAL_NONE;
	p.bios = strdup(bios);
	if (pc_machine_init(&pcms, &p, NULL, NULL))
		ktap_exit_fail_msg("-M %s: %s", b->machine, error_get());
	memory_listener_register(&counter, &pcms.as_memory);
	KTAP_EXPECT_EQ(cfg_read32(0), b->id, "-M %s: host bridge vendor and "
		       "device at 00:00.0", b->machine);
	for (r = 0; r < 7; r++)
		zero &= !(cfg_read32(b->pam0 + r) >> (8 * ((b->pam0 + r) & 3)) &
			  0xff);
	ktap_test_result(zero, "-M %s: PAM registers at 0x%x read 0 at reset",
			 b->machine, b->pam0);
	test_modes(b, big_bios);
	memory_listener_unregister(&counter);
	pc_machine_destroy(&pcms);
	pc_machine_params_free(&p);
}

int main(void)
{
	const char *bios;
	unsigned int m;

	ktap_print_header();
	ktap_set_plan(4 * ARRAY_SIZE(pam_bridges) + 4);
	bios = make_test_bios(128 * 1024);
	if (!bios)
		ktap_exit_fail_msg("cannot write a test BIOS in /tmp");
	for (m = 0; m < ARRAY_SIZE(pam_bridges); m++)
		test_machine(&pam_bridges[m], bios, true);
	unlink(bios);
	bios = make_test_bios(64 * 1024);
	if (!bios)
		ktap_exit_fail_msg("cannot write a test BIOS in /tmp");
	test_machine(&pam_bridges[0], bios, false);
	unlink(bios);
	ktap_finished();
}
