// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ktap.h"
#include "util/error.h"
#include "vmm_inproc.h"
#include "vmm_run.h"

void vmm_build_inproc(struct vmm *vmm, const struct vmm_params *p)
{
	if (vmm_params_check(p))
		ktap_exit_fail_msg("parameters: %s", error_get());
	if (vmm_build(vmm, p))
		ktap_exit_fail_msg("vmm_build: %s", error_get());
}

void vmm_guest_params(struct vmm_params *p, const char *name)
{
	char image[4096];

	guest_image(image, sizeof(image), name);
	if (access(image, R_OK))
		ktap_exit_fail_msg("%s is missing: run make", image);
	vmm_params_init(p);
	p->machine.bios = strdup(image);
	p->machine.serial.backend = SERIAL_NONE;
	p->machine.debug_exit.present = true;
	p->timeout = 20;
}

int vmm_build_stderr(struct vmm *vmm, const struct vmm_params *p, char *err,
		     size_t len)
{
	char path[] = "/tmp/vmm-stderr.XXXXXX";
	int fd = mkstemp(path), saved, ret;
	ssize_t n;

	if (fd < 0)
		ktap_exit_fail_msg("cannot create %s", path);
	unlink(path);
	fflush(stderr);
	saved = dup(2);
	dup2(fd, 2);
	ret = vmm_build(vmm, p);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	n = pread(fd, err, len - 1, 0);
	err[n > 0 ? n : 0] = '\0';
	close(fd);
	return ret;
}

void vmm_params_add_node_memdev(struct vmm_params *p, const char *id,
				u64 size)
{
	struct pc_machine_params *m = &p->machine;
	struct host_memory_backend_params *md = &m->memdevs[m->nr_memdevs++];
	struct numa_node_params *n = &m->numa[m->nr_numa];

	host_memory_backend_params_init(md, HOST_MEMORY_BACKEND_RAM);
	md->id = strdup(id);
	md->size = size;
	n->nodeid = m->nr_numa++;
	n->memdev = strdup(id);
}
