// SPDX-License-Identifier: GPL-2.0
/*
 * ROM is readonly memory for KVM: the BIOS, its isa-bios alias and pc.rom
 * get KVM_MEM_READONLY slots (the KVM API document: writes to such a slot
 * exit to userspace as KVM_EXIT_MMIO), so a guest write to each is one
 * MMIO exit that the VMM drops and counts, and the bytes stay.  The guest
 * is guest/realmode/rom_write.S, a 128 KiB BIOS: at reset CS's base is
 * 0xffff0000, so a CS-relative store reaches the BIOS at the top of 4 GiB.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/kvm.h>

#include "ktap.h"
#include "util/error.h"
#include "vmm_inproc.h"
#include "vmm_run.h"

/* The slot that starts at @start: its flags, or -1 when there is none. */
static long slot_flags(const struct kvm_memory_listener *kml, u64 start)
{
	const struct kvm_slot *s = kvm_slots_find(kml, start);

	return s && s->start_addr == start ? (long)s->flags : -1;
}

int main(void)
{
	static struct vmm_params params;
	static struct vmm vmm;
	static const struct {
		const char *name;
		u64 start;
	} roms[] = {
		{ "pc.rom at 0xc0000", 0xc0000 },
		{ "isa-bios at 0xe0000", 0xe0000 },
		{ "pc.bios at 0xfffe0000", 0xfffe0000 },
	};
	u8 *rom, *bios_host;
	unsigned int i;
	int status;

	ktap_print_header();
	if (!have_kvm())
		ktap_skip_all("/dev/kvm is not available");
	vmm_guest_params(&params, "rom-write");
	vmm_build_inproc(&vmm, &params);
	if (!vmm.kvm.caps.readonly_mem)
		ktap_skip_all("KVM_CAP_READONLY_MEM is not offered");
	ktap_set_plan(ARRAY_SIZE(roms) + 4);

	for (i = 0; i < ARRAY_SIZE(roms); i++) {
		long flags = slot_flags(&vmm.kml, roms[i].start);

		ktap_test_result(flags >= 0 && (flags & KVM_MEM_READONLY),
				 "%s is a KVM_MEM_READONLY slot (flags %ld)",
				 roms[i].name, flags);
	}
	status = vmm_run_guest(&vmm);
	KTAP_EXPECT_EQ(status, 0x21, "guest ran to its debug exit");
	KTAP_EXPECT_EQ(vmm.pcms.as_memory.stats.rom_writes_dropped, 3,
		       "three ROM writes dropped and counted");
	rom = memory_region_get_ram_ptr(&vmm.pcms.pc_rom);
	KTAP_EXPECT_EQ(rom[0x10], 0, "pc.rom byte unchanged");
	bios_host = memory_region_get_ram_ptr(&vmm.pcms.bios);
	ktap_test_result(bios_host[0x10] == 0xf4 &&
			 bios_host[0x10010] == 0xf4,
			 "BIOS bytes unchanged at 0xfffe0010 (0x%02x) and "
			 "0xffff0010 (0x%02x)", bios_host[0x10],
			 bios_host[0x10010]);
	vmm_teardown(&vmm);
	vmm_params_free(&params);
	ktap_finished();
}
