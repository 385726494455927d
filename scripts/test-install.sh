#!/usr/bin/env bash
# test-install.sh: check `make install` (issue 6).
#
#   [KEEP=1] scripts/test-install.sh
#
# Runs `make install DESTDIR=$(mktemp -d) PREFIX=/usr` and checks the tree it
# documents: risectl, rise-worker and rise-mailer executable in /usr/sbin; one
# executable /usr/lib/rise/cgi-bin/<family>.fcgi per cgi-bin/<family>/;
# templates, htdocs, SQL and lighttpd snippets under /usr/share/rise, identical
# to the tree's; /etc/rise/rise.conf.sample; the Apache snippet, lighttpd's
# whole configuration and the systemd units, which apache2 -t, lighttpd -tt
# and systemd-analyze verify accept with their paths moved under DESTDIR; no
# file anywhere else.  The installed programs read /etc/rise/rise.conf when
# RISE_CONFIG is unset, the tree's bin/risectl conf/rise.conf.  Then checks
# the sample config: its paths are absolute and name the installed files, and
# the installed risectl, run from / with RISE_CONFIG pointing at the sample
# (only the database socket overridden), takes sql_dir from it: it refuses
# /usr/share/rise/sql where that is missing and, with the sample's paths moved
# under DESTDIR, migrates a throwaway PostgreSQL cluster.
# Prints PASS/FAIL per check and "N passed, N failed" last; exits 1 on failure.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=scripts/checks.sh
. scripts/checks.sh
tmp=

# shellcheck disable=SC2317 # invoked by the EXIT trap
teardown() {
	[[ -n $tmp ]] || return 0
	scripts/pg.sh stop "$tmp/pg" >/dev/null 2>&1 || true
	if [[ ${KEEP:-0} == 1 ]]; then
		echo "test-install.sh: kept $tmp" >&2
	else
		rm -rf "$tmp"
	fi
}

