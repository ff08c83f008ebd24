// SPDX-License-Identifier: GPL-2.0
/*
 * The PC machine's KVM slots and e820 table for every documented layout,
 * read from `vmm --dump slots,e820` and compared with tables written by
 * hand from QEMU 7.2's documented behaviour (DESIGN.md, "The rules to
 * reproduce"): pc splits at min(max-ram-below-4g, 3G) once RAM reaches
 * max-ram-below-4g (3.5G by default), pc-i440fx-1.7 at 3.5G without GiB
 * alignment, q35 at 2G once RAM reaches 0xb0000000.  Every RAM or ROM flat
 * range is its own slot; ROM slots are readonly; ids are handed out
 * lowest-free in address order.  The BIOS is 256 KiB.  e820: the KVM
 * pages at 0xfeffc000 (reserved), AMD's HyperTransport hole [0xfd00000000,
 * 1 TiB) (reserved) when the host's CPU, which vmm shows its guests, is
 * AMD with 40 or more physical address bits (read here with CPUID) and
 * the type is not pc-i440fx-1.7, RAM [0, low), RAM [4G, 4G + high).
 */
#include <string.h>
#include <unistd.h>

#include "ktap.h"
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

struct layout {
	const char	*name;
	const char	*args[8];
	u64		low, high;	/* e820 RAM below and above 4 GiB */
	bool		warn;		/* QEMU's GiB-alignment warning */
	/* Slots: the same frame for every layout, RAM ends from low/high. */
};

/*
 * With the VGA window (no -nodefaults): RAM [0, 0xa0000), pc.rom,
 * isa-bios (the BIOS's last 128 KiB), RAM [1M, low), the BIOS below 4G,
 * and RAM above 4G.  Written out per layout below.
 */
#define SLOT_LOW_RAM		{ 0x0, 0xa0000, false, "pc.ram", 0x0 }
#define SLOT_PC_ROM		{ 0xc0000, 0x20000, true, "pc.rom", 0x0 }
#define SLOT_ISA_BIOS		{ 0xe0000, 0x20000, true, "pc.bios", 0x20000 }
#define SLOT_RAM_1M(low)	{ 0x100000, (low) - 0x100000, false, "pc.ram", \
				  0x100000 }
#define SLOT_BIOS		{ 0xfffc0000, 0x40000, true, "pc.bios", 0x0 }
#define SLOT_HIGH(low, high)	{ 4 * G, (high), false, "pc.ram", (low) }

