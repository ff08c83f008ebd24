// SPDX-License-Identifier: GPL-2.0
/*
 * Snapshots that must not restore, and a snapshot that must not be
 * written.  A good file comes from `build/vmm --snapshot-to` (the
 * dirtier running free) and restores, so does one written with plain
 * pwrite(2) and no O_DIRECT; then copies of the first, truncated,
 * with one byte flipped in a page or in the header, and the good file
 * under other machine options, must each end `build/vmm --restore` with
 * status 1 and one line naming the fault, and, restored in-process,
 * leave the VM without a single vCPU.  A snapshot to a tmpfs too small
 * for it (mounted in a private mount namespace) must fail with ENOSPC
 * in one line and leave nothing behind, neither the file nor its
 * temporary.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ktap.h"
#include "migration/snapshot.h"
#include "util/error.h"
#include "vmm_inproc.h"
#include "vmm_run.h"

#define CONFIG	"seed=0x77\nbase=0x800000\nsize=0x2000000\npages=512\n" \
		"rounds=0\n"
#define TMPFS_SIZE	"256k"	/* less than any snapshot of 64M */

static char dir[] = "/tmp/snapshot_fault_test.XXXXXX";
static char good[256];

/* build/vmm with the dirtier's options; -m and the config may differ. */
static void vmm_cli(struct vmm_result *r, const char *mem, const char *config,
		    const char *const *more)
{
	char bios[4096], fw[512];
	const char *argv[] = {
		"-m", mem, "-bios", guest_image(bios, sizeof(bios), "dirtier"),
		"-device", "isa-debug-exit", "-serial", "none",
		"-fw_cfg", fw, NULL,
	};

	snprintf(fw, sizeof(fw), "name=opt/dirtier/config,string=%s", config);
	if (vmm_run_more(r, 120, argv, more))
		ktap_exit_fail_msg("cannot run build/vmm");
}

static void params(struct vmm_params *p, const char *config)
{
	struct fw_cfg_item *f;

	vmm_guest_params(p, "dirtier");
	p->machine.ram_size = 64ULL << 20;
	f = &p->machine.fw_cfg[p->machine.nr_fw_cfg++];
	f->name = strdup("opt/dirtier/config");
	f->string = strdup(config);
}

static unsigned int lines(const char *s)
{
	unsigned int n = 0;

	for (; s && *s; s++)
		n += *s == '\n';
	return n;
}

/*
 * Restored in-process: the loader's error contains @want, and no vCPU
 * was created.  Then through build/vmm: status 1, one line with @want.
 */
static void expect_refused(const char *what, const char *path, const char *mem,
			   const char *config, const char *want)
{
	static struct vmm_params p;
	static struct vmm vmm;
	struct snapshot_image *img = NULL;
	const char *more[] = { "--restore", path, "--timeout", "10", NULL };
	struct vmm_result r;
	char err[512] = "";
	bool refused, cpus;
	int ret;

	params(&p, config);
	p.machine.ram_size = strcmp(mem, "64M") ? 128ULL << 20 : 64ULL << 20;
	memset(&vmm, 0, sizeof(vmm));
	vmm_build_inproc(&vmm, &p);
	ret = snapshot_restore_ram(&vmm, path, &img);
	snprintf(err, sizeof(err), "%s", ret ? error_get() : "");
	refused = ret && strstr(err, want);
	cpus = vmm.have_cpus;
	snapshot_image_free(img);
	vmm_teardown(&vmm);
	vmm_params_free(&p);
	vmm_cli(&r, mem, config, more);
	ktap_print_msg("%s: in-process: %s", what, err);
	vmm_result_show(what, &r);
	ktap_test_result(refused && !cpus && r.status == 1 &&
			 lines(r.err) == 1 && strstr(r.err, want) &&
			 !r.out[0], "%s: refused (%s), status 1, one line, no "
			 "vCPU", what, want);
	vmm_result_free(&r);
}

static void copy_file(const char *from, const char *to)
{
	char *cmd;

	if (asprintf(&cmd, "cp '%s' '%s'", from, to) < 0 || system(cmd))
		ktap_exit_fail_msg("cannot copy %s", from);
	free(cmd);
}

