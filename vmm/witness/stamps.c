// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/random.h>
#include <linux/kvm.h>

#include "ram/ram_block.h"
#include "util/error.h"
#include "witness/stamps.h"

#define PAGE		4096ULL
/*
 * The guest framework's own low RAM (guest/lib/layout.h: data, stack,
 * page tables): a stamp there would corrupt it, so none is asked for.
 */
#define GUEST_OWN_START	0x1000ULL
#define GUEST_OWN_END	0xa0000ULL

/* A well-mixed value per input (splitmix64's finaliser). */
static u64 mix64(u64 x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	return x ^ (x >> 33);
}

static u64 new_nonce(void)
{
	u64 n = 0;

	if (getrandom(&n, sizeof(n), 0) != sizeof(n))
		n = mix64((u64)time(NULL) ^ ((u64)getpid() << 32));
	return n ? n : 1;
}

struct page_set {
	hwaddr		*p;
	unsigned int	nr, alloc;
	const struct kvm_memory_listener *kml;
};

/* Only pages the guest may write and KVM maps writable. */
static int add_page(struct page_set *ps, hwaddr page)
{
	const struct kvm_slot *s = kvm_slots_find(ps->kml, page);

	if (!s || (s->flags & KVM_MEM_READONLY) ||
	    (page >= GUEST_OWN_START && page < GUEST_OWN_END))
		return 0;
	if (ps->nr == ps->alloc) {
		unsigned int n = ps->alloc ? 2 * ps->alloc : 256;
		hwaddr *p = realloc(ps->p, n * sizeof(*p));

		if (!p)
			return error_ret(ENOMEM, "stamps: out of memory");
		ps->p = p;
		ps->alloc = n;
	}
	ps->p[ps->nr++] = page;
	return 0;
}

/*
 * First and last page of [start, end), and each 128 MiB multiple inside:
 * the pages e820-probe samples too, so that stamping them costs the host
 * no memory the probe did not touch already.
 */
static int add_range(struct page_set *ps, hwaddr start, u64 end)
{
	u64 b;
	int ret;

	ret = add_page(ps, ALIGN_DOWN(start, PAGE));
	if (!ret)
		ret = add_page(ps, ALIGN_DOWN(end - 1, PAGE));
	for (b = ALIGN_UP(start + 1, STAMP_SAMPLE_STEP); !ret && b < end;
	     b += STAMP_SAMPLE_STEP)
		ret = add_page(ps, b);
	return ret;
}

static int cmp_page(const void *a, const void *b)
{
	hwaddr x = *(const hwaddr *)a, y = *(const hwaddr *)b;

	return x < y ? -1 : x > y;
}

/* Sorted, each once, and at most STAMPS_MAX: then every k-th. */
static void page_set_finish(struct page_set *ps)
{
	unsigned int i, k = 0, stride;

	qsort(ps->p, ps->nr, sizeof(*ps->p), cmp_page);
	for (i = 0; i < ps->nr; i++)
		if (!k || ps->p[i] != ps->p[k - 1])
			ps->p[k++] = ps->p[i];
	ps->nr = k;
	if (ps->nr <= STAMPS_MAX)
		return;
	stride = (ps->nr + STAMPS_MAX - 1) / STAMPS_MAX;
	for (i = 0, k = 0; i < ps->nr; i += stride)
		ps->p[k++] = ps->p[i];
	ps->nr = k;
}

struct span {
	hwaddr	start;
	u64	end;
	bool	near_edge;	/* among the 3 first or last of its run */
};

