#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run a command inside a QEMU VM on the kernel of your choice, with KVM
# inside, the host's root file system shared read-only (9p) under an
# overlay in RAM, and the command's output streamed here as it comes:
#
#   scripts/vmtest.sh [options] [--] COMMAND [ARGS...]
#   scripts/vmtest.sh -- make -s run-tests
#   scripts/vmtest.sh --kernel ~/linux/arch/x86/boot/bzImage \
#       --modules /tmp/mods/lib/modules/6.13.0 --numa 2 -- build/vmm --caps
#
# The VM runs under KVM when /dev/kvm opens and the host's KVM lets guests
# nest (VMX or SVM, kvm-amd/kvm-intel nested=1), under TCG (-cpu max, which
# emulates AMD SVM) otherwise.
# The command runs as root in the current directory (the same path in the
# VM), with stdin from /dev/null; what it writes outside --rw directories
# is lost with the VM.
#
# Options:
#   -k, --kernel IMAGE   kernel to boot (default: the one Debian's
#                        linux-image-amd64 depends on, else the newest
#                        /boot/vmlinuz-*)
#   -M, --modules DIR    its modules (default /lib/modules/VERSION, the
#                        version read from IMAGE; "none" when everything
#                        needed is built in); the load order comes from
#                        DIR/modules.dep
#   -c, --cpus N         vCPUs (default 1: TCG's nested KVM crawls with
#                        more than one)
#   -m, --memory SIZE    VM memory, QEMU's syntax (default 12G; give it
#                        more than the largest QEMU a test starts inside)
#   --numa N             N NUMA nodes, the memory split evenly, the vCPUs
#                        dealt round-robin (default 1: no -numa at all)
#   --append ARGS        extra kernel command line
#   --timeout SECONDS    bound on the whole run, boot included (default
#                        1800)
#   --accel auto|kvm|tcg (default auto)
#   --no-kvm             do not require a usable KVM inside the VM
#   --rw DIR             share DIR writable (repeatable): what the command
#                        writes there reaches the host
#   --env NAME[=VALUE]   pass NAME into the command's environment (its
#                        value here, or VALUE); PATH, HOME, TERM are set
#   -v, --verbose        copy the kernel's console to stderr as it comes
#   -h, --help
#
# Environment: QEMU (default qemu-system-x86_64), BUILD (where
# vmtest-init is built, default build), KEEP=DIR (keep the VM's files:
# kernel log, QEMU's stderr, initramfs).
#
# Exit status: the command's own (128 + N when killed by signal N), or
# one of these, each with one line on stderr saying why:
#   119  the kernel died while the command ran (panic, oops=panic, the VM
#        stopped without the command's status)
#   120  the kernel panicked before the command started
#   121  the boot never reached the command (init failed, or --timeout
#        passed first)
#   122  the kernel has no usable KVM (modules missing or failing, no
#        VMX/SVM in the VM's CPU, KVM_CREATE_VM failing)
#   123  QEMU could not start the VM
#   124  the command did not finish within --timeout
#   125  bad usage, or a file the runner needs is missing
set -u
# The whole script is one compound command, parsed before it runs: editing
# this file while a run is under way cannot change what that run does.
{
me=vmtest
top=$(cd "$(dirname "$0")/.." && pwd)

usage_error()
{
	echo "$me: $*" >&2
	exit 125
}

kernel=
modules=
cpus=1
memory=12G
numa=1
append=
timeout=1800
accel=auto
need_kvm=1
verbose=0
rw_dirs=()
envs=()

need_arg()
{
	[ "$2" -ge 2 ] || usage_error "$1: missing argument (see --help)"
}

is_uint()
{
	case $1 in '' | *[!0-9]*) return 1 ;; esac
	[ "$1" -ge "${2:-0}" ]
}

