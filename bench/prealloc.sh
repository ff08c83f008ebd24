#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# prealloc of one memdev (SIZE, default 4G) at start-up: build/vmm with 1
# and 2 prealloc threads beside QEMU, the reference, with the same
# backend in the same run, and beside the host's own page-fault
# throughput (bench/populate: one thread, MADV_POPULATE_WRITE).  Each
# command runs RUNS times (default 5), in turn with the others so that a
# change of load hits them all, after one round that is not counted; the
# table gives the median wall time.
#
#   make bench            (or: bench/prealloc.sh, after make)
#
# vmm: -M memory-backend=m0 -object memory-backend-ram,...,prealloc=on
#      --dump e820 (the machine and its KVM VM are built, no guest runs).
# QEMU: the same machine, -S, "quit" on its monitor as soon as it reads.
set -u
SIZE=${SIZE:-4G}
RUNS=${RUNS:-5}
BUILD=${BUILD:-build}
QEMU=${QEMU:-qemu-system-x86_64}
mib=$(numfmt --from=iec "$SIZE")
mib=$((mib >> 20))
obj="memory-backend-ram,id=m0,size=$SIZE,prealloc=on"

populate() { "$BUILD/bench/populate" "$mib"; }
vmm() {
	"$BUILD/vmm" -M pc,memory-backend=m0 \
		-object "$obj,prealloc-threads=$1" --dump e820 >/dev/null
}
qemu() {
	echo quit | "$QEMU" -enable-kvm -nodefaults -display none -S \
		-serial none -monitor stdio -M pc,memory-backend=m0 \
		-object "$obj${1:+,prealloc-threads=$1}" ${2:-} \
		>/dev/null 2>&1
}

# Seconds one run of "$@" takes; "fail" when it fails.
seconds() {
	start=$(date +%s%N)
	"$@" || { echo fail; return; }
	end=$(date +%s%N)
	echo "$(( (end - start) / 1000000 ))" | awk '{ printf "%.3f", $1 / 1000 }'
}

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{ a[NR] = $1 }
	END { if (!NR) print "fail"; else print a[int((NR + 1) / 2)] }'; }
fastest() { tr ' ' '\n' | grep -v '^$' | sort -n | head -1; }

names="populate vmm1 vmm2 qemu1 qemu2 qemudef"
for n in $names; do eval "t_$n="; done
# A round not counted: the first touches of memory a host has not given
# out for a while can cost ten times more (seen here: 18 s, then 0.8 s).
populate; vmm 1; qemu 1
i=0
while [ $i -lt "$RUNS" ]; do
	t_populate="$t_populate $(seconds populate)"
	t_vmm1="$t_vmm1 $(seconds vmm 1)"
	t_vmm2="$t_vmm2 $(seconds vmm 2)"
	t_qemu1="$t_qemu1 $(seconds qemu 1)"
	t_qemu2="$t_qemu2 $(seconds qemu 2)"
	t_qemudef="$t_qemudef $(seconds qemu '' '-smp 2')"
	i=$((i + 1))
done
for n in $names; do
	eval "m_$n=\$(echo \"\$t_$n\" | median)"
	eval "f_$n=\$(echo \"\$t_$n\" | fastest)"
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 && b + 0)
	printf "%.2f", a / b; else print "-" }'; }
rate() { awk -v s="$1" -v m="$mib" 'BEGIN { if (s + 0)
	printf "%.2f", m / 1024 / s; else print "-" }'; }

row() {	# name, key, QEMU key for the ratio (or "")
	eval "m=\$m_$2 f=\$f_$2"
	if [ -n "$3" ]; then
		eval "q=\$m_$3 qf=\$f_$3"
		r="$(ratio "$m" "$q") ($(ratio "$f" "$qf"))"
	else
		r=-
	fi
	printf "%-32s %8s %8s %8s %14s\n" "$1" "$m" "$f" "$(rate "$m")" "$r"
}

echo "prealloc of $SIZE: $RUNS runs ($(nproc) CPUs, $(uname -r))"
printf "%-32s %8s %8s %8s %14s\n" "what" "median" "fastest" "GiB/s" "vs QEMU"
row "host: populate, 1 thread" populate ""
row "vmm prealloc-threads=1" vmm1 qemu1
row "vmm prealloc-threads=2" vmm2 qemu2
row "QEMU prealloc-threads=1" qemu1 qemu1
row "QEMU prealloc-threads=2" qemu2 qemu2
row "QEMU -smp 2, default threads" qemudef ""
echo "seconds of wall time; GiB/s of the median; vs QEMU: vmm's time over"
echo "QEMU's with as many threads, medians (fastest): below 1 is faster"
