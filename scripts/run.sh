#!/usr/bin/env bash
# run.sh: serve RISE Suite on this machine (what `make run` calls after building).
#
#   [PORT=8080] [RISE_BUILD=build] [MAX_PROCS=2] scripts/run.sh
#
# The first run creates var/: the PostgreSQL cluster (var/pgdata, socket in
# var/run), logs (var/log) and the JWT secret (var/jwt.secret).  Every run starts
# PostgreSQL, applies the migrations, bootstraps the admin account (its
# credentials are printed once, on the first run) and runs lighttpd in the
# foreground until Ctrl-C, SIGTERM or the exit of our parent (make), then stops
# everything it started.  RISE_CONFIG defaults to conf/rise.conf and any RISE_*
# variable overrides a key in it.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
port=${PORT:-8080}
build=$(realpath -m "${RISE_BUILD:-build}")
var=$root/var
log=$var/log/lighttpd-error.log
parent=$PPID
lpid=
spid=
wpids=()
workers=${REPORT_WORKERS:-2}
mpid=

die() {
	echo "run.sh: $*" >&2
	exit 1
}

# Stop lighttpd, then PostgreSQL.  lighttpd runs in its own session and sends
# SIGTERM to its FastCGI children when it exits; SIGKILL whatever survives.
stop_all() {
	local w
	trap '' INT TERM HUP
	if [[ -n $spid ]]; then kill "$spid" 2>/dev/null || true; fi
	for w in "${wpids[@]}" ${mpid:+"$mpid"}; do kill -TERM "$w" 2>/dev/null || true; done
	for w in "${wpids[@]}" ${mpid:+"$mpid"}; do wait "$w" 2>/dev/null || true; done
	if [[ -n $lpid ]]; then
		kill -TERM "$lpid" 2>/dev/null || true
		wait "$lpid" 2>/dev/null || true
		for _ in {1..30}; do
			# shellcheck disable=SC2009 # pgrep cannot skip zombies, which init reaps late
			ps -o stat= -s "$lpid" | grep -qv Z || break
			sleep 0.1
		done
		kill -KILL -- "-$lpid" 2>/dev/null || true
		lpid=
	fi
	scripts/pg.sh stop "$var"
}

# Print what lighttpd logged since it started.
show_log() {
	tail -c "+$((log_start + 1))" "$log" | tail -n 20 >&2
}

# True if something accepts connections on 127.0.0.1:$1.
port_busy() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# True while our parent (make, or the shell running its recipe) is alive.
parent_alive() {
	[[ $(ps -o ppid= -p $$) -eq $parent ]]
}

[[ -x bin/risectl ]] || die "bin/risectl is not built: run make"
[[ -x bin/rise-worker ]] || die "bin/rise-worker is not built: run make"
[[ -x bin/rise-mailer ]] || die "bin/rise-mailer is not built: run make"
for snippet in conf/lighttpd/*.conf; do
	prog=$build/cgi-bin/$(basename "$snippet" .conf).fcgi
	[[ -x $prog ]] || die "$prog is not built (needed by $snippet): run make"
done
lighttpd=$(PATH=$PATH:/usr/sbin command -v lighttpd) || die "lighttpd not found: run scripts/deps.sh"
port_busy "$port" && die "port $port is already in use; choose another: make run PORT=8081"

mkdir -p "$var/log" "$var/sock"
if [[ ! -s $var/jwt.secret ]]; then
	(umask 077 && head -c 64 /dev/urandom >"$var/jwt.secret")
fi
[[ -f $var/pgdata/PG_VERSION ]] || echo "Creating the PostgreSQL cluster in $var/pgdata"
scripts/pg.sh init "$var"

trap 'stop_all' EXIT
trap 'exit 0' INT TERM HUP
scripts/pg.sh start "$var"

export RISE_CONFIG=${RISE_CONFIG:-$root/conf/rise.conf}
export RISE_PUBLIC_BASE_URL=${RISE_PUBLIC_BASE_URL:-http://127.0.0.1:$port}
bin/risectl migrate
bin/risectl bootstrap-admin

sed -e "s|@ROOT@|$root|g" -e "s|@BUILD@|$build|g" -e "s|@VAR@|$var|g" \
	-e "s|@PORT@|$port|g" -e "s|@MAX_PROCS@|${MAX_PROCS:-2}|g" \
	conf/lighttpd.conf >"$var/lighttpd.conf"
# Its own session keeps Ctrl-C away from lighttpd: we stop it in order.
log_start=$(stat -c %s "$log" 2>/dev/null || echo 0)
setsid "$lighttpd" -D -f "$var/lighttpd.conf" 2>>"$log" &
lpid=$!

for _ in {1..100}; do
	kill -0 "$lpid" 2>/dev/null || { show_log; die "lighttpd failed to start"; }
	code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' "http://127.0.0.1:$port/v1/health") && break
	sleep 0.1
done
[[ $code != 000 ]] || die "lighttpd did not answer on port $port; see $log"
[[ $code == 200 ]] || echo "run.sh: warning: GET /v1/health answered ${code:-nothing}; see $log" >&2
# Report workers (bin/rise-worker); a worker that dies is started again below.
for ((i = 0; i < workers; i++)); do
	setsid bin/rise-worker 2>>"$log" &
	wpids[i]=$!
done
# The mailer (bin/rise-mailer) sends the outbox, or holds it with no
# mail.smtp_host; started again below if it dies.
setsid bin/rise-mailer 2>>"$log" &
mpid=$!
echo "RISE Suite is serving on http://127.0.0.1:$port (Ctrl-C to stop)"
echo "Logs: $log (application), $var/log/lighttpd-access.log, $var/log/postgresql.log"

while kill -0 "$lpid" 2>/dev/null && parent_alive; do
	for ((i = 0; i < workers; i++)); do
		if ! kill -0 "${wpids[i]}" 2>/dev/null; then
			echo "run.sh: report worker ${wpids[i]} exited; starting another" >&2
			setsid bin/rise-worker 2>>"$log" &
			wpids[i]=$!
		fi
	done
	if ! kill -0 "$mpid" 2>/dev/null; then
		echo "run.sh: mailer $mpid exited; starting another" >&2
		setsid bin/rise-mailer 2>>"$log" &
		mpid=$!
	fi
	sleep 1 &
	spid=$!
	wait "$spid" || true
	spid=
done
kill -0 "$lpid" 2>/dev/null || { show_log; die "lighttpd exited"; }
echo "run.sh: parent process gone, stopping"
