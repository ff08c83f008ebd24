// SPDX-License-Identifier: GPL-2.0
/*
 * The option groups of QEMU 7.2's syntax, one table each: -M [machine],
 * -m [memory], -smp [smp-opts], -accel [accel], -numa [numa], -fw_cfg
 * [fw_cfg], -device [device] (and -object [object], config_object.c).
 * A key's setter turns its text into the subsystem's typed parameter
 * once; the subsystem's own function says what is valid.  The tables
 * also write the "valid keys" lists of the messages.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/config_groups.h"
#include "util/error.h"


static struct pc_machine_params *machine(struct config_ctx *c)
{
	return &c->cfg->vm.machine;
}

/* "a number from MIN to MAX", for messages. */
static int prop_uint_range(struct config_ctx *c, const struct config_prop *p,
			   u64 min, u64 max, u64 *out)
{
	char valid[64];

	snprintf(valid, sizeof(valid), "a number from %llu to %llu",
		 (unsigned long long)min, (unsigned long long)max);
	return config_prop_uint(c->s, p, min, max, valid, out);
}

static int set_accel(struct config_ctx *c, const struct config_prop *p)
{
	if (strcmp(p->value, "kvm"))
		return config_error(c->s, p, "unsupported accelerator '%s': "
				    "only kvm is supported", p->value);
	return 0;
}

/* ---- -M TYPE[,max-ram-below-4g=SIZE][,accel=kvm], [machine] ---------- */

static int set_machine_type(struct config_ctx *c, const struct config_prop *p)
{
	if (pc_machine_type_parse(p->value, &machine(c)->type))
		return config_error_at(c->s, p);
	return 0;
}

static int set_max_ram_below_4g(struct config_ctx *c,
				const struct config_prop *p)
{
	u64 v;

	if (config_prop_size(c->s, p, &v))
		return -EINVAL;
	if (pc_machine_check_max_ram_below_4g(v))
		return config_error_invalid(c->s, p);
	machine(c)->max_ram_below_4g = v;
	return 0;
}

static const struct config_key machine_keys[] = {
	KEY("type", set_machine_type),
	KEY("max-ram-below-4g", set_max_ram_below_4g),
	KEY("accel", set_accel),
};

/* ---- -m [size=]SIZE[,slots=N,maxmem=SIZE], [memory] ------------------ */

/*
 * QEMU reads -m in bytes, then takes a value that ends in a digit as
 * MiB: so 128 is 128M and 1.0 is 1M, while 1.5 is a fraction of a byte
 * and an error, as in QEMU.
 */
static int set_ram_size(struct config_ctx *c, const struct config_prop *p)
{
	size_t len = strlen(p->value);
	u64 size;

	if (config_prop_size(c->s, p, &size))
		return -EINVAL;
	if (len && p->value[len - 1] >= '0' && p->value[len - 1] <= '9') {
		if (size > UINT64_MAX / MiB)
			return config_error(c->s, p, "invalid size '%s': the "
					    "largest size is 2^64 - 1 bytes",
					    p->value);
		size *= MiB;
	}
	if (!size)
		return config_error(c->s, p, "invalid size '%s': use a size "
				    "above 0, like 128M", p->value);
	machine(c)->ram_size = size;
	return 0;
}

static int set_ram_slots(struct config_ctx *c, const struct config_prop *p)
{
	u64 v;

	if (prop_uint_range(c, p, 0, PC_MAX_RAM_SLOTS, &v))
		return -EINVAL;
	machine(c)->ram_slots = (unsigned int)v;
	return 0;
}

static int set_maxmem(struct config_ctx *c, const struct config_prop *p)
{
	return config_prop_size(c->s, p, &machine(c)->maxmem);
}

static const struct config_key memory_keys[] = {
	KEY("size", set_ram_size),
	KEY("slots", set_ram_slots),
	KEY("maxmem", set_maxmem),
};

/* ---- -smp [cpus=]N, [smp-opts] ---------------------------------------- */

static int set_smp(struct config_ctx *c, const struct config_prop *p)
{
	u64 v;

	if (prop_uint_range(c, p, 1, PC_MAX_CPUS, &v))
		return -EINVAL;
	machine(c)->smp = (unsigned int)v;
	return 0;
}

static const struct config_key smp_keys[] = {
	KEY("cpus", set_smp),
};

/*
 * ---- -accel kvm[,max-slot-size=SIZE][,dirty-ring-size=N]
 *      [,manual-dirty-log-protect=on|off], [accel] ----------------------
 */

