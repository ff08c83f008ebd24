// SPDX-License-Identifier: GPL-2.0
/*
 * Values written across every KVM slot boundary read back intact, seen
 * from inside the guest: -m 6G with max slot sizes 1G, 256M and 2M, the
 * boundaries handed to slot-probe through fw_cfg opt/probe/boundaries.
 *
 * The boundaries come from the layout rule, by hand as in
 * slot_split_test.c: RAM [0, 0xa0000), [1M, 3G) and [4G, 7G), each cut
 * into slots of S from its start (the last one shorter); pc.rom
 * [0xc0000, +128K), isa-bios [0xe0000, +128K) and the 128 KiB BIOS
 * [0xfffe0000, 4G) are one slot each.  Every slot's start and end but 0
 * is a boundary.  vmm's own slots (the same machine built in-process,
 * read through kvm/'s slot lookup API) must have exactly these edges.  With 2M there are 3078, more than the probe takes (512)
 * and about 7 ms each here (first touches), so a sample is handed in: the
 * ROM edges, three slot edges at each end of every RAM range (so 3G and
 * 4G with their neighbours) and every 32nd edge.
 *
 * Each handed-in boundary must appear as "boundary A below|above ok", the
 * kinds (guest/README.md) from this map of -m 6G: ram [0, 4K), own
 * [4K, 0xa0000), vga, rom [0xc0000, 1M), ram [1M, 3G), hole up to
 * 0xfec00000, device up to 0xff000000, hole, rom [0xfffe0000, 4G), ram
 * [4G, 7G), hole up to the map top 8G; "skip" when a side is own or vga
 * (the probe does not write there).
 */
#include <stdlib.h>
#include <string.h>

#include "ktap.h"
#include "util/error.h"
#include "vmm_inproc.h"
#include "vmm_run.h"

#define G (1ULL << 30)
#define M (1ULL << 20)
#define MAX_EDGES 4096

static const struct {
	const char	*size;
	u64		bytes;
	unsigned int	nr_edges;	/* slot edges but 0, by hand */
	unsigned int	nr_handed;	/* how many go to the guest */
} splits[] = {
	/* 0xa0000, 0xc0000, 0xe0000, 1M, 1G+1M, 2G+1M, 3G, BIOS, 4G..7G */
	{ "1G", 1 * G, 12, 12 },
	/* the same with 11 + 12 edges inside the RAM ranges */
	{ "256M", 256 * M, 30, 30 },
	/*
	 * 1536 + 1536 slots: 3078 edges.  Sample: 4 below 1M, 3 at each
	 * end of the two big ranges (12), every 32nd of 3078 (97), less
	 * 0xa0000 counted twice: 112.
	 */
	{ "2M", 2 * M, 3078, 112 },
};

static const struct {
	u64 start, end;
} ram[] = {
	{ 0x0, 0xa0000 },
	{ 0x100000, 0xc0000000 },
	{ 0x100000000, 0x1c0000000 },
};

static const struct {
	u64		start;
	const char	*kind;
} kinds[] = {
	{ 0x0, "ram" },
	{ 0x1000, "own" },
	{ 0xa0000, "vga" },
	{ 0xc0000, "rom" },
	{ 0x100000, "ram" },
	{ 0xc0000000, "hole" },
	{ 0xfec00000, "device" },
	{ 0xff000000, "hole" },
	{ 0xfffe0000, "rom" },
	{ 0x100000000, "ram" },
	{ 0x1c0000000, "hole" },
	{ 0x200000000, "unmapped" },
};

struct edge {
	u64	addr;
	bool	sample;		/* handed in when the list is cut down */
};

static const char *kind_of(u64 pa)
{
	unsigned int i;

	for (i = ARRAY_SIZE(kinds); i-- > 0;)
		if (pa >= kinds[i].start)
			return kinds[i].kind;
	return "unmapped";
}

