#!/usr/bin/env bash
# test-api.sh: run the API tests, then the browser tests, against a throwaway
# stack (what `make test` calls after the unit tests).
#
#   [RISE_BUILD=build] [RISE_SERVER=lighttpd|apache] [KEEP=1] [RISE_SKIP_BROWSER=1]
#       scripts/test-api.sh [api-tests args...]
#
# Builds the stack in a temporary directory: a PostgreSQL cluster with fsync
# off, its own JWT secret, lighttpd (or, with RISE_SERVER=apache, Apache with
# mod_fcgid) on a free port serving the programs in $RISE_BUILD/cgi-bin, two
# report workers, an SMTP sink (tests/smtp_sink.py, writing each message it
# accepts into $tmp/mail) and two mailers sending to it.  Runs
# $RISE_BUILD/api-tests with RISE_TEST_URL, RISE_TEST_RISECTL,
# RISE_TEST_WORKER_PIDS, RISE_TEST_MAILER_PIDS and RISE_TEST_MAIL_DIR set,
# then, unless RISE_SKIP_BROWSER=1, the web UI tests in headless Chromium
# (scripts/test-browser.sh) on the same stack; prints the application log's
# tail if any fail, tears everything down (KEEP=1 keeps the directory) and
# exits non-zero if any test failed.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
build=$(realpath -m "${RISE_BUILD:-build}")
server=${RISE_SERVER:-lighttpd}
log=
lpid=

die() {
	echo "test-api.sh: $*" >&2
	exit 1
}

# Stop the web server (which stops its FastCGI children) and PostgreSQL, remove $tmp.
# shellcheck disable=SC2317 # invoked by the EXIT trap
teardown() {
	local w
	for w in ${wpids:-} ${mpids:-} ${sink:-}; do kill -TERM "$w" 2>/dev/null || true; done
	for w in ${wpids:-} ${mpids:-} ${sink:-}; do wait "$w" 2>/dev/null || true; done
	if [[ -n $lpid ]]; then
		kill -TERM "$lpid" 2>/dev/null || true
		wait "$lpid" 2>/dev/null || true
		for _ in {1..30}; do
			# shellcheck disable=SC2009 # pgrep cannot skip zombies, which init reaps late
			ps -o stat= -s "$lpid" | grep -qv Z || break
			sleep 0.1
		done
		kill -KILL -- "-$lpid" 2>/dev/null || true
	fi
	scripts/pg.sh stop "$tmp" || true
	if [[ ${KEEP:-0} == 1 ]]; then
		echo "test-api.sh: kept $tmp" >&2
	else
		rm -rf "$tmp"
	fi
}

# True if something accepts connections on 127.0.0.1:$1.
port_busy() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Start Apache in the foreground of its own session (lpid): conf/apache2.conf
# including conf/apache/rise.conf pointed into the tree, and a FcgidInitialEnv
# line per RISE_* (and sanitizer) variable, since mod_fcgid passes the programs
# no other environment.  Apache refuses to serve as root: then its children
# and the programs run as www-data, which gets the JWT secret and PostgreSQL's
# socket directory through their group.
start_apache() {
	local a=$tmp/apache user group v val
	user=$(id -un)
	group=$(id -gn)
	if ((EUID == 0)); then
		user=www-data
		group=www-data
		chgrp "$group" "$tmp/jwt.secret" "$tmp/run"
		chmod g+r "$tmp/jwt.secret"
		chmod g+x "$tmp/run"
	fi
	mkdir -p "$a"
	sed -e "s|@VAR@|$tmp|g" -e "s|@PORT@|$port|g" -e "s|@USER@|$user|g" \
		-e "s|@GROUP@|$group|g" conf/apache2.conf >"$a/apache2.conf"
	sed -e "s|@PKGLIBDIR@|$build|g" -e "s|@PKGDATADIR@|$root|g" \
		conf/apache/rise.conf >"$a/rise.conf"
	for v in $(compgen -e); do
		[[ $v == RISE_* || $v == [AUL]SAN_OPTIONS ]] || continue
		val=${!v//\\/\\\\}
		printf 'FcgidInitialEnv %s "%s"\n' "$v" "${val//\"/\\\"}"
	done >"$a/env.conf"
	log=$tmp/log/apache-error.log
	setsid "$apache2" -f "$a/apache2.conf" -DFOREGROUND 2>>"$log" &
	lpid=$!
}

[[ -x $build/api-tests ]] || die "$build/api-tests is not built"
[[ -x bin/risectl ]] || die "bin/risectl is not built"
[[ -x bin/rise-worker ]] || die "bin/rise-worker is not built"
[[ -x bin/rise-mailer ]] || die "bin/rise-mailer is not built"
command -v python3 >/dev/null || die "python3 not found (the SMTP sink): run scripts/deps.sh"
case $server in
lighttpd) lighttpd=$(PATH=$PATH:/usr/sbin command -v lighttpd) || die "lighttpd not found: run scripts/deps.sh" ;;
apache) apache2=$(PATH=$PATH:/usr/sbin command -v apache2) || die "apache2 not found: run scripts/deps.sh" ;;
*) die "RISE_SERVER must be lighttpd or apache, not $server" ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rise-api.XXXXXX")
trap 'teardown' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
chmod 0711 "$tmp" # the postgres user must traverse it
mkdir -p "$tmp/log" "$tmp/sock"
(umask 077 && head -c 64 /dev/urandom >"$tmp/jwt.secret")

