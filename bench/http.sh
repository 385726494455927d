#!/usr/bin/env bash
# http.sh: how fast the HTTP API answers (issue 7); `make bench`.
#
#   [RISE_BUILD=build] [DURATION=10] [THREADS=2] [MAX_PROCS=3] [RSS_REQUESTS=100000]
#   [ENDPOINTS="list item questions save login"] [PROFILE=1] [PROFILE_N=500] [KEEP=1]
#   bench/http.sh
#
# ENDPOINTS picks the wrk runs of step 3 (list is required).
#
# Assumes the programs are built (bin/risectl, $RISE_BUILD/cgi-bin/*.fcgi).
# In a temporary directory:
#   1. a throwaway stack as bench/report.sh makes it (PostgreSQL with fsync off,
#      risectl migrate, lighttpd on a free loopback port), with MAX_PROCS FastCGI
#      processes per program and every rate limit raised to 1000000000/900;
#   2. the data, by SQL as rise_admin, one transaction per consultant: 100
#      consultants (each in an organization of its own, all with the Argon2id
#      hash that risectl computed once for the first), 100 assessments each, a
#      third of them completed with one answer per question and scores;
#   3. wrk (DURATION s, THREADS threads, --latency) at 16 and 64 connections on
#      GET /v1/assessments?page=1&limit=20, GET /v1/assessments/:id,
#      GET /v1/questions, POST /v1/assessments/:id/responses (an autosave of
#      five answers by the client through its link, on an assessment created
#      through the API) and POST /v1/auth/login, with the CPU time each group
#      of processes (PostgreSQL, the FastCGI programs, lighttpd, wrk) spent per
#      request during the run;
#   4. the ceiling: pgbench -M prepared -c 64 -j 2 -T DURATION as rise_app
#      running bench/list.pgbench, every statement the list endpoint sends
#      PostgreSQL in the same round trips (the session check with the rate-limit
#      count, then the tenant and lib/stmt.c STMT_ASM_LIST in one pipeline),
#      with its parameters; endpoint req/s / ceiling tps.  Then, for comparison
#      with the figures from before issue 7's tuning, bench/list-tx.pgbench
#      (BEGIN, the tenant, the list, COMMIT);
#   5. VmRSS of every FastCGI process before and after RSS_REQUESTS requests
#      to the list endpoint (wrk at 16 connections for as long as that takes
#      at the rate measured in 3);
#   6. with PROFILE=1, per request of the list, item, questions and autosave
#      endpoints:
#      the statements PostgreSQL ran (log_statement = all) and the round trips
#      the program made (send calls on its connection, under strace) over
#      PROFILE_N requests in a row, and the instructions of one FastCGI process
#      (valgrind --tool=callgrind, after 20 requests of warm-up) over
#      PROFILE_N requests, through a second lighttpd serving that program from
#      valgrind; the callgrind files are kept with KEEP=1.
# Prints a Markdown table and the goals of issue 7.  wrk, lighttpd, the
# programs and PostgreSQL all share the machine's cores.  Installs wrk and jq
# (Debian packages; strace and valgrind with PROFILE=1) if missing.  Tears
# everything down on exit.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
build=$(realpath -m "${RISE_BUILD:-build}")
DURATION=${DURATION:-10}
THREADS=${THREADS:-2}
RSS_REQUESTS=${RSS_REQUESTS:-100000}
MAX_PROCS=${MAX_PROCS:-3}
ENDPOINTS=${ENDPOINTS:-list item questions save login}
PROFILE=${PROFILE:-0}
PROFILE_N=${PROFILE_N:-500}
CONSULTANTS=${CONSULTANTS:-100}
PER=${PER:-100}
PASSWORD='BenchPass123!'
tmp=
lpid=

die() {
	echo "http.sh: $*" >&2
	exit 1
}

say() {
	echo "http.sh: $*" >&2
}

# shellcheck source=bench/lib.sh
. bench/lib.sh
[[ " $ENDPOINTS " == *" list "* ]] || die "ENDPOINTS must include list (the ceiling and RSS runs compare with it)"

# shellcheck disable=SC2317 # invoked by the EXIT trap
teardown() {
	stack_teardown
}

psql_admin() {
	psql -X -q -v ON_ERROR_STOP=1 -h "$tmp/run" -p 5432 -U rise_admin -d rise "$@"
}

