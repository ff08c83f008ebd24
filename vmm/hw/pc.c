// SPDX-License-Identifier: GPL-2.0
#include <cpuid.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hw/pc.h"
#include "util/error.h"

static const struct pc_machine_class pc_machine_classes[] = {
	{ "pc-i440fx-7.2", "pc",  false, true,  true,  true },
	{ "pc-i440fx-1.7", NULL,  false, false, false, false },
	{ "pc-q35-7.2",    "q35", true,  true,  true,  true },
};

const struct pc_machine_class *pc_machine_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(pc_machine_classes); i++) {
		const struct pc_machine_class *mc = &pc_machine_classes[i];

		if (!strcmp(name, mc->name) ||
		    (mc->alias && !strcmp(name, mc->alias)))
			return mc;
	}
	return NULL;
}

/* i440FX: max-ram-below-4g defaults to 3.5 GiB; big guests split at 3G. */
static u64 pc_i440fx_lowmem(const struct pc_machine_class *mc, u64 ram_size,
			    u64 max)
{
	u64 lowmem = max ? max : 0xe0000000ULL;

	if (ram_size >= lowmem && mc->gigabyte_align) {
		if (lowmem > 0xc0000000ULL)
			lowmem = 0xc0000000ULL;
		if (lowmem & (GiB - 1))
			warn_report("Large machine and max_ram_below_4g "
				    "(%" PRIu64 ") not a multiple of 1G; "
				    "possible bad performance.", lowmem);
	}
	return lowmem;
}

/* Q35: 2 GiB below 4 GiB once RAM reaches 0xb0000000, else all of it. */
static u64 pc_q35_lowmem(u64 ram_size, u64 max)
{
	u64 lowmem = ram_size >= 0xb0000000ULL ? 0x80000000ULL :
						 0xb0000000ULL;

	if (!max)
		max = 4 * GiB;
	if (lowmem > max) {
		lowmem = max;
		if (ram_size - lowmem > lowmem && (lowmem & (GiB - 1)))
			warn_report("There is possibly poor performance as the "
				    "ram size  (0x%" PRIx64 ") is more then "
				    "twice the size of max-ram-below-4g "
				    "(%" PRIu64 ") and max-ram-below-4g is not "
				    "a multiple of 1G.", ram_size, max);
	}
	return lowmem;
}

int pc_ram_split(const struct pc_machine_class *mc, u64 ram_size,
		 u64 max_ram_below_4g, u64 *below, u64 *above)
{
	u64 lowmem;

	if (max_ram_below_4g > 4 * GiB)
		return error_ret(EINVAL, "-M %s,max-ram-below-4g=%" PRIu64
				 ": must be at most 4G", mc->alias ?
				 mc->alias : mc->name, max_ram_below_4g);
	lowmem = mc->q35 ? pc_q35_lowmem(ram_size, max_ram_below_4g) :
			   pc_i440fx_lowmem(mc, ram_size, max_ram_below_4g);
	if (ram_size >= lowmem) {
		*below = lowmem;
		*above = ram_size - lowmem;
	} else {
		*below = ram_size;
		*above = 0;
	}
	return 0;
}

/* The guest-physical address width the host's CPU offers. */
static unsigned int host_phys_bits(void)
{
	unsigned int eax, ebx, ecx, edx;

	if (__get_cpuid(0x80000000, &eax, &ebx, &ecx, &edx) &&
	    eax >= 0x80000008 &&
	    __get_cpuid(0x80000008, &eax, &ebx, &ecx, &edx))
		return eax & 0xff;
	return 36;
}

static int pc_check_ram_size(struct pc_machine *pcms)
{
	unsigned int bits = host_phys_bits();
	u128 end = pcms->above_4g_mem_size ?
		   (u128)4 * GiB + pcms->above_4g_mem_size :
		   pcms->below_4g_mem_size;

	if (end > (u128)1 << bits)
		return error_ret(EINVAL, "-m %" PRIu64 "M: RAM would end at "
				 "0x%llx, beyond the %u-bit guest-physical "
				 "address space (0x%llx)",
				 pcms->ram_size >> 20,
				 (unsigned long long)end, bits,
				 1ULL << bits);
	return 0;
}

