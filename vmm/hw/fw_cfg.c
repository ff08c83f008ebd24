// SPDX-License-Identifier: GPL-2.0
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw/fw_cfg.h"
#include "util/error.h"

/* struct FWCfgFile and FWCfgDmaAccess of the spec: big-endian. */
struct fw_cfg_file {
	u32	size;
	u16	select;
	u16	reserved;
	char	name[FW_CFG_MAX_FILE_PATH];
} __attribute__((packed));

struct fw_cfg_dma_access {
	u32	control;
	u32	length;
	u64	address;
} __attribute__((packed));

#define FW_CFG_DMA_CTL_ERROR	0x01
#define FW_CFG_DMA_CTL_READ	0x02
#define FW_CFG_DMA_CTL_SKIP	0x04
#define FW_CFG_DMA_CTL_SELECT	0x08
#define FW_CFG_DMA_CTL_WRITE	0x10

/* What a read of the DMA register returns: "QEMU CFG", big-endian. */
#define FW_CFG_DMA_SIGNATURE	0x51454d5520434647ULL

int fw_cfg_add_bytes(struct fw_cfg *fw, u16 key, const void *data, u32 len)
{
	struct fw_cfg_entry *e;
	u8 *copy;

	if (key >= FW_CFG_MAX_ENTRY)
		return error_ret(EINVAL, "fw_cfg: key 0x%x out of range", key);
	copy = malloc(len ? len : 1);
	if (!copy)
		return error_ret(ENOMEM, "fw_cfg: out of memory");
	memcpy(copy, data, len);
	e = &fw->entries[key];
	free(e->data);
	e->data = copy;
	e->len = len;
	return 0;
}

int fw_cfg_add_i16(struct fw_cfg *fw, u16 key, u16 value)
{
	u16 le = htole16(value);

	return fw_cfg_add_bytes(fw, key, &le, sizeof(le));
}

int fw_cfg_add_i32(struct fw_cfg *fw, u16 key, u32 value)
{
	u32 le = htole32(value);

	return fw_cfg_add_bytes(fw, key, &le, sizeof(le));
}

int fw_cfg_add_i64(struct fw_cfg *fw, u16 key, u64 value)
{
	u64 le = htole64(value);

	return fw_cfg_add_bytes(fw, key, &le, sizeof(le));
}

static int cmp_file_name(const void *a, const void *b)
{
	const struct fw_cfg_entry *x = a, *y = b;

	return strcmp(x->name, y->name);
}

/* Rebuild the directory; files keep their keys sorted by name, as QEMU. */
static int fw_cfg_update_dir(struct fw_cfg *fw)
{
	struct fw_cfg_entry *files = &fw->entries[FW_CFG_FILE_FIRST];
	u32 len = 4 + fw->nr_files * sizeof(struct fw_cfg_file);
	struct fw_cfg_file *f;
	u8 *dir = calloc(1, len);
	unsigned int i;

	if (!dir)
		return error_ret(ENOMEM, "fw_cfg: out of memory");
	qsort(files, fw->nr_files, sizeof(*files), cmp_file_name);
	*(u32 *)dir = htobe32(fw->nr_files);
	f = (struct fw_cfg_file *)(dir + 4);
	for (i = 0; i < fw->nr_files; i++) {
		f[i].size = htobe32(files[i].len);
		f[i].select = htobe16(FW_CFG_FILE_FIRST + i);
		memcpy(f[i].name, files[i].name, FW_CFG_MAX_FILE_PATH);
	}
	free(fw->entries[FW_CFG_FILE_DIR].data);
	fw->entries[FW_CFG_FILE_DIR].data = dir;
	fw->entries[FW_CFG_FILE_DIR].len = len;
	return 0;
}

int fw_cfg_check_name(const char *name)
{
	if (strlen(name) >= FW_CFG_MAX_FILE_PATH)
		return error_ret(EINVAL, "invalid name '%s': at most %d "
				 "characters", name, FW_CFG_MAX_FILE_PATH - 1);
	return 0;
}

int fw_cfg_check_user_name(const char *name)
{
	if (strncmp(name, "opt/", 4))
		return error_ret(EINVAL, "invalid name '%s': use a name that "
				 "starts with opt/", name);
	return fw_cfg_check_name(name);
}

void fw_cfg_item_free(struct fw_cfg_item *item)
{
	free(item->name);
	free(item->file);
	free(item->string);
	memset(item, 0, sizeof(*item));
}

/* QEMU reads the whole file; a guest's input here is small. */
#define FW_CFG_ITEM_MAX_FILE	(1u << 20)

