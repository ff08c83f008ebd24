/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUEST_STAMPS_H
#define GUEST_STAMPS_H

#include "guest.h"

/*
 * Host-side stamps (guest/README.md, docs/witness.md): the VMM hands a
 * nonce and a list of pages through fw_cfg opt/memslot-vmm/stamps; each
 * page gets a stamp STAMP_OFFSET bytes in (STAMP_MAGIC, the nonce, the
 * page's address), then every stamp is read back, so that two pages
 * backed by one host page show up here too.  The VMM checks after the
 * exit that each stamp sits in the host page its address must land in.
 */
#define STAMPS_FILE	"opt/memslot-vmm/stamps"
#define STAMP_OFFSET	0x80
#define STAMP_MAGIC	0x504d415453534d56ULL	/* "VMSSTAMP" */

/*
 * The case "host-stamps": a result, or a skip without the file.  Run it
 * last: nothing may write the pages after it, and the mapping of the
 * listed pages must stay as it is until the exit.
 */
void stamps_case(void);

#endif