for _ in {1..50}; do
	port=$((20000 + RANDOM % 12000)) # below the ephemeral ports a client may hold
	port_busy "$port" || break
done

scripts/pg.sh init "$tmp" --no-fsync
scripts/pg.sh start "$tmp"

export RISE_CONFIG=${RISE_CONFIG:-$root/conf/rise.conf}
export RISE_DB_HOST=$tmp/run RISE_DB_PORT=5432 RISE_DB_NAME=rise
export RISE_DB_USER=rise_app RISE_DB_ADMIN_USER=rise_admin
export RISE_JWT_SECRET_FILE=$tmp/jwt.secret
export RISE_PUBLIC_BASE_URL=http://127.0.0.1:$port
export RISE_HTTP_TRUSTED_PROXIES=127.0.0.1 # tests pick their client IP with X-Forwarded-For
export RISE_HTTP_CORS_ORIGINS=https://app.example.test # the one origin tests/api/test_ops.c may call from
export RISE_LOG_LEVEL=debug
# A job abandoned by a killed worker is taken again after 3 s, not 60.
export RISE_REPORTS_LEASE_SECONDS=3
# Download links expire after 5 s here, so a test can see one expire.
export RISE_REPORTS_LINK_SECONDS=5
# The SMTP sink on a port of its choosing; the mailers send to it in clear,
# scan for due reminders every second and take over a killed one's mail
# after 5 s (an SMTP exchange times out after 3).
python3 tests/smtp_sink.py "$tmp/mail" "$tmp/smtp.port" 2>>"$tmp/log/smtp-sink.log" &
sink=$!
for _ in {1..100}; do
	[[ -s $tmp/smtp.port ]] && break
	kill -0 "$sink" 2>/dev/null || break
	sleep 0.1
done
[[ -s $tmp/smtp.port ]] || { cat "$tmp/log/smtp-sink.log" >&2; die "the SMTP sink did not start"; }
RISE_MAIL_SMTP_PORT=$(<"$tmp/smtp.port")
export RISE_MAIL_SMTP_HOST=127.0.0.1 RISE_MAIL_SMTP_PORT
export RISE_MAIL_STARTTLS=off RISE_MAIL_SCAN_SECONDS=1 RISE_MAIL_LEASE_SECONDS=5
bin/risectl migrate >"$tmp/log/migrate.log" 2>&1 ||
	{ cat "$tmp/log/migrate.log" >&2; die "risectl migrate failed"; }

if [[ $server == apache ]]; then
	start_apache
else
	sed -e "s|@ROOT@|$root|g" -e "s|@BUILD@|$build|g" -e "s|@VAR@|$tmp|g" \
		-e "s|@PORT@|$port|g" -e "s|@MAX_PROCS@|${MAX_PROCS:-2}|g" \
		conf/lighttpd.conf >"$tmp/lighttpd.conf"
	log=$tmp/log/lighttpd-error.log
	setsid "$lighttpd" -D -f "$tmp/lighttpd.conf" 2>>"$log" &
	lpid=$!
fi

# Two report workers; the tests may kill one (RISE_TEST_WORKER_PIDS).
wpids=
for _ in 1 2; do
	bin/rise-worker 2>>"$log" &
	wpids="$wpids $!"
done

# Two mailers; the mail tests kill one (RISE_TEST_MAILER_PIDS).
mpids=
for _ in 1 2; do
	bin/rise-mailer 2>>"$log" &
	mpids="$mpids $!"
done