static const struct {
	struct layout		l;
	struct want_slot	slots[8];
	unsigned int		nr;
} cases[] = {
	{ { "-M pc-i440fx-1.7 -m 4G", { "-M", "pc-i440fx-1.7", "-m", "4G" },
	    3584 * M, 512 * M, false },
	  { SLOT_LOW_RAM, SLOT_PC_ROM, SLOT_ISA_BIOS, SLOT_RAM_1M(3584 * M),
	    SLOT_BIOS, SLOT_HIGH(3584 * M, 512 * M) }, 6 },
	{ { "-M pc -m 4G", { "-M", "pc", "-m", "4G" }, 3072 * M, 1024 * M,
	    false },
	  { SLOT_LOW_RAM, SLOT_PC_ROM, SLOT_ISA_BIOS, SLOT_RAM_1M(3072 * M),
	    SLOT_BIOS, SLOT_HIGH(3072 * M, 1024 * M) }, 6 },
	{ { "-M pc,max-ram-below-4g=2G -m 4G",
	    { "-M", "pc,max-ram-below-4g=2G", "-m", "4G" }, 2048 * M,
	    2048 * M, false },
	  { SLOT_LOW_RAM, SLOT_PC_ROM, SLOT_ISA_BIOS, SLOT_RAM_1M(2048 * M),
	    SLOT_BIOS, SLOT_HIGH(2048 * M, 2048 * M) }, 6 },
	{ { "-M pc,max-ram-below-4g=4G -m 3968M",
	    { "-M", "pc,max-ram-below-4g=4G", "-m", "3968M" }, 3968 * M, 0,
	    false },
	  { SLOT_LOW_RAM, SLOT_PC_ROM, SLOT_ISA_BIOS, SLOT_RAM_1M(3968 * M),
	    SLOT_BIOS }, 5 },
	{ { "-m 128M", { "-m", "128M" }, 128 * M, 0, false },
	  { SLOT_LOW_RAM, SLOT_PC_ROM, SLOT_ISA_BIOS, SLOT_RAM_1M(128 * M),
	    SLOT_BIOS }, 5 },
	{ { "-m 1G", { "-m", "1G" }, 1 * G, 0, false },
	  { SLOT_LOW_RAM, SLOT_PC_ROM, SLOT_ISA_BIOS, SLOT_RAM_1M(1 * G),
	    SLOT_BIOS }, 5 },
	{ { "-m 3584M (exactly 3.5G)", { "-m", "3584M" }, 3 * G, 512 * M,
	    false },
	  { SLOT_LOW_RAM, SLOT_PC_ROM, SLOT_ISA_BIOS, SLOT_RAM_1M(3 * G),
	    SLOT_BIOS, SLOT_HIGH(3 * G, 512 * M) }, 6 },
	{ { "-m 6G", { "-m", "6G" }, 3 * G, 3 * G, false },
	  { SLOT_LOW_RAM, SLOT_PC_ROM, SLOT_ISA_BIOS, SLOT_RAM_1M(3 * G),
	    SLOT_BIOS, SLOT_HIGH(3 * G, 3 * G) }, 6 },
	{ { "-m 64G", { "-m", "64G" }, 3 * G, 61 * G, false },
	  { SLOT_LOW_RAM, SLOT_PC_ROM, SLOT_ISA_BIOS, SLOT_RAM_1M(3 * G),
	    SLOT_BIOS, SLOT_HIGH(3 * G, 61 * G) }, 6 },
	{ { "-M pc,max-ram-below-4g=2560M -m 4G",
	    { "-M", "pc,max-ram-below-4g=2560M", "-m", "4G" }, 2560 * M,
	    1536 * M, true },
	  { SLOT_LOW_RAM, SLOT_PC_ROM, SLOT_ISA_BIOS, SLOT_RAM_1M(2560 * M),
	    SLOT_BIOS, SLOT_HIGH(2560 * M, 1536 * M) }, 6 },
	{ { "-M q35 -m 4G", { "-M", "q35", "-m", "4G" }, 2 * G, 2 * G, false },
	  { SLOT_LOW_RAM, SLOT_PC_ROM, SLOT_ISA_BIOS, SLOT_RAM_1M(2 * G),
	    SLOT_BIOS, SLOT_HIGH(2 * G, 2 * G) }, 6 },
	/* DESIGN.md's example: -nodefaults makes the VGA window RAM. */
	{ { "-M pc -m 4G -nodefaults", { "-M", "pc", "-m", "4G",
	    "-nodefaults" }, 3 * G, 1 * G, false },
	  { { 0x0, 0xc0000, false, "pc.ram", 0x0 }, SLOT_PC_ROM,
	    SLOT_ISA_BIOS, SLOT_RAM_1M(3 * G), SLOT_BIOS,
	    SLOT_HIGH(3 * G, 1 * G) }, 6 },
};

static bool check_slots(const char *name, const char *out,
			const struct want_slot *w, unsigned int nr)
{
	struct slot_row rows[64];
	unsigned int n = parse_slots(out, rows, 64), i;
	bool ok = n == nr;

	if (n != nr)
		ktap_print_msg("%s: %u slots, expected %u", name, n, nr);
	for (i = 0; ok && i < nr; i++) {
		const struct slot_row *r = &rows[i];

		if (r->id == i && r->start == w[i].start &&
		    r->size == w[i].size && r->readonly == w[i].readonly &&
		    !strcmp(r->region, w[i].region) &&
		    r->offset == w[i].offset)
			continue;
		ktap_print_msg("%s: slot %u [0x%llx +0x%llx] %s %s @0x%llx, "
			       "expected slot %u [0x%llx +0x%llx] %s %s @0x%llx",
			       name, r->id, (unsigned long long)r->start,
			       (unsigned long long)r->size,
			       r->readonly ? "ro" : "rw", r->region,
			       (unsigned long long)r->offset, i,
			       (unsigned long long)w[i].start,
			       (unsigned long long)w[i].size,
			       w[i].readonly ? "ro" : "rw", w[i].region,
			       (unsigned long long)w[i].offset);
		ok = false;
	}
	return ok;
}

