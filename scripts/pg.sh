#!/usr/bin/env bash
# pg.sh: a project-local PostgreSQL cluster.
#
#   scripts/pg.sh init DIR [--no-fsync]  create DIR/pgdata: superuser rise_admin,
#                                        database rise, UTF8, C.UTF-8 (no-op if it exists)
#   scripts/pg.sh start DIR              start unless running; wait until ready
#   scripts/pg.sh stop DIR               fast shutdown unless stopped
#   scripts/pg.sh status DIR             exit 0 if running, 3 if not (pg_ctl's codes)
#
# Data in DIR/pgdata, socket only (listen_addresses = '') in DIR/run, log in
# DIR/log/postgresql.log.  Local connections are trusted because DIR/run is
# private (0700).  --no-fsync trades crash safety for speed: throwaway clusters only.
# PostgreSQL refuses to run as root, so as root the server runs as the postgres
# system user, which must be able to traverse DIR.
set -euo pipefail

die() {
	echo "pg.sh: $*" >&2
	exit 1
}

# Print the newest PostgreSQL server bin directory.
pg_bindir() {
	local d dirs
	mapfile -t dirs < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -rV)
	dirs+=("$(pg_config --bindir 2>/dev/null || true)")
	for d in "${dirs[@]}"; do
		[[ -x $d/initdb ]] && { echo "$d"; return; }
	done
	die "PostgreSQL server binaries not found: run scripts/deps.sh"
}

# Run a command as the cluster owner: the postgres user when we are root.
as_owner() {
	if ((EUID == 0)); then
		(cd / && runuser -u postgres -- "$@")
	else
		"$@"
	fi
}

# Create the directories the server writes to, owned by the cluster owner.
prepare_dirs() {
	mkdir -p "$dir/pgdata" "$dir/run" "$dir/log"
	chmod 0700 "$dir/pgdata" "$dir/run"
	touch "$dir/log/postgresql.log"
	((EUID == 0)) || return 0
	id postgres >/dev/null 2>&1 || die "no postgres user: install PostgreSQL (scripts/deps.sh)"
	chown postgres: "$dir/pgdata" "$dir/run" "$dir/log/postgresql.log"
	as_owner test -x "$dir/pgdata" && return 0
	# Name the first directory on the path that postgres cannot search.
	local p='' part
	while IFS= read -r -d / part; do
		p+=$part/
		as_owner test -x "$p" || break
	done <<<"${dir#/}/"
	die "the postgres user cannot traverse /$p (mode $(stat -c %a "/$p")), so it cannot" \
		"reach $dir. Use a directory outside it (e.g. clone under /srv or /opt)," \
		"or make it traversable: chmod o+x /$p"
}

cmd_init() {
	[[ -f $dir/pgdata/PG_VERSION ]] && return 0
	prepare_dirs
	local opts=(-D "$dir/pgdata" -U rise_admin --auth-local=trust --auth-host=reject
		-E UTF8 --locale=C.UTF-8)
	[[ $fsync == off ]] && opts+=(--no-sync)
	as_owner "$bin/initdb" "${opts[@]}" >"$dir/log/initdb.log" 2>&1 ||
		{ cat "$dir/log/initdb.log" >&2; die "initdb failed"; }
	cat >>"$dir/pgdata/postgresql.conf" <<-EOF

		# Added by scripts/pg.sh
		listen_addresses = ''
		unix_socket_directories = '$dir/run'
		fsync = $fsync
		synchronous_commit = $fsync
		full_page_writes = $fsync
	EOF
	echo "CREATE DATABASE rise OWNER rise_admin;" |
		as_owner "$bin/postgres" --single -D "$dir/pgdata" template1 >>"$dir/log/initdb.log" 2>&1 ||
		{ cat "$dir/log/initdb.log" >&2; die "could not create database rise"; }
}

running() {
	[[ -f $dir/pgdata/PG_VERSION ]] && as_owner "$bin/pg_ctl" -D "$dir/pgdata" status >/dev/null 2>&1
}

cmd_start() {
	[[ -f $dir/pgdata/PG_VERSION ]] || die "no cluster in $dir/pgdata: run scripts/pg.sh init $dir"
	prepare_dirs
	running && return 0
	as_owner "$bin/pg_ctl" -D "$dir/pgdata" -l "$dir/log/postgresql.log" -w -t 60 start >/dev/null ||
		{ tail -n 20 "$dir/log/postgresql.log" >&2; die "PostgreSQL did not start"; }
}

cmd_stop() {
	running || return 0
	as_owner "$bin/pg_ctl" -D "$dir/pgdata" -m fast -w stop >/dev/null
}

cmd_status() {
	[[ -f $dir/pgdata/PG_VERSION ]] || { echo "no cluster in $dir/pgdata"; exit 3; }
	as_owner "$bin/pg_ctl" -D "$dir/pgdata" status
}

(($# >= 2)) || die "usage: pg.sh init|start|stop|status DIR [--no-fsync]"
cmd=$1
[[ $cmd == init ]] && mkdir -p "$2"
[[ -d $2 ]] || die "$2: no such directory"
dir=$(cd "$2" && pwd)
fsync=on
[[ ${3:-} == --no-fsync ]] && fsync=off
bin=$(pg_bindir)
case $cmd in
init | start | stop | status) "cmd_$cmd" ;;
*) die "unknown command: $cmd" ;;
esac
