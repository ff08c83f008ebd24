// SPDX-License-Identifier: GPL-2.0
/*
 * The fuzz targets' corpora as regression tests: every input kept in
 * fuzz/corpus/TARGET/ (the seeds, and each finding of a fuzzing run once
 * it is fixed, as finding-*) goes once through its target, built here
 * with the suite's compiler and, in make SANITIZE=1 check, its
 * sanitizers.  A target aborts on what it checks (each fuzz/ source says what);
 * ASan, UBSan and LeakSanitizer end the test on the rest.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ktap.h"
#include "util/types.h"

int cli_fuzz_one(const uint8_t *data, size_t size);
int readconfig_fuzz_one(const uint8_t *data, size_t size);
int memory_fuzz_one(const uint8_t *data, size_t size);
int fw_cfg_fuzz_one(const uint8_t *data, size_t size);

static const struct {
	const char	*name;
	int		(*one)(const uint8_t *data, size_t size);
} targets[] = {
	{ "cli", cli_fuzz_one }, { "readconfig", readconfig_fuzz_one },
	{ "memory", memory_fuzz_one }, { "fw_cfg", fw_cfg_fuzz_one },
};

static int replay_file(const char *path, int (*one)(const uint8_t *, size_t))
{
	uint8_t *buf = malloc(1 << 20);
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f || !buf) {
		free(buf);
		if (f)
			fclose(f);
		return -1;
	}
	n = fread(buf, 1, 1 << 20, f);
	fclose(f);
	one(buf, n);
	free(buf);
	return 0;
}

/* Every file of fuzz/corpus/@name through @one; the number, or -1. */
static int replay_dir(const char *name, int (*one)(const uint8_t *, size_t))
{
	char dir[256], path[512];
	struct dirent *e;
	int n = 0;
	DIR *d;

	snprintf(dir, sizeof(dir), "fuzz/corpus/%s", name);
	d = opendir(dir);
	if (!d) {
		ktap_print_msg("%s: %s", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (replay_file(path, one)) {
			ktap_print_msg("%s: cannot read", path);
			n = -1;
			break;
		}
		n++;
	}
	closedir(d);
	return n;
}

int main(void)
{
	unsigned int i;

	ktap_print_header();
	ktap_set_plan(ARRAY_SIZE(targets));
	for (i = 0; i < ARRAY_SIZE(targets); i++) {
		int n = replay_dir(targets[i].name, targets[i].one);

		ktap_test_result(n > 0, "fuzz/corpus/%s: %d inputs through "
				 "the %s target", targets[i].name, n,
				 targets[i].name);
	}
	ktap_finished();
}
