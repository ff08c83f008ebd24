/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_HW_SERIAL_H
#define VMM_HW_SERIAL_H

#include <stdio.h>

#include "hw/ioport.h"

#define SERIAL_COM1_BASE	0x3f8

/*
 * A 16550 UART reduced to what a polling guest needs: the transmit
 * register, the line status (always ready) and the scratch and control
 * registers read back as written.  No receive, no interrupts.
 */
/* Where COM1's output goes: -serial stdio|file:PATH|null|none. */
enum serial_backend {
	SERIAL_STDIO,		/* the default */
	SERIAL_FILE,
	SERIAL_NULL,		/* a UART whose output is discarded */
	SERIAL_NONE,		/* QEMU: no UART; ours discards too */
};

struct serial_params {
	enum serial_backend	backend;
	char			*path;		/* SERIAL_FILE */
};

/*
 * "stdio", "file:PATH", "null" or "none" into @p (the only place that
 * reads the spelling).  -EINVAL with the reason in error_get().
 */
int serial_params_parse(struct serial_params *p, const char *spec);
void serial_params_free(struct serial_params *p);

struct serial {
	FILE	*out;		/* NULL: -serial none */
	bool	close_out;
	u8	ier, lcr, mcr, scr, dll, dlm;
};

int serial_init(struct serial *s, struct ioport_bus *bus,
		const struct serial_params *p);
void serial_exit(struct serial *s);

#endif
