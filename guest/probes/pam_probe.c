// SPDX-License-Identifier: GPL-2.0
/*
 * pam-probe: remap 0xc0000..0xfffff under a running guest through the
 * host bridge's PAM registers (PCI configuration space, ports 0xcf8 and
 * 0xcfc), and check what each segment reads after every change against
 * the model of lib/pam.h (docs/pam.md).  Each register write is one
 * memory transaction in the VMM, so KVM slots are deleted and added
 * again under the guest, again and again: a kernel that keeps a stale
 * mapping after a slot is deleted shows RAM where ROM must be.
 *
 * 1 pci-host: the bridge is an i440FX or a Q35 MCH, its PAM registers
 *   read 0 at reset, and the isa-bios window is the BIOS's top.
 * 2 rom-writes-dropped: in mode 0 a store to every segment is dropped.
 * 3 pam-walk: each segment in turn: RAM written (mode 3) and read back,
 *   read through mode 1 (a store observed: dropped or not), written in
 *   mode 2 and read through mode 1, back to ROM (mode 0: the snapshot,
 *   a store dropped), RAM still there (mode 3), ROM again; a neighbour
 *   stays ROM throughout.
 * 4 pam-all: all segments at once, RAM, readonly RAM, ROM, RAM again.
 * 5 pam-stress: on every processor at once (fw_cfg FW_CFG_NB_CPUS, at
 *   most 8), fw_cfg opt/probe/pam-flips times each (a hex number,
 *   default 0x100): a random segment among those of its own PAM
 *   registers and a random mode, checked at once.
 * 6 host-stamps: segment 0 and the odd ones as RAM, the even ones as
 *   readonly RAM (so each is a slot of its own), then lib/stamps.h.
 */
#include "fw_cfg.h"
#include "hexlist.h"
#include "ktap.h"
#include "pam.h"
#include "smp.h"
#include "stamps.h"

GUEST_DESC("pam-probe", 6);

#define DEFAULT_FLIPS	0x100

static struct hexlist flips_file __attribute__((section(".noinit")));
static unsigned int ro_writes, ro_stuck;

/* 2: every segment starts as ROM, and ROM drops stores. */
static void check_rom_writes(void)
{
	unsigned int seg;
	bool ok = true;

	for (seg = 0; seg < PAM_SEGMENTS; seg++) {
		ok &= pam_check(seg, "reset");
		ok &= pam_write_dropped(seg);
		ok &= pam_check(seg, "rom-write");
	}
	ktap_result(ok, "rom-writes-dropped");
}

/* Mode 1 reads RAM; whether it drops a store is only observed. */
static bool read_only_ram(unsigned int seg, const char *step)
{
	bool ok = pam_set(seg, PAM_RO) && pam_check(seg, step);

	ro_writes++;
	ro_stuck += !pam_write_dropped(seg);
	return ok;
}

static bool walk_segment(unsigned int seg)
{
	unsigned int other = seg ? seg - 1 : 1;
	bool ok = pam_set(seg, PAM_RW);

	pam_fill(seg);
	ok &= pam_check(seg, "write-ram");
	ok &= read_only_ram(seg, "read-ram");
	ok &= pam_set(seg, PAM_WO);
	pam_fill(seg);
	ok &= read_only_ram(seg, "read-written");
	ok &= pam_set(seg, PAM_PCI) && pam_check(seg, "back-to-rom");
	ok &= pam_write_dropped(seg) && pam_check(seg, "rom-write");
	ok &= pam_set(seg, PAM_RW) && pam_check(seg, "ram-kept");
	ok &= pam_set(seg, PAM_PCI) && pam_check(seg, "rom-again");
	return ok & pam_check(other, "neighbour");
}

/* 3: one segment at a time, the others ROM. */
static void check_walk(void)
{
	unsigned int seg;
	bool ok = true;

	for (seg = 0; seg < PAM_SEGMENTS; seg++)
		ok &= walk_segment(seg);
	ktap_diag("pam-ro-writes %u stuck %u", ro_writes, ro_stuck);
	ktap_result(ok, "pam-walk");
}

static bool check_all(const char *step)
{
	unsigned int seg;
	bool ok = true;

	for (seg = 0; seg < PAM_SEGMENTS; seg++)
		ok &= pam_check(seg, step);
	return ok;
}

