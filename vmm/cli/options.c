// SPDX-License-Identifier: GPL-2.0
/*
 * The command line: QEMU 7.2's options, then ours, each either a group
 * of properties (config_groups.c) or a value of its own.  Every error
 * is one line that names the option, the value and what would be valid;
 * main() prints it and exits.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/config_section.h"
#include "util/error.h"

static int opt_group(struct vmm_config *cfg, const char *section,
		     const char *opt, const char *arg)
{
	struct config_section s = {
		.group = config_group_find(section), .option = opt,
	};
	int ret = config_section_split(&s, arg);

	if (!ret)
		ret = config_section_apply(cfg, &s);
	config_section_clear(&s);
	return ret;
}

static int opt_bios(struct vmm_config *cfg, const char *opt, const char *val)
{
	(void)opt;
	return config_set_str(&cfg->vm.machine.bios, val);
}

static int opt_serial(struct vmm_config *cfg, const char *opt,
		      const char *val)
{
	if (serial_params_parse(&cfg->vm.machine.serial, val)) {
		error_prepend("%s: ", opt);
		return -EINVAL;
	}
	return 0;
}

static int opt_display(struct vmm_config *cfg, const char *opt,
		       const char *val)
{
	(void)cfg;
	if (strcmp(val, "none"))
		return error_ret(EINVAL, "%s: unsupported display '%s': only "
				 "none is supported", opt, val);
	return 0;
}

static int opt_readconfig(struct vmm_config *cfg, const char *opt,
			  const char *val)
{
	(void)opt;
	return readconfig_load(cfg, val);
}

static int opt_timeout(struct vmm_config *cfg, const char *opt,
		       const char *val)
{
	u64 v;

	if (parse_uint(val, 10, &v) || !v || v > UINT32_MAX)
		return error_ret(EINVAL, "%s: invalid value '%s': use a whole "
				 "number of seconds above 0", opt, val);
	cfg->vm.timeout = (unsigned int)v;
	return 0;
}

/* --strict-slots on|off: QEMU's boolean words. */
static int opt_strict_slots(struct vmm_config *cfg, const char *opt,
			    const char *val)
{
	if (parse_bool(val, &cfg->vm.strict_slots))
		return error_ret(EINVAL, "%s: invalid value '%s': use on or "
				 "off", opt, val);
	return 0;
}

/* --test-hook KIND=GPA (TEST ONLY, kvm/kvm_slot_hook.h). */
static int opt_test_hook(struct vmm_config *cfg, const char *opt,
			 const char *val)
{
	struct kvm_slot_hook_params *h = &cfg->vm.slot_hook;
	const char *eq = strchr(val, '=');
	char kind[32];

	if (!eq || (size_t)(eq - val) >= sizeof(kind))
		return error_ret(EINVAL, "%s: invalid value '%s': use "
				 "KIND=GPA, KIND one of short-slot, "
				 "shifted-slot, stale-slot", opt, val);
	snprintf(kind, sizeof(kind), "%.*s", (int)(eq - val), val);
	if (kvm_slot_hook_kind_parse(kind, &h->kind)) {
		error_prepend("%s: ", opt);
		return -EINVAL;
	}
	if (parse_uint(eq + 1, 0, &h->gpa))
		return error_ret(EINVAL, "%s: invalid address '%s': use a "
				 "guest-physical address (0x hex)", opt,
				 eq + 1);
	return 0;
}

/* --snapshot-to FILE: the file a live snapshot goes to. */
static int opt_snapshot_to(struct vmm_config *cfg, const char *opt,
			   const char *val)
{
	char *path = NULL;

	if (!*val)
		return error_ret(EINVAL, "%s: empty file name", opt);
	if (config_set_str(&path, val))
		return -ENOMEM;
	free((char *)cfg->snapshot.path);
	cfg->snapshot.path = path;
	return 0;
}