while [ $# -gt 0 ]; do
	case $1 in
	-k | --kernel) need_arg "$1" $#; kernel=$2; shift ;;
	-M | --modules) need_arg "$1" $#; modules=$2; shift ;;
	-c | --cpus) need_arg "$1" $#; cpus=$2; shift ;;
	-m | --memory) need_arg "$1" $#; memory=$2; shift ;;
	--numa) need_arg "$1" $#; numa=$2; shift ;;
	--append) need_arg "$1" $#; append=$2; shift ;;
	--timeout) need_arg "$1" $#; timeout=$2; shift ;;
	--accel) need_arg "$1" $#; accel=$2; shift ;;
	--no-kvm) need_kvm=0 ;;
	--rw) need_arg "$1" $#; rw_dirs+=("$2"); shift ;;
	--env) need_arg "$1" $#; envs+=("$2"); shift ;;
	-v | --verbose) verbose=1 ;;
	-h | --help) sed -n '3,/^set -u/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
		exit 0 ;;
	--) shift; break ;;
	-*) usage_error "$1: unknown option (see --help)" ;;
	*) break ;;
	esac
	shift
done

[ $# -gt 0 ] || usage_error "no command to run (usage: $me [options] -- COMMAND [ARGS...])"
is_uint "$cpus" 1 || usage_error "--cpus $cpus: not a number of vCPUs (1 or more)"
is_uint "$numa" 1 && [ "$numa" -le 64 ] ||
	usage_error "--numa $numa: not a number of nodes (1 to 64)"
is_uint "$timeout" 1 || usage_error "--timeout $timeout: not a number of seconds (1 or more)"
case $accel in auto | kvm | tcg) ;;
*) usage_error "--accel $accel: valid: auto, kvm, tcg" ;;
esac

# SIZE in QEMU's syntax (a bare number is MiB) to MiB.
memory_mib()
{
	local n=${1%[kKmMgGtT]} s=${1#"${1%[kKmMgGtT]}"}

	is_uint "$n" 1 || return 1
	case $s in
	k | K) echo $((n / 1024)) ;;
	'' | m | M) echo "$n" ;;
	g | G) echo $((n * 1024)) ;;
	t | T) echo $((n * 1024 * 1024)) ;;
	esac
}
mem_mib=$(memory_mib "$memory") && [ "$mem_mib" -ge 256 ] ||
	usage_error "--memory $memory: not a size of 256M or more (K/M/G/T suffixes, a bare number is MiB)"
[ $((mem_mib / numa)) -ge 128 ] ||
	usage_error "--numa $numa: --memory $memory leaves less than 128M a node"

QEMU=${QEMU:-qemu-system-x86_64}
command -v "$QEMU" >/dev/null ||
	usage_error "QEMU=$QEMU: not found (scripts/deps.sh installs qemu-system-x86)"

# The kernel Debian's linux-image-amd64 stands for, else the newest one.
default_kernel()
{
	local dep

	dep=$(dpkg-query -W -f='${Depends}' linux-image-amd64 2>/dev/null |
	      sed -n 's/^\(linux-image-[^ ,]*\).*/\1/p')
	if [ -n "$dep" ] && [ -f "/boot/vmlinuz-${dep#linux-image-}" ]; then
		echo "/boot/vmlinuz-${dep#linux-image-}"
		return
	fi
	ls -1 /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1
}

# The release string a bzImage carries (boot protocol: the 16-bit
# kernel_version field at 0x20e points to it, 0x200 bytes before).
kernel_release()
{
	local off

	off=$(od -An -tu2 -j 526 -N 2 "$1" 2>/dev/null | tr -d ' ')
	[ -n "$off" ] || return 1
	dd if="$1" bs=1 skip=$((off + 512)) count=256 2>/dev/null |
		tr '\0' '\n' | head -n 1 | cut -d' ' -f1
}

[ -n "$kernel" ] || kernel=$(default_kernel)
[ -n "$kernel" ] ||
	usage_error "--kernel: none given and no /boot/vmlinuz-* (scripts/deps.sh installs linux-image-amd64)"