/*
 * pc.ram: one anonymous block, or a container of the NUMA memdevs at
 * consecutive offsets.  config_parse_args() has checked that every memdev
 * exists and that they add up to -m.
 */
static int pc_init_ram(struct pc_machine *pcms)
{
	const struct vmm_config *cfg = pcms->cfg;
	u64 offset = 0;
	unsigned int i;
	int ret;

	if (!cfg->nr_numa)
		return memory_region_init_ram(&pcms->ram, "pc.ram",
					      pcms->ram_size);

	pcms->memdevs = calloc(cfg->nr_numa, sizeof(*pcms->memdevs));
	pcms->memdev_mrs = calloc(cfg->nr_numa, sizeof(*pcms->memdev_mrs));
	if (!pcms->memdevs || !pcms->memdev_mrs)
		return error_ret(ENOMEM, "out of memory");
	memory_region_init(&pcms->ram, "pc.ram", pcms->ram_size);
	for (i = 0; i < cfg->nr_numa; i++) {
		const struct config_memdev *md = cfg->numa[i].memdev ?
			config_find_memdev(cfg, cfg->numa[i].memdev) : NULL;

		if (!md)
			return error_ret(EINVAL, "-numa node,nodeid=%d: needs "
					 "memdev=ID naming an -object",
					 cfg->numa[i].nodeid);
		ret = host_memory_backend_init(&pcms->memdevs[i], md);
		if (ret)
			return ret;
		pcms->nr_memdevs++;
		memory_region_init_ram_from_block(&pcms->memdev_mrs[i], md->id,
						  pcms->memdevs[i].block);
		ret = memory_region_add_subregion(&pcms->ram, offset,
						  &pcms->memdev_mrs[i]);
		if (ret)
			return ret;
		pcms->nr_mapped_memdevs++;
		offset += md->size;
	}
	return 0;
}

static int pc_load_bios(struct pc_machine *pcms, const char *path)
{
	struct stat st;
	ssize_t done = 0, n;
	u8 *host;
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return error_ret(errno, "-bios %s: %s", path, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return error_ret(EINVAL, "-bios %s: not a regular file", path);
	}
	if (st.st_size <= 0 || st.st_size % (64 * KiB) ||
	    st.st_size > (off_t)(16 * MiB)) {
		close(fd);
		return error_ret(EINVAL, "-bios %s: size %lld is not a non-zero "
				 "multiple of 64 KiB up to 16 MiB", path,
				 (long long)st.st_size);
	}
	ret = memory_region_init_rom(&pcms->bios, "pc.bios", st.st_size);
	if (ret) {
		close(fd);
		return ret;
	}
	host = memory_region_get_ram_ptr(&pcms->bios);
	while (done < st.st_size) {
		n = read(fd, host + done, st.st_size - done);
		if (n <= 0) {
			ret = error_ret(n ? errno : EIO, "-bios %s: read: %s",
					path, n ? strerror(errno) :
					"short file");
			close(fd);
			return ret;
		}
		done += n;
	}
	close(fd);
	return 0;
}

