// SPDX-License-Identifier: GPL-2.0
/*
 * prealloc=on: every page of a memdev touched before the guest runs, by
 * a few threads at once (QEMU's prealloc-threads), each on the CPUs of
 * the memdev's nodes.  The kernel's MADV_POPULATE_WRITE faults the pages
 * in and answers an error where it would have sent SIGBUS; without it
 * (Linux < 5.14) each page is written under a SIGBUS handler that turns
 * the signal back into an error.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>

#include "backends/host_numa.h"
#include "backends/hostmem_prealloc.h"
#include "util/error.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE	23
#endif

/* One thread's share of the pages. */
struct prealloc_share {
	pthread_t	thread;
	u8		*start;
	u64		size;
	size_t		page_size;
	bool		touch;
	int		err;
	u64		done;
	bool		started;
};

/*
 * Where a touching thread jumps back to on SIGBUS; NULL elsewhere.
 * volatile: the handler reads it, so no store to it may be elided.
 */
static __thread sigjmp_buf *volatile touch_env;

static void prealloc_sigbus(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	(void)uc;
	if (touch_env)
		siglongjmp(*touch_env, 1);
	/* Not a page we were touching: die of it as without us. */
	signal(sig, SIG_DFL);
}

/* What the touching loop has done, in memory for the SIGBUS path. */
struct touch_state {
	volatile u8	*p;
	u64		size;
	size_t		page_size;
	volatile u64	off;
};

static void touch_loop(struct touch_state *t)
{
	/* Read, then write the same byte: a file's contents stay. */
	for (; t->off < t->size; t->off += t->page_size)
		t->p[t->off] = t->p[t->off];
}

/* 0, or -EFAULT when a page raised SIGBUS: t->off is where. */
static int touch_guarded(struct touch_state *t)
{
	sigjmp_buf env;

	if (sigsetjmp(env, 1)) {
		touch_env = NULL;
		return -EFAULT;
	}
	touch_env = &env;
	touch_loop(t);
	touch_env = NULL;
	return 0;
}

static int prealloc_touch(void *host, u64 size, size_t page_size, u64 *done)
{
	struct touch_state t = {
		.p = host, .size = size, .page_size = page_size,
	};
	int ret = touch_guarded(&t);

	*done = t.off;
	return ret;
}

static void *prealloc_worker(void *arg)
{
	struct prealloc_share *s = arg;

	if (!s->touch && !madvise(s->start, s->size, MADV_POPULATE_WRITE))
		return NULL;
	/* EINVAL: a kernel without it; anything else is the answer. */
	if (!s->touch && errno != EINVAL) {
		s->err = errno;
		return NULL;
	}
	s->err = -prealloc_touch(s->start, s->size, s->page_size, &s->done);
	return NULL;
}

/* The CPUs the threads run on: those of @nodes we may use, or ours. */
static void prealloc_cpus(const struct idset *nodes, cpu_set_t *cpus)
{
	cpu_set_t mine;

	if (sched_getaffinity(0, sizeof(mine), &mine))
		CPU_ZERO(&mine);
	if (idset_empty(nodes) || host_numa_node_cpus(nodes, cpus)) {
		*cpus = mine;
		return;
	}
	if (CPU_COUNT(&mine))
		CPU_AND(cpus, cpus, &mine);
	/* Nodes of memory without CPUs: run anywhere, the policy places. */
	if (!CPU_COUNT(cpus))
		*cpus = mine;
}

unsigned int prealloc_threads(const struct prealloc_request *req)
{
	u64 pages = req->size / req->page_size;
	unsigned int n = req->threads ? req->threads : 1;
	cpu_set_t cpus;

	prealloc_cpus(&req->nodes, &cpus);
	/* More threads than CPUs or pages only wait for each other. */
	if (CPU_COUNT(&cpus) && (unsigned int)CPU_COUNT(&cpus) < n)
		n = (unsigned int)CPU_COUNT(&cpus);
	if (pages < n)
		n = pages ? (unsigned int)pages : 1;
	return n;
}

/* Start thread @i of @n on its share, on @cpus. */
static int prealloc_start(const struct prealloc_request *req,
			  struct prealloc_share *s, unsigned int i,
			  unsigned int n, const cpu_set_t *cpus)
{
	u64 pages = req->size / req->page_size, per = (pages + n - 1) / n;
	u64 first = MIN(pages, per * i), last = MIN(pages, per * (i + 1));
	pthread_attr_t attr;
	int ret;

	s->start = (u8 *)req->host + first * req->page_size;
	s->size = (last - first) * req->page_size;
	s->page_size = req->page_size;
	s->touch = req->touch;
	if (!s->size)
		return 0;
	pthread_attr_init(&attr);
	if (CPU_COUNT(cpus))
		pthread_attr_setaffinity_np(&attr, sizeof(*cpus), cpus);
	ret = pthread_create(&s->thread, &attr, prealloc_worker, s);
	pthread_attr_destroy(&attr);
	if (ret)
		return -ret;
	s->started = true;
	return 0;
}

/* Join every started thread; the first failure goes into @res. */
static void prealloc_join(const struct prealloc_request *req,
			  struct prealloc_share *s, unsigned int n,
			  struct prealloc_result *res)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (s[i].started)
			pthread_join(s[i].thread, NULL);
		if (!s[i].err || res->err)
			continue;
		res->err = s[i].err;
		res->fail_start = (u64)(s[i].start - (u8 *)req->host);
		res->fail_end = res->fail_start + s[i].size;
		res->fail_at = res->fail_start + s[i].done;
	}
}

int prealloc_mem(const struct prealloc_request *req,
		 struct prealloc_result *res)
{
	struct sigaction sa = { .sa_sigaction = prealloc_sigbus,
				.sa_flags = SA_SIGINFO }, old;
	struct prealloc_share s[PREALLOC_MAX_THREADS];
	unsigned int n = prealloc_threads(req), i;
	cpu_set_t cpus;
	int ret = 0;

	memset(res, 0, sizeof(*res));
	memset(s, 0, sizeof(s));
	n = MIN(n, (unsigned int)PREALLOC_MAX_THREADS);
	res->threads = n;
	prealloc_cpus(&req->nodes, &cpus);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, &old);
	for (i = 0; i < n && !ret; i++)
		ret = prealloc_start(req, &s[i], i, n, &cpus);
	prealloc_join(req, s, n, res);
	sigaction(SIGBUS, &old, NULL);
	if (ret && !res->err)
		res->err = -ret;
	return -res->err;
}