/* 4: all thirteen together, so slots merge with the RAM around them. */
static void check_all_segments(void)
{
	unsigned int seg;
	bool ok = pam_set_all(PAM_RW);

	for (seg = 0; seg < PAM_SEGMENTS; seg++)
		pam_fill(seg);
	ok &= check_all("all-ram");
	ok &= pam_set_all(PAM_RO) && check_all("all-readonly");
	ok &= pam_set_all(PAM_PCI) && check_all("all-rom");
	ok &= pam_set_all(PAM_RW) && check_all("all-ram-kept");
	ok &= pam_set_all(PAM_PCI) && check_all("all-rom-again");
	ktap_result(ok, "pam-all");
}

static unsigned int nr_cpus, nr_flips;
static volatile u32 cpu_failed[GUEST_MAX_CPUS];

static u64 rng(u64 *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

static unsigned int read_flips(void)
{
	int r = hexlist_read("opt/probe/pam-flips", &flips_file);

	if (r || flips_file.nr != 1)
		return DEFAULT_FLIPS;
	return (unsigned int)flips_file.addr[0];
}

/*
 * One processor's flips: a random segment among those of the PAM
 * registers it owns (register r belongs to processor r % cpus, so no
 * two change one register), a random mode, checked at once.
 */
static unsigned int stress(unsigned int cpu)
{
	u64 state = 0x6d656d736c6f7473ULL ^ mix64(cpu + 1);
	unsigned int segs[PAM_SEGMENTS], n = 0, seg, i, failed = 0;

	for (seg = 0; seg < PAM_SEGMENTS; seg++)
		if (pam_seg_register(seg) % nr_cpus == cpu)
			segs[n++] = seg;
	for (i = 0; n && i < nr_flips; i++) {
		enum pam_mode mode;
		bool ok;

		seg = segs[rng(&state) % n];
		mode = (enum pam_mode)(rng(&state) % 4);
		ok = pam_set(seg, mode) && pam_check(seg, "flip");
		if (mode == PAM_RW || mode == PAM_WO)
			pam_fill(seg);
		if (mode == PAM_RW)
			ok &= pam_check(seg, "flip-fill");
		failed += !ok;
	}
	return failed;
}

static void stress_ap(unsigned int cpu)
{
	cpu_failed[cpu] = stress(cpu);
}

/* 5: on every processor at once; then ROM everywhere. */
static void check_stress(void)
{
	unsigned int started, cpu, failed;

	nr_flips = read_flips();
	nr_cpus = MIN(MAX(fw_cfg_read_u16(FW_CFG_NB_CPUS), 1u),
		      (unsigned int)GUEST_MAX_CPUS);
	started = smp_start(nr_cpus, stress_ap);
	failed = stress(0);
	smp_wait();
	for (cpu = 1; cpu < nr_cpus; cpu++)
		failed += cpu_failed[cpu];
	ktap_diag("pam-flips %u cpus %u started %u fail %u", nr_flips,
		  nr_cpus, started + 1, failed);
	ktap_result(!failed && started + 1 == nr_cpus &&
		    pam_set_all(PAM_PCI) && check_all("after-flips"),
		    "pam-stress");
}

/* 6: RAM and readonly RAM in turn, then the stamps of lib/stamps.h. */
static void stamp_segments(void)
{
	unsigned int seg;
	bool ok = true;

	for (seg = 0; seg < PAM_SEGMENTS; seg++) {
		bool ram = !seg || (seg & 1);

		ok &= pam_set(seg, ram ? PAM_RW : PAM_RO);
		if (ram)
			pam_fill(seg);
		ok &= pam_check(seg, "stamped");
	}
	ktap_diag("pam-stores %u", pam_stores());
	if (!ok) {
		ktap_result(false, "host-stamps");
		return;
	}
	stamps_case();
}

void guest_main(void)
{
	if (!pam_init()) {
		ktap_result(false, "pci-host");
		return;	/* ktap_status() reports the plan short */
	}
	ktap_result(true, "pci-host");
	check_rom_writes();
	check_walk();
	check_all_segments();
	check_stress();
	stamp_segments();
}