static int cmp_edge(const void *a, const void *b)
{
	const struct edge *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Every slot edge but 0, sorted; the sample flags set. */
static unsigned int slot_edges(struct edge *e, u64 size)
{
	static const u64 rom[] = { 0xc0000, 0xe0000, 0xfffe0000 };
	unsigned int n = 0, i, r;

	for (i = 0; i < ARRAY_SIZE(rom); i++)
		e[n++] = (struct edge) { rom[i], true };
	for (r = 0; r < ARRAY_SIZE(ram); r++) {
		unsigned int k, last = (ram[r].end - ram[r].start - 1) / size + 1;

		/* Edge k is the start of slot k; edge `last` the range's end. */
		for (k = 0; k <= last; k++) {
			u64 a = k == last ? ram[r].end : ram[r].start + k * size;

			if (!a)
				continue;
			e[n++] = (struct edge) { a, k < 3 || k + 3 > last };
		}
	}
	qsort(e, n, sizeof(*e), cmp_edge);
	for (i = 0; i < n; i++)
		e[i].sample |= i % 32 == 0;
	return n;
}

/* The edges of @kml's slots but 0, sorted, each once. */
static unsigned int vmm_edges(const struct kvm_memory_listener *kml,
			      struct edge *got, unsigned int max)
{
	const struct kvm_slot *s;
	unsigned int m = 0, i, k;

	kvm_slots_for_each(s, kml) {
		if (m + 2 > max)
			break;
		if (s->start_addr)
			got[m++] = (struct edge) { s->start_addr, false };
		got[m++] = (struct edge) { s->start_addr + s->memory_size,
					   false };
	}
	qsort(got, m, sizeof(*got), cmp_edge);
	for (i = 1, k = m ? 1 : 0; i < m; i++)
		if (got[i].addr != got[k - 1].addr)
			got[k++] = got[i];
	return k;
}

/* vmm's slots for -m 6G at this max slot size have the rule's edges. */
static bool check_vmm_slots(const char *name, u64 max_slot_size,
			    const char *image, const struct edge *e,
			    unsigned int n)
{
	static struct edge got[2 * MAX_EDGES];
	static struct vmm_params params;
	static struct vmm vmm;
	unsigned int k = 0, i = 0;
	char err[1024];

	vmm_params_init(&params);
	params.machine.ram_size = 6 * G;
	params.machine.bios = strdup(image);
	params.max_slot_size = max_slot_size;
	memset(&vmm, 0, sizeof(vmm));
	if (vmm_build_stderr(&vmm, &params, err, sizeof(err)))
		ktap_print_msg("%s: vmm_build: %s", name, error_get());
	else
		k = vmm_edges(&vmm.kml, got, ARRAY_SIZE(got));
	vmm_teardown(&vmm);
	vmm_params_free(&params);
	while (i < k && i < n && got[i].addr == e[i].addr)
		i++;
	if (k == n && i == n)
		return true;
	ktap_print_msg("%s: vmm's slots have %u edges, expected %u; first "
		       "difference at #%u: 0x%llx, expected 0x%llx", name, k,
		       n, i, i < k ? (unsigned long long)got[i].addr : 0ULL,
		       i < n ? (unsigned long long)e[i].addr : 0ULL);
	return false;
}

/* Each handed-in boundary's line, with the kinds of the map. */
static bool check_boundaries(const char *name, const char *out,
			     const struct edge *e, unsigned int n, bool all)
{
	unsigned int i, bad = 0;
	char line[128];

	for (i = 0; i < n; i++) {
		const char *below = kind_of(e[i].addr - 1);
		const char *above = kind_of(e[i].addr);
		bool skip = !strcmp(below, "own") || !strcmp(below, "vga") ||
			    !strcmp(above, "own") || !strcmp(above, "vga");

		if (!all && !e[i].sample)
			continue;
		snprintf(line, sizeof(line), "    # boundary 0x%016llx %s|%s %s",
			 (unsigned long long)e[i].addr, below, above,
			 skip ? "skip" : "ok");
		if (has_line(out, line))
			continue;
		if (bad++ < 8)
			ktap_print_msg("%s: no line '%s'", name, line + 6);
	}
	if (bad)
		ktap_print_msg("%s: %u boundaries not as expected", name, bad);
	return !bad;
}

/*
 * "-fw_cfg name=opt/probe/boundaries,string=LIST": every edge, or the
 * sample when there are too many; a string to free(), *@handed of them.
 */
static char *boundaries_fw_cfg(const struct edge *e, unsigned int n,
			       bool all, unsigned int *handed)
{
	char *fw_cfg = malloc(n * 24 + 64), *at;
	unsigned int i;

	if (!fw_cfg)
		ktap_exit_fail_msg("out of memory");
	at = fw_cfg + sprintf(fw_cfg, "name=opt/probe/boundaries,string=");
	for (i = 0, *handed = 0; i < n; i++) {
		if (!all && !e[i].sample)
			continue;
		at += sprintf(at, "0x%llx\n", (unsigned long long)e[i].addr);
		(*handed)++;
	}
	return fw_cfg;
}

static void test_split(unsigned int c, const char *image)
{
	static struct edge e[MAX_EDGES];
	char accel[64], name[64], count[64], *fw_cfg;
	const char *argv[16] = {
		"-m", "6G", "-accel", accel, "-bios", image,
		"-device", "isa-debug-exit,iobase=0xf4,iosize=4",
		"-serial", "stdio", "-fw_cfg", NULL,
	};
	unsigned int n, handed;
	bool all, ok;
	struct vmm_result r;
	char *diag;

	snprintf(name, sizeof(name), "-m 6G max-slot-size=%s",
		 splits[c].size);
	snprintf(accel, sizeof(accel), "kvm,max-slot-size=%s",
		 splits[c].size);
	n = slot_edges(e, splits[c].bytes);
	all = n <= 512;
	fw_cfg = boundaries_fw_cfg(e, n, all, &handed);
	argv[11] = fw_cfg;

	if (vmm_run(&r, 60, argv))
		ktap_exit_fail_msg("cannot run vmm");
	ok = n == splits[c].nr_edges && handed == splits[c].nr_handed;
	if (!ok)
		ktap_print_msg("%s: %u slot edges, %u handed in; expected %u "
			       "and %u", name, n, handed, splits[c].nr_edges,
			       splits[c].nr_handed);
	ok &= check_vmm_slots(name, splits[c].bytes, image, e, n);
	ktap_test_result(ok, "%s: vmm's slots end at the %u edges of the rule",
			 name, n);

	snprintf(count, sizeof(count), "    # boundaries fw-cfg %u", handed);
	ok = has_line(r.out, count);
	if (!ok) {
		diag = guest_obs(r.out, "boundaries");
		ktap_print_msg("%s: expected '%s', got:", name, count + 6);
		ktap_print_lines(diag);
		free(diag);
	}
	ok &= check_boundaries(name, r.out, e, n, all);
	ok &= r.status == 1 && has_line(r.out, "    ok 3 fw-cfg-boundaries") &&
	      has_line(r.out, "ok 1 slot-probe");
	if (!ok) {
		ktap_print_msg("%s: status %d (expected 1); guest output:",
			       name, r.status);
		ktap_print_lines(r.out);
		ktap_print_lines(r.err);
	}
	ktap_test_result(ok, "%s: slot-probe reads back across %u handed-in "
			 "boundaries (status %d)", name, handed, r.status);
	free(fw_cfg);
	vmm_result_free(&r);
}

int main(void)
{
	char image[4096];
	unsigned int i;

	ktap_print_header();
	if (!have_kvm())
		ktap_skip_all("/dev/kvm is not available");
	guest_image(image, sizeof(image), "slot-probe");
	ktap_set_plan(2 * ARRAY_SIZE(splits));
	for (i = 0; i < ARRAY_SIZE(splits); i++)
		test_split(i, image);
	ktap_finished();
}
