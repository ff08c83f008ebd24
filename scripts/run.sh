#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run build/vmm with ARGS on this host's KVM when it has one, else inside
# a VM whose kernel has KVM (scripts/vmtest.sh), saying so in one line:
#
#   scripts/run.sh -readconfig configs/default.cfg --info slots
#
# The exit status is vmm's (its debug exit, (value << 1) | 1, for a guest
# that ended through the debug-exit port), or vmtest.sh's own 119-125
# when the VM could not run it.  Environment: BUILD (default build),
# VMTEST_FLAGS (options for scripts/vmtest.sh, default --memory 2G).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in
/*) vmm=$BUILD/vmm ;;
*) vmm=$top/$BUILD/vmm ;;
esac

if [ ! -x "$vmm" ]; then
	echo "run.sh: $vmm: not built (run make)" >&2
	exit 1
fi
if "$vmm" --caps >/dev/null 2>&1; then
	exec "$vmm" "$@"
fi
echo "run.sh: no usable /dev/kvm here: running $vmm inside a VM with KVM (scripts/vmtest.sh)" >&2
# shellcheck disable=SC2086
exec "$top/scripts/vmtest.sh" ${VMTEST_FLAGS:---memory 2G} -- "$vmm" "$@"
