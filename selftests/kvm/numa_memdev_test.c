// SPDX-License-Identifier: GPL-2.0
/*
 * The memdev path end to end, against tables written by hand from QEMU
 * 7.2's rules (docs/qemu-rules.md, "NUMA memdevs"):
 *  - -M pc -m 4G -nodefaults (RAM split 3G + 1G) with two nodes whose
 *    boundary is below 4 GiB (1G + 3G), at it (3G + 1G) and above it
 *    (3.5G + 0.5G): the slots split where a node ends, each named after
 *    its memdev at its offset in it, and e820 still one RAM range per
 *    alias;
 *  - -machine memory-backend=m0: the slots are m0's, the RAMBlock is
 *    "m0" (QEMU 7.2's `info ramblock`), as large as -m;
 *  - memdevs are RAMBlocks in -object order: -object m1 (64M) before m0
 *    (128M) puts m1 at 0 and m0 at 0x4000000, whatever the nodes' order;
 *  - FW_CFG_NUMA as numa-probe reads it (-smp 3, node 0: 1G and CPU 1,
 *    node 1: 3G and CPU 0, node 2: no memory, CPU 2) is the hand-written
 *    table {3, 1, 0, 2, 1G, 3G, 0}, the probe passes, and QEMU shows the
 *    same guest the same (scripts/qemu-diff.sh).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/kvm.h>

#include "ktap.h"
#include "ram/ram_block.h"
#include "util/error.h"
#include "vmm_inproc.h"
#include "pc_layouts.h"
#include "vmm_run.h"

#define G (1ULL << 30)
#define M (1ULL << 20)

struct want_slot {
	u64		start;
	u64		size;
	bool		readonly;
	const char	*region;
	u64		offset;
};

struct numa_case {
	const char		*name;
	u64			size0, size1;
	struct want_slot	slots[8];	/* ended by size 0 */
};

/* The ROM slots every case has (256 KiB BIOS, -nodefaults). */
#define ROMS	{ 0xc0000, 0x20000, true, "pc.rom", 0 }, \
		{ 0xe0000, 0x20000, true, "pc.bios", 0x20000 }, \
		{ 0xfffc0000, 0x40000, true, "pc.bios", 0 }

static const struct numa_case cases[] = {
	{ "node boundary below 4G (1G + 3G)", G, 3 * G, {
		{ 0, 0xc0000, false, "m0", 0 }, ROMS,
		{ 0x100000, G - 0x100000, false, "m0", 0x100000 },
		{ G, 2 * G, false, "m1", 0 },
		{ 4 * G, G, false, "m1", 2 * G } } },
	{ "node boundary at 4G (3G + 1G)", 3 * G, G, {
		{ 0, 0xc0000, false, "m0", 0 }, ROMS,
		{ 0x100000, 3 * G - 0x100000, false, "m0", 0x100000 },
		{ 4 * G, G, false, "m1", 0 } } },
	{ "node boundary above 4G (3.5G + 0.5G)", 3584 * M, 512 * M, {
		{ 0, 0xc0000, false, "m0", 0 }, ROMS,
		{ 0x100000, 3 * G - 0x100000, false, "m0", 0x100000 },
		{ 4 * G, 512 * M, false, "m0", 3 * G },
		{ 4 * G + 512 * M, 512 * M, false, "m1", 0 } } },
};

static void add_memdev(struct pc_machine_params *p, const char *id, u64 size)
{
	struct host_memory_backend_params *md = &p->memdevs[p->nr_memdevs++];

	host_memory_backend_params_init(md, HOST_MEMORY_BACKEND_RAM);
	md->id = strdup(id);
	md->size = size;
}

static void add_node(struct pc_machine_params *p, const char *memdev)
{
	struct numa_node_params *n = &p->numa[p->nr_numa];

	n->nodeid = p->nr_numa++;
	n->memdev = memdev ? strdup(memdev) : NULL;
}

static void pc_4g(struct vmm_params *p, const char *bios)
{
	vmm_params_init(p);
	p->machine.ram_size = 4 * G;
	p->machine.nodefaults = true;
	p->machine.bios = strdup(bios);
	p->machine.serial.backend = SERIAL_NONE;
}

