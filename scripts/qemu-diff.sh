#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run the same guest image and options under build/vmm and under QEMU, the
# reference, and show a unified diff of what the guest observed:
#
#   scripts/qemu-diff.sh [-q] QEMU ARGS...
#   scripts/qemu-diff.sh -M pc -m 4G -bios build/guest/e820-probe.bin
#
# ARGS are the options both accept (-M, -m, -bios, -nodefaults, -no-reboot,
# -fw_cfg ...).  Each side gets what it needs on top:
#   vmm   -device isa-debug-exit,iobase=0xf4,iosize=4 -serial stdio
#   QEMU  -enable-kvm, the same two, -display none -monitor none,
#         -fw_cfg name=opt/probe/unassigned,string=$UNASSIGNED and
#         -fw_cfg name=opt/memslot-vmm/stamps,file=F
# (the debug-exit device and opt/probe/unassigned only when ARGS do not
# name them already).  F is vmm's list of pages to stamp for the same
# machine (`vmm ARGS --dump stamps`, docs/witness.md): the guest stamps
# and checks the same pages under both; only vmm checks them host-side.
# Each run is killed after $TIMEOUT seconds (status 124).  Exit status:
#   0  the normalised observations and the exit statuses match
#   1  they differ
#   2  usage error
#   3  QEMU could not start, so there is nothing to compare: QEMU exited
#      by itself (status neither 0 nor timeout's 124 or 137), printed
#      nothing on stdout (COM1: every guest image prints a line first;
#      blank lines, the monitor's greeting and its "(qemu)" prompt do
#      not count), and wrote an error line on stderr,
#      "qemu-system-x86_64: ..." or "<basename of $QEMU>: ...", that is
#      not a warning.  The first such line is printed after "QEMU could
#      not start: ".  A QEMU that cannot allocate -m exits with 1, the
#      status of a guest's passing debug exit: this tells them apart.
#      selftests/lib/vmm_run.c's qemu_failed_to_start() decides the same.
# -q prints only the diff (nothing when they match), or the line above.
#
# Compared: every line the guest printed on COM1 (stdout), the warnings
# each program printed on stderr (without the "program: " prefix), and a
# final "status N" line.  Other stderr lines (vmm's messages and register
# dumps) are shown, not compared.
#
# Expected differences, normalised on both sides before the diff; every
# line changed is listed under "normalised" so that nothing is hidden:
#  1. Warnings that only QEMU prints, dropped from its side:
#     "warning: host doesn't support requested feature: ...": qemu64 asks
#     for CPUID bits that this host's KVM does not offer;
#     "warning: Machine type '...' is deprecated: ...": QEMU's support
#     policy (pc-i440fx-1.7), nothing the guest can see;
#     "warning: Number of SMP (or hotpluggable) cpus requested (N)
#     exceeds the recommended cpus supported by KVM (M)": -smp above the
#     host's CPU count, a remark on the host, not on the guest.
#  2. "e820 0x000000fd00000000 0x000000ffffffffff 2", the AMD
#     HyperTransport window [1 TiB - 12 GiB, 1 TiB) that QEMU 7.2 and vmm
#     reserve when the guest's CPU is AMD with phys-bits >= 40 and the
#     machine type is 7.1 or newer (not pc-i440fx-1.7).  On an AMD host
#     both guests are shown an AMD CPU and both lines are compared.  QEMU's
#     qemu64 is AMD (40 bits) on every host, vmm's CPU the host's: on a
#     host whose /proc/cpuinfo vendor_id is not AuthenticAMD, and only
#     there, the line is dropped from QEMU's side, with exactly these
#     bounds.
#  3. "paging phys-bits N gbpages G": the CPU model.  QEMU's qemu64 says
#     40 bits and no 1 GiB pages, vmm passes on what KVM supports (the
#     host's width).  Both fields become "*"; map-top is still compared.
#  4. Unassigned memory: QEMU 7.2 reads 0 there, vmm (and hardware) all
#     ones, so QEMU's guest is told "zeros" through opt/probe/unassigned
#     (see guest/README.md; UNASSIGNED= passes nothing, and QEMU's hole
#     checks then fail).  The "unassigned-expect" line becomes
#     "unassigned-expect *", and in "unassigned ... value V" and
#     "unassigned-write ... value V" a V equal to that side's expected
#     unassigned value (of the access width) becomes "unassigned".
#  5. The VGA window without -nodefaults: both map an I/O region there, but
#     vmm has no VGA device behind it (reads all ones: "vga-window PA ones
#     ...") where QEMU's VGA card reads zeros ("vga-window PA zeros ...").
#     Exactly those two forms become "vga-window PA vga-lowmem"; RAM
#     (-nodefaults) or anything else is compared as printed.
#  6. A triple fault: vmm exits with 2 and names it on stderr; QEMU resets
#     the guest unless given -no-reboot, and then exits with 0.  These two
#     become "status shutdown".  Without -no-reboot QEMU prints the
#     guest's output again and again until the timeout: a difference.
#  7. "pam-ro-writes N stuck M" (pam-probe): QEMU 7.2 under KVM gives a
#     PAM segment in mode 1 (read-only RAM) a writable slot, because its
#     kvm_set_phys_mem() takes KVM_MEM_READONLY from the RAM region and
#     not from the readonly alias, so a store there sticks; vmm's slot is
#     readonly, as the chipset says (docs/pam.md).  M becomes "*" on
#     both sides; guest_pam_probe_test checks vmm's.
#  8. "stamps N fail M": vmm rebuilds its guest's list of pages to stamp
#     from the slots as they are when the guest looks it up (after
#     pam-probe remapped memory, say); QEMU gets the list for the machine
#     as built.  N becomes "*"; M is compared.
#
# Environment: VMM (default build/vmm), VMM_ARGS (options for vmm only,
# such as --stats), QEMU (default qemu-system-x86_64),
# TIMEOUT (seconds, default 60), UNASSIGNED (default zeros), KEEP (a
# directory to leave the outputs in: {vmm,qemu}.{out,err,status,norm}).
set -u

