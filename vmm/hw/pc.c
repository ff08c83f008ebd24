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

/* RAM, then maxmem's device memory, fit the guest-physical space. */
static int pc_check_ram_size(struct pc_machine *pcms)
{
	const struct pc_machine_params *p = pcms->params;
	unsigned int bits = host_phys_bits();
	u128 limit = (u128)1 << bits;
	u128 end = pcms->above_4g_mem_size ?
		   (u128)4 * GiB + pcms->above_4g_mem_size :
		   pcms->below_4g_mem_size;

	if (end > limit)
		return error_ret(EINVAL, "-m %" PRIu64 "M: RAM would end at "
				 "0x%llx, beyond the %u-bit guest-physical "
				 "address space (0x%llx)", p->ram_size >> 20,
				 (unsigned long long)end, bits,
				 (unsigned long long)limit);
	end = (u128)pcms->device_memory_base +
	      memory_region_size(&pcms->device_memory);
	if (end > limit)
		return error_ret(EINVAL, "-m maxmem=%" PRIu64 "M: device memory "
				 "would end at 0x%llx, beyond the %u-bit "
				 "guest-physical address space (0x%llx)",
				 p->maxmem >> 20, (unsigned long long)end,
				 bits, (unsigned long long)limit);
	return 0;
}

/*
 * maxmem's window for hotplugged DIMMs, as QEMU 7.2 places it: from the
 * first GiB boundary above high RAM, maxmem - RAM long, plus 1 GiB per
 * slot for the DIMMs' alignment.  An empty container: no flat range, no
 * slot, only `info mtree` and fw_cfg's etc/reserved-memory-end show it.
 */
static int pc_init_device_memory(struct pc_machine *pcms)
{
	const struct pc_machine_params *p = pcms->params;
	u128 size;

	if (!pcms->mc->device_memory || p->maxmem <= p->ram_size)
		return 0;
	size = p->maxmem - p->ram_size;
	if (pcms->mc->aligned_dimm)
		size += (u128)p->ram_slots * GiB;
	pcms->device_memory_base = ALIGN_UP(4 * GiB + pcms->above_4g_mem_size,
					    GiB);
	if ((u128)pcms->device_memory_base + size > UINT64_MAX)
		return error_ret(EINVAL, "-m maxmem=%" PRIu64 ": unsupported "
				 "amount of maximum memory", p->maxmem);
	memory_region_init(&pcms->device_memory, "device-memory", size);
	return 0;
}

/* Whether the machine or a node uses memdev @i: only those are built. */
static bool pc_memdev_used(const struct pc_machine_params *p, unsigned int i)
{
	const char *id = p->memdevs[i].id;
	unsigned int n;

	if (p->memory_backend && !strcmp(p->memory_backend, id))
		return true;
	for (n = 0; n < p->nr_numa; n++)
		if (p->numa[n].memdev && !strcmp(p->numa[n].memdev, id))
			return true;
	return false;
}

/*
 * The memdevs in use, in -object order as QEMU creates its objects
 * (hence its ram_addr offsets).  An unused one is not built: QEMU would
 * still allocate it, unnamed and unmapped.
 */
static int pc_init_memdevs(struct pc_machine *pcms)
{
	const struct pc_machine_params *p = pcms->params;
	unsigned int i;
	int ret;

	pcms->memdevs = calloc(p->nr_memdevs ? p->nr_memdevs : 1,
			       sizeof(*pcms->memdevs));
	if (!pcms->memdevs)
		return error_ret(ENOMEM, "out of memory");
	for (i = 0; i < p->nr_memdevs; i++) {
		if (!pc_memdev_used(p, i))
			continue;
		ret = host_memory_backend_init(&pcms->memdevs[i],
					       &p->memdevs[i]);
		if (ret)
			return ret;
	}
	return 0;
}

/* The backend named @id (pc_machine_params_check() found it). */
static struct host_memory_backend *pc_memdev(struct pc_machine *pcms,
					     const char *id)
{
	const struct pc_machine_params *p = pcms->params;

	return &pcms->memdevs[numa_find_memdev(p->memdevs, p->nr_memdevs,
					       id) - p->memdevs];
}

/*
 * The machine's RAM: one anonymous block pc.ram; or the memory backend
 * itself; or pc.ram, a container of the NUMA nodes' memdevs at
 * consecutive offsets (a node without one adds nothing).  Each backend
 * owns its region; the machine only maps it.
 */
