// SPDX-License-Identifier: GPL-2.0
/*
 * Host-side stamps (docs/witness.md): the pages vmm hands the guest to
 * stamp, the guest's stamps found by vmm where their addresses land, and
 * a slot mapped one host page off caught although the guest sees nothing.
 *
 * The lists, by hand from the layout of -m 6G (docs/qemu-rules.md): RAM
 * slots [0, 0xa0000), [1M, 3G) and [4G, 7G); the first and last page of
 * each (but [0x1000, 0xa0000), the guest framework's own: the last page
 * of the first slot is not stamped), the first and last page of the e820
 * RAM entries [0, 3G) and [4G, 7G), and each 128 MiB multiple inside
 * them (23 in each): 51 pages.  With max-slot-size=1G the slots [1M,
 * 3G) and [4G, 7G) are cut at 1G+1M, 2G+1M, 5G and 6G, and each new edge
 * adds its pages (5G and 6G are 128 MiB multiples already): 57.
 *
 * The bug, made by the test-only hook `--test-hook shifted-slot=GPA`
 * (vmm gives KVM the slot holding GPA at a host address one page lower):
 * for [1M, 3G) the guest's own checks all pass, and vmm must end with
 * status 8 naming GPA 0x100000, whose host page (pc.ram+0x100000) holds
 * no stamp; for [4G, 7G) (the slots at or above 4 GiB one page off),
 * GPA 4G lands on the host page of 0xbffff000, the last page below, so
 * the first wrong stamp vmm names is 0xbffff000's, whose host page holds
 * the stamp of 0x100000000.
 */
#include <stdlib.h>
#include <string.h>

#include "ktap.h"
#include "vmm_run.h"

#define G (1ULL << 30)
#define M (1ULL << 20)
#define MAX_PAGES 256

static const u64 edges_1g[] = {
	M, G + M - 4096, G + M, 2 * G + M - 4096, 2 * G + M, 3 * G - 4096,
	4 * G, 5 * G - 4096, 5 * G, 6 * G - 4096, 6 * G, 7 * G - 4096,
};

