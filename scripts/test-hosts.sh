#!/usr/bin/env bash
# test-hosts.sh: the scale-out test (issue 6).  Two independent web hosts on
# one database share every piece of state through PostgreSQL.
#
#   [RISE_BUILD=build] [KEEP=1] scripts/test-hosts.sh
#
# Builds, in a temporary directory: one throwaway PostgreSQL cluster (fsync
# off, as scripts/test-api.sh makes it) and two lighttpd instances, host A and
# host B, on two free loopback ports.  Each host has its own var directory
# ($tmp/a, $tmp/b: FastCGI sockets, logs, its own FastCGI processes spawned by
# its own lighttpd) and its own public_base_url; they share the JWT secret file
# and the database.  One rise-worker runs for host A.  Then, with curl and jq:
#   (a) register and log in on A; the access token works on B; logout on B;
#       the access token and the refresh token are then refused (401) on A;
#   (b) from one client address (X-Forwarded-For, 127.0.0.1 trusted), 3 failed
#       logins on A and 2 on B use up rate_limit.login (5/900): the next one
#       is 429 on either host;
#   (c) a consultant completes an assessment; A's worker is stopped, a report
#       is queued on A, then A's lighttpd is stopped (its FastCGI processes
#       with it); a worker started for host B renders it and the report is
#       ready, and downloads as a PDF, through host B.
# Prints PASS or FAIL per check and "N passed, N failed" last; exits 1 if a
# check failed (2 if the stack could not be built).  Every wait is bounded;
# everything is torn down on exit (KEEP=1 keeps the directory).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
build=$(realpath -m "${RISE_BUILD:-build}")
tmp=
lpid_a=
lpid_b=
wpid_a=
wpid_b=
# shellcheck source=scripts/checks.sh
. scripts/checks.sh

die() {
	echo "test-hosts.sh: $*" >&2
	exit 2
}

# Stop one lighttpd started with setsid (it stops its FastCGI children);
# SIGKILL its session if anything is left after 3 s.
stop_lighttpd() {
	local pid=$1
	[[ -n $pid ]] || return 0
	kill -TERM "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	for _ in {1..30}; do
		# shellcheck disable=SC2009 # pgrep cannot skip zombies, which init reaps late
		ps -o stat= -s "$pid" | grep -qv Z || return 0
		sleep 0.1
	done
	kill -KILL -- "-$pid" 2>/dev/null || true
}

