// SPDX-License-Identifier: GPL-2.0
/*
 * vmtest-init: PID 1 of the VM that scripts/vmtest.sh boots.
 *
 * It loads the modules the runner put in the initramfs (in dependency
 * order, /modules.load), mounts the host's root file system (9p, tag
 * "hostroot", read-only) under an overlay whose upper layer is in RAM,
 * checks that /dev/kvm really makes a VM, and runs the command of
 * /vmtest/cmd with `sh -c` chrooted into that overlay, its output on
 * /dev/ttyS1 (the host's stdout).  Everything it has to say to the
 * runner goes to /dev/console (ttyS0, the kernel log the host keeps) as
 * lines that start with "vmtest-init: ":
 *
 *   vmtest-init: started          the command is about to run
 *   vmtest-init: status N         the command ended with N (128 + signal)
 *   vmtest-init: nokvm REASON     KVM cannot make a VM in this kernel
 *   vmtest-init: fatal REASON     the VM could not be set up
 *
 * then it powers the VM off.  It is a static program, the only one in the
 * initramfs: no shell exists before the host root is mounted.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#define NEWROOT		"/newroot"
#define LOWER		"/lower"
#define RW		"/rw"
#define CMD_FILE	"/vmtest/cmd"
#define RW_FILE		"/vmtest/rw"
#define MODULES_LOAD	"/modules.load"
#define CMD_TTY		"/dev/ttyS1"

static void say(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n, fd;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > (int)sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	fd = open("/dev/console", O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		fd = 2;
	if (write(fd, "vmtest-init: ", 13) == 13 && write(fd, line, n) == n)
		fsync(fd);
	if (fd != 2)
		close(fd);
}

static void __attribute__((noreturn)) power_off(void)
{
	sync();
	reboot(RB_POWER_OFF);
	/* Only reached if the kernel refused: -no-reboot ends the VM then. */
	reboot(RB_AUTOBOOT);
	for (;;)
		pause();
}

static void __attribute__((noreturn)) fatal(const char *what, int err)
{
	say("fatal %s: %s", what, strerror(err));
	power_off();
}

static void must_mount(const char *src, const char *dst, const char *type,
		       unsigned long flags, const char *opts)
{
	char what[4400];

	mkdir(dst, 0755);
	if (mount(src, dst, type, flags, opts) == 0)
		return;
	snprintf(what, sizeof(what), "mount %s (%s) on %s", src, type, dst);
	fatal(what, errno);
}

/* finit_module() the file; EEXIST (loaded already) is no error. */
static void load_module(const char *path, const char *params)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		say("module %s: %s", path, strerror(errno));
		return;
	}
	if (syscall(SYS_finit_module, fd, params, 0) && errno != EEXIST)
		say("module %s: %s", path, strerror(errno));
	close(fd);
}

/*
 * Each line of /modules.load is "PATH [PARAMS]", dependencies first.  A
 * module that fails (kvm-intel on an AMD CPU) is reported and skipped:
 * whether KVM works is decided by check_kvm(), not by a module list.
 */
static void load_modules(void)
{
	char line[1024];
	FILE *f = fopen(MODULES_LOAD, "re");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *params = strchr(line, ' ');

		line[strcspn(line, "\n")] = '\0';
		if (params)
			*params++ = '\0';
		if (*line)
			load_module(line, params ? params : "");
	}
	fclose(f);
}

/* The host's root, read-only, under an overlay that takes the writes. */
static void mount_root(void)
{
	char opts[256];

	must_mount("hostroot", LOWER, "9p", MS_RDONLY,
		   "trans=virtio,version=9p2000.L,msize=262144,cache=loose");
	must_mount("rw", RW, "tmpfs", 0, "mode=0755");
	mkdir(RW "/upper", 0755);
	mkdir(RW "/work", 0755);
	snprintf(opts, sizeof(opts),
		 "lowerdir=%s,upperdir=%s/upper,workdir=%s/work",
		 LOWER, RW, RW);
	must_mount("overlay", NEWROOT, "overlay", 0, opts);
	must_mount("proc", NEWROOT "/proc", "proc", 0, NULL);
	must_mount("sysfs", NEWROOT "/sys", "sysfs", 0, NULL);
	must_mount("devtmpfs", NEWROOT "/dev", "devtmpfs", 0, NULL);
	must_mount("devpts", NEWROOT "/dev/pts", "devpts", 0, NULL);
	must_mount("shm", NEWROOT "/dev/shm", "tmpfs", 0, NULL);
	/*
	 * No fresh tmpfs on /tmp or /run: the command's directory may be
	 * there (a CI checkout in /tmp); the overlay already keeps their
	 * writes in RAM.
	 */
}

/*
 * Host directories shared writable (vmtest.sh --rw): /vmtest/rw lists
 * "TAG PATH", one a line; each is mounted over PATH in the new root so
 * that what the command writes there reaches the host.
 */
static void mount_rw_shares(void)
{
	char line[4200], tag[64], path[4096], dst[4200];
	FILE *f = fopen(RW_FILE, "re");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%63s %4095[^\n]", tag, path) != 2)
			continue;
		snprintf(dst, sizeof(dst), NEWROOT "%s", path);
		must_mount(tag, dst, "9p", 0,
			   "trans=virtio,version=9p2000.L,msize=262144");
	}
	fclose(f);
}

