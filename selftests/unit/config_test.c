// SPDX-License-Identifier: GPL-2.0
/*
 * vmm/cli/ (options, groups, readconfig), table-driven: sizes, every option in
 * its good forms (the fields it must set) and its bad forms (the message
 * must be one line naming the option and the value), -readconfig files
 * written here, and every shipped file in configs/.  Expected values are
 * written by hand from QEMU 7.2's syntax as qemu-system-x86_64 7.2
 * accepts and rejects it on our hosts.
 */
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <stdio.h>

#include "cli/config.h"
#include "ktap.h"
#include "util/error.h"

#define MAX_ARGS	16

/* ---- parse_size ------------------------------------------------------- */

static const struct size_case {
	const char	*str;
	u64		unit;
	int		ret;
	u64		want;
} size_cases[] = {
	{ "128",		MiB,	0,	128 * MiB },
	{ "128",		1,	0,	128 },
	{ "4G",			1,	0,	4 * GiB },
	{ "4g",			1,	0,	4 * GiB },
	{ "1.5G",		1,	0,	1536 * MiB },
	{ "1.25M",		1,	0,	1310720 },
	{ "0.5K",		1,	0,	512 },
	{ "1.k",		1,	0,	KiB },
	{ "512k",		1,	0,	512 * KiB },
	{ "512K",		MiB,	0,	512 * KiB },
	{ "512B",		MiB,	0,	512 },
	{ "2T",			1,	0,	2 * TiB },
	{ "1P",			1,	0,	1024 * TiB },
	{ "1.5",		MiB,	0,	1536 * KiB },
	{ "0x1000",		1,	0,	4096 },
	{ "0",			1,	0,	0 },
	{ "18446744073709551615", 1,	0,	UINT64_MAX },
	{ "15E",		1,	0,	15ULL << 60 },
	{ "4X",			1,	-EINVAL,	0 },
	{ "",			1,	-EINVAL,	0 },
	{ "G",			1,	-EINVAL,	0 },
	{ "-1",			1,	-EINVAL,	0 },
	{ " 1G",		1,	-EINVAL,	0 },
	{ "1G ",		1,	-EINVAL,	0 },
	{ "1GB",		1,	-EINVAL,	0 },
	/* a fraction of a byte */
	{ "1.5",		1,	-EINVAL,	0 },
	{ "1.5B",		1,	-EINVAL,	0 },
	{ "1e3M",		1,	-EINVAL,	0 },
	{ "0x1.8G",		1,	-EINVAL,	0 },
	{ "0x",			1,	-EINVAL,	0 },
	{ "16E",		1,	-ERANGE,	0 },
	{ "17179869184G",	1,	-ERANGE,	0 },
	{ "18446744073709551616", 1,	-ERANGE,	0 },
	{ "18446744073709551615", MiB,	-ERANGE,	0 },
};

static void test_sizes(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(size_cases); i++) {
		const struct size_case *c = &size_cases[i];
		u64 got = 0xdead;
		int ret = parse_size(c->str, &got, c->unit);
		bool ok = ret == c->ret && (ret || got == c->want);

		if (!ok)
			ktap_print_msg("parse_size(\"%s\", %llu) = %d, 0x%llx; "
				       "expected %d, 0x%llx", c->str,
				       (unsigned long long)c->unit, ret,
				       (unsigned long long)got, c->ret,
				       (unsigned long long)c->want);
		if (ok && ret && !strstr(error_get(), c->str)) {
			ktap_print_msg("message \"%s\" does not name '%s'",
				       error_get(), c->str);
			ok = false;
		}
		ktap_test_result(ok, "size '%s' unit %llu", c->str,
				 (unsigned long long)c->unit);
	}
}

/* ---- fields ----------------------------------------------------------- */

enum field {
	F_END,
	F_MACHINE, F_RAM, F_MAXMEM, F_SLOTS, F_BELOW_4G, F_BIOS,
	F_NODEFAULTS, F_SMP, F_SLOT_SIZE, F_RING_SIZE, F_MANUAL, F_SERIAL, F_DEBUG_EXIT, F_IOBASE,
	F_IOSIZE, F_TIMEOUT, F_DUMP, F_CAPS, F_STATS, F_HELP,
	F_NR_MEMDEVS, F_MD_ID, F_MD_TYPE, F_MD_SIZE, F_MD_PATH, F_MD_SHARE,
	F_MD_PREALLOC, F_MD_HUGETLB, F_MD_HUGETLBSIZE, F_MD_POLICY,
	F_MD_HOST_NODES,
	F_NR_NUMA, F_NODE_ID, F_NODE_MEMDEV, F_NODE_CPUS,
	F_NR_FW_CFG, F_FW_NAME, F_FW_FILE, F_FW_STRING,
};

static const char *const field_names[] = {
	"end", "machine", "ram_size", "maxmem", "ram_slots",
	"max_ram_below_4g", "bios", "nodefaults", "smp", "max_slot_size",
	"dirty_ring_size", "manual_protect", "serial", "debug_exit", "debug_exit_iobase", "debug_exit_iosize",
	"timeout", "dump", "caps", "stats", "help",
	"nr_memdevs", "memdev.id", "memdev.qom_type", "memdev.size",
	"memdev.mem_path", "memdev.share", "memdev.prealloc",
	"memdev.hugetlb", "memdev.hugetlbsize", "memdev.policy",
	"memdev.host_nodes", "nr_numa", "numa.nodeid", "numa.memdev",
	"numa.cpus", "nr_fw_cfg", "fw_cfg.name", "fw_cfg.file",
	"fw_cfg.string",
};

struct expect {
	enum field	f;
	unsigned int	i;	/* which memdev, node or fw_cfg file */
	u64		num;
	const char	*str;
};

#define NUM(f, v)	{ f, 0, v, NULL }
#define STR(f, v)	{ f, 0, 0, v }
#define NUMI(f, i, v)	{ f, i, v, NULL }
#define STRI(f, i, v)	{ f, i, 0, v }

/* A set as the option wrote it ("0-1,3"), or NULL when empty. */
static const char *idset_str(const struct idset *set, char *buf, size_t len)
{
	return idset_empty(set) ? NULL : idset_format(set, buf, len);
}

/* -serial's spelling of the typed backend. */
static const char *serial_str(const struct serial_params *p, char *buf,
			      size_t len)
{
	static const char *const names[] = {
		[SERIAL_STDIO] = "stdio", [SERIAL_NULL] = "null",
		[SERIAL_NONE] = "none",
	};

	if (p->backend != SERIAL_FILE)
		return names[p->backend];
	snprintf(buf, len, "file:%s", p->path);
	return buf;
}

/*
 * A string field's value in @s (true), or a number's in @n (false).  The
 * parameters are typed; the tables above compare them in the option's
 * own words, so each is written back as text here.
 */