static void pc_map_memory(struct pc_machine *pcms)
{
	u64 bios_size = (u64)pcms->bios.size;
	u64 isa_size = MIN(bios_size, PC_ISA_BIOS_MAX);
	struct memory_region *sys = &pcms->system_memory;

	memory_region_init_alias(&pcms->ram_below_4g, "ram-below-4g",
				 &pcms->ram, 0, pcms->below_4g_mem_size);
	memory_region_add_subregion(sys, 0, &pcms->ram_below_4g);
	if (pcms->above_4g_mem_size) {
		memory_region_init_alias(&pcms->ram_above_4g, "ram-above-4g",
					 &pcms->ram, pcms->below_4g_mem_size,
					 pcms->above_4g_mem_size);
		memory_region_add_subregion(sys, 4 * GiB, &pcms->ram_above_4g);
	}
	/* The PCI hole: below RAM in priority, the BIOS at its top. */
	memory_region_add_subregion_overlap(sys, 0, &pcms->pci_memory, -1);
	memory_region_add_subregion(&pcms->pci_memory, 4 * GiB - bios_size,
				    &pcms->bios);
	memory_region_init_alias(&pcms->isa_bios, "isa-bios", &pcms->bios,
				 bios_size - isa_size, isa_size);
	memory_region_set_readonly(&pcms->isa_bios, true);
	memory_region_add_subregion_overlap(sys, 1 * MiB - isa_size,
					    &pcms->isa_bios, 1);
	memory_region_add_subregion_overlap(sys, PC_ROM_ADDR, &pcms->pc_rom, 1);
	if (!pcms->cfg->nodefaults) {
		/* Without a VGA device model the window is plain I/O. */
		memory_region_init_io(&pcms->vga, "vga-lowmem", PC_VGA_SIZE,
				      NULL, NULL);
		memory_region_add_subregion_overlap(sys, PC_VGA_ADDR,
						    &pcms->vga, 1);
	}
}

/*
 * DESIGN.md, "The rules to reproduce", e820: QEMU 7.2 reserves AMD's
 * HyperTransport window [0xfd00000000, 1 TiB) when the guest's CPU is AMD
 * with 40 or more physical address bits, on machine types 7.1 and newer
 * (not pc-i440fx-1.7).  The CPU is the one the guest's CPUID describes:
 * qemu64 under QEMU, the host's under vmm.
 */
static bool pc_amd_ht_hole(const struct pc_machine_class *mc,
			   const struct cpu_model *cpu)
{
	return mc->amd_ht_hole && cpu->amd && cpu->phys_bits >= 40;
}

/*
 * RAM above 4 GiB must end below the hole.  QEMU instead moves it to
 * 1 TiB once it, with the 64-bit PCI hole after it, would reach the
 * window; we have no 64-bit PCI hole and refuse only RAM that would
 * overlap what the e820 reserves.
 */
static int pc_check_ht_hole(struct pc_machine *pcms)
{
	u64 max = pcms->below_4g_mem_size + PC_AMD_HT_START - 4 * GiB;

	if (4 * GiB + pcms->above_4g_mem_size <= PC_AMD_HT_START)
		return 0;
	return error_ret(EINVAL, "-m %" PRIu64 "M: RAM above 4 GiB would "
			 "reach the AMD HyperTransport hole at 0x%llx that "
			 "this AMD guest's e820 reserves; at most %" PRIu64
			 "M", pcms->ram_size >> 20, PC_AMD_HT_START,
			 max >> 20);
}

/* QEMU's order: the KVM pages (its accelerator's), the HT hole, RAM. */
static int pc_build_e820(struct pc_machine *pcms, bool ht_hole)
{
	struct e820_table *t = &pcms->e820;
	int ret;

	ret = e820_add_entry(t, PC_IDENTITY_MAP_ADDR, PC_IDENTITY_MAP_SIZE,
			     E820_RESERVED);
	if (!ret && ht_hole)
		ret = e820_add_entry(t, PC_AMD_HT_START,
				     PC_AMD_HT_END - PC_AMD_HT_START,
				     E820_RESERVED);
	if (!ret)
		ret = e820_add_entry(t, 0, pcms->below_4g_mem_size, E820_RAM);
	if (!ret && pcms->above_4g_mem_size)
		ret = e820_add_entry(t, 4 * GiB, pcms->above_4g_mem_size,
				     E820_RAM);
	return ret;
}

int pc_machine_init_e820(struct pc_machine *pcms, const struct cpu_model *cpu)
{
	bool ht_hole = pc_amd_ht_hole(pcms->mc, cpu);
	int ret = ht_hole ? pc_check_ht_hole(pcms) : 0;

	if (!ret)
		ret = pc_build_e820(pcms, ht_hole);
	if (!ret)
		ret = fw_cfg_add_file(&pcms->fw_cfg, "etc/e820",
				      pcms->e820.entries, pcms->e820.nr *
				      sizeof(struct e820_entry));
	return ret;
}

