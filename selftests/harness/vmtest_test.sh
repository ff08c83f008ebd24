#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# scripts/vmtest.sh's own test: every documented exit status (the
# command's 0, 1 and 4; 119 kernel died under the command; 120 panic
# before it; 121 boot never reached it; 122 no usable KVM; 123 QEMU could
# not start; 124 command past --timeout; 125 bad usage) comes back with its
# one-line reason, output arrives, and scripts/bisect-run.sh maps each to
# git bisect's 0 / 1 / 125.  The VMs boot in parallel, small (512M).
#
# Needs qemu-system-x86_64 and a kernel (scripts/deps.sh installs both);
# SKIPs without them.  KERNEL=IMAGE picks the kernel.
set -u
cd "$(dirname "$0")/../.." || exit 1

tap_n=0
fails=0
ok()
{
	tap_n=$((tap_n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $tap_n $2"
	else
		echo "not ok $tap_n $2"
		fails=$((fails + 1))
	fi
}

echo "TAP version 13"
kernel=${KERNEL:-}
[ -n "$kernel" ] || kernel=$(ls -1 /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)
if ! command -v "${QEMU:-qemu-system-x86_64}" >/dev/null; then
	echo "1..0 # SKIP qemu-system-x86_64 is not installed (scripts/deps.sh)"
	exit 4
fi
if [ -z "$kernel" ] || [ ! -r "$kernel" ]; then
	echo "1..0 # SKIP no readable kernel image in /boot (scripts/deps.sh installs linux-image-amd64)"
	exit 4
fi
if [ -n "${VMTEST:-}" ]; then
	echo "1..0 # SKIP inside vmtest.sh's VM: the runner's tests boot VMs from the host"
	exit 4
fi

tmp=$(mktemp -d /tmp/vmtest-test.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
vm="scripts/vmtest.sh ${KERNEL:+--kernel $KERNEL} --memory 512M"

# name, expected status, vmtest arguments...; runs in the background.
case_start()
{
	local name=$1

	shift
	( "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"; echo $? >"$tmp/$name.status" ) &
}

# A modules tree without 9p: the init cannot mount the host root.
mkdir -p "$tmp/mods-no9p"
: >"$tmp/mods-no9p/modules.dep"

# Two at a time: a TCG boot keeps one core busy.  The time limit of the
# timeout case is three times what a whole run took here just before, so
# that its command surely starts first however loaded the machine is.
start=$(date +%s)
case_start status0 $vm -- sh -c 'echo vmtest-marker-out; echo vmtest-marker-err >&2; exit 0'
case_start status1 $vm -- sh -c 'exit 1'
wait
limit=$((3 * ($(date +%s) - start)))
[ "$limit" -ge 15 ] || limit=15
case_start timeout $vm --timeout "$limit" -- sleep 600
timeout_pid=$!
# It idles once booted: the others go on beside it.
wait_others()
{
	local p

	for p in $(jobs -p); do
		[ "$p" = "$timeout_pid" ] || wait "$p"
	done
}
case_start status4 $vm -- sh -c 'exit 4'
wait_others
case_start panic $vm -- sh -c 'echo c >/proc/sysrq-trigger; sleep 60'
case_start earlypanic $vm --append "rdinit=/nonexistent" -- true
wait_others
case_start noroot $vm --modules "$tmp/mods-no9p" -- true
case_start nokvm $vm --append "module_blacklist=kvm_amd,kvm_intel,kvm" -- true
wait_others
case_start boottimeout $vm --timeout 5 --append vmtest.hang-boot -- true
case_start noqemu $vm --memory 100T -- true
case_start badopt $vm --bogus -- true
case_start nokernel scripts/vmtest.sh --kernel "$tmp/none" -- true
wait

# Where /dev has no kvm node (a private /dev of the host's null, zero and
# random nodes), picking the accelerator must not create one: as root a
# plain read-write open would, and every KVM test after would take a
# regular file for /dev/kvm.  Needs root and unshare(1).
nodevkvm()
{
	unshare -m sh -c '
		set -e
		mkdir "$1/dev"
		mount -t tmpfs -o mode=0755 none "$1/dev"
		for n in null zero random urandom; do
			touch "$1/dev/$n"
			mount --bind "/dev/$n" "$1/dev/$n"
		done
		mount --bind "$1/dev" /dev
		set +e
		$2 --memory 100T -- true >/dev/null 2>&1
		echo "status $?"
		if [ -e /dev/kvm ]; then echo created; else echo absent; fi
	' sh "$tmp" "$vm" 2>"$tmp/nodevkvm.err"
}

echo "1..18"
# check NAME STATUS REASON-REGEX: the status, and the reason on stderr in
# one line that names it (no reason for the command's own statuses).
check()
{
	local name=$1 want=$2 re=$3 got

	got=$(cat "$tmp/$name.status")
	if [ "$got" = "$want" ] && { [ -z "$re" ] || grep -qE -- "$re" "$tmp/$name.err"; }; then
		ok 0 "$name: status $want${re:+, reason /$re/}"
	else
		echo "# $name: status $got, want $want; stderr:"
		sed 's/^/#   /' "$tmp/$name.err" | tail -n 5
		ok 1 "$name: status $want${re:+, reason /$re/}"
	fi
}
check status0 0 ''
grep -qx vmtest-marker-out "$tmp/status0.out" && grep -qx vmtest-marker-err "$tmp/status0.out"
ok $? "status0: the command's stdout and stderr arrive on stdout"
check status1 1 ''
check status4 4 ''
check panic 119 'panicked while the command ran'
check earlypanic 120 'panicked before the command started'
check timeout 124 "did not finish within $limit s"
check noroot 121 'could not be set up: mount hostroot'
check nokvm 122 'no usable KVM'
check boottimeout 121 'did not reach the command within 5 s'
check noqemu 123 'QEMU could not start'
check badopt 125 '--bogus: unknown option'
check nokernel 125 "--kernel $tmp/none: no such readable file"
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null; then
	out=$(nodevkvm)
	echo "# no /dev/kvm: $(echo $out)"
	[ "$out" = "status 123
absent" ] || sed 's/^/#   /' "$tmp/nodevkvm.err"
	[ "$out" = "status 123
absent" ]
	ok $? "no /dev/kvm: the accelerator is TCG and no /dev/kvm is created (status 123 with -m 100T)"
else
	echo "ok $((tap_n += 1)) no /dev/kvm: none created # SKIP needs root and unshare(1)"
fi
n=0
for c in badopt nokernel; do
	n=$((n + $(wc -l <"$tmp/$c.err")))
done
[ "$n" = 2 ]
ok $? "bad usage: exactly one line on stderr each ($n lines for 2)"

# The bisect wrapper's mapping, through a stand-in for vmtest.sh that
# returns what it is told: good 0, bad 1, untestable 125, never above 127.
cat >"$tmp/fake-vmtest" <<'EOF'
#!/bin/sh
exit "$FAKE_STATUS"
EOF
chmod +x "$tmp/fake-vmtest"
bisect_map()
{
	local s got out=""

	for s in "$@"; do
		VMTEST="" FAKE_STATUS=$s BISECT_VMTEST="$tmp/fake-vmtest" \
			scripts/bisect-run.sh --kernel "$kernel" >/dev/null 2>&1
		got=$?
		out="$out $s:$got"
	done
	echo "$out"
}
got=$(bisect_map 0 4)
[ "$got" = " 0:0 4:0" ]
ok $? "bisect-run: the suite passed (0) or skipped (4) -> good 0 ($got)"
got=$(bisect_map 1 2 119 124 126 127 128 137 255)
[ "$got" = " 1:1 2:1 119:1 124:1 126:1 127:1 128:1 137:1 255:1" ]
ok $? "bisect-run: a test failed, hung or the kernel died under it -> bad 1 ($got)"
got=$(bisect_map 120 121 122 123 125)
[ "$got" = " 120:125 121:125 122:125 123:125 125:125" ]
ok $? "bisect-run: no boot, no KVM, no VM -> untestable 125 ($got)"
echo "# vmtest.sh statuses checked on ${KERNEL:-the default kernel}"
[ "$fails" = 0 ]
