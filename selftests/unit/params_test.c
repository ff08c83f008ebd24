// SPDX-License-Identifier: GPL-2.0
/*
 * The typed parameters and the one function that owns each rule, called
 * directly (no option text around them): machine names and the RAM split
 * (vmm/hw/pc_machine.c), NUMA nodes (vmm/hw/numa.c), serial specs
 * (vmm/hw/serial.c), fw_cfg names (vmm/hw/fw_cfg.c), the debug exit's
 * ports (vmm/hw/debug_exit.c), memory backends (vmm/backends/), the max
 * slot size (vmm/kvm/kvm_slots.c) and id lists (vmm/util/idset.c).
 * Expected values are QEMU 7.2's, as docs/qemu-rules.md states them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ktap.h"
#include "util/error.h"
#include "vmm.h"

/* The function returned -EINVAL and said @has. */
static void expect_error(int ret, const char *has, const char *what)
{
	bool said = strstr(error_get(), has) != NULL;

	if (ret != -EINVAL || !said)
		ktap_print_msg("returned %d, said \"%s\"; expected -EINVAL and "
			       "\"%s\"", ret, error_get(), has);
	ktap_test_result(ret == -EINVAL && said, "%s", what);
}

static void test_machine_types(void)
{
	static const struct {
		const char	*name;
		const char	*class;
		bool		q35, gib_align, dma, devmem;
	} types[] = {
		{ "pc", "pc-i440fx-7.2", false, true, true, true },
		{ "pc-i440fx-7.2", "pc-i440fx-7.2", false, true, true, true },
		{ "pc-i440fx-1.7", "pc-i440fx-1.7", false, false, false,
		  false },
		{ "q35", "pc-q35-7.2", true, true, true, true },
		{ "pc-q35-7.2", "pc-q35-7.2", true, true, true, true },
	};
	enum pc_machine_type t;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		const struct pc_machine_class *mc;
		bool ok = !pc_machine_type_parse(types[i].name, &t);

		mc = ok ? pc_machine_class(t) : NULL;
		ok = ok && !strcmp(pc_machine_type_name(t), types[i].name) &&
		     !strcmp(mc->name, types[i].class) &&
		     mc->q35 == types[i].q35 &&
		     mc->gigabyte_align == types[i].gib_align &&
		     mc->fw_cfg_dma == types[i].dma &&
		     mc->device_memory == types[i].devmem;
		ktap_test_result(ok, "-M %s is %s", types[i].name,
				 types[i].class);
	}
	expect_error(pc_machine_type_parse("pc-i440fx-7.1", &t),
		     "valid types are pc, pc-i440fx-7.2, pc-i440fx-1.7, q35, "
		     "pc-q35-7.2", "-M pc-i440fx-7.1 is refused, names listed");
}

