// SPDX-License-Identifier: GPL-2.0
/*
 * The command line in QEMU 7.2's syntax: options, their KEY=VALUE
 * properties (",," is a literal comma), sizes, and the checks that span
 * options once everything is read.  Each group of properties (-M, -object,
 * [object "ID"] in a -readconfig file, ...) has one checker here, shared by
 * both spellings.  Every error is one line that names the option, the
 * value and what would be valid; main() prints it and exits.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/config.h"
#include "cli/config_section.h"
#include "util/error.h"

#define SIZE_SUFFIXES	"K, M, G, T, P or E"
#define MAX_SMP		255	/* what QEMU's pc machines accept */
#define HOST_MAX_NODES	128	/* QEMU's MAX_NODES, for host-nodes */
#define FW_CFG_MAX_NAME	55	/* FW_CFG_MAX_FILE_PATH less the NUL */
#define MAX_RAM_SLOTS	256	/* QEMU's ACPI_MAX_RAM_SLOTS */

struct config_group {
	const char	*section;	/* -readconfig [name] */
	const char	*implied;	/* key of a first value without KEY= */
	bool		has_id;		/* [name "ID"] */
	int		(*apply)(struct vmm_config *cfg,
				 struct config_section *s);
};

/* Where @p (or the section itself) came from, then the message. */
__attribute__((format(printf, 3, 4)))
static int sec_err(const struct config_section *s,
		   const struct config_prop *p, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (s->file)
		error_setf("-readconfig %s:%u: %s", s->file,
			   p ? p->line : s->line, msg);
	else
		error_setf("%s: %s", s->option, msg);
	return -EINVAL;
}

/* @of: what the property would belong to ("memory-backend-ram"), or NULL */
static int unknown_prop(const struct config_section *s,
			const struct config_prop *p, const char *of,
			const char *valid)
{
	if (s->file)
		return sec_err(s, p, "unknown key '%s' in [%s]%s%s: valid keys "
			       "are %s", p->key, s->group->section,
			       of ? " of " : "", of ? of : "", valid);
	return sec_err(s, p, "unknown property '%s'%s%s: valid properties are "
		       "%s", p->key, of ? " of " : "", of ? of : "", valid);
}

static bool in_list(const char *const *list, const char *str)
{
	for (; *list; list++)
		if (!strcmp(*list, str))
			return true;
	return false;
}

static int set_str(char **dst, const char *val)
{
	char *copy = strdup(val);

	if (!copy)
		return error_ret(ENOMEM, "out of memory");
	free(*dst);
	*dst = copy;
	return 0;
}

/* "0-1" then "3" make "0-1,3", as QEMU lists them. */
static int append_list(char **dst, const char *item)
{
	char *joined;

	if (!*dst)
		return set_str(dst, item);
	if (asprintf(&joined, "%s,%s", *dst, item) < 0)
		return error_ret(ENOMEM, "out of memory");
	free(*dst);
	*dst = joined;
	return 0;
}

/* The largest exact unit: 1G, 3968M, 4097. */
static const char *fmt_size(u64 size, char *buf, size_t len)
{
	static const char units[] = "KMGTPE";
	int i;

	for (i = 5; i >= 0; i--) {
		u64 unit = 1ULL << (10 * (i + 1));

		if (size && !(size % unit)) {
			snprintf(buf, len, "%llu%c",
				 (unsigned long long)(size / unit), units[i]);
			return buf;
		}
	}
	snprintf(buf, len, "%llu", (unsigned long long)size);
	return buf;
}

/* ---- numbers ---------------------------------------------------------- */

static u64 suffix_mul(char c)
{
	switch (tolower((unsigned char)c)) {
	case 'b':
		return 1;
	case 'k':
		return KiB;
	case 'm':
		return MiB;
	case 'g':
		return GiB;
	case 't':
		return TiB;
	case 'p':
		return 1024 * TiB;
	case 'e':
		return 1024 * 1024 * TiB;
	}
	return 0;
}

static unsigned int digit_value(char c)
{
	return isdigit((unsigned char)c) ? (unsigned int)(c - '0') :
	       (unsigned int)(tolower((unsigned char)c) - 'a' + 10);
}

/* parse_size(), with the reason for a failure in words. */
static int size_parse(const char *str, u64 *size, u64 unit,
		      const char **why)
{
	const char *p = str;
	u64 val = 0, frac = 0, den = 1, mul, base = 10;
	unsigned int digits = 0;
	u128 total;

	*why = "use a number with an optional " SIZE_SUFFIXES " suffix";
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	for (; base == 16 ? isxdigit((unsigned char)*p) :
			    isdigit((unsigned char)*p); p++, digits++) {
		unsigned int d = digit_value(*p);

		if (val > (UINT64_MAX - d) / base)
			goto range;
		val = val * base + d;
	}
	if (!digits)
		return -EINVAL;
	/* QEMU takes 1.5G and even 1.k; hex has no fraction. */
	if (*p == '.' && base == 10) {
		for (p++; isdigit((unsigned char)*p); p++) {
			/* Beyond 10^-19 the result moves by under a byte. */
			if (den <= UINT64_MAX / 10) {
				frac = frac * 10 + (u64)(*p - '0');
				den *= 10;
			}
		}
	}
	mul = suffix_mul(*p);
	if (mul)
		p++;
	else
		mul = unit ? unit : 1;
	if (*p)
		return -EINVAL;
	if (frac && mul == 1) {
		*why = "a fraction needs a " SIZE_SUFFIXES " suffix";
		return -EINVAL;
	}
	total = (u128)val * mul + (u128)frac * mul / den;
	if (total > UINT64_MAX)
		goto range;
	*size = (u64)total;
	return 0;
range:
	*why = "the largest size is 2^64 - 1 bytes";
	return -ERANGE;
}