quiet=0
if [ "${1:-}" = -q ]; then
	quiet=1
	shift
fi
if [ $# -lt 1 ]; then
	sed -n '3,7p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
fi

VMM=${VMM:-build/vmm}
QEMU=${QEMU:-qemu-system-x86_64}
TIMEOUT=${TIMEOUT:-60}
UNASSIGNED=${UNASSIGNED-zeros}

case " $* " in
*isa-debug-exit*) debug_exit= ;;
*) debug_exit=-device\ isa-debug-exit,iobase=0xf4,iosize=4 ;;
esac
case " $* " in
*opt/probe/unassigned*) UNASSIGNED= ;;
esac
case " $* " in
*" -no-reboot "*) no_reboot=1 ;;
*) no_reboot=0 ;;
esac

if [ -n "${KEEP:-}" ]; then
	dir=$KEEP
	mkdir -p "$dir" || exit 2
else
	dir=$(mktemp -d "${TMPDIR:-/tmp}/qemu-diff.XXXXXX") || exit 2
	trap 'rm -rf "$dir"' EXIT
fi

# vmm's stamp list for this machine, so that QEMU's guest stamps the same.
timeout -k 5 "$TIMEOUT" "$VMM" "$@" --dump stamps </dev/null \
	>"$dir/stamps" 2>/dev/null

# Both at once: a run that hangs costs one timeout, not two.
# shellcheck disable=SC2086
(
	timeout -k 5 "$TIMEOUT" "$VMM" "$@" $debug_exit -serial stdio \
		${VMM_ARGS:-} \
		</dev/null >"$dir/vmm.out" 2>"$dir/vmm.err"
	echo $? >"$dir/vmm.status"
) &
# shellcheck disable=SC2086
timeout -k 5 "$TIMEOUT" "$QEMU" -enable-kvm "$@" $debug_exit \
	-serial stdio -display none -monitor none \
	${UNASSIGNED:+-fw_cfg name=opt/probe/unassigned,string=$UNASSIGNED} \
	-fw_cfg name=opt/memslot-vmm/stamps,file="$dir/stamps" \
	</dev/null >"$dir/qemu.out" 2>"$dir/qemu.err"
echo $? >"$dir/qemu.status"
wait
vmm_status=$(cat "$dir/vmm.status")
qemu_status=$(cat "$dir/qemu.status")

# QEMU's error line when it could not start (exit status 3, above).
qemu_start_error() {
	case $qemu_status in
	0 | 124 | 137) return 1 ;;
	esac
	awk '{ sub(/\r$/, "") }
	/^QEMU .* monitor - type .help. for more information$/ { next }
	/^(\(qemu\)|[[:space:]])*$/ { next }
	{ started = 1; exit }
	END { exit started }' "$dir/qemu.out" || return 1
	awk -v prog="${QEMU##*/}" '{ sub(/\r$/, "") }
	index($0, "qemu-system-x86_64: ") == 1 || index($0, prog ": ") == 1 {
		if (substr($0, index($0, ": ") + 2, 9) != "warning: ") {
			print
			found = 1
			exit
		}
	}
	END { exit !found }' "$dir/qemu.err"
}

if why=$(qemu_start_error); then
	if [ "$quiet" = 0 ]; then
		echo "args: $*"
		echo "vmm status $vmm_status, QEMU status $qemu_status"
	fi
	echo "QEMU could not start: $why"
	exit 3
fi

# vmm shows the guest the host's CPU; QEMU's qemu64 is AMD everywhere.
host_amd=0
grep -q '^vendor_id[[:space:]]*: AuthenticAMD$' /proc/cpuinfo 2>/dev/null &&
	host_amd=1