url=http://127.0.0.1:$port
echo "test-api.sh: throwaway stack in $tmp serving $url"
up=
for _ in {1..100}; do
	kill -0 "$lpid" 2>/dev/null || break
	curl -fs -o /dev/null -m 2 "$url/v1/health" && up=1 && break
	sleep 0.1
done
[[ -n $up ]] || { tail -n 30 "$log" >&2; die "GET $url/v1/health did not succeed within 10 s"; }
# The parent of the FastCGI programs, where tests look for them: lighttpd,
# or under Apache mod_fcgid's process manager.  mod_fcgid starts a program
# on its first request: one request to each now starts a process of each,
# as lighttpd does at start.
fcgi_parent=$lpid
if [[ $server == apache ]]; then
	for p in "$build"/cgi-bin/*.fcgi; do
		p=${p##*/}
		case $p in web.fcgi) p=/login ;; health.fcgi) p=/v1/health ;; *) p=/v1/${p%.fcgi} ;; esac
		curl -s -o /dev/null -m 5 "$url$p" || true
	done
	fcgi_parent=$(ps -o ppid= -p "$(pgrep -s "$lpid" -f '/health\.fcgi$' | head -n 1)")
	fcgi_parent=${fcgi_parent// /}
fi

rc=0
# Every exchange of the API tests, one JSON line each (tests/api/client.c).
export RISE_TEST_RECORD=$tmp/exchanges.jsonl
# RISE_TEST_CMD (scripts/test-chaos.sh, test-valgrind.sh) runs instead of the
# API tests, told also where the stack lives: RISE_TEST_VAR (pgdata, run/
# socket, log/), RISE_TEST_LIGHTTPD_PID and RISE_TEST_LOG.
RISE_TEST_URL=$url RISE_TEST_RISECTL=$root/bin/risectl RISE_TEST_WORKER_PIDS=$wpids \
	RISE_TEST_MAILER_PIDS=$mpids RISE_TEST_MAIL_DIR=$tmp/mail \
	RISE_TEST_VAR=$tmp RISE_TEST_LIGHTTPD_PID=$fcgi_parent RISE_TEST_LOG=$log \
	"${RISE_TEST_CMD:-$build/api-tests}" "$@" || rc=$?
# The API reference: the checker first proves it catches a wrong body, an
# undocumented status and an unexercised operation, then every recorded
# exchange must fit htdocs/openapi.yaml and, when every suite ran, every
# operation must have answered with a success (tests/openapi/check.py).
if [[ -z ${RISE_TEST_CMD:-} ]]; then
	cover=()
	(($#)) && cover=(--no-coverage)
	if ! /usr/bin/python3 -c 'import jsonschema, yaml' 2>/dev/null; then
		echo "test-api.sh: /usr/bin/python3 lacks jsonschema or yaml: run scripts/deps.sh" >&2
		rc=$((rc ? rc : 1))
	elif ! /usr/bin/python3 tests/openapi/check.py --selftest htdocs/openapi.yaml ||
		! /usr/bin/python3 tests/openapi/check.py "${cover[@]}" htdocs/openapi.yaml "$RISE_TEST_RECORD"; then
		rc=$((rc ? rc : 1))
	fi
fi
if [[ ${RISE_SKIP_BROWSER:-0} != 1 ]]; then
	RISE_TEST_RISECTL=$root/bin/risectl scripts/test-browser.sh "$url" || rc=$((rc ? rc : 1))
fi
if ((rc != 0)); then
	echo "test-api.sh: tests failed ($rc); application log ($log):" >&2
	tail -n 50 "$log" >&2
fi
# A sanitizer report, or a worker that died, fails the run even if every
# request happened to get its expected answer.  A FastCGI program's death is
# "child exited|signalled: N" in lighttpd's words, "mod_fcgid: process ... get
# unexpected signal N" or "return code: N" in Apache's.  The chaos test
# (RISE_TEST_CMD) kills a worker with signal 9 on purpose.
kill9='[0-9]+'
[[ -n ${RISE_TEST_CMD:-} ]] && kill9='([0-8]|[1-9][0-9]+)\b'
errors="AddressSanitizer|LeakSanitizer|runtime error:|child exited|child signall?ed: $kill9"
errors+="|mod_fcgid: process .*(get unexpected signal $kill9|return code: [1-9])"
if grep -qE "$errors" "$log"; then
	echo "test-api.sh: the application log reports errors:" >&2
	{ grep -E -A30 "$errors" "$log" || true; } | head -n 80 >&2 || true
	rc=1
fi
exit "$rc"