[ -f "$kernel" ] && [ -r "$kernel" ] ||
	usage_error "--kernel $kernel: no such readable file (a bzImage: arch/x86/boot/bzImage or /boot/vmlinuz-*)"
release=$(kernel_release "$kernel")
[ -n "$release" ] ||
	usage_error "--kernel $kernel: not an x86 bzImage (no kernel version in its header)"
[ -n "$modules" ] || modules=/lib/modules/$release
if [ "$modules" != none ] && [ ! -f "$modules/modules.dep" ]; then
	usage_error "--modules $modules: no modules.dep there (the modules of $release: make modules_install INSTALL_MOD_PATH=DIR, or none when built in)"
fi
for d in "${rw_dirs[@]}"; do
	[ -d "$d" ] || usage_error "--rw $d: not a directory"
done

work=$(mktemp -d /tmp/vmtest.XXXXXX) || usage_error "cannot make a temporary directory"
qemu_pid=
tail_pid=
cleanup()
{
	[ -n "$qemu_pid" ] && kill -9 "$qemu_pid" 2>/dev/null
	[ -n "$tail_pid" ] && kill "$tail_pid" 2>/dev/null
	if [ -n "${KEEP:-}" ]; then
		mkdir -p "$KEEP" && cp -r "$work"/. "$KEEP"/
	fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The init: built by the Makefile, statically, once per build directory.
BUILD=${BUILD:-build}
case $BUILD in
/*) init=$BUILD/vmtest-init ;;
*) init=$top/$BUILD/vmtest-init ;;
esac
make -s -C "$top" BUILD="$BUILD" "$BUILD/vmtest-init" >"$work/make.log" 2>&1 || {
	cat "$work/make.log" >&2
	usage_error "cannot build $BUILD/vmtest-init (needs gcc and libc6-dev's static libc)"
}

# Module files in load order: the wanted ones and, before each, its
# dependencies from modules.dep; built-in ones are left out.
module_order()
{
	local builtin=$modules/modules.builtin

	[ -f "$builtin" ] || builtin=/dev/null
	awk -v want="$*" '
	function name(p) {
		sub(/.*\//, "", p); sub(/\.ko(\.(xz|zst|gz))?$/, "", p)
		gsub(/-/, "_", p); return p
	}
	function visit(m,   i, n, d) {
		if (m in seen) return
		seen[m] = 1
		n = split(deps[m], d, " ")
		for (i = 1; i <= n; i++) visit(name(d[i]))
		if (m in path) print path[m]
	}
	FNR == 1 { file++ }
	file == 1 {
		m = $1; sub(/:$/, "", m); k = name(m); path[k] = m
		$1 = ""; deps[k] = $0; next
	}
	file == 2 { builtin[name($0)] = 1 }
	END {
		n = split(want, w, " ")
		for (i = 1; i <= n; i++) {
			k = name(w[i])
			if (!(k in path) && !(k in builtin))
				print "missing " k > "/dev/stderr"
			visit(k)
		}
	}' "$modules/modules.dep" "$builtin" 2>"$work/modules.missing"
}

# The initramfs: init, the modules (decompressed here: a kernel need not
# know xz), the list, the command.
make_initramfs()
{
	local root=$work/initramfs m dst

	mkdir -p "$root/m" "$root/vmtest" || return 1
	cp "$init" "$root/init" || return 1
	if [ "$modules" != none ]; then
		for m in $(module_order virtio_pci 9pnet_virtio 9p overlay \
			   kvm_amd kvm_intel); do
			dst=$root/m/$(basename "${m%.xz}")
			dst=${dst%.zst}
			dst=${dst%.gz}
			case $m in
			*.xz) xz -dc "$modules/$m" >"$dst" ;;
			*.zst) zstd -qdc "$modules/$m" >"$dst" ;;
			*.gz) gzip -dc "$modules/$m" >"$dst" ;;
			*) cp "$modules/$m" "$dst" ;;
			esac || return 1
			echo "/m/${dst##*/}" >>"$root/modules.load"
		done
	fi
	write_command "$@" >"$root/vmtest/cmd" || return 1
	[ "$need_kvm" = 1 ] && : >"$root/vmtest/need-kvm"
	local i=0
	for d in "${rw_dirs[@]}"; do
		echo "rw$i $(cd "$d" && pwd)" >>"$root/vmtest/rw"
		i=$((i + 1))
	done
	(cd "$root" && find . | cpio -o -H newc --quiet) >"$work/initramfs.cpio"
}

