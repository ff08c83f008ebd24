// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the command line and its option groups.  The input
 * is argv, its words separated by NUL bytes, parsed as vmm parses its
 * own (config_parse_args(): every option, -M/-m/-object/-numa/-fw_cfg
 * groups, the checks across options), then freed.  Only crashes, leaks
 * and undefined behaviour are findings: a refusal is an answer.  A
 * -readconfig is not followed (readconfig_fuzz does those files), so
 * that no input makes the fuzzer read the host's files.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/config.h"
#include "util/error.h"

#define MAX_ARGS	64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *argv[MAX_ARGS + 2];
	struct vmm_config cfg;
	size_t off = 0;
	int argc = 1;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[0] = "vmm";
	while (off <= size && argc <= MAX_ARGS) {
		argv[argc] = buf + off;
		if (strstr(argv[argc], "readconfig"))
			goto out;	/* -readconfig or --readconfig */
		argc++;
		off += strlen(buf + off) + 1;
	}
	argv[argc] = NULL;
	config_init(&cfg);
	error_clear();
	config_parse_args(&cfg, argc, argv);
	config_free(&cfg);
out:
	free(buf);
	return 0;
}
