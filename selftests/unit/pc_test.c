// SPDX-License-Identifier: GPL-2.0
/*
 * vmm/hw/pc.c without KVM: the machine is built from typed parameters
 * (no /dev/kvm needed), then its memory tree and fw_cfg are read.  -m
 * maxmem and slots must give QEMU 7.2's device-memory window, as its
 * `info mtree` printed it on our hosts, and fw_cfg's
 * etc/reserved-memory-end, the window's end rounded up to 1 GiB
 * (docs/qemu-rules.md, "maxmem and slots").
 */
#include <endian.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ktap.h"
#include "memory/mtree.h"
#include "util/error.h"
#include "vmm.h"
#include "vmm_run.h"

#define G (1ULL << 30)
#define M (1ULL << 20)

static const struct {
	const char		*name;
	enum pc_machine_type	type;
	u64			ram, maxmem;
	unsigned int		slots;
	const char		*mtree;		/* QEMU's line; NULL: none */
	u64			end;		/* reserved-memory-end */
} cases[] = {
	{ "-M pc -m 4G,slots=1,maxmem=6G", PC_MACHINE_PC, 4 * G, 6 * G, 1,
	  "0000000140000000-00000001ffffffff (prio 0, i/o): device-memory",
	  0x200000000ULL },
	{ "-M q35 -m 1G,slots=2,maxmem=4G", PC_MACHINE_Q35, 1 * G, 4 * G, 2,
	  "0000000100000000-000000023fffffff (prio 0, i/o): device-memory",
	  0x240000000ULL },
	{ "-M pc -m 1G,maxmem=1025M", PC_MACHINE_PC, 1 * G, 1025 * M, 0,
	  "0000000100000000-00000001000fffff (prio 0, i/o): device-memory",
	  0x140000000ULL },
	{ "-M pc -m 1G", PC_MACHINE_PC, 1 * G, 0, 0, NULL, 0 },
};

static char *mtree_text(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		ktap_exit_fail_msg("open_memstream: out of memory");
	mtree_print(f);
	fclose(f);
	return buf;
}

static void check_end(unsigned int c, struct pc_machine *pcms)
{
	const struct fw_cfg_entry *e = fw_cfg_find_file(&pcms->fw_cfg,
							"etc/reserved-memory-end");
	u64 end = 0;

	if (e && e->len == sizeof(end)) {
		memcpy(&end, e->data, sizeof(end));
		end = le64toh(end);
	}
	if (!cases[c].end) {
		ktap_test_result(!e, "%s: no etc/reserved-memory-end",
				 cases[c].name);
		return;
	}
	KTAP_EXPECT_EQ(end, cases[c].end, "%s: etc/reserved-memory-end",
		       cases[c].name);
}

static void test_case(unsigned int c, const char *bios)
{
	static struct pc_machine_params p;
	static struct pc_machine pcms;
	char *tree;

	pc_machine_params_init(&p);
	p.type = cases[c].type;
	p.ram_size = cases[c].ram;
	p.maxmem = cases[c].maxmem;
	p.ram_slots = cases[c].slots;
	p.serial.backend = SERIAL_NONE;
	p.bios = strdup(bios);
	if (pc_machine_init(&pcms, &p, NULL, NULL))
		ktap_exit_fail_msg("%s: %s", cases[c].name, error_get());
	tree = mtree_text();
	if (cases[c].mtree)
		ktap_test_result(strstr(tree, cases[c].mtree) != NULL,
				 "%s: %s", cases[c].name, cases[c].mtree);
	else
		ktap_test_result(!strstr(tree, "device-memory"),
				 "%s: no device-memory", cases[c].name);
	check_end(c, &pcms);
	free(tree);
	pc_machine_destroy(&pcms);
	pc_machine_params_free(&p);
}

int main(void)
{
	const char *bios;
	unsigned int i;

	ktap_print_header();
	ktap_set_plan(2 * ARRAY_SIZE(cases));
	bios = make_test_bios(64 * 1024);
	if (!bios)
		ktap_exit_fail_msg("cannot write a test BIOS in /tmp");
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		test_case(i, bios);
	unlink(bios);
	ktap_finished();
}