static bool field_get(const struct vmm_config *c, const struct expect *e,
		      const char **s, u64 *n)
{
	static char buf[256];
	const struct pc_machine_params *m = &c->vm.machine;
	const struct host_memory_backend_params *md = &m->memdevs[e->i];
	const struct numa_node_params *nd = &m->numa[e->i];
	const struct fw_cfg_item *fw = &m->fw_cfg[e->i];

	*s = NULL;
	*n = 0;
	switch (e->f) {
	case F_MACHINE:		*s = pc_machine_type_name(m->type); return true;
	case F_BIOS:		*s = m->bios; return true;
	case F_SERIAL:		*s = serial_str(&m->serial, buf, sizeof(buf));
				return true;
	case F_MD_ID:		*s = md->id; return true;
	case F_MD_TYPE:		*s = host_memory_backend_kinds[md->kind];
				return true;
	case F_MD_PATH:		*s = md->mem_path; return true;
	case F_MD_POLICY:	*s = host_mem_policies[md->policy]; return true;
	case F_MD_HOST_NODES:	*s = idset_str(&md->host_nodes, buf,
					       sizeof(buf));
				return true;
	case F_NODE_MEMDEV:	*s = nd->memdev; return true;
	case F_NODE_CPUS:	*s = idset_str(&nd->cpus, buf, sizeof(buf));
				return true;
	case F_FW_NAME:		*s = fw->name; return true;
	case F_FW_FILE:		*s = fw->file; return true;
	case F_FW_STRING:	*s = fw->string; return true;
	case F_RAM:		*n = m->ram_size; break;
	case F_MAXMEM:		*n = m->maxmem; break;
	case F_SLOTS:		*n = m->ram_slots; break;
	case F_BELOW_4G:	*n = m->max_ram_below_4g; break;
	case F_NODEFAULTS:	*n = m->nodefaults; break;
	case F_SMP:		*n = m->smp; break;
	case F_SLOT_SIZE:	*n = c->vm.max_slot_size; break;
	case F_RING_SIZE:	*n = c->vm.dirty_log.dirty_ring_size; break;
	case F_MANUAL:		*n = c->vm.dirty_log.manual_protect; break;
	case F_DEBUG_EXIT:	*n = m->debug_exit.present; break;
	case F_IOBASE:		*n = m->debug_exit.iobase; break;
	case F_IOSIZE:		*n = m->debug_exit.iosize; break;
	case F_TIMEOUT:		*n = c->vm.timeout; break;
	case F_DUMP:		*n = c->dump; break;
	case F_CAPS:		*n = c->caps; break;
	case F_STATS:		*n = c->stats; break;
	case F_HELP:		*n = c->help; break;
	case F_NR_MEMDEVS:	*n = m->nr_memdevs; break;
	case F_MD_SIZE:		*n = md->size; break;
	case F_MD_SHARE:	*n = md->share; break;
	case F_MD_PREALLOC:	*n = md->prealloc; break;
	case F_MD_HUGETLB:	*n = md->hugetlb; break;
	case F_MD_HUGETLBSIZE:	*n = md->hugetlbsize; break;
	case F_NR_NUMA:		*n = m->nr_numa; break;
	case F_NODE_ID:		*n = nd->nodeid; break;
	case F_NR_FW_CFG:	*n = m->nr_fw_cfg; break;
	case F_END:		break;
	}
	return false;
}

#define MAX_EXPECT	16

/* Up to MAX_EXPECT expectations, or fewer ended by F_END. */
static bool check_fields(const struct vmm_config *c, const struct expect *e)
{
	const struct expect *end = e + MAX_EXPECT;
	bool ok = true;

	for (; e < end && e->f != F_END; e++) {
		const char *s;
		u64 n;

		if (field_get(c, e, &s, &n)) {
			if (s == e->str || (s && e->str && !strcmp(s, e->str)))
				continue;
			ktap_print_msg("%s[%u] = \"%s\", expected \"%s\"",
				       field_names[e->f], e->i,
				       s ? s : "(null)",
				       e->str ? e->str : "(null)");
		} else {
			if (n == e->num)
				continue;
			ktap_print_msg("%s[%u] = 0x%llx, expected 0x%llx",
				       field_names[e->f], e->i,
				       (unsigned long long)n,
				       (unsigned long long)e->num);
		}
		ok = false;
	}
	return ok;
}

/* ---- good command lines ----------------------------------------------- */

struct good_case {
	const char	*argv[MAX_ARGS];	/* after argv[0] */
	struct expect	want[MAX_EXPECT];
};

#define MD_RAM_1G(id)	"-object", "memory-backend-ram,id=" id ",size=1G"

