// SPDX-License-Identifier: GPL-2.0
/*
 * rom-probe: is the BIOS readonly everywhere it appears, and is the
 * isa-bios window below 1 MiB the last 128 KiB of it?
 *
 * The image is 256 KiB so that only its second half is aliased at 0xe0000;
 * that half is filled (.romfill) with words that name their own index, so
 * an alias of the wrong part of the image cannot look right.  Writes of 1,
 * 2, 4 and 8 bytes go to the BIOS below 4 GiB, to the isa-bios alias, to
 * pc.rom (0xc0000..0xdffff) and across page and region boundaries; each
 * must leave both views of the byte unchanged.  "rom-writes N" counts the
 * store instructions, "rom-writes-split M" those that cross a 4 KiB page
 * (KVM splits them in two MMIO exits): a VMM counting dropped writes should
 * see N + M.
 */
#include "io.h"
#include "ktap.h"
#include "memmap.h"

GUEST_DESC("rom-probe", 7);

/* Must match the --defsym in guest.mk; the linker checks it. */
#define ROMFILL_SIZE	0x1f000
#define ROMFILL_MAGIC	0x524f4d46494c4c00ULL	/* "ROMFILL\0" */
#define STR_(x)		#x
#define STR(x)		STR_(x)

asm(".pushsection .romfill, \"a\"\n"
    ".set romfill_i, 0\n"
    ".rept " STR(ROMFILL_SIZE) " / 8\n"
    ".quad " STR(ROMFILL_MAGIC) " ^ romfill_i\n"
    ".set romfill_i, romfill_i + 1\n"
    ".endr\n"
    ".popsection\n");

extern const char __romfill_start[], __rom_gap[];

#define ISA_BIOS_END	LOW_1M
#define PAGE_SIZE	4096ULL

static unsigned int rom_writes, rom_writes_split;

static u64 isa_size(void)
{
	return MIN(rom_size(), ISA_BIOS_MAX);
}

/* The other view of a BIOS byte (isa-bios <-> top of 4 GiB), or 0. */
static u64 twin(u64 pa)
{
	u64 high = 4 * GiB - isa_size();

	if (pa >= isa_bios_start() && pa < ISA_BIOS_END)
		return high + (pa - isa_bios_start());
	if (pa >= high && pa < 4 * GiB)
		return isa_bios_start() + (pa - high);
	return 0;
}

/* One word per 64 bytes: each write is checked where it lands anyway. */
static u64 checksum(u64 start, u64 end)
{
	u64 h = 0, pa;

	for (pa = start; pa < end; pa += 64)
		h = (h << 1 | h >> 63) ^ *(volatile u64 *)phys_ptr(pa);
	return h;
}

/* The isa-bios window against the top of the BIOS, word for word. */
static unsigned int compare_alias(void)
{
	u64 low = isa_bios_start(), high = 4 * GiB - isa_size(), off;
	unsigned int bad = 0;

	for (off = 0; off < isa_size(); off += 8) {
		u64 a = *(volatile u64 *)phys_ptr(low + off);
		u64 b = *(volatile u64 *)phys_ptr(high + off);

		if (a != b && bad++ < 8)
			ktap_diag("rom-mismatch 0x%016llx 0x%016llx 0x%016llx 0x%016llx",
				  low + off, a, high + off, b);
	}
	ktap_diag("rom-compare 0x%016llx 0x%016llx 0x%llx mismatches %u",
		  low, high, isa_size(), bad);
	return bad;
}

/* 2: the fill words, read through the alias, are where the image put them. */
static void check_fill(void)
{
	u64 start = virt_to_phys(__romfill_start);
	u64 low = twin(start), i, bad = 0;

	for (i = 0; i < ROMFILL_SIZE / 8; i++) {
		u64 got = *(volatile u64 *)phys_ptr(low + i * 8);

		if (got != (ROMFILL_MAGIC ^ i) && bad++ < 8)
			ktap_diag("romfill-mismatch 0x%016llx got 0x%016llx want 0x%016llx",
				  low + i * 8, got, ROMFILL_MAGIC ^ i);
	}
	ktap_diag("romfill 0x%016llx 0x%016llx words %u mismatches %llu",
		  start, low, ROMFILL_SIZE / 8, bad);
	ktap_result(!bad, "isa-bios-content");
}