int parse_size(const char *str, u64 *size, u64 default_unit)
{
	const char *why;
	int ret = size_parse(str, size, default_unit, &why);

	if (ret)
		error_setf("invalid size '%s': %s", str, why);
	return ret;
}

/* Digits only (no sign, no blanks), in @base (0: C's 0x and 0 prefixes). */
static int parse_uint(const char *str, int base, u64 *out)
{
	char *end;

	if (!isdigit((unsigned char)*str))
		return -EINVAL;
	errno = 0;
	*out = strtoull(str, &end, base);
	return errno || *end ? -EINVAL : 0;
}

/* "N" or "A-B" with A <= B <= @max, decimal. */
static int parse_range(const char *str, u64 max, u64 *lo, u64 *hi)
{
	const char *dash = strchr(str, '-');
	char first[24];

	if (!dash) {
		if (parse_uint(str, 10, lo))
			return -EINVAL;
		*hi = *lo;
		return *lo <= max ? 0 : -EINVAL;
	}
	if ((size_t)(dash - str) >= sizeof(first))
		return -EINVAL;
	memcpy(first, str, dash - str);
	first[dash - str] = '\0';
	if (parse_uint(first, 10, lo) || parse_uint(dash + 1, 10, hi))
		return -EINVAL;
	return *lo <= *hi && *hi <= max ? 0 : -EINVAL;
}

/* The highest number in a list of ranges that parse_range() accepted. */
static u64 range_list_max(const char *list)
{
	u64 max = 0, lo, hi;
	char item[48];

	while (*list) {
		size_t n = strcspn(list, ",");

		if (n < sizeof(item)) {
			memcpy(item, list, n);
			item[n] = '\0';
			if (!parse_range(item, UINT64_MAX, &lo, &hi))
				max = MAX(max, hi);
		}
		list += n + (list[n] == ',');
	}
	return max;
}

/* ---- properties ------------------------------------------------------- */

static int prop_size(const struct config_section *s,
		     const struct config_prop *p, u64 unit, u64 *out)
{
	const char *why;

	if (size_parse(p->value, out, unit, &why))
		return sec_err(s, p, "invalid %s '%s': %s", p->key, p->value,
			       why);
	return 0;
}

/* A number in [min, max]; @valid says so in words for the message. */
static int prop_uint(const struct config_section *s,
		     const struct config_prop *p, u64 min, u64 max,
		     const char *valid, u64 *out)
{
	if (parse_uint(p->value, 0, out) || *out < min || *out > max)
		return sec_err(s, p, "invalid %s '%s': use %s", p->key,
			       p->value, valid);
	return 0;
}

static int prop_bool(const struct config_section *s,
		     const struct config_prop *p, bool *out)
{
	static const char *const on[] = { "on", "yes", "true", NULL };
	static const char *const off[] = { "off", "no", "false", NULL };

	if (in_list(on, p->value))
		*out = true;
	else if (in_list(off, p->value))
		*out = false;
	else
		return sec_err(s, p, "invalid %s '%s': use on or off",
			       p->key, p->value);
	return 0;
}

static int prop_range(const struct config_section *s,
		      const struct config_prop *p, u64 max, char **list)
{
	u64 lo, hi;

	if (parse_range(p->value, max, &lo, &hi))
		return sec_err(s, p, "invalid %s '%s': use N or A-B, from 0 "
			       "to %llu", p->key, p->value,
			       (unsigned long long)max);
	return append_list(list, p->value);
}

/* The last @key of @s, as QEMU lets a later property win. */
static const struct config_prop *find_prop(const struct config_section *s,
					   const char *key)
{
	const struct config_prop *found = NULL;
	unsigned int i;

	for (i = 0; i < s->nr_props; i++)
		if (!strcmp(s->props[i].key, key))
			found = &s->props[i];
	return found;
}

static int check_accel(const struct config_section *s,
		       const struct config_prop *p)
{
	if (strcmp(p->value, "kvm"))
		return sec_err(s, p, "unsupported accelerator '%s': only kvm "
			       "is supported", p->value);
	return 0;
}

/* ---- groups ----------------------------------------------------------- */

static const char *const machine_types[] = {
	"pc", "pc-i440fx-7.2", "pc-i440fx-1.7", "q35", "pc-q35-7.2", NULL
};
#define MACHINE_TYPES	"pc, pc-i440fx-7.2, pc-i440fx-1.7, q35, pc-q35-7.2"

