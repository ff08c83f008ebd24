#!/bin/sh
# Install, from Debian's packages, what memslot-vmm needs to build and
# test.  Only missing packages are installed; run as root.
#
# Where this host has no usable /dev/kvm, also what scripts/vmtest.sh needs
# to run the suite inside a VM whose kernel has KVM (make vmcheck): Debian's
# kernel (linux-image-amd64) and the tools that build its initramfs.  On a
# host with KVM no kernel is installed (that would touch its boot loader);
# install linux-image-amd64 yourself to use make vmcheck there.
set -e

PKGS="gcc make perl libc6-dev linux-libc-dev libnuma-dev liburing-dev libinih-dev"
# prove's JUnit formatter, for make check JUNIT=FILE.
PKGS="$PKGS libtap-formatter-junit-perl"
# The reference that the differential tests compare against, and the VM
# that scripts/vmtest.sh boots.
PKGS="$PKGS qemu-system-x86"
# make fuzz: clang and its runtimes (libFuzzer, ASan, UBSan).
PKGS="$PKGS clang libclang-rt-14-dev"
# scripts/vmtest.sh: the initramfs, the modules' and kernel's compression,
# readelf for the kernel's PVH entry note.
PKGS="$PKGS cpio xz-utils zstd binutils"

kvm_usable()
{
	[ -c /dev/kvm ] || return 1
	(exec 3<>/dev/kvm) 2>/dev/null
}
kvm_usable || PKGS="$PKGS linux-image-amd64"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