# --- Checks, the stack.
[[ -x bin/risectl ]] || die "bin/risectl is not built: make programs"
for p in auth assessments questions; do
	[[ -x $build/cgi-bin/$p.fcgi ]] || die "$build/cgi-bin/$p.fcgi is not built: make programs"
done
lighttpd=$(PATH=$PATH:/usr/sbin command -v lighttpd) || die "lighttpd not found: run scripts/deps.sh"
command -v pgbench >/dev/null || die "pgbench not found (postgresql-client)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rise-http.XXXXXX")
trap 'teardown' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
chmod 0711 "$tmp"
mkdir -p "$tmp/log" "$tmp/sock" "$tmp/wrk"
(umask 077 && head -c 64 /dev/urandom >"$tmp/jwt.secret")
need wrk wrk
need jq jq
if [[ $PROFILE == 1 ]]; then
	need strace strace
	need valgrind valgrind
fi
stack_db
export RISE_JWT_ACCESS_TTL=86400	# one token for the whole run
for k in LOGIN REGISTER PASSWORD REPORT CLIENT WEB INVITE DEFAULT; do
	export "RISE_RATE_LIMIT_$k=1000000000/900"
done
bin/risectl migrate >"$tmp/log/migrate.log" 2>&1 ||
	{ cat "$tmp/log/migrate.log" >&2; die "risectl migrate failed"; }
