/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_HW_FW_CFG_H
#define VMM_HW_FW_CFG_H

#include "hw/ioport.h"
#include "memory/address_space.h"

/* Keys and ports of QEMU's fw_cfg, as docs/specs/fw_cfg.rst lists them. */
#define FW_CFG_SIGNATURE	0x00
#define FW_CFG_ID		0x01
#define FW_CFG_UUID		0x02
#define FW_CFG_RAM_SIZE		0x03
#define FW_CFG_NOGRAPHIC	0x04
#define FW_CFG_NB_CPUS		0x05
#define FW_CFG_MACHINE_ID	0x06
#define FW_CFG_NUMA		0x0d
#define FW_CFG_MAX_CPUS		0x0f
#define FW_CFG_FILE_DIR		0x19
#define FW_CFG_FILE_FIRST	0x20
#define FW_CFG_FILE_SLOTS	0x20
#define FW_CFG_MAX_ENTRY	(FW_CFG_FILE_FIRST + FW_CFG_FILE_SLOTS)
#define FW_CFG_MAX_FILE_PATH	56

#define FW_CFG_IO_BASE		0x510	/* selector; data at +1 */
#define FW_CFG_DMA_IO_BASE	0x514

#define FW_CFG_VERSION		0x01
#define FW_CFG_VERSION_DMA	0x02

/*
 * -fw_cfg name=opt/NAME,file=PATH|string=TEXT: a file the user hands to
 * the guest, from exactly one of @file (read when the machine is built)
 * and @string.
 */
struct fw_cfg_item {
	char	*name;
	char	*file;
	char	*string;
};

/* A file name fits the directory entry: -EINVAL with the reason. */
int fw_cfg_check_name(const char *name);
/*
 * A name the user may give: in opt/, the namespace QEMU's fw_cfg
 * specification leaves to users (QEMU only warns; the rest is
 * firmware's), and short enough.  -EINVAL with the reason.
 */
int fw_cfg_check_user_name(const char *name);
void fw_cfg_item_free(struct fw_cfg_item *item);

/* What a file's select callback is told. */
enum fw_cfg_select_event {
	/* The guest selected the directory: the file may rebuild its data. */
	FW_CFG_SELECT_DIR,
	/* The guest selected the file itself: it is about to read it. */
	FW_CFG_SELECT_FILE,
};

typedef void (*fw_cfg_select_cb)(void *opaque, enum fw_cfg_select_event ev);

struct fw_cfg_entry {
	u8			*data;
	u32			len;
	char			name[FW_CFG_MAX_FILE_PATH];	/* files only */
	fw_cfg_select_cb	select_cb;
	void			*select_opaque;
};

struct fw_cfg {
	struct fw_cfg_entry	entries[FW_CFG_MAX_ENTRY];
	unsigned int		nr_files;
	u16			cur_entry;
	u32			cur_offset;
	u64			dma_addr;
	struct address_space	*dma_as;	/* where DMA reads/writes */
	u64			dma_transfers;
};

/*
 * Signature, ID, the file directory; ports registered.  DMA (ID bit 1,
 * ports 0x514..0x51b) into @dma_as, or no DMA when @dma_as is NULL.
 */
int fw_cfg_init(struct fw_cfg *fw, struct ioport_bus *bus,
		struct address_space *dma_as);
void fw_cfg_exit(struct fw_cfg *fw);
/* The entry takes a copy of @data. */
int fw_cfg_add_bytes(struct fw_cfg *fw, u16 key, const void *data, u32 len);
int fw_cfg_add_i16(struct fw_cfg *fw, u16 key, u16 value);
int fw_cfg_add_i32(struct fw_cfg *fw, u16 key, u32 value);
int fw_cfg_add_i64(struct fw_cfg *fw, u16 key, u64 value);
/* A named file; names are unique, the directory sorted by name. */
int fw_cfg_add_file(struct fw_cfg *fw, const char *name, const void *data,
		    u32 len);
/*
 * A file whose content its owner keeps current: @cb runs (in the vCPU's
 * thread, under the I/O lock) whenever the guest selects the directory,
 * where it may call fw_cfg_update_file() so that the size the guest
 * looks up and the data it then reads agree, and when the guest selects
 * the file.
 */
int fw_cfg_add_file_callback(struct fw_cfg *fw, const char *name,
			     const void *data, u32 len, fw_cfg_select_cb cb,
			     void *opaque);
/* The file called @name, or NULL. */
struct fw_cfg_entry *fw_cfg_find_file(struct fw_cfg *fw, const char *name);
/* Replace a file's content (and its size in the directory). */
int fw_cfg_update_file(struct fw_cfg *fw, const char *name, const void *data,
		       u32 len);
/* A user's file: its string, or the first MiB of its file. */
int fw_cfg_add_item(struct fw_cfg *fw, const struct fw_cfg_item *item);

#endif
