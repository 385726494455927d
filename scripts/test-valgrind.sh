#!/usr/bin/env bash
# test-valgrind.sh: the assessments program under valgrind's memcheck over
# the assessments and responses API suites (issue 8, make test-hardening).
#
#   [RISE_BUILD=build] [KEEP=1] [BATCH=5] scripts/test-valgrind.sh
#
# Runs itself inside the throwaway stack of scripts/test-api.sh (as its
# RISE_TEST_CMD), with one process per FastCGI program and the build seen
# through a directory of links in which assessments.fcgi is a script that
# execs the real one under
#   valgrind --leak-check=full --show-leak-kinds=definite,indirect
#            --errors-for-leak-kinds=definite,indirect --error-exitcode=99
# (one log per process in a directory of the links).  Then:
#   1. api-tests assessments, api-tests responses: they must pass;
#   2. two batches of BATCH seconds of wrk (scripts/chaos.lua: create, list,
#      read, autosave) and, after each, the heap through vgdb (leak_check
#      summary): nothing definitely or indirectly lost, and the heap in use
#      no bigger after the second batch than after the first (a leak that
#      grows with requests, even one still referenced, would grow it);
#   3. the stack's teardown stops lighttpd, which sends the program SIGTERM
#      (it exits with _exit, as lib/serve.c does when idle); valgrind's
#      report at exit must show no error: no invalid access, no use of
#      uninitialised memory, no definite or indirect leak.
# Memory still reachable at exit is not an error: a worker stopped with
# _exit never frees its process state (configuration, the libpq connection,
# the question bank), and that is by design, not a leak; "possibly lost"
# blocks (interior pointers into such state) are shown in the log but not
# counted either.  A growth of what is reachable is what step 2 looks for.
# Prints PASS or FAIL per check, "N passed, N failed" last; exits 1 if a
# check failed.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
build=$(realpath -m "${RISE_BUILD:-build}")
BATCH=${BATCH:-5}

die() {
	echo "test-valgrind.sh: $*" >&2
	exit 2
}

say() {
	echo "test-valgrind.sh: $*"
}