mkdir -p "$tmp/lighttpd.d"
for f in conf/lighttpd/*.conf; do
	[[ -x $build/cgi-bin/$(basename "$f" .conf).fcgi ]] && cp "$f" "$tmp/lighttpd.d/"
done
sed -e "s|@ROOT@|$root|g" -e "s|@BUILD@|$build|g" -e "s|@VAR@|$tmp|g" \
	-e "s|@PORT@|$port|g" -e "s|@MAX_PROCS@|$MAX_PROCS|g" \
	-e "s|^include var.rise_root + \"/conf/lighttpd/\*.conf\"|include \"$tmp/lighttpd.d/*.conf\"|" \
	conf/lighttpd.conf >"$tmp/lighttpd.conf"
grep -q "^include \"$tmp/lighttpd.d/" "$tmp/lighttpd.conf" || die "conf/lighttpd.conf: include line not found"

# --- The data.  The first consultant through risectl (its Argon2id hash is
# reused for everyone), then one transaction per consultant.
t0=$SECONDS
bin/risectl user add --email bench000@example.com --password "$PASSWORD" --role consultant \
	--first Bench --last Consultant000 --company 'Bench 000 Ltd' >"$tmp/log/useradd.log" 2>&1 ||
	{ cat "$tmp/log/useradd.log" >&2; die "risectl user add failed"; }
hash=$(psql_admin -At -c "SELECT password_hash FROM users WHERE email = 'bench000@example.com'")
# shellcheck disable=SC2016 # a literal prefix
[[ $hash == '$argon2id$'* ]] || die "unexpected password hash: $hash"
{
	echo "\\set hash '$hash'"
	for ((c = 0; c < CONSULTANTS; c++)); do
		cat <<-EOF
			BEGIN;
			SELECT set_config('bench.c', '$c', true);
			INSERT INTO organizations (id, name)
			SELECT 'org_bench' || lpad('$c', 16, '0'), 'Bench $c Ltd' WHERE $c > 0;
			INSERT INTO users (id, org_id, email, password_hash, first_name, last_name, company)
			SELECT 'usr_bench' || lpad('$c', 16, '0'), 'org_bench' || lpad('$c', 16, '0'),
			       'bench' || lpad('$c', 3, '0') || '@example.com', :'hash', 'Bench',
			       'Consultant' || lpad('$c', 3, '0'), 'Bench $c Ltd' WHERE $c > 0;
			CREATE TEMP TABLE a ON COMMIT DROP AS
			SELECT 'asm_' || substr(md5(random()::text), 1, 20) AS id, u.org_id, u.id AS user_id, i,
			       now() - (i * interval '37 hours') - random() * interval '1 hour' AS created_at
			  FROM users u, generate_series(1, $PER) i
			 WHERE u.email = 'bench' || lpad('$c', 3, '0') || '@example.com';
			INSERT INTO assessments (id, org_id, user_id, client_name, client_email, business_name,
			       industry, assessment_type, status, notes, link_salt, link_hash, progress,
			       disc_primary, disc_secondary, disc_scores, phase_primary, phase_scores,
			       created_at, updated_at, started_at, completed_at, expires_at)
			SELECT a.id, a.org_id, a.user_id,
			       (ARRAY['Zoë','Anna','Björn','Carlos','Dana','Émile','Farah','Gustav'])[1 + i % 8] || ' ' ||
			       (ARRAY['Łukasiewicz','Smith','Müller','García','Nguyễn','Okafor','Rossi'])[1 + i % 7] || ' ' || i,
			       'client' || i || '.c$c@example.com',
			       (ARRAY['Ωmega Bäckerei','Harbour Café','Nordic Tools','Blue Fern Design','Atlas Freight'])[1 + i % 5] || ' ' || i,
			       (ARRAY['Food & beverage','Hospitality','Retail','Services','Logistics'])[1 + i % 5],
			       CASE WHEN i % 2 = 0 THEN 'collaborative' ELSE 'self-administered' END,
			       CASE i % 3 WHEN 0 THEN 'completed' WHEN 1 THEN 'pending' ELSE 'in_progress' END,
			       'Owner wants a second site next year; the bank asks for twelve months of management accounts first.',
			       decode(md5(random()::text), 'hex'), decode(md5(random()::text) || md5(random()::text), 'hex'),
			       CASE i % 3 WHEN 0 THEN 100 WHEN 1 THEN 0 ELSE 10 + i % 80 END,
			       CASE WHEN i % 3 = 0 THEN (ARRAY['D','I','S','C'])[1 + i % 4] END,
			       CASE WHEN i % 3 = 0 THEN (ARRAY['I','S','C','D'])[1 + i % 4] END,
			       CASE WHEN i % 3 = 0 THEN jsonb_build_object('D', 2 + i % 5, 'I', 1 + i % 4, 'S', 1 + i % 3,
			            'C', i % 2, 'confidence', (ARRAY['low','medium','high'])[1 + i % 3]) END,
			       CASE WHEN i % 3 = 0 THEN (ARRAY['Stabilize','Organize','Build','Grow','Systemic'])[1 + i % 5] END,
			       CASE WHEN i % 3 = 0 THEN jsonb_build_object('Stabilize', 40 + i % 60, 'Organize', 30 + i % 50,
			            'Build', 20 + i % 60, 'Grow', 10 + i % 70, 'Systemic', 5 + i % 40) END,
			       a.created_at, a.created_at + interval '2 days',
			       CASE WHEN i % 3 <> 1 THEN a.created_at + interval '1 day' END,
			       CASE WHEN i % 3 = 0 THEN a.created_at + interval '2 days' END,
			       now() + interval '30 days'
			  FROM a;
			INSERT INTO responses (assessment_id, question_id, org_id, option_ids, answered_at)
			SELECT a.id, q.id, a.org_id, ARRAY[o.id], a.created_at + interval '2 days'
			  FROM a CROSS JOIN questions q
			  CROSS JOIN LATERAL (SELECT o.id FROM question_options o WHERE o.question_id = q.id
			                       ORDER BY md5(a.id || o.id) LIMIT 1) o
			 WHERE a.i % 3 = 0;
			COMMIT;
		EOF
	done
	echo "ANALYZE;"
} >"$tmp/seed.sql"
psql_admin -f "$tmp/seed.sql" >"$tmp/log/seed.log" 2>&1 || { tail -n 20 "$tmp/log/seed.log" >&2; die "seeding failed"; }
counts=$(psql_admin -At -F ' ' -c "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM assessments),
	(SELECT count(*) FROM assessments WHERE status = 'completed'), (SELECT count(*) FROM responses)")
read -r n_users n_asm n_done n_resp <<<"$counts"
say "seeded $n_users consultants, $n_asm assessments ($n_done completed, $n_resp responses) in $((SECONDS - t0)) s"

setsid "$lighttpd" -D -f "$tmp/lighttpd.conf" 2>>"$tmp/log/lighttpd-error.log" &
lpid=$!
url=http://127.0.0.1:$port
up=
for _ in {1..100}; do
	kill -0 "$lpid" 2>/dev/null || break
	curl -fs -o /dev/null -m 2 "$url/v1/health" && up=1 && break
	sleep 0.1
done
[[ -n $up ]] || { tail -n 30 "$tmp/log/lighttpd-error.log" >&2; die "$url/v1/health did not answer within 10 s"; }
say "throwaway stack in $tmp serving $url"

# --- A consultant in the middle of the table, its token, one of its assessments.
email=bench050@example.com
login_body="{\"email\":\"$email\",\"password\":\"$PASSWORD\"}"
token=$(curl -fsS -m 30 -H 'Content-Type: application/json' --data-binary "$login_body" \
	"$url/v1/auth/login" | jq -r .accessToken)
[[ -n $token && $token != null ]] || die "login failed"
auth="Authorization: Bearer $token"
list=$(curl -fsS -m 30 -H "$auth" "$url/v1/assessments?page=1&limit=20")
asm=$(jq -r '[.. | objects | select(.status? == "completed") | .id][0]' <<<"$list")
[[ $asm == asm_* ]] || die "no completed assessment in the list: $(head -c 300 <<<"$list")"
curl -fsS -m 30 -o /dev/null -H "$auth" "$url/v1/assessments/$asm" || die "GET /v1/assessments/$asm failed"
curl -fsS -m 30 -o /dev/null -H "$auth" "$url/v1/questions" || die "GET /v1/questions failed"
read -r uid org < <(psql_admin -At -F ' ' -c "SELECT id, org_id FROM users WHERE email = '$email'")
# The token's session, for pgbench.
sid=$(psql_admin -At -c "SELECT id FROM sessions WHERE user_id = '$uid' AND revoked_at IS NULL
	ORDER BY created_at DESC LIMIT 1")
cat >"$tmp/login.lua" <<-EOF
	wrk.method = "POST"
	wrk.headers["Content-Type"] = "application/json"
	wrk.body = '$login_body'
EOF
# The autosave: a new assessment (its link is the client's), answered as the
# client answers through it, five answers a save.
new_asm=$(curl -fsS -m 30 -H "$auth" -H 'Content-Type: application/json' --data-binary \
	'{"clientName":"Zoë Autosave","clientEmail":"autosave@example.com","businessName":"Ωmega Bäckerei",
	"industry":"Food & beverage","assessmentType":"self-administered"}' "$url/v1/assessments")
link=$(jq -r .uniqueLink <<<"$new_asm")
save_asm=$(jq -r .id <<<"$new_asm")
[[ $save_asm == asm_* && $link == */assess/* ]] || die "POST /v1/assessments failed: $(head -c 300 <<<"$new_asm")"
save_body=$(curl -fsS -m 30 -H "$auth" "$url/v1/questions" | jq -c '{responses: [.questions[] |
	select(.type != "multi_select")][0:5] | map({questionId: .id, selectedOption: .options[0].id}),
	isPartial: true}')
curl -fsS -m 30 -o /dev/null -H "X-Assessment-Token: ${link##*/}" -H 'Content-Type: application/json' \
	--data-binary "$save_body" "$url/v1/assessments/$save_asm/responses" || die "the autosave failed"