static int cmp_span(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* The writable slots, by address, each marked if near a run's end. */
static struct span *writable_slots(const struct kvm_memory_listener *kml,
				   unsigned int *nr)
{
	struct span *v = calloc(kvm_slots_count(kml) + 1, sizeof(*v));
	const struct kvm_slot *s;
	unsigned int n = 0, i, run;

	if (!v)
		return NULL;
	kvm_slots_for_each(s, kml)
		if (!(s->flags & KVM_MEM_READONLY))
			v[n++] = (struct span) {
				.start = s->start_addr,
				.end = s->start_addr + s->memory_size,
			};
	qsort(v, n, sizeof(*v), cmp_span);
	for (i = 0, run = 0; i < n; i++) {
		run = i && v[i].start == v[i - 1].end ? run + 1 : 0;
		v[i].near_edge = run < 3;
	}
	for (i = n, run = 0; i-- > 0;) {
		run = i + 1 < n && v[i].end == v[i + 1].start ? run + 1 : 0;
		v[i].near_edge |= run < 3;
	}
	*nr = n;
	return v;
}

/*
 * The first and last page of every writable slot, so both sides of
 * every slot boundary with RAM on it.  Each costs the host the huge page
 * around it, so past STAMPS_MAX_SLOTS slots only every k-th slot and
 * the three at each end of a run of adjacent slots are stamped.
 */
static int add_slot_edges(struct stamps *st, struct page_set *ps)
{
	unsigned int n, i, k;
	struct span *v = writable_slots(st->kml, &n);
	int ret = 0;

	if (!v)
		return error_ret(ENOMEM, "stamps: out of memory");
	k = n > STAMPS_MAX_SLOTS ? (n + STAMPS_MAX_SLOTS - 1) /
				   STAMPS_MAX_SLOTS : 1;
	st->slots = n;
	st->slots_stamped = 0;
	for (i = 0; !ret && i < n; i++) {
		if (i % k && !v[i].near_edge)
			continue;
		st->slots_stamped++;
		ret = add_page(ps, v[i].start);
		if (!ret)
			ret = add_page(ps, v[i].end - PAGE);
	}
	free(v);
	return ret;
}

/* The slots' edges, and every e820 RAM range's with its samples. */
static int stamps_build_list(struct stamps *st)
{
	struct page_set ps = { .kml = st->kml };
	const struct e820_table *t = &st->pcms->e820;
	unsigned int i;
	int ret = add_slot_edges(st, &ps);

	for (i = 0; !ret && i < t->nr; i++)
		if (t->entries[i].type == E820_RAM && t->entries[i].len)
			ret = add_range(&ps, t->entries[i].addr,
					t->entries[i].addr + t->entries[i].len);
	if (ret) {
		free(ps.p);
		return ret;
	}
	page_set_finish(&ps);
	free(st->pages);
	st->pages = ps.p;
	st->nr = ps.nr;
	return 0;
}

static char *stamps_text(const struct stamps *st, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	if (!f)
		return NULL;
	stamps_print(st, f);
	fclose(f);
	return buf;
}

void stamps_print(const struct stamps *st, FILE *f)
{
	unsigned int i;

	fprintf(f, "# memslot-vmm host stamps (docs/witness.md): %u pages, "
		"the edges of %u of %u writable slots\n", st->nr,
		st->slots_stamped, st->slots);
	fprintf(f, "nonce 0x%016" PRIx64 "\n", st->nonce);
	for (i = 0; i < st->nr; i++)
		fprintf(f, "0x%016" PRIx64 "\n", st->pages[i]);
}

/* The list the guest reads is the one it looks up in the directory. */
static void stamps_select(void *opaque, enum fw_cfg_select_event ev)
{
	struct stamps *st = opaque;
	size_t len;
	char *text;

	if (ev == FW_CFG_SELECT_FILE) {
		free(st->handed);
		st->handed = malloc((st->nr ? st->nr : 1) * sizeof(hwaddr));
		st->nr_handed = st->handed ? st->nr : 0;
		if (st->handed)
			memcpy(st->handed, st->pages, st->nr * sizeof(hwaddr));
		return;
	}
	/* Out of memory: the old list stays, the guest reads that one. */
	if (stamps_build_list(st))
		return;
	text = stamps_text(st, &len);
	if (text)
		fw_cfg_update_file(&st->pcms->fw_cfg, STAMPS_FILE, text,
				   (u32)len);
	free(text);
}

int stamps_init(struct stamps *st, struct pc_machine *pcms,
		const struct kvm_memory_listener *kml)
{
	size_t len;
	char *text;
	int ret;

	memset(st, 0, sizeof(*st));
	st->pcms = pcms;
	st->kml = kml;
	st->nonce = new_nonce();
	ret = stamps_build_list(st);
	if (ret)
		return ret;
	text = stamps_text(st, &len);
	if (!text)
		return error_ret(ENOMEM, "stamps: out of memory");
	ret = fw_cfg_add_file_callback(&pcms->fw_cfg, STAMPS_FILE, text,
				       (u32)len, stamps_select, st);
	free(text);
	return ret;
}

void stamps_destroy(struct stamps *st)
{
	free(st->pages);
	free(st->handed);
	st->pages = st->handed = NULL;
	st->nr = st->nr_handed = 0;
}

bool stamps_handed(const struct stamps *st)
{
	return st->handed != NULL;
}

/* What the host page of @gpa holds instead of its stamp, in words. */
static void describe_wrong(struct stamps *st, hwaddr gpa, const char *where,
			   const u64 *w)
{
	char found[96];

	if (w && w[0] == STAMP_MAGIC && w[1] == st->nonce)
		snprintf(found, sizeof(found), "the stamp of GPA 0x%" PRIx64,
			 w[2]);
	else if (w && w[0] == STAMP_MAGIC)
		snprintf(found, sizeof(found), "a stamp of another run");
	else if (w)
		snprintf(found, sizeof(found), "no stamp (0x%" PRIx64 " 0x%"
			 PRIx64 " 0x%" PRIx64 ")", w[0], w[1], w[2]);
	else
		snprintf(found, sizeof(found), "nothing: no writable RAM is "
			 "mapped there now");
	snprintf(st->first_wrong, sizeof(st->first_wrong), "the stamp of GPA "
		 "0x%" PRIx64 " is not in its host page (%s): that holds %s",
		 gpa, where, found);
}

/* Through the flat view and the RAMBlock: is @gpa's stamp where it lands? */
static bool stamp_in_place(struct stamps *st, hwaddr gpa)
{
	struct memory_region_section s;
	struct ram_block *b;
	char where[RAM_BLOCK_IDSTR_MAX + 32] = "no RAM";
	const u64 *w = NULL;
	u8 *host;

	if (address_space_translate(&st->pcms->as_memory, gpa, &s) &&
	    memory_region_section_is_direct(&s, true)) {
		b = memory_region_get_ram_block(s.mr);
		host = (u8 *)memory_region_get_ram_ptr(s.mr) +
		       s.offset_within_region +
		       (gpa - s.offset_within_address_space);
		snprintf(where, sizeof(where), "%s+0x%" PRIx64, b->idstr,
			 (u64)(host - (u8 *)b->host));
		w = (const u64 *)(host + STAMP_OFFSET);
		if (w[0] == STAMP_MAGIC && w[1] == st->nonce && w[2] == gpa)
			return true;
	}
	if (!st->wrong)
		describe_wrong(st, gpa, where, w);
	return false;
}

u64 stamps_check(struct stamps *st)
{
	unsigned int i;

	for (i = 0; i < st->nr_handed; i++) {
		st->checked++;
		if (!stamp_in_place(st, st->handed[i]))
			st->wrong++;
	}
	return st->wrong;
}
