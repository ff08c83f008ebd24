/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUEST_PRINTF_H
#define GUEST_PRINTF_H

#include "guest.h"

/*
 * A small printf to the serial port: %s %c %d %i %u %x %X %p %%, the length
 * modifiers hh h l ll z, a width (digits or *), and the flags 0 and -.
 * %p prints 0x and 16 hex digits.  Lines end in "\n" only.
 */
__attribute__((format(printf, 1, 2))) void printf(const char *fmt, ...);
void vprintf(const char *fmt, va_list ap);

#endif