static const struct good_case good_cases[] = {
	{ { NULL }, {
		STR(F_MACHINE, "pc"), NUM(F_RAM, 128 * MiB), NUM(F_SMP, 1),
		STR(F_SERIAL, "stdio"), NUM(F_DEBUG_EXIT, 0),
		NUM(F_IOBASE, 0xf4), NUM(F_IOSIZE, 4), NUM(F_BELOW_4G, 0),
		NUM(F_SLOT_SIZE, 0), STR(F_BIOS, NULL), NUM(F_TIMEOUT, 0),
		NUM(F_DUMP, 0) } },
	{ { NULL }, {
		NUM(F_NR_MEMDEVS, 0), NUM(F_NR_NUMA, 0), NUM(F_NR_FW_CFG, 0),
		NUM(F_NODEFAULTS, 0), NUM(F_CAPS, 0), NUM(F_HELP, 0),
		NUM(F_MAXMEM, 0), NUM(F_SLOTS, 0), NUM(F_STATS, 0) } },
	/* -M */
	{ { "-M", "pc-i440fx-1.7" }, { STR(F_MACHINE, "pc-i440fx-1.7") } },
	{ { "-M", "pc-i440fx-7.2" }, { STR(F_MACHINE, "pc-i440fx-7.2") } },
	{ { "-machine", "q35" }, { STR(F_MACHINE, "q35") } },
	{ { "-M", "type=pc-q35-7.2,max-ram-below-4g=2G" },
	  { STR(F_MACHINE, "pc-q35-7.2"), NUM(F_BELOW_4G, 2 * GiB) } },
	{ { "-M", "pc,max-ram-below-4g=4G,accel=kvm" },
	  { STR(F_MACHINE, "pc"), NUM(F_BELOW_4G, 4 * GiB) } },
	{ { "-M", "max-ram-below-4g=3968M" },
	  { STR(F_MACHINE, "pc"), NUM(F_BELOW_4G, 3968 * MiB) } },
	{ { "-M", "pc", "-M", "q35" }, { STR(F_MACHINE, "q35") } },
	{ { "-M", "pc,type=q35" }, { STR(F_MACHINE, "q35") } },
	{ { "--machine", "q35" }, { STR(F_MACHINE, "q35") } },
	/* -m: a bare number is MiB */
	{ { "-m", "128" }, { NUM(F_RAM, 128 * MiB) } },
	{ { "-m", "4G" }, { NUM(F_RAM, 4 * GiB) } },
	{ { "-m", "4g" }, { NUM(F_RAM, 4 * GiB) } },
	{ { "-m", "1.5G" }, { NUM(F_RAM, 1536 * MiB) } },
	{ { "-m", "512k" }, { NUM(F_RAM, 512 * KiB) } },
	{ { "-m", "1.0" }, { NUM(F_RAM, MiB) } },
	{ { "-m", "0x100" }, { NUM(F_RAM, 256 * MiB) } },
	{ { "-m", "3968M" }, { NUM(F_RAM, 3968 * MiB) } },
	{ { "-m", "size=512M,slots=4,maxmem=8G" },
	  { NUM(F_RAM, 512 * MiB), NUM(F_SLOTS, 4), NUM(F_MAXMEM, 8 * GiB) } },
	{ { "-m", "2G,maxmem=4G" },
	  { NUM(F_RAM, 2 * GiB), NUM(F_MAXMEM, 4 * GiB) } },
	{ { "--m", "1G" }, { NUM(F_RAM, GiB) } },
	/* -bios, -nodefaults, -smp */
	{ { "-bios", "/no/such/bios.bin" },
	  { STR(F_BIOS, "/no/such/bios.bin") } },
	{ { "-nodefaults" }, { NUM(F_NODEFAULTS, 1) } },
	{ { "-smp", "4" }, { NUM(F_SMP, 4) } },
	{ { "-smp", "cpus=255" }, { NUM(F_SMP, 255) } },
	{ { "-smp", "0x10" }, { NUM(F_SMP, 16) } },
	/* -enable-kvm, -accel */
	{ { "-enable-kvm" }, { NUM(F_SLOT_SIZE, 0) } },
	{ { "-accel", "kvm" }, { NUM(F_SLOT_SIZE, 0) } },
	{ { "-accel", "kvm,max-slot-size=1G" }, { NUM(F_SLOT_SIZE, GiB) } },
	{ { "-accel", "accel=kvm,max-slot-size=4096" },
	  { NUM(F_SLOT_SIZE, 4096) } },
	/* QEMU's dirty-ring-size (entries); ours for manual protect */
	{ { "-accel", "kvm" }, { NUM(F_RING_SIZE, 0),
				 NUM(F_MANUAL, KVM_MANUAL_PROTECT_AUTO) } },
	{ { "-accel", "kvm,dirty-ring-size=4096" },
	  { NUM(F_RING_SIZE, 4096) } },
	{ { "-accel", "kvm,dirty-ring-size=0" }, { NUM(F_RING_SIZE, 0) } },
	{ { "-accel", "kvm,dirty-ring-size=65536" },
	  { NUM(F_RING_SIZE, 65536) } },
	{ { "-accel", "kvm,manual-dirty-log-protect=on" },
	  { NUM(F_MANUAL, KVM_MANUAL_PROTECT_ON) } },
	{ { "-accel", "kvm,manual-dirty-log-protect=off" },
	  { NUM(F_MANUAL, KVM_MANUAL_PROTECT_OFF) } },
	{ { "-accel", "kvm,dirty-ring-size=256,manual-dirty-log-protect=off" },
	  { NUM(F_RING_SIZE, 256), NUM(F_MANUAL, KVM_MANUAL_PROTECT_OFF) } },
	/* -serial, -display, -nographic, -no-reboot */
	{ { "-serial", "stdio" }, { STR(F_SERIAL, "stdio") } },
	{ { "-serial", "file:/tmp/serial.log" },
	  { STR(F_SERIAL, "file:/tmp/serial.log") } },
	{ { "-serial", "none" }, { STR(F_SERIAL, "none") } },
	{ { "-serial", "null" }, { STR(F_SERIAL, "null") } },
	{ { "-display", "none", "-nographic" }, { STR(F_SERIAL, "stdio") } },
	/* vmm never reboots: -no-reboot is accepted and changes nothing */
	{ { "-no-reboot" }, { NUM(F_TIMEOUT, 0), NUM(F_DUMP, 0) } },
	/* -device isa-debug-exit */
	{ { "-device", "isa-debug-exit" },
	  { NUM(F_DEBUG_EXIT, 1), NUM(F_IOBASE, 0xf4), NUM(F_IOSIZE, 4) } },
	{ { "-device", "isa-debug-exit,iobase=0x501,iosize=0x02" },
	  { NUM(F_DEBUG_EXIT, 1), NUM(F_IOBASE, 0x501), NUM(F_IOSIZE, 2) } },
	{ { "-device", "driver=isa-debug-exit,iobase=244,iosize=1" },
	  { NUM(F_DEBUG_EXIT, 1), NUM(F_IOBASE, 0xf4), NUM(F_IOSIZE, 1) } },
	{ { "-device", "isa-debug-exit,iobase=0xfffc,iosize=4" },
	  { NUM(F_IOBASE, 0xfffc), NUM(F_IOSIZE, 4) } },
	/* -object */
	{ { MD_RAM_1G("m0") }, {
		NUM(F_NR_MEMDEVS, 1), STR(F_MD_ID, "m0"),
		STR(F_MD_TYPE, "memory-backend-ram"), NUM(F_MD_SIZE, GiB),
		NUM(F_MD_SHARE, 0), NUM(F_MD_PREALLOC, 0),
		STR(F_MD_POLICY, "default"), STR(F_MD_HOST_NODES, NULL),
		STR(F_MD_PATH, NULL) } },
	{ { "-object", "memory-backend-memfd,id=mem.1,size=2M,hugetlb=on,"
			"hugetlbsize=2M" }, {
		STR(F_MD_ID, "mem.1"), STR(F_MD_TYPE, "memory-backend-memfd"),
		NUM(F_MD_SIZE, 2 * MiB), NUM(F_MD_SHARE, 1),
		NUM(F_MD_HUGETLB, 1), NUM(F_MD_HUGETLBSIZE, 2 * MiB) } },
	{ { "-object", "memory-backend-memfd,id=m,size=1G,share=off" },
	  { NUM(F_MD_SHARE, 0), NUM(F_MD_HUGETLB, 0) } },
	{ { "-object", "memory-backend-file,id=f_0,size=1G,"
			"mem-path=/dev/hugepages,share=on,prealloc=yes" }, {
		STR(F_MD_TYPE, "memory-backend-file"),
		STR(F_MD_PATH, "/dev/hugepages"), NUM(F_MD_SHARE, 1),
		NUM(F_MD_PREALLOC, 1) } },
	{ { "-object", "memory-backend-ram,id=m0,size=1G,host-nodes=0-1,"
			"policy=bind,prealloc=on" }, {
		STR(F_MD_HOST_NODES, "0-1"), STR(F_MD_POLICY, "bind"),
		NUM(F_MD_PREALLOC, 1) } },
	{ { "-object", "memory-backend-ram,id=m0,size=1G,host-nodes=0,"
			"host-nodes=2,policy=interleave" },
	  { STR(F_MD_HOST_NODES, "0,2"), STR(F_MD_POLICY, "interleave") } },
	{ { "-object", "memory-backend-ram,id=m0,size=1G,policy=default" },
	  { STR(F_MD_POLICY, "default"), STR(F_MD_HOST_NODES, NULL) } },
	{ { MD_RAM_1G("a"), MD_RAM_1G("b") }, {
		NUM(F_NR_MEMDEVS, 2), STRI(F_MD_ID, 0, "a"),
		STRI(F_MD_ID, 1, "b") } },
	/* -numa; a memdev may be defined after the node that uses it */
	{ { "-m", "2G", "-smp", "2", "-numa", "node,memdev=m0",
	    "-numa", "node,nodeid=1,memdev=m1,cpus=1",
	    MD_RAM_1G("m0"), MD_RAM_1G("m1") }, {
		NUM(F_NR_NUMA, 2), NUMI(F_NODE_ID, 0, 0),
		STRI(F_NODE_MEMDEV, 0, "m0"), STRI(F_NODE_CPUS, 0, NULL),
		NUMI(F_NODE_ID, 1, 1), STRI(F_NODE_MEMDEV, 1, "m1"),
		STRI(F_NODE_CPUS, 1, "1") } },
	{ { "-smp", "4", "-numa", "node,cpus=0-1,cpus=3", "-numa",
	    "type=node,nodeid=1,cpus=2" }, {
		NUM(F_NR_NUMA, 2), STRI(F_NODE_CPUS, 0, "0-1,3"),
		STRI(F_NODE_MEMDEV, 0, NULL), STRI(F_NODE_CPUS, 1, "2") } },
	{ { "-numa", "node,nodeid=1", "-numa", "node,nodeid=0" },
	  { NUMI(F_NODE_ID, 0, 1), NUMI(F_NODE_ID, 1, 0) } },
	/* -fw_cfg, with ",," for a comma */
	{ { "-fw_cfg", "name=opt/a,string=hello" }, {
		NUM(F_NR_FW_CFG, 1), STR(F_FW_NAME, "opt/a"),
		STR(F_FW_STRING, "hello"), STR(F_FW_FILE, NULL) } },
	{ { "-fw_cfg", "opt/org.example/b,file=/etc/hostname" }, {
		STR(F_FW_NAME, "opt/org.example/b"),
		STR(F_FW_FILE, "/etc/hostname"), STR(F_FW_STRING, NULL) } },
	{ { "-fw_cfg", "name=opt/c,string=a,,b,,,,c" },
	  { STR(F_FW_STRING, "a,b,,c") } },
	{ { "-fw_cfg", "name=opt/d,,e,string=x", "-fw_cfg",
	    "name=opt/f,string=y" }, {
		NUM(F_NR_FW_CFG, 2), STRI(F_FW_NAME, 0, "opt/d,e"),
		STRI(F_FW_NAME, 1, "opt/f") } },
	/* ours */
	{ { "--timeout", "30" }, { NUM(F_TIMEOUT, 30) } },
	{ { "-timeout", "5" }, { NUM(F_TIMEOUT, 5) } },
	{ { "--dump", "slots,e820" }, { NUM(F_DUMP, DUMP_SLOTS | DUMP_E820) } },
	{ { "--dump", "mtree", "--dump", "flatview,ramblock" },
	  { NUM(F_DUMP, DUMP_MTREE | DUMP_FLATVIEW | DUMP_RAMBLOCK) } },
	{ { "--dump", "slots,mtree,flatview,ramblock,e820" },
	  { NUM(F_DUMP, DUMP_SLOTS | DUMP_MTREE | DUMP_FLATVIEW |
		 DUMP_RAMBLOCK | DUMP_E820) } },
	{ { "--caps" }, { NUM(F_CAPS, 1) } },
	{ { "--stats" }, { NUM(F_STATS, 1) } },
	/* -h stops parsing: what follows is not looked at */
	{ { "-h", "-no-such-option" }, { NUM(F_HELP, 1) } },
	{ { "--help" }, { NUM(F_HELP, 1) } },
	{ { "-m", "1G", "-help", "-m", "0" },
	  { NUM(F_HELP, 1), NUM(F_RAM, GiB) } },
};

