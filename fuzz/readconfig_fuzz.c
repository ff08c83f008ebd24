// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: -readconfig files (QEMU's config-file format).  The
 * input is the file, read through a memfd by config_read_file() as vmm
 * reads one, with the checks that follow; then everything is freed.
 * Crashes, leaks and undefined behaviour are the findings.
 */
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cli/config.h"
#include "util/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vmm_config cfg;
	char path[64];
	int fd = memfd_create("readconfig-fuzz", MFD_CLOEXEC);

	if (fd < 0)
		return 0;
	if (write(fd, data, size) == (ssize_t)size) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		config_init(&cfg);
		error_clear();
		config_read_file(&cfg, path);
		config_free(&cfg);
	}
	close(fd);
	return 0;
}
