// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/error.h"

static __thread char error_msg[512];

void error_setf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(error_msg, sizeof(error_msg), fmt, ap);
	va_end(ap);
}

void error_prepend(const char *fmt, ...)
{
	char msg[sizeof(error_msg)];
	size_t n;
	va_list ap;

	va_start(ap, fmt);
	n = (size_t)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (n < sizeof(msg))
		snprintf(msg + n, sizeof(msg) - n, "%s", error_msg);
	memcpy(error_msg, msg, sizeof(msg));
}

const char *error_get(void)
{
	return error_msg[0] ? error_msg : "unknown error";
}

void error_clear(void)
{
	error_msg[0] = '\0';
}

void warn_report(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "vmm: warning: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
}