# normalise SIDE STATUS OUT ERR > normalised lines, appending to notes.
normalise() {
	awk -v side="$1" -v status="$2" -v no_reboot="$no_reboot" \
	    -v host_amd="$host_amd" -v notes="$dir/notes" '
	function note(old, new) {
		if (old != new)
			printf "  %s: %s\n     -> %s\n", side, old, new >> notes
	}
	function ones(w) {
		return "0x" substr("ffffffffffffffff", 1, 2 * w)
	}
	# The value of an unassigned access of width w on this side.
	function unassigned(w) {
		return expect == "zeros" ? "0x0" : ones(w)
	}
	FILENAME == ARGV[1] {
		line = $0
		if (match(line, /# unassigned-expect [a-z]+$/)) {
			expect = $NF
			sub(/[a-z]+$/, "*", line)
		} else if (match(line, /# paging phys-bits [0-9]+ gbpages [01] /)) {
			sub(/phys-bits [0-9]+ gbpages [01]/,
			    "phys-bits * gbpages *", line)
		} else if (side == "qemu" && !host_amd && line ~ /# e820 0x000000fd00000000 0x000000ffffffffff 2$/) {
			note(line, "(dropped)")
			next
		} else if (line ~ /# unassigned 0x[0-9a-f]+ width [1248] value 0x[0-9a-f]+ /) {
			for (i = 1; i <= NF; i++)
				if ($i == "width")
					w = $(i + 1)
			if ($(NF - 1) == unassigned(w))
				sub(/value 0x[0-9a-f]+/, "value unassigned", line)
		} else if (line ~ /# unassigned-write 0x[0-9a-f]+ value 0x[0-9a-f]+$/) {
			if ($NF == unassigned(8))
				sub(/value 0x[0-9a-f]+$/, "value unassigned", line)
		} else if (line ~ /# pam-ro-writes [0-9]+ stuck [0-9]+$/) {
			sub(/stuck [0-9]+$/, "stuck *", line)
		} else if (line ~ /# stamps [0-9]+ fail [0-9]+$/) {
			sub(/stamps [0-9]+ /, "stamps * ", line)
		} else if (line ~ /# vga-window 0x[0-9a-f]+ (ones|zeros) /) {
			v = side == "vmm" ? ones(8) : "0x0000000000000000"
			kind = side == "vmm" ? "ones" : "zeros"
			if ($4 == kind && $6 == v && $8 == v) {
				sub(/ (ones|zeros) .*$/, " vga-lowmem", line)
			}
		}
		note($0, line)
		print line
		next
	}
	# stderr: warnings only, without the program name.
	/: warning: / {
		line = $0
		sub(/^[^:]*: warning: /, "warning: ", line)
		if (side == "qemu" && (line ~ /^warning: host doesn.t support requested feature: / ||
		    line ~ /^warning: Machine type .* is deprecated: / ||
		    line ~ /^warning: Number of (SMP|hotpluggable) cpus requested \([0-9]+\) exceeds the recommended cpus supported by KVM \([0-9]+\)$/)) {
			note($0, "(dropped)")
			next
		}
		print line
		if (line ~ /triple fault/)
			triple = 1
		next
	}
	/triple fault/ { triple = 1 }
	END {
		s = "status " status
		if (side == "vmm" && status == 2 && triple)
			s = "status shutdown"
		if (side == "qemu" && status == 0 && no_reboot)
			s = "status shutdown"
		note("status " status, s)
		print s
	}' "$3" "$4"
}

: >"$dir/notes"
normalise vmm "$vmm_status" "$dir/vmm.out" "$dir/vmm.err" >"$dir/vmm.norm"
normalise qemu "$qemu_status" "$dir/qemu.out" "$dir/qemu.err" \
	>"$dir/qemu.norm"

# The status is the last line of each: one comparison covers both.
same=0
cmp -s "$dir/vmm.norm" "$dir/qemu.norm" && same=1

if [ "$quiet" = 0 ]; then
	echo "args: $*"
	echo "vmm status $vmm_status, QEMU status $qemu_status"
	if [ -s "$dir/notes" ]; then
		echo "normalised (expected differences, see $0):"
		cat "$dir/notes"
	fi
	for s in vmm qemu; do
		if grep -qv ': warning: ' "$dir/$s.err"; then
			echo "$s stderr (not compared):"
			grep -v ': warning: ' "$dir/$s.err" | sed 's/^/  /'
		fi
	done
fi
diff -u --label "vmm" --label "qemu" "$dir/vmm.norm" "$dir/qemu.norm"
if [ "$same" = 1 ]; then
	[ "$quiet" = 1 ] || echo "same observations and status"
	exit 0
fi
exit 1
