// SPDX-License-Identifier: GPL-2.0
/*
 * Bad input to build/vmm: exit status 1 and exactly one line on stderr
 * that names the problem (the option and the value), nothing on stdout,
 * no crash.  Every input is checked before /dev/kvm is opened, so this
 * runs on hosts without KVM too.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ktap.h"
#include "vmm_run.h"

static char bios[64], small_bios[64], bad_cfg[64];

static const struct {
	const char	*name;
	const char	*args[8];
	const char	*must_say;	/* part of the one line */
} cases[] = {
	{ "-m 0", { "-m", "0" }, "-m" },
	{ "a size with a bad suffix", { "-m", "4X" }, "4X" },
	{ "RAM beyond the guest-physical address space",
	  { "-m", "16777216G" }, "-m" },
	{ "max-ram-below-4g above 4G", { "-M", "pc,max-ram-below-4g=5G" },
	  "max-ram-below-4g" },
	{ "unknown machine type", { "-M", "foo" }, "foo" },
	{ "missing BIOS file", { "-bios", "/nonexistent/bios.bin" },
	  "/nonexistent/bios.bin" },
	{ "BIOS not a multiple of 64 KiB", { "-bios", small_bios }, "64" },
	{ "max slot size not page-aligned",
	  { "-accel", "kvm,max-slot-size=1000" }, "max-slot-size" },
	{ "max slot size zero", { "-accel", "kvm,max-slot-size=0" },
	  "max-slot-size" },
	{ "--strict-slots not on or off", { "--strict-slots", "maybe" },
	  "maybe" },
	{ "unknown test hook", { "--test-hook", "lost-slot=0x1000" },
	  "lost-slot" },
	{ "test hook without an address", { "--test-hook", "short-slot" },
	  "short-slot" },
	{ "test hook with a bad address", { "--test-hook", "stale-slot=4G" },
	  "4G" },
	{ "--snapshot-io neither uring nor pwrite", { "--snapshot-io", "aio" },
	  "aio" },
	{ "--snapshot-rounds not a number", { "--snapshot-rounds", "-1" },
	  "--snapshot-rounds" },
	{ "--snapshot-then neither continue nor exit",
	  { "--snapshot-then", "pause" }, "pause" },
	{ "--snapshot-to with --dump",
	  { "--snapshot-to", "/tmp/never.snap", "--dump", "slots" },
	  "--snapshot-to" },
	{ "unknown option", { "-foo" }, "-foo" },
	{ "missing argument", { "-m" }, "-m" },
	{ "malformed -readconfig file", { "-readconfig", bad_cfg }, ":3" },
};

static bool write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "w");
	bool ok = f && fwrite(data, 1, len, f) == len;

	if (f)
		fclose(f);
	return ok;
}

int main(void)
{
	static char zero[1000];
	const char *good;
	unsigned int i;

	ktap_print_header();
	ktap_set_plan(ARRAY_SIZE(cases));
	good = make_test_bios(64 * 1024);
	snprintf(bios, sizeof(bios), "%s", good ? good : "");
	snprintf(small_bios, sizeof(small_bios), "/tmp/vmm-small-%d.bin",
		 getpid());
	snprintf(bad_cfg, sizeof(bad_cfg), "/tmp/vmm-bad-%d.cfg", getpid());
	if (!good || !write_file(small_bios, zero, sizeof(zero)) ||
	    !write_file(bad_cfg, "[machine]\n  type = \"pc\"\nthis is not "
			"a key value line\n", 53))
		ktap_exit_fail_msg("cannot write test files in /tmp");

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const char *argv[12] = { 0 };
		struct vmm_result r;
		unsigned int a = 0, j, lines = 0;
		bool ok;

		/* A valid BIOS unless the case is about the BIOS. */
		if (strcmp(cases[i].args[0], "-bios")) {
			argv[a++] = "-bios";
			argv[a++] = bios;
		}
		for (j = 0; cases[i].args[j]; j++)
			argv[a++] = cases[i].args[j];
		argv[a++] = "--dump";
		argv[a++] = "slots";
		if (vmm_run(&r, 20, argv))
			ktap_exit_fail_msg("cannot run vmm");
		for (j = 0; r.err[j]; j++)
			lines += r.err[j] == '\n';
		ok = r.status == 1 && lines == 1 && !r.out[0] &&
		     strstr(r.err, cases[i].must_say);
		if (!ok)
			ktap_print_msg("status %d, %u stderr lines '%s', stdout "
				       "'%.60s'; expected status 1 and one line "
				       "saying '%s'", r.status, lines, r.err,
				       r.out, cases[i].must_say);
		ktap_test_result(ok, "%s: %s", cases[i].name,
				 ok ? strtok(r.err, "\n") : "");
		vmm_result_free(&r);
	}
	unlink(bios);
	unlink(small_bios);
	unlink(bad_cfg);
	ktap_finished();
}
