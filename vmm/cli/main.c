// SPDX-License-Identifier: GPL-2.0
/*
 * vmm: build the PC machine the options describe on a KVM VM, then either
 * print what was built (--dump) or run the guest until it exits through
 * the debug-exit port, fails, or times out.
 */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backends/hostmem_placement.h"
#include "cli/config.h"
#include "memory/mtree.h"
#include "util/error.h"

/* --verify-numa found a page where its memdev's policy says it may not be. */

static const char usage[] =
"usage: vmm [options]      (QEMU's syntax where QEMU has the option)\n"
"  -M, -machine TYPE[,max-ram-below-4g=SIZE][,memory-backend=ID]\n"
"                            machine type (default pc):\n"
"                            %s\n"
"  -m SIZE[,slots=N,maxmem=SIZE]  guest RAM, K/M/G/T suffixes (default\n"
"                            128M); maxmem: room for hotplug, as QEMU's\n"
"  -bios FILE                the ROM image at the top of 4 GiB (default:\n"
"                            guest/e820-probe.bin beside the vmm binary)\n"
"  -nodefaults               no VGA window: 0xa0000-0xbffff is RAM\n"
"  -smp N                    vCPUs (default 1)\n"
"  -accel kvm[,max-slot-size=SIZE]  split slots larger than SIZE\n"
"        [,dirty-ring-size=N]  reap dirty pages from rings of N entries\n"
"        [,manual-dirty-log-protect=on|off]  the bitmap's manual protect\n"
"  -serial stdio|file:PATH|none\n"
"  -device isa-debug-exit[,iobase=N,iosize=N]\n"
"  -object memory-backend-{ram,memfd,file},id=ID,size=SIZE[,host-nodes=N,\n"
"          policy=default|preferred|bind|interleave,prealloc=on,\n"
"          prealloc-threads=N,share=,merge=,dump=,hugetlb=,hugetlbsize=,\n"
"          seal=,mem-path=,discard-data=]  a memdev (README.md)\n"
"  -numa node[,nodeid=N][,memdev=ID][,cpus=A-B]\n"
"  -fw_cfg name=opt/NAME,file=PATH|string=TEXT\n"
"  -no-reboot                accepted: vmm never reboots a guest\n"
"  -readconfig FILE          the same options in QEMU's config format\n"
"  --timeout SECONDS         end a guest that runs longer (status 124)\n"
"  --dump slots,mtree,flatview,ramblock,e820,stamps  print, do not run\n"
"  --info slots,mtree,flatview,ramblock,e820,stamps  print, then run\n"
"  --stats                   print exit and dropped-access counters\n"
"  --strict-slots on|off     an MMIO exit inside a KVM slot (a read, or a\n"
"                            write to a writable slot) is a memslot bug:\n"
"                            reported, status 6 (default on); off: only\n"
"                            counted, as QEMU services it\n"
"  --test-hook KIND=GPA      TEST ONLY: give KVM a wrong slot on purpose\n"
"                            (short-slot, shifted-slot, stale-slot)\n"
"  --verify-numa             after the run, check where each memdev's\n"
"                            pages are against its policy (status 10 if\n"
"                            not)\n"
"  --caps                    print what this host's KVM offers\n"
"  --snapshot-to FILE        a live snapshot of the running guest to FILE\n"
"                            (docs/snapshot.md); a line of statistics\n"
"  --snapshot-after MS       start it MS milliseconds after the guest\n"
"  --snapshot-rounds N       dirty-page rounds at most (default 10)\n"
"  --snapshot-io uring|pwrite  how it is written (default uring)\n"
"  --snapshot-buffered       never O_DIRECT\n"
"  --snapshot-then continue|exit  the guest goes on, or the VM ends\n"
"                            with status 0 (default continue)\n"
"  --restore FILE            start the guest from a snapshot made with\n"
"                            the same machine options\n"
"exit status: the guest's debug exit ((value << 1) | 1), 1 for bad\n"
"input, a failed setup or a failed KVM call, 2 for a guest error (triple\n"
"fault, emulation failure), 6 for exits on slotted memory\n"
"(--strict-slots), 8 for a host-side stamp not where its address lands,\n"
"10 for a NUMA placement --verify-numa refutes, 124 for --timeout,\n"
"0 after --snapshot-then exit\n";

static void print_usage(void)
{
	const char *names[PC_MACHINE__NR];
	char types[128];
	unsigned int i;

	for (i = 0; i < PC_MACHINE__NR; i++)
		names[i] = pc_machine_type_name((enum pc_machine_type)i);
	printf(usage, join_names(types, sizeof(types), names, PC_MACHINE__NR,
				 ", "));
}

/* The default guest: guest/e820-probe.bin beside the vmm binary. */
static int set_default_bios(struct pc_machine_params *p)
{
	char self[4096], *dir;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n <= 0)
		return error_ret(errno, "/proc/self/exe: %s", strerror(errno));
	self[n] = '\0';
	dir = dirname(self);
	if (asprintf(&p->bios, "%s/guest/e820-probe.bin", dir) < 0) {
		p->bios = NULL;
		return error_ret(ENOMEM, "out of memory");
	}
	if (access(p->bios, R_OK))
		return error_ret(ENOENT, "-bios: none given, and the default "
				 "guest %s is missing: run make", p->bios);
	return 0;
}

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
	if (d & DUMP_STAMPS)
		stamps_print(&vmm->stamps, stdout);
}