static int run_args(struct vmm_config *cfg, const char *const *args)
{
	char *argv[MAX_ARGS + 1] = { "vmm" };
	int argc = 1;

	while (argc <= MAX_ARGS && args[argc - 1]) {
		argv[argc] = (char *)args[argc - 1];
		argc++;
	}
	error_clear();
	return config_parse_args(cfg, argc, argv);
}

static const char *args_str(const char *const *args, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (; *args && off < len; args++)
		off += snprintf(buf + off, len - off, "%s%s", off ? " " : "",
				*args);
	return buf[0] ? buf : "(no options)";
}

static void test_good_args(void)
{
	unsigned int i;
	char name[400];

	for (i = 0; i < ARRAY_SIZE(good_cases); i++) {
		const struct good_case *c = &good_cases[i];
		struct vmm_config cfg;
		bool ok;
		int ret;

		config_init(&cfg);
		ret = run_args(&cfg, c->argv);
		if (ret)
			ktap_print_msg("returned %d: %s", ret, error_get());
		ok = !ret && check_fields(&cfg, c->want);
		ktap_test_result(ok, "accepts %s",
				 args_str(c->argv, name, sizeof(name)));
		config_free(&cfg);
	}
}

/* ---- bad command lines ------------------------------------------------ */

struct bad_case {
	const char	*argv[MAX_ARGS];
	const char	*has[3];	/* the message contains each */
};