static int set_max_slot_size(struct config_ctx *c, const struct config_prop *p)
{
	u64 v;

	if (config_prop_size(c->s, p, &v))
		return -EINVAL;
	if (kvm_slots_check_max_slot_size(v))
		return config_error_invalid(c->s, p);
	c->cfg->vm.max_slot_size = v;
	return 0;
}

/* QEMU's: entries per vCPU ring, a power of two; 0 keeps the bitmaps. */
static int set_dirty_ring_size(struct config_ctx *c,
			       const struct config_prop *p)
{
	u64 v;

	if (config_prop_uint(c->s, p, 0, UINT32_MAX, "a number of entries",
			     &v))
		return -EINVAL;
	if (kvm_dirty_ring_check_size(v))
		return config_error_invalid(c->s, p);
	c->cfg->vm.dirty_log.dirty_ring_size = (u32)v;
	return 0;
}

static int set_manual_protect(struct config_ctx *c,
			      const struct config_prop *p)
{
	bool on;

	if (config_prop_bool(c->s, p, &on))
		return -EINVAL;
	c->cfg->vm.dirty_log.manual_protect = on ? KVM_MANUAL_PROTECT_ON :
					      KVM_MANUAL_PROTECT_OFF;
	return 0;
}

static const struct config_key accel_keys[] = {
	KEY("accel", set_accel),
	KEY("max-slot-size", set_max_slot_size),
	KEY("dirty-ring-size", set_dirty_ring_size),
	KEY("manual-dirty-log-protect", set_manual_protect),
};

/* ---- -numa node[,nodeid=N][,memdev=ID][,cpus=A-B], [numa] ------------- */

static int numa_begin(struct config_ctx *c)
{
	const struct config_prop *type = config_find_prop(c->s, "type");

	if (!type)
		return config_error(c->s, NULL, "no type: use type=node");
	if (strcmp(type->value, "node"))
		return config_error(c->s, type, "unsupported type '%s': only "
				    "node is supported", type->value);
	c->obj.node.nodeid = machine(c)->nr_numa;
	return 0;
}

static int set_nodeid(struct config_ctx *c, const struct config_prop *p)
{
	u64 v;

	if (prop_uint_range(c, p, 0, NUMA_MAX_NODES - 1, &v))
		return -EINVAL;
	c->obj.node.nodeid = (unsigned int)v;
	return 0;
}

static int set_node_memdev(struct config_ctx *c, const struct config_prop *p)
{
	return config_prop_str(p, &c->obj.node.memdev);
}

static int set_node_cpus(struct config_ctx *c, const struct config_prop *p)
{
	return config_prop_idset(c->s, p, PC_MAX_CPUS - 1, &c->obj.node.cpus);
}

static int numa_end(struct config_ctx *c)
{
	struct pc_machine_params *m = machine(c);
	unsigned int i;

	for (i = 0; i < m->nr_numa; i++)
		if (m->numa[i].nodeid == c->obj.node.nodeid)
			return config_error(c->s, config_find_prop(c->s,
								   "nodeid"),
					    "duplicate node id %u",
					    c->obj.node.nodeid);
	if (m->nr_numa == NUMA_MAX_NODES)
		return config_error(c->s, NULL, "too many nodes: at most %d",
				    NUMA_MAX_NODES);
	m->numa[m->nr_numa++] = c->obj.node;
	return 0;
}

static void numa_abort(struct config_ctx *c)
{
	numa_node_params_free(&c->obj.node);
}

static const struct config_key numa_keys[] = {
	TAKEN("type"),
	KEY("nodeid", set_nodeid),
	KEY("memdev", set_node_memdev),
	KEY("cpus", set_node_cpus),
};

/* ---- -fw_cfg [name=]opt/NAME,file=PATH|string=TEXT, [fw_cfg] ---------- */

static int set_fw_cfg_name(struct config_ctx *c, const struct config_prop *p)
{
	return config_prop_str(p, &c->obj.fw_cfg.name);
}

static int set_fw_cfg_file(struct config_ctx *c, const struct config_prop *p)
{
	return config_prop_str(p, &c->obj.fw_cfg.file);
}

static int set_fw_cfg_string(struct config_ctx *c,
			     const struct config_prop *p)
{
	return config_prop_str(p, &c->obj.fw_cfg.string);
}

