# SPDX-License-Identifier: GPL-2.0
# TAP for the harness's shell tests, sourced: result OK NAME [DIRECTIVE]
# prints the next result (OK 1 passes) and remembers a failure in
# $failed; check NAME COMMAND... passes when COMMAND succeeds.
nr=0
failed=0
result() {
	nr=$((nr + 1))
	if [ "$1" = 1 ]; then
		echo "ok $nr $2${3:+ # $3}"
	else
		echo "not ok $nr $2"
		failed=1
	fi
}
check() {
	name=$1
	shift
	if "$@"; then result 1 "$name"; else result 0 "$name"; fi
}
