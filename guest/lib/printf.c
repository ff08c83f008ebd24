// SPDX-License-Identifier: GPL-2.0
#include "printf.h"
#include "serial.h"

struct spec {
	bool	left;
	bool	zero;
	int	width;
	int	length;		/* 0: int, 1: long, 2: long long, -1/-2: short/char */
};

static void pad(int n, char c)
{
	while (n-- > 0)
		serial_putc(c);
}

static void emit(const struct spec *s, const char *prefix, const char *body,
		 int len)
{
	int plen = 0, fill;

	while (prefix[plen])
		plen++;
	fill = s->width - plen - len;
	if (!s->left && !s->zero)
		pad(fill, ' ');
	serial_puts(prefix);
	if (!s->left && s->zero)
		pad(fill, '0');
	while (len--)
		serial_putc(*body++);
	if (s->left)
		pad(fill, ' ');
}

static void emit_number(const struct spec *s, u64 v, bool negative,
			unsigned int base, bool upper, const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];
	int i = sizeof(buf);

	do {
		buf[--i] = digits[v % base];
		v /= base;
	} while (v);
	emit(s, negative ? "-" : prefix, buf + i, sizeof(buf) - i);
}

static u64 fetch_unsigned(const struct spec *s, va_list *ap)
{
	switch (s->length) {
	case 2: return va_arg(*ap, unsigned long long);
	case 1: return va_arg(*ap, unsigned long);
	case -1: return (u16)va_arg(*ap, unsigned int);
	case -2: return (u8)va_arg(*ap, unsigned int);
	default: return va_arg(*ap, unsigned int);
	}
}

static int64_t fetch_signed(const struct spec *s, va_list *ap)
{
	switch (s->length) {
	case 2: return va_arg(*ap, long long);
	case 1: return va_arg(*ap, long);
	case -1: return (int16_t)va_arg(*ap, int);
	case -2: return (int8_t)va_arg(*ap, int);
	default: return va_arg(*ap, int);
	}
}

static const char *parse_spec(const char *f, struct spec *s, va_list *ap)
{
	*s = (struct spec){ 0 };
	for (;; f++) {
		if (*f == '-')
			s->left = true;
		else if (*f == '0')
			s->zero = true;
		else
			break;
	}
	if (*f == '*') {
		s->width = va_arg(*ap, int);
		f++;
	}
	while (*f >= '0' && *f <= '9')
		s->width = s->width * 10 + (*f++ - '0');
	for (;; f++) {
		if (*f == 'l' || *f == 'z')
			s->length += s->length < 2;
		else if (*f == 'h')
			s->length -= s->length > -2;
		else
			break;
	}
	return f;
}

void vprintf(const char *fmt, va_list ap)
{
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		struct spec s;
		char c;

		if (*fmt != '%') {
			serial_putc(*fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &s, &args);
		c = *fmt;
		if (c)
			fmt++;
		switch (c) {
		case 'd':
		case 'i': {
			int64_t v = fetch_signed(&s, &args);

			emit_number(&s, v < 0 ? -(u64)v : (u64)v, v < 0, 10,
				    false, "");
			break;
		}
		case 'u':
			emit_number(&s, fetch_unsigned(&s, &args), false, 10,
				    false, "");
			break;
		case 'x':
		case 'X':
			emit_number(&s, fetch_unsigned(&s, &args), false, 16,
				    c == 'X', "");
			break;
		case 'p':
			s.zero = true;
			s.width = 18;
			emit_number(&s, (u64)(uintptr_t)va_arg(args, void *),
				    false, 16, false, "0x");
			break;
		case 'c': {
			char ch = va_arg(args, int);

			emit(&s, "", &ch, 1);
			break;
		}
		case 's': {
			const char *str = va_arg(args, const char *);
			int len = 0;

			if (!str)
				str = "(null)";
			while (str[len])
				len++;
			s.zero = false;
			emit(&s, "", str, len);
			break;
		}
		case '%':
			serial_putc('%');
			break;
		default:
			/* Unknown conversions are printed as they were. */
			serial_putc('%');
			if (c)
				serial_putc(c);
			break;
		}
	}
	va_end(args);
}

void printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}