/* FW_CFG_NUMA: node count, each CPU's node, each node's size (u64 LE). */
static int pc_fw_cfg_numa(struct pc_machine *pcms)
{
	const struct vmm_config *cfg = pcms->cfg;
	unsigned int n = cfg->nr_numa, i, node, words = 1 + cfg->smp + n;
	u64 *v = calloc(words, sizeof(*v));
	int ret;

	if (!v)
		return error_ret(ENOMEM, "out of memory");
	v[0] = htole64(n);
	/* cpus=A-B[,C...] puts those CPUs there; the rest stay on node 0. */
	for (node = 0; node < n; node++) {
		const char *c = cfg->numa[node].cpus;

		while (c && *c) {
			unsigned int lo, hi;
			int used = 0;

			if (sscanf(c, "%u-%u%n", &lo, &hi, &used) != 2) {
				used = 0;
				if (sscanf(c, "%u%n", &lo, &used) != 1)
					break;
				hi = lo;
			}
			for (i = lo; i <= hi && i < cfg->smp; i++)
				v[1 + i] = htole64(node);
			c += used;
			c += *c == ',';
		}
	}
	for (i = 0; i < n; i++)
		v[1 + cfg->smp + i] = htole64(pcms->memdev_mrs[i].size);
	ret = fw_cfg_add_bytes(&pcms->fw_cfg, FW_CFG_NUMA, v,
			       words * sizeof(*v));
	free(v);
	return ret;
}

static int pc_fw_cfg_user_files(struct pc_machine *pcms)
{
	const struct vmm_config *cfg = pcms->cfg;
	unsigned int i;
	int ret;

	for (i = 0; i < cfg->nr_fw_cfg; i++) {
		const struct config_fw_cfg *f = &cfg->fw_cfg[i];
		char *data = NULL;
		size_t len = 0;
		FILE *in;

		if (f->string) {
			ret = fw_cfg_add_file(&pcms->fw_cfg, f->name, f->string,
					      strlen(f->string));
		} else {
			in = fopen(f->file, "r");
			if (!in)
				return error_ret(errno, "-fw_cfg name=%s,file=%s: "
						 "%s", f->name, f->file,
						 strerror(errno));
			data = malloc(1 << 20);
			len = data ? fread(data, 1, 1 << 20, in) : 0;
			fclose(in);
			ret = data ? fw_cfg_add_file(&pcms->fw_cfg, f->name,
						     data, len) :
				     error_ret(ENOMEM, "out of memory");
			free(data);
		}
		if (ret)
			return ret;
	}
	return 0;
}

static int pc_init_fw_cfg(struct pc_machine *pcms)
{
	struct fw_cfg *fw = &pcms->fw_cfg;
	int ret;

	ret = fw_cfg_init(fw, &pcms->io,
			  pcms->mc->fw_cfg_dma ? &pcms->as_memory : NULL);
	if (!ret)
		ret = fw_cfg_add_i64(fw, FW_CFG_RAM_SIZE, pcms->ram_size);
	if (!ret)
		ret = fw_cfg_add_i16(fw, FW_CFG_NB_CPUS, pcms->cfg->smp);
	if (!ret)
		ret = fw_cfg_add_i16(fw, FW_CFG_MAX_CPUS, pcms->cfg->smp);
	if (!ret && pcms->cfg->nr_numa)
		ret = pc_fw_cfg_numa(pcms);
	if (!ret)
		ret = pc_fw_cfg_user_files(pcms);
	return ret;
}

static int pc_init_devices(struct pc_machine *pcms,
			   void (*request_exit)(void *, int), void *opaque)
{
	const struct vmm_config *cfg = pcms->cfg;
	int ret;

	ret = serial_init(&pcms->serial, &pcms->io, cfg->serial);
	if (!ret && cfg->debug_exit)
		ret = debug_exit_init(&pcms->debug_exit, &pcms->io,
				      cfg->debug_exit_iobase,
				      cfg->debug_exit_iosize, request_exit,
				      opaque);
	if (!ret)
		ret = pc_init_fw_cfg(pcms);
	return ret;
}