cat >"$tmp/save.lua" <<-EOF
	wrk.method = "POST"
	wrk.headers["Content-Type"] = "application/json"
	wrk.headers["X-Assessment-Token"] = "${link##*/}"
	wrk.body = '$save_body'
EOF

# The FastCGI processes: "pid program" lines.
workers() {
	local p
	for p in $(pgrep -P "$lpid"); do
		echo "$p $(basename "$(readlink "/proc/$p/exe")")"
	done | sort -k 2,2 -k 1,1n
}
rss_kib() {
	awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"
}
workers >"$tmp/workers.txt"
while read -r p _; do echo "$p $(rss_kib "$p")"; done <"$tmp/workers.txt" >"$tmp/rss0.txt"

# CPU time so far, in clock ticks, of PostgreSQL (the postmaster with the
# children it reaped, and its live children), the FastCGI programs and lighttpd.
pgpid=$(head -n 1 "$tmp/pgdata/postmaster.pid")
ticks() {
	local p pg app
	pg=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$pgpid/stat")
	for p in $(pgrep -P "$pgpid"); do
		pg=$((pg + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)))
	done
	app=0
	for p in $(pgrep -P "$lpid"); do
		app=$((app + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)))
	done
	echo "$pg $app $(awk '{ print $14 + $15 }' "/proc/$lpid/stat")"
}
hz=$(getconf CLK_TCK)

