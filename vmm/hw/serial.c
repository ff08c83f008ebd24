// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hw/serial.h"
#include "util/error.h"

#define UART_RX_TX	0	/* DLL when LCR.DLAB */
#define UART_IER	1	/* DLM when LCR.DLAB */
#define UART_IIR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_MSR	6
#define UART_SCR	7

#define UART_LCR_DLAB	0x80
#define UART_LSR_THRE	0x20
#define UART_LSR_TEMT	0x40
#define UART_IIR_NO_INT	0x01

static u32 serial_read(void *opaque, u16 port, unsigned int size)
{
	struct serial *s = opaque;
	bool dlab = s->lcr & UART_LCR_DLAB;

	(void)size;
	switch (port) {
	case UART_RX_TX:
		return dlab ? s->dll : 0;
	case UART_IER:
		return dlab ? s->dlm : s->ier;
	case UART_IIR:
		return UART_IIR_NO_INT;
	case UART_LCR:
		return s->lcr;
	case UART_MCR:
		return s->mcr;
	case UART_LSR:
		/* Transmitting takes no time: always ready. */
		return UART_LSR_THRE | UART_LSR_TEMT;
	case UART_SCR:
		return s->scr;
	default:
		return 0;
	}
}

static void serial_write(void *opaque, u16 port, u32 val, unsigned int size)
{
	struct serial *s = opaque;
	bool dlab = s->lcr & UART_LCR_DLAB;

	(void)size;
	switch (port) {
	case UART_RX_TX:
		if (dlab) {
			s->dll = (u8)val;
		} else if (s->out) {
			fputc((int)(val & 0xff), s->out);
			if ((val & 0xff) == '\n')
				fflush(s->out);
		}
		break;
	case UART_IER:
		if (dlab)
			s->dlm = (u8)val;
		else
			s->ier = (u8)val & 0x0f;
		break;
	case UART_LCR:
		s->lcr = (u8)val;
		break;
	case UART_MCR:
		s->mcr = (u8)val & 0x1f;
		break;
	case UART_SCR:
		s->scr = (u8)val;
		break;
	default:
		break;
	}
}

static const struct ioport_ops serial_ops = {
	.read = serial_read,
	.write = serial_write,
};

int serial_params_parse(struct serial_params *p, const char *spec)
{
	char *path;

	if (!strncmp(spec, "file:", 5)) {
		if (!spec[5])
			return error_ret(EINVAL, "'file:' needs a path: use "
					 "file:PATH");
		path = strdup(spec + 5);
		if (!path)
			return error_ret(ENOMEM, "out of memory");
		serial_params_free(p);
		p->backend = SERIAL_FILE;
		p->path = path;
		return 0;
	}
	if (strcmp(spec, "stdio") && strcmp(spec, "none") &&
	    strcmp(spec, "null"))
		return error_ret(EINVAL, "unsupported backend '%s': use stdio, "
				 "file:PATH, none or null", spec);
	serial_params_free(p);
	p->backend = !strcmp(spec, "stdio") ? SERIAL_STDIO :
		     !strcmp(spec, "null") ? SERIAL_NULL : SERIAL_NONE;
	return 0;
}

void serial_params_free(struct serial_params *p)
{
	free(p->path);
	memset(p, 0, sizeof(*p));
}

int serial_init(struct serial *s, struct ioport_bus *bus,
		const struct serial_params *p)
{
	memset(s, 0, sizeof(*s));
	if (p->backend == SERIAL_STDIO) {
		s->out = stdout;
	} else if (p->backend == SERIAL_FILE) {
		s->out = fopen(p->path, "w");
		if (!s->out)
			return error_ret(errno, "-serial file:%s: %s", p->path,
					 strerror(errno));
		s->close_out = true;
	}
	return ioport_register(bus, SERIAL_COM1_BASE, 8, "serial",
			       &serial_ops, s);
}

void serial_exit(struct serial *s)
{
	if (s->out)
		fflush(s->out);
	if (s->close_out)
		fclose(s->out);
	s->out = NULL;
}
