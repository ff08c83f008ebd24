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

void cpus_pause(struct cpus *c)
{
	unsigned int i;

	pthread_mutex_lock(&c->lock);
	if (c->pause_depth++) {
		pthread_mutex_unlock(&c->lock);
		return;
	}
	__atomic_store_n(&c->pause_req, true, __ATOMIC_SEQ_CST);
	for (i = 0; i < c->nr; i++)
		cpus_kick(&c->vcpus[i]);
	while (c->parked < c->running)
		pthread_cond_wait(&c->park_cond, &c->lock);
	pthread_mutex_unlock(&c->lock);
}

void cpus_resume(struct cpus *c)
{
	pthread_mutex_lock(&c->lock);
	if (c->pause_depth && !--c->pause_depth) {
		__atomic_store_n(&c->pause_req, false, __ATOMIC_SEQ_CST);
		pthread_cond_broadcast(&c->resume_cond);
	}
	pthread_mutex_unlock(&c->lock);
}

void cpus_park(struct cpus *c, struct vcpu *v)
{
	pthread_mutex_lock(&c->lock);
	c->parked++;
	pthread_cond_broadcast(&c->park_cond);
	while (c->pause_req && !c->done)
		pthread_cond_wait(&c->resume_cond, &c->lock);
	c->parked--;
	/*
	 * Under the lock, as pausers set it: a pause that comes after this
	 * sets it again before its kick.
	 */
	if (!c->done)
		v->run->immediate_exit = 0;
	pthread_mutex_unlock(&c->lock);
}

void cpus_vcpu_ended(struct cpus *c)
{
	pthread_mutex_lock(&c->lock);
	c->running--;
	pthread_cond_broadcast(&c->park_cond);
	pthread_mutex_unlock(&c->lock);
}
