#!/bin/sh
# Run one guest image under QEMU, the reference our VMM is compared with:
#
#   scripts/qemu-run.sh IMAGE [QEMU ARGS...]
#
# The standard machine is -M pc -m 128M -nodefaults, the image as -bios,
# COM1 on stdout and the debug-exit device at 0xf4; extra arguments come
# last (a later -m or -M wins).  The exit status is QEMU's: (V << 1) | 1
# when the guest wrote V to port 0xf4, 0 when it shut down (with
# -no-reboot), 124 on timeout.  See guest/README.md.
#
# Environment:
#   QEMU        the binary (default qemu-system-x86_64)
#   TIMEOUT     seconds before the run is killed (default 60)
#   NODEFAULTS  0 to leave out -nodefaults (QEMU adds a VGA card and more)
#   UNASSIGNED  what reads of unassigned memory return, for the probes'
#               fw_cfg opt/probe/unassigned (default zeros: QEMU 7.2's
#               unassigned_mem_read returns 0, where hardware and our VMM
#               return all ones); empty to pass nothing
set -u

if [ $# -lt 1 ] || [ ! -f "$1" ]; then
	echo "usage: $0 IMAGE [QEMU ARGS...]" >&2
	exit 2
fi
image=$1
shift

QEMU=${QEMU:-qemu-system-x86_64}
TIMEOUT=${TIMEOUT:-60}
NODEFAULTS=${NODEFAULTS:-1}
UNASSIGNED=${UNASSIGNED-zeros}

set -- -enable-kvm -M pc -m 128M -bios "$image" \
	-device isa-debug-exit,iobase=0xf4,iosize=4 \
	-serial stdio -display none -monitor none \
	${UNASSIGNED:+-fw_cfg name=opt/probe/unassigned,string=$UNASSIGNED} \
	"$@"
[ "$NODEFAULTS" = 0 ] || set -- -nodefaults "$@"

exec timeout --foreground "$TIMEOUT" "$QEMU" "$@" </dev/null