static void flip_byte(const char *path, off_t at)
{
	int fd = open(path, O_RDWR);
	u8 b;

	if (fd < 0 || pread(fd, &b, 1, at) != 1)
		ktap_exit_fail_msg("cannot read %s", path);
	b ^= 0x40;
	if (pwrite(fd, &b, 1, at) != 1)
		ktap_exit_fail_msg("cannot write %s", path);
	close(fd);
}

static off_t file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) ? -1 : st.st_size;
}

/* Entries of @d besides . and .. */
static unsigned int dir_entries(const char *d)
{
	DIR *dp = opendir(d);
	struct dirent *e;
	unsigned int n = 0;

	while (dp && (e = readdir(dp)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	if (dp)
		closedir(dp);
	return n;
}

/* 1, 2: the good file, written and restored through build/vmm. */
static bool make_good(void)
{
	const char *snap[] = { "--snapshot-to", good, "--snapshot-after",
			       "200", "--snapshot-then", "exit", NULL };
	const char *restore[] = { "--restore", good, "--timeout", "2", NULL };
	struct vmm_result r;
	bool ok;

	vmm_cli(&r, "64M", CONFIG, snap);
	vmm_result_show("snapshot", &r);
	ok = r.status == 0 && strstr(r.err, "snapshot ") &&
	     strstr(r.err, " rounds ") && file_size(good) > 0 &&
	     dir_entries(dir) == 1;
	ktap_test_result(ok, "--snapshot-to: status 0, a line of statistics, "
			 "the file and nothing else");
	vmm_result_free(&r);
	vmm_cli(&r, "64M", CONFIG, restore);
	vmm_result_show("restore", &r);
	/* The guest writes forever: it ran until --timeout, unharmed. */
	ktap_test_result(r.status == 124 && strstr(r.err, "restore ") &&
			 !strstr(r.err, "vmm: snapshot"), "--restore of it: the "
			 "guest goes on until --timeout");
	vmm_result_free(&r);
	return ok;
}

/* 3: the reference writer, buffered, makes a file that restores too. */
static void pwrite_snapshot(void)
{
	char path[300];
	const char *snap[] = { "--snapshot-to", path, "--snapshot-io",
			       "pwrite", "--snapshot-buffered",
			       "--snapshot-then", "exit", NULL };
	const char *restore[] = { "--restore", path, "--timeout", "2", NULL };
	struct vmm_result r, q;

	snprintf(path, sizeof(path), "%s/pwrite.snap", dir);
	vmm_cli(&r, "64M", CONFIG, snap);
	vmm_result_show("snapshot --snapshot-io pwrite", &r);
	vmm_cli(&q, "64M", CONFIG, restore);
	vmm_result_show("restore", &q);
	ktap_test_result(r.status == 0 && strstr(r.err, " io pwrite,") &&
			 strstr(r.err, ",buffered ") && q.status == 124 &&
			 strstr(q.err, "restore "), "--snapshot-io pwrite "
			 "--snapshot-buffered: written, and it restores");
	vmm_result_free(&r);
	vmm_result_free(&q);
	unlink(path);
}

static void bad_copies(void)
{
	char path[300];
	off_t size = file_size(good);

	snprintf(path, sizeof(path), "%s/bad.snap", dir);
	copy_file(good, path);
	if (truncate(path, (size / 2) & ~4095L))
		ktap_exit_fail_msg("truncate %s", path);
	expect_refused("truncated", path, "64M", CONFIG, "incomplete");
	copy_file(good, path);
	flip_byte(path, size / 2 + 100);
	expect_refused("a byte flipped in the middle", path, "64M", CONFIG,
		       "corrupt: checksum");
	copy_file(good, path);
	flip_byte(path, 70);
	expect_refused("a byte flipped in the header", path, "64M", CONFIG,
		       "corrupt: checksum");
	unlink(path);
	expect_refused("other -m", good, "128M", CONFIG,
		       "other machine options: ram-size");
	expect_refused("other fw_cfg content", good, "64M",
		       "seed=0x78\nbase=0x800000\nsize=0x2000000\npages=512\n"
		       "rounds=0\n", "fw_cfg.opt/dirtier/config");
}

/* A tmpfs of TMPFS_SIZE at @mnt that only this process (and its
 * children) sees; NULL, or why not. */
static const char *private_tmpfs(const char *mnt)
{
	static char why[256];

	if (unshare(CLONE_NEWNS) ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mkdir(mnt, 0700) ||
	    mount("tmpfs", mnt, "tmpfs", 0, "size=" TMPFS_SIZE)) {
		snprintf(why, sizeof(why), "cannot mount a tmpfs in a private "
			 "mount namespace: %s", strerror(errno));
		return why;
	}
	return NULL;
}

/* In-process: the guest writes, the snapshot meets ENOSPC midway. */
static void enospc_inproc(const char *mnt)
{
	static struct vmm_params p;
	static struct vmm vmm;
	struct snapshot_params sp;
	struct snapshot_stats st;
	char path[400], err[512];
	int ret;

	snprintf(path, sizeof(path), "%s/s.snap", mnt);
	params(&p, CONFIG);
	memset(&vmm, 0, sizeof(vmm));
	vmm_build_inproc(&vmm, &p);
	snapshot_params_init(&sp, path);
	ret = vmm_start_guest(&vmm);
	if (!ret) {
		usleep(200 * 1000);
		ret = snapshot_save(&vmm, &sp, &st);
		snprintf(err, sizeof(err), "%s", ret ? error_get() : "");
		cpus_stop(&vmm.cpus, VMM_EXIT_GUEST_ERROR, "ended by the test");
		vmm_wait_guest(&vmm);
	}
	ktap_print_msg("in-process: %d %s; %llu writes (%llu short) before",
		       ret, err, (unsigned long long)st.io.writes,
		       (unsigned long long)st.io.short_writes);
	ktap_test_result(ret == -ENOSPC && strstr(err, "No space left") &&
			 !strchr(err, '\n') && st.io.writes > 0 &&
			 dir_entries(mnt) == 0, "ENOSPC midway: -ENOSPC, one "
			 "line, neither the file nor its temporary left");
	vmm_teardown(&vmm);
	vmm_params_free(&p);
}

static void enospc_cli(const char *mnt)
{
	char path[400];
	const char *more[] = { "--snapshot-to", path, "--snapshot-after",
			       "200", "--snapshot-then", "exit", NULL };
	struct vmm_result r;

	snprintf(path, sizeof(path), "%s/c.snap", mnt);
	vmm_cli(&r, "64M", CONFIG, more);
	vmm_result_show("snapshot to a full tmpfs", &r);
	ktap_test_result(r.status == 1 && lines(r.err) == 1 &&
			 strstr(r.err, "No space left") &&
			 dir_entries(mnt) == 0, "ENOSPC through build/vmm: "
			 "status 1, one line, nothing left");
	vmm_result_free(&r);
}

static void enospc(void)
{
	char mnt[300];
	const char *why;

	snprintf(mnt, sizeof(mnt), "%s/tmpfs", dir);
	why = private_tmpfs(mnt);
	if (why) {
		ktap_test_skip("%s", why);
		ktap_test_skip("%s", why);
		return;
	}
	enospc_inproc(mnt);
	enospc_cli(mnt);
	/*
	 * Lazily: the kernel tears an io_uring down after its close, and
	 * until then its registered file keeps the tmpfs busy.
	 */
	if (umount2(mnt, MNT_DETACH) || rmdir(mnt))
		ktap_print_msg("cannot remove %s: %s", mnt, strerror(errno));
}

static void cleanup(void)
{
	unlink(good);
	rmdir(dir);
}

int main(void)
{
	ktap_print_header();
	if (!have_kvm())
		ktap_skip_all("/dev/kvm is not available");
	ktap_set_plan(10);
	if (!mkdtemp(dir))
		ktap_exit_fail_msg("mkdtemp %s", dir);
	atexit(cleanup);
	snprintf(good, sizeof(good), "%s/good.snap", dir);
	if (make_good()) {
		pwrite_snapshot();
		bad_copies();
	} else {
		for (int i = 0; i < 6; i++)
			ktap_test_result(false, "no good snapshot to start "
					 "from");
	}
	enospc();
	ktap_finished();
}
