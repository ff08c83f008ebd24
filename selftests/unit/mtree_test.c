// SPDX-License-Identifier: GPL-2.0
/*
 * The dumps of vmm/memory/mtree.c against QEMU's own text.  The test
 * builds the memory address space of `qemu-system-x86_64 -M pc -m 128M
 * -nodefaults` (QEMU 7.2): pc.ram behind ram-below-4g, the PCI container
 * at priority -1 holding pc.rom, the BIOS and its isa-bios alias, the
 * i440FX's smram-region and PAM aliases of the PCI space (in their
 * power-on state: PCI), the IOAPIC, HPET and MSI windows.  The expected
 * text was copied from what QEMU 7.2 prints for that machine:
 *
 *   printf 'info mtree\ninfo mtree -f\ninfo ramblock\nquit\n' |
 *   qemu-system-x86_64 -enable-kvm -M pc -m 128M -nodefaults \
 *                      -display none -monitor stdio -S
 *
 * keeping the memory address space only (QEMU also has I/O and PCI
 * bus-master spaces, and numbers its flat views across all of them, so
 * the one here is "FlatView #1" in QEMU; cpu-memory-0, which shares it,
 * is left out), and the RAM blocks that this topology has.
 */
#include <stdlib.h>
#include <string.h>

#include "ktap.h"
#include "memory/mtree.h"
#include "ram/ram_block.h"
#include "util/error.h"

static struct memory_region system_memory, pci, pc_ram, ram_below_4g;
static struct memory_region pc_bios, isa_bios, pc_rom, smram, pam[13];
static struct memory_region ioapic, hpet, apic_msi;
static struct address_space as_memory;

static void build_pc(void)
{
	const u64 bios_size = 256 * KiB;
	unsigned int i;

	memory_region_init(&system_memory, "system", U128_2_64);
	memory_region_init(&pci, "pci", U128_2_64);
	/* In QEMU's order of creation, which decides the ram_addr offsets. */
	if (memory_region_init_ram(&pc_ram, "pc.ram", 128 * MiB) ||
	    memory_region_init_rom(&pc_bios, "pc.bios", bios_size) ||
	    memory_region_init_rom(&pc_rom, "pc.rom", 128 * KiB))
		ktap_exit_fail_msg("init: %s", error_get());
	memory_region_init_alias(&ram_below_4g, "ram-below-4g", &pc_ram, 0,
				 128 * MiB);
	memory_region_init_alias(&isa_bios, "isa-bios", &pc_bios,
				 bios_size - 128 * KiB, 128 * KiB);
	memory_region_set_readonly(&isa_bios, true);
	memory_region_init_alias(&smram, "smram-region", &pci, 0xa0000,
				 0x20000);
	/* 12 PAM windows of 16 KiB from 0xc0000, then 64 KiB at 0xf0000. */
	for (i = 0; i < 13; i++)
		memory_region_init_alias(&pam[i], "pam-pci", &pci,
					 0xc0000 + i * 0x4000,
					 i < 12 ? 0x4000 : 0x10000);
	memory_region_init_io(&ioapic, "kvm-ioapic", 0x1000, NULL, NULL);
	memory_region_init_io(&hpet, "hpet", 0x400, NULL, NULL);
	memory_region_init_io(&apic_msi, "kvm-apic-msi", 0x100000, NULL,
			      NULL);

	if (address_space_init(&as_memory, &system_memory, "memory"))
		ktap_exit_fail_msg("address_space_init: %s", error_get());
	memory_region_transaction_begin();
	memory_region_add_subregion(&system_memory, 0, &ram_below_4g);
	memory_region_add_subregion_overlap(&system_memory, 0, &pci, -1);
	memory_region_add_subregion_overlap(&pci, 0xc0000, &pc_rom, 1);
	memory_region_add_subregion_overlap(&pci, 0x100000 - 128 * KiB,
					    &isa_bios, 1);
	memory_region_add_subregion(&pci, (1ULL << 32) - bios_size, &pc_bios);
	memory_region_add_subregion_overlap(&system_memory, 0xa0000, &smram,
					    1);
	for (i = 0; i < 13; i++)
		memory_region_add_subregion_overlap(&system_memory,
						    0xc0000 + i * 0x4000,
						    &pam[i], 1);
	memory_region_add_subregion(&system_memory, 0xfec00000, &ioapic);
	memory_region_add_subregion(&system_memory, 0xfed00000, &hpet);
	memory_region_add_subregion_overlap(&system_memory, 0xfee00000,
					    &apic_msi, 4096);
	memory_region_transaction_commit();
}