static void test_ram_split(void)
{
	/* docs/qemu-rules.md's table, and q35 on both sides of 0xb0000000. */
	static const struct {
		enum pc_machine_type	type;
		u64			ram, max, below, above;
	} cases[] = {
		{ PC_MACHINE_I440FX_1_7, 4 * GiB, 0, 3584 * MiB, 512 * MiB },
		{ PC_MACHINE_PC, 4 * GiB, 0, 3 * GiB, GiB },
		{ PC_MACHINE_PC, 4 * GiB, 2 * GiB, 2 * GiB, 2 * GiB },
		{ PC_MACHINE_PC, 3968 * MiB, 4 * GiB, 3968 * MiB, 0 },
		{ PC_MACHINE_PC, 128 * MiB, 0, 128 * MiB, 0 },
		{ PC_MACHINE_Q35, 4 * GiB, 0, 2 * GiB, 2 * GiB },
		{ PC_MACHINE_Q35, 2815 * MiB, 0, 2815 * MiB, 0 },
		{ PC_MACHINE_Q35, 2816 * MiB, 0, 2 * GiB, 768 * MiB },
	};
	unsigned int i;
	u64 below, above;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		int ret = pc_ram_split(pc_machine_class(cases[i].type),
				       cases[i].ram, cases[i].max, &below,
				       &above);
		bool ok = !ret && below == cases[i].below &&
			  above == cases[i].above;

		if (!ok)
			ktap_print_msg("got %d, 0x%llx + 0x%llx", ret,
				       (unsigned long long)below,
				       (unsigned long long)above);
		ktap_test_result(ok, "-M %s,max-ram-below-4g=%lluM -m %lluM: "
				 "%lluM below 4G, %lluM above",
				 pc_machine_type_name(cases[i].type),
				 (unsigned long long)(cases[i].max >> 20),
				 (unsigned long long)(cases[i].ram >> 20),
				 (unsigned long long)(cases[i].below >> 20),
				 (unsigned long long)(cases[i].above >> 20));
	}
	KTAP_EXPECT_EQ(pc_machine_check_max_ram_below_4g(4 * GiB), 0,
		       "max-ram-below-4g=4G is allowed");
	expect_error(pc_machine_check_max_ram_below_4g(4 * GiB + 1),
		     "at most 4G", "max-ram-below-4g above 4G is refused");
}

/* -m maxmem and slots against -m, per machine type. */
static void test_maxmem(void)
{
	struct pc_machine_params p;

	pc_machine_params_init(&p);
	p.ram_slots = 2;
	expect_error(pc_machine_params_check(&p), "slots=2 needs maxmem",
		     "slots without maxmem");
	p.maxmem = 64 * MiB;
	expect_error(pc_machine_params_check(&p), "maxmem 64M is below",
		     "maxmem below -m");
	p.maxmem = 128 * MiB;
	expect_error(pc_machine_params_check(&p), "needs maxmem above",
		     "slots with maxmem equal to -m");
	p.maxmem = 1 * GiB;
	KTAP_EXPECT_EQ(pc_machine_params_check(&p), 0,
		       "-m 128M,slots=2,maxmem=1G on pc");
	p.type = PC_MACHINE_I440FX_1_7;
	expect_error(pc_machine_params_check(&p), "not supported by "
		     "pc-i440fx-1.7", "pc-i440fx-1.7 refuses maxmem");
	pc_machine_params_free(&p);
}

static void add_memdev(struct pc_machine_params *p, const char *id, u64 size)
{
	struct host_memory_backend_params *md = &p->memdevs[p->nr_memdevs++];

	host_memory_backend_params_init(md, HOST_MEMORY_BACKEND_RAM);
	md->id = strdup(id);
	md->size = size;
}

static void add_node(struct pc_machine_params *p, const char *memdev,
		     const char *cpus)
{
	struct numa_node_params *n = &p->numa[p->nr_numa];

	n->nodeid = p->nr_numa++;
	n->memdev = memdev ? strdup(memdev) : NULL;
	if (cpus && idset_parse_range(&n->cpus, cpus, PC_MAX_CPUS - 1))
		ktap_exit_fail_msg("cpus '%s' does not parse", cpus);
}

