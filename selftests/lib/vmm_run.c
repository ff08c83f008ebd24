// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "vmm_run.h"

const char *build_dir(void)
{
	const char *b = getenv("BUILD");

	return b && *b ? b : "build";
}

bool have_kvm(void)
{
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

struct buf {
	char	*p;
	size_t	len, cap;
};

static void buf_read(struct buf *b, int fd, bool *open)
{
	char tmp[65536];
	ssize_t n = read(fd, tmp, sizeof(tmp));

	if (n <= 0) {
		*open = false;
		return;
	}
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = realloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, tmp, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

int run_program(struct vmm_result *r, unsigned int limit_s,
		const char *const *argv)
{
	int out[2], err[2], wstatus;
	struct buf bo = { 0 }, be = { 0 };
	bool oo = true, eo = true;
	double deadline = now() + limit_s;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	if (pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		dup2(out[1], 1);
		dup2(err[1], 2);
		execvp(argv[0], (char *const *)argv);
		fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(out[1]);
	close(err[1]);
	while (oo || eo) {
		struct pollfd p[2] = {
			{ .fd = oo ? out[0] : -1, .events = POLLIN },
			{ .fd = eo ? err[0] : -1, .events = POLLIN },
		};
		int left = (int)((deadline - now()) * 1000);

		if (left <= 0) {
			kill(pid, SIGKILL);
			r->timed_out = true;
			break;
		}
		if (poll(p, 2, left) <= 0)
			continue;
		if (p[0].revents)
			buf_read(&bo, out[0], &oo);
		if (p[1].revents)
			buf_read(&be, err[0], &eo);
	}
	close(out[0]);
	close(err[0]);
	waitpid(pid, &wstatus, 0);
	r->status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) :
		    128 + WTERMSIG(wstatus);
	r->out = bo.p ? bo.p : strdup("");
	r->err = be.p ? be.p : strdup("");
	return 0;
}

int vmm_run(struct vmm_result *r, unsigned int limit_s,
	    const char *const *argv)
{
	const char *args[64];
	char vmm[4096];
	unsigned int i;

	snprintf(vmm, sizeof(vmm), "%s/vmm", build_dir());
	if (getenv("VMM"))
		snprintf(vmm, sizeof(vmm), "%s", getenv("VMM"));
	args[0] = vmm;
	for (i = 0; argv[i] && i < 62; i++)
		args[i + 1] = argv[i];
	args[i + 1] = NULL;
	return run_program(r, limit_s, args);
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

const char *make_test_bios_code(u64 size, const u8 *code, size_t len)
{
	static unsigned int seq;
	static char path[80];
	u16 rel = (u16)(0xff00 - 0xfff3);
	u8 *img;
	int fd;

	snprintf(path, sizeof(path), "/tmp/vmm-test-bios-%d-%u.bin",
		 (int)getpid(), seq++);
	img = malloc(size);
	if (!img || len > 0xf0)
		return NULL;
	memset(img, 0xf4, size);	/* hlt */
	/* The code at CS:0xff00, the reset vector (CS:0xfff0) jumps there. */
	if (len)
		memcpy(img + size - 0x100, code, len);
	img[size - 0x10] = 0xe9;
	img[size - 0x0f] = (u8)rel;
	img[size - 0x0e] = (u8)(rel >> 8);
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

const char *make_test_bios(u64 size)
{
	return make_test_bios_code(size, NULL, 0);
}