/* KVM is usable when a VM can be created, not when /dev/kvm exists. */
static int check_kvm(char *why, size_t len)
{
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC), vm, ver;

	if (fd < 0) {
		snprintf(why, len, "/dev/kvm: %s (kvm modules not loaded or "
			 "no VMX/SVM in this VM's CPU)", strerror(errno));
		return -1;
	}
	ver = ioctl(fd, KVM_GET_API_VERSION, 0);
	vm = ioctl(fd, KVM_CREATE_VM, 0);
	if (ver != KVM_API_VERSION || vm < 0) {
		snprintf(why, len, "KVM_GET_API_VERSION %d, KVM_CREATE_VM: %s",
			 ver, vm < 0 ? strerror(errno) : "ok");
		close(fd);
		return -1;
	}
	close(vm);
	close(fd);
	return 0;
}

static char *read_file(const char *path)
{
	static char buf[1 << 16];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		fatal(path, errno);
	n = read(fd, buf, sizeof(buf) - 1);
	if (n < 0)
		fatal(path, errno);
	buf[n] = '\0';
	close(fd);
	return buf;
}

/* The second serial port, raw: bytes reach the host as written. */
static int open_cmd_tty(void)
{
	struct termios t;
	int fd = open(CMD_TTY, O_WRONLY | O_NOCTTY | O_CLOEXEC);

	if (fd < 0)
		fatal(CMD_TTY, errno);
	if (tcgetattr(fd, &t) == 0) {
		cfmakeraw(&t);
		tcsetattr(fd, TCSANOW, &t);
	}
	return fd;
}

/*
 * The command writes into a pipe, not the tty: on a tty, programs such as
 * prove switch to interactive progress output.  Returns the pipe's read
 * end; *pid is the command.
 */
static int start_command(const char *script, pid_t *pid)
{
	char *const argv[] = { "sh", "-c", (char *)script, NULL };
	char *const envp[] = {
		"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:"
		"/sbin:/bin", "HOME=/root", "TERM=dumb", "VMTEST=1", NULL };
	int p[2];

	if (pipe2(p, O_CLOEXEC))
		fatal("pipe", errno);
	*pid = fork();
	if (*pid < 0)
		fatal("fork", errno);
	if (*pid) {
		close(p[1]);
		return p[0];
	}
	setsid();
	if (chroot(NEWROOT) || chdir("/"))
		_exit(125);
	dup2(open("/dev/null", O_RDONLY), 0);
	dup2(p[1], 1);
	dup2(p[1], 2);
	execve("/bin/sh", argv, envp);
	_exit(127);
}

/* Copy what is there; false at end of file (every writer gone). */
static bool relay(int from, int to, int wait_ms)
{
	struct pollfd pfd = { .fd = from, .events = POLLIN };
	char buf[4096];
	ssize_t n;

	if (poll(&pfd, 1, wait_ms) <= 0)
		return true;
	n = read(from, buf, sizeof(buf));
	if (n <= 0)
		return n < 0 && errno == EINTR;
	if (write(to, buf, n) != n)
		return true;
	return true;
}

/*
 * PID 1 relays the output and reaps every orphan until the command ends;
 * then what it left running is killed and the rest of the output drained.
 */
static int run_command(const char *script)
{
	int tty = open_cmd_tty(), out, st, status = -1;
	pid_t cmd, p;

	out = start_command(script, &cmd);
	while (status < 0) {
		relay(out, tty, 100);
		while ((p = waitpid(-1, &st, WNOHANG)) > 0)
			if (p == cmd)
				status = WIFEXITED(st) ? WEXITSTATUS(st) :
					 128 + WTERMSIG(st);
	}
	kill(-1, SIGKILL);
	while (relay(out, tty, 1000))
		while (waitpid(-1, &st, WNOHANG) > 0)
			;
	tcdrain(tty);
	return status;
}

/*
 * Test-only: "vmtest.hang-boot" on the kernel command line stops here, as
 * a boot that never reaches its command would (the runner's own test of
 * its status 121, independent of how fast the machine boots).
 */
static void maybe_hang_boot(void)
{
	char line[4096] = "";
	int fd = open("/proc/cmdline", O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		if (read(fd, line, sizeof(line) - 1) < 0)
			line[0] = '\0';
		close(fd);
	}
	while (strstr(line, "vmtest.hang-boot"))
		pause();
}

int main(void)
{
	char why[256];
	char *script;
	int status;

	must_mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	must_mount("proc", "/proc", "proc", 0, NULL);
	must_mount("sysfs", "/sys", "sysfs", 0, NULL);
	load_modules();
	mount_root();
	mount_rw_shares();
	script = read_file(CMD_FILE);
	if (!access("/vmtest/need-kvm", F_OK) && check_kvm(why, sizeof(why))) {
		say("nokvm %s", why);
		power_off();
	}
	maybe_hang_boot();
	say("started");
	status = run_command(script);
	say("status %d", status);
	power_off();
}