int fw_cfg_add_item(struct fw_cfg *fw, const struct fw_cfg_item *item)
{
	char *data;
	size_t len;
	FILE *in;
	int ret;

	if (item->string)
		return fw_cfg_add_file(fw, item->name, item->string,
				       strlen(item->string));
	in = fopen(item->file, "r");
	if (!in)
		return error_ret(errno, "-fw_cfg name=%s,file=%s: %s",
				 item->name, item->file, strerror(errno));
	data = malloc(FW_CFG_ITEM_MAX_FILE);
	len = data ? fread(data, 1, FW_CFG_ITEM_MAX_FILE, in) : 0;
	fclose(in);
	ret = data ? fw_cfg_add_file(fw, item->name, data, len) :
		     error_ret(ENOMEM, "out of memory");
	free(data);
	return ret;
}

struct fw_cfg_entry *fw_cfg_find_file(struct fw_cfg *fw, const char *name)
{
	unsigned int i;

	for (i = 0; i < fw->nr_files; i++)
		if (!strcmp(fw->entries[FW_CFG_FILE_FIRST + i].name, name))
			return &fw->entries[FW_CFG_FILE_FIRST + i];
	return NULL;
}

int fw_cfg_add_file(struct fw_cfg *fw, const char *name, const void *data,
		    u32 len)
{
	struct fw_cfg_entry *e;
	int ret;

	ret = fw_cfg_check_name(name);
	if (ret) {
		error_prepend("fw_cfg: ");
		return ret;
	}
	if (fw_cfg_find_file(fw, name))
		return error_ret(EEXIST, "fw_cfg: duplicate file '%s'", name);
	if (fw->nr_files == FW_CFG_FILE_SLOTS)
		return error_ret(ENOSPC, "fw_cfg: more than %d files",
				 FW_CFG_FILE_SLOTS);
	ret = fw_cfg_add_bytes(fw, FW_CFG_FILE_FIRST + fw->nr_files, data,
			       len);
	if (ret)
		return ret;
	e = &fw->entries[FW_CFG_FILE_FIRST + fw->nr_files++];
	strcpy(e->name, name);
	return fw_cfg_update_dir(fw);
}

int fw_cfg_add_file_callback(struct fw_cfg *fw, const char *name,
			     const void *data, u32 len, fw_cfg_select_cb cb,
			     void *opaque)
{
	struct fw_cfg_entry *e;
	int ret = fw_cfg_add_file(fw, name, data, len);

	if (ret)
		return ret;
	e = fw_cfg_find_file(fw, name);
	e->select_cb = cb;
	e->select_opaque = opaque;
	return 0;
}

int fw_cfg_update_file(struct fw_cfg *fw, const char *name, const void *data,
		       u32 len)
{
	struct fw_cfg_entry *e = fw_cfg_find_file(fw, name);
	int ret;

	if (!e)
		return error_ret(ENOENT, "fw_cfg: no file '%s'", name);
	ret = fw_cfg_add_bytes(fw, (u16)(e - fw->entries), data, len);
	return ret ? ret : fw_cfg_update_dir(fw);
}

/* Tell the files that want to know; the directory is rebuilt first. */
static void fw_cfg_select_notify(struct fw_cfg *fw, u16 key)
{
	struct fw_cfg_entry *files = &fw->entries[FW_CFG_FILE_FIRST];
	char name[FW_CFG_MAX_FILE_PATH];
	unsigned int i;

	if (key >= FW_CFG_FILE_FIRST && key < FW_CFG_MAX_ENTRY) {
		if (fw->entries[key].select_cb)
			fw->entries[key].select_cb(fw->entries[key].select_opaque,
						   FW_CFG_SELECT_FILE);
		return;
	}
	if (key != FW_CFG_FILE_DIR)
		return;
	/* A callback's update re-sorts the files: find each by name. */
	for (i = 0; i < fw->nr_files; i++) {
		struct fw_cfg_entry *e;

		if (!files[i].select_cb)
			continue;
		memcpy(name, files[i].name, sizeof(name));
		e = fw_cfg_find_file(fw, name);
		e->select_cb(e->select_opaque, FW_CFG_SELECT_DIR);
	}
}

static void fw_cfg_select(struct fw_cfg *fw, u16 key)
{
	fw_cfg_select_notify(fw, key);
	fw->cur_entry = key;
	fw->cur_offset = 0;
}

static struct fw_cfg_entry *fw_cfg_cur(struct fw_cfg *fw)
{
	return fw->cur_entry < FW_CFG_MAX_ENTRY ?
	       &fw->entries[fw->cur_entry] : NULL;
}

static u32 fw_cfg_io_read(void *opaque, u16 port, unsigned int size)
{
	struct fw_cfg *fw = opaque;
	struct fw_cfg_entry *e = fw_cfg_cur(fw);
	u32 val = 0;
	unsigned int i;

	if (port != 1)
		return ~0u;
	/* Wider reads return consecutive bytes, most significant first. */
	for (i = 0; i < size; i++) {
		u8 byte = 0;

		if (e && e->data && fw->cur_offset < e->len)
			byte = e->data[fw->cur_offset++];
		val = (val << 8) | byte;
	}
	return val;
}

