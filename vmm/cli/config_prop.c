// SPDX-License-Identifier: GPL-2.0
/*
 * Properties: KEY=VALUE lists with ",," for a literal comma, the common
 * value syntaxes, where an error is placed (file:line, or the option as
 * typed), and one loop that hands each property to its group's table.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/config_section.h"
#include "util/error.h"

int config_error(const struct config_section *s, const struct config_prop *p,
		 const char *fmt, ...)
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

int config_error_at(const struct config_section *s,
		    const struct config_prop *p)
{
	char why[400];

	snprintf(why, sizeof(why), "%s", error_get());
	return config_error(s, p, "%s", why);
}

int config_error_invalid(const struct config_section *s,
			 const struct config_prop *p)
{
	char why[400];

	snprintf(why, sizeof(why), "%s", error_get());
	return config_error(s, p, "invalid %s '%s': %s", p->key, p->value,
			    why);
}

int config_set_str(char **dst, const char *val)
{
	char *copy = strdup(val);

	if (!copy)
		return error_ret(ENOMEM, "out of memory");
	free(*dst);
	*dst = copy;
	return 0;
}

int config_prop_str(const struct config_prop *p, char **dst)
{
	return config_set_str(dst, p->value);
}

int config_prop_size(const struct config_section *s,
		     const struct config_prop *p, u64 *out)
{
	const char *why;

	if (parse_size_why(p->value, out, 1, &why))
		return config_error(s, p, "invalid %s '%s': %s", p->key,
				    p->value, why);
	return 0;
}

int config_prop_uint(const struct config_section *s,
		     const struct config_prop *p, u64 min, u64 max,
		     const char *valid, u64 *out)
{
	if (parse_uint(p->value, 0, out) || *out < min || *out > max)
		return config_error(s, p, "invalid %s '%s': use %s", p->key,
				    p->value, valid);
	return 0;
}

int config_prop_bool(const struct config_section *s,
		     const struct config_prop *p, bool *out)
{
	if (parse_bool(p->value, out))
		return config_error(s, p, "invalid %s '%s': use on or off",
				    p->key, p->value);
	return 0;
}

int config_prop_idset(const struct config_section *s,
		      const struct config_prop *p, unsigned int max,
		      struct idset *set)
{
	if (idset_parse_range(set, p->value, max))
		return config_error(s, p, "invalid %s '%s': use N or A-B, from "
				    "0 to %u", p->key, p->value, max);
	return 0;
}

const struct config_prop *config_find_prop(const struct config_section *s,
					   const char *key)
{
	const struct config_prop *found = NULL;
	unsigned int i;

	for (i = 0; i < s->nr_props; i++)
		if (!strcmp(s->props[i].key, key))
			found = &s->props[i];
	return found;
}

int config_section_add(struct config_section *s, const char *key,
		       const char *value, unsigned int line)
{
	struct config_prop *p = &s->props[s->nr_props];

	if (s->nr_props == CONFIG_MAX_PROPS)
		return config_error(s, NULL, "too many properties: at most %d",
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

/* One item of a KEY=VALUE list into @item, ",," made ','; past it. */
static const char *split_item(const char *p, char *item)
{
	for (; *p && (*p != ',' || p[1] == ','); p++) {
		if (*p == ',')
			p++;
		*item++ = *p;
	}
	*item = '\0';
	return p;
}

/* A first bare value is the group's implied key: -m 4G is -m size=4G. */
int config_section_split(struct config_section *s, const char *arg)
{
	char *item = malloc(strlen(arg) + 1), *eq;
	const char *p = arg;
	bool first = true;
	int ret;

	if (!item)
		return error_ret(ENOMEM, "out of memory");
	for (;;) {
		p = split_item(p, item);
		eq = strchr(item, '=');
		if (eq) {
			*eq = '\0';
			ret = config_section_add(s, item, eq + 1, 0);
		} else if (first && s->group->implied) {
			ret = config_section_add(s, s->group->implied, item, 0);
		} else {
			ret = config_error(s, NULL, "expected KEY=VALUE, got "
					   "'%s' in '%s'", item, arg);
		}
		first = false;
		if (ret || !*p)
			break;
		p++;	/* the ',' between two items */
	}
	free(item);
	return ret;
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

static bool key_applies(const struct config_key *k, unsigned int mask)
{
	return !k->only || (k->only & mask);
}

/* "unknown property 'foo' of TYPE: valid properties are a, b, c" */
static int unknown_prop(const struct config_ctx *c,
			const struct config_prop *p)
{
	const struct config_group *g = c->s->group;
	const char *names[CONFIG_MAX_PROPS];
	const char *of = c->of ? " of " : "";
	unsigned int i, n = 0;
	char valid[256];

	for (i = 0; i < g->nr_keys && n < CONFIG_MAX_PROPS; i++)
		if (!g->keys[i].hidden && key_applies(&g->keys[i], c->mask))
			names[n++] = g->keys[i].name;
	join_names(valid, sizeof(valid), names, n, ", ");
	if (c->s->file)
		return config_error(c->s, p, "unknown key '%s' in [%s]%s%s: "
				    "valid keys are %s", p->key, g->section,
				    of, c->of ? c->of : "", valid);
	return config_error(c->s, p, "unknown property '%s'%s%s: valid "
			    "properties are %s", p->key, of,
			    c->of ? c->of : "", valid);
}

static int apply_prop(struct config_ctx *c, const struct config_prop *p)
{
	const struct config_group *g = c->s->group;
	unsigned int i;

	for (i = 0; i < g->nr_keys; i++) {
		const struct config_key *k = &g->keys[i];

		if (strcmp(k->name, p->key) || !key_applies(k, c->mask))
			continue;
		return k->set ? k->set(c, p) : 0;
	}
	return unknown_prop(c, p);
}

int config_section_apply(struct vmm_config *cfg, struct config_section *s)
{
	const struct config_group *g = s->group;
	struct config_ctx c = { .cfg = cfg, .s = s };
	unsigned int i;
	int ret;

	ret = g->begin ? g->begin(&c) : 0;
	for (i = 0; !ret && i < s->nr_props; i++)
		ret = apply_prop(&c, &s->props[i]);
	if (!ret && g->end)
		ret = g->end(&c);
	if (ret && g->abort)
		g->abort(&c);
	return ret;
}