/* -M TYPE[,max-ram-below-4g=SIZE][,accel=kvm], [machine] */
static int machine_apply(struct vmm_config *cfg, struct config_section *s)
{
	unsigned int i;
	int ret = 0;

	for (i = 0; !ret && i < s->nr_props; i++) {
		const struct config_prop *p = &s->props[i];
		u64 below;

		if (!strcmp(p->key, "type")) {
			if (!in_list(machine_types, p->value))
				return sec_err(s, p, "unknown machine type "
					       "'%s': valid types are "
					       MACHINE_TYPES, p->value);
			ret = set_str(&cfg->machine, p->value);
		} else if (!strcmp(p->key, "max-ram-below-4g")) {
			ret = prop_size(s, p, 1, &below);
			if (!ret && below > 4 * GiB)
				return sec_err(s, p, "invalid max-ram-below-4g "
					       "'%s': at most 4G", p->value);
			if (!ret)
				cfg->max_ram_below_4g = below;
		} else if (!strcmp(p->key, "accel")) {
			ret = check_accel(s, p);
		} else {
			return unknown_prop(s, p, NULL,
					    "type, max-ram-below-4g, accel");
		}
	}
	return ret;
}

/*
 * -m SIZE: QEMU reads it in bytes, then takes a value that ends in a
 * digit as MiB: so 128 is 128M and 1.0 is 1M, while 1.5 is a fraction of
 * a byte and an error, as in QEMU.
 */
static int memory_size(const struct config_section *s,
		       const struct config_prop *p, u64 *size)
{
	size_t len = strlen(p->value);
	int ret = prop_size(s, p, 1, size);

	if (ret)
		return ret;
	if (len && isdigit((unsigned char)p->value[len - 1])) {
		if (*size > UINT64_MAX / MiB)
			return sec_err(s, p, "invalid size '%s': the largest "
				       "size is 2^64 - 1 bytes", p->value);
		*size *= MiB;
	}
	if (!*size)
		return sec_err(s, p, "invalid size '%s': use a size above 0, "
			       "like 128M", p->value);
	return 0;
}

/* -m [size=]SIZE[,slots=N,maxmem=SIZE], [memory] */
static int memory_apply(struct vmm_config *cfg, struct config_section *s)
{
	unsigned int i;
	int ret = 0;

	for (i = 0; !ret && i < s->nr_props; i++) {
		const struct config_prop *p = &s->props[i];
		u64 v;

		if (!strcmp(p->key, "size")) {
			ret = memory_size(s, p, &v);
			if (!ret)
				cfg->ram_size = v;
		} else if (!strcmp(p->key, "slots")) {
			ret = prop_uint(s, p, 0, MAX_RAM_SLOTS,
					"a number from 0 to 256", &v);
			if (!ret)
				cfg->ram_slots = (unsigned int)v;
		} else if (!strcmp(p->key, "maxmem")) {
			ret = prop_size(s, p, 1, &cfg->maxmem);
		} else {
			return unknown_prop(s, p, NULL, "size, slots, maxmem");
		}
	}
	return ret;
}

/* -smp [cpus=]N, [smp-opts] */
static int smp_apply(struct vmm_config *cfg, struct config_section *s)
{
	unsigned int i;

	for (i = 0; i < s->nr_props; i++) {
		const struct config_prop *p = &s->props[i];
		u64 v;

		if (strcmp(p->key, "cpus"))
			return unknown_prop(s, p, NULL, "cpus");
		if (prop_uint(s, p, 1, MAX_SMP, "a number from 1 to 255", &v))
			return -EINVAL;
		cfg->smp = (unsigned int)v;
	}
	return 0;
}

/* -accel kvm[,max-slot-size=SIZE] (ours), [accel] */
static int accel_apply(struct vmm_config *cfg, struct config_section *s)
{
	long page = sysconf(_SC_PAGESIZE);
	unsigned int i;

	for (i = 0; i < s->nr_props; i++) {
		const struct config_prop *p = &s->props[i];
		u64 v;

		if (!strcmp(p->key, "accel")) {
			if (check_accel(s, p))
				return -EINVAL;
		} else if (!strcmp(p->key, "max-slot-size")) {
			if (prop_size(s, p, 1, &v))
				return -EINVAL;
			if (!v || v % (u64)page)
				return sec_err(s, p, "invalid max-slot-size "
					       "'%s': use a non-zero multiple "
					       "of the host page size (%ld)",
					       p->value, page);
			cfg->max_slot_size = v;
		} else {
			return unknown_prop(s, p, NULL, "accel, max-slot-size");
		}
	}
	return 0;
}

/* An id as QEMU wants it: a letter, then letters, digits, - . _ */
static bool id_wellformed(const char *id)
{
	if (!isalpha((unsigned char)*id))
		return false;
	for (id++; *id; id++)
		if (!isalnum((unsigned char)*id) && !strchr("-._", *id))
			return false;
	return true;
}

static void memdev_free(struct config_memdev *md)
{
	free(md->id);
	free(md->qom_type);
	free(md->mem_path);
	free(md->policy);
	free(md->host_nodes);
	memset(md, 0, sizeof(*md));
}

static const char *const memdev_types[] = {
	"memory-backend-ram", "memory-backend-memfd", "memory-backend-file",
	NULL
};
static const char *const mem_policies[] = {
	"default", "preferred", "bind", "interleave", NULL
};
#define MEMDEV_PROPS	"id, size, host-nodes, policy, prealloc, share"

