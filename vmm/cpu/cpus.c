// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/kvm.h>

#include "cpu/cpus.h"
#include "util/error.h"


static void sig_kick_handler(int sig)
{
	(void)sig;	/* only there to make KVM_RUN return EINTR */
}

int cpus_init(struct cpus *c, struct kvm *kvm, unsigned int nr,
	      struct ioport_bus *io, struct address_space *as)
{
	struct sigaction sa = { .sa_handler = sig_kick_handler };
	unsigned int i;
	int ret;

	memset(c, 0, sizeof(*c));
	c->kvm = kvm;
	c->io = io;
	c->as = as;
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->cond, NULL);
	pthread_cond_init(&c->park_cond, NULL);
	pthread_cond_init(&c->resume_cond, NULL);
	sigemptyset(&sa.sa_mask);
	sigaction(SIG_KICK, &sa, NULL);	/* no SA_RESTART: KVM_RUN stops */

	if (nr > 1 && kvm_create_irqchip(kvm))
		return -ENOTSUP;
	c->vcpus = calloc(nr, sizeof(*c->vcpus));
	if (!c->vcpus)
		return error_ret(ENOMEM, "out of memory for %u vCPUs", nr);
	for (i = 0; i < nr; i++) {
		ret = vcpu_init(&c->vcpus[i], c, i);
		c->nr++;
		if (ret) {
			cpus_destroy(c);
			return ret;
		}
	}
	return 0;
}

void cpus_destroy(struct cpus *c)
{
	unsigned int i;

	bool stuck = false;

	/* A vCPU thread that never left KVM_RUN keeps its kvm_run mapping. */
	for (i = 0; i < c->nr; i++) {
		if (c->vcpus[i].started)
			stuck = true;
		else
			vcpu_destroy(&c->vcpus[i]);
	}
	if (stuck)
		return;
	free(c->vcpus);
	c->vcpus = NULL;
	c->nr = 0;
}

/* First caller wins; every vCPU is kicked out of KVM_RUN. */
static void cpus_end(struct cpus *c, int status, const char *msg)
{
	unsigned int i;

	pthread_mutex_lock(&c->lock);
	if (c->done) {
		pthread_mutex_unlock(&c->lock);
		return;
	}
	c->status = status;
	snprintf(c->msg, sizeof(c->msg), "%s", msg);
	__atomic_store_n(&c->done, true, __ATOMIC_SEQ_CST);
	pthread_cond_broadcast(&c->resume_cond);
	for (i = 0; i < c->nr; i++)
		cpus_kick(&c->vcpus[i]);
	pthread_cond_broadcast(&c->cond);
	pthread_mutex_unlock(&c->lock);
}

void cpus_stop(struct cpus *c, int status, const char *fmt, ...)
{
	char msg[sizeof(c->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cpus_end(c, status, msg);
}

void cpus_request_exit(void *opaque, int status)
{
	cpus_end(opaque, status, "");
}

void cpus_start(struct cpus *c)
{
	unsigned int i;
	int ret;

	for (i = 0; i < c->nr; i++) {
		pthread_mutex_lock(&c->lock);
		c->running++;
		pthread_mutex_unlock(&c->lock);
		ret = pthread_create(&c->vcpus[i].thread, NULL, vcpu_thread,
				     &c->vcpus[i]);
		if (ret) {
			cpus_vcpu_ended(c);
			cpus_stop(c, VMM_EXIT_USER_ERROR, "vCPU %u: thread: %s",
				  i, strerror(ret));
			break;
		}
		c->vcpus[i].started = true;
	}
}

int cpus_run(struct cpus *c, unsigned int timeout)
{
	cpus_start(c);
	return cpus_wait(c, timeout);
}

int cpus_wait(struct cpus *c, unsigned int timeout)
{
	struct timespec deadline;
	unsigned int i;

	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += timeout;
	pthread_mutex_lock(&c->lock);
	while (!c->done) {
		if (!timeout) {
			pthread_cond_wait(&c->cond, &c->lock);
			continue;
		}
		if (pthread_cond_timedwait(&c->cond, &c->lock, &deadline) ==
		    ETIMEDOUT && !c->done) {
			pthread_mutex_unlock(&c->lock);
			cpus_stop(c, VMM_EXIT_TIMEOUT, "guest did not finish "
				  "within %u s (--timeout)", timeout);
			pthread_mutex_lock(&c->lock);
		}
	}
	pthread_mutex_unlock(&c->lock);

	/* A vCPU stuck in the kernel must not keep us: wait a little only. */
	for (i = 0; i < c->nr; i++) {
		struct timespec t;

		if (!c->vcpus[i].started)
			continue;
		clock_gettime(CLOCK_REALTIME, &t);
		t.tv_sec += 2;
		if (pthread_timedjoin_np(c->vcpus[i].thread, NULL, &t) == 0)
			c->vcpus[i].started = false;
	}
	return c->status;
}
