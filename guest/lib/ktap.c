// SPDX-License-Identifier: GPL-2.0
#include "ktap.h"
#include "printf.h"

#define KTAP_INDENT	"    "

static const char *ktap_name;
static unsigned int ktap_plan, ktap_done, ktap_first_fail;

void ktap_begin(const char *name, unsigned int plan)
{
	ktap_name = name;
	ktap_plan = plan;
	printf(KTAP_INDENT "KTAP version 1\n"
	       KTAP_INDENT "# Subtest: %s\n"
	       KTAP_INDENT "1..%u\n", name, plan);
}

void ktap_diag(const char *fmt, ...)
{
	va_list ap;

	printf(KTAP_INDENT "# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static void ktap_line(bool pass, const char *fmt, va_list ap)
{
	ktap_done++;
	if (!pass && !ktap_first_fail)
		ktap_first_fail = ktap_done;
	printf(KTAP_INDENT "%sok %u ", pass ? "" : "not ", ktap_done);
	vprintf(fmt, ap);
}

void ktap_result(bool pass, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ktap_line(pass, fmt, ap);
	va_end(ap);
	printf("\n");
}

void ktap_skip(const char *reason, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ktap_line(true, fmt, ap);
	va_end(ap);
	printf(" # SKIP %s\n", reason);
}

unsigned int ktap_status(void)
{
	if (ktap_first_fail)
		return ktap_first_fail;
	if (ktap_done != ktap_plan) {
		ktap_diag("planned %u cases, ran %u", ktap_plan, ktap_done);
		return GUEST_EXIT_PLAN;
	}
	return GUEST_EXIT_PASS;
}

void ktap_end(unsigned int value, const char *reason)
{
	const char *name = ktap_name ? ktap_name : "guest";

	ktap_diag("exit 0x%x", value);
	if (!value)
		printf("ok 1 %s\n", name);
	else if (reason)
		printf("not ok 1 %s # %s\n", name, reason);
	else
		printf("not ok 1 %s\n", name);
}
