/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_CLI_CONFIG_H
#define VMM_CLI_CONFIG_H

#include "util/types.h"

#define CONFIG_MAX_OBJECTS	64
#define CONFIG_MAX_NUMA		64
#define CONFIG_MAX_FW_CFG	32

/* -object memory-backend-{ram,memfd,file},id=...,size=...: a memdev. */
struct config_memdev {
	char		*id;
	char		*qom_type;	/* "memory-backend-ram", ... */
	u64		size;
	char		*mem_path;	/* memory-backend-file */
	bool		share;
	bool		prealloc;
	bool		hugetlb;	/* memory-backend-memfd,hugetlb=on */
	u64		hugetlbsize;
	char		*policy;	/* default, preferred, bind, interleave */
	char		*host_nodes;	/* "0-1", "0,2" as QEMU writes them */
};

/* -numa node,nodeid=N,memdev=ID[,cpus=A-B] */
struct config_numa_node {
	int		nodeid;
	char		*memdev;
	char		*cpus;		/* NULL: QEMU's default spread */
};

/* -fw_cfg name=opt/...,file=PATH or name=opt/...,string=TEXT */
struct config_fw_cfg {
	char		*name;
	char		*file;
	char		*string;
};

/* What to print with --dump instead of running the guest. */
#define DUMP_SLOTS	(1u << 0)
#define DUMP_MTREE	(1u << 1)
#define DUMP_FLATVIEW	(1u << 2)
#define DUMP_RAMBLOCK	(1u << 3)
#define DUMP_E820	(1u << 4)

/*
 * Everything the command line and -readconfig files can say.  Parsing
 * fills it and checks each value on its own (syntax, units, ranges that
 * do not depend on the machine); hw/ checks what depends on the machine.
 */
struct vmm_config {
	char		*machine;		/* "pc", "q35", "pc-i440fx-1.7" */
	u64		ram_size;		/* bytes; default 128 MiB */
	u64		maxmem;			/* -m maxmem=, 0: not given */
	unsigned int	ram_slots;		/* -m slots=, 0: not given */
	u64		max_ram_below_4g;	/* 0: the machine's default */
	char		*bios;			/* NULL: no BIOS (boot fails) */
	bool		nodefaults;
	unsigned int	smp;			/* default 1 */
	u64		max_slot_size;		/* 0: no limit */
	char		*serial;		/* stdio, file:PATH, none, null */
	bool		debug_exit;		/* isa-debug-exit present */
	u16		debug_exit_iobase;	/* default 0xf4 */
	u8		debug_exit_iosize;	/* default 4 */
	unsigned int	timeout;		/* seconds, 0: none */
	unsigned int	dump;			/* DUMP_*: print, do not run */
	unsigned int	info;			/* DUMP_*: print, then run */
	bool		caps;			/* --caps */
	bool		no_reboot;		/* -no-reboot */
	bool		stats;			/* --stats */
	bool		help;			/* -h, --help */

	struct config_memdev	memdevs[CONFIG_MAX_OBJECTS];
	unsigned int		nr_memdevs;
	struct config_numa_node	numa[CONFIG_MAX_NUMA];
	unsigned int		nr_numa;
	struct config_fw_cfg	fw_cfg[CONFIG_MAX_FW_CFG];
	unsigned int		nr_fw_cfg;
};

/*
 * Parse argv (options in QEMU's syntax, and -readconfig FILE at any point
 * in it), then check what spans options (NUMA memdevs, -m maxmem).
 * Returns 0, or -EINVAL with error_get() holding one line that names the
 * option, the value and what would be valid.  On -h/--help it sets
 * cfg->help and returns 0 without reading further.
 */
int config_parse_args(struct vmm_config *cfg, int argc, char **argv);
/*
 * Parse a -readconfig file into @cfg (errors carry file:line) and run the
 * same final checks as config_parse_args().
 */
int config_read_file(struct vmm_config *cfg, const char *path);
/* The defaults: -M pc -m 128M -smp 1 -serial stdio. */
void config_init(struct vmm_config *cfg);
/* The -object memdev with this id, or NULL. */
const struct config_memdev *config_find_memdev(const struct vmm_config *cfg,
					       const char *id);
/* Free every string and object; @cfg may be config_init()ed again. */
void config_free(struct vmm_config *cfg);

/*
 * QEMU's size syntax: a decimal (or 0x hex) number, a decimal fraction
 * allowed, with an optional B/K/M/G/T/P/E suffix in either case; without
 * one the number counts @default_unit bytes.  Returns 0, -EINVAL (syntax,
 * or a fraction of a byte) or -ERANGE (beyond 2^64 - 1).
 */
int parse_size(const char *str, u64 *size, u64 default_unit);

#endif
