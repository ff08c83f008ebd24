// SPDX-License-Identifier: GPL-2.0
/*
 * What a snapshot must be restored into: the machine the options
 * built, as text that names each difference.  Accelerator options (the
 * max slot size, the dirty-log mode), the serial backend and the host
 * NUMA policy are not part of it: they change how the host runs the
 * same machine, not what the guest sees.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "migration/snapshot_format.h"
#include "util/checksum.h"
#include "util/error.h"
#include "vmm.h"

struct desc_buf {
	char	*buf;
	size_t	len, used;
	bool	overflow;
};

__attribute__((format(printf, 2, 3)))
static void desc_add(struct desc_buf *d, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(d->buf + d->used, d->len - d->used, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= d->len - d->used) {
		d->overflow = true;
		return;
	}
	d->used += (size_t)n;
}

static void desc_memdevs(struct desc_buf *d, const struct pc_machine_params *p)
{
	unsigned int i;

	for (i = 0; i < p->nr_memdevs; i++)
		desc_add(d, "memdev.%s=kind %d size %llu\n", p->memdevs[i].id,
			 (int)p->memdevs[i].kind,
			 (unsigned long long)p->memdevs[i].size);
	for (i = 0; i < p->nr_numa; i++) {
		char cpus[128];

		desc_add(d, "numa.%u=memdev %s cpus %s\n", p->numa[i].nodeid,
			 p->numa[i].memdev ? p->numa[i].memdev : "-",
			 idset_format(&p->numa[i].cpus, cpus, sizeof(cpus)));
	}
}

/* Each user fw_cfg file by its content, which the guest may read again. */
static void desc_fw_cfg(struct desc_buf *d, struct vmm *vmm)
{
	const struct pc_machine_params *p = &vmm->params->machine;
	const struct fw_cfg_entry *e;
	unsigned int i;

	for (i = 0; i < p->nr_fw_cfg; i++) {
		e = fw_cfg_find_file(&vmm->pcms.fw_cfg, p->fw_cfg[i].name);
		desc_add(d, "fw_cfg.%s=len %u sum 0x%016llx\n",
			 p->fw_cfg[i].name, e ? e->len : 0,
			 e ? (unsigned long long)checksum_buf(e->data, e->len)
			   : 0ULL);
	}
}

int snapshot_describe(struct vmm *vmm, char *buf, size_t len)
{
	const struct pc_machine_params *p = &vmm->params->machine;
	struct desc_buf d = { .buf = buf, .len = len };

	buf[0] = '\0';
	desc_add(&d, "machine=%s\n", pc_machine_type_name(p->type));
	desc_add(&d, "ram-size=%llu\n", (unsigned long long)p->ram_size);
	desc_add(&d, "maxmem=%llu slots %u\n", (unsigned long long)p->maxmem,
		 p->ram_slots);
	desc_add(&d, "max-ram-below-4g=%llu\n",
		 (unsigned long long)p->max_ram_below_4g);
	desc_add(&d, "smp=%u\n", p->smp);
	desc_add(&d, "nodefaults=%d\n", p->nodefaults);
	desc_add(&d, "memory-backend=%s\n",
		 p->memory_backend ? p->memory_backend : "-");
	desc_memdevs(&d, p);
	desc_add(&d, "debug-exit=%d iobase 0x%x iosize %u\n",
		 p->debug_exit.present, p->debug_exit.iobase,
		 p->debug_exit.iosize);
	desc_fw_cfg(&d, vmm);
	if (d.overflow)
		return error_ret(E2BIG, "snapshot: the machine's description "
				 "is over %zu bytes", len);
	return (int)d.used;
}

/*
 * The value of key @key (@klen bytes) in @desc into @out ("none" when
 * the key is not there); false then.
 */
static bool desc_value(const char *desc, const char *key, size_t klen,
		       char *out, size_t len)
{
	const char *l = desc;

	while (*l) {
		size_t n = strcspn(l, "\n");

		if (n > klen && !strncmp(l, key, klen) && l[klen] == '=') {
			snprintf(out, len, "%.*s", (int)(n - klen - 1),
				 l + klen + 1);
			return true;
		}
		l += n + (l[n] == '\n');
	}
	snprintf(out, len, "none");
	return false;
}

/* Every key of @a against @b: the first that differs, or 0. */
static int desc_diff(const char *a, const char *b, bool a_is_file)
{
	char va[256], vb[256];
	const char *l = a;
	size_t n, klen;

	while (*l) {
		n = strcspn(l, "\n");
		klen = strcspn(l, "=\n");
		desc_value(a, l, klen, va, sizeof(va));
		desc_value(b, l, klen, vb, sizeof(vb));
		if (strcmp(va, vb))
			return error_ret(EINVAL, "made with other machine "
					 "options: %.*s is '%s' in the file, "
					 "'%s' here", (int)klen, l,
					 a_is_file ? va : vb,
					 a_is_file ? vb : va);
		l += n + (l[n] == '\n');
	}
	return 0;
}

int snapshot_compare_desc(const char *file, const char *here)
{
	int ret = desc_diff(file, here, true);

	return ret ? ret : desc_diff(here, file, false);
}
