#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `git bisect run` helper for kernel developers: (optionally) build the
# kernel tree it runs in, boot the result in scripts/vmtest.sh's VM, run
# memslot-vmm's selftests there, and answer as git bisect wants:
#
#   0    good: the tests passed (or all skipped)
#   1    bad: a test failed, a test hung past the time limit, or the kernel
#        died (panic, oops=panic) while the tests ran
#   125  untestable: the kernel does not build, does not boot, has no
#        usable KVM, or the VM cannot start
# never anything above 127 (that would stop the bisection).
#
#   cd ~/linux && git bisect start BAD GOOD
#   git bisect run ~/memslot-vmm/scripts/bisect-run.sh --build \
#       --tests "slot_layout_test readonly_slot_test"
#
# Options:
#   --build            merge configs/kernel/vmtest.config into .config
#                      (scripts/kconfig/merge_config.sh), make olddefconfig,
#                      build bzImage and modules, install the modules into a
#                      temporary directory
#   --kernel IMAGE     boot IMAGE (default arch/x86/boot/bzImage here)
#   --modules DIR      its modules (default: the --build install, else
#                      what vmtest.sh finds)
#   --tests "A B"      selftest names (default: the whole suite)
#   -j N               build jobs (default nproc)
# Any other option goes to scripts/vmtest.sh (--numa 2, --memory 8G, ...).
# Environment: BISECT_VMTEST (the runner, default scripts/vmtest.sh).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
vmtest=${BISECT_VMTEST:-$top/scripts/vmtest.sh}

build=0
kernel=
modules=
tests=
jobs=$(nproc)
vm_opts=()
untestable()
{
	echo "bisect-run: untestable: $*" >&2
	exit 125
}

while [ $# -gt 0 ]; do
	case $1 in
	--build) build=1 ;;
	--kernel) kernel=${2:?}; shift ;;
	--modules) modules=${2:?}; shift ;;
	--tests) tests=${2:?}; shift ;;
	-j) jobs=${2:?}; shift ;;
	-j*) jobs=${1#-j} ;;
	--kernel=* | --modules=* | --tests=*)
		set -- "${1%%=*}" "${1#*=}" "${@:2}"; continue ;;
	*) vm_opts+=("$1") ;;
	esac
	shift
done

mods_tmp=
trap '[ -n "$mods_tmp" ] && rm -rf "$mods_tmp"' EXIT

# The kernel tree's own build; any failure makes this commit untestable.
build_kernel()
{
	local log

	[ -f Makefile ] && [ -d arch/x86 ] ||
		untestable "--build: $(pwd) is not a kernel tree"
	[ -f .config ] || make -s defconfig >/dev/null 2>&1 ||
		untestable "make defconfig failed"
	scripts/kconfig/merge_config.sh -m .config \
		"$top/configs/kernel/vmtest.config" >/dev/null 2>&1 &&
		make -s olddefconfig >/dev/null 2>&1 ||
		untestable "merging configs/kernel/vmtest.config failed"
	log=$(mktemp /tmp/bisect-build.XXXXXX)
	make -s -j"$jobs" bzImage modules >"$log" 2>&1 || {
		tail -n 20 "$log" >&2
		rm -f "$log"
		untestable "the kernel does not build"
	}
	rm -f "$log"
	mods_tmp=$(mktemp -d /tmp/bisect-mods.XXXXXX)
	make -s INSTALL_MOD_PATH="$mods_tmp" modules_install >/dev/null 2>&1 ||
		untestable "make modules_install failed"
	modules=$mods_tmp/lib/modules/$(make -s kernelrelease)
}

[ "$build" = 1 ] && build_kernel
[ -n "$kernel" ] || kernel=arch/x86/boot/bzImage
[ -f "$kernel" ] || untestable "no kernel image $kernel"
kernel=$(cd "$(dirname "$kernel")" && pwd)/$(basename "$kernel")
[ -n "$modules" ] && vm_opts+=(--modules "$modules")

# The suite is built once, on the host; it does not depend on the kernel.
make -s -C "$top" all >/dev/null 2>&1 ||
	untestable "memslot-vmm does not build (make -C $top)"

cd "$top" || untestable "cannot enter $top"
sel=()
[ -n "$tests" ] && sel=("T=$tests")
"$vmtest" --kernel "$kernel" "${vm_opts[@]}" -- \
	make --no-print-directory run-tests PROVE_FLAGS=-j1 "${sel[@]}"
status=$?
case $status in
0 | 4) exit 0 ;;
120 | 121 | 122 | 123 | 125) exit 125 ;;
*) exit 1 ;;
esac