/* One property of a memory backend whose type is known. */
static int memdev_prop(const struct config_section *s,
		       const struct config_prop *p, struct config_memdev *md)
{
	bool memfd = !strcmp(md->qom_type, "memory-backend-memfd");
	bool file = !strcmp(md->qom_type, "memory-backend-file");

	if (!strcmp(p->key, "size")) {
		if (prop_size(s, p, 1, &md->size))
			return -EINVAL;
		if (!md->size)
			return sec_err(s, p, "invalid size '0': use a size "
				       "above 0");
		return 0;
	}
	if (!strcmp(p->key, "host-nodes"))
		return prop_range(s, p, HOST_MAX_NODES - 1, &md->host_nodes);
	if (!strcmp(p->key, "policy")) {
		if (!in_list(mem_policies, p->value))
			return sec_err(s, p, "invalid policy '%s': use "
				       "default, preferred, bind or "
				       "interleave", p->value);
		return set_str(&md->policy, p->value);
	}
	if (!strcmp(p->key, "prealloc"))
		return prop_bool(s, p, &md->prealloc);
	if (!strcmp(p->key, "share"))
		return prop_bool(s, p, &md->share);
	if (file && !strcmp(p->key, "mem-path"))
		return set_str(&md->mem_path, p->value);
	if (memfd && !strcmp(p->key, "hugetlb"))
		return prop_bool(s, p, &md->hugetlb);
	if (memfd && !strcmp(p->key, "hugetlbsize"))
		return prop_size(s, p, 1, &md->hugetlbsize);
	if (memfd)
		return unknown_prop(s, p, md->qom_type,
				    MEMDEV_PROPS ", hugetlb, hugetlbsize");
	if (file)
		return unknown_prop(s, p, md->qom_type,
				    MEMDEV_PROPS ", mem-path");
	return unknown_prop(s, p, md->qom_type, MEMDEV_PROPS);
}

/* What QEMU's host_memory_backend checks once all properties are set. */
static int memdev_complete(const struct config_section *s,
			   const struct config_memdev *md)
{
	bool def = !md->policy || !strcmp(md->policy, "default");

	if (!md->size)
		return sec_err(s, NULL, "%s '%s' has no size: give it "
			       "size=SIZE", md->qom_type, md->id);
	if (!strcmp(md->qom_type, "memory-backend-file") && !md->mem_path)
		return sec_err(s, NULL, "%s '%s' has no mem-path: give it "
			       "mem-path=PATH", md->qom_type, md->id);
	if (def && md->host_nodes)
		return sec_err(s, NULL, "object '%s': host-nodes '%s' needs "
			       "policy preferred, bind or interleave",
			       md->id, md->host_nodes);
	if (!def && !md->host_nodes)
		return sec_err(s, NULL, "object '%s': policy '%s' needs "
			       "host-nodes=N or A-B", md->id, md->policy);
	return 0;
}

/* The id: [object "ID"] or id=ID, once, well-formed and unique. */
static int object_id(const struct vmm_config *cfg,
		     const struct config_section *s, const char **id)
{
	const struct config_prop *p = find_prop(s, "id");
	unsigned int i;

	if (s->id && p)
		return sec_err(s, p, "id '%s' given twice: the section names "
			       "'%s'", p->value, s->id);
	*id = s->id ? s->id : p ? p->value : NULL;
	if (!*id)
		return sec_err(s, NULL, "object has no id: give it id=ID");
	if (!id_wellformed(*id))
		return sec_err(s, p, "invalid id '%s': use letters, digits, "
			       "'-', '.' and '_', starting with a letter",
			       *id);
	for (i = 0; i < cfg->nr_memdevs; i++)
		if (!strcmp(cfg->memdevs[i].id, *id))
			return sec_err(s, p, "duplicate id '%s'", *id);
	if (cfg->nr_memdevs == CONFIG_MAX_OBJECTS)
		return sec_err(s, p, "too many objects: at most %d",
			       CONFIG_MAX_OBJECTS);
	return 0;
}

/* -object memory-backend-{ram,memfd,file},id=ID,size=SIZE,...; [object] */
static int object_apply(struct vmm_config *cfg, struct config_section *s)
{
	const struct config_prop *type = find_prop(s, "qom-type");
	struct config_memdev md = { 0 };
	const char *id = NULL;
	unsigned int i;
	int ret;

	if (!type)
		return sec_err(s, NULL, "object has no qom-type: use "
			       "memory-backend-ram, memory-backend-memfd or "
			       "memory-backend-file");
	if (!in_list(memdev_types, type->value))
		return sec_err(s, type, "unsupported object type '%s': use "
			       "memory-backend-ram, memory-backend-memfd or "
			       "memory-backend-file", type->value);
	ret = object_id(cfg, s, &id);
	if (!ret)
		ret = set_str(&md.qom_type, type->value);
	if (!ret)
		ret = set_str(&md.id, id);
	/* QEMU's memfd backend is shared unless told otherwise. */
	md.share = !strcmp(type->value, "memory-backend-memfd");
	for (i = 0; !ret && i < s->nr_props; i++) {
		const struct config_prop *p = &s->props[i];

		if (strcmp(p->key, "qom-type") && strcmp(p->key, "id"))
			ret = memdev_prop(s, p, &md);
	}
	if (!ret)
		ret = memdev_complete(s, &md);
	if (ret) {
		memdev_free(&md);
		return ret;
	}
	cfg->memdevs[cfg->nr_memdevs++] = md;
	return 0;
}

