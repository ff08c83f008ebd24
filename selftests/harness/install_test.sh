#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make install INSTALL_PATH=DIR: the kselftest tree that the kernel's
# run_kselftest.sh runs (kselftest-list.txt of collection:test lines, one
# directory per collection with the tests, settings and config), here
# installed into a temporary directory, moved elsewhere, and checked
# against what the source tree builds; then installed tests run from
# their directory, as kselftest's runner runs them, without the source
# tree.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-build}
dir=$(mktemp -d "${TMPDIR:-/tmp}/install-test.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
trap 'exit 143' TERM INT HUP	# ended at ksft-exec's limit: clean up too
col=memslot_vmm

. "$top/selftests/harness/tap.sh"
show() { sed 's/^/#   /' "$1"; }

echo "TAP version 13"
echo "1..12"

# An earlier install of ours and another collection's line.
mkdir -p "$dir/a"
printf 'other:some_test\n%s:gone_test\n' $col >"$dir/a/kselftest-list.txt"
# Not from inside make check's make: no jobserver, the same build.
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$top" -s install \
	INSTALL_PATH="$dir/a" BUILD="$build" SANITIZE="${SANITIZE:-}" \
	>"$dir/make.out" 2>&1
make_rc=$?
[ $make_rc = 0 ] || show "$dir/make.out"
check "make install INSTALL_PATH=DIR" [ $make_rc = 0 ]
[ $make_rc = 0 ] || exit 1	# nothing to look at: the plan is not met
# Anywhere on disk.
mv "$dir/a" "$dir/b"
inst=$dir/b
list=$inst/kselftest-list.txt

# What the list must name: every test the Makefile builds.
want=$(cd "$top" && ls selftests/unit/*_test.c selftests/kvm/*_test.c |
	sed 's,.*/,,; s,\.c$,,' | sort)
have=$(sed -n "s/^$col://p" "$list" | sort)
[ "$have" = "$want" ] || { echo "# listed:" $have; echo "# built:" $want; }
check "kselftest-list.txt names every test, $col:TEST" [ "$have" = "$want" ]
others_ok() {
	[ "$(grep -vc "^$col:" "$list")" = 1 ] &&
		grep -qx 'other:some_test' "$list"
}
check "another collection's line stays, our old one goes" others_ok

entries_ok() {
	for t in $have; do
		[ -f "$inst/$col/$t" ] && [ -x "$inst/$col/$t" ] || {
			echo "# $col/$t: not an executable file"
			return 1
		}
	done
}
check "every entry is an executable file in $col/" entries_ok
settings_ok() {
	grep -qx 'timeout=[1-9][0-9]*' "$inst/$col/settings" &&
		[ "$(grep '^timeout=' "$inst/$col/settings")" = \
		  "$(grep '^timeout=' "$top/selftests/settings")" ]
}
check "$col/settings: the timeout= of selftests/settings" settings_ok
check "$col/config: the kernel fragment" \
	cmp -s "$inst/$col/config" "$top/configs/kernel/vmtest.config"
images_ok() {
	[ -x "$inst/$col/$build/vmm" ] || return 1
	for f in "$top/$build"/guest/*.bin; do
		cmp -s "$f" "$inst/$col/$build/guest/${f##*/}" || return 1
	done
}
check "$col/$build/: vmm and every guest image" images_ok
scripts_ok() {
	[ -x "$inst/$col/scripts/qemu-diff.sh" ] &&
		for f in "$top"/configs/*.cfg; do
			cmp -s "$f" "$inst/$col/configs/${f##*/}" || return 1
		done
}
check "$col/scripts/qemu-diff.sh and $col/configs/*.cfg" scripts_ok
check "$col/selftests/known-issues" \
	cmp -s "$inst/$col/selftests/known-issues" "$top/selftests/known-issues"

# An installed test run as kselftest's runner runs it: from its directory,
# with nothing of ours in the environment.
run() {	# run TEST: TEST.out, TEST.rc
	(cd "$inst/$col" && env -u BUILD -u VMM "./$1" >"$dir/$1.out" 2>&1)
	echo $? >"$dir/$1.rc"
}
run config_test
ok=0
[ "$(cat "$dir/config_test.rc")" = 0 ] &&
	! grep -q '# SKIP' "$dir/config_test.out" && ok=1
[ $ok = 1 ] || grep -E '^not ok|# SKIP' "$dir/config_test.out" | sed 's/^/#   /'
check "installed config_test passes there, configs/ found" [ $ok = 1 ]

# One that boots the guest images in the installed vmm and compares with
# QEMU through the installed scripts/qemu-diff.sh.
run guest_rom_probe_test
rc=$(cat "$dir/guest_rom_probe_test.rc")
if [ "$rc" = 4 ]; then
	result 1 "installed guest_rom_probe_test passes there" \
		"SKIP $(sed -n 's/^1\.\.0 # SKIP //p' "$dir/guest_rom_probe_test.out")"
else
	[ "$rc" = 0 ] || grep -E '^not ok|^#' "$dir/guest_rom_probe_test.out" |
		sed 's/^/#   /'
	check "installed guest_rom_probe_test passes there" [ "$rc" = 0 ]
fi

# The installed vmm finds its default guest beside itself, from anywhere:
# e820-probe passes, status (0 << 1) | 1.
if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
	(cd / && "$inst/$col/$build/vmm" \
		-readconfig "$inst/$col/configs/default.cfg") \
		>"$dir/vmm.out" 2>&1
	rc=$?
	[ $rc = 1 ] || show "$dir/vmm.out"
	check "installed vmm boots its default guest from / (status 1)" \
		[ $rc = 1 ]
else
	result 1 "installed vmm boots its default guest from /" \
		"SKIP no usable /dev/kvm"
fi

exit $failed
