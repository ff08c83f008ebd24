// SPDX-License-Identifier: GPL-2.0
/*
 * The PC machine types and their rules, before anything is built: the
 * names -M takes, what each version does differently, the parameters'
 * defaults and the checks across options, the RAM split around 4 GiB.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "hw/pc.h"
#include "util/error.h"
#include "util/parse.h"

/* What each version does differently, as QEMU's compat properties say. */
static const struct pc_machine_class pc_i440fx_7_2 = {
	.name = "pc-i440fx-7.2", .gigabyte_align = true, .fw_cfg_dma = true,
	.device_memory = true, .aligned_dimm = true, .amd_ht_hole = true,
};
static const struct pc_machine_class pc_i440fx_1_7 = {
	.name = "pc-i440fx-1.7",
};
static const struct pc_machine_class pc_q35_7_2 = {
	.name = "pc-q35-7.2", .q35 = true, .gigabyte_align = true,
	.fw_cfg_dma = true, .device_memory = true, .aligned_dimm = true,
	.amd_ht_hole = true,
};

static const char *const pc_machine_names[PC_MACHINE__NR] = {
	[PC_MACHINE_PC]		= "pc",
	[PC_MACHINE_I440FX_7_2]	= "pc-i440fx-7.2",
	[PC_MACHINE_I440FX_1_7]	= "pc-i440fx-1.7",
	[PC_MACHINE_Q35]	= "q35",
	[PC_MACHINE_Q35_7_2]	= "pc-q35-7.2",
};

/* "pc" and "q35" are QEMU's aliases of the newest versions. */
static const struct pc_machine_class *const pc_machine_classes[] = {
	[PC_MACHINE_PC]		= &pc_i440fx_7_2,
	[PC_MACHINE_I440FX_7_2]	= &pc_i440fx_7_2,
	[PC_MACHINE_I440FX_1_7]	= &pc_i440fx_1_7,
	[PC_MACHINE_Q35]	= &pc_q35_7_2,
	[PC_MACHINE_Q35_7_2]	= &pc_q35_7_2,
};

int pc_machine_type_parse(const char *name, enum pc_machine_type *type)
{
	char valid[128];
	unsigned int i;

	for (i = 0; i < PC_MACHINE__NR; i++) {
		if (!strcmp(name, pc_machine_names[i])) {
			*type = (enum pc_machine_type)i;
			return 0;
		}
	}
	return error_ret(EINVAL, "unknown machine type '%s': valid types are "
			 "%s", name, join_names(valid, sizeof(valid),
						pc_machine_names,
						PC_MACHINE__NR, ", "));
}

const char *pc_machine_type_name(enum pc_machine_type type)
{
	return pc_machine_names[type];
}

const struct pc_machine_class *pc_machine_class(enum pc_machine_type type)
{
	return pc_machine_classes[type];
}

void pc_machine_params_init(struct pc_machine_params *p)
{
	memset(p, 0, sizeof(*p));
	p->type = PC_MACHINE_PC;
	p->ram_size = 128 * MiB;
	p->smp = 1;
	p->serial.backend = SERIAL_STDIO;
	debug_exit_params_init(&p->debug_exit);
}

void pc_machine_params_free(struct pc_machine_params *p)
{
	unsigned int i;

	free(p->bios);
	free(p->memory_backend);
	serial_params_free(&p->serial);
	for (i = 0; i < p->nr_memdevs; i++)
		host_memory_backend_params_free(&p->memdevs[i]);
	for (i = 0; i < p->nr_numa; i++)
		numa_node_params_free(&p->numa[i]);
	for (i = 0; i < p->nr_fw_cfg; i++)
		fw_cfg_item_free(&p->fw_cfg[i]);
	memset(p, 0, sizeof(*p));
}

int pc_machine_check_max_ram_below_4g(u64 max_ram_below_4g)
{
	if (max_ram_below_4g > 4 * GiB)
		return error_ret(EINVAL, "at most 4G");
	return 0;
}

/*
 * -m maxmem and slots, as QEMU: slots need room above the RAM, and a
 * machine without device memory (before 2.1) takes neither.
 */
static int pc_machine_check_maxmem(const struct pc_machine_params *p)
{
	char a[32], b[32];

	if (p->ram_slots && !p->maxmem)
		return error_ret(EINVAL, "-m: slots=%u needs maxmem=SIZE",
				 p->ram_slots);
	if (p->maxmem && p->maxmem < p->ram_size)
		return error_ret(EINVAL, "-m: maxmem %s is below the RAM size "
				 "%s: use at least %s",
				 format_size(p->maxmem, a, sizeof(a)),
				 format_size(p->ram_size, b, sizeof(b)), b);
	if (p->ram_slots && p->maxmem == p->ram_size)
		return error_ret(EINVAL, "-m: slots=%u needs maxmem above the "
				 "RAM size %s", p->ram_slots,
				 format_size(p->ram_size, a, sizeof(a)));
	if (!pc_machine_class(p->type)->device_memory &&
	    (p->ram_slots || p->maxmem > p->ram_size))
		return error_ret(EINVAL, "-m: slots and maxmem are not "
				 "supported by %s",
				 pc_machine_type_name(p->type));
	return 0;
}

