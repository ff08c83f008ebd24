/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_CLI_CONFIG_GROUPS_H
#define VMM_CLI_CONFIG_GROUPS_H

/* Between config_groups.c and the groups kept in files of their own. */
#include "cli/config_section.h"

#define KEY(n, fn)	{ .name = n, .set = fn }
#define TAKEN(n)	{ .name = n }	/* by the group's begin() */
#define GROUP_KEYS(k)	.keys = k, .nr_keys = ARRAY_SIZE(k)

/* -object memory-backend-*, [object "ID"]: config_object.c */
extern const struct config_group config_object_group;

#endif
