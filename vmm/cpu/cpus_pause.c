// SPDX-License-Identifier: GPL-2.0
/*
 * Holding the vCPUs out of guest mode.  A pause asks every vCPU thread
 * to park, sets immediate_exit and kicks it with a signal: a thread in
 * KVM_RUN returns with EINTR, one about to enter returns at once (the
 * flag closes the window between its check and KVM_RUN), one handling
 * an exit finishes it.  Each then parks, and the pause returns when all
 * have: from then until the resume no guest instruction runs.
 */
#include <signal.h>
#include <time.h>
#include <linux/kvm.h>

#include "cpu/cpus.h"

void cpus_kick(struct vcpu *v)
{
	if (!v->run)
		return;
	v->run->immediate_exit = 1;
	if (v->started && !pthread_equal(v->thread, pthread_self()))
		pthread_kill(v->thread, SIG_KICK);
}

__thread struct vcpu *current_vcpu;

/* Whether this thread is one of @c's vCPUs. */
static struct vcpu *cpus_self(struct cpus *c)
{
	struct vcpu *v = current_vcpu;

	return v && v->cpus == c ? v : NULL;
}

void cpus_pause(struct cpus *c)
{
	struct vcpu *self = cpus_self(c);
	unsigned int i;

	pthread_mutex_lock(&c->lock);
	if (!c->pause_depth++) {
		__atomic_store_n(&c->pause_req, true, __ATOMIC_SEQ_CST);
		for (i = 0; i < c->nr; i++)
			if (&c->vcpus[i] != self)
				cpus_kick(&c->vcpus[i]);
	}
	if (self) {
		c->vcpu_pausers++;
		c->held_in_exit++;
		pthread_cond_broadcast(&c->park_cond);
	}
	/*
	 * Another thread waits for every vCPU to complete its exit; a vCPU
	 * cannot: the others may wait for the I/O lock it holds.
	 */
	while (c->parked + (self ? c->held_in_exit : 0) < c->running)
		pthread_cond_wait(&c->park_cond, &c->lock);
	pthread_mutex_unlock(&c->lock);
}

void cpus_resume(struct cpus *c)
{
	struct vcpu *self = cpus_self(c);

	pthread_mutex_lock(&c->lock);
	if (self && c->vcpu_pausers) {
		c->vcpu_pausers--;
		c->held_in_exit--;
		/* Those held in their exit go on to complete it. */
		pthread_cond_broadcast(&c->resume_cond);
	}
	if (c->pause_depth && !--c->pause_depth) {
		__atomic_store_n(&c->pause_req, false, __ATOMIC_SEQ_CST);
		pthread_cond_broadcast(&c->resume_cond);
	}
	pthread_mutex_unlock(&c->lock);
}

void cpus_park(struct cpus *c, struct vcpu *v, bool in_exit)
{
	unsigned int *count = in_exit ? &c->held_in_exit : &c->parked;

	pthread_mutex_lock(&c->lock);
	(*count)++;
	pthread_cond_broadcast(&c->park_cond);
	/*
	 * Held in its exit, it waits only while a vCPU pauser holds the I/O
	 * lock: under another thread's pause it must complete its exit.
	 */
	while (c->pause_req && !c->done && (!in_exit || c->vcpu_pausers))
		pthread_cond_wait(&c->resume_cond, &c->lock);
	(*count)--;
	/*
	 * Under the lock, as pausers set it: a pause that comes after this
	 * sets it again before its kick.
	 */
	if (!c->done)
		v->run->immediate_exit = 0;
	pthread_mutex_unlock(&c->lock);
}

/* A pause asked for by a vCPU, which holds the I/O lock meanwhile. */
static bool cpus_vcpu_pause_req(struct cpus *c)
{
	bool ret;

	pthread_mutex_lock(&c->lock);
	ret = c->pause_req && c->vcpu_pausers;
	pthread_mutex_unlock(&c->lock);
	return ret;
}

void cpus_io_lock(struct cpus *c, struct vcpu *v)
{
	struct timespec t;

	for (;;) {
		clock_gettime(CLOCK_REALTIME, &t);
		t.tv_nsec += 1000000;		/* 1 ms */
		if (t.tv_nsec >= 1000000000) {
			t.tv_sec++;
			t.tv_nsec -= 1000000000;
		}
		if (!pthread_mutex_timedlock(&c->io_lock, &t))
			return;
		if (cpus_vcpu_pause_req(c))
			cpus_park(c, v, true);
	}
}

void cpus_vcpu_ended(struct cpus *c)
{
	pthread_mutex_lock(&c->lock);
	c->running--;
	pthread_cond_broadcast(&c->park_cond);
	pthread_mutex_unlock(&c->lock);
}
