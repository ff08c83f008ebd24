/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_CLI_CONFIG_H
#define VMM_CLI_CONFIG_H

#include "migration/snapshot.h"
#include "util/parse.h"
#include "vmm.h"

/* What to print with --dump instead of running the guest. */
#define DUMP_SLOTS	(1u << 0)
#define DUMP_MTREE	(1u << 1)
#define DUMP_FLATVIEW	(1u << 2)
#define DUMP_RAMBLOCK	(1u << 3)
#define DUMP_E820	(1u << 4)
#define DUMP_STAMPS	(1u << 5)

/*
 * Everything the command line and -readconfig files can say: the VM's
 * typed parameters, which the subsystems define and check, and what
 * only the vmm program does with a VM (dumps, --caps, --stats).  The
 * command line collects; each value is parsed here once, and nothing
 * below cli/ sees option text.
 */
struct vmm_config {
	struct vmm_params	vm;
	unsigned int		dump;		/* DUMP_*: print, do not run */
	unsigned int		info;		/* DUMP_*: print, then run */
	bool			caps;		/* --caps */
	bool			stats;		/* --stats */
	bool			verify_numa;	/* --verify-numa */
	bool			ram_size_given;	/* -m, else the default */
	bool			help;		/* -h, --help */

	/* --snapshot-to FILE and its settings (snapshot.path: NULL, none). */
	struct snapshot_params	snapshot;
	unsigned int		snapshot_after_ms;
	bool			snapshot_exit;	/* --snapshot-then exit */
	bool			snapshot_buffered; /* no O_DIRECT */
	char			*restore;	/* --restore FILE */
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
/*
 * --restore: load the file into the built VM and create its vCPUs from
 * it (not yet running); -errno with error_get() set.
 */
int vmm_cli_restore(struct vmm *vmm, const struct vmm_config *cfg);
/*
 * --snapshot-to, with the guest running: the snapshot, its line of
 * statistics on stderr; a failure ends the VM with status 1 and the
 * error, --snapshot-then exit ends it with 0 after a success.
 */
void vmm_cli_snapshot(struct vmm *vmm, struct vmm_config *cfg);
/* The defaults: -M pc -m 128M -smp 1 -serial stdio (vmm_params_init()). */
void config_init(struct vmm_config *cfg);
/* Free every string and object; @cfg may be config_init()ed again. */
void config_free(struct vmm_config *cfg);

#endif