# The command as a shell script: its directory, its environment, itself.
write_command()
{
	local e

	printf 'cd %q || exit 125\n' "$PWD"
	for e in "${envs[@]}"; do
		case $e in
		*=*) printf 'export %q\n' "$e" ;;
		*) [ -n "${!e+x}" ] && printf 'export %q\n' "$e=${!e}" ;;
		esac
	done
	printf 'exec'
	printf ' %q' "$@"
	printf '\n'
}

# The bzImage's payload as an ELF vmlinux with a PVH entry note (Xen
# note type 0x12), which QEMU boots directly: decompressing the kernel
# under TCG costs seconds on every boot, so it is done once here and kept
# in $BUILD/vmtest-cache, keyed by the image's path, size and mtime.
# Empty when the image has no such payload: then the bzImage boots.
pvh_vmlinux()
{
	local key cache off magic tool

	key=$(stat -L -c '%n %s %Y %i' "$1" | md5sum | cut -c1-16)
	cache=${init%/*}/vmtest-cache/vmlinux-$key
	if [ ! -f "$cache" ]; then
		mkdir -p "${cache%/*}" || return 0
		for tool in xz zstd gzip; do
			case $tool in
			xz) magic=$'\xfd7zXZ' ;;
			zstd) magic=$'\x28\xb5\x2f\xfd' ;;
			gzip) magic=$'\x1f\x8b\x08' ;;
			esac
			for off in $(LC_ALL=C grep -abo "$magic" "$1" |
				     cut -d: -f1 | head -n 4); do
				tail -c +$((off + 1)) "$1" |
					$tool -dc >"$cache.tmp" 2>/dev/null
				if readelf -n "$cache.tmp" 2>/dev/null |
				   grep -q 'Xen.*(0x00000012)'; then
					mv "$cache.tmp" "$cache"
					break 2
				fi
			done
		done
		rm -f "$cache.tmp"
	fi
	[ -f "$cache" ] && echo "$cache"
}

# KVM when it opens here and this host's KVM lets its guests nest (the
# kvm-amd or kvm-intel "nested" parameter): else the VM would have no
# SVM/VMX to give its own KVM.
pick_accel()
{
	local nested

	[ "$accel" != auto ] && { echo "$accel"; return; }
	nested=$(cat /sys/module/kvm_amd/parameters/nested \
		 /sys/module/kvm_intel/parameters/nested 2>/dev/null | head -n 1)
	# -c first: as root, 3<> would create a regular file /dev/kvm where
	# there is none, and every KVM test after would take it for KVM.
	if [ -c /dev/kvm ] && (exec 3<>/dev/kvm) 2>/dev/null &&
	   grep -qwE 'vmx|svm' /proc/cpuinfo &&
	   { [ "$nested" = 1 ] || [ "$nested" = Y ]; }; then
		echo kvm
	else
		echo tcg
	fi
}

numa_args()
{
	local i c per=$((mem_mib / numa)) size

	[ "$numa" -gt 1 ] || return 0
	for ((i = 0; i < numa; i++)); do
		size=$per
		[ $i -eq $((numa - 1)) ] && size=$((mem_mib - per * (numa - 1)))
		printf -- '-object\0memory-backend-ram,id=vmtest-m%d,size=%dM\0' "$i" "$size"
		printf -- '-numa\0node,nodeid=%d,memdev=vmtest-m%d' "$i" "$i"
		for ((c = i; c < cpus; c += numa)); do
			printf ',cpus=%d' "$c"
		done
		printf '\0'
	done
}

make_initramfs "$@" ||
	usage_error "cannot build the initramfs from $modules (see KEEP=DIR)"
if [ -s "$work/modules.missing" ]; then
	echo "$me: $modules: $(sort -u "$work/modules.missing" | tr '\n' ' ')(not in modules.dep or modules.builtin; fine if built in)" >&2
fi

acc=$(pick_accel)
boot_image=$(pvh_vmlinux "$kernel")
[ -n "$boot_image" ] || boot_image=$kernel
mapfile -d '' numa_opts < <(numa_args)
kcmd="console=ttyS0,115200 panic=-1 rdinit=/init $append"
rw_opts=()
i=0
for d in "${rw_dirs[@]}"; do
	rw_opts+=(-virtfs "local,path=$(cd "$d" && pwd),mount_tag=rw$i,security_model=none,multidevs=remap")
	i=$((i + 1))
done

: >"$work/console.log"
: >"$work/out.log"
timeout -k 5 "$timeout" "$QEMU" -accel "$acc" -cpu max -smp "$cpus" \
	-m "${mem_mib}M" "${numa_opts[@]}" \
	-nodefaults -no-user-config -no-reboot -display none -vga none \
	-kernel "$boot_image" -initrd "$work/initramfs.cpio" -append "$kcmd" \
	-serial "file:$work/console.log" -serial "file:$work/out.log" \
	-virtfs local,path=/,mount_tag=hostroot,readonly=on,security_model=none,multidevs=remap \
	"${rw_opts[@]}" </dev/null >"$work/qemu.out" 2>"$work/qemu.err" &
qemu_pid=$!
tail -n +1 -s 0.2 -f --pid="$qemu_pid" "$work/out.log" &
tail_pid=$!
if [ "$verbose" = 1 ]; then
	tail -n +1 -s 0.2 -f --pid="$qemu_pid" "$work/console.log" >&2 &
fi
wait "$qemu_pid"
qemu_status=$?
qemu_pid=
wait "$tail_pid"
tail_pid=
wait

# What the VM said, in the order it matters.
log=$work/console.log
marker()
{
	tr -d '\r' <"$log" | sed -n "s/^vmtest-init: $1 *//p" | tail -n 1
}
started=0
grep -q '^vmtest-init: started' "$log" && started=1
panic=$(tr -d '\r' <"$log" | grep -m1 -E 'Kernel panic - not syncing')
status=$(marker status)
nokvm=$(marker nokvm)
fatal=$(marker fatal)

if [ -n "$status" ]; then
	exit "$status"
fi
if [ -n "$nokvm" ]; then
	echo "$me: no usable KVM in $release: $nokvm" >&2
	exit 122
fi
if [ -n "$panic" ]; then
	if [ "$started" = 1 ]; then
		echo "$me: $release panicked while the command ran: ${panic#*] }" >&2
		exit 119
	fi
	echo "$me: $release panicked before the command started: ${panic#*] }" >&2
	exit 120
fi
if [ "$qemu_status" = 124 ] || [ "$qemu_status" = 137 ]; then
	if [ "$started" = 1 ]; then
		echo "$me: the command did not finish within $timeout s (VM killed)" >&2
		exit 124
	fi
	echo "$me: the boot of $release did not reach the command within $timeout s${fatal:+: $fatal}" >&2
	exit 121
fi
if [ ! -s "$log" ] && [ "$qemu_status" != 0 ]; then
	echo "$me: QEMU could not start the VM: $(grep -m1 . "$work/qemu.err")" >&2
	exit 123
fi
if [ -n "$fatal" ]; then
	echo "$me: the VM could not be set up: $fatal" >&2
	exit 121
fi
if [ "$started" = 1 ]; then
	echo "$me: the VM stopped while the command ran, without its status (QEMU status $qemu_status)" >&2
	exit 119
fi
echo "$me: the VM stopped before the command started (QEMU status $qemu_status; KEEP=DIR keeps its console log)" >&2
exit 121
}
