// SPDX-License-Identifier: GPL-2.0
/*
 * A guest write that straddles a slot boundary lands in the right host
 * bytes.  -M pc -m 128M -nodefaults with max-slot-size=512K cuts RAM
 * [0, 0xc0000) into slots [0, 0x80000) and [0x80000, 0xc0000); the
 * guest (guest/realmode/straddle_write.S) stores a dword at 0x7fffe, two
 * bytes on each side, and exits.  The VM is built in-process so that the test reads pc.ram's host
 * memory afterwards.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ktap.h"
#include "util/error.h"
#include "vmm_inproc.h"
#include "vmm_run.h"

int main(void)
{
	static const u8 want[] = { 0x44, 0x33, 0x22, 0x11 };
	static struct vmm_params params;
	static struct vmm vmm;
	const struct kvm_slot *lo, *hi;
	int status, id0 = -1, id1 = -1;
	u8 *ram;

	ktap_print_header();
	if (!have_kvm())
		ktap_skip_all("/dev/kvm is not available");
	ktap_set_plan(3);

	/* -m 128M -nodefaults -accel kvm,max-slot-size=512K */
	vmm_guest_params(&params, "straddle-write");
	params.machine.ram_size = 128 * MiB;
	params.machine.nodefaults = true;
	params.max_slot_size = 512 * KiB;
	vmm_build_inproc(&vmm, &params);

	lo = kvm_slots_find(&vmm.kml, 0x7ffff);
	hi = kvm_slots_find(&vmm.kml, 0x80000);
	if (lo && lo->start_addr == 0 && lo->memory_size == 0x80000)
		id0 = kvm_slots_id(&vmm.kml, lo);
	if (hi && hi->start_addr == 0x80000 && hi->memory_size == 0x40000)
		id1 = kvm_slots_id(&vmm.kml, hi);
	ktap_test_result(id0 >= 0 && id1 >= 0 && id0 != id1,
			 "slots [0, 0x80000) and [0x80000, 0xc0000) exist "
			 "(ids %d, %d)", id0, id1);

	status = vmm_run_guest(&vmm);
	KTAP_EXPECT_EQ(status, 0x21, "guest ran to its debug exit");

	ram = memory_region_get_ram_ptr(&vmm.pcms.ram);
	if (memcmp(ram + 0x7fffe, want, sizeof(want)) ||
	    ram[0x7fffd] || ram[0x80002])
		ktap_print_msg("host bytes 0x7fffd..0x80002: %02x [%02x %02x | "
			       "%02x %02x] %02x", ram[0x7fffd], ram[0x7fffe],
			       ram[0x7ffff], ram[0x80000], ram[0x80001],
			       ram[0x80002]);
	ktap_test_result(!memcmp(ram + 0x7fffe, want, sizeof(want)) &&
			 !ram[0x7fffd] && !ram[0x80002],
			 "a dword across the slot boundary is in pc.ram's host "
			 "bytes 0x7fffe..0x80001, nothing around it");
	vmm_teardown(&vmm);
	vmm_params_free(&params);
	ktap_finished();
}
