/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_WITNESS_STAMPS_H
#define VMM_WITNESS_STAMPS_H

#include <stdio.h>

#include "hw/pc.h"
#include "kvm/kvm_slots.h"

/*
 * Host-side stamps (docs/witness.md): the VMM hands the guest, through
 * fw_cfg file STAMPS_FILE, a run nonce and a list of guest-physical
 * pages; the RAM probes write a stamp into each (STAMP_OFFSET bytes in:
 * STAMP_MAGIC, the nonce, the page's address, little-endian u64s).
 * After the guest's exit the VMM reads each page through the flat view
 * and the RAMBlocks, where the address must land, and expects exactly
 * that page's stamp there: a slot mapped at the wrong host offset puts
 * stamps in the wrong host pages, which the guest alone cannot see.
 */
#define STAMPS_FILE		"opt/memslot-vmm/stamps"
#define STAMP_OFFSET		0x80
#define STAMP_MAGIC		0x504d415453534d56ULL	/* "VMSSTAMP" */
#define STAMP_WORDS		3
#define STAMPS_MAX		8192
#define STAMPS_MAX_SLOTS	64
#define STAMP_SAMPLE_STEP	(128 * MiB)

struct stamps {
	struct pc_machine		*pcms;
	const struct kvm_memory_listener *kml;
	u64				nonce;
	hwaddr				*pages;		/* the file's list */
	unsigned int			nr;
	unsigned int			slots;		/* writable ones */
	unsigned int			slots_stamped;
	hwaddr				*handed;	/* what the guest read */
	unsigned int			nr_handed;
	u64				checked;
	u64				wrong;
	char				first_wrong[256];
};

/*
 * A nonce, the list for the slots as they are, and the fw_cfg file.  The
 * list is rebuilt whenever the guest selects the fw_cfg directory (slots
 * change at run time: PAM), and the one it last selected is checked.
 */
int stamps_init(struct stamps *st, struct pc_machine *pcms,
		const struct kvm_memory_listener *kml);
void stamps_destroy(struct stamps *st);
/* Whether the guest read the list (and so must have stamped it). */
bool stamps_handed(const struct stamps *st);
/* Check every page of the list the guest read; returns how many wrong. */
u64 stamps_check(struct stamps *st);
/* The file's text: `--dump stamps`, and what QEMU is handed to compare. */
void stamps_print(const struct stamps *st, FILE *f);

#endif
