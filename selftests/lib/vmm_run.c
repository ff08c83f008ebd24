// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ktap.h"
#include "sanitizer_check.h"
#include "vmm_run.h"

/*
 * The directory this test was built into (the Makefile's BUILD, relative
 * to the source tree or to an installed collection): its vmm and guest
 * images are the ones a test runs, never another build's.  $BUILD, which
 * make check also passes, must agree.
 */
const char *build_dir(void)
{
	const char *b = getenv("BUILD");

	if (b && *b && strcmp(b, VMM_BUILD_DIR))
		ktap_exit_fail_msg("this test was built into %s/, but BUILD=%s:"
				   " run it with its own build (make%s check)",
				   VMM_BUILD_DIR, b,
				   strcmp(VMM_BUILD_DIR, "build-asan") ? "" :
				   " SANITIZE=1");
	return VMM_BUILD_DIR;
}

bool have_kvm(void)
{
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* argv with <build>/vmm in front; @vmm holds the path. */
static void vmm_argv(const char **args, char *vmm, size_t len,
		     const char *const *argv)
{
	unsigned int i;

	snprintf(vmm, len, "%s/vmm", build_dir());
	if (access(vmm, X_OK))
		ktap_exit_fail_msg("%s: %s: run make", vmm, strerror(errno));
	args[0] = vmm;
	for (i = 0; argv[i] && i < 62; i++)
		args[i + 1] = argv[i];
	args[i + 1] = NULL;
}

int vmm_run(struct vmm_result *r, unsigned int limit_s,
	    const char *const *argv)
{
	struct run_job j;
	int ret = vmm_run_start(&j, limit_s, argv);

	if (ret)
		return ret;
	run_program_wait(&j, r);
	return 0;
}

/* An unlinked temporary file for a child's output. */
static int tmp_fd(void)
{
	char path[] = "/tmp/vmm-run.XXXXXX";
	int fd = mkostemp(path, O_CLOEXEC);

	if (fd >= 0)
		unlink(path);
	return fd;
}

int run_program_start(struct run_job *j, unsigned int limit_s,
		      const char *const *argv)
{
	int ret;

	memset(j, 0, sizeof(*j));
	sanitizer_tag_children();
	j->deadline = now() + limit_s;
	j->out = tmp_fd();
	j->err = tmp_fd();
	if (j->out < 0 || j->err < 0)
		goto fail;
	j->pid = fork();
	if (j->pid < 0)
		goto fail;
	if (!j->pid) {
		dup2(j->out, 1);
		dup2(j->err, 2);
		execvp(argv[0], (char *const *)argv);
		fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	return 0;
fail:
	ret = -errno;
	if (j->out >= 0)
		close(j->out);
	if (j->err >= 0)
		close(j->err);
	return ret;
}

int vmm_run_start(struct run_job *j, unsigned int limit_s,
		  const char *const *argv)
{
	const char *args[64];
	char vmm[4096];
	int ret;

	vmm_argv(args, vmm, sizeof(vmm), argv);
	ret = run_program_start(j, limit_s, args);
	j->vmm = !ret;
	return ret;
}

static char *read_fd(int fd)
{
	struct stat st;
	char *buf;

	if (fstat(fd, &st))
		return strdup("");
	buf = calloc(1, st.st_size + 1);
	if (buf && pread(fd, buf, st.st_size, 0) != st.st_size)
		buf[0] = '\0';
	close(fd);
	return buf ? buf : strdup("");
}

void run_program_wait(struct run_job *j, struct vmm_result *r)
{
	struct rusage ru = { 0 };
	int wstatus;

	memset(r, 0, sizeof(*r));
	while (wait4(j->pid, &wstatus, WNOHANG, &ru) == 0) {
		if (now() >= j->deadline) {
			kill(j->pid, SIGKILL);
			r->timed_out = true;
			wait4(j->pid, &wstatus, 0, &ru);
			break;
		}
		usleep(1000);
	}
	r->maxrss_kb = ru.ru_maxrss;
	r->status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) :
		    128 + WTERMSIG(wstatus);
	r->out = read_fd(j->out);
	r->err = read_fd(j->err);
	if (j->vmm)
		sanitizer_check_vmm(j->pid, r);
}

int vmm_run_more(struct vmm_result *r, unsigned int limit_s,
		 const char *const *argv, const char *const *more)
{
	const char *all[64];
	unsigned int n = 0, i;

	for (i = 0; argv[i] && n < ARRAY_SIZE(all) - 1; i++)
		all[n++] = argv[i];
	for (i = 0; more && more[i] && n < ARRAY_SIZE(all) - 1; i++)
		all[n++] = more[i];
	all[n] = NULL;
	return vmm_run(r, limit_s, all);
}

void vmm_result_show(const char *what, const struct vmm_result *r)
{
	ktap_print_msg("%s: status %d; output:", what, r->status);
	ktap_print_lines(r->out);
	ktap_print_lines(r->err);
}

int run_program(struct vmm_result *r, unsigned int limit_s,
		const char *const *argv)
{
	struct run_job j;
	int ret = run_program_start(&j, limit_s, argv);

	if (ret)
		return ret;
	run_program_wait(&j, r);
	return 0;
}

void vmm_result_free(struct vmm_result *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

unsigned int parse_slots(const char *out, struct slot_row *rows,
			 unsigned int max)
{
	const char *line = out;
	unsigned int n = 0;

	while (line && *line && n < max) {
		struct slot_row *s = &rows[n];
		char flags[16];
		unsigned long long start, size, off;

		if (sscanf(line, "%u 0x%llx 0x%llx %15s %63s @0x%llx", &s->id,
			   &start, &size, flags, s->region, &off) == 6) {
			s->start = start;
			s->size = size;
			s->offset = off;
			s->readonly = !strncmp(flags, "ro", 2);
			s->log = strstr(flags, "log") != NULL;
			n++;
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return n;
}

unsigned int parse_e820(const char *out, struct e820_row *rows,
			unsigned int max)
{
	const char *line = out;
	unsigned int n = 0;

	while (line && *line && n < max) {
		unsigned long long start, end;
		unsigned int type;

		if (sscanf(line, "e820 0x%llx 0x%llx %u", &start, &end,
			   &type) == 3) {
			rows[n].start = start;
			rows[n].end = end;
			rows[n].type = type;
			n++;
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return n;
}

const char *make_test_bios(u64 size)
{
	static unsigned int seq;
	static char path[80];
	u8 *img = malloc(size);
	int fd;

	snprintf(path, sizeof(path), "/tmp/vmm-test-bios-%d-%u.bin",
		 (int)getpid(), seq++);
	if (!img)
		return NULL;
	memset(img, 0xf4, size);	/* hlt */
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, img, size) != (ssize_t)size) {
		free(img);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	close(fd);
	free(img);
	return path;
}

const char *guest_image(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/guest/%s.bin", build_dir(), name);
	return buf;
}

char *guest_obs(const char *out, const char *key)
{
	size_t klen = strlen(key), len = 0;
	char *res = calloc(1, strlen(out) + 1);
	const char *p = out;

	while (res && p && *p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p + 1) : strlen(p);

		if (!strncmp(p, "    # ", 6) && !strncmp(p + 6, key, klen) &&
		    (p[6 + klen] == ' ' || p[6 + klen] == '\n')) {
			memcpy(res + len, p + 6, n - 6);
			len += n - 6;
		}
		p = nl ? nl + 1 : NULL;
	}
	return res;
}

long long find_count(const char *text, const char *key)
{
	size_t n = strlen(key);
	const char *p = text;

	while ((p = strstr(p, key))) {
		if ((p == text || p[-1] == '\n' || p[-1] == ' ') && p[n] == ' ')
			return strtoll(p + n + 1, NULL, 0);
		p += n;
	}
	return -1;
}

bool has_line(const char *out, const char *line)
{
	size_t n = strlen(line);
	const char *p = out;

	while ((p = strstr(p, line))) {
		if ((p == out || p[-1] == '\n') &&
		    (p[n] == '\n' || p[n] == '\0'))
			return true;
		p++;
	}
	return false;
}

const char *qemu_binary(void)
{
	const char *qemu = getenv("QEMU");

	return qemu && *qemu ? qemu : "qemu-system-x86_64";
}

bool have_qemu(void)
{
	const char *argv[] = { "sh", "-c", "command -v \"$0\" >/dev/null",
			       qemu_binary(), NULL };
	struct vmm_result r;
	bool ok;

	if (run_program(&r, 10, argv))
		return false;
	ok = r.status == 0;
	vmm_result_free(&r);
	return ok;
}

/* The length of the line at @p, without its "\n" or "\r\n". */
static size_t line_len(const char *p)
{
	size_t n = strcspn(p, "\n");

	return n && p[n - 1] == '\r' ? n - 1 : n;
}

static const char *line_next(const char *p)
{
	p += strcspn(p, "\n");
	return *p ? p + 1 : p;
}

/* Blank, the monitor's greeting, or nothing but its "(qemu)" prompts. */
static bool qemu_quiet_line(const char *p, size_t n)
{
	static const char greeting[] =
		" monitor - type 'help' for more information";
	size_t g = sizeof(greeting) - 1;

	if (n > 5 + g && !strncmp(p, "QEMU ", 5) &&
	    !strncmp(p + n - g, greeting, g))
		return true;
	while (n) {
		size_t skip = n >= 6 && !strncmp(p, "(qemu)", 6) ? 6 :
			      isspace((unsigned char)*p) ? 1 : 0;

		if (!skip)
			return false;
		p += skip;
		n -= skip;
	}
	return true;
}

/* "PROG: text" from QEMU's error_report(), but not "PROG: warning: ". */
static bool qemu_error_line(const char *p, size_t n)
{
	const char *slash = strrchr(qemu_binary(), '/');
	const char *progs[] = {
		"qemu-system-x86_64", slash ? slash + 1 : qemu_binary(),
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(progs); i++) {
		size_t l = strlen(progs[i]);

		if (n > l + 2 && !strncmp(p, progs[i], l) &&
		    !strncmp(p + l, ": ", 2))
			return strncmp(p + l + 2, "warning: ", 9) != 0;
	}
	return false;
}

bool qemu_failed_to_start(const struct vmm_result *q, char *why, size_t len)
{
	const char *p;

	if (q->timed_out || q->status == 0 || q->status == 124 ||
	    q->status == 137)
		return false;
	for (p = q->out; p && *p; p = line_next(p))
		if (!qemu_quiet_line(p, line_len(p)))
			return false;
	for (p = q->err; p && *p; p = line_next(p)) {
		if (qemu_error_line(p, line_len(p))) {
			snprintf(why, len, "%.*s", (int)line_len(p), p);
			return true;
		}
	}
	return false;
}

char *read_file(const char *path)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = fopen(path, "re"), *m;
	char tmp[65536];
	size_t n;

	if (!f)
		return NULL;
	m = open_memstream(&buf, &len);
	while (m && (n = fread(tmp, 1, sizeof(tmp), f)))
		fwrite(tmp, 1, n, m);
	if (m)
		fclose(m);
	fclose(f);
	return buf ? buf : strdup("");
}

static char *read_text(const char *dir, const char *name)
{
	char path[4096], *buf;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	buf = read_file(path);
	return buf ? buf : strdup("");
}

static void read_side(struct vmm_result *r, const char *dir, const char *side)
{
	char name[32], *status;

	snprintf(name, sizeof(name), "%s.out", side);
	r->out = read_text(dir, name);
	snprintf(name, sizeof(name), "%s.err", side);
	r->err = read_text(dir, name);
	snprintf(name, sizeof(name), "%s.status", side);
	status = read_text(dir, name);
	r->status = *status ? atoi(status) : -1;
	r->timed_out = r->status == 124;
	free(status);
}

/* The harness's own test swaps vmm for a stand-in; nothing else may. */
static const char *diff_vmm;

void qemu_diff_use_vmm(const char *path)
{
	diff_vmm = path;
}

int qemu_diff_run(struct qemu_diff *d, unsigned int limit_s,
		  const char *vmm_only, const char *const *args)
{
	char dir[] = "/tmp/qemu-diff-test.XXXXXX";
	char keep[64], timeout[32], vmm[4096], vmm_args[256];
	const char *argv[64] = { "env", keep, timeout, vmm, vmm_args,
				 "scripts/qemu-diff.sh", "-q" };
	const char *rm[] = { "rm", "-rf", dir, NULL };
	struct vmm_result r;
	unsigned int i, n = 7;
	int ret;

	memset(d, 0, sizeof(*d));
	if (!mkdtemp(dir))
		return -errno;
	snprintf(keep, sizeof(keep), "KEEP=%s", dir);
	/* The script's own limit comes first; ours is the backstop. */
	snprintf(timeout, sizeof(timeout), "TIMEOUT=%u", limit_s);
	if (diff_vmm)
		snprintf(vmm, sizeof(vmm), "VMM=%s", diff_vmm);
	else
		snprintf(vmm, sizeof(vmm), "VMM=%s/vmm", build_dir());
	snprintf(vmm_args, sizeof(vmm_args), "VMM_ARGS=%s",
		 vmm_only ? vmm_only : "");
	for (i = 0; args[i] && n < ARRAY_SIZE(argv) - 1; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	ret = run_program(&d->diff, limit_s + 15, argv);
	if (!ret) {
		read_side(&d->vmm, dir, "vmm");
		read_side(&d->qemu, dir, "qemu");
	}
	if (!run_program(&r, 10, rm))
		vmm_result_free(&r);
	return ret;
}

bool qemu_diff_not_started(const struct qemu_diff *d, char *why, size_t len)
{
	bool failed = qemu_failed_to_start(&d->qemu, why, len);
	bool script = d->diff.status == QEMU_DIFF_NOT_STARTED;

	if (failed != script)
		ktap_print_msg("QEMU %s, but qemu-diff.sh exited with %d",
			       failed ? "could not start" : "started",
			       d->diff.status);
	return failed && script;
}

bool qemu_diff_skip_verdicts(const struct qemu_diff *d, const char *m)
{
	char why[256];

	if (!qemu_diff_not_started(d, why, sizeof(why)))
		return false;
	ktap_test_skip("-M %s: QEMU's verdict: QEMU could not start: %s", m,
		       why);
	ktap_test_skip("-M %s: QEMU's observations: QEMU could not start: "
		       "%s", m, why);
	return true;
}

void qemu_diff_free(struct qemu_diff *d)
{
	vmm_result_free(&d->vmm);
	vmm_result_free(&d->qemu);
	vmm_result_free(&d->diff);
}
