/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_CLI_CONFIG_SECTION_H
#define VMM_CLI_CONFIG_SECTION_H

/*
 * Between config.c and readconfig.c.  One option's properties (-object
 * memory-backend-ram,id=m0,size=1G) or one -readconfig section's keys
 * ([object "m0"]) are gathered first and applied together, because what a
 * property means can depend on one given after it (an object's qom-type).
 * Both spellings then share one checker per group, and the same messages.
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

/* The group behind a -readconfig section name ("machine", "object"). */
const struct config_group *config_group_find(const char *section);
/* Whether [name "ID"] may carry an id. */
bool config_group_has_id(const struct config_group *group);
/* "machine, memory, ...": for "unknown section" messages. */
extern const char config_group_names[];

/* Copy one key and value into @s (-ENOMEM, or -EINVAL if full). */
int config_section_add(struct config_section *s, const char *key,
		       const char *value, unsigned int line);
/*
 * Check the properties of @s and store them in @cfg.  On error what was
 * stored before the bad one stays (config_free() frees it all).
 */
int config_section_apply(struct vmm_config *cfg, struct config_section *s);
/* Free the copied properties and the id; @s can be filled again. */
void config_section_clear(struct config_section *s);

/* -readconfig FILE without the final checks (-readconfig inside argv). */
int readconfig_load(struct vmm_config *cfg, const char *path);
/* The checks that span options, run once everything is read. */
int config_check(struct vmm_config *cfg);

#endif