# One wrk run: run NAME CONNS DURATION PATH [wrk args...]; prints "rps p50_ms
# p99_ms requests errors", then the CPU milliseconds per request of
# PostgreSQL, the FastCGI programs, lighttpd and wrk.
ms() { # a wrk latency ("812.00us", "1.23ms", "2.00s") in ms
	awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}
run() {
	local name=$1 c=$2 d=$3 path=$4 out t0 t1 TIMEFORMAT='%U %S'
	shift 4
	out=$tmp/wrk/$name-c$c.txt
	t0=$(ticks)
	{ time wrk -t "$THREADS" -c "$c" -d "${d}s" --latency "$@" "$url$path" >"$out" 2>&1; } 2>"$out.time" ||
		{ cat "$out" >&2; die "wrk $name failed"; }
	t1=$(ticks)
	local rps p50 p99 req err
	rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
	p50=$(ms "$(awk '$1 == "50%" { print $2 }' "$out")")
	p99=$(ms "$(awk '$1 == "99%" { print $2 }' "$out")")
	req=$(awk '/requests in/ { print $1 }' "$out")
	err=$(awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$out")
	echo "$rps $p50 $p99 $req $err $(awk -v a="$t0" -v b="$t1" -v w="$(cat "$out.time")" -v n="$req" -v hz="$hz" 'BEGIN {
		split(a, x, " "); split(b, y, " "); split(w, z, " ")
		for (i = 1; i <= 3; i++) printf "%.3f ", (y[i] - x[i]) * 1000 / hz / n
		printf "%.3f", (z[1] + z[2]) * 1000 / n }')"
}

# --- Endpoints.
declare -A R
read -r -a endpoints <<<"$ENDPOINTS"
declare -A PATHS=([list]="/v1/assessments?page=1&limit=20" [item]="/v1/assessments/$asm"
	[questions]="/v1/questions" [save]="/v1/assessments/$save_asm/responses" [login]="/v1/auth/login")
for e in "${endpoints[@]}"; do
	for c in 16 64; do
		if [[ $e == login ]]; then
			R[$e-$c]=$(run "$e" "$c" "$DURATION" "${PATHS[$e]}" -s "$tmp/login.lua")
		elif [[ $e == save ]]; then
			R[$e-$c]=$(run "$e" "$c" "$DURATION" "${PATHS[$e]}" -s "$tmp/save.lua")
		else
			R[$e-$c]=$(run "$e" "$c" "$DURATION" "${PATHS[$e]}" -H "$auth")
		fi
		say "$e c=$c: ${R[$e-$c]} (req/s p50 p99 requests errors," \
			"CPU ms per request: PostgreSQL FastCGI lighttpd wrk)"
	done
done

# --- The ceiling: the list endpoint's SQL through pgbench, with the CPU
# milliseconds per transaction of PostgreSQL and pgbench: "tps latency pg pgbench".
ceiling() {
	local f=$1 c=$2 out t0 t1 TIMEFORMAT='%U %S'
	out=$tmp/pgbench-$(basename "$f" .pgbench)-c$c.txt
	t0=$(ticks)
	{ time pgbench -n -M prepared -c "$c" -j 2 -T "$DURATION" -h "$tmp/run" -p 5432 -U rise_app \
		-D "org=$org" -D "uid=$uid" -D "sid=$sid" -D "key=default:user:$uid" -D win=900 \
		-D inited=0 -D sort=createdAt -D ord=desc -D lim=20 -D off=0 -f "$f" rise >"$out" 2>&1; } \
		2>"$out.time" || { cat "$out" >&2; die "pgbench $f failed"; }
	sleep 1	# the postmaster reaps the 64 backends
	t1=$(ticks)
	awk -v a="$t0" -v b="$t1" -v w="$(cat "$out.time")" -v hz="$hz" '
		/^tps = / { tps = $3 } /^latency average/ { lat = $4 }
		/number of transactions actually processed/ { split($NF, t, "/"); n = t[1] }
		END { split(a, x, " "); split(b, y, " "); split(w, z, " ")
			printf "%.0f %s %.3f %.3f %d\n", tps, lat, (y[1] - x[1]) * 1000 / hz / n,
				(z[1] + z[2]) * 1000 / n, n }' "$out"
}
# Every statement of the endpoint with 64 clients, as wrk has 64 connections;
# with as many as the endpoint has database connections (MAX_PROCS: 64
# clients all counting on one rate-limit row wait for each other's row
# lock); and the list transaction alone, as measured before issue 7.  The
# goal is judged against the highest of the three.
C=$(ceiling "$root/bench/list.pgbench" 64)
say "pgbench ceiling: $C (tps, latency ms, CPU ms per transaction: PostgreSQL pgbench; transactions)"
C_P=$(ceiling "$root/bench/list.pgbench" "$MAX_PROCS")
say "pgbench ceiling with $MAX_PROCS clients: $C_P"
C_TX=$(ceiling "$root/bench/list-tx.pgbench" 64)
say "pgbench, the list transaction alone: $C_TX"
ceiling=$(printf '%s\n' "$C" "$C_P" "$C_TX" | cut -d ' ' -f 1 | sort -n | tail -n 1)

