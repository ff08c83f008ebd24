/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUEST_FW_CFG_H
#define GUEST_FW_CFG_H

#include "guest.h"

/*
 * QEMU's fw_cfg, x86 ports: selector 0x510 (16-bit write), data 0x511
 * (byte read), DMA 0x514 (the big-endian address of a FWCfgDmaAccess: high
 * half written to 0x514, low half to 0x518, which starts the transfer).
 * Reads use DMA when the ID key says it is there; the port is used only for
 * the signature and the ID themselves.
 */
#define FW_CFG_SIGNATURE	0x00
#define FW_CFG_ID		0x01
#define FW_CFG_RAM_SIZE		0x03
#define FW_CFG_NB_CPUS		0x05
#define FW_CFG_FILE_DIR		0x19

#define FW_CFG_ID_DMA		0x02

/* 0, or -1 when there is no "QEMU" signature. */
int fw_cfg_init(void);
bool fw_cfg_has_dma(void);
/* Select key and read len bytes from its start. */
int fw_cfg_read(u16 key, void *buf, u32 len);
/* Read on from where the last read of the selected item ended. */
int fw_cfg_read_next(void *buf, u32 len);
u64 fw_cfg_read_u64(u16 key);		/* little-endian items */
u32 fw_cfg_read_u32(u16 key);
u16 fw_cfg_read_u16(u16 key);
/* The selector and size of a file in the directory; -1 if absent. */
int fw_cfg_find_file(const char *name, u16 *select, u32 *size);
/*
 * Read up to max bytes of a file; returns its whole size (which may be
 * larger than what was read) or -1 if there is no such file.
 */
int64_t fw_cfg_read_file(const char *name, void *buf, u32 max);

#endif