/* -numa node[,nodeid=N][,memdev=ID][,cpus=A-B], [numa] */
static int numa_apply(struct vmm_config *cfg, struct config_section *s)
{
	const struct config_prop *type = find_prop(s, "type");
	struct config_numa_node node = { .nodeid = (int)cfg->nr_numa };
	unsigned int i;
	int ret = 0;
	u64 v;

	if (!type)
		return sec_err(s, NULL, "no type: use type=node");
	if (strcmp(type->value, "node"))
		return sec_err(s, type, "unsupported type '%s': only node is "
			       "supported", type->value);
	for (i = 0; !ret && i < s->nr_props; i++) {
		const struct config_prop *p = &s->props[i];

		if (!strcmp(p->key, "type"))
			continue;
		if (!strcmp(p->key, "nodeid")) {
			ret = prop_uint(s, p, 0, CONFIG_MAX_NUMA - 1,
					"a number from 0 to 63", &v);
			node.nodeid = (int)v;
		} else if (!strcmp(p->key, "memdev")) {
			ret = set_str(&node.memdev, p->value);
		} else if (!strcmp(p->key, "cpus")) {
			ret = prop_range(s, p, MAX_SMP - 1, &node.cpus);
		} else {
			ret = unknown_prop(s, p, NULL,
					   "type, nodeid, memdev, cpus");
		}
	}
	for (i = 0; !ret && i < cfg->nr_numa; i++)
		if (cfg->numa[i].nodeid == node.nodeid)
			ret = sec_err(s, find_prop(s, "nodeid"),
				      "duplicate node id %d", node.nodeid);
	if (!ret && cfg->nr_numa == CONFIG_MAX_NUMA)
		ret = sec_err(s, NULL, "too many nodes: at most %d",
			      CONFIG_MAX_NUMA);
	if (ret) {
		free(node.memdev);
		free(node.cpus);
		return ret;
	}
	cfg->numa[cfg->nr_numa++] = node;
	return 0;
}

/* -fw_cfg [name=]opt/NAME,file=PATH|string=TEXT, [fw_cfg] */
static int fw_cfg_apply(struct vmm_config *cfg, struct config_section *s)
{
	struct config_fw_cfg f = { 0 };
	unsigned int i;
	int ret = 0;

	for (i = 0; !ret && i < s->nr_props; i++) {
		const struct config_prop *p = &s->props[i];

		if (!strcmp(p->key, "name"))
			ret = set_str(&f.name, p->value);
		else if (!strcmp(p->key, "file"))
			ret = set_str(&f.file, p->value);
		else if (!strcmp(p->key, "string"))
			ret = set_str(&f.string, p->value);
		else
			ret = unknown_prop(s, p, NULL, "name, file, string");
	}
	if (!ret && !f.name)
		ret = sec_err(s, NULL, "no name: use name=opt/NAME with "
			      "file=PATH or string=TEXT");
	/* QEMU only warns; the rest of the namespace is firmware's. */
	if (!ret && strncmp(f.name, "opt/", 4))
		ret = sec_err(s, find_prop(s, "name"), "invalid name '%s': "
			      "use a name that starts with opt/", f.name);
	if (!ret && strlen(f.name) > FW_CFG_MAX_NAME)
		ret = sec_err(s, find_prop(s, "name"), "invalid name '%s': "
			      "at most %d characters", f.name,
			      FW_CFG_MAX_NAME);
	if (!ret && !f.file == !f.string)
		ret = sec_err(s, NULL, "'%s' needs exactly one of file=PATH "
			      "and string=TEXT", f.name);
	for (i = 0; !ret && i < cfg->nr_fw_cfg; i++)
		if (!strcmp(cfg->fw_cfg[i].name, f.name))
			ret = sec_err(s, NULL, "duplicate name '%s'", f.name);
	if (!ret && cfg->nr_fw_cfg == CONFIG_MAX_FW_CFG)
		ret = sec_err(s, NULL, "too many files: at most %d",
			      CONFIG_MAX_FW_CFG);
	if (ret) {
		free(f.name);
		free(f.file);
		free(f.string);
		return ret;
	}
	cfg->fw_cfg[cfg->nr_fw_cfg++] = f;
	return 0;
}

/* -device isa-debug-exit[,iobase=N][,iosize=N], [device] */
static int device_apply(struct vmm_config *cfg, struct config_section *s)
{
	const struct config_prop *drv = find_prop(s, "driver");
	u64 iobase = cfg->debug_exit_iobase, iosize = cfg->debug_exit_iosize;
	unsigned int i;

	if (!drv)
		return sec_err(s, NULL, "no driver: use isa-debug-exit");
	if (strcmp(drv->value, "isa-debug-exit"))
		return sec_err(s, drv, "unsupported device '%s': only "
			       "isa-debug-exit is supported", drv->value);
	if (cfg->debug_exit)
		return sec_err(s, drv, "isa-debug-exit given twice: only one "
			       "is supported");
	for (i = 0; i < s->nr_props; i++) {
		const struct config_prop *p = &s->props[i];
		int ret = 0;

		if (!strcmp(p->key, "iobase"))
			ret = prop_uint(s, p, 0, 0xffff,
					"a port from 0 to 0xffff", &iobase);
		else if (!strcmp(p->key, "iosize"))
			ret = prop_uint(s, p, 1, 0xff,
					"a number from 1 to 255", &iosize);
		else if (strcmp(p->key, "driver"))
			ret = unknown_prop(s, p, NULL,
					   "driver, iobase, iosize");
		if (ret)
			return ret;
	}
	if (iobase + iosize > 0x10000)
		return sec_err(s, NULL, "iobase 0x%llx with iosize %llu runs "
			       "past port 0xffff", (unsigned long long)iobase,
			       (unsigned long long)iosize);
	cfg->debug_exit = true;
	cfg->debug_exit_iobase = (u16)iobase;
	cfg->debug_exit_iosize = (u8)iosize;
	return 0;
}

