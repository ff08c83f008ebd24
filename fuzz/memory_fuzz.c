// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the memory core.  The input is the stream of choices
 * of selftests/lib/flatview_model.c (the property test's model, shared):
 * the tree's shape, then region operations (add, add-overlap, delete,
 * move, alias offset, enable, readonly, romd, dirty logging) alone or in
 * nested transactions, the view checked against the brute-force model
 * after each.  A difference prints the history and aborts.
 */
#include <stdio.h>
#include <stdlib.h>

#include "flatview_model.h"
#include "fuzz_input.h"

static unsigned int input_rnd(void *opaque, unsigned int n)
{
	return (unsigned int)(fuzz_take(opaque, n > 256 ? 2 : 1) % n);
}

static bool input_done(void *opaque)
{
	return fuzz_done(opaque);
}

static const char *input_where(void *opaque)
{
	(void)opaque;
	return "fuzz input";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { .data = data, .size = size };
	const struct fvm_source src = {
		.rnd = input_rnd, .done = input_done, .where = input_where,
		.opaque = &in,
	};

	fvm_run_topology(&src);
	if (fvm_failures()) {
		fprintf(stderr, "memory_fuzz: the view differs from the model "
			"(history above)\n");
		abort();
	}
	return 0;
}
