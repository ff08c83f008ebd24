#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's own dirty_log_perf_test beside dirty_log_bench, with the
# same sizes and the same share of pages written per iteration:
#
#   bench/kernel-dirty-log-perf.sh KSRC [--sizes 1G,8G] [--rate PERCENT]
#                                       [--rounds N] [--vcpus N]
#
# KSRC is a Linux source tree or Debian's linux-source tarball
# (/usr/src/linux-source-6.1.tar.xz).  The test is built from a copy in
# $TMPDIR (kept between runs), never in this tree, against the installed
# uapi headers (linux-libc-dev), and run once with manual protect (its
# default) and once without (-g).  Its "Get dirty log" and "Clear dirty
# log" averages per iteration are printed as ours are.  Where it cannot
# be built or run, one line says why and the status stays 0: it is a
# reference, not a test.
set -u

ksrc=${1:-}
shift || true
sizes=1G,8G rate=1 rounds=5 vcpus=1
while [ $# -ge 2 ]; do
	case $1 in
	--sizes) sizes=$2 ;;
	--rate) rate=$2 ;;
	--rounds) rounds=$2 ;;
	--vcpus) vcpus=$2 ;;
	esac
	shift 2
done

say() { echo "kernel dirty_log_perf_test: $*"; }

cache=${TMPDIR:-/tmp}/memslot-vmm-kperf.$(id -u)
src=$cache/src
test=$cache/out/dirty_log_perf_test

# tools/, scripts/ and the top Makefile: what the kvm selftests build from.
fetch_source() {
	rm -rf "$src" && mkdir -p "$src" || return 1
	if [ -d "$ksrc" ]; then
		cp -a "$ksrc/tools" "$ksrc/scripts" "$ksrc/Makefile" "$src/"
	elif [ -f "$ksrc" ]; then
		tar -xJf "$ksrc" -C "$src" --strip-components=1 \
			--wildcards '*/tools' '*/scripts' '*/Makefile' \
			--exclude '*/*/*/Makefile' 2>/dev/null ||
			tar -xJf "$ksrc" -C "$src" --strip-components=1
	else
		return 1
	fi
}

build() {
	[ -x "$test" ] && return 0
	[ -n "$ksrc" ] && [ -e "$ksrc" ] || { say "no source at '$ksrc' (KSRC=)"; return 1; }
	fetch_source || { say "cannot copy the source from $ksrc"; return 1; }
	make -C "$src/tools/testing/selftests/kvm" -j2 \
		KHDR_INCLUDES="-isystem /usr/include" OUTPUT="$cache/out" \
		"$test" >"$cache/build.log" 2>&1 ||
		{ say "does not build here: see $cache/build.log"; return 1; }
}

# "... took X.XXXs. (Avg S.NNNNNNNNNs/iteration)": the average in ms.
avg_ms() {
	sed -n "s/^$1 over .*(Avg \([0-9]*\)\.\([0-9]*\)s\/iteration).*/\1 \2/p" |
		awk '{ printf "%.3f", ($1 + ("0." $2)) * 1000 }'
}

run() {	# run SIZE MODE FLAGS...
	local size=$1 mode=$2 out get clear
	shift 2
	out=$("$test" -b "$size" -i "$rounds" -v "$vcpus" -f "$frac" "$@" 2>&1)
	if [ $? -ne 0 ]; then
		printf '%-5s %-15s failed: %s\n' "$size" "$mode" \
			"$(echo "$out" | grep -m1 -E 'Invalid|Unexpected|error|errno=[1-9]' |
			   sed 's/^ *//')"
		return
	fi
	get=$(echo "$out" | avg_ms "Get dirty log")
	clear=$(echo "$out" | avg_ms "Clear dirty log")
	printf '%-5s %-15s %10s %10s %10s\n' "$size" "$mode" "${get:-?}" \
		"${clear:--}" "$(awk -v g="${get:-0}" -v c="${clear:-0}" \
			'BEGIN { printf "%.3f", g + c }')"
}

build || exit 0
# Its -f N writes one page in N: the nearest to our share of pages.
frac=$(awk -v r="$rate" 'BEGIN { f = int(100 / r + 0.5); print f < 1 ? 1 : f }')
say "$rounds iterations, 1/$frac of the pages written, $vcpus vCPU(s)," \
	"-b SIZE per vCPU; get and clear ms per iteration"
printf '%-5s %-15s %10s %10s %10s\n' size mode "get ms" "clear ms" "total ms"
for size in ${sizes//,/ }; do
	run "$size" manual-protect
	run "$size" bitmap -g
done
