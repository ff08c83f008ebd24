// SPDX-License-Identifier: GPL-2.0
/*
 * address_space_read/write semantics (vmm/memory/memory_access.c), with
 * expectations written by hand from QEMU's documented behaviour: RAM reads
 * and writes reach host memory; writes to ROM are dropped; I/O callbacks
 * get naturally aligned 1/2/4/8-byte accesses relative to the region;
 * unassigned addresses read as all ones and drop writes; a ROM device
 * reads like RAM in romd mode and goes to its callbacks otherwise.
 *
 * The test address space:
 *   0x00000 +0x2000  ram
 *   0x02000 +0x0100  dev     (I/O, right after ram)
 *   0x10000 +0x1000  rom     (host memory filled with 0x5a)
 *   0x20000 +0x0100  mmio    (I/O)
 *   0x30000 +0x1000  flash   (ROM device, host memory filled with 0xf1)
 *   0x50000 +0x1000  ro-win  (readonly alias of ram @0x1000)
 *   elsewhere        nothing
 */
#include <errno.h>
#include <string.h>

#include "ktap.h"
#include "memory/address_space.h"
#include "util/error.h"

/* ---- I/O callbacks, recorded ---- */

struct access {
	char		op;		/* 'r' or 'w' */
	const char	*dev;
	hwaddr		addr;
	unsigned int	size;
	u64		val;
};

static struct access log_[32];
static unsigned int nr_log;

/* A read returns bytes 0xa0 + addr + i: what was read is easy to check. */
static u64 dev_read(void *opaque, hwaddr addr, unsigned int size)
{
	u64 val = 0;
	unsigned int i;

	for (i = 0; i < size; i++)
		val |= (u64)(u8)(0xa0 + addr + i) << (8 * i);
	if (nr_log < ARRAY_SIZE(log_))
		log_[nr_log++] = (struct access){ 'r', opaque, addr, size,
						  val };
	return val;
}

static void dev_write(void *opaque, hwaddr addr, u64 val, unsigned int size)
{
	if (nr_log < ARRAY_SIZE(log_))
		log_[nr_log++] = (struct access){ 'w', opaque, addr, size,
						  val };
}

static const struct memory_region_ops dev_ops = {
	.read = dev_read,
	.write = dev_write,
};

static bool check_log(const char *name, const struct access *w,
		      unsigned int n)
{
	bool ok = nr_log == n;
	unsigned int i;

	for (i = 0; ok && i < n; i++)
		ok = log_[i].op == w[i].op && !strcmp(log_[i].dev, w[i].dev) &&
		     log_[i].addr == w[i].addr && log_[i].size == w[i].size &&
		     log_[i].val == w[i].val;
	if (!ok) {
		ktap_print_msg("%s: %u callbacks:", name, nr_log);
		for (i = 0; i < nr_log; i++)
			ktap_print_msg("  %c %s addr 0x%llx size %u val 0x%llx",
				       log_[i].op, log_[i].dev,
				       (unsigned long long)log_[i].addr,
				       log_[i].size,
				       (unsigned long long)log_[i].val);
		ktap_print_msg("expected %u:", n);
		for (i = 0; i < n; i++)
			ktap_print_msg("  %c %s addr 0x%llx size %u val 0x%llx",
				       w[i].op, w[i].dev,
				       (unsigned long long)w[i].addr,
				       w[i].size, (unsigned long long)w[i].val);
	}
	ktap_test_result(ok, "%s", name);
	nr_log = 0;
	return ok;
}

#define CHECK_LOG(name, ...)						\
	({								\
		static const struct access _w[] = { __VA_ARGS__ };	\
		check_log(name, _w, ARRAY_SIZE(_w));			\
	})

#define CHECK_NO_LOG(name) check_log(name, NULL, 0)