/* The memdev -machine memory-backend names, or NULL with the error. */
static const struct host_memory_backend_params *
pc_machine_backend(const struct pc_machine_params *p)
{
	const struct host_memory_backend_params *md =
		numa_find_memdev(p->memdevs, p->nr_memdevs, p->memory_backend);

	if (!md)
		error_setf("-machine memory-backend=%s: no -object defines "
			   "'%s': add -object memory-backend-ram,id=%s,"
			   "size=SIZE", p->memory_backend, p->memory_backend,
			   p->memory_backend);
	return md;
}

int pc_machine_params_ram_from_backend(struct pc_machine_params *p)
{
	const struct host_memory_backend_params *md = pc_machine_backend(p);

	if (!md)
		return -EINVAL;
	p->ram_size = md->size;
	return 0;
}

/*
 * -machine memory-backend=ID, as QEMU: the memdev exists, is as large
 * as -m, and is the only RAM: no NUMA node brings its own memdev.
 */
static int pc_machine_check_backend(const struct pc_machine_params *p)
{
	const struct host_memory_backend_params *md;
	char a[32], b[32];
	unsigned int i;

	if (!p->memory_backend)
		return 0;
	md = pc_machine_backend(p);
	if (!md)
		return -EINVAL;
	if (md->size != p->ram_size)
		return error_ret(EINVAL, "-machine memory-backend=%s: its size "
				 "%s is not -m %s: they must be equal",
				 md->id, format_size(md->size, a, sizeof(a)),
				 format_size(p->ram_size, b, sizeof(b)));
	for (i = 0; i < p->nr_numa; i++)
		if (p->numa[i].memdev)
			return error_ret(EINVAL, "-machine memory-backend=%s and "
					 "-numa node,memdev=%s cannot be used "
					 "together: give each node a memdev, or "
					 "use memory-backend alone", md->id,
					 p->numa[i].memdev);
	return 0;
}

int pc_machine_params_check(const struct pc_machine_params *p)
{
	int ret = pc_machine_check_maxmem(p);

	if (!ret)
		ret = pc_machine_check_backend(p);
	if (!ret)
		ret = numa_check(p->numa, p->nr_numa, p->memdevs,
				 p->nr_memdevs, p->ram_size, p->smp);
	return ret;
}

/* i440FX: max-ram-below-4g defaults to 3.5 GiB; big guests split at 3G. */
static u64 pc_i440fx_lowmem(const struct pc_machine_class *mc, u64 ram_size,
			    u64 max)
{
	u64 lowmem = max ? max : 0xe0000000ULL;

	if (ram_size >= lowmem && mc->gigabyte_align) {
		if (lowmem > 0xc0000000ULL)
			lowmem = 0xc0000000ULL;
		if (lowmem & (GiB - 1))
			warn_report("Large machine and max_ram_below_4g "
				    "(%" PRIu64 ") not a multiple of 1G; "
				    "possible bad performance.", lowmem);
	}
	return lowmem;
}

/* Q35: 2 GiB below 4 GiB once RAM reaches 0xb0000000, else all of it. */
static u64 pc_q35_lowmem(u64 ram_size, u64 max)
{
	u64 lowmem = ram_size >= 0xb0000000ULL ? 0x80000000ULL :
						 0xb0000000ULL;

	if (!max)
		max = 4 * GiB;
	if (lowmem > max) {
		lowmem = max;
		if (ram_size - lowmem > lowmem && (lowmem & (GiB - 1)))
			warn_report("There is possibly poor performance as the "
				    "ram size  (0x%" PRIx64 ") is more then "
				    "twice the size of max-ram-below-4g "
				    "(%" PRIu64 ") and max-ram-below-4g is not "
				    "a multiple of 1G.", ram_size, max);
	}
	return lowmem;
}

int pc_ram_split(const struct pc_machine_class *mc, u64 ram_size,
		 u64 max_ram_below_4g, u64 *below, u64 *above)
{
	u64 lowmem;
	int ret = pc_machine_check_max_ram_below_4g(max_ram_below_4g);

	if (ret) {
		error_prepend("-M %s,max-ram-below-4g=%" PRIu64 ": ", mc->name,
			      max_ram_below_4g);
		return ret;
	}
	lowmem = mc->q35 ? pc_q35_lowmem(ram_size, max_ram_below_4g) :
			   pc_i440fx_lowmem(mc, ram_size, max_ram_below_4g);
	if (ram_size >= lowmem) {
		*below = lowmem;
		*above = ram_size - lowmem;
	} else {
		*below = ram_size;
		*above = 0;
	}
	return 0;
}