# --- RSS over RSS_REQUESTS list requests.
while read -r p _; do echo "$p $(rss_kib "$p")"; done <"$tmp/workers.txt" >"$tmp/rss1.txt"
rate=$(cut -d ' ' -f 1 <<<"${R[list-16]}")
d=$(awk -v n="$RSS_REQUESTS" -v r="$rate" 'BEGIN { d = int(n / r * 1.25) + 1; print d < 2 ? 2 : d }')
R[rss]=$(run rss 16 "$d" "${PATHS[list]}" -H "$auth")
while read -r p _; do echo "$p $(rss_kib "$p")"; done <"$tmp/workers.txt" >"$tmp/rss2.txt"
rss_req=$(cut -d ' ' -f 4 <<<"${R[rss]}")
say "RSS run: ${R[rss]} over $d s"

# --- PROFILE=1: per request, statements, round trips and instructions.
# N requests in a row on one connection: curl -K FILE with N url/output pairs.
urls() {
	local i
	for ((i = 0; i < $2; i++)); do printf 'url = "%s"\noutput = "/dev/null"\n' "$1"; done
}
# Endpoint e's requests as wrk sends them, to each URL of curl config FILE.
send() {
	local e=$1 file=$2
	if [[ $e == save ]]; then
		curl -fsS -H "X-Assessment-Token: ${link##*/}" -H 'Content-Type: application/json' \
			--data-binary "$save_body" -K "$file" >/dev/null
	else
		curl -fsS -H "$auth" -K "$file"
	fi
}
declare -A PROG=([list]=assessments [item]=assessments [save]=assessments [questions]=questions)
profiled=(list item save questions)
declare -A P
if [[ $PROFILE == 1 ]]; then
	pglog=$tmp/log/postgresql.log
	for e in "${profiled[@]}"; do
		urls "$url${PATHS[$e]}" "$PROFILE_N" >"$tmp/urls-$e.txt"
		psql_admin -c "ALTER SYSTEM SET log_statement = 'all'" -c "SELECT pg_reload_conf()" >/dev/null
		sleep 1
		a=$(wc -l <"$pglog")
		strace_p=()
		while read -r p prog; do
			[[ $prog == "${PROG[$e]}.fcgi" ]] && strace_p+=(-p "$p")
		done <"$tmp/workers.txt"
		strace -f -e trace=sendto -o "$tmp/strace-$e.txt" "${strace_p[@]}" 2>/dev/null &
		spid=$!
		sleep 1
		send "$e" "$tmp/urls-$e.txt" || die "PROFILE: $e requests failed"
		sleep 0.5
		kill -INT "$spid"
		wait "$spid" || true
		psql_admin -c "ALTER SYSTEM RESET log_statement" -c "SELECT pg_reload_conf()" >/dev/null
		sleep 0.5
		tail -n +"$((a + 1))" "$pglog" | grep -E 'LOG:  (statement|execute)' |
			grep -v -e 'ALTER SYSTEM' -e 'pg_reload_conf' >"$tmp/statements-$e.txt" || true
		P[$e-st]=$(awk -v n="$PROFILE_N" 'END { printf "%.2f", NR / n }' "$tmp/statements-$e.txt")
		P[$e-rt]=$(awk -v n="$PROFILE_N" '/sendto\(/ { k++ } END { printf "%.2f", k / n }' "$tmp/strace-$e.txt")
		say "PROFILE $e: ${P[$e-st]} statements, ${P[$e-rt]} round trips per request"
	done
	# One process of each program under callgrind, behind a second lighttpd.
	for prog in assessments questions; do
		d=$tmp/callgrind-$prog
		mkdir -p "$d/log" "$d/sock"
		printf '#!/bin/sh\nexec valgrind -q --tool=callgrind --callgrind-out-file=%s/callgrind.out.%%p %s/cgi-bin/%s.fcgi\n' \
			"$d" "$build" "$prog" >"$d/wrap.sh"
		chmod +x "$d/wrap.sh"
		for _ in {1..50}; do
			port2=$((20000 + RANDOM % 12000)) # below the ephemeral ports a client may hold
			port_busy "$port2" || break
		done
		sed -e "s|^server.port .*|server.port = $port2|" -e "s|^var.rise_var .*|var.rise_var = \"$d\"|" \
			-e "s|^var.rise_max_procs .*|var.rise_max_procs = 1|" -e "s|^include .*|include \"$d/prog.conf\"|" \
			"$tmp/lighttpd.conf" >"$d/lighttpd.conf"
		sed -e "s|var.rise_build + \"/cgi-bin/$prog.fcgi\"|\"$d/wrap.sh\"|" "$tmp/lighttpd.d/$prog.conf" >"$d/prog.conf"
		setsid "$lighttpd" -D -f "$d/lighttpd.conf" 2>>"$d/log/lighttpd-error.log" &
		lpid2=$!
		k=0
		for e in "${profiled[@]}"; do
			[[ ${PROG[$e]} == "$prog" ]] || continue
			u2="http://127.0.0.1:$port2${PATHS[$e]}"
			urls "$u2" 1 >"$d/one.txt"
			urls "$u2" 20 >"$d/warm.txt"
			urls "$u2" "$PROFILE_N" >"$d/urls.txt"
			for _ in {1..300}; do
				send "$e" "$d/one.txt" 2>/dev/null && break
				sleep 0.2
			done
			send "$e" "$d/warm.txt" ||
				{ tail -n 20 "$d/log/lighttpd-error.log" >&2; die "PROFILE: callgrind warm-up failed"; }
			vp=$(pgrep -P "$lpid2" | head -n 1)
			callgrind_control -z "$vp" >/dev/null 2>&1
			send "$e" "$d/urls.txt" || die "PROFILE: callgrind requests failed"
			callgrind_control -d "$vp" >/dev/null 2>&1
			sleep 1
			k=$((k + 1))	# dumps are numbered from 1
			f=$d/callgrind.out.$vp.$k
			P[$e-ir]=$(awk -v n="$PROFILE_N" '/^(summary|totals):/ { printf "%.0f", $2 / n; exit }' "$f")
			say "PROFILE $e: ${P[$e-ir]} instructions per request in $prog.fcgi ($f)"
		done
		kill -TERM "$lpid2" 2>/dev/null || true
		wait "$lpid2" 2>/dev/null || true
	done