static void print_lines(const char *text)
{
	while (*text) {
		int n = (int)strcspn(text, "\n");

		ktap_print_msg("| %.*s", n, text);
		text += n;
		if (*text)
			text++;
	}
}

/* Compare line by line, and say where and how the texts part. */
static bool check_text(const char *name, const char *got, const char *want)
{
	const char *g = got, *w = want;
	unsigned int line = 1;
	bool ok = !strcmp(got, want);

	while (!ok && *g && *w) {
		size_t gl = strcspn(g, "\n"), wl = strcspn(w, "\n");

		if (gl != wl || memcmp(g, w, gl)) {
			ktap_print_msg("%s: line %u differs", name, line);
			ktap_print_msg("got:      %.*s", (int)gl, g);
			ktap_print_msg("expected: %.*s", (int)wl, w);
			break;
		}
		g += gl + (g[gl] == '\n');
		w += wl + (w[wl] == '\n');
		line++;
	}
	if (!ok && (!*g || !*w))
		ktap_print_msg("%s: at line %u, got %s, expected %s", name,
			       line, *g ? "more" : "the end",
			       *w ? "more" : "the end");
	if (!ok) {
		ktap_print_msg("whole output:");
		print_lines(got);
	}
	ktap_test_result(ok, "%s", name);
	return ok;
}

/* A stream whose text lands in *@buf (malloc'd) when it is closed. */
static FILE *capture(char **buf, size_t *len)
{
	FILE *f = open_memstream(buf, len);

	if (!f)
		ktap_exit_fail_msg("open_memstream failed");
	return f;
}

