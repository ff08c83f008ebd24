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
struct serial {
	FILE	*out;		/* NULL: -serial none */
	bool	close_out;
	u8	ier, lcr, mcr, scr, dll, dlm;
};

/* @spec: "stdio", "file:PATH", "none" or "null". */
int serial_init(struct serial *s, struct ioport_bus *bus, const char *spec);
void serial_exit(struct serial *s);

#endif
