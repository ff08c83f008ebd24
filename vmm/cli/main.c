// SPDX-License-Identifier: GPL-2.0
/*
 * vmm: build the PC machine the options describe on a KVM VM, then either
 * print what was built (--dump) or run the guest until it exits through
 * the debug-exit port, fails, or times out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/vmm.h"
#include "memory/mtree.h"
#include "util/error.h"

static const char usage[] =
"usage: vmm [options]      (QEMU's syntax where QEMU has the option)\n"
"  -M, -machine TYPE[,max-ram-below-4g=SIZE]  pc, pc-i440fx-7.2,\n"
"                            pc-i440fx-1.7, q35, pc-q35-7.2 (default pc)\n"
"  -m SIZE                   guest RAM, K/M/G/T suffixes (default 128M)\n"
"  -bios FILE                the ROM image at the top of 4 GiB (default:\n"
"                            guest/e820-probe.bin beside the vmm binary)\n"
"  -nodefaults               no VGA window: 0xa0000-0xbffff is RAM\n"
"  -smp N                    vCPUs (default 1)\n"
"  -accel kvm[,max-slot-size=SIZE]  split slots larger than SIZE\n"
"  -serial stdio|file:PATH|none\n"
"  -device isa-debug-exit[,iobase=N,iosize=N]\n"
"  -object memory-backend-{ram,memfd,file},id=ID,size=SIZE[,...]\n"
"  -numa node[,nodeid=N],memdev=ID[,cpus=A-B]\n"
"  -fw_cfg name=opt/NAME,file=PATH|string=TEXT\n"
"  -readconfig FILE          the same options in QEMU's config format\n"
"  --timeout SECONDS         end a guest that runs longer (status 124)\n"
"  --dump slots,mtree,flatview,ramblock,e820  print, do not run\n"
"  --info slots,mtree,flatview,ramblock,e820  print, then run\n"
"  --stats                   print exit and dropped-access counters\n"
"  --caps                    print what this host's KVM offers\n"
"exit status: the guest's debug exit ((value << 1) | 1), 1 for bad\n"
"input or a failed setup, 2 for a guest error (triple fault, emulation\n"
"failure), 124 for --timeout\n";

static void vmm_dump(struct vmm *vmm, unsigned int d)
{
	struct mtree_accel accel = {
		.name = "KVM", .has_memory = kvm_slots_has_memory,
		.opaque = &vmm->kml,
	};

	if (d & DUMP_MTREE)
		mtree_print(stdout);
	if (d & DUMP_FLATVIEW)
		mtree_print_flatviews(stdout, &accel);
	if (d & DUMP_RAMBLOCK)
		ram_block_print(stdout);
	if (d & DUMP_E820)
		e820_print(&vmm->pcms.e820, stdout);
	if (d & DUMP_SLOTS)
		kvm_slots_print(&vmm->kml, stdout);
}

static void vmm_print_stats(struct vmm *vmm)
{
	const struct address_space_stats *s = &vmm->pcms.as_memory.stats;
	u64 io = 0, mmio = 0;
	unsigned int i;

	for (i = 0; i < vmm->cpus.nr; i++) {
		io += vmm->cpus.vcpus[i].io_exits;
		mmio += vmm->cpus.vcpus[i].mmio_exits;
	}
	fprintf(stderr, "stats io-exits %llu\n", (unsigned long long)io);
	fprintf(stderr, "stats mmio-exits %llu\n", (unsigned long long)mmio);
	fprintf(stderr, "stats rom-writes-dropped %llu\n",
		(unsigned long long)s->rom_writes_dropped);
	fprintf(stderr, "stats unassigned-reads %llu\n",
		(unsigned long long)s->unassigned_reads);
	fprintf(stderr, "stats unassigned-writes %llu\n",
		(unsigned long long)s->unassigned_writes);
	fprintf(stderr, "stats unassigned-port-reads %llu\n",
		(unsigned long long)vmm->pcms.io.unassigned_reads);
	fprintf(stderr, "stats unassigned-port-writes %llu\n",
		(unsigned long long)vmm->pcms.io.unassigned_writes);
	fprintf(stderr, "stats fw-cfg-dma %llu\n",
		(unsigned long long)vmm->pcms.fw_cfg.dma_transfers);
}

/* The VM's exit status, or -1 for bad input or a failed setup. */
static int vmm_main(struct vmm *vmm, int argc, char **argv)
{
	int status;

	config_init(&vmm->cfg);
	if (config_parse_args(&vmm->cfg, argc, argv))
		return -1;
	if (vmm->cfg.help) {
		fputs(usage, stdout);
		return 0;
	}
	if (vmm->cfg.caps) {
		if (kvm_open(&vmm->kvm))
			return -1;
		vmm->have_kvm = true;
		kvm_caps_print(&vmm->kvm, stdout);
		return 0;
	}
	if (!vmm->cfg.bios && vmm_set_default_bios(vmm))
		return -1;
	if (vmm_build(vmm))
		return -1;
	if (vmm->cfg.dump) {
		vmm_dump(vmm, vmm->cfg.dump);
		return 0;
	}
	if (vmm->cfg.info) {
		vmm_dump(vmm, vmm->cfg.info);
		fflush(stdout);
	}
	status = vmm_run_guest(vmm);
	if (status < 0)
		return -1;
	fflush(stdout);
	if (vmm->cpus.msg[0])
		fprintf(stderr, "vmm: %s\n", vmm->cpus.msg);
	if (vmm->cfg.stats)
		vmm_print_stats(vmm);
	return status;
}

int main(int argc, char **argv)
{
	static struct vmm vmm;
	int status;

	error_clear();
	status = vmm_main(&vmm, argc, argv);
	if (status < 0 && vmm.have_pcms && !vmm.have_kvm) {
		/* The machine was fine; this host just has no KVM to run it. */
		fprintf(stderr, "vmm: %s: no usable KVM on this host; "
			"scripts/vmtest.sh -- %s ... runs the same inside a VM "
			"(make run: the default job)\n", error_get(), argv[0]);
		status = VMM_EXIT_USER_ERROR;
	} else if (status < 0) {
		fprintf(stderr, "vmm: %s\n", error_get());
		status = VMM_EXIT_USER_ERROR;
	}
	vmm_teardown(&vmm);
	return status;
}