if [[ -z ${RISE_TEST_VAR:-} ]]; then
	command -v valgrind >/dev/null || die "valgrind not found: run scripts/deps.sh"
	command -v vgdb >/dev/null || die "vgdb not found: run scripts/deps.sh"
	[[ -x $build/cgi-bin/assessments.fcgi ]] || die "$build/cgi-bin/assessments.fcgi is not built"
	! ldd "$build/cgi-bin/assessments.fcgi" | grep -q libasan ||
		die "$build/cgi-bin/assessments.fcgi is built with SANITIZE=1: valgrind needs a plain build"
	# The build seen through links, assessments.fcgi under valgrind.
	vbuild=$(mktemp -d "${TMPDIR:-/tmp}/rise-valgrind.XXXXXX")
	[[ ${KEEP:-0} == 1 ]] || trap 'rm -rf "$vbuild"' EXIT
	mkdir "$vbuild/cgi-bin"
	for f in "$build"/*; do
		[[ $f == */cgi-bin ]] || ln -s "$f" "$vbuild/"
	done
	for f in "$build"/cgi-bin/*.fcgi; do
		ln -s "$f" "$vbuild/cgi-bin/"
	done
	rm "$vbuild/cgi-bin/assessments.fcgi"
	cat >"$vbuild/cgi-bin/assessments.fcgi" <<-EOF
		#!/bin/sh
		# lighttpd's bin-path: the real program under memcheck.
		mkdir -p "\$RISE_TEST_VALGRIND_DIR"
		exec valgrind --leak-check=full --show-leak-kinds=definite,indirect \\
			--errors-for-leak-kinds=definite,indirect --error-exitcode=99 \\
			--num-callers=30 --vgdb=yes --log-file="\$RISE_TEST_VALGRIND_DIR/%p.log" \\
			"$build/cgi-bin/assessments.fcgi"
	EOF
	chmod +x "$vbuild/cgi-bin/assessments.fcgi"
	export RISE_BUILD=$vbuild RISE_SERVER=lighttpd MAX_PROCS=1 RISE_SKIP_BROWSER=1 BATCH
	export RISE_TEST_CMD=$root/scripts/test-valgrind.sh RISE_TEST_VALGRIND_DIR=$vbuild/log
	export RISE_RATE_LIMIT_DEFAULT=1000000000/900 # the batches; these suites test no limit
	rc=0
	scripts/test-api.sh || rc=$?
	# 3. The stack's teardown stopped lighttpd, which sent the program
	# SIGTERM; valgrind's report at exit is in its log.
	n=0
	for f in "$vbuild"/log/*.log; do
		[[ -e $f ]] || continue
		n=$((n + 1))
		summary=$(grep -E 'ERROR SUMMARY: [0-9,]+ errors' "$f" || true)
		echo "test-valgrind.sh: at exit, $(basename "$f" .log): ${summary#*== }"
		sed -n '/LEAK SUMMARY:/,/suppressed:/p' "$f" | sed 's/^==[0-9]*==/   /'
		if [[ $summary != *"ERROR SUMMARY: 0 errors"* ]]; then
			echo "FAIL  valgrind at exit: errors, or no report (killed?); $f:" >&2
			grep -E -A25 '^==[0-9]+== (Invalid|Conditional|Use of|Syscall param|Mismatched|Source and|[0-9,]+ .*(definitely|indirectly) lost)' \
				"$f" | head -n 150 >&2 || true
			rc=1
		fi
	done
	((n > 0)) || { echo "FAIL  no valgrind log in $vbuild/log" >&2; rc=1; }
	((rc != 0)) || echo "PASS  valgrind at exit: no invalid access, uninitialised value or definite/indirect leak"
	exit "$rc"
fi

# --- Inside the stack (scripts/test-api.sh set RISE_TEST_*).
var=$RISE_TEST_VAR
url=$RISE_TEST_URL
lpid=$RISE_TEST_LIGHTTPD_PID
vlog=$RISE_TEST_VALGRIND_DIR
out=$var/valgrind
mkdir -p "$out"
# shellcheck source=scripts/checks.sh
. scripts/checks.sh

api() {
	local args=(-fsS -m 60 -X "$1")
	[[ -n ${token:-} ]] && args+=(-H "Authorization: Bearer $token")
	[[ -n ${3:-} ]] && args+=(-H 'Content-Type: application/json' --data-binary "$3")
	curl "${args[@]}" "$url$2"
}

pid=$(pgrep -P "$lpid" -f 'valgrind.*assessments\.fcgi' || true)
[[ $pid =~ ^[0-9]+$ ]] || die "expected one assessments.fcgi under valgrind, found: ${pid:-none}"
say "assessments.fcgi is $pid, under valgrind (log $vlog/$pid.log)"

# heap NAME I: vgdb's leak summary into $out/NAME once the program is idle
# (the same twice in a row, half a second apart: the last request of a
# batch may still be in hand); sets lost[I] (definitely plus indirectly
# lost bytes), inuse[I] (bytes) and blocks[I] of the heap in use.
heap() {
	local prev=
	for _ in {1..10}; do
		sleep 0.5
		timeout 60 vgdb --pid="$pid" leak_check summary >"$out/$1" 2>&1 ||
			die "vgdb --pid=$pid failed: $(tail -n 5 "$out/$1")"
		[[ $(grep -E 'lost:|reachable:' "$out/$1" | sed 's/([^)]*)//g') == "$prev" ]] && break
		prev=$(grep -E 'lost:|reachable:' "$out/$1" | sed 's/([^)]*)//g')
	done
	lost[$2]=$(awk '/(definitely|indirectly) lost:/ { gsub(",", "", $4); n += $4 } END { print n + 0 }' "$out/$1")
	inuse[$2]=$(awk '/(definitely|indirectly|possibly) lost:|still reachable:/ { gsub(",", "", $4); n += $4 }
		END { print n + 0 }' "$out/$1")
	blocks[$2]=$(awk '/(definitely|indirectly|possibly) lost:|still reachable:/ { gsub(",", "", $8); n += $8 }
		END { print n + 0 }' "$out/$1")
}

# --- 1. The suites.
for suite in assessments responses; do
	rc=0
	"$build/api-tests" "$suite" >"$out/$suite.out" 2>&1 || rc=$?
	grep -E '^ +(suites|tests|asserts) ' "$out/$suite.out" | sed "s/^/    $suite: /" || true
	check "api-tests $suite passes with assessments.fcgi under valgrind" "$rc" \
		"exit $rc; $(grep -E 'FAIL|failed' "$out/$suite.out" | head -5)"
done

# --- 2. Two more batches of requests: does anything grow?
token=$(api POST /v1/auth/register '{"email":"valgrind@example.com","password":"Valgrind-Passw0rd!",
	"firstName":"Val","lastName":"Grind","company":"Memcheck Ltd"}' | jq -r .accessToken)
ids=
for i in 1 2 3; do
	ids+="$(api POST /v1/assessments "{\"clientName\":\"pool $i\",\"clientEmail\":\"c@example.com\",
		\"businessName\":\"Memcheck Ltd\",\"assessmentType\":\"collaborative\"}" | jq -r .id) "
done
req=()
lost=()
inuse=()
blocks=()
for b in 1 2; do
	CHAOS_TOKEN=$token CHAOS_IDS=$ids CHAOS_TAG=batch$b CHAOS_OUT=$out \
		wrk -t1 -c2 -d"$BATCH"s --timeout 30s -s scripts/chaos.lua "$url" >"$out/batch$b.wrk" 2>&1 ||
		die "wrk failed: $(cat "$out/batch$b.wrk")"
	req[b]=$(sed -n 's/^requests=\([0-9]*\) status=0 connect=0 read=0 write=0 timeout=0$/\1/p' "$out/batch$b.wrk")
	check "batch $b: ${req[$b]:-?} requests, none failed" "$([[ -n ${req[$b]} ]]; echo $?)" \
		"$(grep '^requests=' "$out/batch$b.wrk")"
	heap "heap$b" "$b"
	say "  after batch $b: ${inuse[b]} bytes in ${blocks[b]} blocks in use, ${lost[b]} bytes lost"
done
check "no memory definitely or indirectly lost while serving (vgdb leak_check)" \
	"$((lost[1] + lost[2] > 0))" "$(cat "$out/heap2")"
growth="$((inuse[2] - inuse[1])) bytes, $((blocks[2] - blocks[1])) blocks"
check "the heap does not grow with requests: $growth over ${req[2]:-?} requests" \
	"$((inuse[2] > inuse[1] || blocks[2] > blocks[1]))"

echo "test-valgrind.sh: $passed passed, $failed failed"
((failed == 0))