/* One store of ~old; both views of every byte must keep their old value. */
static bool rom_write(u64 pa, unsigned int width)
{
	u64 old = mmio_read(pa, width), alias = twin(pa), got, got_alias = 0;
	u64 old_alias = alias ? mmio_read(alias, width) : 0;

	mmio_write(pa, width, ~old);
	rom_writes++;
	if ((pa & (PAGE_SIZE - 1)) + width > PAGE_SIZE)
		rom_writes_split++;
	got = mmio_read(pa, width);
	if (alias)
		got_alias = mmio_read(alias, width);
	if (got == old && (!alias || got_alias == old_alias))
		return true;
	ktap_diag("rom-write-stuck 0x%016llx width %u old 0x%llx got 0x%llx alias 0x%016llx got 0x%llx",
		  pa, width, old, got, alias, got_alias);
	return false;
}

/* Four widths at and after each address: 1 at a, 2 at a+1, 4 at a+3... */
static bool rom_write_set(const char *what, u64 a)
{
	bool ok = rom_write(a, 1) & rom_write(a + 1, 2) &
		  rom_write(a + 3, 4) & rom_write(a + 8, 8);

	ktap_diag("rom-write %s 0x%016llx %s", what, a, ok ? "ok" : "fail");
	return ok;
}

/* 3, 4 and 5: writes to the BIOS, its alias and pc.rom are dropped. */
static void check_writes(void)
{
	u64 fill = virt_to_phys(__romfill_start);
	u64 gap = ALIGN_UP(virt_to_phys(__rom_gap), 16);
	bool ok;

	ok = rom_write_set("bios", gap);
	ok &= rom_write_set("bios", fill + 0x1000);
	ok &= rom_write_set("bios", fill + ROMFILL_SIZE - 0x20);
	ktap_result(ok, "bios-writes-dropped");

	ok = rom_write_set("isa-bios", twin(fill) + 0x2000);
	ok &= rom_write_set("isa-bios", isa_bios_start() + 0x10);
	ktap_result(ok, "isa-bios-writes-dropped");

	ok = rom_write_set("pc-rom", PC_ROM_START);
	ok &= rom_write_set("pc-rom", PC_ROM_START + 0x10001);
	ok &= rom_write_set("pc-rom", PC_ROM_END - 0x20);
	ktap_result(ok, "pc-rom-writes-dropped");
}

/* 6: 8-byte stores across a page inside each view and across two regions. */
static void check_split_writes(void)
{
	u64 fill = virt_to_phys(__romfill_start);
	bool ok;

	ok = rom_write(fill + 2 * PAGE_SIZE - 4, 8);
	ok &= rom_write(twin(fill) + 3 * PAGE_SIZE - 4, 8);
	ok &= rom_write(PC_ROM_END - 4, 8);		/* pc.rom | isa-bios */
	ktap_diag("rom-write split %s", ok ? "ok" : "fail");
	ktap_result(ok, "rom-split-writes-dropped");
}

static void observe_pc_rom(void)
{
	unsigned int nonzero = 0;
	u64 pa;

	for (pa = PC_ROM_START; pa < PC_ROM_END; pa += 512)
		nonzero += *(volatile u64 *)phys_ptr(pa) != 0;
	ktap_diag("pc-rom 0x%016llx sampled %llu nonzero %u", PC_ROM_START,
		  (PC_ROM_END - PC_ROM_START) / 512, nonzero);
}

void guest_main(void)
{
	u64 bios_sum = checksum(bios_start(), 4 * GiB);
	u64 pc_rom_sum = checksum(PC_ROM_START, PC_ROM_END);
	bool same;

	ktap_diag("bios 0x%016llx 0x%016llx checksum 0x%016llx", bios_start(),
		  4 * GiB - 1, bios_sum);
	observe_pc_rom();
	/* 1 */
	ktap_result(!compare_alias(), "isa-bios-alias");
	check_fill();
	check_writes();
	check_split_writes();
	ktap_diag("rom-writes %u", rom_writes);
	ktap_diag("rom-writes-split %u", rom_writes_split);

	/* 7: after all of that, every byte of both ROMs is as it was. */
	same = checksum(bios_start(), 4 * GiB) == bios_sum &&
	       checksum(PC_ROM_START, PC_ROM_END) == pc_rom_sum;
	if (!same)
		ktap_diag("rom-checksum changed");
	ktap_result(!compare_alias() && same, "rom-unchanged");
}