static bool check_bytes(const char *name, const u8 *got, const u8 *want,
			size_t len)
{
	bool ok = !memcmp(got, want, len);
	size_t i;

	if (!ok) {
		char g[3 * 32 + 1] = "", w[3 * 32 + 1] = "";

		for (i = 0; i < len && i < 32; i++) {
			snprintf(g + 3 * i, 4, " %02x", got[i]);
			snprintf(w + 3 * i, 4, " %02x", want[i]);
		}
		ktap_print_msg("got     %s", g);
		ktap_print_msg("expected%s", w);
	}
	ktap_test_result(ok, "%s", name);
	return ok;
}

/* ---- the address space ---- */

static struct memory_region root, ram, dev, rom, mmio, flash, ro_win;
static struct address_space as;
static u8 *ram_host, *rom_host, *flash_host;

static void setup(void)
{
	memory_region_init(&root, "root", U128_2_64);
	if (memory_region_init_ram(&ram, "ram", 0x2000) ||
	    memory_region_init_rom(&rom, "rom", 0x1000) ||
	    memory_region_init_rom_device(&flash, "flash", 0x1000, &dev_ops,
					  (void *)"flash"))
		ktap_exit_fail_msg("init: %s", error_get());
	memory_region_init_io(&dev, "dev", 0x100, &dev_ops, (void *)"dev");
	memory_region_init_io(&mmio, "mmio", 0x100, &dev_ops, (void *)"mmio");
	memory_region_init_alias(&ro_win, "ro-win", &ram, 0x1000, 0x1000);
	memory_region_set_readonly(&ro_win, true);
	if (address_space_init(&as, &root, "test"))
		ktap_exit_fail_msg("address_space_init: %s", error_get());

	memory_region_transaction_begin();
	memory_region_add_subregion(&root, 0x00000, &ram);
	memory_region_add_subregion(&root, 0x02000, &dev);
	memory_region_add_subregion(&root, 0x10000, &rom);
	memory_region_add_subregion(&root, 0x20000, &mmio);
	memory_region_add_subregion(&root, 0x30000, &flash);
	memory_region_add_subregion(&root, 0x50000, &ro_win);
	memory_region_transaction_commit();

	ram_host = memory_region_get_ram_ptr(&ram);
	rom_host = memory_region_get_ram_ptr(&rom);
	flash_host = memory_region_get_ram_ptr(&flash);
	memset(rom_host, 0x5a, 0x1000);
	memset(flash_host, 0xf1, 0x1000);
}

static void test_ram(void)
{
	static const u8 hello[] = "hello, guest";
	u8 buf[16] = { 0 };
	int ret;

	ret = address_space_write(&as, 0x1010, hello, sizeof(hello));
	KTAP_EXPECT_EQ(ret, 0, "a RAM write succeeds");
	check_bytes("a RAM write reaches host memory", ram_host + 0x1010,
		    hello, sizeof(hello));
	memcpy(ram_host + 0x20, "\x01\x02\x03\x04", 4);
	ret = address_space_read(&as, 0x20, buf, 4);
	check_bytes("a RAM read sees host memory", buf,
		    (const u8 *)"\x01\x02\x03\x04", 4);
	KTAP_EXPECT_EQ(ret, 0, "a RAM read succeeds");
}

static void test_rom(void)
{
	static const u8 ones[8] = { 1, 1, 1, 1, 1, 1, 1, 1 };
	static const u8 rom_bytes[8] = {
		0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a,
	};
	u8 buf[8];
	int ret;

	ret = address_space_write(&as, 0x10100, ones, 8);
	KTAP_EXPECT_EQ(ret, 0, "a ROM write is not an error");
	check_bytes("a ROM write is dropped", rom_host + 0x100, rom_bytes, 8);
	KTAP_EXPECT_EQ(as.stats.rom_writes_dropped, 1,
		       "one dropped write counted for one 8-byte write call");
	address_space_write(&as, 0x10200, ones, 3);
	KTAP_EXPECT_EQ(as.stats.rom_writes_dropped, 2,
		       "a second write call counts a second drop");
	address_space_read(&as, 0x10100, buf, 8);
	check_bytes("a ROM read sees host memory", buf, rom_bytes, 8);

	memcpy(ram_host + 0x1040, "\x10\x20", 2);
	address_space_write(&as, 0x50040, ones, 2);
	check_bytes("a write through a readonly alias is dropped",
		    ram_host + 0x1040, (const u8 *)"\x10\x20", 2);
	KTAP_EXPECT_EQ(as.stats.rom_writes_dropped, 3,
		       "... and counted as a dropped ROM write");
	address_space_read(&as, 0x50040, buf, 2);
	check_bytes("a read through a readonly alias sees its target", buf,
		    (const u8 *)"\x10\x20", 2);
	CHECK_NO_LOG("ROM and RAM accesses call no device");
}