static bool check_e820(const struct layout *l, const char *out)
{
	struct e820_row want[4] = { { 0xfeffc000, 0xfeffffff, 2 } };
	unsigned int nr = 1, n, i;
	struct e820_row rows[16];
	bool ok;

	if (expect_amd_ht_hole(l->args))
		want[nr++] = (struct e820_row) { 0xfd00000000, 0xffffffffff,
						 2 };
	want[nr++] = (struct e820_row) { 0, l->low - 1, 1 };
	if (l->high)
		want[nr++] = (struct e820_row) { 4 * G, 4 * G + l->high - 1,
						 1 };
	n = parse_e820(out, rows, 16);
	ok = n == nr;
	if (!ok)
		ktap_print_msg("%s: %u e820 entries, expected %u", l->name, n,
			       nr);
	for (i = 0; ok && i < nr; i++) {
		if (rows[i].start == want[i].start &&
		    rows[i].end == want[i].end && rows[i].type == want[i].type)
			continue;
		ktap_print_msg("%s: e820[%u] 0x%llx-0x%llx type %u, expected "
			       "0x%llx-0x%llx type %u", l->name, i,
			       (unsigned long long)rows[i].start,
			       (unsigned long long)rows[i].end, rows[i].type,
			       (unsigned long long)want[i].start,
			       (unsigned long long)want[i].end, want[i].type);
		ok = false;
	}
	return ok;
}

static void test_layout(unsigned int c, const char *bios)
{
	const struct layout *l = &cases[c].l;
	const char *argv[16] = { "-bios", bios, "--dump", "slots,e820" };
	struct vmm_result r;
	bool ok, warned;
	unsigned int i;

	for (i = 0; l->args[i]; i++)
		argv[4 + i] = l->args[i];
	if (vmm_run(&r, 30, argv) || r.status != 0) {
		ktap_print_msg("%s: vmm exited %d: %s", l->name, r.status,
			       r.err ? r.err : "");
		ktap_test_result(false, "%s: slots", l->name);
		ktap_test_result(false, "%s: e820", l->name);
		vmm_result_free(&r);
		return;
	}
	ok = check_slots(l->name, r.out, cases[c].slots, cases[c].nr);
	warned = strstr(r.err, "not a multiple of 1G") != NULL;
	if (warned != l->warn) {
		ktap_print_msg("%s: warning %s, expected %s: stderr '%s'",
			       l->name, warned ? "printed" : "absent",
			       l->warn ? "printed" : "absent", r.err);
		ok = false;
	}
	ktap_test_result(ok, "%s: slots", l->name);
	ktap_test_result(check_e820(l, r.out), "%s: e820", l->name);
	vmm_result_free(&r);
}

int main(void)
{
	const char *bios;
	unsigned int i;
	char cpu[64];
	bool ht;

	ktap_print_header();
	if (!have_kvm())
		ktap_skip_all("/dev/kvm is not available");
	bios = make_test_bios(256 * 1024);
	if (!bios)
		ktap_exit_fail_msg("cannot write a test BIOS in /tmp");
	ktap_set_plan(2 * ARRAY_SIZE(cases));
	ht = host_gets_amd_ht_hole(cpu, sizeof(cpu));
	ktap_print_msg("host CPU %s: the AMD HyperTransport hole is %s in "
		       "e820 (never on pc-i440fx-1.7)", cpu,
		       ht ? "expected" : "not expected");
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		test_layout(i, bios);
	unlink(bios);
	ktap_finished();
}