stop_worker() {
	local pid=$1
	[[ -n $pid ]] || return 0
	kill -TERM "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

# shellcheck disable=SC2317 # invoked by the EXIT trap
teardown() {
	trap '' INT TERM
	stop_worker "$wpid_a"
	stop_worker "$wpid_b"
	stop_lighttpd "$lpid_a"
	stop_lighttpd "$lpid_b"
	[[ -n $tmp ]] || return 0
	scripts/pg.sh stop "$tmp" || true
	if [[ ${KEEP:-0} == 1 ]]; then
		echo "test-hosts.sh: kept $tmp" >&2
	else
		rm -rf "$tmp"
	fi
}

# True if something accepts connections on 127.0.0.1:$1.
port_busy() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_port() {
	local p
	for _ in {1..50}; do
		p=$((20000 + RANDOM % 12000)) # below the ephemeral ports a client may hold
		[[ $p != "${1:-}" ]] && ! port_busy "$p" && { echo "$p"; return 0; }
	done
	die "no free port found"
}

# The HTTP API: api HOST-URL METHOD PATH [JSON] → the body in $body, the
# status in $code ("000" if nothing answered).  $token (if set) is sent as the
# bearer, $ip as X-Forwarded-For.
api() {
	local out=$tmp/resp.json
	local args=(-s -m 15 -o "$out" -w '%{http_code}' -X "$2"
		-H "X-Forwarded-For: $ip")
	[[ -n ${token:-} ]] && args+=(-H "Authorization: Bearer $token")
	if [[ -n ${4:-} ]]; then
		args+=(-H 'Content-Type: application/json' --data-binary "$4")
	elif [[ $2 == POST ]]; then
		args+=(-H 'Content-Length: 0') # lighttpd answers 411 to a POST without it
	fi
	code=$(curl "${args[@]}" "$1$3") || code=${code:-000}
	body=$(cat "$out" 2>/dev/null || true)
	rm -f "$out"
}

# Start host X (a or b): lighttpd on its port with its own var directory and
# public_base_url; sets lpid_X.
start_host() {
	local h=$1 port=$2 var=$tmp/$1 pid up=
	mkdir -p "$var/log" "$var/sock"
	sed -e "s|@ROOT@|$root|g" -e "s|@BUILD@|$build|g" -e "s|@VAR@|$var|g" \
		-e "s|@PORT@|$port|g" -e "s|@MAX_PROCS@|${MAX_PROCS:-1}|g" \
		conf/lighttpd.conf >"$var/lighttpd.conf"
	RISE_PUBLIC_BASE_URL=http://127.0.0.1:$port \
		setsid "$lighttpd" -D -f "$var/lighttpd.conf" 2>>"$var/log/lighttpd-error.log" &
	pid=$!
	printf -v "lpid_$h" %s "$pid"
	for _ in {1..100}; do
		kill -0 "$pid" 2>/dev/null || break
		curl -fs -o /dev/null -m 2 "http://127.0.0.1:$port/v1/health" && up=1 && break
		sleep 0.1
	done
	[[ -n $up ]] || { tail -n 30 "$var/log/lighttpd-error.log" >&2; die "host $h did not answer on port $port within 10 s"; }
}

# A report worker for host X (its public_base_url, its log); sets wpid_X.
start_worker() {
	local h=$1 port=$2
	RISE_PUBLIC_BASE_URL=http://127.0.0.1:$port \
		bin/rise-worker 2>>"$tmp/$h/log/lighttpd-error.log" &
	printf -v "wpid_$h" %s "$!"
}

[[ -x bin/risectl ]] || die "bin/risectl is not built: run make"
[[ -x bin/rise-worker ]] || die "bin/rise-worker is not built: run make"
for snippet in conf/lighttpd/*.conf; do
	prog=$build/cgi-bin/$(basename "$snippet" .conf).fcgi
	[[ -x $prog ]] || die "$prog is not built (needed by $snippet): run make"
done
command -v jq >/dev/null || die "jq not found: run scripts/deps.sh"
command -v curl >/dev/null || die "curl not found: run scripts/deps.sh"
lighttpd=$(PATH=$PATH:/usr/sbin command -v lighttpd) || die "lighttpd not found: run scripts/deps.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rise-hosts.XXXXXX")
trap 'teardown' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
chmod 0711 "$tmp" # the postgres user must traverse it
mkdir -p "$tmp/log"
(umask 077 && head -c 64 /dev/urandom >"$tmp/jwt.secret")
t0=$SECONDS

scripts/pg.sh init "$tmp" --no-fsync
scripts/pg.sh start "$tmp"

# Shared by both hosts and the workers: the database and the JWT secret.
# rate_limit.login is the default 5/900, stated here so the test means it.
export RISE_CONFIG=$root/conf/rise.conf
export RISE_DB_HOST=$tmp/run RISE_DB_PORT=5432 RISE_DB_NAME=rise
export RISE_DB_USER=rise_app RISE_DB_ADMIN_USER=rise_admin
export RISE_JWT_SECRET_FILE=$tmp/jwt.secret
export RISE_HTTP_TRUSTED_PROXIES=127.0.0.1
export RISE_RATE_LIMIT_LOGIN=5/900
export RISE_LOG_LEVEL=info
unset RISE_PUBLIC_BASE_URL RISE_MAIL_SMTP_HOST # per host below; mail stays held
bin/risectl migrate >"$tmp/log/migrate.log" 2>&1 ||
	{ cat "$tmp/log/migrate.log" >&2; die "risectl migrate failed"; }

port_a=$(free_port)
port_b=$(free_port "$port_a")
A=http://127.0.0.1:$port_a
B=http://127.0.0.1:$port_b
start_host a "$port_a"
start_host b "$port_b"
start_worker a "$port_a"
echo "test-hosts.sh: database in $tmp, host A $A (var $tmp/a), host B $B (var $tmp/b)"

# --- (a) A logout on one host is honoured by the other.
ip=198.51.100.11
token=
email="hosts-$$-$RANDOM@example.com"
pw='Hosts-Test-Passw0rd!'
api "$A" POST /v1/auth/register "{\"email\":\"$email\",\"password\":\"$pw\",
	\"firstName\":\"Hana\",\"lastName\":\"Host\",\"company\":\"Two Hosts Ltd\"}"
check "(a) register on host A (201)" "$([[ $code == 201 ]]; echo $?)" "$code $body"
api "$A" POST /v1/auth/login "{\"email\":\"$email\",\"password\":\"$pw\"}"
access=$(jq -r '.accessToken // empty' <<<"$body" 2>/dev/null || true)
refresh=$(jq -r '.refreshToken // empty' <<<"$body" 2>/dev/null || true)
check "(a) login on host A (200, tokens)" "$([[ $code == 200 && -n $access && -n $refresh ]]; echo $?)" "$code $body"

token=$access
api "$B" GET /v1/users/me
check "(a) host A's access token works on host B (GET /v1/users/me 200)" \
	"$([[ $code == 200 && $(jq -r .email <<<"$body" 2>/dev/null) == "$email" ]]; echo $?)" "$code $body"
api "$B" POST /v1/auth/logout
check "(a) logout on host B (204)" "$([[ $code == 204 ]]; echo $?)" "$code $body"
api "$A" GET /v1/users/me
check "(a) the access token is refused on host A after logout on B (401)" \
	"$([[ $code == 401 ]]; echo $?)" "$code $body"
token=
api "$A" POST /v1/auth/refresh "{\"refreshToken\":\"$refresh\"}"
check "(a) the refresh token is refused on host A after logout on B (401)" \
	"$([[ $code == 401 ]]; echo $?)" "$code $body"

# --- (b) The login rate limit counts requests to both hosts.
ip=198.51.100.22
bad='{"email":"nobody-'$$'@example.com","password":"Wrong-Passw0rd!"}'
codes=
for h in "$A" "$A" "$A" "$B" "$B"; do
	api "$h" POST /v1/auth/login "$bad"
	codes+="$code "
done
check "(b) 3 failed logins on A and 2 on B are each refused with 401, not limited" \
	"$([[ $codes == "401 401 401 401 401 " ]]; echo $?)" "got $codes"
api "$A" POST /v1/auth/login "$bad"
check "(b) the 6th login from that address is 429 on host A" "$([[ $code == 429 ]]; echo $?)" "$code $body"
api "$B" POST /v1/auth/login "$bad"
check "(b) and 429 on host B" "$([[ $code == 429 ]]; echo $?)" "$code $body"
ip=198.51.100.23
api "$B" POST /v1/auth/login "$bad"
check "(b) another address is not limited (401 on host B)" "$([[ $code == 401 ]]; echo $?)" "$code $body"

# --- (c) A report queued on host A is rendered after host A is gone.
ip=198.51.100.33
token=
email="hosts-rpt-$$-$RANDOM@example.com"
api "$A" POST /v1/auth/register "{\"email\":\"$email\",\"password\":\"$pw\",
	\"firstName\":\"Rui\",\"lastName\":\"Report\",\"company\":\"Queue & Co\"}"
token=$(jq -r '.accessToken // empty' <<<"$body" 2>/dev/null || true)
api "$A" POST /v1/assessments '{"clientName":"Olga Owner","clientEmail":"olga@example.com",
	"businessName":"Scale-Out Bakery","industry":"Food","assessmentType":"collaborative"}'
aid=$(jq -r '.id // empty' <<<"$body" 2>/dev/null || true)
api "$A" GET '/v1/questions?includeDisc=true'
# Every question answered with its first option (multi-select: that one).
answers=$(jq -c '{isPartial: false, responses: [.questions[]
	| if .type == "multi_select" then {questionId: .id, selectedOptions: [.options[0].id]}
	  else {questionId: .id, selectedOption: .options[0].id} end]}' <<<"$body" 2>/dev/null || true)
api "$A" POST "/v1/assessments/$aid/responses" "$answers"
check "(c) a consultant completes an assessment through host A" \
	"$([[ -n $aid && $code == 200 && $(jq -r .status <<<"$body" 2>/dev/null) == completed ]]; echo $?)" \
	"$code $(head -c 300 <<<"$body")"

stop_worker "$wpid_a"
wpid_a=
api "$A" POST "/v1/reports/$aid/generate" '{"reportType":"consultant"}'
rid=$(jq -r '.reportId // empty' <<<"$body" 2>/dev/null || true)
check "(c) a report is queued on host A with its worker stopped (processing)" \
	"$([[ $code == 200 && -n $rid && $(jq -r .status <<<"$body") == processing ]]; echo $?)" "$code $body"

# Host A's session: its lighttpd and the FastCGI processes it spawned.
procs_a=$(ps -o pid= -s "$lpid_a" | awk '{ printf "%s,", $1 }')
nprocs_a=$(tr -cd , <<<"$procs_a" | wc -c)
stop_lighttpd "$lpid_a"
lpid_a=
api "$A" GET /v1/health
left=$(ps -o pid=,stat=,args= -p "${procs_a%,}" | awk '$2 !~ /Z/' || true)
check "(c) host A is stopped (no answer on its port; its lighttpd and FastCGI processes, $nprocs_a, gone)" \
	"$([[ $code == 000 && $nprocs_a -gt 1 && -z $left ]]; echo $?)" "health $code, processes: $left"
api "$B" GET "/v1/reports/$rid"
check "(c) the report is still processing, seen through host B" \
	"$([[ $code == 200 && $(jq -r .status <<<"$body") == processing ]]; echo $?)" "$code $body"

start_worker b "$port_b"
status=
t_wait=$SECONDS
for _ in {1..120}; do
	api "$B" GET "/v1/reports/$rid"
	status=$(jq -r '.status // empty' <<<"$body" 2>/dev/null || true)
	[[ $status == processing ]] || break
	sleep 0.25
done
url=$(jq -r '.downloadUrl // empty' <<<"$body" 2>/dev/null || true)
check "(c) host B's worker renders it: ready through host B ($((SECONDS - t_wait)) s)" \
	"$([[ $status == ready ]]; echo $?)" "$code $body"
check "(c) its downloadUrl points at host B" "$([[ $url == "$B/"* ]]; echo $?)" "$url"
token=
dl=$(curl -s -m 15 -o "$tmp/report.pdf" -w '%{http_code} %{content_type}' \
	-H "X-Forwarded-For: $ip" "$url" || true)
check "(c) the PDF downloads from host B (200 application/pdf, %PDF-)" \
	"$([[ $dl == "200 application/pdf"* && $(head -c 5 "$tmp/report.pdf" 2>/dev/null) == %PDF- ]]; echo $?)" \
	"$dl, $(stat -c %s "$tmp/report.pdf" 2>/dev/null || echo 0) bytes"

for h in a b; do
	if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:|child exited|child signaled' \
		"$tmp/$h/log/lighttpd-error.log"; then
		check "host $(tr a-b A-B <<<"$h")'s log reports no crash" 1 "$(grep -m3 -E 'Sanitizer|runtime error:|child (exited|signaled)' "$tmp/$h/log/lighttpd-error.log")"
	fi
done
if ((failed > 0)); then
	for h in a b; do
		echo "--- host $h log ($tmp/$h/log/lighttpd-error.log), last lines:" >&2
		tail -n 20 "$tmp/$h/log/lighttpd-error.log" >&2 || true
	done
fi
echo "test-hosts.sh: $((SECONDS - t0)) s"
echo "$passed passed, $failed failed"
((failed == 0))