# The value of KEY in config file FILE.
conf() {
	sed -n "s|^$2[[:space:]]*=[[:space:]]*||p" "$1" | tail -n 1
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rise-install.XXXXXX")
trap 'teardown' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
chmod 0711 "$tmp" # the postgres user must traverse it
dest=$tmp/dest
mkdir -p "$dest"
t0=$SECONDS

make --no-print-directory install DESTDIR="$dest" PREFIX=/usr >"$tmp/install.log" 2>&1 ||
	{ cat "$tmp/install.log" >&2; echo "test-install.sh: make install failed" >&2; exit 1; }
check "make install DESTDIR=... PREFIX=/usr" 0

# Programs.
bad=
for p in risectl rise-worker rise-mailer; do
	[[ -f $dest/usr/sbin/$p && -x $dest/usr/sbin/$p ]] || bad+=" $p"
done
check "/usr/sbin/{risectl,rise-worker,rise-mailer} present and executable" "$([[ -z $bad ]]; echo $?)" "missing:$bad"
bad=
n=0
for d in cgi-bin/*/main.c; do
	f=$(basename "$(dirname "$d")")
	n=$((n + 1))
	[[ -f $dest/usr/lib/rise/cgi-bin/$f.fcgi && -x $dest/usr/lib/rise/cgi-bin/$f.fcgi ]] || bad+=" $f.fcgi"
done
check "/usr/lib/rise/cgi-bin: all $n FastCGI programs present and executable" "$([[ -z $bad ]]; echo $?)" "missing:$bad"

# Data: the installed copies are the tree's files, readable by all.
for d in templates htdocs sql; do
	bad=
	n=0
	while IFS= read -r f; do
		n=$((n + 1))
		cmp -s "$f" "$dest/usr/share/rise/$f" && [[ $(stat -c %a "$dest/usr/share/rise/$f") == 644 ]] ||
			bad+=" $f"
	done < <(find "$d" -type f ! -name '.*' ! -name '*~')
	check "/usr/share/rise/$d: $n files, identical, mode 644" "$([[ $n -gt 0 && -z $bad ]]; echo $?)" "bad:$bad"
done
bad=
for f in conf/lighttpd/*.conf; do
	cmp -s "$f" "$dest/usr/share/rise/lighttpd/$(basename "$f")" || bad+=" $f"
done
check "/usr/share/rise/lighttpd: the lighttpd snippets" "$([[ -z $bad ]]; echo $?)" "bad:$bad"

# The web server configurations, with the installed paths filled in and
# valid once those are moved under DESTDIR.
a=$dest/usr/share/rise/apache/rise.conf
bad=
for d in cgi-bin/*/main.c; do
	f=$(basename "$(dirname "$d")")
	grep -qE "^AliasMatch .* \"/usr/lib/rise/cgi-bin/$f\.fcgi\"$" "$a" 2>/dev/null || bad+=" $f"
done
check "/usr/share/rise/apache/rise.conf maps every family to its program" "$([[ -z $bad ]]; echo $?)" "unmapped:$bad"
left=$(grep -h '@[A-Z_]*@' "$a" "$dest/usr/share/rise/lighttpd.conf" \
	"$dest"/usr/lib/systemd/system/*.service 2>&1 || true)
check "no @PLACEHOLDER@ left in the installed configurations" "$([[ -z $left ]]; echo $?)" "$left"
indest() {
	sed -e "s#\"/usr/\(share\|lib\)/rise\([/\"]\)#\"$dest/usr/\1/rise\2#g" \
		-e "s|\"/var/lib/rise\"|\"$tmp\"|" -e "s|\"/var/log/lighttpd/|\"$tmp/|" "$@"
}
apache2=$(PATH=$PATH:/usr/sbin command -v apache2 || true)
if [[ -n $apache2 ]]; then
	mkdir -p "$tmp/apache" "$tmp/log"
	: >"$tmp/apache/env.conf"
	indest "$a" >"$tmp/apache/rise.conf"
	user=$(id -un)
	group=$(id -gn)
	if ((EUID == 0)); then # Apache refuses to serve as root
		user=www-data
		group=www-data
	fi
	sed -e "s|@VAR@|$tmp|g" -e "s|@PORT@|8080|g" -e "s|@USER@|$user|g" \
		-e "s|@GROUP@|$group|g" conf/apache2.conf >"$tmp/apache/apache2.conf"
	out=$("$apache2" -t -f "$tmp/apache/apache2.conf" 2>&1) && rc=0 || rc=$?
	check "apache2 -t accepts the installed snippet" "$rc" "$out"
else
	echo "SKIP  apache2 -t (apache2 not installed: scripts/deps.sh)"
fi
l=$dest/usr/share/rise/lighttpd.conf
bad=$(for want in '^server.errorlog += "/var/log/lighttpd/rise-error.log"$' \
	'^accesslog.filename += "/var/log/lighttpd/rise-access.log"$' '^var.rise_var += "/var/lib/rise"$' \
	'^server.port += 80$' '^server.username += "www-data"$' \
	'^include var.rise_root \+ "/lighttpd/\*.conf"$'; do
	grep -qE "$want" "$l" 2>/dev/null || echo "$want"
done)
check "/usr/share/rise/lighttpd.conf: port 80, www-data, logs in /var/log/lighttpd, sockets in /var/lib/rise" \
	"$([[ -z $bad ]]; echo $?)" "missing: $bad"
lighttpd=$(PATH=$PATH:/usr/sbin command -v lighttpd || true)
if [[ -n $lighttpd ]]; then
	indest "$dest/usr/share/rise/lighttpd.conf" >"$tmp/lighttpd.conf"
	# lighttpd -tt exits 0 even when a bin-path is wrong: it must say nothing.
	out=$("$lighttpd" -tt -f "$tmp/lighttpd.conf" 2>&1) && rc=0 || rc=$?
	check "lighttpd -tt accepts /usr/share/rise/lighttpd.conf" "$([[ $rc == 0 && -z $out ]]; echo $?)" "$out"
else
	echo "SKIP  lighttpd -tt (lighttpd not installed: scripts/deps.sh)"
fi
bad=
for u in rise-worker@:rise-worker rise-mailer:rise-mailer "rise-purge:risectl purge"; do
	f=$dest/usr/lib/systemd/system/${u%%:*}.service
	grep -qx "ExecStart=/usr/sbin/${u#*:}" "$f" 2>/dev/null || bad+=" ${u%%:*}"
done
[[ -f $dest/usr/lib/systemd/system/rise-purge.timer ]] || bad+=" rise-purge.timer"
check "/usr/lib/systemd/system/{rise-worker@,rise-mailer,rise-purge}.service start /usr/sbin/..., and rise-purge.timer" \
	"$([[ -z $bad ]]; echo $?)" "bad:$bad"
if command -v systemd-analyze >/dev/null; then
	mkdir -p "$tmp/units"
	for f in "$dest"/usr/lib/systemd/system/rise-*; do
		sed "s|^ExecStart=|ExecStart=$dest|" "$f" >"$tmp/units/${f##*/}"
	done
	out=$(systemd-analyze verify --man=no "$tmp/units/rise-mailer.service" \
		"$tmp/units/rise-worker@.service" "$tmp/units/rise-purge.service" \
		"$tmp/units/rise-purge.timer" 2>&1) && rc=0 || rc=$?
	check "systemd-analyze verify accepts the units" "$([[ $rc == 0 && -z $out ]]; echo $?)" "$out"
else
	echo "SKIP  systemd-analyze verify (no systemd here)"
fi

# The installed programs' own default configuration, and the tree's.
for p in usr/sbin/risectl usr/lib/rise/cgi-bin/health.fcgi; do
	out=$(cd / && env -u RISE_CONFIG -u RISE_ROOT RISE_DB_HOST=/nonexistent \
		"$dest/$p" user list </dev/null 2>&1) || true
	if [[ -e /etc/rise/rise.conf ]]; then
		# A deployment's: run nothing against it, look in the binary.
		grep -q /etc/rise/rise.conf "$dest/$p" && rc=0 || rc=1
	else
		[[ $out == *"/etc/rise/rise.conf: No such file"* ]] && rc=0 || rc=1
	fi
	check "installed $p reads /etc/rise/rise.conf without RISE_CONFIG" "$rc" "$out"
done
out=$(cd "$tmp" && env -u RISE_CONFIG -u RISE_ROOT "$root/bin/risectl" user list 2>&1) || true
check "the tree's bin/risectl reads conf/rise.conf without RISE_CONFIG" \
	"$([[ $out == *"conf/rise.conf: No such file"* && $out != */etc/* ]]; echo $?)" "$out"

sample=$dest/etc/rise/rise.conf.sample
check "/etc/rise/rise.conf.sample present (mode 644)" \
	"$([[ -f $sample && $(stat -c %a "$sample") == 644 ]]; echo $?)"
stray=$(cd "$dest" && find . -type f ! -path './usr/sbin/*' ! -path './usr/lib/rise/*' \
	! -path './usr/share/rise/*' ! -path './etc/rise/*' ! -path './usr/lib/systemd/system/rise-*.service' \
	! -path './usr/lib/systemd/system/rise-*.timer')
check "no file outside /usr/sbin, /usr/lib/rise, /usr/share/rise, /etc/rise, the units" "$([[ -z $stray ]]; echo $?)" "$stray"

# The sample config: absolute paths naming the installed tree.
td=$(conf "$sample" templates_dir)
sd=$(conf "$sample" sql_dir)
js=$(conf "$sample" jwt.secret_file)
fd=$(conf "$sample" reports.font_dir)
check "sample: templates_dir = $td (installed)" \
	"$([[ $td == /usr/share/rise/templates && -f $dest$td/reports/content.json && -d $dest$td/mail ]]; echo $?)"
check "sample: sql_dir = $sd (installed)" \
	"$([[ $sd == /usr/share/rise/sql && -f $dest$sd/001_core.sql && -d $dest$sd/seed ]]; echo $?)"
check "sample: jwt.secret_file = $js (under /etc/rise)" "$([[ $js == /etc/rise/* ]]; echo $?)"
check "sample: reports.font_dir = $fd (absolute, holds DejaVuSans.ttf here)" \
	"$([[ $fd == /* && -f $fd/DejaVuSans.ttf ]]; echo $?)"
rel=$(grep -E '^(db\.host|jwt\.secret_file|reports\.font_dir|templates_dir|sql_dir)[[:space:]]*=[[:space:]]*[^/[:space:]]' "$sample" || true)
check "sample: every path setting is absolute" "$([[ -z $rel ]]; echo $?)" "$rel"

# The installed risectl reads sql_dir from the sample (run from /, so that
# no conf/ or sql/ of the working directory can stand in for it).
scripts/pg.sh init "$tmp/pg" --no-fsync
scripts/pg.sh start "$tmp/pg"
risectl=$dest/usr/sbin/risectl
if [[ ! -e $sd ]]; then
	out=$(cd / && env -u RISE_ROOT RISE_CONFIG="$sample" RISE_DB_HOST="$tmp/pg/run" \
		timeout 30 "$risectl" migrate 2>&1) && rc=0 || rc=$?
	check "installed risectl migrate with the sample takes sql_dir from it (fails naming $sd: not installed here)" \
		"$([[ $rc != 0 && $out == *"$sd"* ]]; echo $?)" "rc $rc: $out"
fi
# The same sample with its installed paths moved under DESTDIR.
sed -e "s|= /usr/share/rise/|= $dest/usr/share/rise/|" "$sample" >"$tmp/rise.conf"
out=$(cd / && env -u RISE_ROOT RISE_CONFIG="$tmp/rise.conf" RISE_DB_HOST="$tmp/pg/run" \
	timeout 60 "$risectl" migrate 2>&1) && rc=0 || rc=$?
nmig=$(find sql -maxdepth 1 -name '*.sql' | wc -l)
napplied=$(grep -c '^applied ' <<<"$out" || true)
check "installed risectl migrate applies the installed sql_dir ($napplied of $nmig migrations)" \
	"$([[ $rc == 0 && $napplied == "$nmig" ]]; echo $?)" "rc $rc: $out"
out=$(cd / && env -u RISE_ROOT RISE_CONFIG="$tmp/rise.conf" RISE_DB_HOST="$tmp/pg/run" \
	timeout 30 "$risectl" user list 2>&1) && rc=0 || rc=$?
check "installed risectl user list works on the migrated database" "$([[ $rc == 0 ]]; echo $?)" "rc $rc: $out"

echo "test-install.sh: $((SECONDS - t0)) s"
echo "$passed passed, $failed failed"
((failed == 0))
