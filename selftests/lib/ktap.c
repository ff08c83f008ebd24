// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ktap.h"

static unsigned int ktap_nr, ktap_pass, ktap_fail, ktap_skip, ktap_xfail;
static unsigned int ktap_xpass;
static unsigned int ktap_plan;

void ktap_print_header(void)
{
	printf("TAP version 13\n");
}

void ktap_set_plan(unsigned int plan)
{
	ktap_plan = plan;
	printf("1..%u\n", plan);
}

void ktap_print_msg(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

void ktap_print_lines(const char *text)
{
	while (text && *text) {
		int n = (int)strcspn(text, "\n");

		printf("#   %.*s\n", n, text);
		text += n;
		if (*text)
			text++;
	}
	fflush(stdout);
}

static void ktap_result(const char *status, const char *directive,
			const char *reason, const char *fmt, va_list ap)
{
	printf("%s %u ", status, ++ktap_nr);
	vprintf(fmt, ap);
	if (directive)
		printf(" # %s %s", directive, reason);
	printf("\n");
	fflush(stdout);
}

void ktap_test_result(bool pass, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ktap_result(pass ? "ok" : "not ok", NULL, NULL, fmt, ap);
	va_end(ap);
	if (pass)
		ktap_pass++;
	else
		ktap_fail++;
}

void ktap_test_skip(const char *fmt, ...)
{
	char reason[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	printf("ok %u # SKIP %s\n", ++ktap_nr, reason);
	fflush(stdout);
	ktap_skip++;
}

void ktap_test_xfail(const char *reason, const char *fmt, ...)
{
	va_list ap;

	/* KTAP's XFAIL directive, on an "ok" line as kselftest prints it. */
	va_start(ap, fmt);
	ktap_result("ok", "XFAIL", reason, fmt, ap);
	va_end(ap);
	ktap_xfail++;
}

void ktap_test_xpass(const char *reason, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ktap_result("ok", "XPASS", reason, fmt, ap);
	va_end(ap);
	ktap_xpass++;
}

void ktap_skip_all(const char *fmt, ...)
{
	va_list ap;

	printf("1..0 # SKIP ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	exit(KSFT_SKIP);
}

void ktap_exit_fail_msg(const char *fmt, ...)
{
	va_list ap;

	printf("Bail out! ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	exit(KSFT_FAIL);
}

unsigned int ktap_failed(void)
{
	return ktap_fail;
}

void ktap_finished(void)
{
	printf("# Totals: pass:%u fail:%u xfail:%u xpass:%u skip:%u "
	       "error:0\n", ktap_pass, ktap_fail, ktap_xfail, ktap_xpass,
	       ktap_skip);
	if (ktap_plan && ktap_nr != ktap_plan) {
		printf("# Planned %u tests but ran %u\n", ktap_plan, ktap_nr);
		exit(KSFT_FAIL);
	}
	if (ktap_fail)
		exit(KSFT_FAIL);
	if (ktap_skip && !ktap_pass && !ktap_xfail && !ktap_xpass)
		exit(KSFT_SKIP);
	exit(KSFT_PASS);
}