static const char want_mtree[] =
"address-space: memory\n"
"  0000000000000000-ffffffffffffffff (prio 0, i/o): system\n"
"    0000000000000000-0000000007ffffff (prio 0, ram): alias ram-below-4g @pc.ram 0000000000000000-0000000007ffffff\n"
"    0000000000000000-ffffffffffffffff (prio -1, i/o): pci\n"
"      00000000000c0000-00000000000dffff (prio 1, rom): pc.rom\n"
"      00000000000e0000-00000000000fffff (prio 1, rom): alias isa-bios @pc.bios 0000000000020000-000000000003ffff\n"
"      00000000fffc0000-00000000ffffffff (prio 0, rom): pc.bios\n"
"    00000000000a0000-00000000000bffff (prio 1, i/o): alias smram-region @pci 00000000000a0000-00000000000bffff\n"
"    00000000000c0000-00000000000c3fff (prio 1, i/o): alias pam-pci @pci 00000000000c0000-00000000000c3fff\n"
"    00000000000c4000-00000000000c7fff (prio 1, i/o): alias pam-pci @pci 00000000000c4000-00000000000c7fff\n"
"    00000000000c8000-00000000000cbfff (prio 1, i/o): alias pam-pci @pci 00000000000c8000-00000000000cbfff\n"
"    00000000000cc000-00000000000cffff (prio 1, i/o): alias pam-pci @pci 00000000000cc000-00000000000cffff\n"
"    00000000000d0000-00000000000d3fff (prio 1, i/o): alias pam-pci @pci 00000000000d0000-00000000000d3fff\n"
"    00000000000d4000-00000000000d7fff (prio 1, i/o): alias pam-pci @pci 00000000000d4000-00000000000d7fff\n"
"    00000000000d8000-00000000000dbfff (prio 1, i/o): alias pam-pci @pci 00000000000d8000-00000000000dbfff\n"
"    00000000000dc000-00000000000dffff (prio 1, i/o): alias pam-pci @pci 00000000000dc000-00000000000dffff\n"
"    00000000000e0000-00000000000e3fff (prio 1, i/o): alias pam-pci @pci 00000000000e0000-00000000000e3fff\n"
"    00000000000e4000-00000000000e7fff (prio 1, i/o): alias pam-pci @pci 00000000000e4000-00000000000e7fff\n"
"    00000000000e8000-00000000000ebfff (prio 1, i/o): alias pam-pci @pci 00000000000e8000-00000000000ebfff\n"
"    00000000000ec000-00000000000effff (prio 1, i/o): alias pam-pci @pci 00000000000ec000-00000000000effff\n"
"    00000000000f0000-00000000000fffff (prio 1, i/o): alias pam-pci @pci 00000000000f0000-00000000000fffff\n"
"    00000000fec00000-00000000fec00fff (prio 0, i/o): kvm-ioapic\n"
"    00000000fed00000-00000000fed003ff (prio 0, i/o): hpet\n"
"    00000000fee00000-00000000feefffff (prio 4096, i/o): kvm-apic-msi\n"
"\n"
"memory-region: pc.ram\n"
"  0000000000000000-0000000007ffffff (prio 0, ram): pc.ram\n"
"\n"
"memory-region: pc.bios\n"
"  00000000fffc0000-00000000ffffffff (prio 0, rom): pc.bios\n"
"\n"
"memory-region: pci\n"
"  0000000000000000-ffffffffffffffff (prio -1, i/o): pci\n"
"    00000000000c0000-00000000000dffff (prio 1, rom): pc.rom\n"
"    00000000000e0000-00000000000fffff (prio 1, rom): alias isa-bios @pc.bios 0000000000020000-000000000003ffff\n"
"    00000000fffc0000-00000000ffffffff (prio 0, rom): pc.bios\n"
"\n";

static const char want_flatview[] =
"FlatView #0\n"
" AS \"memory\", root: system\n"
" Root memory region: system\n"
"  0000000000000000-00000000000bffff (prio 0, ram): pc.ram KVM\n"
"  00000000000c0000-00000000000dffff (prio 1, rom): pc.rom KVM\n"
"  00000000000e0000-00000000000fffff (prio 0, rom): pc.bios @0000000000020000 KVM\n"
"  0000000000100000-0000000007ffffff (prio 0, ram): pc.ram @0000000000100000 KVM\n"
"  00000000fec00000-00000000fec00fff (prio 0, i/o): kvm-ioapic\n"
"  00000000fed00000-00000000fed003ff (prio 0, i/o): hpet\n"
"  00000000fee00000-00000000feefffff (prio 4096, i/o): kvm-apic-msi\n"
"  00000000fffc0000-00000000ffffffff (prio 0, rom): pc.bios KVM\n"
"\n";

static const char want_ramblock[] =
"              Block Name    PSize              Offset               Used              Total\n"
"                  pc.ram    4 KiB  0x0000000000000000 0x0000000008000000 0x0000000008000000\n"
"                 pc.bios    4 KiB  0x0000000008000000 0x0000000000040000 0x0000000000040000\n"
"                  pc.rom    4 KiB  0x0000000008040000 0x0000000000020000 0x0000000000020000\n";

/*
 * The "KVM" column: the slots KVM has for this machine, by hand (every
 * RAM or ROM range is a slot: docs/qemu-rules.md, "KVM memory slots").
 */
