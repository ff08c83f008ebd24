// SPDX-License-Identifier: GPL-2.0
/*
 * Restoring a snapshot: the whole file is proven first (its trailer,
 * then the checksum of every byte before it), then its header is held
 * against the VM the options built, and only then is anything loaded.
 * A file that fails any of it leaves the new VM untouched, and no vCPU
 * is ever created from it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cpu/vcpu_state.h"
#include "migration/device_state.h"
#include "migration/snapshot.h"
#include "migration/snapshot_format.h"
#include "util/checksum.h"
#include "util/error.h"
#include "vmm.h"

struct snapshot_image {
	const char		*path;
	FILE			*f;
	u64			stream_len;
	struct snapshot_header	h;
	struct ram_block	**blocks;	/* the file's table, here */
	struct snapshot_devices	dev;
	bool			have_dev;
	struct vcpu_state	*vcpus;
	unsigned int		nr_vcpus;	/* records seen */
	u64			pos;		/* in the stream */
};

#define LOAD_CHUNK	(1u << 20)

static int img_read(struct snapshot_image *img, void *buf, size_t len)
{
	if (img->pos + len > img->stream_len ||
	    fread(buf, 1, len, img->f) != len)
		return error_ret(EINVAL, "snapshot %s: corrupt: a record runs "
				 "past the end of the stream at offset %llu",
				 img->path, (unsigned long long)img->pos);
	img->pos += len;
	return 0;
}

/* The trailer, the last 4 KiB: the file is whole and its writer done. */
static int check_trailer(struct snapshot_image *img, struct snapshot_trailer *t)
{
	struct stat st;
	u64 size;

	if (fstat(fileno(img->f), &st))
		return error_ret(errno, "snapshot %s: %s", img->path,
				 strerror(errno));
	size = (u64)st.st_size;
	if (size < SNAPSHOT_ALIGN + sizeof(struct snapshot_header) ||
	    size % SNAPSHOT_ALIGN || fseeko(img->f, (off_t)(size -
						SNAPSHOT_ALIGN), SEEK_SET) ||
	    fread(t, sizeof(*t), 1, img->f) != 1 ||
	    memcmp(t->magic, SNAPSHOT_TRAILER_MAGIC, sizeof(t->magic)) ||
	    t->stream_len != size - SNAPSHOT_ALIGN)
		return error_ret(EINVAL, "snapshot %s: incomplete: no trailer "
				 "at the end of its %llu bytes (truncated, or "
				 "its writer did not finish)", img->path,
				 (unsigned long long)size);
	img->stream_len = t->stream_len;
	return 0;
}

/* Every byte before the trailer against the trailer's checksum. */
static int check_sum(struct snapshot_image *img, const struct snapshot_trailer *t)
{
	u8 *buf = malloc(LOAD_CHUNK);
	struct checksum c;
	u64 left = img->stream_len;
	size_t n;

	if (!buf)
		return error_ret(ENOMEM, "out of memory");
	checksum_init(&c);
	rewind(img->f);
	while (left) {
		n = (size_t)MIN(left, (u64)LOAD_CHUNK);
		if (fread(buf, 1, n, img->f) != n)
			break;
		checksum_update(&c, buf, n);
		left -= n;
	}
	free(buf);
	rewind(img->f);
	if (left || checksum_final(&c) != t->checksum)
		return error_ret(EINVAL, "snapshot %s: corrupt: checksum "
				 "0x%016llx of its %llu bytes, the trailer "
				 "says 0x%016llx", img->path,
				 (unsigned long long)checksum_final(&c),
				 (unsigned long long)img->stream_len,
				 (unsigned long long)t->checksum);
	return 0;
}