/* Some slot is exactly @w. */
static bool has_slot(const struct kvm_memory_listener *kml,
		     const struct want_slot *w)
{
	const struct kvm_slot *s;

	kvm_slots_for_each(s, kml)
		if (s->start_addr == w->start && s->memory_size == w->size &&
		    !!(s->flags & KVM_MEM_READONLY) == w->readonly &&
		    !strcmp(memory_region_name(s->mr), w->region) &&
		    s->offset_in_region == w->offset)
			return true;
	ktap_print_msg("no slot [0x%llx +0x%llx] %s %s @0x%llx",
		       (unsigned long long)w->start,
		       (unsigned long long)w->size, w->readonly ? "ro" : "rw",
		       w->region, (unsigned long long)w->offset);
	return false;
}

static bool check_slots(const struct kvm_memory_listener *kml,
			const struct want_slot *w)
{
	unsigned int n = 0;
	bool ok = true;

	for (; w[n].size; n++)
		ok &= has_slot(kml, &w[n]);
	if (kvm_slots_count(kml) != n) {
		ktap_print_msg("%u slots, expected %u", kvm_slots_count(kml),
			       n);
		ok = false;
	}
	return ok;
}

/*
 * e820 of -m 4G on pc: the identity-map pages, AMD's HyperTransport hole
 * when the host's CPU gets it (read by the test itself, pc_layouts.h),
 * [0, 3G) and [4G, 5G).
 */
static bool check_e820(const struct e820_table *t)
{
	const struct e820_entry hole = {
		0xfd00000000ULL, 0x10000000000ULL - 0xfd00000000ULL,
		E820_RESERVED
	};
	struct e820_entry want[4] = { { 0xfeffc000, 0x4000, E820_RESERVED } };
	unsigned int i, n = 1;
	bool ok;

	if (host_gets_amd_ht_hole(NULL, 0))
		want[n++] = hole;
	want[n++] = (struct e820_entry){ 0, 3 * G, E820_RAM };
	want[n++] = (struct e820_entry){ 4 * G, G, E820_RAM };
	ok = t->nr == n;
	for (i = 0; ok && i < t->nr; i++)
		ok = t->entries[i].addr == want[i].addr &&
		     t->entries[i].len == want[i].len &&
		     t->entries[i].type == want[i].type;
	if (!ok)
		ktap_print_msg("e820: %u entries, not the %u of -m 4G", t->nr,
			       n);
	return ok;
}

static void test_boundary(const struct numa_case *c, const char *bios)
{
	static struct vmm_params p;
	static struct vmm vmm;

	pc_4g(&p, bios);
	add_memdev(&p.machine, "m0", c->size0);
	add_memdev(&p.machine, "m1", c->size1);
	add_node(&p.machine, "m0");
	add_node(&p.machine, "m1");
	memset(&vmm, 0, sizeof(vmm));
	vmm_build_inproc(&vmm, &p);
	ktap_test_result(check_slots(&vmm.kml, c->slots), "%s: slots split "
			 "where node 0 ends", c->name);
	ktap_test_result(check_e820(&vmm.pcms.e820), "%s: e820 one RAM "
			 "range per alias", c->name);
	vmm_teardown(&vmm);
	vmm_params_free(&p);
}

/* -machine memory-backend=m0: m0 is the RAM, its block named "m0". */
static void test_memory_backend(const char *bios)
{
	static const struct want_slot w[] = {
		{ 0, 0xc0000, false, "m0", 0 }, ROMS,
		{ 0x100000, 3 * G - 0x100000, false, "m0", 0x100000 },
		{ 4 * G, G, false, "m0", 3 * G }, { 0 },
	};
	static struct vmm_params p;
	static struct vmm vmm;
	struct ram_block *b;

	pc_4g(&p, bios);
	add_memdev(&p.machine, "m0", 4 * G);
	p.machine.memory_backend = strdup("m0");
	memset(&vmm, 0, sizeof(vmm));
	vmm_build_inproc(&vmm, &p);
	ktap_test_result(check_slots(&vmm.kml, w) &&
			 check_e820(&vmm.pcms.e820),
			 "-machine memory-backend=m0: slots of m0, e820 of -m "
			 "4G");
	b = ram_block_find("m0");
	ktap_test_result(b && b->used_length == 4 * G && !ram_block_find("pc.ram"),
			 "-machine memory-backend=m0: RAMBlock \"m0\" of 4G, "
			 "no pc.ram");
	vmm_teardown(&vmm);
	vmm_params_free(&p);
}