/* A number from @min to @max, named by the option in the error. */
static int opt_number(const char *opt, const char *val, u64 min, u64 max,
		      const char *what, u64 *v)
{
	if (parse_uint(val, 10, v) || *v < min || *v > max)
		return error_ret(EINVAL, "%s: invalid value '%s': use %s, "
				 "%llu to %llu", opt, val, what,
				 (unsigned long long)min,
				 (unsigned long long)max);
	return 0;
}

static int opt_snapshot_after(struct vmm_config *cfg, const char *opt,
			      const char *val)
{
	u64 v;
	int ret = opt_number(opt, val, 0, 86400000, "milliseconds", &v);

	cfg->snapshot_after_ms = (unsigned int)v;
	return ret;
}

static int opt_snapshot_rounds(struct vmm_config *cfg, const char *opt,
			       const char *val)
{
	u64 v;
	int ret = opt_number(opt, val, 0, 10000, "a number of rounds", &v);

	cfg->snapshot.max_rounds = (unsigned int)v;
	return ret;
}

static int opt_snapshot_io(struct vmm_config *cfg, const char *opt,
			   const char *val)
{
	if (!strcmp(val, "uring"))
		cfg->snapshot.io = SNAPSHOT_IO_URING;
	else if (!strcmp(val, "pwrite"))
		cfg->snapshot.io = SNAPSHOT_IO_PWRITE;
	else
		return error_ret(EINVAL, "%s: invalid value '%s': use uring "
				 "or pwrite", opt, val);
	return 0;
}

static int opt_snapshot_then(struct vmm_config *cfg, const char *opt,
			     const char *val)
{
	if (strcmp(val, "continue") && strcmp(val, "exit"))
		return error_ret(EINVAL, "%s: invalid value '%s': use "
				 "continue or exit", opt, val);
	cfg->snapshot_exit = !strcmp(val, "exit");
	return 0;
}

static int opt_restore(struct vmm_config *cfg, const char *opt,
		       const char *val)
{
	if (!*val)
		return error_ret(EINVAL, "%s: empty file name", opt);
	return config_set_str(&cfg->restore, val);
}

static const struct {
	const char	*name;
	unsigned int	bit;
} dump_items[] = {
	{ "slots", DUMP_SLOTS }, { "mtree", DUMP_MTREE },
	{ "flatview", DUMP_FLATVIEW }, { "ramblock", DUMP_RAMBLOCK },
	{ "e820", DUMP_E820 }, { "stamps", DUMP_STAMPS },
};

/* "slots, mtree, ...": what --dump and --info take. */
static const char *dump_names(char *buf, size_t len)
{
	const char *names[ARRAY_SIZE(dump_items)];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(dump_items); i++)
		names[i] = dump_items[i].name;
	return join_names(buf, len, names, ARRAY_SIZE(dump_items), ", ");
}

/* One item of --dump / --info, of @n characters at @p; its bit or 0. */
static unsigned int dump_bit(const char *p, size_t n)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(dump_items); i++)
		if (strlen(dump_items[i].name) == n &&
		    !strncmp(dump_items[i].name, p, n))
			return dump_items[i].bit;
	return 0;
}

/* --dump / --info slots,mtree,...: any subset, added to earlier ones. */
static int parse_dump(unsigned int *mask, const char *opt, const char *val)
{
	const char *p = val;
	char valid[128];

	do {
		size_t n = strcspn(p, ",");
		unsigned int bit = dump_bit(p, n);

		if (!bit)
			return error_ret(EINVAL, "%s: unknown item '%.*s' in "
					 "'%s': valid items are %s", opt,
					 (int)n, p, val,
					 dump_names(valid, sizeof(valid)));
		*mask |= bit;
		p += n;
	} while (*p++ == ',');
	return 0;
}

static int opt_dump(struct vmm_config *cfg, const char *opt, const char *val)
{
	return parse_dump(&cfg->dump, opt, val);
}

static int opt_info(struct vmm_config *cfg, const char *opt, const char *val)
{
	return parse_dump(&cfg->info, opt, val);
}

/*
 * An option is a group of properties, a value of its own (@apply), a
 * flag (a bool of struct vmm_config at @flag), or accepted and ignored.
 */
