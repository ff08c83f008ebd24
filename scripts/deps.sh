#!/bin/sh
# Install, from Debian's packages, what memslot-vmm needs to build and
# test.  Only missing packages are installed; run as root.
set -e

PKGS="gcc make perl linux-libc-dev libnuma-dev liburing-dev libinih-dev"
# prove's JUnit formatter, for make check JUNIT=FILE.
PKGS="$PKGS libtap-formatter-junit-perl"
# The reference that the differential tests compare against.
PKGS="$PKGS qemu-system-x86"

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