static const struct bad_case bad_cases[] = {
	{ { "-foo" }, { "unknown option '-foo'" } },
	{ { "--foo" }, { "unknown option '--foo'" } },
	{ { "-" }, { "unknown option '-'" } },
	{ { "disk.img" }, { "unexpected argument 'disk.img'" } },
	{ { "-m" }, { "-m: missing argument" } },
	{ { "-M" }, { "-M: missing argument" } },
	{ { "-object" }, { "-object: missing argument" } },
	{ { "-readconfig" }, { "-readconfig: missing argument" } },
	{ { "--timeout" }, { "--timeout: missing argument" } },
	/* -M */
	{ { "-M", "foo" }, { "-M: unknown machine type 'foo'",
			     "pc, pc-i440fx-7.2, pc-i440fx-1.7, q35, "
			     "pc-q35-7.2" } },
	{ { "-machine", "pc-i440fx-7.1" },
	  { "-machine: ", "'pc-i440fx-7.1'", "q35" } },
	{ { "-M", "pc,foo=bar" }, { "-M: unknown property 'foo'",
				    "max-ram-below-4g" } },
	{ { "-M", "pc,max-ram-below-4g=5G" },
	  { "-M: invalid max-ram-below-4g '5G'", "4G" } },
	{ { "-M", "pc,max-ram-below-4g=4X" },
	  { "-M: invalid max-ram-below-4g '4X'", "suffix" } },
	{ { "-M", "pc,accel=tcg" }, { "-M: ", "'tcg'", "kvm" } },
	{ { "-M", "pc,hpet" }, { "-M: expected KEY=VALUE", "'hpet'" } },
	{ { "-M", "pc," }, { "-M: expected KEY=VALUE", "'pc,'" } },
	/* -m */
	{ { "-m", "4X" }, { "-m: invalid size '4X'", "K, M, G, T" } },
	{ { "-m", "0" }, { "-m: invalid size '0'", "above 0" } },
	{ { "-m", "size=0G" }, { "-m: invalid size '0G'" } },
	{ { "-m", "1.5" }, { "-m: invalid size '1.5'", "fraction" } },
	{ { "-m", "16E" }, { "-m: invalid size '16E'", "2^64" } },
	{ { "-m", "17592186044416" },
	  { "-m: invalid size '17592186044416'", "2^64" } },
	{ { "-m", "" }, { "-m: invalid size ''" } },
	{ { "-m", "1G,foo=1" }, { "-m: unknown property 'foo'", "maxmem" } },
	{ { "-m", "1G,slots=2" }, { "-m: slots=2", "maxmem" } },
	{ { "-m", "1G,slots=300,maxmem=2G" }, { "-m: invalid slots '300'" } },
	{ { "-m", "2G,maxmem=1G" }, { "-m: maxmem 1G", "2G" } },
	{ { "-m", "2G,maxmem=2G,slots=2" }, { "-m: slots=2", "2G" } },
	{ { "-m", "2G,maxmem=1X" }, { "-m: invalid maxmem '1X'" } },
	/* -smp */
	{ { "-smp", "0" }, { "-smp: invalid cpus '0'", "1 to 255" } },
	{ { "-smp", "256" }, { "-smp: invalid cpus '256'", "1 to 255" } },
	{ { "-smp", "two" }, { "-smp: invalid cpus 'two'" } },
	{ { "-smp", "-1" }, { "-smp: invalid cpus '-1'" } },
	{ { "-smp", "sockets=2" }, { "-smp: unknown property 'sockets'",
				     "cpus" } },
	/* -accel */
	{ { "-accel", "tcg" }, { "-accel: unsupported accelerator 'tcg'",
				 "kvm" } },
	{ { "-accel", "kvm,max-slot-size=0" },
	  { "-accel: invalid max-slot-size '0'", "page size" } },
	{ { "-accel", "kvm,max-slot-size=4097" },
	  { "-accel: invalid max-slot-size '4097'", "page size" } },
	{ { "-accel", "kvm,max-slot-size=1Q" },
	  { "-accel: invalid max-slot-size '1Q'" } },
	{ { "-accel", "kvm,dirty-ring-size=1000" },
	  { "-accel: invalid dirty-ring-size '1000'", "power of two" } },
	{ { "-accel", "kvm,dirty-ring-size=131072" },
	  { "-accel: invalid dirty-ring-size '131072'", "65536" } },
	{ { "-accel", "kvm,dirty-ring-size=ring" },
	  { "-accel: invalid dirty-ring-size 'ring'" } },
	{ { "-accel", "kvm,manual-dirty-log-protect=maybe" },
	  { "-accel: invalid manual-dirty-log-protect 'maybe'" } },
	{ { "-accel", "kvm,dirty-ring-size=256,manual-dirty-log-protect=on" },
	  { "dirty-ring-size and manual-dirty-log-protect=on exclude" } },
	{ { "-accel", "kvm,dirty-log=ring" },
	  { "-accel: unknown property 'dirty-log'", "dirty-ring-size",
	    "manual-dirty-log-protect" } },
	/* -serial, -display */
	{ { "-serial", "foo" }, { "-serial: unsupported backend 'foo'",
				  "stdio, file:PATH, none or null" } },
	{ { "-serial", "file:" }, { "-serial: 'file:'", "file:PATH" } },
	{ { "-serial", "tcp::4444" }, { "-serial: ", "'tcp::4444'" } },
	{ { "-display", "gtk" }, { "-display: unsupported display 'gtk'",
				   "none" } },
	/* -device */
	{ { "-device", "foo" }, { "-device: unsupported device 'foo'",
				  "isa-debug-exit" } },
	{ { "-device", "iobase=0xf4" }, { "-device: no driver",
					  "isa-debug-exit" } },
	{ { "-device", "isa-debug-exit,foo=1" },
	  { "-device: unknown property 'foo'", "iobase, iosize" } },
	{ { "-device", "isa-debug-exit,iobase=0x10000" },
	  { "-device: invalid iobase '0x10000'", "0xffff" } },
	{ { "-device", "isa-debug-exit,iobase=port" },
	  { "-device: invalid iobase 'port'" } },
	{ { "-device", "isa-debug-exit,iosize=0" },
	  { "-device: invalid iosize '0'", "1 to 255" } },
	{ { "-device", "isa-debug-exit,iobase=0xfffe,iosize=4" },
	  { "-device: iobase 0xfffe", "iosize 4", "0xffff" } },
	{ { "-device", "isa-debug-exit", "-device", "isa-debug-exit" },
	  { "-device: isa-debug-exit given twice" } },
	/* -object */
	{ { "-object", "foo,id=x" }, { "-object: unsupported object type "
				       "'foo'", "memory-backend-ram" } },
	{ { "-object", "id=m0,size=1G" }, { "-object: object has no "
					    "qom-type" } },
	{ { "-object", "memory-backend-ram,size=1G" },
	  { "-object: object has no id", "id=ID" } },
	{ { "-object", "memory-backend-ram,id=0m,size=1G" },
	  { "-object: invalid id '0m'", "starting with a letter" } },
	{ { "-object", "memory-backend-ram,id=m0" },
	  { "-object: memory-backend-ram 'm0' has no size", "size=SIZE" } },
	{ { "-object", "memory-backend-ram,id=m0,size=0" },
	  { "-object: invalid size '0'" } },
	{ { "-object", "memory-backend-ram,id=m0,size=1X" },
	  { "-object: invalid size '1X'", "suffix" } },
	{ { MD_RAM_1G("m0"), MD_RAM_1G("m0") },
	  { "-object: duplicate id 'm0'" } },
	{ { "-object", "memory-backend-ram,id=m0,size=1G,mem-path=/x" },
	  { "-object: unknown property 'mem-path'", "prealloc, share" } },
	{ { "-object", "memory-backend-ram,id=m0,size=1G,hugetlb=on" },
	  { "-object: unknown property 'hugetlb'" } },
	{ { "-object", "memory-backend-file,id=f,size=1G,hugetlb=on" },
	  { "-object: unknown property 'hugetlb'", "mem-path" } },
	{ { "-object", "memory-backend-file,id=f,size=1G" },
	  { "-object: memory-backend-file 'f' has no mem-path" } },
	{ { "-object", "memory-backend-ram,id=m0,size=1G,policy=foo" },
	  { "-object: invalid policy 'foo'", "interleave" } },
	{ { "-object", "memory-backend-ram,id=m0,size=1G,host-nodes=0" },
	  { "-object: ", "host-nodes '0'", "bind" } },
	{ { "-object", "memory-backend-ram,id=m0,size=1G,policy=bind" },
	  { "-object: ", "policy 'bind'", "host-nodes" } },
	{ { "-object", "memory-backend-ram,id=m0,size=1G,host-nodes=2-1,"
			"policy=bind" },
	  { "-object: invalid host-nodes '2-1'", "A-B" } },
	{ { "-object", "memory-backend-ram,id=m0,size=1G,host-nodes=128,"
			"policy=bind" },
	  { "-object: invalid host-nodes '128'", "127" } },
	{ { "-object", "memory-backend-ram,id=m0,size=1G,prealloc=maybe" },
	  { "-object: invalid prealloc 'maybe'", "on or off" } },
	{ { "-object", "memory-backend-ram,id=m0,size=1G,prealloc" },
	  { "-object: expected KEY=VALUE", "'prealloc'" } },
	{ { "-object", "memory-backend-memfd,id=m0,size=1G,hugetlbsize=2Q" },
	  { "-object: invalid hugetlbsize '2Q'" } },
	/* -numa, and the checks made once all options are read */
	{ { "-numa", "dist,src=0,dst=1,val=20" },
	  { "-numa: unsupported type 'dist'", "node" } },
	{ { "-numa", "nodeid=0" }, { "-numa: no type", "node" } },
	{ { "-numa", "node,foo=1" }, { "-numa: unknown property 'foo'",
				       "memdev" } },
	{ { "-numa", "node,nodeid=64" }, { "-numa: invalid nodeid '64'",
					   "0 to 63" } },
	{ { "-numa", "node", "-numa", "node,nodeid=0" },
	  { "-numa: duplicate node id 0" } },
	{ { "-numa", "node,nodeid=1" }, { "-numa: node 1", "0 to 0" } },
	{ { "-numa", "node,memdev=m1" },
	  { "-numa: node 0: memdev 'm1' is not defined", "id=m1" } },
	{ { "-numa", "node,cpus=1-0" }, { "-numa: invalid cpus '1-0'" } },
	{ { "-numa", "node,cpus=x" }, { "-numa: invalid cpus 'x'" } },
	{ { "-smp", "2", "-numa", "node,cpus=0-2" },
	  { "-numa: node 0: cpus '0-2'", "-smp is 2" } },
	{ { "-m", "2G", MD_RAM_1G("m0"), "-numa", "node,memdev=m0",
	    "-numa", "node,memdev=m0" },
	  { "-numa: node 1: memdev 'm0'", "node 0" } },
	{ { MD_RAM_1G("m0"), "-numa", "node,memdev=m0" },
	  { "-numa: ", "1G", "-m is 128M" } },
	/* -fw_cfg */
	{ { "-fw_cfg", "name=foo,string=x" },
	  { "-fw_cfg: invalid name 'foo'", "opt/" } },
	{ { "-fw_cfg", "name=etc/e820,string=x" },
	  { "-fw_cfg: invalid name 'etc/e820'", "opt/" } },
	{ { "-fw_cfg", "name=opt/foo" },
	  { "-fw_cfg: 'opt/foo' needs exactly one", "file=PATH" } },
	{ { "-fw_cfg", "name=opt/foo,string=x,file=y" },
	  { "-fw_cfg: 'opt/foo' needs exactly one", "string=TEXT" } },
	{ { "-fw_cfg", "string=x" }, { "-fw_cfg: no name", "opt/" } },
	{ { "-fw_cfg", "name=opt/foo,gen_id=x" },
	  { "-fw_cfg: unknown property 'gen_id'", "string" } },
	{ { "-fw_cfg", "name=opt/0123456789012345678901234567890123456789"
		       "0123456789xy,string=x" },
	  { "-fw_cfg: invalid name", "at most 55" } },
	{ { "-fw_cfg", "opt/a,string=x", "-fw_cfg", "opt/a,string=y" },
	  { "-fw_cfg: duplicate name 'opt/a'" } },
	/* ours */
	{ { "--timeout", "0" }, { "--timeout: invalid value '0'", "above 0" } },
	{ { "--timeout", "1.5" }, { "--timeout: invalid value '1.5'" } },
	{ { "--timeout", "-3" }, { "--timeout: invalid value '-3'" } },
	{ { "--timeout", "99999999999" },
	  { "--timeout: invalid value '99999999999'" } },
	{ { "--dump", "foo" }, { "--dump: unknown item 'foo'",
				 "slots, mtree, flatview, ramblock, e820" } },
	{ { "--dump", "slots,,e820" }, { "--dump: unknown item ''" } },
	{ { "--dump", "" }, { "--dump: unknown item ''" } },
	{ { "-readconfig", "/nonexistent/vmm.cfg" },
	  { "-readconfig /nonexistent/vmm.cfg", "No such file" } },
};

