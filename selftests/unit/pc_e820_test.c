// SPDX-License-Identifier: GPL-2.0
/*
 * The e820 table of the PC machine (vmm/hw/pc.c, pc_machine_init_e820())
 * for CPUs this host cannot show: the machine is built from typed
 * parameters (no KVM needed) and given a CPU by hand.  Expected, from
 * docs/qemu-rules.md ("The e820 table and fw_cfg") and QEMU 7.2 as
 * observed: the KVM pages 0xfeffc000 + 0x4000 (reserved); AMD's
 * HyperTransport hole [0xfd00000000, 1 TiB) (reserved) when the CPU is
 * AMD with 40 or more physical address bits and the type is not
 * pc-i440fx-1.7; RAM [0, low); RAM [4G, 4G + high).  fw_cfg `etc/e820`
 * holds the same entries.  RAM above 4 GiB, or maxmem's device-memory
 * window (from 4G + high rounded up to 1G, maxmem - RAM long), that
 * would reach the hole is refused (QEMU moves them above 1 TiB), and
 * only when there is a hole.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "hw/pc.h"
#include "ktap.h"
#include "util/error.h"
#include "vmm_run.h"

#define G (1ULL << 30)
#define M (1ULL << 20)

#define PC	PC_MACHINE_PC
#define PC_1_7	PC_MACHINE_I440FX_1_7
#define Q35	PC_MACHINE_Q35

/* The CPU the guest is shown: vendor AMD or not, physical address bits. */
struct cpu {
	bool		amd;
	unsigned int	phys_bits;
};

static const struct cpu amd48 = { true, 48 }, amd40 = { true, 40 },
			amd39 = { true, 39 }, intel48 = { false, 48 };

static const struct {
	const char		*name;
	enum pc_machine_type	type;
	u64			ram, maxmem;
	const struct cpu	*cpu;
	bool			ht;
	u64			low, high;
	const char		*error;	/* the one line, or NULL */
	bool			big;	/* the host may not map it */
} cases[] = {
	{ "pc -m 4G, AMD with 48 bits", PC, 4 * G, 0, &amd48,
	  true, 3 * G, 1 * G, NULL, false },
	{ "pc -m 4G, AMD with 40 bits (TCG -cpu max)", PC, 4 * G, 0, &amd40,
	  true, 3 * G, 1 * G, NULL, false },
	{ "pc -m 4G, AMD with 39 bits", PC, 4 * G, 0, &amd39,
	  false, 3 * G, 1 * G, NULL, false },
	{ "pc -m 4G, Intel", PC, 4 * G, 0, &intel48, false,
	  3 * G, 1 * G, NULL, false },
	{ "q35 -m 128M, AMD", Q35, 128 * M, 0, &amd48, true,
	  128 * M, 0, NULL, false },
	{ "q35 -m 4G, Intel", Q35, 4 * G, 0, &intel48, false,
	  2 * G, 2 * G, NULL, false },
	{ "pc-i440fx-1.7 -m 4G, AMD", PC_1_7, 4 * G, 0, &amd48, false,
	  3584 * M, 512 * M, NULL, false },
	{ "pc -m 1011G, AMD: RAM ends at the hole", PC, 1011 * G, 0, &amd48,
	  true, 3 * G, 1008 * G, NULL, true },
	{ "pc -m 1012G, AMD: RAM would reach the hole", PC, 1012 * G, 0,
	  &amd48, true, 0, 0,
	  "-m 1036288M: RAM above 4 GiB would reach the AMD HyperTransport "
	  "hole at 0xfd00000000 that this AMD guest's e820 reserves; at most "
	  "1035264M", true },
	{ "pc -m 1012G, Intel: no hole to reach", PC, 1012 * G, 0, &intel48,
	  false, 3 * G, 1009 * G, NULL, true },
	/* device memory [5G, 5G + 1007G): it ends where the hole starts */
	{ "pc -m 4G,maxmem=1011G, AMD: device memory ends at the hole", PC,
	  4 * G, 1011 * G, &amd48, true, 3 * G, 1 * G, NULL, false },
	{ "pc -m 4G,maxmem=1012G, AMD: device memory would reach the hole",
	  PC, 4 * G, 1012 * G, &amd48, true, 0, 0,
	  "-m maxmem=1036288M: device memory would end at 0xfd40000000, in "
	  "the AMD HyperTransport hole at 0xfd00000000 that this AMD guest's "
	  "e820 reserves", false },
	{ "pc -m 4G,maxmem=1012G, Intel: no hole to reach", PC, 4 * G,
	  1012 * G, &intel48, false, 3 * G, 1 * G, NULL, false },
};

