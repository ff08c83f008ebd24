// SPDX-License-Identifier: GPL-2.0
/*
 * cpus_pause() really holds the vCPUs (vmm/cpu/cpus_pause.c): two vCPUs
 * of the dirtier write stamps without end (continuous=1) into 2 MiB of
 * RAM, each stamp different from the last (guest/README.md).  Twenty
 * times: pause, copy the stamps, wait 20 ms, and nothing may have
 * changed; resume, and the stamps must change again.  Nested
 * pauses hold until the last resume.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dirtier_host.h"
#include "ktap.h"
#include "vmm_inproc.h"
#include "vmm_run.h"

#define RAM_SIZE	(16ULL << 20)
#define AREA_BASE	(8ULL << 20)
#define AREA_SIZE	(2ULL << 20)
#define MAILBOX		(15ULL << 20)
#define TIMES		20

static u8 copy[AREA_SIZE];

static void sleep_ms(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&t, NULL);
}

/* The area's bytes differ from the copy. */
static bool changed(const u8 *area)
{
	return memcmp(area, copy, AREA_SIZE) != 0;
}

/* Resumed: the stamps change (10 s at most: liveness, not a timing). */
static bool runs_again(const u8 *area)
{
	int i;

	for (i = 0; i < 1000 && !changed(area); i++)
		sleep_ms(10);
	return changed(area);
}

/* Held by @depth pauses: 20 ms without a change; then resumed. */
static bool held(struct cpus *cpus, const u8 *area, int depth)
{
	bool still;
	int i;

	for (i = 0; i < depth; i++)
		cpus_pause(cpus);
	memcpy(copy, area, AREA_SIZE);
	sleep_ms(20);
	still = !changed(area);
	for (i = depth; i > 1; i--)
		cpus_resume(cpus);
	/* One pause left when nested: still held. */
	if (depth > 1) {
		sleep_ms(20);
		still &= !changed(area);
	}
	cpus_resume(cpus);
	return still;
}

int main(void)
{
	static struct vmm_params params;
	static struct vmm vmm;
	struct dirtier_config cfg = {
		.seed = 3, .base = AREA_BASE, .size = AREA_SIZE, .pages = 256,
		.mailbox = MAILBOX, .continuous = true,
	};
	struct dirtier_mbox mb = { 0 };
	unsigned int i, held_ok = 0, ran_ok = 0;
	const u8 *area;

	ktap_print_header();
	if (!have_kvm())
		ktap_skip_all("/dev/kvm is not available");
	ktap_set_plan(3);
	dirtier_params(&params, RAM_SIZE, 2, &cfg);
	vmm_build_inproc(&vmm, &params);
	area = guest_host_ptr(&vmm, AREA_BASE);
	if (vmm_start_guest(&vmm) || dirtier_wait_ready(&vmm, &cfg, &mb))
		ktap_exit_fail_msg("the dirtier did not start");
	dirtier_go(&mb, 1);
	for (i = 0; i < TIMES; i++) {
		held_ok += held(&vmm.cpus, area, 1);
		ran_ok += runs_again(area);
	}
	ktap_test_result(held_ok == TIMES, "held: no stamp changed in %u of "
			 "%d pauses", held_ok, TIMES);
	ktap_test_result(ran_ok == TIMES, "resumed: the stamps changed again "
			 "after %u of %d", ran_ok, TIMES);
	ktap_test_result(held(&vmm.cpus, area, 3) && runs_again(area),
			 "nested pauses hold until the last resume");
	if (dirtier_finish(&vmm, &mb) != 1)
		ktap_print_msg("guest: %s", vmm.cpus.msg);
	vmm_teardown(&vmm);
	vmm_params_free(&params);
	ktap_finished();
}