static void test_io(void)
{
	static const u8 seven[7] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77 };
	static const u8 eight[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	u8 buf[8];
	int ret;

	ret = address_space_write(&as, 0x20001, seven, 7);
	KTAP_EXPECT_EQ(ret, 0, "an I/O write succeeds");
	CHECK_LOG("a 7-byte write at offset 1 is 1 + 2 + 4 bytes, aligned",
		  { 'w', "mmio", 1, 1, 0x11 },
		  { 'w', "mmio", 2, 2, 0x3322 },
		  { 'w', "mmio", 4, 4, 0x77665544 });
	address_space_write(&as, 0x20008, eight, 8);
	CHECK_LOG("an aligned 8-byte write is one 8-byte access",
		  { 'w', "mmio", 8, 8, 0x0807060504030201ULL });
	address_space_write(&as, 0x2000d, seven, 3);
	CHECK_LOG("a 3-byte write at offset 0xd is 1 + 2 bytes",
		  { 'w', "mmio", 0xd, 1, 0x11 },
		  { 'w', "mmio", 0xe, 2, 0x3322 });
	address_space_write(&as, 0x20016, seven, 6);
	CHECK_LOG("a 6-byte write at offset 0x16 is 2 + 4 bytes",
		  { 'w', "mmio", 0x16, 2, 0x2211 },
		  { 'w', "mmio", 0x18, 4, 0x66554433 });

	ret = address_space_read(&as, 0x20001, buf, 7);
	KTAP_EXPECT_EQ(ret, 0, "an I/O read succeeds");
	CHECK_LOG("a 7-byte read at offset 1 is 1 + 2 + 4 bytes, aligned",
		  { 'r', "mmio", 1, 1, 0xa1 },
		  { 'r', "mmio", 2, 2, 0xa3a2 },
		  { 'r', "mmio", 4, 4, 0xa7a6a5a4 });
	check_bytes("... and the bytes land in order", buf,
		    (const u8 *)"\xa1\xa2\xa3\xa4\xa5\xa6\xa7", 7);
}

static void test_unassigned(void)
{
	static const u8 ones[4] = { 1, 1, 1, 1 };
	u8 buf[4] = { 0 };
	int ret;

	ret = address_space_read(&as, 0x40000, buf, 4);
	KTAP_EXPECT_EQ(ret, -EFAULT, "an unassigned read returns -EFAULT");
	check_bytes("... and reads all ones", buf,
		    (const u8 *)"\xff\xff\xff\xff", 4);
	KTAP_EXPECT_EQ(as.stats.unassigned_reads, 1, "... and is counted");
	ret = address_space_write(&as, 0x40000, ones, 4);
	KTAP_EXPECT_EQ(ret, -EFAULT, "an unassigned write returns -EFAULT");
	KTAP_EXPECT_EQ(as.stats.unassigned_writes, 1, "... and is counted");
	CHECK_NO_LOG("... and reaches no device");
}