struct option_desc {
	const char	*name;		/* without its leading '-' */
	bool		has_arg;
	const char	*group;		/* a group's -readconfig section */
	int		(*apply)(struct vmm_config *cfg, const char *opt,
				 const char *val);
	bool		is_flag;
	size_t		flag;
};

#define GROUP_OPT(n, g)	{ .name = n, .has_arg = true, .group = g }
#define OPT(n, fn)	{ .name = n, .has_arg = true, .apply = fn }
#define FLAG(n, f)	{ .name = n, .is_flag = true, \
			  .flag = offsetof(struct vmm_config, f) }
#define IGNORED(n)	{ .name = n }

/*
 * QEMU's options, then ours; either takes one dash or two, like QEMU.
 * Ignored: -enable-kvm (KVM is all we do), -nographic (we have no
 * display), -no-reboot (a guest reset always ends the VM, status 2,
 * which is what QEMU does with it: vmm never reboots a guest).
 */
static const struct option_desc options[] = {
	GROUP_OPT("M", "machine"),
	GROUP_OPT("machine", "machine"),
	GROUP_OPT("m", "memory"),
	GROUP_OPT("smp", "smp-opts"),
	GROUP_OPT("accel", "accel"),
	GROUP_OPT("object", "object"),
	GROUP_OPT("numa", "numa"),
	GROUP_OPT("fw_cfg", "fw_cfg"),
	GROUP_OPT("device", "device"),
	OPT("bios", opt_bios),
	FLAG("nodefaults", vm.machine.nodefaults),
	IGNORED("enable-kvm"),
	IGNORED("nographic"),
	IGNORED("no-reboot"),
	OPT("serial", opt_serial),
	OPT("display", opt_display),
	OPT("readconfig", opt_readconfig),
	OPT("timeout", opt_timeout),
	OPT("strict-slots", opt_strict_slots),
	OPT("test-hook", opt_test_hook),
	OPT("snapshot-to", opt_snapshot_to),
	OPT("snapshot-after", opt_snapshot_after),
	OPT("snapshot-rounds", opt_snapshot_rounds),
	OPT("snapshot-io", opt_snapshot_io),
	OPT("snapshot-then", opt_snapshot_then),
	FLAG("snapshot-buffered", snapshot_buffered),
	OPT("restore", opt_restore),
	OPT("dump", opt_dump),
	OPT("info", opt_info),
	FLAG("caps", caps),
	FLAG("stats", stats),
	FLAG("verify-numa", verify_numa),
	FLAG("h", help),
	FLAG("help", help),
};

static const struct option_desc *find_option(const char *arg)
{
	const char *name = arg + 1 + (arg[1] == '-');
	size_t i;

	for (i = 0; i < ARRAY_SIZE(options); i++)
		if (!strcmp(options[i].name, name))
			return &options[i];
	return NULL;
}

static int apply_option(struct vmm_config *cfg, const struct option_desc *o,
			const char *opt, const char *val)
{
	if (o->group)
		return opt_group(cfg, o->group, opt, val);
	if (o->apply)
		return o->apply(cfg, opt, val);
	if (o->is_flag)
		*(bool *)((char *)cfg + o->flag) = true;
	return 0;
}

int config_parse_args(struct vmm_config *cfg, int argc, char **argv)
{
	const struct option_desc *o;
	const char *arg, *val;
	int i, ret;

	for (i = 1; i < argc; i++) {
		arg = argv[i];
		if (arg[0] != '-')
			return error_ret(EINVAL, "unexpected argument '%s': "
					 "options start with '-' (see -h)",
					 arg);
		o = find_option(arg);
		if (!o)
			return error_ret(EINVAL, "unknown option '%s'", arg);
		if (o->has_arg && i + 1 == argc)
			return error_ret(EINVAL, "%s: missing argument", arg);
		val = o->has_arg ? argv[++i] : NULL;
		ret = apply_option(cfg, o, arg, val);
		if (ret)
			return ret;
		if (cfg->help)
			return 0;
	}
	return config_check(cfg);
}
