/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_HW_IOPORT_H
#define VMM_HW_IOPORT_H

#include "util/types.h"

/*
 * The x86 I/O port space: devices claim [base, base + len) with handlers
 * called for each access (1, 2 or 4 bytes; @port relative to base).  A
 * port nobody claims reads all ones and drops writes, counted, so that a
 * guest probing CMOS or PCI config ports does not stop the VM.
 */
struct ioport_ops {
	u32  (*read)(void *opaque, u16 port, unsigned int size);
	void (*write)(void *opaque, u16 port, u32 val, unsigned int size);
};

struct ioport {
	u16			base;
	u16			len;
	const char		*name;
	const struct ioport_ops	*ops;
	void			*opaque;
};

#define IOPORT_MAX	32

struct ioport_bus {
	struct ioport	ports[IOPORT_MAX];
	unsigned int	nr;
	u64		unassigned_reads;
	u64		unassigned_writes;
};

/* -EBUSY (with both ranges named) when it overlaps a claimed range. */
int ioport_register(struct ioport_bus *bus, u16 base, u16 len,
		    const char *name, const struct ioport_ops *ops,
		    void *opaque);
void ioport_read(struct ioport_bus *bus, u16 port, void *data,
		 unsigned int size);
void ioport_write(struct ioport_bus *bus, u16 port, const void *data,
		  unsigned int size);

#endif
