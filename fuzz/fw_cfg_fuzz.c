// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: fw_cfg as a guest drives it, every byte of which the
 * guest controls.  The device sits on its ports with DMA into an address
 * space of 64 KiB of RAM at 0, 4 KiB of ROM at 0x20000 and holes
 * elsewhere, holding the items a PC machine has (signature, ID, RAM
 * size, CPUs, etc/e820, a user's files, one larger than a page).  The
 * input is a list of guest actions: select a key; read the data port
 * (1, 2 or 4 bytes); a DMA request (an FWCfgDmaAccess the input writes
 * anywhere in RAM, or an address of its choice, started through 0x514
 * and 0x518 as a guest does); read the DMA register; write any fw_cfg
 * port; scribble on RAM.  Besides crashes, leaks and undefined behaviour
 * it checks one rule: a DMA "select and read" into RAM gives the bytes
 * the data port gives for the same key, then zeros, and clears the
 * control word.
 */
#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "hw/fw_cfg.h"
#include "util/error.h"

#define RAM_SIZE	0x10000
#define ROM_BASE	0x20000
#define MAX_ACTIONS	64
#define CTL_READ	0x02
#define CTL_SELECT	0x08

static struct {
	struct memory_region	root, ram, rom;
	struct address_space	as;
	struct ioport_bus	bus;
	struct fw_cfg		fw;
	u8			mem[RAM_SIZE];
} m;

static void die(const char *what)
{
	fprintf(stderr, "fw_cfg_fuzz: %s: %s\n", what, error_get());
	abort();
}

static void machine_init(void)
{
	static u8 big[5000];
	static const u8 e820[20] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0,
				     0, 0, 0, 0, 1, 0, 0, 0 };

	memory_region_init(&m.root, "root", U128_2_64);
	if (memory_region_init_ram_ptr(&m.ram, "ram", RAM_SIZE, m.mem) ||
	    memory_region_init_rom(&m.rom, "rom", 0x1000) ||
	    memory_region_add_subregion(&m.root, 0, &m.ram) ||
	    memory_region_add_subregion(&m.root, ROM_BASE, &m.rom) ||
	    address_space_init(&m.as, &m.root, "memory"))
		die("memory");
	memset(big, 0xa5, sizeof(big));
	if (fw_cfg_init(&m.fw, &m.bus, &m.as) ||
	    fw_cfg_add_i64(&m.fw, FW_CFG_RAM_SIZE, RAM_SIZE) ||
	    fw_cfg_add_i16(&m.fw, FW_CFG_NB_CPUS, 1) ||
	    fw_cfg_add_file(&m.fw, "etc/e820", e820, sizeof(e820)) ||
	    fw_cfg_add_file(&m.fw, "opt/probe/addrs", "0x100000\n", 9) ||
	    fw_cfg_add_file(&m.fw, "opt/big", big, sizeof(big)) ||
	    fw_cfg_add_file(&m.fw, "opt/empty", "", 0))
		die("fw_cfg");
}

static void outp(u16 port, u32 val, unsigned int size)
{
	ioport_write(&m.bus, port, &val, size);
}

static u32 inp(u16 port, unsigned int size)
{
	u32 val = 0;

	ioport_read(&m.bus, port, &val, size);
	return val;
}

static unsigned int take_size(struct fuzz_input *in)
{
	static const unsigned int sizes[] = { 1, 2, 4 };

	return sizes[fuzz_take(in, 1) % 3];
}

/* The guest's two writes: high half to 0x514, low half to 0x518. */
static void dma_start(u64 addr)
{
	outp(FW_CFG_DMA_IO_BASE, htobe32((u32)(addr >> 32)), 4);
	outp(FW_CFG_DMA_IO_BASE + 4, htobe32((u32)addr), 4);
}

/* What the data port gives for @key: @len bytes, zeros past the end. */
static void pio_read(u16 key, u8 *buf, u32 len)
{
	u32 i;

	outp(FW_CFG_IO_BASE, key, 2);
	for (i = 0; i < len; i++)
		buf[i] = (u8)inp(FW_CFG_IO_BASE + 1, 1);
}

static bool inside_ram(u64 addr, u64 len)
{
	return addr < RAM_SIZE && len <= RAM_SIZE - addr;
}

/* A select-and-read into RAM must match the data port, and end in 0. */
static void check_dma_read(u64 desc, u32 control, u32 len, u64 addr)
{
	static u8 want[RAM_SIZE];
	u32 ctl;

	if (control & ~0xffff0000u & ~(CTL_SELECT | CTL_READ))
		return;
	if ((control & 0xffff) != (CTL_SELECT | CTL_READ) ||
	    !inside_ram(addr, len) || (addr < desc + 16 && desc < addr + len))
		return;
	memcpy(&ctl, m.mem + desc, 4);
	pio_read((u16)(control >> 16), want, len);
	if (memcmp(m.mem + addr, want, len) || ctl) {
		fprintf(stderr, "fw_cfg_fuzz: DMA of key 0x%x, 0x%x bytes to "
			"0x%llx: control 0x%x, data %s the data port's\n",
			control >> 16, len, (unsigned long long)addr,
			be32toh(ctl), memcmp(m.mem + addr, want, len) ?
			"differs from" : "equals");
		abort();
	}
}

static void dma_request(struct fuzz_input *in)
{
	u64 desc = fuzz_take(in, 2) % (RAM_SIZE - 16);
	u32 control = (u32)fuzz_take(in, 4);
	u32 len = (u32)fuzz_take(in, 2);	/* DMAs of guests are small */
	u64 addr = fuzz_take(in, 1) & 1 ? fuzz_take(in, 8) :
		   fuzz_take(in, 2) % RAM_SIZE;
	u32 be_ctl = htobe32(control), be_len = htobe32(len);
	u64 be_addr = htobe64(addr);

	memcpy(m.mem + desc, &be_ctl, 4);
	memcpy(m.mem + desc + 4, &be_len, 4);
	memcpy(m.mem + desc + 8, &be_addr, 8);
	if (fuzz_take(in, 1) % 8 == 0) {
		dma_start(fuzz_take(in, 8));	/* anywhere: ROM, holes */
		return;
	}
	dma_start(desc);
	check_dma_read(desc, control, len, addr);
}

static void action(struct fuzz_input *in)
{
	unsigned int size;

	switch (fuzz_take(in, 1) % 6) {
	case 0:
		outp(FW_CFG_IO_BASE, (u32)fuzz_take(in, 2), 2);
		break;
	case 1:
		size = take_size(in);
		inp(FW_CFG_IO_BASE + (u16)(fuzz_take(in, 1) & 1), size);
		break;
	case 2:
		dma_request(in);
		break;
	case 3:
		size = take_size(in);
		inp(FW_CFG_DMA_IO_BASE + (u16)(fuzz_take(in, 1) % 8), size);
		break;
	case 4:
		size = take_size(in);
		outp(FW_CFG_IO_BASE + (u16)(fuzz_take(in, 1) % 12),
		     (u32)fuzz_take(in, 4), size);
		break;
	default:
		m.mem[fuzz_take(in, 2) % RAM_SIZE] = (u8)fuzz_take(in, 1);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { .data = data, .size = size };
	static bool ready;
	unsigned int i;

	if (!ready) {
		machine_init();
		ready = true;
	}
	/* Each input starts from the same device and RAM. */
	memset(m.mem, 0, sizeof(m.mem));
	outp(FW_CFG_IO_BASE, FW_CFG_SIGNATURE, 2);
	for (i = 0; i < MAX_ACTIONS && !fuzz_done(&in); i++)
		action(&in);
	return 0;
}