static int check_header(struct snapshot_image *img, struct vmm *vmm)
{
	static char file_desc[SNAPSHOT_DESC_MAX], desc[SNAPSHOT_DESC_MAX];
	struct snapshot_header *h = &img->h;
	int ret = img_read(img, h, sizeof(*h));

	if (ret)
		return ret;
	if (memcmp(h->magic, SNAPSHOT_MAGIC, sizeof(h->magic)))
		return error_ret(EINVAL, "snapshot %s: not a snapshot (no "
				 "%s magic)", img->path, SNAPSHOT_MAGIC);
	if (h->version != SNAPSHOT_VERSION || h->page_size != SNAPSHOT_PAGE_SIZE)
		return error_ret(EINVAL, "snapshot %s: version %u, page size "
				 "%u: this vmm reads version %u, page size %u",
				 img->path, h->version, h->page_size,
				 SNAPSHOT_VERSION, SNAPSHOT_PAGE_SIZE);
	if (h->desc_len >= SNAPSHOT_DESC_MAX)
		return error_ret(EINVAL, "snapshot %s: corrupt header",
				 img->path);
	ret = img_read(img, file_desc, ALIGN_UP(h->desc_len,
						SNAPSHOT_REC_ALIGN));
	if (ret)
		return ret;
	file_desc[h->desc_len] = '\0';
	ret = snapshot_describe(vmm, desc, sizeof(desc));
	if (ret >= 0)
		ret = snapshot_compare_desc(file_desc, desc);
	if (ret)
		error_prepend("snapshot %s: ", img->path);
	return ret;
}

/* The block table: the same RAMBlocks, by idstr and length. */
static int check_blocks(struct snapshot_image *img)
{
	struct snapshot_block e;
	struct ram_block *b;
	unsigned int i, here = 0;
	int ret;

	ram_list_for_each(b)
		here++;
	img->blocks = calloc(img->h.nr_blocks + 1, sizeof(*img->blocks));
	if (!img->blocks)
		return error_ret(ENOMEM, "out of memory");
	for (i = 0; i < img->h.nr_blocks; i++) {
		ret = img_read(img, &e, sizeof(e));
		if (ret)
			return ret;
		e.idstr[sizeof(e.idstr) - 1] = '\0';
		b = ram_block_find(e.idstr);
		if (!b || b->used_length != e.length)
			return error_ret(EINVAL, "snapshot %s: RAM block %s of "
					 "0x%llx bytes in the file, %s here",
					 img->path, e.idstr,
					 (unsigned long long)e.length,
					 b ? "another size" : "none");
		img->blocks[i] = b;
	}
	if (here != img->h.nr_blocks)
		return error_ret(EINVAL, "snapshot %s: %u RAM blocks in the "
				 "file, %u here", img->path, img->h.nr_blocks,
				 here);
	return 0;
}

static int bad_record(struct snapshot_image *img, const struct snapshot_record *r,
		      const char *why)
{
	return error_ret(EINVAL, "snapshot %s: corrupt record (type %u, "
			 "length %u) at offset %llu: %s", img->path, r->type,
			 r->len, (unsigned long long)(img->pos - sizeof(*r)),
			 why);
}

static bool page_zero(const u8 *p)
{
	unsigned int i;

	for (i = 0; i < SNAPSHOT_PAGE_SIZE; i++)
		if (p[i])
			return false;
	return true;
}

static int load_page(struct snapshot_image *img,
		     const struct snapshot_record *r)
{
	struct ram_block *b;
	u8 *dst;

	if (r->block >= img->h.nr_blocks)
		return bad_record(img, r, "no such RAM block");
	b = img->blocks[r->block];
	if (r->offset % SNAPSHOT_PAGE_SIZE || r->offset >= b->used_length ||
	    r->len != (r->type == SNAPSHOT_REC_PAGE ? SNAPSHOT_PAGE_SIZE : 0))
		return bad_record(img, r, "not a page of its block");
	dst = (u8 *)b->host + r->offset;
	if (r->type == SNAPSHOT_REC_PAGE)
		return img_read(img, dst, SNAPSHOT_PAGE_SIZE);
	/* Leave a page that was never touched untouched. */
	if (!page_zero(dst))
		memset(dst, 0, SNAPSHOT_PAGE_SIZE);
	return 0;
}

/* @len bytes of state, then the zeros padding it (write_state()). */
static int read_state(struct snapshot_image *img,
		      const struct snapshot_record *r, void *dst, u32 len)
{
	static const u8 zeros[SNAPSHOT_REC_ALIGN];
	u8 pad[SNAPSHOT_REC_ALIGN];
	u32 n = r->len - len;

	if (r->len != ALIGN_UP(len, SNAPSHOT_REC_ALIGN))
		return bad_record(img, r, "state of another size");
	if (img_read(img, dst, len) || img_read(img, pad, n))
		return -EINVAL;
	return memcmp(pad, zeros, n) ? bad_record(img, r, "padding") : 0;
}