static bool message_has(const char *msg, const char *const *has)
{
	bool ok = !strchr(msg, '\n');
	unsigned int i;

	if (!ok)
		ktap_print_msg("message is not one line: \"%s\"", msg);
	for (i = 0; i < 3 && has[i]; i++) {
		if (strstr(msg, has[i]))
			continue;
		ktap_print_msg("message \"%s\" lacks \"%s\"", msg, has[i]);
		ok = false;
	}
	return ok;
}

static void test_bad_args(void)
{
	unsigned int i;
	char name[400];

	for (i = 0; i < ARRAY_SIZE(bad_cases); i++) {
		const struct bad_case *c = &bad_cases[i];
		struct vmm_config cfg;
		bool ok;
		int ret;

		config_init(&cfg);
		ret = run_args(&cfg, c->argv);
		if (!ret)
			ktap_print_msg("accepted, expected an error");
		ok = ret && message_has(error_get(), c->has);
		ktap_test_result(ok, "rejects %s",
				 args_str(c->argv, name, sizeof(name)));
		config_free(&cfg);
	}
}

/* ---- -readconfig files written here ----------------------------------- */

static char tmp_path[64];

static void write_tmp(const char *text)
{
	FILE *f;
	int fd;

	snprintf(tmp_path, sizeof(tmp_path), "/tmp/config_test.XXXXXX");
	fd = mkstemp(tmp_path);
	f = fd < 0 ? NULL : fdopen(fd, "w");
	if (!f || fputs(text, f) < 0 || fclose(f))
		ktap_exit_fail_msg("cannot write %s: %s", tmp_path,
				   strerror(errno));
}

struct file_case {
	const char	*name;
	const char	*text;
	struct expect	want[MAX_EXPECT];
};

