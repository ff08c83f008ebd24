// SPDX-License-Identifier: GPL-2.0
/*
 * -object memory-backend-{ram,memfd,file},id=ID,size=SIZE,... and
 * [object "ID"]: a memdev's properties into its typed parameters
 * (backends/host_memory_backend.h).  Which keys a backend takes depends
 * on its qom-type, so the type is read first.
 */
#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "cli/config_groups.h"
#include "util/error.h"

#define ONLY(kind)	(1u << HOST_MEMORY_BACKEND_##kind)

static struct host_memory_backend_params *memdev(struct config_ctx *c)
{
	return &c->obj.memdev;
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

/* The id: [object "ID"] or id=ID, once, well-formed and unique. */
static int object_id(struct config_ctx *c, const char **id)
{
	const struct pc_machine_params *m = &c->cfg->vm.machine;
	const struct config_prop *p = config_find_prop(c->s, "id");
	const struct config_section *s = c->s;
	unsigned int i;

	if (s->id && p)
		return config_error(s, p, "id '%s' given twice: the section "
				    "names '%s'", p->value, s->id);
	*id = s->id ? s->id : p ? p->value : NULL;
	if (!*id)
		return config_error(s, NULL, "object has no id: give it id=ID");
	if (!id_wellformed(*id))
		return config_error(s, p, "invalid id '%s': use letters, "
				    "digits, '-', '.' and '_', starting with a "
				    "letter", *id);
	for (i = 0; i < m->nr_memdevs; i++)
		if (!strcmp(m->memdevs[i].id, *id))
			return config_error(s, p, "duplicate id '%s'", *id);
	if (m->nr_memdevs == PC_MAX_MEMDEVS)
		return config_error(s, p, "too many objects: at most %d",
				    PC_MAX_MEMDEVS);
	return 0;
}

/* The qom-type (it decides which keys apply), then the id. */
static int object_begin(struct config_ctx *c)
{
	const struct config_prop *type = config_find_prop(c->s, "qom-type");
	enum host_memory_backend_kind kind;
	const char *id = NULL;
	char valid[128];

	if (!type)
		return config_error(c->s, NULL, "object has no qom-type: use %s",
				    join_names(valid, sizeof(valid),
					       host_memory_backend_kinds,
					       HOST_MEMORY_BACKEND__NR,
					       " or "));
	if (host_memory_backend_kind_parse(type->value, &kind))
		return config_error_at(c->s, type);
	if (object_id(c, &id))
		return -EINVAL;
	host_memory_backend_params_init(memdev(c), kind);
	c->mask = 1u << kind;
	c->of = host_memory_backend_kinds[kind];
	return config_set_str(&memdev(c)->id, id);
}

static int set_size(struct config_ctx *c, const struct config_prop *p)
{
	if (config_prop_size(c->s, p, &memdev(c)->size))
		return -EINVAL;
	if (!memdev(c)->size)
		return config_error(c->s, p, "invalid size '0': use a size "
				    "above 0");
	return 0;
}

static int set_host_nodes(struct config_ctx *c, const struct config_prop *p)
{
	return config_prop_idset(c->s, p, HOST_MEMORY_BACKEND_MAX_NODES - 1,
				 &memdev(c)->host_nodes);
}

static int set_policy(struct config_ctx *c, const struct config_prop *p)
{
	if (host_mem_policy_parse(p->value, &memdev(c)->policy))
		return config_error_at(c->s, p);
	return 0;
}

static int set_prealloc(struct config_ctx *c, const struct config_prop *p)
{
	return config_prop_bool(c->s, p, &memdev(c)->prealloc);
}

static int set_share(struct config_ctx *c, const struct config_prop *p)
{
	return config_prop_bool(c->s, p, &memdev(c)->share);
}

static int set_mem_path(struct config_ctx *c, const struct config_prop *p)
{
	return config_prop_str(p, &memdev(c)->mem_path);
}

static int set_hugetlb(struct config_ctx *c, const struct config_prop *p)
{
	return config_prop_bool(c->s, p, &memdev(c)->hugetlb);
}

static int set_hugetlbsize(struct config_ctx *c, const struct config_prop *p)
{
	return config_prop_size(c->s, p, &memdev(c)->hugetlbsize);
}

static int set_seal(struct config_ctx *c, const struct config_prop *p)
{
	return config_prop_bool(c->s, p, &memdev(c)->seal);
}

static int set_discard_data(struct config_ctx *c, const struct config_prop *p)
{
	return config_prop_bool(c->s, p, &memdev(c)->discard_data);
}

static int set_merge(struct config_ctx *c, const struct config_prop *p)
{
	return config_prop_bool(c->s, p, &memdev(c)->merge);
}

static int set_dump(struct config_ctx *c, const struct config_prop *p)
{
	return config_prop_bool(c->s, p, &memdev(c)->dump);
}

static int set_prealloc_threads(struct config_ctx *c,
				const struct config_prop *p)
{
	u64 v;

	if (config_prop_uint(c->s, p, 0, UINT32_MAX, "a number of threads",
			     &v))
		return -EINVAL;
	if (host_memory_backend_check_threads(v))
		return config_error_invalid(c->s, p);
	memdev(c)->prealloc_threads = (unsigned int)v;
	return 0;
}

/* What QEMU's backend checks once all properties are set; then keep it. */
static int object_end(struct config_ctx *c)
{
	struct pc_machine_params *m = &c->cfg->vm.machine;

	if (host_memory_backend_params_check(memdev(c)))
		return config_error_at(c->s, NULL);
	m->memdevs[m->nr_memdevs++] = *memdev(c);
	return 0;
}

static void object_abort(struct config_ctx *c)
{
	host_memory_backend_params_free(memdev(c));
}

static const struct config_key object_keys[] = {
	{ .name = "qom-type", .hidden = true },
	TAKEN("id"),
	KEY("size", set_size),
	KEY("host-nodes", set_host_nodes),
	KEY("policy", set_policy),
	KEY("prealloc", set_prealloc),
	KEY("prealloc-threads", set_prealloc_threads),
	KEY("share", set_share),
	KEY("merge", set_merge),
	KEY("dump", set_dump),
	{ .name = "mem-path", .only = ONLY(FILE), .set = set_mem_path },
	{ .name = "discard-data", .only = ONLY(FILE),
	  .set = set_discard_data },
	{ .name = "hugetlb", .only = ONLY(MEMFD), .set = set_hugetlb },
	{ .name = "hugetlbsize", .only = ONLY(MEMFD), .set = set_hugetlbsize },
	{ .name = "seal", .only = ONLY(MEMFD), .set = set_seal },
};

const struct config_group config_object_group = {
	.section = "object", .implied = "qom-type", .has_id = true,
	GROUP_KEYS(object_keys), .begin = object_begin, .end = object_end,
	.abort = object_abort,
};