static void test_numa(void)
{
	struct pc_machine_params p;

	pc_machine_params_init(&p);
	p.ram_size = 2 * GiB;
	p.smp = 2;
	add_memdev(&p, "m0", GiB);
	add_memdev(&p, "m1", GiB);
	add_node(&p, "m0", "0");
	add_node(&p, "m1", "1");
	KTAP_EXPECT_EQ(pc_machine_params_check(&p), 0,
		       "two nodes, two memdevs of 1G, -m 2G -smp 2");
	KTAP_EXPECT_EQ(numa_cpu_node(p.numa, p.nr_numa, 1), 1,
		       "CPU 1 is node 1's");
	p.smp = 1;
	expect_error(pc_machine_params_check(&p), "names CPU 1, but -smp is 1",
		     "a node's CPU beyond -smp");
	p.smp = 2;
	p.ram_size = 3 * GiB;
	expect_error(pc_machine_params_check(&p), "total 2G, but -m is 3G",
		     "memdevs that do not add up to -m");
	p.ram_size = 2 * GiB;
	free(p.numa[1].memdev);
	p.numa[1].memdev = strdup("m9");
	expect_error(pc_machine_params_check(&p), "memdev 'm9' is not defined",
		     "a memdev no -object defines");
	free(p.numa[1].memdev);
	p.numa[1].memdev = strdup("m0");
	expect_error(pc_machine_params_check(&p), "is already node 0's",
		     "one memdev for two nodes");
	p.numa[1].nodeid = 5;
	expect_error(pc_machine_params_check(&p), "node 5 leaves a gap",
		     "node ids with a gap");
	KTAP_EXPECT_EQ(numa_cpu_node(p.numa, p.nr_numa, 7), 0,
		       "a CPU no node names is node 0's");
	pc_machine_params_free(&p);
}

static void test_backends(void)
{
	struct host_memory_backend_params md;
	enum host_memory_backend_kind kind;
	enum host_mem_policy policy;
	unsigned int i;

	for (i = 0; i < HOST_MEM_POLICY__NR; i++)
		ktap_test_result(!host_mem_policy_parse(host_mem_policies[i],
							&policy) &&
				 policy == i, "policy=%s",
				 host_mem_policies[i]);
	expect_error(host_mem_policy_parse("local", &policy),
		     "use default, preferred, bind or interleave",
		     "policy=local is refused");
	expect_error(host_memory_backend_kind_parse("memory-backend-epc",
						    &kind),
		     "use memory-backend-ram, memory-backend-memfd or "
		     "memory-backend-file", "memory-backend-epc is refused");
	KTAP_EXPECT_EQ(!host_memory_backend_kind_parse("memory-backend-memfd",
						       &kind) &&
		       kind == HOST_MEMORY_BACKEND_MEMFD, 1,
		       "memory-backend-memfd");
	host_memory_backend_params_init(&md, HOST_MEMORY_BACKEND_MEMFD);
	KTAP_EXPECT_EQ(md.share, 1, "a memfd is shared unless told otherwise");
	md.id = strdup("m0");
	expect_error(host_memory_backend_params_check(&md), "has no size",
		     "a backend without size");
	md.size = GiB;
	md.policy = HOST_MEM_POLICY_BIND;
	expect_error(host_memory_backend_params_check(&md),
		     "policy 'bind' needs host-nodes", "bind without nodes");
	idset_parse_range(&md.host_nodes, "0", 127);
	KTAP_EXPECT_EQ(host_memory_backend_params_check(&md), 0,
		       "bind to node 0");
	md.policy = HOST_MEM_POLICY_DEFAULT;
	expect_error(host_memory_backend_params_check(&md),
		     "host-nodes '0' needs policy", "nodes with policy default");
	host_memory_backend_params_free(&md);
	host_memory_backend_params_init(&md, HOST_MEMORY_BACKEND_FILE);
	md.id = strdup("f");
	md.size = GiB;
	expect_error(host_memory_backend_params_check(&md), "has no mem-path",
		     "a file backend without mem-path");
	host_memory_backend_params_free(&md);
}

static void test_idset(void)
{
	struct idset s = { 0 };
	char buf[64];

	ktap_test_result(!idset_parse_range(&s, "0-1", 127) &&
			 !idset_parse_range(&s, "3", 127) &&
			 !strcmp(idset_format(&s, buf, sizeof(buf)), "0-1,3") &&
			 idset_last(&s) == 3 && idset_test(&s, 1) &&
			 !idset_test(&s, 2),
			 "0-1 then 3 is {0, 1, 3}, written 0-1,3");
	ktap_test_result(idset_parse_range(&s, "2-1", 127) == -EINVAL &&
			 idset_parse_range(&s, "128", 127) == -EINVAL &&
			 idset_parse_range(&s, "x", 127) == -EINVAL &&
			 idset_parse_range(&s, "-1", 127) == -EINVAL &&
			 idset_parse_range(&s, "1-", 127) == -EINVAL &&
			 !strcmp(idset_format(&s, buf, sizeof(buf)), "0-1,3"),
			 "2-1, 128 (max 127), x, -1 and 1- are refused, the set "
			 "unchanged");
}