static const struct {
	hwaddr	addr;
	u64	size;
} kvm_slots[] = {
	{ 0x00000000, 0x000c0000 },
	{ 0x000c0000, 0x00020000 },
	{ 0x000e0000, 0x00020000 },
	{ 0x00100000, 0x07f00000 },
	{ 0xfffc0000, 0x00040000 },
};

static bool fake_kvm_has_memory(void *opaque, hwaddr addr, u128 size)
{
	unsigned int i;

	(void)opaque;
	for (i = 0; i < ARRAY_SIZE(kvm_slots); i++) {
		if (addr >= kvm_slots[i].addr &&
		    (u128)addr + size <= kvm_slots[i].addr + kvm_slots[i].size)
			return true;
	}
	return false;
}

static void test_dumps(void)
{
	static const struct mtree_accel kvm = {
		.name = "KVM",
		.has_memory = fake_kvm_has_memory,
	};
	size_t len;
	char *buf;
	FILE *f;

	f = capture(&buf, &len);
	mtree_print(f);
	fclose(f);
	check_text("info mtree: QEMU 7.2's text for -M pc -m 128M -nodefaults",
		   buf, want_mtree);
	free(buf);

	f = capture(&buf, &len);
	mtree_print_flatviews(f, &kvm);
	fclose(f);
	check_text("info mtree -f: QEMU 7.2's flat view, KVM column included",
		   buf, want_flatview);
	free(buf);

	f = capture(&buf, &len);
	ram_block_print(f);
	fclose(f);
	check_text("info ramblock: QEMU 7.2's table for the same blocks", buf,
		   want_ramblock);
	free(buf);
}

/*
 * Regions at one address and priority print in subregion order, newest
 * first (QEMU inserts each before the first one it sorts before, so its
 * order is stable); an address space showing nothing says so.
 */
static void test_order_and_empty(void)
{
	static struct memory_region root, a, b, c;
	struct address_space as;
	size_t len;
	char *buf;
	FILE *f;

	memory_region_init(&root, "root", 0x10000);
	memory_region_init_io(&a, "a", 0x1000, NULL, NULL);
	memory_region_init_io(&b, "b", 0x1000, NULL, NULL);
	memory_region_init_io(&c, "c", 0x1000, NULL, NULL);
	if (address_space_init(&as, &root, "tiny"))
		ktap_exit_fail_msg("address_space_init: %s", error_get());
	memory_region_add_subregion_overlap(&root, 0x1000, &a, 0);
	memory_region_add_subregion_overlap(&root, 0x1000, &b, 0);
	memory_region_add_subregion_overlap(&root, 0x1000, &c, 0);

	/* Only "tiny" from here on. */
	address_space_destroy(&as_memory);
	f = capture(&buf, &len);
	mtree_print(f);
	fclose(f);
	check_text("equal address and priority: newest first, like QEMU", buf,
		   "address-space: tiny\n"
		   "  0000000000000000-000000000000ffff (prio 0, i/o): root\n"
		   "    0000000000001000-0000000000001fff (prio 0, i/o): c\n"
		   "    0000000000001000-0000000000001fff (prio 0, i/o): b\n"
		   "    0000000000001000-0000000000001fff (prio 0, i/o): a\n"
		   "\n");
	free(buf);

	memory_region_transaction_begin();
	memory_region_del_subregion(&root, &a);
	memory_region_del_subregion(&root, &b);
	memory_region_del_subregion(&root, &c);
	memory_region_transaction_commit();
	f = capture(&buf, &len);
	mtree_print_flatviews(f, NULL);
	fclose(f);
	check_text("an empty flat view, as QEMU says it", buf,
		   "FlatView #0\n"
		   " AS \"tiny\", root: root\n"
		   " Root memory region: root\n"
		   "  No rendered FlatView\n"
		   "\n");
	free(buf);
	address_space_destroy(&as);
}

int main(void)
{
	ktap_print_header();
	ktap_set_plan(5);
	build_pc();
	test_dumps();
	test_order_and_empty();
	ktap_finished();
}
