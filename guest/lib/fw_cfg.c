// SPDX-License-Identifier: GPL-2.0
#include "fw_cfg.h"
#include "io.h"
#include "string.h"

#define FW_CFG_PORT_SEL		0x510
#define FW_CFG_PORT_DATA	0x511
#define FW_CFG_PORT_DMA_HI	0x514
#define FW_CFG_PORT_DMA_LO	0x518

#define FW_CFG_DMA_CTL_ERROR	0x01
#define FW_CFG_DMA_CTL_READ	0x02
#define FW_CFG_DMA_CTL_SKIP	0x04
#define FW_CFG_DMA_CTL_SELECT	0x08

struct fw_cfg_dma_access {
	u32	control;	/* all big-endian */
	u32	length;
	u64	address;
};

struct fw_cfg_file {
	u32	size;		/* big-endian */
	u16	select;		/* big-endian */
	u16	reserved;
	char	name[56];
};

static bool fw_cfg_dma;

static void fw_cfg_select(u16 key)
{
	outw(FW_CFG_PORT_SEL, key);
}

static void fw_cfg_pio_read(void *buf, u32 len)
{
	u8 *p = buf;

	while (len--)
		*p++ = inb(FW_CFG_PORT_DATA);
}

/* One DMA transfer; QEMU (and our VMM) complete it before the out returns. */
static int fw_cfg_dma_transfer(u32 control, void *buf, u32 len)
{
	volatile struct fw_cfg_dma_access acc;
	u64 pa = virt_to_phys(&acc);
	u32 ctl;

	acc.control = __builtin_bswap32(control);
	acc.length = __builtin_bswap32(len);
	acc.address = __builtin_bswap64(virt_to_phys(buf));
	outl(FW_CFG_PORT_DMA_HI, __builtin_bswap32(pa >> 32));
	outl(FW_CFG_PORT_DMA_LO, __builtin_bswap32((u32)pa));
	do {
		ctl = __builtin_bswap32(acc.control);
	} while (ctl & ~FW_CFG_DMA_CTL_ERROR);
	return ctl & FW_CFG_DMA_CTL_ERROR ? -1 : 0;
}

int fw_cfg_read_next(void *buf, u32 len)
{
	if (fw_cfg_dma)
		return fw_cfg_dma_transfer(FW_CFG_DMA_CTL_READ, buf, len);
	fw_cfg_pio_read(buf, len);
	return 0;
}

int fw_cfg_read(u16 key, void *buf, u32 len)
{
	if (fw_cfg_dma)
		return fw_cfg_dma_transfer((u32)key << 16 |
					   FW_CFG_DMA_CTL_SELECT |
					   FW_CFG_DMA_CTL_READ, buf, len);
	fw_cfg_select(key);
	fw_cfg_pio_read(buf, len);
	return 0;
}

int fw_cfg_init(void)
{
	char sig[4];
	u32 id;

	fw_cfg_select(FW_CFG_SIGNATURE);
	fw_cfg_pio_read(sig, sizeof(sig));
	if (memcmp(sig, "QEMU", 4))
		return -1;
	fw_cfg_select(FW_CFG_ID);
	fw_cfg_pio_read(&id, sizeof(id));
	fw_cfg_dma = id & FW_CFG_ID_DMA;
	return 0;
}

bool fw_cfg_has_dma(void)
{
	return fw_cfg_dma;
}

u64 fw_cfg_read_u64(u16 key)
{
	u64 v = 0;

	fw_cfg_read(key, &v, sizeof(v));
	return v;
}

u32 fw_cfg_read_u32(u16 key)
{
	u32 v = 0;

	fw_cfg_read(key, &v, sizeof(v));
	return v;
}

u16 fw_cfg_read_u16(u16 key)
{
	u16 v = 0;

	fw_cfg_read(key, &v, sizeof(v));
	return v;
}

int fw_cfg_find_file(const char *name, u16 *select, u32 *size)
{
	struct fw_cfg_file f;
	u32 count, i;

	if (fw_cfg_read(FW_CFG_FILE_DIR, &count, sizeof(count)))
		return -1;
	count = __builtin_bswap32(count);
	for (i = 0; i < count; i++) {
		if (fw_cfg_read_next(&f, sizeof(f)))
			return -1;
		f.name[sizeof(f.name) - 1] = '\0';
		if (!strcmp(f.name, name)) {
			*select = __builtin_bswap16(f.select);
			*size = __builtin_bswap32(f.size);
			return 0;
		}
	}
	return -1;
}

int64_t fw_cfg_read_file(const char *name, void *buf, u32 max)
{
	u16 select;
	u32 size;

	if (fw_cfg_find_file(name, &select, &size))
		return -1;
	if (fw_cfg_read(select, buf, MIN(size, max)))
		return -1;
	return size;
}