/* -object m1 (64M), then m0 (128M); nodes m0 then m1. */
static void test_object_order(const char *bios)
{
	static struct vmm_params p;
	static struct vmm vmm;
	struct ram_block *m0, *m1;

	pc_4g(&p, bios);
	p.machine.ram_size = 192 * M;
	add_memdev(&p.machine, "m1", 64 * M);
	add_memdev(&p.machine, "m0", 128 * M);
	add_node(&p.machine, "m0");
	add_node(&p.machine, "m1");
	memset(&vmm, 0, sizeof(vmm));
	vmm_build_inproc(&vmm, &p);
	m0 = ram_block_find("m0");
	m1 = ram_block_find("m1");
	ktap_test_result(m0 && m1 && m1->offset == 0 &&
			 m0->offset == 0x4000000, "RAMBlocks in -object "
			 "order: m1 at 0x%llx, m0 at 0x%llx (want 0, "
			 "0x4000000)", m1 ? (unsigned long long)m1->offset : 0,
			 m0 ? (unsigned long long)m0->offset : 0);
	vmm_teardown(&vmm);
	vmm_params_free(&p);
}

/* FW_CFG_NUMA of the three-node machine, by hand: QEMU's layout. */
static const u64 want_words[] = { 3, 1, 0, 2, G, 3 * G, 0 };

static bool check_words(const char *out)
{
	char *obs = guest_obs(out, "numa-word"), *line = obs;
	unsigned int i = 0, idx;
	unsigned long long v;
	bool ok = true;

	while (line && *line && sscanf(line, "numa-word %u 0x%llx", &idx,
				       &v) == 2) {
		if (idx != i || i >= ARRAY_SIZE(want_words) ||
		    v != want_words[i]) {
			ktap_print_msg("numa-word %u 0x%llx, expected word %u "
				       "0x%llx", idx, v, i, i <
				       ARRAY_SIZE(want_words) ?
				       (unsigned long long)want_words[i] : 0);
			ok = false;
		}
		i++;
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
	free(obs);
	return ok && i == ARRAY_SIZE(want_words);
}

static void test_fw_cfg_numa(void)
{
	char image[4096];
	const char *argv[] = {
		"-M", "pc", "-m", "4G", "-smp", "3", "-bios", image,
		"-object", "memory-backend-ram,id=m0,size=1G",
		"-object", "memory-backend-ram,id=m1,size=3G",
		"-numa", "node,memdev=m0,cpus=1",
		"-numa", "node,memdev=m1,cpus=0",
		"-numa", "node,cpus=2",
		/* vmm alone; qemu-diff.sh adds them to both */
		"-device", "isa-debug-exit,iobase=0xf4,iosize=4",
		"-serial", "stdio", NULL,
	};
	struct qemu_diff d;
	bool qemu = have_qemu();
	int ret;

	guest_image(image, sizeof(image), "numa-probe");
	memset(&d, 0, sizeof(d));
	if (qemu) {
		argv[18] = NULL;	/* the options both take */
		ret = qemu_diff_run(&d, 60, NULL, argv);
	} else {
		ret = vmm_run(&d.vmm, 60, argv);
	}
	if (ret)
		ktap_exit_fail_msg("cannot run: %s", strerror(-ret));
	ktap_test_result(d.vmm.status == 1 &&
			 has_line(d.vmm.out, "ok 1 numa-probe"),
			 "numa-probe passes on 3 nodes (1G, 3G, none): status "
			 "%d", d.vmm.status);
	ktap_test_result(check_words(d.vmm.out), "FW_CFG_NUMA is {3, 1, 0, "
			 "2, 1G, 3G, 0}, as written by hand");
	if (!qemu) {
		ktap_test_skip("QEMU's view: qemu-system-x86_64 is not "
			       "installed");
	} else {
		if (d.diff.status)
			ktap_print_lines(d.diff.out);
		ktap_test_result(!d.diff.status && check_words(d.qemu.out),
				 "QEMU shows numa-probe the same "
				 "(qemu-diff.sh)");
	}
	qemu_diff_free(&d);
}

int main(void)
{
	const char *bios;
	unsigned int i;

	ktap_print_header();
	if (!have_kvm())
		ktap_skip_all("/dev/kvm is not available");
	bios = make_test_bios(256 * 1024);
	if (!bios)
		ktap_exit_fail_msg("cannot write a test BIOS in /tmp");
	ktap_set_plan(2 * ARRAY_SIZE(cases) + 3 + 3);
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		test_boundary(&cases[i], bios);
	test_memory_backend(bios);
	test_object_order(bios);
	unlink(bios);
	test_fw_cfg_numa();
	ktap_finished();
}
