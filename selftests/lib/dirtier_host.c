// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dirtier_host.h"
#include "ktap.h"
#include "memory/address_space.h"
#include "vmm_inproc.h"

/* Mailbox words (guest/README.md). */
#define MB_MAGIC	0
#define MB_CPUS		1
#define MB_GO		2
#define MB_END		3
#define MB_DONE(c)	(8 * ((c) + 1))

/* How long the guest may take to boot or to finish a round. */
#define DIRTIER_WAIT_S	120

void dirtier_params(struct vmm_params *p, u64 ram_size, unsigned int smp,
		    const struct dirtier_config *c)
{
	struct fw_cfg_item *f;
	char *text;

	vmm_guest_params(p, "dirtier");
	p->machine.ram_size = ram_size;
	p->machine.smp = smp;
	p->timeout = DIRTIER_WAIT_S;
	if (asprintf(&text, "seed=0x%llx\nbase=0x%llx\nsize=0x%llx\n"
		     "pages=%llu\nrounds=%llu\nhandshake=1\nmailbox=0x%llx\n"
		     "continuous=%d\ncpus=%u\nverify=%d\nsequential=%d\n",
		     (unsigned long long)c->seed, (unsigned long long)c->base,
		     (unsigned long long)c->size, (unsigned long long)c->pages,
		     (unsigned long long)c->rounds,
		     (unsigned long long)c->mailbox, c->continuous, c->cpus,
		     c->verify, c->sequential) < 0)
		ktap_exit_fail_msg("out of memory");
	f = &p->machine.fw_cfg[p->machine.nr_fw_cfg++];
	f->name = strdup("opt/dirtier/config");
	f->string = text;
}

/* splitmix64's finaliser, as guest/README.md gives its constants. */
static u64 mix64(u64 x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	return x ^ (x >> 33);
}

u64 dirtier_page(const struct dirtier_config *c, u64 r, u64 i)
{
	if (c->sequential)
		return i % (c->size >> 12);
	return mix64(c->seed ^ mix64(r << 32 | i)) % (c->size >> 12);
}

void *guest_host_ptr(struct vmm *vmm, hwaddr gpa)
{
	struct memory_region_section s;
	u8 *host;

	if (!address_space_translate(&vmm->pcms.as_memory, gpa, &s))
		return NULL;
	host = memory_region_get_ram_ptr(s.mr);
	return host ? host + s.offset_within_region +
		      (gpa - s.offset_within_address_space) : NULL;
}

static void nap(void)
{
	struct timespec t = { 0, 100 * 1000 };

	nanosleep(&t, NULL);
}

/* Wait until word @w reaches @v: 0, or -1 if the VM ended or time ran out. */
static int wait_word(struct vmm *vmm, volatile u64 *w, u64 v)
{
	time_t end = time(NULL) + DIRTIER_WAIT_S;

	while (__atomic_load_n(w, __ATOMIC_ACQUIRE) < v) {
		if (__atomic_load_n(&vmm->cpus.done, __ATOMIC_ACQUIRE) ||
		    time(NULL) > end)
			return -1;
		nap();
	}
	return 0;
}

int dirtier_wait_ready(struct vmm *vmm, const struct dirtier_config *c,
		       struct dirtier_mbox *mb)
{
	mb->w = guest_host_ptr(vmm, c->mailbox);
	if (!mb->w) {
		ktap_print_msg("mailbox 0x%llx is not RAM",
			       (unsigned long long)c->mailbox);
		return -1;
	}
	while (mb->w[MB_MAGIC] != DIRTIER_MBOX_MAGIC) {
		if (wait_word(vmm, &mb->w[MB_MAGIC], 1)) {
			ktap_print_msg("the dirtier never became ready: %s",
				       vmm->cpus.msg[0] ? vmm->cpus.msg :
				       "no mailbox after the time limit");
			return -1;
		}
	}
	mb->cpus = (unsigned int)mb->w[MB_CPUS];
	return 0;
}

void dirtier_go(struct dirtier_mbox *mb, u64 r)
{
	__atomic_store_n(&mb->w[MB_GO], r, __ATOMIC_RELEASE);
}

void dirtier_end(struct dirtier_mbox *mb, u64 r)
{
	__atomic_store_n(&mb->w[MB_END], r, __ATOMIC_RELEASE);
}

int dirtier_wait_done(struct vmm *vmm, struct dirtier_mbox *mb, u64 r)
{
	unsigned int c;

	for (c = 0; c < mb->cpus; c++) {
		if (!wait_word(vmm, &mb->w[MB_DONE(c)], r))
			continue;
		ktap_print_msg("CPU %u did not finish round %llu: %s", c,
			       (unsigned long long)r, vmm->cpus.msg[0] ?
			       vmm->cpus.msg : "time limit");
		return -1;
	}
	return 0;
}

int dirtier_finish(struct vmm *vmm, struct dirtier_mbox *mb)
{
	if (mb->w) {
		dirtier_end(mb, DIRTIER_STOP);
		dirtier_go(mb, DIRTIER_STOP);
	}
	return vmm_wait_guest(vmm);
}

void dirtier_abort(struct vmm *vmm)
{
	if (!vmm->have_cpus)
		return;
	cpus_stop(&vmm->cpus, VMM_EXIT_GUEST_ERROR, "%s",
		  vmm->cpus.msg[0] ? vmm->cpus.msg : "ended by the test");
	vmm_wait_guest(vmm);
}