static void test_serial(void)
{
	struct serial_params sp = { 0 };

	ktap_test_result(!serial_params_parse(&sp, "file:/tmp/x") &&
			 sp.backend == SERIAL_FILE &&
			 !strcmp(sp.path, "/tmp/x") &&
			 !serial_params_parse(&sp, "null") &&
			 sp.backend == SERIAL_NULL && !sp.path &&
			 !serial_params_parse(&sp, "none") &&
			 sp.backend == SERIAL_NONE &&
			 !serial_params_parse(&sp, "stdio") &&
			 sp.backend == SERIAL_STDIO,
			 "-serial file:PATH, null, none, stdio");
	expect_error(serial_params_parse(&sp, "file:"), "needs a path",
		     "-serial file: without a path");
	expect_error(serial_params_parse(&sp, "tcp::4444"),
		     "use stdio, file:PATH, none or null", "-serial tcp::4444");
	serial_params_free(&sp);
}

static void test_fw_cfg_names(void)
{
	char name[80];

	KTAP_EXPECT_EQ(fw_cfg_check_user_name("opt/org.example/a"), 0,
		       "fw_cfg name opt/org.example/a");
	expect_error(fw_cfg_check_user_name("etc/e820"), "starts with opt/",
		     "fw_cfg name etc/e820 is the firmware's");
	memset(name, 'a', sizeof(name));
	memcpy(name, "opt/", 4);
	name[FW_CFG_MAX_FILE_PATH - 1] = '\0';
	KTAP_EXPECT_EQ(fw_cfg_check_user_name(name), 0,
		       "a fw_cfg name of 55 characters");
	name[FW_CFG_MAX_FILE_PATH - 1] = 'a';
	name[FW_CFG_MAX_FILE_PATH] = '\0';
	expect_error(fw_cfg_check_user_name(name), "at most 55 characters",
		     "a fw_cfg name of 56 characters");
}

static void test_ports_and_slots(void)
{
	long page = sysconf(_SC_PAGESIZE);
	struct debug_exit_params d;

	debug_exit_params_init(&d);
	KTAP_EXPECT_EQ(d.iobase == 0xf4 && d.iosize == 4 && !d.present, 1,
		       "isa-debug-exit defaults: absent, iobase 0xf4, iosize 4");
	d.iobase = 0xfffc;
	KTAP_EXPECT_EQ(debug_exit_params_check(&d), 0, "ports 0xfffc-0xffff");
	d.iobase = 0xfffe;
	expect_error(debug_exit_params_check(&d), "runs past port 0xffff",
		     "ports past 0xffff");

	KTAP_EXPECT_EQ(kvm_slots_check_max_slot_size((u64)page), 0,
		       "max-slot-size of one host page");
	expect_error(kvm_slots_check_max_slot_size(0), "non-zero multiple",
		     "max-slot-size 0");
	expect_error(kvm_slots_check_max_slot_size((u64)page + 1),
		     "non-zero multiple", "max-slot-size of a page and a byte");
}

int main(void)
{
	ktap_print_header();
	ktap_set_plan(6 + 10 + 5 + 8 + 13 + 2 + 13);
	test_machine_types();
	test_ram_split();
	test_maxmem();
	test_numa();
	test_backends();
	test_idset();
	test_serial();
	test_fw_cfg_names();
	test_ports_and_slots();
	ktap_finished();
}
