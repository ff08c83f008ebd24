// SPDX-License-Identifier: GPL-2.0
/*
 * The same minimal ROM boots under build/vmm and under
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

/* Print "hello\n" on COM1 (polling LSR.THRE), then debug-exit 0x10. */
static const u8 hello[] = {
	0xbe, 0x20, 0xff,	/* mov si, msg (CS:0xff20) */
	0x2e, 0x8a, 0x1c,	/* next: mov bl, [cs:si] */
	0x84, 0xdb,		/* test bl, bl */
	0x74, 0x11,		/* jz done */
	0xba, 0xfd, 0x03,	/* wait: mov dx, 0x3fd */
	0xec,			/* in al, dx */
	0xa8, 0x20,		/* test al, 0x20 */
	0x74, 0xf8,		/* jz wait */
	0xba, 0xf8, 0x03,	/* mov dx, 0x3f8 */
	0x88, 0xd8,		/* mov al, bl */
	0xee,			/* out dx, al */
	0x46,			/* inc si */
	0xeb, 0xe8,		/* jmp next */
	0xb0, 0x10,		/* done: mov al, 0x10 */
	0xe6, 0xf4,		/* out 0xf4, al */
	0xf4,			/* hlt */
	/* msg, right after the 32 bytes of code: */
	'h', 'e', 'l', 'l', 'o', '\n', 0,
};

int main(void)
{
	const char *bios;
	struct vmm_result v, q;
	char why[256];

	ktap_print_header();
	if (!have_kvm())
		ktap_skip_all("/dev/kvm is not available");
	ktap_set_plan(3);
	bios = make_test_bios_code(64 * 1024, hello, sizeof(hello));
	if (!bios)
		ktap_exit_fail_msg("cannot write the guest image in /tmp");
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
	unlink(bios);
	ktap_finished();
}