static void no_exit(void *opaque, int status)
{
	(void)opaque;
	(void)status;
}

/* The expected table of case @c; the number of entries. */
static unsigned int want_e820(unsigned int c, struct e820_entry *w)
{
	unsigned int n = 0;

	w[n++] = (struct e820_entry) { 0xfeffc000, 0x4000, E820_RESERVED };
	if (cases[c].ht)
		w[n++] = (struct e820_entry) { 0xfd00000000, 0x300000000,
					       E820_RESERVED };
	w[n++] = (struct e820_entry) { 0, cases[c].low, E820_RAM };
	if (cases[c].high)
		w[n++] = (struct e820_entry) { 4 * G, cases[c].high, E820_RAM };
	return n;
}

static void print_entries(const char *what, const struct e820_entry *e,
			  unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		ktap_print_msg("%s 0x%llx +0x%llx type %u", what,
			       (unsigned long long)e[i].addr,
			       (unsigned long long)e[i].len, e[i].type);
}

static bool check_table(unsigned int c, const struct pc_machine *pcms)
{
	struct e820_entry want[4];
	unsigned int n = want_e820(c, want);
	const struct fw_cfg_entry *f = fw_cfg_find_file(&pcms->fw_cfg,
							"etc/e820");
	bool ok = pcms->e820.nr == n &&
		  !memcmp(pcms->e820.entries, want, n * sizeof(*want));

	if (!ok) {
		print_entries("e820", pcms->e820.entries, pcms->e820.nr);
		print_entries("expected", want, n);
	}
	if (!f || f->len != n * sizeof(*want) ||
	    memcmp(f->data, want, f->len)) {
		ktap_print_msg("%s: fw_cfg etc/e820 is not the table",
			       cases[c].name);
		ok = false;
	}
	return ok;
}

/* Whether the machine of case @c is built; a SKIP when the host cannot. */
static bool build_case(unsigned int c, struct pc_machine_params *p,
		       struct pc_machine *pcms, const char *bios)
{
	pc_machine_params_init(p);
	p->type = cases[c].type;
	p->ram_size = cases[c].ram;
	p->maxmem = cases[c].maxmem;
	p->serial.backend = SERIAL_NONE;
	p->bios = strdup(bios);
	if (!pc_machine_init(pcms, p, no_exit, NULL))
		return true;
	if (!cases[c].big)
		ktap_exit_fail_msg("%s: %s", cases[c].name, error_get());
	ktap_test_skip("%s: cannot build it here: %s", cases[c].name,
		       error_get());
	pc_machine_params_free(p);
	return false;
}

static void test_case(unsigned int c, const char *bios)
{
	static struct pc_machine_params p;
	static struct pc_machine pcms;
	int ret;

	if (!build_case(c, &p, &pcms, bios))
		return;
	error_clear();
	ret = pc_machine_init_e820(&pcms, cases[c].cpu->amd,
				   cases[c].cpu->phys_bits);
	if (cases[c].error) {
		if (!ret || strcmp(error_get(), cases[c].error))
			ktap_print_msg("%s: status %d, '%s', expected '%s'",
				       cases[c].name, ret, error_get(),
				       cases[c].error);
		ktap_test_result(ret == -EINVAL &&
				 !strcmp(error_get(), cases[c].error),
				 "%s: refused", cases[c].name);
	} else {
		if (ret)
			ktap_print_msg("%s: %s", cases[c].name, error_get());
		ktap_test_result(!ret && check_table(c, &pcms), "%s: e820 %s "
				 "the hole", cases[c].name,
				 cases[c].ht ? "with" : "without");
	}
	pc_machine_destroy(&pcms);
	pc_machine_params_free(&p);
}

int main(void)
{
	const char *bios;
	unsigned int i;

	ktap_print_header();
	bios = make_test_bios(64 * 1024);
	if (!bios)
		ktap_exit_fail_msg("cannot write a test BIOS in /tmp");
	ktap_set_plan(ARRAY_SIZE(cases));
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		test_case(i, bios);
	unlink(bios);
	ktap_finished();
}