enum {
	GROUP_MACHINE, GROUP_MEMORY, GROUP_SMP, GROUP_ACCEL, GROUP_OBJECT,
	GROUP_NUMA, GROUP_FW_CFG, GROUP_DEVICE, NR_GROUPS
};

static const struct config_group groups[NR_GROUPS] = {
	[GROUP_MACHINE] = { "machine", "type", false, machine_apply },
	[GROUP_MEMORY]	= { "memory", "size", false, memory_apply },
	[GROUP_SMP]	= { "smp-opts", "cpus", false, smp_apply },
	[GROUP_ACCEL]	= { "accel", "accel", false, accel_apply },
	[GROUP_OBJECT]	= { "object", "qom-type", true, object_apply },
	[GROUP_NUMA]	= { "numa", "type", false, numa_apply },
	[GROUP_FW_CFG]	= { "fw_cfg", "name", false, fw_cfg_apply },
	[GROUP_DEVICE]	= { "device", "driver", true, device_apply },
};

const char config_group_names[] =
	"machine, memory, smp-opts, accel, object, numa, fw_cfg, device";

const struct config_group *config_group_find(const char *section)
{
	unsigned int i;

	for (i = 0; i < NR_GROUPS; i++)
		if (!strcmp(groups[i].section, section))
			return &groups[i];
	return NULL;
}

bool config_group_has_id(const struct config_group *group)
{
	return group->has_id;
}

int config_section_add(struct config_section *s, const char *key,
		       const char *value, unsigned int line)
{
	struct config_prop *p = &s->props[s->nr_props];

	if (s->nr_props == CONFIG_MAX_PROPS)
		return sec_err(s, NULL, "too many properties: at most %d",
			       CONFIG_MAX_PROPS);
	p->key = strdup(key);
	p->value = strdup(value);
	p->line = line;
	if (!p->key || !p->value) {
		free(p->key);
		free(p->value);
		return error_ret(ENOMEM, "out of memory");
	}
	s->nr_props++;
	return 0;
}

int config_section_apply(struct vmm_config *cfg, struct config_section *s)
{
	return s->group->apply(cfg, s);
}

void config_section_clear(struct config_section *s)
{
	unsigned int i;

	for (i = 0; i < s->nr_props; i++) {
		free(s->props[i].key);
		free(s->props[i].value);
	}
	s->nr_props = 0;
	free(s->id);
	s->id = NULL;
}

/* ---- checks across options -------------------------------------------- */

static int check_maxmem(const struct vmm_config *cfg)
{
	char a[32], b[32];

	if (cfg->ram_slots && !cfg->maxmem)
		return error_ret(EINVAL, "-m: slots=%u needs maxmem=SIZE",
				 cfg->ram_slots);
	if (cfg->maxmem && cfg->maxmem < cfg->ram_size)
		return error_ret(EINVAL, "-m: maxmem %s is below the RAM size "
				 "%s: use at least %s",
				 fmt_size(cfg->maxmem, a, sizeof(a)),
				 fmt_size(cfg->ram_size, b, sizeof(b)), b);
	if (cfg->ram_slots && cfg->maxmem == cfg->ram_size)
		return error_ret(EINVAL, "-m: slots=%u needs maxmem above the "
				 "RAM size %s", cfg->ram_slots,
				 fmt_size(cfg->ram_size, a, sizeof(a)));
	return 0;
}

const struct config_memdev *config_find_memdev(const struct vmm_config *cfg,
					       const char *id)
{
	unsigned int i;

	for (i = 0; i < cfg->nr_memdevs; i++)
		if (!strcmp(cfg->memdevs[i].id, id))
			return &cfg->memdevs[i];
	return NULL;
}

/* Node ids 0..n-1, each memdev defined and used once, CPUs that exist. */
static int check_numa_node(const struct vmm_config *cfg, unsigned int i)
{
	const struct config_numa_node *n = &cfg->numa[i];
	unsigned int j;
	u64 cpu;

	if (n->nodeid >= (int)cfg->nr_numa)
		return error_ret(EINVAL, "-numa: node %d leaves a gap: %u "
				 "node(s) take the ids 0 to %u", n->nodeid,
				 cfg->nr_numa, cfg->nr_numa - 1);
	if (n->memdev && !config_find_memdev(cfg, n->memdev))
		return error_ret(EINVAL, "-numa: node %d: memdev '%s' is not "
				 "defined: add -object memory-backend-ram,"
				 "id=%s,size=SIZE", n->nodeid, n->memdev,
				 n->memdev);
	for (j = 0; n->memdev && j < i; j++)
		if (cfg->numa[j].memdev &&
		    !strcmp(cfg->numa[j].memdev, n->memdev))
			return error_ret(EINVAL, "-numa: node %d: memdev '%s' "
					 "is already node %d's: use one memdev "
					 "per node", n->nodeid, n->memdev,
					 cfg->numa[j].nodeid);
	cpu = n->cpus ? range_list_max(n->cpus) : 0;
	if (cpu >= cfg->smp)
		return error_ret(EINVAL, "-numa: node %d: cpus '%s' names CPU "
				 "%llu, but -smp is %u: use CPUs 0 to %u",
				 n->nodeid, n->cpus, (unsigned long long)cpu,
				 cfg->smp, cfg->smp - 1);
	return 0;
}