static const struct file_case good_files[] = {
	{ "every section, as QEMU writes them",
	  "# written by hand\n"
	  "[machine]\n"
	  "  type = \"pc\"\n"
	  "  max-ram-below-4g = \"2G\"\n"
	  "  accel = \"kvm\"\n"
	  "\n"
	  "[memory]\n"
	  "  size = \"2G\"\n"
	  "[smp-opts]\n"
	  "  cpus = \"2\"\n"
	  "[accel]\n"
	  "  accel = \"kvm\"\n"
	  "  max-slot-size = \"512M\"\n"
	  "[object \"m0\"]\n"
	  "  qom-type = \"memory-backend-ram\"\n"
	  "  size = \"1G\"\n"
	  "[object \"m1\"]\n"
	  "  size = \"1G\"\n"
	  "  qom-type = \"memory-backend-memfd\"\n"
	  "[numa]\n"
	  "  type = \"node\"\n"
	  "  nodeid = \"0\"\n"
	  "  memdev = \"m0\"\n"
	  "  cpus = \"0\"\n"
	  "[numa]\n"
	  "  type = \"node\"\n"
	  "  memdev = \"m1\"\n"
	  "  cpus = \"1\"\n"
	  "[fw_cfg]\n"
	  "  name = \"opt/greeting\"\n"
	  "  string = \"hello, world\"\n"
	  "[device]\n"
	  "  driver = \"isa-debug-exit\"\n"
	  "  iobase = \"0xf4\"\n"
	  "  iosize = \"0x04\"\n", {
		STR(F_MACHINE, "pc"), NUM(F_BELOW_4G, 2 * GiB),
		NUM(F_RAM, 2 * GiB), NUM(F_SMP, 2),
		NUM(F_SLOT_SIZE, 512 * MiB), NUM(F_NR_MEMDEVS, 2),
		STRI(F_MD_TYPE, 1, "memory-backend-memfd"),
		NUM(F_NR_NUMA, 2), NUMI(F_NODE_ID, 1, 1),
		STRI(F_NODE_MEMDEV, 1, "m1"),
		STR(F_FW_STRING, "hello, world"), NUM(F_DEBUG_EXIT, 1) } },
	{ "unquoted values, no indent, tabs, comments",
	  "; a comment\n"
	  "[machine] # trailing comment\n"
	  "type = q35\n"
	  "\tmax-ram-below-4g=3G\n"
	  "[memory]\n"
	  "size = \"4G\" # what QEMU ignores after the quote\n"
	  "[device \"exit\"]\n"
	  "driver = \"isa-debug-exit\"\n"
	  "iobase = \"0x501\"\n", {
		STR(F_MACHINE, "q35"), NUM(F_BELOW_4G, 3 * GiB),
		NUM(F_RAM, 4 * GiB), NUM(F_IOBASE, 0x501),
		NUM(F_IOSIZE, 4) } },
	{ "[object] with an id key, memory-backend-file",
	  "[memory]\n"
	  "  size = \"1G\"\n"
	  "[object]\n"
	  "  qom-type = \"memory-backend-file\"\n"
	  "  id = \"f0\"\n"
	  "  size = \"1G\"\n"
	  "  mem-path = \"/dev/shm\"\n"
	  "  share = \"on\"\n"
	  "[numa]\n"
	  "  type = \"node\"\n"
	  "  memdev = \"f0\"\n", {
		STR(F_MD_ID, "f0"), STR(F_MD_PATH, "/dev/shm"),
		NUM(F_MD_SHARE, 1), STR(F_NODE_MEMDEV, "f0") } },
	{ "empty file keeps the defaults", "", {
		STR(F_MACHINE, "pc"), NUM(F_RAM, 128 * MiB), NUM(F_SMP, 1) } },
	{ "two [machine] sections merge, the later key wins",
	  "[machine]\n  type = \"pc\"\n  max-ram-below-4g = \"2G\"\n"
	  "[machine]\n  type = \"pc-i440fx-1.7\"\n", {
		STR(F_MACHINE, "pc-i440fx-1.7"),
		NUM(F_BELOW_4G, 2 * GiB) } },
};

static void test_good_files(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(good_files); i++) {
		const struct file_case *c = &good_files[i];
		struct vmm_config cfg;
		bool ok;
		int ret;

		write_tmp(c->text);
		config_init(&cfg);
		error_clear();
		ret = config_read_file(&cfg, tmp_path);
		if (ret)
			ktap_print_msg("returned %d: %s", ret, error_get());
		ok = !ret && check_fields(&cfg, c->want);
		ktap_test_result(ok, "readconfig: %s", c->name);
		config_free(&cfg);
		unlink(tmp_path);
	}
}

struct bad_file {
	const char	*name;
	const char	*text;
	unsigned int	line;	/* 0: a check made after the whole file */
	const char	*has;
};

static const struct bad_file bad_files[] = {
	{ "a line that is no key = value",
	  "[machine]\n  type = \"pc\"\n\n  garbage\n", 4,
	  "expected 'key = \"value\"'" },
	{ "key: value", "[machine]\n  type: \"pc\"\n", 2,
	  "expected 'key = \"value\"'" },
	{ "unterminated quote", "[machine]\n  type = \"pc\n", 2,
	  "expected 'key = \"value\"'" },
	{ "text after the closing quote",
	  "[machine]\n  type = \"pc\" q35\n", 2,
	  "expected 'key = \"value\"'" },
	{ "an empty key", "[machine]\n  = \"pc\"\n", 2,
	  "expected 'key = \"value\"'" },
	{ "a key before any section", "\n  type = \"pc\"\n", 2,
	  "'type' is outside any section" },
	{ "unknown section", "# c\n[drive]\n  file = \"x\"\n", 2,
	  "unknown section '[drive]': valid sections are machine" },
	{ "unknown section without keys", "[machine]\n[foo]\n", 2,
	  "unknown section '[foo]'" },
	{ "header without ]", "[machine\n  type = \"pc\"\n", 1,
	  "expected '[section]'" },
	{ "empty header", "[]\n", 1, "expected '[section]'" },
	{ "id on a section without ids", "[memory \"x\"]\n  size = \"1G\"\n",
	  1, "section [memory] takes no id" },
	{ "unknown key",
	  "[machine]\n  type = \"pc\"\n  max-ram-below-4g = \"2G\"\n"
	  "  hpet = \"off\"\n", 4,
	  "unknown key 'hpet' in [machine]: valid keys are type" },
	{ "bad machine type", "[machine]\n  type = \"pc-q35-2.0\"\n", 2,
	  "unknown machine type 'pc-q35-2.0'" },
	{ "bad size", "[machine]\n  type = \"pc\"\n[memory]\n"
	  "  size = \"4X\"\n", 4, "invalid size '4X'" },
	{ "bad slot size", "[accel]\n  accel = \"kvm\"\n"
	  "  max-slot-size = \"1000\"\n", 3,
	  "invalid max-slot-size '1000'" },
	{ "[accel] other than kvm", "[accel]\n  accel = \"tcg\"\n", 2,
	  "unsupported accelerator 'tcg'" },
	{ "object without size, at its header",
	  "[memory]\n  size = \"1G\"\n\n[object \"m0\"]\n"
	  "  qom-type = \"memory-backend-ram\"\n[numa]\n"
	  "  type = \"node\"\n", 4,
	  "memory-backend-ram 'm0' has no size" },
	{ "object with two ids", "[object \"a\"]\n"
	  "  qom-type = \"memory-backend-ram\"\n  id = \"b\"\n"
	  "  size = \"1G\"\n", 3, "id 'b' given twice" },
	{ "[numa] without type", "[numa]\n  nodeid = \"0\"\n", 1, "no type" },
	{ "[fw_cfg] without opt/", "[fw_cfg]\n  name = \"x\"\n"
	  "  string = \"y\"\n", 2, "invalid name 'x'" },
	{ "a line too long for inih", "[machine]\n  type = \""
	  "pcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpc"
	  "pcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpc"
	  "pcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpc"
	  "pcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpcpc"
	  "\"\n", 2, "line longer than" },
	{ "a memdev no object defines", "[numa]\n  type = \"node\"\n"
	  "  memdev = \"mx\"\n", 0, "-numa: node 0: memdev 'mx' is not" },
};

