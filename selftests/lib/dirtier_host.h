/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SELFTESTS_DIRTIER_HOST_H
#define SELFTESTS_DIRTIER_HOST_H

#include "vmm.h"

/*
 * The host's side of guest/probes/dirtier.c, written from guest/README.md
 * ("dirtier"): its settings, its page sets, its stamps and its mailbox.
 */
struct dirtier_config {
	u64		seed;
	u64		base, size;	/* the area, guest-physical */
	u64		pages;		/* writes per round */
	u64		rounds;		/* 0: until the host says stop */
	u64		mailbox;	/* guest-physical page */
	unsigned int	cpus;		/* 0: all */
	bool		continuous;	/* a round ends when the host says */
	bool		verify;		/* the guest checks its last round */
	bool		sequential;	/* write i goes to page i % pages */
};

/* The first 32 bytes of a page the dirtier wrote. */
struct dirtier_stamp {
	u64	magic;
	u32	round;
	u32	cpu;
	u64	page;
	u64	seq;
};

#define DIRTIER_STAMP_MAGIC	0x5245495452494444ULL
#define DIRTIER_MBOX_MAGIC	0x584f424d52524944ULL
#define DIRTIER_STOP		(~0ULL)

/*
 * vmm_guest_params("dirtier") with -m @ram_size, @smp vCPUs and the
 * settings as fw_cfg opt/dirtier/config (handshake on).
 */
void dirtier_params(struct vmm_params *p, u64 ram_size, unsigned int smp,
		    const struct dirtier_config *c);
/* The area page write @i of round @r goes to. */
u64 dirtier_page(const struct dirtier_config *c, u64 r, u64 i);

/* Host memory behind guest-physical @gpa (RAM or ROM), or NULL. */
void *guest_host_ptr(struct vmm *vmm, hwaddr gpa);

/* The mailbox, once the guest has filled it in. */
struct dirtier_mbox {
	volatile u64	*w;
	unsigned int	cpus;
};

/*
 * Wait (a few seconds at most, less if the VM ends) for the guest to be
 * ready; 0, or -1 with a message printed.
 */
int dirtier_wait_ready(struct vmm *vmm, const struct dirtier_config *c,
		       struct dirtier_mbox *mb);
void dirtier_go(struct dirtier_mbox *mb, u64 r);
void dirtier_end(struct dirtier_mbox *mb, u64 r);
/* Wait for every CPU to finish round @r: 0, or -1 with a message. */
int dirtier_wait_done(struct vmm *vmm, struct dirtier_mbox *mb, u64 r);
/* Stop the guest and wait for the VM to end; its exit status. */
int dirtier_finish(struct vmm *vmm, struct dirtier_mbox *mb);
/* After a failure: end the VM (if it still runs) and wait for it. */
void dirtier_abort(struct vmm *vmm);

#endif
