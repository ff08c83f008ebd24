/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_CLI_CONFIG_SECTION_H
#define VMM_CLI_CONFIG_SECTION_H

/*
 * Between the files of cli/.  One option's properties (-object
 * memory-backend-ram,id=m0,size=1G) or one -readconfig section's keys
 * ([object "m0"]) are gathered first and applied together, because what a
 * property means can depend on one given after it (an object's qom-type).
 * Both spellings then go through one table per group (config_groups.c),
 * with the same messages.
 */
#include "cli/config.h"

#define CONFIG_MAX_PROPS	32

struct config_prop {
	char		*key;
	char		*value;
	unsigned int	line;		/* -readconfig: the line it is on */
};

struct config_group;

struct config_section {
	const struct config_group *group;
	const char	*option;	/* command line: "-object" as typed */
	const char	*file;		/* -readconfig: the path, else NULL */
	unsigned int	line;		/* -readconfig: the [section] line */
	char		*id;		/* [object "ID"] */
	struct config_prop props[CONFIG_MAX_PROPS];
	unsigned int	nr_props;
};

/* One group being applied, and the object it builds. */
struct config_ctx {
	struct vmm_config		*cfg;
	const struct config_section	*s;
	unsigned int			mask;	/* which keys apply: 1 << kind */
	const char			*of;	/* "memory-backend-ram" */
	union {
		struct host_memory_backend_params memdev;
		struct numa_node_params		node;
		struct fw_cfg_item		fw_cfg;
		struct debug_exit_params	debug_exit;
	} obj;
};

/* A property a group takes, and what sets it. */
struct config_key {
	const char	*name;
	unsigned int	only;	/* 0: always; else applies when in ctx->mask */
	bool		hidden;	/* left out of the "valid keys" list */
	/* NULL: the group's begin() has taken it already. */
	int		(*set)(struct config_ctx *c,
			       const struct config_prop *p);
};

/*
 * An option group (-M, -object, ...) and its -readconfig section: its
 * keys, and what runs before them (the type an object's keys depend
 * on), after them (checks that need them all; storing the object) and
 * on failure (freeing a half-built object).
 */
struct config_group {
	const char		*section;	/* -readconfig [name] */
	const char		*implied;	/* the key of a bare first value */
	bool			has_id;		/* [name "ID"] */
	const struct config_key	*keys;
	unsigned int		nr_keys;
	int			(*begin)(struct config_ctx *c);
	int			(*end)(struct config_ctx *c);
	void			(*abort)(struct config_ctx *c);
};

/* config_groups.c: the groups, by section name ("machine", "object"). */
const struct config_group *config_group_find(const char *section);
/* "machine, memory, ...": for "unknown section" messages. */
const char *config_group_names(char *buf, size_t len);

/* config_prop.c: one section's properties, and their syntax. */
int config_section_add(struct config_section *s, const char *key,
		       const char *value, unsigned int line);
/* KEY=VALUE,... of the command line, ",," a literal comma. */
int config_section_split(struct config_section *s, const char *arg);
/*
 * Check the properties of @s and store them in @cfg.  On error what was
 * stored before the bad one stays (config_free() frees it all).
 */
int config_section_apply(struct vmm_config *cfg, struct config_section *s);
/* Free the copied properties and the id; @s can be filled again. */
void config_section_clear(struct config_section *s);
/* The last @key of @s, as QEMU lets a later property win; or NULL. */
const struct config_prop *config_find_prop(const struct config_section *s,
					   const char *key);

/* An error at @p (or at the section, @p NULL): file:line or option. */
__attribute__((format(printf, 3, 4)))
int config_error(const struct config_section *s, const struct config_prop *p,
		 const char *fmt, ...);
/* The error a subsystem's parser left, placed at @p. */
int config_error_at(const struct config_section *s,
		    const struct config_prop *p);
/* "invalid KEY 'VALUE': " and then the subsystem's reason. */
int config_error_invalid(const struct config_section *s,
			 const struct config_prop *p);
int config_prop_size(const struct config_section *s,
		     const struct config_prop *p, u64 *out);
/* A number in [min, max]; @valid says so in words ("a port from ..."). */
int config_prop_uint(const struct config_section *s,
		     const struct config_prop *p, u64 min, u64 max,
		     const char *valid, u64 *out);
int config_prop_bool(const struct config_section *s,
		     const struct config_prop *p, bool *out);
/* N or A-B, from 0 to @max, added to @set (keys may repeat). */
int config_prop_idset(const struct config_section *s,
		      const struct config_prop *p, unsigned int max,
		      struct idset *set);
int config_prop_str(const struct config_prop *p, char **dst);
/* A string option's copy; -ENOMEM with the message. */
int config_set_str(char **dst, const char *val);

/* readconfig.c: -readconfig FILE without the final checks. */
int readconfig_load(struct vmm_config *cfg, const char *path);
/* options.c: the checks that span options, run once everything is read. */
int config_check(struct vmm_config *cfg);

#endif