fi

# --- Results.
f() { cut -d ' ' -f "$2" <<<"${R[$1]}"; }
echo
echo "HTTP: $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), load average $(cut -d ' ' -f 1-3 /proc/loadavg)"
echo "Code: $(git describe --always --dirty 2>/dev/null || echo "not a git checkout"); $(wrk -v 2>&1 | head -n 1 | cut -d ' ' -f 1-2); data: $n_users consultants, $n_asm assessments ($n_done completed, $n_resp responses)"
echo
echo "| Endpoint | Conns | req/s | p50 ms | p99 ms | Requests | Errors | CPU ms/req: PostgreSQL | FastCGI | lighttpd | wrk |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
# shellcheck disable=SC2016 # Markdown code spans
declare -A LABEL=([list]='`GET /v1/assessments?page=1&limit=20`' [item]='`GET /v1/assessments/:id`'
	[questions]='`GET /v1/questions`' [save]='`POST /v1/assessments/:id/responses` (client, 5 answers)'
	[login]='`POST /v1/auth/login`')
for e in "${endpoints[@]}"; do
	for c in 16 64; do
		printf '| %s | %s | %.0f | %s | %s | %s | %s | %s | %s | %s | %s |\n' "${LABEL[$e]}" "$c" \
			"$(f "$e-$c" 1)" "$(f "$e-$c" 2)" "$(f "$e-$c" 3)" "$(f "$e-$c" 4)" "$(f "$e-$c" 5)" \
			"$(f "$e-$c" 6)" "$(f "$e-$c" 7)" "$(f "$e-$c" 8)" "$(f "$e-$c" 9)"
	done