static void test_bad_files(void)
{
	unsigned int i;
	char where[128];

	for (i = 0; i < ARRAY_SIZE(bad_files); i++) {
		const struct bad_file *c = &bad_files[i];
		const char *has[3] = { c->has };
		struct vmm_config cfg;
		bool ok;
		int ret;

		write_tmp(c->text);
		if (c->line) {
			snprintf(where, sizeof(where), "-readconfig %s:%u: ",
				 tmp_path, c->line);
			has[1] = where;
		}
		config_init(&cfg);
		error_clear();
		ret = config_read_file(&cfg, tmp_path);
		if (!ret)
			ktap_print_msg("accepted, expected an error");
		ok = ret && message_has(error_get(), has);
		ktap_test_result(ok, "readconfig rejects: %s", c->name);
		config_free(&cfg);
		unlink(tmp_path);
	}
}

/* -readconfig anywhere in argv, in order with the other options. */
static void test_readconfig_in_args(void)
{
	struct vmm_config cfg;
	const char *args[MAX_ARGS] = {
		"-m", "1G", "-readconfig", NULL, "-smp", "3",
	};
	const struct expect want[MAX_EXPECT] = {
		STR(F_MACHINE, "q35"), NUM(F_RAM, 2 * GiB), NUM(F_SMP, 3),
	};
	int ret;

	write_tmp("[machine]\n  type = \"q35\"\n[memory]\n  size = \"2G\"\n"
		  "[smp-opts]\n  cpus = \"2\"\n");
	args[3] = tmp_path;
	config_init(&cfg);
	ret = run_args(&cfg, args);
	if (ret)
		ktap_print_msg("returned %d: %s", ret, error_get());
	ktap_test_result(!ret && check_fields(&cfg, want),
			 "-readconfig between options: later ones win");
	config_free(&cfg);

	/* A file's NUMA node may use a memdev given after it in argv. */
	write_tmp("[numa]\n  type = \"node\"\n  memdev = \"m0\"\n");
	args[0] = "-readconfig";
	args[1] = tmp_path;
	args[2] = "-object";
	args[3] = "memory-backend-ram,id=m0,size=128M";
	args[4] = NULL;
	config_init(&cfg);
	ret = run_args(&cfg, args);
	if (ret)
		ktap_print_msg("returned %d: %s", ret, error_get());
	ktap_test_result(!ret && cfg.vm.machine.nr_numa == 1 &&
			 cfg.vm.machine.nr_memdevs == 1,
			 "-readconfig: memdev checked after all of argv");
	config_free(&cfg);
	unlink(tmp_path);
}

/* ---- configs/ --------------------------------------------------------- */

static const struct shipped {
	const char	*file;
	struct expect	want[MAX_EXPECT];
} shipped[] = {
	{ "default.cfg", {
		STR(F_MACHINE, "pc"), NUM(F_RAM, 128 * MiB),
		NUM(F_BELOW_4G, 0), NUM(F_SLOT_SIZE, 0) } },
	{ "pc-4G.cfg", {
		STR(F_MACHINE, "pc"), NUM(F_RAM, 4 * GiB),
		NUM(F_BELOW_4G, 0) } },
	{ "pc-i440fx-1.7-4G.cfg", {
		STR(F_MACHINE, "pc-i440fx-1.7"), NUM(F_RAM, 4 * GiB) } },
	{ "pc-max2G-4G.cfg", {
		STR(F_MACHINE, "pc"), NUM(F_RAM, 4 * GiB),
		NUM(F_BELOW_4G, 2 * GiB) } },
	{ "pc-max4G-3968M.cfg", {
		STR(F_MACHINE, "pc"), NUM(F_RAM, 3968 * MiB),
		NUM(F_BELOW_4G, 4 * GiB) } },
	{ "q35-4G.cfg", {
		STR(F_MACHINE, "q35"), NUM(F_RAM, 4 * GiB) } },
	{ "pc-6G-slot1G.cfg", {
		STR(F_MACHINE, "pc"), NUM(F_RAM, 6 * GiB),
		NUM(F_SLOT_SIZE, GiB) } },
	{ "pc-numa2.cfg", {
		NUM(F_RAM, 2 * GiB), NUM(F_SMP, 2), NUM(F_NR_MEMDEVS, 2),
		NUMI(F_MD_SIZE, 1, GiB), NUM(F_NR_NUMA, 2),
		STRI(F_NODE_MEMDEV, 1, "m1"), STRI(F_NODE_CPUS, 1, "1") } },
};

/* configs/ from the repository root (make check), else next to us. */
static const char *configs_dir(char *buf, size_t len)
{
	char self[PATH_MAX];
	ssize_t n;

	if (!access("configs/default.cfg", R_OK))
		return "configs";
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return NULL;
	self[n] = '\0';
	/* build/selftests/unit/config_test */
	snprintf(buf, len, "%s/../../../configs", dirname(self));
	return access(buf, R_OK) ? NULL : buf;
}

static bool parse_shipped(const char *dir, const char *file,
			  const struct expect *want)
{
	struct vmm_config cfg;
	char path[PATH_MAX];
	bool ok;
	int ret;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	config_init(&cfg);
	error_clear();
	ret = config_read_file(&cfg, path);
	if (ret)
		ktap_print_msg("%s: %s", path, error_get());
	ok = !ret && (!want || check_fields(&cfg, want));
	config_free(&cfg);
	return ok;
}

static void test_shipped(void)
{
	char buf[PATH_MAX];
	const char *dir = configs_dir(buf, sizeof(buf));
	unsigned int i, seen = 0;
	bool extra_ok = true;
	struct dirent *d;
	DIR *dp;

	for (i = 0; i < ARRAY_SIZE(shipped); i++) {
		if (!dir) {
			ktap_test_skip("configs/%s: no configs/ found",
				       shipped[i].file);
			continue;
		}
		ktap_test_result(parse_shipped(dir, shipped[i].file,
					       shipped[i].want),
				 "configs/%s", shipped[i].file);
	}
	/* And every other file there parses too. */
	dp = dir ? opendir(dir) : NULL;
	while (dp && (d = readdir(dp))) {
		size_t n = strlen(d->d_name);

		if (n < 5 || strcmp(d->d_name + n - 4, ".cfg"))
			continue;
		seen++;
		for (i = 0; i < ARRAY_SIZE(shipped); i++)
			if (!strcmp(shipped[i].file, d->d_name))
				break;
		if (i == ARRAY_SIZE(shipped) &&
		    !parse_shipped(dir, d->d_name, NULL))
			extra_ok = false;
	}
	if (dp)
		closedir(dp);
	if (!dir)
		ktap_test_skip("every configs/*.cfg parses: no configs/ found");
	else
		ktap_test_result(extra_ok && seen >= ARRAY_SIZE(shipped),
				 "every configs/*.cfg parses (%u files)", seen);
}

int main(void)
{
	ktap_print_header();
	ktap_set_plan(ARRAY_SIZE(size_cases) + ARRAY_SIZE(good_cases) +
		      ARRAY_SIZE(bad_cases) + ARRAY_SIZE(good_files) +
		      ARRAY_SIZE(bad_files) + 2 + ARRAY_SIZE(shipped) + 1);
	test_sizes();
	test_good_args();
	test_bad_args();
	test_good_files();
	test_bad_files();
	test_readconfig_in_args();
	test_shipped();
	ktap_finished();
}