static const char *image(const char *name)
{
	static char buf[2][4096];
	static unsigned int n;

	return guest_image(buf[n++ % 2], sizeof(buf[0]), name);
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* -m 6G's 51 pages, by hand. */
static unsigned int hand_list(u64 *p)
{
	unsigned int n = 0;
	u64 b;

	p[n++] = 0;
	p[n++] = M;
	p[n++] = 3 * G - 4096;
	p[n++] = 4 * G;
	p[n++] = 7 * G - 4096;
	for (b = 128 * M; b < 3 * G; b += 128 * M)
		p[n++] = b;
	for (b = 4 * G + 128 * M; b < 7 * G; b += 128 * M)
		p[n++] = b;
	qsort(p, n, sizeof(*p), cmp_u64);
	return n;
}

/* `vmm ARGS --dump stamps`: the pages, sorted; the nonce line checked. */
static unsigned int dumped_list(const char *slot_size, u64 *p)
{
	char accel[64];
	const char *argv[] = { "-m", "6G", "-accel", accel, "--dump",
			       "stamps", NULL };
	struct vmm_result r;
	unsigned int n = 0;
	const char *s;

	snprintf(accel, sizeof(accel), "kvm%s%s", slot_size ?
		 ",max-slot-size=" : "", slot_size ? slot_size : "");
	if (vmm_run(&r, 30, argv))
		ktap_exit_fail_msg("cannot run vmm");
	if (r.status || !strstr(r.out, "\nnonce 0x"))
		ktap_print_msg("--dump stamps: status %d, no nonce line: %s",
			       r.status, r.out);
	for (s = r.out; s && *s && n < MAX_PAGES; s = strchr(s, '\n')) {
		s += *s == '\n';
		if (!strncmp(s, "0x", 2))
			p[n++] = strtoull(s, NULL, 16);
	}
	vmm_result_free(&r);
	return n;
}

static void test_lists(void)
{
	u64 want[MAX_PAGES], got[MAX_PAGES];
	unsigned int nw = hand_list(want), ng = dumped_list(NULL, got), i;
	bool ok = nw == ng && !memcmp(want, got, nw * sizeof(u64));

	for (i = 0; !ok && i < MAX(nw, ng); i++) {
		unsigned long long g = i < ng ? got[i] : 0;
		unsigned long long w = i < nw ? want[i] : 0;

		if (i >= nw || i >= ng || w != g)
			ktap_print_msg("page #%u: vmm 0x%llx, by hand 0x%llx",
				       i, g, w);
	}
	ktap_test_result(ok, "-m 6G: the %u pages to stamp are the hand "
			 "list's %u", ng, nw);

	ng = dumped_list("1G", got);
	ok = ng == nw + ARRAY_SIZE(edges_1g) - 6;
	for (i = 0; i < ARRAY_SIZE(edges_1g); i++) {
		if (bsearch(&edges_1g[i], got, ng, sizeof(u64), cmp_u64))
			continue;
		ktap_print_msg("max-slot-size=1G: slot edge page 0x%llx is "
			       "not in the list",
			       (unsigned long long)edges_1g[i]);
		ok = false;
	}
	ktap_test_result(ok, "-m 6G max-slot-size=1G: the first and last "
			 "page of every slot, %u pages (expected %zu)", ng,
			 nw + ARRAY_SIZE(edges_1g) - 6);
}

static struct vmm_result run(const char *img, const char *accel,
			     const char *hook)
{
	const char *argv[] = {
		"-m", "6G", "-bios", image(img), "-accel", accel, "--stats",
		"-device", "isa-debug-exit,iobase=0xf4,iosize=4",
		"-serial", "stdio", NULL,
	};
	const char *more[] = { "--test-hook", hook, NULL };
	struct vmm_result r;

	if (vmm_run_more(&r, 60, argv, hook ? more : NULL))
		ktap_exit_fail_msg("cannot run vmm");
	return r;
}

/* A correct kernel: every stamp where its address lands. */
static void test_clean(const char *img, const char *accel, long long pages,
		       const char *ok_line)
{
	struct vmm_result r = run(img, accel, NULL);
	char count[64];
	bool ok;

	snprintf(count, sizeof(count), "    # stamps %lld fail 0", pages);
	ok = r.status == 1 && has_line(r.out, ok_line) &&
	     has_line(r.out, count) &&
	     find_count(r.err, "stats stamps-checked") == pages &&
	     find_count(r.err, "stats stamps-wrong") == 0;
	if (!ok)
		vmm_result_show(img, &r);
	ktap_test_result(ok, "%s -m 6G %s: %lld stamps checked, none wrong "
			 "(status %d)", img, accel, pages, r.status);
	vmm_result_free(&r);
}

/* shifted-slot: status 8 and the first wrong stamp named. */
static void test_shifted(const char *hook, bool guest_passes,
			 const char *first)
{
	struct vmm_result r = run("e820-probe", "kvm", hook);
	bool ok = r.status == 8 && strstr(r.err, first) &&
		  has_line(r.err, "stats test-hook shifted-slot fired 1") &&
		  find_count(r.err, "stats slot-exits") == 0 &&
		  has_line(r.out, "ok 1 e820-probe") == guest_passes;

	if (!ok) {
		ktap_print_msg("expected status 8 and '%s'", first);
		vmm_result_show(hook, &r);
	}
	ktap_test_result(ok, "%s: the guest %s, vmm names the first wrong "
			 "stamp, status 8 (got %d)", hook, guest_passes ?
			 "sees nothing" : "sees an alias too", r.status);
	vmm_result_free(&r);
}

/* A guest that never read the list is not held to it. */
static void test_no_list(void)
{
	const char *argv[] = {
		"-bios", image("rom-probe"), "--stats",
		"-device", "isa-debug-exit,iobase=0xf4,iosize=4",
		"-serial", "stdio", NULL,
	};
	struct vmm_result r;
	bool ok;

	if (vmm_run(&r, 60, argv))
		ktap_exit_fail_msg("cannot run vmm");
	ok = r.status == 1 && find_count(r.err, "stats stamps-checked") == 0;
	if (!ok)
		vmm_result_show("rom-probe", &r);
	ktap_test_result(ok, "rom-probe reads no list: nothing checked "
			 "(status %d)", r.status);
	vmm_result_free(&r);
}

int main(void)
{
	ktap_print_header();
	if (!have_kvm())
		ktap_skip_all("/dev/kvm is not available");
	ktap_set_plan(2 + 2 + 2 + 1);
	test_lists();
	test_clean("e820-probe", "kvm", 51, "    ok 8 host-stamps");
	test_clean("slot-probe", "kvm,max-slot-size=1G", 57,
		   "    ok 4 host-stamps");
	test_shifted("shifted-slot=0x100000", true,
		     "vmm: host-side stamps: 25 of 51 wrong; the stamp of GPA "
		     "0x100000 is not in its host page (pc.ram+0x100000): that "
		     "holds no stamp (0x0 0x0 0x0)");
	test_shifted("shifted-slot=0x100000000", false,
		     "the stamp of GPA 0xbffff000 is not in its host page "
		     "(pc.ram+0xbffff000): that holds the stamp of GPA "
		     "0x100000000");
	test_no_list();
	ktap_finished();
}
