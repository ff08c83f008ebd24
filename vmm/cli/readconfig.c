// SPDX-License-Identifier: GPL-2.0
/*
 * -readconfig FILE: QEMU's config file format, as QEMU 7.2 reads it.
 *
 *	# a comment
 *	[machine]
 *	  type = "pc"
 *	[object "m0"]
 *	  qom-type = "memory-backend-ram"
 *	  size = "1G"
 *
 * libinih splits the key lines.  Our line reader in front of it counts
 * lines and takes the [section] headers itself: inih would merge two
 * [numa] sections into one, gives its handler no line number, and keeps
 * going after a bad line.  Each section's keys are gathered and checked
 * together when the next section starts (config_section_apply()).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "cli/config_section.h"
#include "util/error.h"

#define KEY_LINE	"expected 'key = \"value\"'"

struct readconfig {
	struct vmm_config	*cfg;
	const char		*path;
	FILE			*f;
	char			*buf;		/* getline()'s line */
	size_t			cap;
	unsigned int		line;
	bool			in_section;
	struct config_section	sec;
	int			err;		/* the first error stops it */
};

__attribute__((format(printf, 2, 3)))
static int rc_fail(struct readconfig *rc, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	error_setf("-readconfig %s:%u: %s", rc->path, rc->line, msg);
	rc->err = -EINVAL;
	return -EINVAL;
}

/* Apply the section read so far, if any. */
static int section_end(struct readconfig *rc)
{
	int ret = 0;

	if (rc->in_section)
		ret = config_section_apply(rc->cfg, &rc->sec);
	config_section_clear(&rc->sec);
	rc->in_section = false;
	if (ret)
		rc->err = ret;
	return ret;
}

/* "[name]" or "[name "id"]", then at most a comment. */
static int section_begin(struct readconfig *rc, const char *p)
{
	const char *name = p + 1, *id = NULL, *q;
	size_t name_len = strcspn(name, " \t\"]"), id_len = 0;
	const struct config_group *g;
	char group[32], names[128];

	if (section_end(rc))
		return rc->err;
	q = name + name_len;
	q += strspn(q, " \t");
	if (*q == '"') {
		id = q + 1;
		id_len = strcspn(id, "\"");
		if (id[id_len] != '"')
			return rc_fail(rc, "expected '[section]' or "
				       "'[section \"id\"]'");
		q = id + id_len + 1;
		q += strspn(q, " \t");
	}
	if (*q != ']' || !name_len)
		return rc_fail(rc, "expected '[section]' or "
			       "'[section \"id\"]'");
	snprintf(group, sizeof(group), "%.*s", (int)name_len, name);
	g = name_len < sizeof(group) ? config_group_find(group) : NULL;
	if (!g)
		return rc_fail(rc, "unknown section '[%.*s]': valid sections "
			       "are %s", (int)name_len, name,
			       config_group_names(names, sizeof(names)));
	if (id && !g->has_id)
		return rc_fail(rc, "section [%s] takes no id: remove "
			       "\"%.*s\"", group, (int)id_len, id);
	if (id) {
		rc->sec.id = strndup(id, id_len);
		if (!rc->sec.id)
			return rc->err = error_ret(ENOMEM, "out of memory");
	}
	rc->sec.group = g;
	rc->sec.option = "-readconfig";
	rc->sec.file = rc->path;
	rc->sec.line = rc->line;
	rc->in_section = true;
	return 0;
}

static bool is_blank_or_comment(const char *p)
{
	return !*p || strchr("#;\r\n", *p);
}

/* inih's reader: one line, leading blanks gone, headers already taken. */
static char *read_line(char *str, int num, void *stream)
{
	struct readconfig *rc = stream;
	char *p;

	if (rc->err || getline(&rc->buf, &rc->cap, rc->f) < 0)
		return NULL;
	rc->line++;
	p = rc->buf;
	if (rc->line == 1 && !strncmp(p, "\xef\xbb\xbf", 3))
		p += 3;		/* a UTF-8 byte order mark */
	p += strspn(p, " \t");
	if (strlen(p) >= (size_t)num) {
		rc_fail(rc, "line longer than %d characters", num - 2);
		return NULL;
	}
	if (*p == '[') {
		if (section_begin(rc, p))
			return NULL;
	} else if (!is_blank_or_comment(p) && !strchr(p, '=')) {
		rc_fail(rc, KEY_LINE);
		return NULL;
	}
	memcpy(str, p, strlen(p) + 1);
	return str;
}

/* "value" or value; after the closing quote, at most a comment. */
static int unquote(const char *v, char **out)
{
	const char *end;

	if (*v != '"') {
		*out = strdup(v);
		return strchr(v, '"') ? -EINVAL : *out ? 0 : -ENOMEM;
	}
	end = strchr(v + 1, '"');
	if (!end || !is_blank_or_comment(end + 1 + strspn(end + 1, " \t")))
		return -EINVAL;
	*out = strndup(v + 1, end - v - 1);
	return *out ? 0 : -ENOMEM;
}

static int handle_key(void *user, const char *section, const char *name,
		      const char *value)
{
	struct readconfig *rc = user;
	char *val = NULL;
	int ret;

	(void)section;	/* ours is in rc->sec, with its line */
	if (rc->err)
		return 0;
	if (!name)
		return 1;	/* inih builds that announce new sections */
	if (!rc->in_section) {
		rc_fail(rc, "'%s' is outside any section: start with a "
			"section such as [machine]", name);
		return 0;
	}
	ret = *name && value ? unquote(value, &val) : -EINVAL;
	if (ret == -ENOMEM)
		rc->err = error_ret(ENOMEM, "out of memory");
	else if (ret)
		rc_fail(rc, KEY_LINE);
	else if (config_section_add(&rc->sec, name, val, rc->line))
		rc->err = -EINVAL;
	free(val);
	return !rc->err;
}

int readconfig_load(struct vmm_config *cfg, const char *path)
{
	struct readconfig rc = { .cfg = cfg, .path = path };
	int ret, err;

	rc.f = fopen(path, "r");
	if (!rc.f) {
		err = errno;
		return error_ret(err, "-readconfig %s: %s", path,
				 strerror(err));
	}
	ret = ini_parse_stream(read_line, &rc, handle_key, &rc);
	if (!rc.err && ferror(rc.f)) {
		rc.err = error_ret(EIO, "-readconfig %s: read error", path);
	} else if (!rc.err && ret > 0) {
		/* A line inih refused that read_line() let through. */
		rc.line = (unsigned int)ret;
		rc_fail(&rc, KEY_LINE);
	} else if (!rc.err && ret < 0) {
		rc.err = error_ret(ENOMEM, "out of memory");
	}
	if (!rc.err)
		section_end(&rc);
	config_section_clear(&rc.sec);
	free(rc.buf);
	fclose(rc.f);
	return rc.err;
}

int config_read_file(struct vmm_config *cfg, const char *path)
{
	int ret = readconfig_load(cfg, path);

	return ret ? ret : config_check(cfg);
}
