// SPDX-License-Identifier: GPL-2.0
/*
 * The same minimal ROM (guest/hello/hello.S: "hello" on COM1, debug
 * exit 0x10, in real mode without RAM) boots under build/vmm and under
 * qemu-system-x86_64 -bios with the same options, and both print the same
 * serial output and end with the same status: the reset vector, the
 * serial port and isa-debug-exit behave as QEMU's.  A QEMU ($QEMU) that
 * could not start skips the comparison with its error line.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ktap.h"
#include "vmm_run.h"

int main(void)
{
	char bios[4096];
	struct vmm_result v, q;
	char why[256];

	ktap_print_header();
	if (!have_kvm())
		ktap_skip_all("/dev/kvm is not available");
	ktap_set_plan(3);
	guest_image(bios, sizeof(bios), "hello");
	if (access(bios, R_OK))
		ktap_exit_fail_msg("%s is missing: run make", bios);
	{
		const char *argv[] = {
			"-enable-kvm", "-M", "pc", "-m", "128M", "-bios", bios,
			"-device", "isa-debug-exit,iobase=0xf4,iosize=4",
			"-serial", "stdio", "-display", "none", NULL,
		};

		if (vmm_run(&v, 30, argv))
			ktap_exit_fail_msg("cannot run vmm");
	}
	ktap_test_result(v.status == 0x21 && !strcmp(v.out, "hello\n"),
			 "vmm: 'hello' and status 0x21 (got status %d, '%s')",
			 v.status, v.out);
	if (!have_qemu()) {
		ktap_test_skip("qemu-system-x86_64 is not installed");
		ktap_test_skip("qemu-system-x86_64 is not installed");
		goto out;
	}
	{
		const char *argv[] = {
			qemu_binary(), "-enable-kvm", "-M", "pc",
			"-m", "128M", "-bios", bios, "-device",
			"isa-debug-exit,iobase=0xf4,iosize=4",
			"-serial", "stdio", "-display", "none", NULL,
		};

		if (run_program(&q, 60, argv))
			ktap_exit_fail_msg("cannot run %s", qemu_binary());
	}
	if (qemu_failed_to_start(&q, why, sizeof(why))) {
		ktap_test_skip("serial output: QEMU could not start: %s", why);
		ktap_test_skip("exit status: QEMU could not start: %s", why);
		vmm_result_free(&q);
		goto out;
	}
	if (strcmp(v.out, q.out))
		ktap_print_msg("serial: vmm '%s', qemu '%s' (qemu stderr: %s)",
			       v.out, q.out, q.err);
	ktap_test_result(!strcmp(v.out, q.out), "same serial output as QEMU");
	ktap_test_result(v.status == q.status,
			 "same exit status as QEMU (vmm %d, qemu %d)", v.status,
			 q.status);
	vmm_result_free(&q);
out:
	vmm_result_free(&v);
	ktap_finished();
}