static int check_numa(const struct vmm_config *cfg)
{
	bool any_memdev = false;
	char a[32], b[32];
	u64 total = 0;
	unsigned int i;
	int ret;

	for (i = 0; i < cfg->nr_numa; i++) {
		const char *id = cfg->numa[i].memdev;

		ret = check_numa_node(cfg, i);
		if (ret)
			return ret;
		if (id) {
			total += config_find_memdev(cfg, id)->size;
			any_memdev = true;
		}
	}
	/* QEMU's rule as soon as one node has its memory from a memdev. */
	if (any_memdev && total != cfg->ram_size)
		return error_ret(EINVAL, "-numa: the nodes' memdevs total %s, "
				 "but -m is %s: they must be equal",
				 fmt_size(total, a, sizeof(a)),
				 fmt_size(cfg->ram_size, b, sizeof(b)));
	return 0;
}

int config_check(struct vmm_config *cfg)
{
	int ret;

	if (!cfg->machine || !cfg->serial)
		return error_ret(ENOMEM, "out of memory");
	ret = check_maxmem(cfg);
	return ret ? ret : check_numa(cfg);
}

/* ---- options that are not property groups ----------------------------- */

static int opt_serial(struct vmm_config *cfg, const char *opt,
		      const char *val)
{
	if (!strncmp(val, "file:", 5) && !val[5])
		return error_ret(EINVAL, "%s: 'file:' needs a path: use "
				 "file:PATH", opt);
	if (strcmp(val, "stdio") && strcmp(val, "none") &&
	    strcmp(val, "null") && strncmp(val, "file:", 5))
		return error_ret(EINVAL, "%s: unsupported backend '%s': use "
				 "stdio, file:PATH, none or null", opt, val);
	return set_str(&cfg->serial, val);
}