done
# shellcheck disable=SC2016 # Markdown code spans
{
	read -r t _ pg pb n <<<"$C"
	printf '| pgbench: every statement of the list endpoint (`bench/list.pgbench`) | 64 | %s | | | %s | | %s | | | %s (pgbench) |\n' \
		"$t" "$n" "$pg" "$pb"
	read -r t _ pg pb n <<<"$C_P"
	printf '| pgbench: the same with as many clients as the endpoint has database connections | %s | %s | | | %s | | %s | | | %s (pgbench) |\n' \
		"$MAX_PROCS" "$t" "$n" "$pg" "$pb"
	read -r t _ pg pb n <<<"$C_TX"
	printf '| pgbench: the list transaction alone, as measured before (`bench/list-tx.pgbench`) | 64 | %s | | | %s | | %s | | | %s (pgbench) |\n' \
		"$t" "$n" "$pg" "$pb"
}
echo
ratio=$(awk -v a="$(f list-64 1)" -v b="$ceiling" 'BEGIN { printf "%.2f", a / b }')
ratio16=$(awk -v a="$(f list-16 1)" -v b="$ceiling" 'BEGIN { printf "%.2f", a / b }')
echo "List endpoint / the highest of the three (the ceiling, $ceiling tps): $ratio at 64 connections" \
	"($ratio16 at 16); / each: $(for x in "$C" "$C_P" "$C_TX"; do
		awk -v a="$(f list-64 1)" -v b="${x%% *}" 'BEGIN { printf "%.2f ", a / b }'; done)"
echo "MAX_PROCS=$MAX_PROCS FastCGI processes per program."
echo
if [[ $PROFILE == 1 ]]; then
	echo "Per request, over $PROFILE_N requests in a row (PROFILE=1):"
	echo
	echo "| Endpoint | PostgreSQL statements | Round trips | Instructions in the FastCGI process |"
	echo "|---|---:|---:|---:|"
	for e in "${profiled[@]}"; do
		printf '| %s | %s | %s | %s |\n' "${LABEL[$e]}" "${P[$e-st]}" "${P[$e-rt]}" "${P[$e-ir]}"
	done
	echo
fi
echo "FastCGI worker VmRSS (KiB): at start, after the runs above, after $rss_req more list requests;"
echo "then, after, its private part and its proportional share (PSS) of pages shared with other processes"
echo
echo "| Program | PID | Start | Before | After | Change | Private | PSS |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
maxrss=0
maxgrow=0
maxpriv=0
while read -r p prog; do
	priv=$(awk '/^Private_(Clean|Dirty):/ { n += $2 } END { print n }' "/proc/$p/smaps_rollup")
	((priv > maxpriv)) && maxpriv=$priv
	a=$(awk -v p="$p" '$1 == p { print $2 }' "$tmp/rss0.txt")
	b=$(awk -v p="$p" '$1 == p { print $2 }' "$tmp/rss1.txt")
	c=$(awk -v p="$p" '$1 == p { print $2 }' "$tmp/rss2.txt")
	echo "| $prog | $p | $a | $b | $c | $((c - b)) | $priv | $(awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup") |"
	((c > maxrss)) && maxrss=$c
	((c - b > maxgrow)) && maxgrow=$((c - b))
done <"$tmp/workers.txt"
echo
p99=$(f list-16 3)
met() { [[ $1 == 1 ]] && echo met || echo "NOT met"; }
echo "Goals (issue 7):"
echo "- list >= 0.6 x ceiling at 64 connections (the highest of the three pgbench runs): $ratio," \
	"$(met "$(awk -v r="$ratio" 'BEGIN { print (r >= 0.6) }')")"
echo "- p99 < 5 ms at 16 connections (list): $p99 ms, $(met "$(awk -v r="$p99" 'BEGIN { print (r < 5) }')");" \
	"item $(f item-16 3) ms, questions $(f questions-16 3) ms"
echo "- worker RSS <= 10 MiB and flat over $rss_req requests: largest $maxrss KiB, largest growth $maxgrow KiB," \
	"$(met "$(((maxrss <= 10240 && maxgrow <= 256) ? 1 : 0))") (largest private part $maxpriv KiB)"