static void vmm_print_stats(const struct vmm *vmm)
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
	fprintf(stderr, "stats slot-adds %llu\n",
		(unsigned long long)vmm->kml.calls.adds);
	fprintf(stderr, "stats slot-deletes %llu\n",
		(unsigned long long)vmm->kml.calls.deletes);
	fprintf(stderr, "stats pam-writes %llu\n",
		(unsigned long long)vmm->pcms.pci_host.pam_writes);
	kvm_slot_exits_print_stats(&vmm->slot_exits, stderr);
	fprintf(stderr, "stats stamps-checked %llu\n",
		(unsigned long long)vmm->stamps.checked);
	fprintf(stderr, "stats stamps-wrong %llu\n",
		(unsigned long long)vmm->stamps.wrong);
	if (vmm->kml.hook.p.kind)
		fprintf(stderr, "stats test-hook %s fired %u\n",
			kvm_slot_hook_kind_name(vmm->kml.hook.p.kind),
			vmm->kml.hook.fired);
}

/* Strict slots: each slot KVM exited on, once, and the verdict. */
static void vmm_report_slot_exits(const struct vmm *vmm, int status)
{
	const struct kvm_slot_exits *x = &vmm->slot_exits;

	if (!vmm->params->strict_slots || !x->total)
		return;
	fprintf(stderr, "vmm: strict slots: KVM exited %llu times on memory "
		"its slots cover (the kernel must serve those accesses "
		"itself); status %d, the guest's was %d:\n",
		(unsigned long long)x->total, status, vmm->guest_status);
	kvm_slot_exits_report(x, stderr, "vmm:   ");
}

/* Host-side stamps: how many were wrong, and the first of them. */
static void vmm_report_stamps(const struct vmm *vmm)
{
	const struct stamps *st = &vmm->stamps;

	if (!st->wrong)
		return;
	fprintf(stderr, "vmm: host-side stamps: %llu of %llu wrong; %s\n",
		(unsigned long long)st->wrong,
		(unsigned long long)st->checked, st->first_wrong);
}

/*
 * --verify-numa: each memdev's placement report; false when one fails
 * (or cannot be looked at: that is no proof of anything).
 */
static bool vmm_verify_numa(struct vmm *vmm)
{
	unsigned int i, pass = 0, fail = 0;
	struct host_memory_backend *be;
	struct hostmem_placement pl;

	for (i = 0; i < vmm->params->machine.nr_memdevs; i++) {
		be = pc_machine_memdev(&vmm->pcms, i);
		if (!be)
			continue;
		if (hostmem_placement_check(be, &pl)) {
			printf("numa-placement %s fail: %s\n", be->params->id,
			       error_get());
			fail++;
			continue;
		}
		hostmem_placement_print(&pl, stdout);
		pl.pass ? pass++ : fail++;
	}
	printf("numa-verify pass %u fail %u\n", pass, fail);
	fflush(stdout);
	return !fail;
}

/* Print what --dump / --info ask for, then run unless it was --dump. */
static int vmm_dump_and_run(struct vmm *vmm, struct vmm_config *cfg)
{
	int status;

	if (cfg->dump) {
		vmm_dump(vmm, cfg->dump);
		if (cfg->verify_numa && !vmm_verify_numa(vmm))
			return VMM_EXIT_NUMA_PLACEMENT;
		return 0;
	}
	if (cfg->info) {
		vmm_dump(vmm, cfg->info);
		fflush(stdout);
	}
	if (cfg->restore && vmm_cli_restore(vmm, cfg))
		return -1;
	if (vmm_start_guest(vmm))
		return -1;
	if (cfg->snapshot.path)
		vmm_cli_snapshot(vmm, cfg);
	status = vmm_wait_guest(vmm);
	fflush(stdout);
	if (vmm->cpus.msg[0])
		fprintf(stderr, "vmm: %s\n", vmm->cpus.msg);
	vmm_report_slot_exits(vmm, status);
	vmm_report_stamps(vmm);
	if (cfg->stats)
		vmm_print_stats(vmm);
	if (cfg->verify_numa && !vmm_verify_numa(vmm))
		return VMM_EXIT_NUMA_PLACEMENT;
	return status;
}

/* The VM's exit status, or -1 for bad input or a failed setup. */
static int vmm_main(struct vmm *vmm, struct vmm_config *cfg, int argc,
		    char **argv)
{
	int ret;

	config_init(cfg);
	if (config_parse_args(cfg, argc, argv))
		return -1;
	if (cfg->help) {
		print_usage();
		return 0;
	}
	if (cfg->caps) {
		ret = kvm_open(&vmm->kvm);
		vmm->have_kvm = vmm->kvm.sys_fd >= 0;
		if (ret)
			return -1;
		kvm_caps_print(&vmm->kvm, stdout);
		return 0;
	}
	if (!cfg->vm.machine.bios && set_default_bios(&cfg->vm.machine))
		return -1;
	if (vmm_build(vmm, &cfg->vm))
		return -1;
	return vmm_dump_and_run(vmm, cfg);
}

int main(int argc, char **argv)
{
	static struct vmm_config cfg;
	static struct vmm vmm;
	int status, torn_down;

	error_clear();
	status = vmm_main(&vmm, &cfg, argc, argv);
	if (status < 0 && vmm.have_pcms && !vmm.have_kvm) {
		/* The machine was fine; this host just has no KVM to run it. */
		fprintf(stderr, "vmm: %s: no usable KVM on this host; "
			"scripts/vmtest.sh -- %s ... runs the same inside a VM "
			"(make run: the default job)\n", error_get(), argv[0]);
	} else if (status < 0) {
		fprintf(stderr, "vmm: %s\n", error_get());
	}
	torn_down = vmm_teardown(&vmm);
	if (torn_down && status >= 0)
		/* KVM refused to delete a slot: the VMM failed after all. */
		fprintf(stderr, "vmm: %s\n", error_get());
	if (status < 0 || torn_down)
		status = VMM_EXIT_USER_ERROR;
	config_free(&cfg);
	return status;
}
