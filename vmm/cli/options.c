// SPDX-License-Identifier: GPL-2.0
/*
 * The command line: QEMU 7.2's options, then ours, each either a group
 * of properties (config_groups.c) or a value of its own.  Every error
 * is one line that names the option, the value and what would be valid;
 * main() prints it and exits.
 */
#include <errno.h>
#include <stdio.h>
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

static int opt_nodefaults(struct vmm_config *cfg, const char *opt,
			  const char *val)
{
	(void)opt;
	(void)val;
	cfg->vm.machine.nodefaults = true;
	return 0;
}

/*
 * -enable-kvm: KVM is all we do.  -nographic: we have no display.
 * -no-reboot: a guest reset always ends the VM (status 2), which is
 * what QEMU does with it; vmm never reboots a guest.
 */
static int opt_ignored(struct vmm_config *cfg, const char *opt,
		       const char *val)
{
	(void)cfg;
	(void)opt;
	(void)val;
	return 0;
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

static const struct {
	const char	*name;
	unsigned int	bit;
} dump_items[] = {
	{ "slots", DUMP_SLOTS }, { "mtree", DUMP_MTREE },
	{ "flatview", DUMP_FLATVIEW }, { "ramblock", DUMP_RAMBLOCK },
	{ "e820", DUMP_E820 },
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

static int opt_caps(struct vmm_config *cfg, const char *opt, const char *val)
{
	(void)opt;
	(void)val;
	cfg->caps = true;
	return 0;
}

static int opt_stats(struct vmm_config *cfg, const char *opt,
		     const char *val)
{
	(void)opt;
	(void)val;
	cfg->stats = true;
	return 0;
}

static int opt_help(struct vmm_config *cfg, const char *opt, const char *val)
{
	(void)opt;
	(void)val;
	cfg->help = true;
	return 0;
}

struct option_desc {
	const char	*name;		/* without its leading '-' */
	bool		has_arg;
	const char	*group;		/* a group's -readconfig section */
	int		(*apply)(struct vmm_config *cfg, const char *opt,
				 const char *val);
};

#define GROUP_OPT(n, g)		{ .name = n, .has_arg = true, .group = g }
#define OPT(n, arg, fn)		{ .name = n, .has_arg = arg, .apply = fn }

/* QEMU's options, then ours; either takes one dash or two, like QEMU. */
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
	OPT("bios", true, opt_bios),
	OPT("nodefaults", false, opt_nodefaults),
	OPT("enable-kvm", false, opt_ignored),
	OPT("nographic", false, opt_ignored),
	OPT("no-reboot", false, opt_ignored),
	OPT("serial", true, opt_serial),
	OPT("display", true, opt_display),
	OPT("readconfig", true, opt_readconfig),
	OPT("timeout", true, opt_timeout),
	OPT("dump", true, opt_dump),
	OPT("info", true, opt_info),
	OPT("caps", false, opt_caps),
	OPT("stats", false, opt_stats),
	OPT("h", false, opt_help),
	OPT("help", false, opt_help),
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
		ret = o->group ? opt_group(cfg, o->group, arg, val) :
				 o->apply(cfg, arg, val);
		if (ret)
			return ret;
		if (cfg->help)
			return 0;
	}
	return config_check(cfg);
}