static int load_state(struct snapshot_image *img,
		      const struct snapshot_record *r)
{
	static struct vcpu_state vs;

	if (r->type == SNAPSHOT_REC_DEVICE) {
		if (img->have_dev)
			return bad_record(img, r, "device state twice");
		img->have_dev = true;
		return read_state(img, r, &img->dev, sizeof(img->dev));
	}
	if (read_state(img, r, &vs, sizeof(vs)))
		return -EINVAL;
	if (vs.id >= img->h.nr_vcpus || vs.id != img->nr_vcpus)
		return bad_record(img, r, "vCPU out of order");
	img->vcpus[img->nr_vcpus++] = vs;
	return 0;
}

/* Records up to END: RAM into the blocks, state kept for later. */
static int load_records(struct snapshot_image *img)
{
	struct snapshot_record r;
	int ret;

	for (;;) {
		ret = img_read(img, &r, sizeof(r));
		if (ret)
			return ret;
		switch (r.type) {
		case SNAPSHOT_REC_PAD:
			ret = fseeko(img->f, r.len, SEEK_CUR) ? -EINVAL : 0;
			img->pos += r.len;
			break;
		case SNAPSHOT_REC_PAGE:
		case SNAPSHOT_REC_ZERO:
			ret = load_page(img, &r);
			break;
		case SNAPSHOT_REC_DEVICE:
		case SNAPSHOT_REC_VCPU:
			ret = load_state(img, &r);
			break;
		case SNAPSHOT_REC_END:
			return 0;
		default:
			return bad_record(img, &r, "unknown type");
		}
		if (ret)
			return ret;
	}
}

void snapshot_image_free(struct snapshot_image *img)
{
	if (!img)
		return;
	if (img->f)
		fclose(img->f);
	free(img->blocks);
	free(img->vcpus);
	free(img);
}

/* Everything that can be checked before RAM is touched. */
static int load_check(struct snapshot_image *img, struct vmm *vmm)
{
	struct snapshot_trailer t;
	int ret = check_trailer(img, &t);

	if (!ret)
		ret = check_sum(img, &t);
	if (!ret)
		ret = check_header(img, vmm);
	if (!ret)
		ret = check_blocks(img);
	if (ret)
		return ret;
	if (img->pos != img->h.header_len)
		return error_ret(EINVAL, "snapshot %s: corrupt header length",
				 img->path);
	if (img->h.nr_vcpus != vmm->params->machine.smp)
		return error_ret(EINVAL, "snapshot %s: %u vCPUs in the file, "
				 "%u here", img->path, img->h.nr_vcpus,
				 vmm->params->machine.smp);
	img->vcpus = calloc(img->h.nr_vcpus, sizeof(*img->vcpus));
	return img->vcpus ? 0 : error_ret(ENOMEM, "out of memory");
}

int snapshot_restore_ram(struct vmm *vmm, const char *path,
			 struct snapshot_image **out)
{
	struct snapshot_image *img = calloc(1, sizeof(*img));
	int ret;

	*out = NULL;
	if (!img)
		return error_ret(ENOMEM, "out of memory");
	img->path = path;
	img->f = fopen(path, "rb");
	if (!img->f) {
		ret = error_ret(errno, "snapshot %s: %s", path,
				strerror(errno));
		snapshot_image_free(img);
		return ret;
	}
	ret = load_check(img, vmm);
	if (!ret)
		ret = load_records(img);
	if (!ret && (!img->have_dev || img->nr_vcpus != img->h.nr_vcpus))
		ret = error_ret(EINVAL, "snapshot %s: corrupt: %u of %u vCPUs"
				" and %s device state", path, img->nr_vcpus,
				img->h.nr_vcpus, img->have_dev ? "the" : "no");
	if (ret) {
		snapshot_image_free(img);
		return ret;
	}
	*out = img;
	return 0;
}

int snapshot_restore_cpus(struct vmm *vmm, struct snapshot_image *img)
{
	unsigned int i;
	int ret = vmm_create_cpus(vmm);

	if (!ret)
		ret = device_state_load(vmm, &img->dev);
	for (i = 0; !ret && i < vmm->cpus.nr; i++)
		ret = vcpu_state_put(&vmm->cpus.vcpus[i], &img->vcpus[i]);
	if (ret)
		error_prepend("snapshot %s: ", img->path);
	return ret;
}
