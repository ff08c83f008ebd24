#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# selftests/ksft-exec, which runs every test in make check: kselftest's
# exit statuses, and the time limit.  Made-up tests, each a small script,
# run under a limit of 1 second (KSFT_TIMEOUT, or a settings file): the
# expected output and statuses are kselftest's runner's (TIMEOUT line,
# 124, 4 for a skip) and prove's.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
exec_=$top/selftests/ksft-exec
dir=$(mktemp -d "${TMPDIR:-/tmp}/ksft-exec-test.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
trap 'exit 143' TERM INT HUP	# ended at ksft-exec's limit: clean up too

. "$top/selftests/harness/tap.sh"
show() {	# the file, as diagnostics, when a check on it failed
	sed 's/^/#   /' "$1"
}

# A test: NAME BODY (sh).
mk() {
	printf '#!/bin/sh\n%s\n' "$2" >"$dir/$1"
	chmod +x "$dir/$1"
}
# Its run: NAME [ENV...] -> NAME.out (stdout), NAME.rc
run() {
	name=$1
	shift
	env "$@" "$exec_" "$dir/$name" >"$dir/$name.out" 2>"$dir/$name.err"
	echo $? >"$dir/$name.rc"
}
rc() { cat "$dir/$1.rc"; }
last() { tail -n 1 "$dir/$1.out"; }
# Whether the pid in FILE is gone (the test's children must be).
gone() { ! kill -0 "$(cat "$1")" 2>/dev/null; }
# NAME's run ended in a timeout: status 124, LINE last.
timed_out() { [ "$(rc "$1")" = 124 ] && [ "$(last "$1")" = "$2" ]; }

mk pass 'echo "TAP version 13"; echo 1..1; echo "ok 1 one"'
mk fail 'echo "TAP version 13"; echo 1..1; echo "not ok 1 one"; exit 1'
mk skip 'echo "TAP version 13"; echo "1..0 # SKIP no reason"; exit 4'
# Three tests planned, two done, then forever; with a child in its
# group, one in a group of its own and one in a session of its own.
mk hang "echo 'TAP version 13'; echo 1..3; echo 'ok 1 one'
sleep 1000 & echo \$! >$dir/hang.child
(exec timeout 1000 sleep 1000) & echo \$! >$dir/hang.timeout
setsid sleep 1000 & echo \$! >$dir/hang.setsid
sleep 0.1
printf 'ok 2 two'
while :; do sleep 1; done"
mk noplan 'echo "TAP version 13"; exec sleep 1000'
mk noterm "trap '' TERM; echo 1..1; while :; do sleep 1; done"
# Ends at once, but its child holds its output.
mk orphan "echo 1..1; echo 'ok 1 one'; sleep 1000 & echo \$! >$dir/orphan.child"

# With the limit in a settings file beside ksft-exec.
mkdir "$dir/own"
cp "$exec_" "$dir/own/ksft-exec"
echo 'timeout=1' >"$dir/own/settings"
mk settings 'echo 1..1; sleep 1000'

echo "TAP version 13"
echo "1..21"

# The slow ones at once: about 3 s in all.
for t in hang noplan noterm orphan; do
	run $t KSFT_TIMEOUT=1 &
done
(
	env -u KSFT_TIMEOUT "$dir/own/ksft-exec" "$dir/settings" \
		>"$dir/settings.out" 2>&1
	echo $? >"$dir/settings.rc"
) &
for t in pass fail skip; do
	run $t
done
# What prove makes of it: the hang fails with its TIMEOUT test, the run
# goes on to the next file.
(
	KSFT_TIMEOUT=1 prove -f --exec "$exec_" "$dir/noplan" "$dir/skip" \
		"$dir/pass" >"$dir/prove.out" 2>&1
	echo $? >"$dir/prove.rc"
) &
# And as JUnit XML (make check JUNIT=FILE).
junit=0
if perl -MTAP::Formatter::JUnit -e 1 2>/dev/null; then
	junit=1
	(
		KSFT_TIMEOUT=1 prove --formatter TAP::Formatter::JUnit \
			--exec "$exec_" "$dir/noplan" "$dir/fail" "$dir/pass" \
			>"$dir/junit.xml" 2>&1
		echo $? >"$dir/junit.rc"
	) &
fi
wait

check "a passing test: status 0" [ "$(rc pass)" = 0 ]
check "its output as it printed it" \
	[ "$(cat "$dir/pass.out")" = "$(printf 'TAP version 13\n1..1\nok 1 one')" ]
check "a failing test: status 1" [ "$(rc fail)" = 1 ]
check "a skipped test (status 4): status 0" [ "$(rc skip)" = 0 ]

check "a test that hangs: status 124" [ "$(rc hang)" = 124 ]
check "its TIMEOUT line follows its last test line, on a line of its own" \
	[ "$(last hang)" = "not ok 3 hang # TIMEOUT 1 seconds" ]
grep -qx 'ok 2 two' "$dir/hang.out" || show "$dir/hang.out"
check "what it printed before comes first" \
	grep -qx 'ok 2 two' "$dir/hang.out"
check "its child in its group was ended" gone "$dir/hang.child"
check "its child in another group was ended" gone "$dir/hang.timeout"
check "its child in another session was ended" gone "$dir/hang.setsid"

check "a test that hangs before its first result: status 124" \
	[ "$(rc noplan)" = 124 ]
check "gets test 1 and the plan" \
	[ "$(tail -n 2 "$dir/noplan.out")" = "$(printf 'not ok 1 noplan # TIMEOUT 1 seconds\n1..1')" ]
check "a test that ignores SIGTERM is killed: status 124" \
	[ "$(rc noterm)" = 124 ]
check "a test whose child holds its output: TIMEOUT after its results" \
	timed_out orphan "not ok 2 orphan # TIMEOUT 1 seconds"
check "and the child was ended" gone "$dir/orphan.child"
check "the limit from settings beside ksft-exec" \
	timed_out settings "not ok 1 settings # TIMEOUT 1 seconds"

check "our settings file has a limit" \
	grep -qx 'timeout=[1-9][0-9]*' "$top/selftests/settings"

went_on() {
	grep -q '/skip \.* skipped: no reason$' "$dir/prove.out" &&
		grep -q '/pass \.* ok$' "$dir/prove.out" && [ "$(rc prove)" = 1 ]
}
timeout_line() {
	grep -q '^not ok 1 noplan # TIMEOUT 1 seconds$' "$dir/prove.out"
}
timeout_line && went_on || show "$dir/prove.out"
check "prove fails the hang with its TIMEOUT line" timeout_line
check "prove goes on: the skip and the pass after it, status 1" went_on

# One testsuite per file, a failure for the hang's TIMEOUT line and for
# the failing test's result.
junit_failures() {
	[ "$(grep -c '<testsuite ' "$dir/junit.xml")" = 3 ] &&
		grep -q 'message="not ok 1 noplan # TIMEOUT 1 seconds"' \
			"$dir/junit.xml" &&
		grep -q 'message="not ok 1 one"' "$dir/junit.xml" &&
		[ "$(grep -c '<failure ' "$dir/junit.xml")" = 2 ]
}
if [ $junit = 1 ]; then
	junit_failures || show "$dir/junit.xml"
	check "JUnit: a testsuite per file, the TIMEOUT and the failure" \
		junit_failures
	check "JUnit: prove fails" [ "$(rc junit)" = 1 ]
else
	result 1 "JUnit # SKIP TAP::Formatter::JUnit is not installed"
	result 1 "JUnit status # SKIP TAP::Formatter::JUnit is not installed"
fi

exit $failed
