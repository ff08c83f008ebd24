// SPDX-License-Identifier: GPL-2.0
#include "io.h"
#include "serial.h"

#define COM1_THR	0x3f8
#define COM1_LSR	0x3fd
#define LSR_THRE	0x20

void serial_putc(char c)
{
	while (!(inb(COM1_LSR) & LSR_THRE))
		;
	outb(COM1_THR, c);
}

void serial_puts(const char *s)
{
	while (*s)
		serial_putc(*s++);
}