static int fw_cfg_end(struct config_ctx *c)
{
	struct pc_machine_params *m = machine(c);
	struct fw_cfg_item *f = &c->obj.fw_cfg;
	unsigned int i;

	if (!f->name)
		return config_error(c->s, NULL, "no name: use name=opt/NAME "
				    "with file=PATH or string=TEXT");
	if (fw_cfg_check_user_name(f->name))
		return config_error_at(c->s, config_find_prop(c->s, "name"));
	if (!f->file == !f->string)
		return config_error(c->s, NULL, "'%s' needs exactly one of "
				    "file=PATH and string=TEXT", f->name);
	for (i = 0; i < m->nr_fw_cfg; i++)
		if (!strcmp(m->fw_cfg[i].name, f->name))
			return config_error(c->s, NULL, "duplicate name '%s'",
					    f->name);
	if (m->nr_fw_cfg == PC_MAX_FW_CFG_ITEMS)
		return config_error(c->s, NULL, "too many files: at most %d",
				    PC_MAX_FW_CFG_ITEMS);
	m->fw_cfg[m->nr_fw_cfg++] = *f;
	return 0;
}

static void fw_cfg_abort(struct config_ctx *c)
{
	fw_cfg_item_free(&c->obj.fw_cfg);
}

static const struct config_key fw_cfg_keys[] = {
	KEY("name", set_fw_cfg_name),
	KEY("file", set_fw_cfg_file),
	KEY("string", set_fw_cfg_string),
};

/* ---- -device isa-debug-exit[,iobase=N][,iosize=N], [device] ----------- */

static int device_begin(struct config_ctx *c)
{
	const struct config_prop *drv = config_find_prop(c->s, "driver");

	if (!drv)
		return config_error(c->s, NULL, "no driver: use "
				    "isa-debug-exit");
	if (strcmp(drv->value, "isa-debug-exit"))
		return config_error(c->s, drv, "unsupported device '%s': only "
				    "isa-debug-exit is supported", drv->value);
	if (machine(c)->debug_exit.present)
		return config_error(c->s, drv, "isa-debug-exit given twice: "
				    "only one is supported");
	c->obj.debug_exit = machine(c)->debug_exit;
	c->obj.debug_exit.present = true;
	return 0;
}

static int set_iobase(struct config_ctx *c, const struct config_prop *p)
{
	u64 v;

	if (config_prop_uint(c->s, p, 0, 0xffff, "a port from 0 to 0xffff",
			     &v))
		return -EINVAL;
	c->obj.debug_exit.iobase = (u16)v;
	return 0;
}

static int set_iosize(struct config_ctx *c, const struct config_prop *p)
{
	u64 v;

	if (prop_uint_range(c, p, 1, 0xff, &v))
		return -EINVAL;
	c->obj.debug_exit.iosize = (u8)v;
	return 0;
}

static int device_end(struct config_ctx *c)
{
	if (debug_exit_params_check(&c->obj.debug_exit))
		return config_error_at(c->s, NULL);
	machine(c)->debug_exit = c->obj.debug_exit;
	return 0;
}

static const struct config_key device_keys[] = {
	TAKEN("driver"),
	KEY("iobase", set_iobase),
	KEY("iosize", set_iosize),
};

/* ---- the groups ------------------------------------------------------- */

static const struct config_group machine_group = {
	.section = "machine", .implied = "type", GROUP_KEYS(machine_keys),
};
static const struct config_group memory_group = {
	.section = "memory", .implied = "size", GROUP_KEYS(memory_keys),
};
static const struct config_group smp_group = {
	.section = "smp-opts", .implied = "cpus", GROUP_KEYS(smp_keys),
};
static const struct config_group accel_group = {
	.section = "accel", .implied = "accel", GROUP_KEYS(accel_keys),
};
static const struct config_group numa_group = {
	.section = "numa", .implied = "type", GROUP_KEYS(numa_keys),
	.begin = numa_begin, .end = numa_end, .abort = numa_abort,
};
static const struct config_group fw_cfg_group = {
	.section = "fw_cfg", .implied = "name", GROUP_KEYS(fw_cfg_keys),
	.end = fw_cfg_end, .abort = fw_cfg_abort,
};
static const struct config_group device_group = {
	.section = "device", .implied = "driver", .has_id = true,
	GROUP_KEYS(device_keys), .begin = device_begin, .end = device_end,
};

/* In the order the "valid sections" message lists them. */
static const struct config_group *const groups[] = {
	&machine_group, &memory_group, &smp_group, &accel_group,
	&config_object_group, &numa_group, &fw_cfg_group, &device_group,
};

const struct config_group *config_group_find(const char *section)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(groups); i++)
		if (!strcmp(groups[i]->section, section))
			return groups[i];
	return NULL;
}

const char *config_group_names(char *buf, size_t len)
{
	const char *names[ARRAY_SIZE(groups)];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(groups); i++)
		names[i] = groups[i]->section;
	return join_names(buf, len, names, ARRAY_SIZE(groups), ", ");
}