static void test_rom_device(void)
{
	static const u8 data[4] = { 0xde, 0xad, 0xbe, 0xef };
	u8 buf[4];

	address_space_read(&as, 0x30010, buf, 4);
	check_bytes("romd mode: a read comes from host memory", buf,
		    (const u8 *)"\xf1\xf1\xf1\xf1", 4);
	CHECK_NO_LOG("romd mode: a read calls no callback");
	address_space_write(&as, 0x30010, data, 4);
	CHECK_LOG("romd mode: a write goes to the write callback",
		  { 'w', "flash", 0x10, 4, 0xefbeadde });
	check_bytes("romd mode: ... and leaves host memory alone",
		    flash_host + 0x10, (const u8 *)"\xf1\xf1\xf1\xf1", 4);

	memory_region_rom_device_set_romd(&flash, false);
	address_space_read(&as, 0x30010, buf, 4);
	CHECK_LOG("out of romd mode: a read goes to the read callback",
		  { 'r', "flash", 0x10, 4, 0xb3b2b1b0 });
	check_bytes("out of romd mode: ... and returns its value", buf,
		    (const u8 *)"\xb0\xb1\xb2\xb3", 4);
	address_space_write(&as, 0x30010, data, 4);
	CHECK_LOG("out of romd mode: a write goes to the write callback",
		  { 'w', "flash", 0x10, 4, 0xefbeadde });
	memory_region_rom_device_set_romd(&flash, true);
}

static void test_spanning(void)
{
	static const u8 data[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	u8 buf[8];
	int ret;

	ret = address_space_write(&as, 0x1ffc, data, 8);
	KTAP_EXPECT_EQ(ret, 0, "a write spanning RAM and I/O succeeds");
	check_bytes("... its first half lands in RAM", ram_host + 0x1ffc,
		    data, 4);
	CHECK_LOG("... its second half is one 4-byte access at offset 0",
		  { 'w', "dev", 0, 4, 0x08070605 });
	memcpy(ram_host + 0x1ffc, "\x11\x12\x13\x14", 4);
	address_space_read(&as, 0x1ffc, buf, 8);
	check_bytes("a read spanning RAM and I/O", buf,
		    (const u8 *)"\x11\x12\x13\x14\xa0\xa1\xa2\xa3", 8);
	CHECK_LOG("... calls the device for its part only",
		  { 'r', "dev", 0, 4, 0xa3a2a1a0 });
	ret = address_space_read(&as, 0x10ffc, buf, 8);
	KTAP_EXPECT_EQ(ret, -EFAULT, "a read from ROM into a hole: -EFAULT");
	check_bytes("... ROM bytes, then all ones", buf,
		    (const u8 *)"\x5a\x5a\x5a\x5a\xff\xff\xff\xff", 8);
}

static void check_section(const char *name, hwaddr addr,
			  const struct memory_region *mr, hwaddr start,
			  u64 size, u64 offset, bool readonly)
{
	struct memory_region_section s;
	bool found = address_space_translate(&as, addr, &s);
	bool ok = found && s.mr == mr &&
		  s.offset_within_address_space == start && s.size == size &&
		  s.offset_within_region == offset && s.readonly == readonly;

	if (!ok && found)
		ktap_print_msg("got %s at 0x%llx +0x%llx @0x%llx ro=%d, "
			       "expected %s at 0x%llx +0x%llx @0x%llx ro=%d",
			       s.mr->name,
			       (unsigned long long)s.offset_within_address_space,
			       (unsigned long long)s.size,
			       (unsigned long long)s.offset_within_region,
			       s.readonly, mr->name, (unsigned long long)start,
			       (unsigned long long)size,
			       (unsigned long long)offset, readonly);
	else if (!ok)
		ktap_print_msg("0x%llx: no section, expected %s",
			       (unsigned long long)addr, mr->name);
	ktap_test_result(ok, "%s", name);
}

static void test_translate(void)
{
	struct memory_region_section s;
	bool found;

	check_section("translate: the section holding a ROM address", 0x10800,
		      &rom, 0x10000, 0x1000, 0, true);
	check_section("translate: through a readonly alias, its target",
		      0x50010, &ram, 0x50000, 0x1000, 0x1000, true);
	found = address_space_translate(&as, 0x40000, &s);
	KTAP_EXPECT_EQ(found, false, "translate: a hole has no section");
}

int main(void)
{
	ktap_print_header();
	ktap_set_plan(44);
	setup();
	test_ram();
	test_rom();
	test_io();
	test_unassigned();
	test_rom_device();
	test_spanning();
	test_translate();
	ktap_finished();
}