static int opt_timeout(struct vmm_config *cfg, const char *opt,
		       const char *val)
{
	u64 v;

	if (parse_uint(val, 10, &v) || !v || v > UINT32_MAX)
		return error_ret(EINVAL, "%s: invalid value '%s': use a whole "
				 "number of seconds above 0", opt, val);
	cfg->timeout = (unsigned int)v;
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

/*
 * --dump / --info slots,mtree,...: any subset, added to earlier ones,
 * into @mask.
 */
static int opt_dump(unsigned int *mask, const char *opt, const char *val)
{
	const char *p = val;

	do {
		size_t n = strcspn(p, ","), i;

		for (i = 0; i < ARRAY_SIZE(dump_items); i++)
			if (strlen(dump_items[i].name) == n &&
			    !strncmp(dump_items[i].name, p, n))
				break;
		if (i == ARRAY_SIZE(dump_items))
			return error_ret(EINVAL, "%s: unknown item '%.*s' in "
					 "'%s': valid items are slots, mtree, "
					 "flatview, ramblock, e820", opt,
					 (int)n, p, val);
		*mask |= dump_items[i].bit;
		p += n;
	} while (*p++ == ',');
	return 0;
}

/* KEY=VALUE,... with ",," for a literal comma; a first bare value is
 * the group's implied key (-m 4G is -m size=4G). */
static int split_props(struct config_section *s, const char *arg)
{
	char *item = malloc(strlen(arg) + 1);
	const char *p = arg;
	bool first = true;
	int ret;

	if (!item)
		return error_ret(ENOMEM, "out of memory");
	for (;;) {
		char *q = item, *eq;

		for (; *p && (*p != ',' || p[1] == ','); p++) {
			if (*p == ',')
				p++;
			*q++ = *p;
		}
		*q = '\0';
		eq = strchr(item, '=');
		if (eq) {
			*eq = '\0';
			ret = config_section_add(s, item, eq + 1, 0);
		} else if (first && s->group->implied) {
			ret = config_section_add(s, s->group->implied, item, 0);
		} else {
			ret = sec_err(s, NULL, "expected KEY=VALUE, got '%s' "
				      "in '%s'", item, arg);
		}
		first = false;
		if (ret || !*p)
			break;
		p++;	/* the ',' between two items */
	}
	free(item);
	return ret;
}

static int group_option(struct vmm_config *cfg, const struct config_group *g,
			const char *opt, const char *arg)
{
	struct config_section s = { .group = g, .option = opt };
	int ret = split_props(&s, arg);

	if (!ret)
		ret = config_section_apply(cfg, &s);
	config_section_clear(&s);
	return ret;
}

enum option_id {
	OPT_GROUP, OPT_BIOS, OPT_NODEFAULTS, OPT_IGNORED, OPT_SERIAL,
	OPT_DISPLAY, OPT_NO_REBOOT, OPT_READCONFIG, OPT_TIMEOUT, OPT_DUMP,
	OPT_INFO, OPT_CAPS, OPT_STATS, OPT_HELP,
};

struct option_desc {
	const char	*name;		/* without its leading '-' */
	enum option_id	id;
	bool		has_arg;
	int		group;		/* OPT_GROUP: GROUP_* */
};

#define GROUP_OPT(n, g)	\
	{ .name = n, .id = OPT_GROUP, .has_arg = true, .group = g }
#define OPT(n, i, arg)	{ .name = n, .id = i, .has_arg = arg }

/* QEMU's options, then ours; either takes one dash or two, like QEMU. */
static const struct option_desc options[] = {
	GROUP_OPT("M", GROUP_MACHINE),
	GROUP_OPT("machine", GROUP_MACHINE),
	GROUP_OPT("m", GROUP_MEMORY),
	GROUP_OPT("smp", GROUP_SMP),
	GROUP_OPT("accel", GROUP_ACCEL),
	GROUP_OPT("object", GROUP_OBJECT),
	GROUP_OPT("numa", GROUP_NUMA),
	GROUP_OPT("fw_cfg", GROUP_FW_CFG),
	GROUP_OPT("device", GROUP_DEVICE),
	OPT("bios", OPT_BIOS, true),
	OPT("nodefaults", OPT_NODEFAULTS, false),
	OPT("enable-kvm", OPT_IGNORED, false),	/* KVM is all we do */
	OPT("nographic", OPT_IGNORED, false),	/* we have no display */
	OPT("serial", OPT_SERIAL, true),
	OPT("display", OPT_DISPLAY, true),
	OPT("no-reboot", OPT_NO_REBOOT, false),
	OPT("readconfig", OPT_READCONFIG, true),
	OPT("timeout", OPT_TIMEOUT, true),
	OPT("dump", OPT_DUMP, true),
	OPT("info", OPT_INFO, true),
	OPT("caps", OPT_CAPS, false),
	OPT("stats", OPT_STATS, false),
	OPT("h", OPT_HELP, false),
	OPT("help", OPT_HELP, false),
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
	switch (o->id) {
	case OPT_GROUP:
		return group_option(cfg, &groups[o->group], opt, val);
	case OPT_BIOS:
		return set_str(&cfg->bios, val);
	case OPT_NODEFAULTS:
		cfg->nodefaults = true;
		return 0;
	case OPT_IGNORED:
		return 0;
	case OPT_SERIAL:
		return opt_serial(cfg, opt, val);
	case OPT_DISPLAY:
		if (strcmp(val, "none"))
			return error_ret(EINVAL, "%s: unsupported display '%s'"
					 ": only none is supported", opt, val);
		return 0;
	case OPT_NO_REBOOT:
		cfg->no_reboot = true;
		return 0;
	case OPT_READCONFIG:
		return readconfig_load(cfg, val);
	case OPT_TIMEOUT:
		return opt_timeout(cfg, opt, val);
	case OPT_DUMP:
		return opt_dump(&cfg->dump, opt, val);
	case OPT_INFO:
		return opt_dump(&cfg->info, opt, val);
	case OPT_CAPS:
		cfg->caps = true;
		return 0;
	case OPT_STATS:
		cfg->stats = true;
		return 0;
	case OPT_HELP:
		cfg->help = true;
		return 0;
	}
	return 0;
}

int config_parse_args(struct vmm_config *cfg, int argc, char **argv)
{
	int i, ret;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];
		const struct option_desc *o;

		if (arg[0] != '-')
			return error_ret(EINVAL, "unexpected argument '%s': "
					 "options start with '-' (see -h)",
					 arg);
		o = find_option(arg);
		if (!o)
			return error_ret(EINVAL, "unknown option '%s'", arg);
		if (o->has_arg && i + 1 == argc)
			return error_ret(EINVAL, "%s: missing argument", arg);
		ret = apply_option(cfg, o, arg, o->has_arg ? argv[++i] : NULL);
		if (ret)
			return ret;
		if (cfg->help)
			return 0;
	}
	return config_check(cfg);
}

/* ---- the whole configuration ------------------------------------------ */

void config_init(struct vmm_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	/* On ENOMEM these stay NULL and config_check() says so. */
	cfg->machine = strdup("pc");
	cfg->serial = strdup("stdio");
	cfg->ram_size = 128 * MiB;
	cfg->smp = 1;
	cfg->debug_exit_iobase = 0xf4;
	cfg->debug_exit_iosize = 4;
}

void config_free(struct vmm_config *cfg)
{
	unsigned int i;

	free(cfg->machine);
	free(cfg->bios);
	free(cfg->serial);
	for (i = 0; i < cfg->nr_memdevs; i++)
		memdev_free(&cfg->memdevs[i]);
	for (i = 0; i < cfg->nr_numa; i++) {
		free(cfg->numa[i].memdev);
		free(cfg->numa[i].cpus);
	}
	for (i = 0; i < cfg->nr_fw_cfg; i++) {
		free(cfg->fw_cfg[i].name);
		free(cfg->fw_cfg[i].file);
		free(cfg->fw_cfg[i].string);
	}
	memset(cfg, 0, sizeof(*cfg));
}