int pc_machine_init(struct pc_machine *pcms, const struct vmm_config *cfg,
		    void (*request_exit)(void *, int), void *opaque)
{
	int ret;

	memset(pcms, 0, sizeof(*pcms));
	pcms->cfg = cfg;
	pcms->ram_size = cfg->ram_size;
	pcms->mc = pc_machine_find(cfg->machine);
	if (!pcms->mc)
		return error_ret(EINVAL, "-M: unknown machine type '%s': valid "
				 "types are pc, pc-i440fx-7.2, pc-i440fx-1.7, "
				 "q35, pc-q35-7.2", cfg->machine);
	ret = pc_ram_split(pcms->mc, cfg->ram_size, cfg->max_ram_below_4g,
			   &pcms->below_4g_mem_size, &pcms->above_4g_mem_size);
	if (!ret)
		ret = pc_check_ram_size(pcms);
	if (ret)
		return ret;

	memory_region_init(&pcms->system_memory, "system", U128_2_64);
	memory_region_init(&pcms->pci_memory, "pci", U128_2_64);
	memory_region_transaction_begin();
	/* pc.ram, pc.bios, pc.rom: QEMU's order, hence its ram_addr offsets. */
	ret = pc_init_ram(pcms);
	if (!ret)
		ret = pc_load_bios(pcms, cfg->bios);
	if (!ret)
		ret = memory_region_init_rom(&pcms->pc_rom, "pc.rom",
					     PC_ROM_SIZE);
	if (!ret) {
		pc_map_memory(pcms);
		ret = address_space_init(&pcms->as_memory,
					 &pcms->system_memory, "memory");
		pcms->as_ready = !ret;
	}
	memory_region_transaction_commit();
	if (!ret)
		ret = pc_init_devices(pcms, request_exit, opaque);
	if (ret)
		pc_machine_destroy(pcms);
	return ret;
}

static void pc_unmap(struct memory_region *mr)
{
	if (mr->container)
		memory_region_del_subregion(mr->container, mr);
}

void pc_machine_destroy(struct pc_machine *pcms)
{
	unsigned int i;

	serial_exit(&pcms->serial);
	fw_cfg_exit(&pcms->fw_cfg);
	memory_region_transaction_begin();
	pc_unmap(&pcms->vga);
	pc_unmap(&pcms->pc_rom);
	pc_unmap(&pcms->isa_bios);
	pc_unmap(&pcms->bios);
	pc_unmap(&pcms->pci_memory);
	pc_unmap(&pcms->ram_above_4g);
	pc_unmap(&pcms->ram_below_4g);
	for (i = 0; i < pcms->nr_mapped_memdevs; i++)
		pc_unmap(&pcms->memdev_mrs[i]);
	memory_region_transaction_commit();
	if (pcms->as_ready)
		address_space_destroy(&pcms->as_memory);
	pcms->as_ready = false;

	if (pcms->vga.name)
		memory_region_finalize(&pcms->vga);
	if (pcms->isa_bios.name)
		memory_region_finalize(&pcms->isa_bios);
	if (pcms->ram_above_4g.name)
		memory_region_finalize(&pcms->ram_above_4g);
	if (pcms->ram_below_4g.name)
		memory_region_finalize(&pcms->ram_below_4g);
	if (pcms->pc_rom.name)
		memory_region_finalize(&pcms->pc_rom);
	if (pcms->bios.name)
		memory_region_finalize(&pcms->bios);
	/* The memdevs own their blocks: detach before finalizing regions. */
	for (i = 0; i < pcms->nr_memdevs; i++) {
		pcms->memdev_mrs[i].ram_block = NULL;
		memory_region_finalize(&pcms->memdev_mrs[i]);
		host_memory_backend_destroy(&pcms->memdevs[i]);
	}
	free(pcms->memdevs);
	free(pcms->memdev_mrs);
	pcms->memdevs = NULL;
	pcms->memdev_mrs = NULL;
	if (pcms->ram.name)
		memory_region_finalize(&pcms->ram);
	if (pcms->pci_memory.name)
		memory_region_finalize(&pcms->pci_memory);
	if (pcms->system_memory.name)
		memory_region_finalize(&pcms->system_memory);
}
