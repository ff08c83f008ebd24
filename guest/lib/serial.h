/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUEST_SERIAL_H
#define GUEST_SERIAL_H

/*
 * COM1 as the VMM provides it: THR at 0x3f8, LSR at 0x3fd (bit 5: ready).
 * No other UART register is touched, so no init is needed.
 */
void serial_putc(char c);
void serial_puts(const char *s);

#endif