static void fw_cfg_io_write(void *opaque, u16 port, u32 val,
			    unsigned int size)
{
	struct fw_cfg *fw = opaque;

	if (port == 0 && size == 2)
		fw_cfg_select(fw, (u16)val);
}

static const struct ioport_ops fw_cfg_io_ops = {
	.read = fw_cfg_io_read,
	.write = fw_cfg_io_write,
};

static int fw_cfg_dma_transfer(struct fw_cfg *fw, u32 control, u32 length,
			       u64 address)
{
	struct fw_cfg_entry *e;
	u32 avail, n;

	if (control & FW_CFG_DMA_CTL_SELECT)
		fw_cfg_select(fw, (u16)(control >> 16));
	e = fw_cfg_cur(fw);
	avail = e && e->data && fw->cur_offset < e->len ?
		e->len - fw->cur_offset : 0;
	n = MIN(length, avail);

	if (control & FW_CFG_DMA_CTL_READ) {
		/* Past the end of the item, the guest reads zeroes. */
		if (n && address_space_write(fw->dma_as, address,
					     e->data + fw->cur_offset, n))
			return -EFAULT;
		if (length > n) {
			static const u8 zero[256];
			u64 left = length - n, at = address + n;

			while (left) {
				u64 c = MIN(left, sizeof(zero));

				if (address_space_write(fw->dma_as, at, zero, c))
					return -EFAULT;
				left -= c;
				at += c;
			}
		}
	} else if (control & FW_CFG_DMA_CTL_WRITE) {
		/* Every item is read-only for the guest. */
		return -EPERM;
	}
	if (control & (FW_CFG_DMA_CTL_READ | FW_CFG_DMA_CTL_SKIP))
		fw->cur_offset += n;
	return 0;
}

static void fw_cfg_dma_run(struct fw_cfg *fw)
{
	struct fw_cfg_dma_access dma;
	u32 control, status = 0;

	fw->dma_transfers++;
	if (address_space_read(fw->dma_as, fw->dma_addr, &dma, sizeof(dma)))
		return;
	control = be32toh(dma.control);
	if (fw_cfg_dma_transfer(fw, control, be32toh(dma.length),
				be64toh(dma.address)))
		status = FW_CFG_DMA_CTL_ERROR;
	status = htobe32(status);
	address_space_write(fw->dma_as, fw->dma_addr, &status,
			    sizeof(status));
}

static u32 fw_cfg_dma_read(void *opaque, u16 port, unsigned int size)
{
	u64 sig = FW_CFG_DMA_SIGNATURE;
	u32 val = 0;
	unsigned int i;

	(void)opaque;
	/* The register is big-endian: byte k is bits 63-8k..56-8k. */
	for (i = 0; i < size && port + i < 8; i++)
		val |= (u32)((sig >> (56 - 8 * (port + i))) & 0xff) << (8 * i);
	return val;
}

static void fw_cfg_dma_write(void *opaque, u16 port, u32 val,
			     unsigned int size)
{
	struct fw_cfg *fw = opaque;

	if (size != 4)
		return;
	/* outl of cpu_to_be32(half): the value arrives byte-swapped. */
	val = be32toh(val);
	if (port == 0) {
		fw->dma_addr = (u64)val << 32;
	} else if (port == 4) {
		fw->dma_addr |= val;
		fw_cfg_dma_run(fw);
		fw->dma_addr = 0;
	}
}

static const struct ioport_ops fw_cfg_dma_ops = {
	.read = fw_cfg_dma_read,
	.write = fw_cfg_dma_write,
};

int fw_cfg_init(struct fw_cfg *fw, struct ioport_bus *bus,
		struct address_space *dma_as)
{
	int ret;

	memset(fw, 0, sizeof(*fw));
	fw->dma_as = dma_as;
	ret = fw_cfg_add_bytes(fw, FW_CFG_SIGNATURE, "QEMU", 4);
	if (!ret)
		ret = fw_cfg_add_i32(fw, FW_CFG_ID, FW_CFG_VERSION |
				     (dma_as ? FW_CFG_VERSION_DMA : 0));
	if (!ret)
		ret = fw_cfg_update_dir(fw);
	if (!ret)
		ret = ioport_register(bus, FW_CFG_IO_BASE, 2, "fw_cfg",
				      &fw_cfg_io_ops, fw);
	if (!ret && dma_as)
		ret = ioport_register(bus, FW_CFG_DMA_IO_BASE, 8, "fw_cfg.dma",
				      &fw_cfg_dma_ops, fw);
	return ret;
}

void fw_cfg_exit(struct fw_cfg *fw)
{
	unsigned int i;

	for (i = 0; i < FW_CFG_MAX_ENTRY; i++) {
		free(fw->entries[i].data);
		fw->entries[i].data = NULL;
	}
}