static int pc_init_ram(struct pc_machine *pcms)
{
	const struct pc_machine_params *p = pcms->params;
	struct host_memory_backend *be;
	u64 offset = 0;
	unsigned int i;
	int ret;

	pcms->machine_ram = &pcms->ram;
	if (!p->nr_numa && !p->memory_backend)
		return memory_region_init_ram(&pcms->ram, "pc.ram",
					      p->ram_size);
	ret = pc_init_memdevs(pcms);
	if (ret)
		return ret;
	if (p->memory_backend) {
		pcms->machine_ram = &pc_memdev(pcms, p->memory_backend)->mr;
		return 0;
	}
	memory_region_init(&pcms->ram, "pc.ram", p->ram_size);
	for (i = 0; i < p->nr_numa; i++) {
		if (!p->numa[i].memdev)
			continue;
		be = pc_memdev(pcms, p->numa[i].memdev);
		ret = memory_region_add_subregion(&pcms->ram, offset, &be->mr);
		if (ret)
			return ret;
		offset += memory_region_size(&be->mr);
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
	u64 bios_size = (u64)memory_region_size(&pcms->bios);
	u64 isa_size = MIN(bios_size, PC_ISA_BIOS_MAX);
	struct memory_region *sys = &pcms->system_memory;

	memory_region_init_alias(&pcms->ram_below_4g, "ram-below-4g",
				 pcms->machine_ram, 0, pcms->below_4g_mem_size);
	memory_region_add_subregion(sys, 0, &pcms->ram_below_4g);
	if (pcms->above_4g_mem_size) {
		memory_region_init_alias(&pcms->ram_above_4g, "ram-above-4g",
					 pcms->machine_ram,
					 pcms->below_4g_mem_size,
					 pcms->above_4g_mem_size);
		memory_region_add_subregion(sys, 4 * GiB, &pcms->ram_above_4g);
	}
	/*
	 * The PCI space: below RAM in priority, the BIOS at its top, and
	 * pc.rom and isa-bios, which the PAM segments show over RAM while
	 * they are in mode 0 (QEMU's rom_memory).
	 */
	memory_region_add_subregion_overlap(sys, 0, &pcms->pci_memory, -1);
	memory_region_add_subregion(&pcms->pci_memory, 4 * GiB - bios_size,
				    &pcms->bios);
	memory_region_init_alias(&pcms->isa_bios, "isa-bios", &pcms->bios,
				 bios_size - isa_size, isa_size);
	memory_region_set_readonly(&pcms->isa_bios, true);
	memory_region_add_subregion_overlap(&pcms->pci_memory,
					    1 * MiB - isa_size,
					    &pcms->isa_bios, 1);
	memory_region_add_subregion_overlap(&pcms->pci_memory, PC_ROM_ADDR,
					    &pcms->pc_rom, 1);
	if (pcms->device_memory_base)
		memory_region_add_subregion(sys, pcms->device_memory_base,
					    &pcms->device_memory);
	if (!pcms->params->nodefaults) {
		/* Without a VGA device model the window is plain I/O. */
		memory_region_init_io(&pcms->vga, "vga-lowmem", PC_VGA_SIZE,
				      NULL, NULL);
		memory_region_add_subregion_overlap(sys, PC_VGA_ADDR,
						    &pcms->vga, 1);
	}
}

/*
 * docs/qemu-rules.md, "The e820 table and fw_cfg": QEMU 7.2 reserves
 * AMD's HyperTransport window [0xfd00000000, 1 TiB) when the guest's CPU
 * is AMD with 40 or more physical address bits, on machine types 7.1 and
 * newer (not pc-i440fx-1.7).  The CPU is the one the guest's CPUID
 * describes: qemu64 under QEMU, the host's under vmm.
 */
static bool pc_amd_ht_hole(const struct pc_machine_class *mc, bool cpu_amd,
			   unsigned int cpu_phys_bits)
{
	return mc->amd_ht_hole && cpu_amd && cpu_phys_bits >= 40;
}

/*
 * RAM above 4 GiB, and maxmem's device-memory window after it, must end
 * below the hole.  QEMU instead moves them to 1 TiB once they, with the
 * 64-bit PCI hole after them, would reach the window; we have no 64-bit
 * PCI hole and refuse only what would overlap what the e820 reserves.
 */
static int pc_check_ht_hole(const struct pc_machine *pcms)
{
	const struct pc_machine_params *p = pcms->params;
	u64 max = pcms->below_4g_mem_size + PC_AMD_HT_START - 4 * GiB;
	u128 end = (u128)pcms->device_memory_base +
		   memory_region_size(&pcms->device_memory);

	if (4 * GiB + pcms->above_4g_mem_size > PC_AMD_HT_START)
		return error_ret(EINVAL, "-m %" PRIu64 "M: RAM above 4 GiB "
				 "would reach the AMD HyperTransport hole at "
				 "0x%llx that this AMD guest's e820 reserves; "
				 "at most %" PRIu64 "M", p->ram_size >> 20,
				 PC_AMD_HT_START, max >> 20);
	if (pcms->device_memory_base && end > PC_AMD_HT_START)
		return error_ret(EINVAL, "-m maxmem=%" PRIu64 "M: device "
				 "memory would end at 0x%llx, in the AMD "
				 "HyperTransport hole at 0x%llx that this AMD "
				 "guest's e820 reserves", p->maxmem >> 20,
				 (unsigned long long)end, PC_AMD_HT_START);
	return 0;
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

int pc_machine_init_e820(struct pc_machine *pcms, bool cpu_amd,
			 unsigned int cpu_phys_bits)
{
	bool ht_hole = pc_amd_ht_hole(pcms->mc, cpu_amd, cpu_phys_bits);
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
	const struct pc_machine_params *p = pcms->params;
	unsigned int n = p->nr_numa, i, words = 1 + p->smp + n;
	u64 *v = calloc(words, sizeof(*v));
	int ret;

	if (!v)
		return error_ret(ENOMEM, "out of memory");
	v[0] = htole64(n);
	for (i = 0; i < p->smp; i++)
		v[1 + i] = htole64(numa_cpu_node(p->numa, n, i));
	for (i = 0; i < n; i++)
		v[1 + p->smp + i] = htole64(!p->numa[i].memdev ? 0 :
			memory_region_size(&pc_memdev(pcms,
						      p->numa[i].memdev)->mr));
	ret = fw_cfg_add_bytes(&pcms->fw_cfg, FW_CFG_NUMA, v,
			       words * sizeof(*v));
	free(v);
	return ret;
}

/* Where maxmem's window ends, for firmware that places PCI above it. */
static int pc_fw_cfg_reserved_memory_end(struct pc_machine *pcms)
{
	u64 end = ALIGN_UP(pcms->device_memory_base +
			   (u64)memory_region_size(&pcms->device_memory),
			   GiB);

	end = htole64(end);
	return fw_cfg_add_file(&pcms->fw_cfg, "etc/reserved-memory-end", &end,
			       sizeof(end));
}

static int pc_init_fw_cfg(struct pc_machine *pcms)
{
	const struct pc_machine_params *p = pcms->params;
	struct fw_cfg *fw = &pcms->fw_cfg;
	unsigned int i;
	int ret;

	ret = fw_cfg_init(fw, &pcms->io,
			  pcms->mc->fw_cfg_dma ? &pcms->as_memory : NULL);
	if (!ret)
		ret = fw_cfg_add_i64(fw, FW_CFG_RAM_SIZE, p->ram_size);
	if (!ret)
		ret = fw_cfg_add_i16(fw, FW_CFG_NB_CPUS, p->smp);
	if (!ret)
		ret = fw_cfg_add_i16(fw, FW_CFG_MAX_CPUS, p->smp);
	if (!ret && p->nr_numa)
		ret = pc_fw_cfg_numa(pcms);
	if (!ret && pcms->device_memory_base)
		ret = pc_fw_cfg_reserved_memory_end(pcms);
	for (i = 0; !ret && i < p->nr_fw_cfg; i++)
		ret = fw_cfg_add_item(fw, &p->fw_cfg[i]);
	return ret;
}

static int pc_init_devices(struct pc_machine *pcms,
			   void (*request_exit)(void *, int), void *opaque)
{
	const struct pc_machine_params *p = pcms->params;
	int ret;

	ret = serial_init(&pcms->serial, &pcms->io, &p->serial);
	if (!ret && p->debug_exit.present)
		ret = debug_exit_init(&pcms->debug_exit, &pcms->io,
				      &p->debug_exit, request_exit, opaque);
	if (!ret)
		ret = pc_init_fw_cfg(pcms);
	return ret;
}

/* The RAM split and every check of @p, before anything is allocated. */
static int pc_machine_plan(struct pc_machine *pcms)
{
	const struct pc_machine_params *p = pcms->params;
	int ret;

	ret = pc_machine_params_check(p);
	if (!ret)
		ret = pc_ram_split(pcms->mc, p->ram_size, p->max_ram_below_4g,
				   &pcms->below_4g_mem_size,
				   &pcms->above_4g_mem_size);
	if (!ret)
		ret = pc_init_device_memory(pcms);
	return ret ? ret : pc_check_ram_size(pcms);
}

/* pc.ram, pc.bios, pc.rom: QEMU's order, hence its ram_addr offsets. */
static int pc_init_memory(struct pc_machine *pcms)
{
	int ret;

	memory_region_init(&pcms->system_memory, "system", U128_2_64);
	memory_region_init(&pcms->pci_memory, "pci", U128_2_64);
	memory_region_transaction_begin();
	ret = pc_init_ram(pcms);
	if (!ret)
		ret = pc_load_bios(pcms, pcms->params->bios);
	if (!ret)
		ret = memory_region_init_rom(&pcms->pc_rom, "pc.rom",
					     PC_ROM_SIZE);
	if (!ret) {
		pc_map_memory(pcms);
		ret = pci_host_init(&pcms->pci_host, pcms->mc->q35, &pcms->io,
				    &pcms->ram, &pcms->system_memory,
				    &pcms->pci_memory);
	}
	if (!ret) {
		ret = address_space_init(&pcms->as_memory,
					 &pcms->system_memory, "memory");
		pcms->as_ready = !ret;
	}
	memory_region_transaction_commit();
	return ret;
}

int pc_machine_init(struct pc_machine *pcms, const struct pc_machine_params *p,
		    void (*request_exit)(void *, int), void *opaque)
{
	int ret;

	memset(pcms, 0, sizeof(*pcms));
	pcms->params = p;
	pcms->mc = pc_machine_class(p->type);
	ret = pc_machine_plan(pcms);
	if (!ret)
		ret = pc_init_memory(pcms);
	if (!ret)
		ret = pc_init_devices(pcms, request_exit, opaque);
	if (ret)
		pc_machine_destroy(pcms);
	return ret;
}

/* Unmap every region first (one commit), then free them. */
static void pc_unmap_memory(struct pc_machine *pcms)
{
	struct memory_region *sys = &pcms->system_memory;
	unsigned int i;

	memory_region_transaction_begin();
	pci_host_unmap(&pcms->pci_host, sys);
	memory_region_del_subregion(sys, &pcms->vga);
	memory_region_del_subregion(sys, &pcms->device_memory);
	memory_region_del_subregion(&pcms->pci_memory, &pcms->pc_rom);
	memory_region_del_subregion(&pcms->pci_memory, &pcms->isa_bios);
	memory_region_del_subregion(&pcms->pci_memory, &pcms->bios);
	memory_region_del_subregion(sys, &pcms->pci_memory);
	memory_region_del_subregion(sys, &pcms->ram_above_4g);
	memory_region_del_subregion(sys, &pcms->ram_below_4g);
	for (i = 0; pcms->memdevs && i < pcms->params->nr_memdevs; i++)
		memory_region_del_subregion(&pcms->ram, &pcms->memdevs[i].mr);
	memory_region_transaction_commit();
	if (pcms->as_ready)
		address_space_destroy(&pcms->as_memory);
	pcms->as_ready = false;
}

void pc_machine_destroy(struct pc_machine *pcms)
{
	unsigned int i;

	serial_exit(&pcms->serial);
	fw_cfg_exit(&pcms->fw_cfg);
	pc_unmap_memory(pcms);
	/* Aliases before their targets; a never-initialised one is a no-op. */
	pci_host_finalize(&pcms->pci_host);
	memory_region_finalize(&pcms->vga);
	memory_region_finalize(&pcms->device_memory);
	memory_region_finalize(&pcms->isa_bios);
	memory_region_finalize(&pcms->ram_above_4g);
	memory_region_finalize(&pcms->ram_below_4g);
	memory_region_finalize(&pcms->pc_rom);
	memory_region_finalize(&pcms->bios);
	for (i = 0; pcms->memdevs && i < pcms->params->nr_memdevs; i++)
		host_memory_backend_destroy(&pcms->memdevs[i]);
	free(pcms->memdevs);
	pcms->memdevs = NULL;
	memory_region_finalize(&pcms->ram);
	memory_region_finalize(&pcms->pci_memory);
	memory_region_finalize(&pcms->system_memory);
}

struct host_memory_backend *pc_machine_memdev(struct pc_machine *pcms,
					      unsigned int i)
{
	if (!pcms->memdevs || i >= pcms->params->nr_memdevs ||
	    !pcms->memdevs[i].have_mr)
		return NULL;
	return &pcms->memdevs[i];
}
