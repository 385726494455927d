# shellcheck shell=bash
# bench/lib.sh: what the benchmark scripts share (sourced; they define say,
# die, tmp and lpid first).

# Stops lighttpd (process group lpid) and PostgreSQL, and removes $tmp
# unless KEEP=1.
stack_teardown() {
	if [[ -n ${lpid:-} ]]; then
		kill -TERM "$lpid" 2>/dev/null || true
		wait "$lpid" 2>/dev/null || true
		for _ in {1..30}; do
			# shellcheck disable=SC2009 # pgrep cannot skip zombies
			ps -o stat= -s "$lpid" | grep -qv Z || break
			sleep 0.1
		done
		kill -KILL -- "-$lpid" 2>/dev/null || true
	fi
	[[ -n ${tmp:-} ]] || return 0
	scripts/pg.sh stop "$tmp" || true
	if [[ ${KEEP:-0} == 1 ]]; then
		say "kept $tmp"
	else
		rm -rf "$tmp"
	fi
}

# True if something accepts connections on 127.0.0.1:$1.
port_busy() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Installs a Debian package if its command is missing: need CMD PACKAGE.
need() {
	command -v "$1" >/dev/null && return 0
	local sudo=()
	((EUID == 0)) || sudo=(sudo)
	say "installing $2"
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >"$tmp/log/apt-$2.log" 2>&1 ||
		{ "${sudo[@]}" apt-get update -q >>"$tmp/log/apt-$2.log" 2>&1 &&
			"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >>"$tmp/log/apt-$2.log" 2>&1; } ||
		{ tail -n 20 "$tmp/log/apt-$2.log" >&2; die "could not install $2"; }
}

# Picks a free loopback $port, starts PostgreSQL in $tmp (fsync off) and
# exports the RISE_* settings of a stack on it (needs $root and $tmp).
stack_db() {
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
	export RISE_HTTP_TRUSTED_PROXIES=127.0.0.1
	export RISE_LOG_LEVEL=warn
}
