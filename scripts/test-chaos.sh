#!/usr/bin/env bash
# test-chaos.sh: crashes and restarts under load (issue 8, make test-hardening).
#
#   [RISE_BUILD=build] [KEEP=1] [DURATION=8] [CONNS=8] scripts/test-chaos.sh
#
# Runs itself inside the throwaway stack of scripts/test-api.sh (as its
# RISE_TEST_CMD, with rate limits out of the way and two processes per
# FastCGI program).  wrk drives scripts/chaos.lua on 127.0.0.1 with CONNS
# connections: assessments created (each with a unique clientName), listed,
# read and autosaved; every create answered 201 is logged with its id.
#   1. kill -9 one of the two assessments.fcgi processes after 3 s of load:
#      the failures (statuses >= 400 and socket errors) are no more than the
#      requests that can be in flight (CONNS) and all come at the kill;
#      lighttpd starts a new process, which serves; no clientName is stored
#      twice and every acknowledged create is stored.
#   2. PostgreSQL restarted under the same load: scripts/pg.sh stop, then
#      start (pg_ctl stop -m fast, pg_ctl start: what pg_ctl restart -m fast
#      does).  Every FastCGI process, report worker and mailer is the same
#      process afterwards, requests succeed again within 5 s of the server
#      being back, and every create acknowledged with a 201 is stored.
#   3. Eight reports queued under load with both report workers paused
#      (SIGSTOP); one let go in slices of 30 ms until it is frozen holding a
#      claimed job it has not stored, then killed (SIGKILL); the other goes
#      on.  Each report is stored exactly once (one "report ready", status
#      ready with a PDF), the dead worker's job on a second attempt once its
#      lease (3 s here) ran out, and the API saw no failure.
# Prints the figures and PASS or FAIL per check, "N passed, N failed" last;
# exits 1 if a check failed.  Every wait is bounded.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
DURATION=${DURATION:-8}
CONNS=${CONNS:-8}

if [[ -z ${RISE_TEST_VAR:-} ]]; then
	command -v wrk >/dev/null || { echo "test-chaos.sh: wrk not found: run scripts/deps.sh" >&2; exit 2; }
	for k in DEFAULT REPORT; do
		export "RISE_RATE_LIMIT_$k=1000000000/900"
	done
	export RISE_SERVER=lighttpd MAX_PROCS=2 RISE_SKIP_BROWSER=1 RISE_TEST_CMD=$root/scripts/test-chaos.sh
	export DURATION CONNS
	exec scripts/test-api.sh
fi

# --- Inside the stack (scripts/test-api.sh set RISE_TEST_*).
var=$RISE_TEST_VAR
url=$RISE_TEST_URL
lpid=$RISE_TEST_LIGHTTPD_PID
log=$RISE_TEST_LOG
out=$var/chaos
mkdir -p "$out"
read -r wa wb _ <<<"$RISE_TEST_WORKER_PIDS"
# shellcheck source=scripts/checks.sh
. scripts/checks.sh

die() {
	echo "test-chaos.sh: $*" >&2
	exit 2
}

say() {
	echo "test-chaos.sh: $*"
}

# A stopped worker would never see the stack's SIGTERM.
# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() {
	kill -CONT "$wa" "$wb" 2>/dev/null || true
	[[ -z ${loadpid:-} ]] || kill "$loadpid" 2>/dev/null || true
}
trap cleanup EXIT

sql() {
	psql -X -q -At -v ON_ERROR_STOP=1 -h "$var/run" -p "${RISE_DB_PORT:-5432}" \
		-U rise_admin -d rise "$@"
}

# api METHOD PATH [JSON]: the body on stdout; fails unless 2xx.
api() {
	local args=(-fsS -m 15 -X "$1")
	[[ -n ${token:-} ]] && args+=(-H "Authorization: Bearer $token")
	[[ -n ${3:-} ]] && args+=(-H 'Content-Type: application/json' --data-binary "$3")
	curl "${args[@]}" "$url$2"
}

# Seconds since the epoch, with microseconds.
now() {
	echo "$EPOCHREALTIME"
}

# secs A B: A - B (decimal seconds), to two places.
secs() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a - b }'
}

# Is $1 - $2 below $3 (decimal seconds)?
lt() {
	awk -v a="$1" -v b="$2" -v c="$3" 'BEGIN { exit !(a - b < c) }'
}

# The assessments.fcgi processes lighttpd runs, sorted.
fcgi_pids() {
	pgrep -P "$lpid" -f "/assessments\\.fcgi\$" | sort -n | paste -sd ' '
}

# load TAG SECONDS: wrk in the background; its summary line in $out/TAG.wrk.
load() {
	CHAOS_TOKEN=$token CHAOS_IDS="$ids" CHAOS_TAG=$1 CHAOS_OUT=$out \
		wrk -t2 -c"$CONNS" -d"$2"s --timeout 10s -s scripts/chaos.lua "$url" \
		>"$out/$1.wrk" 2>&1 &
	loadpid=$!
}

# load_wait TAG: wait for it; set requests, errors (statuses >= 400 plus
# socket errors) and the files of acknowledged ids and failure times.
load_wait() {
	local line
	wait "$loadpid" || die "wrk failed: $(cat "$out/$1.wrk")"
	loadpid=
	line=$(grep '^requests=' "$out/$1.wrk") || die "no summary from wrk: $(cat "$out/$1.wrk")"
	requests=${line%% *}
	requests=${requests#requests=}
	errors=$(tr ' ' '\n' <<<"$line" | awk -F= '$1 != "requests" { n += $2 } END { print n }')
	cat "$out/$1".[0-9]* | awk '$1 == "ok" { print $2 }' | sort >"$out/$1.acked"
	cat "$out/$1".[0-9]* | awk '$1 == "fail" { print $2 }' | sort -n >"$out/$1.fails"
	statuses=$(cat "$out/$1".[0-9]* | awk '$1 == "fail" { print $3 }' | sort | uniq -c |
		awk '{ printf "%s%d x %s", (NR > 1 ? ", " : ""), $1, $2 }')
	say "  wrk: $line${statuses:+ ($statuses)}"
}

# stored TAG: check each acknowledged create of TAG is stored, and no
# clientName of TAG twice.
stored() {
	local tag=$1 missing dups acked rows
	sql -c "SELECT id FROM assessments WHERE client_name LIKE '$tag-%'" | sort >"$out/$tag.rows"
	acked=$(wc -l <"$out/$tag.acked")
	rows=$(wc -l <"$out/$tag.rows")
	missing=$(comm -23 "$out/$tag.acked" "$out/$tag.rows" | wc -l)
	dups=$(sql -c "SELECT count(*) FROM (SELECT client_name FROM assessments
		WHERE client_name LIKE '$tag-%' GROUP BY 1 HAVING count(*) > 1) d")
	say "  creates acknowledged: $acked; rows stored: $rows (the rest had no answer" \
		"that reached wrk: failed, or cut off when wrk stopped)"
	check "$tag: every create acknowledged with 201 is stored" "$missing" \
		"$missing of $acked ids missing: $(comm -23 "$out/$tag.acked" "$out/$tag.rows" | head -3 | tr '\n' ' ')"
	check "$tag: no clientName stored twice" "$dups" "$dups names stored more than once"
}

# --- Data: a consultant, ten assessments to read and autosave, one completed.
email="chaos-$$@example.com"
token=$(api POST /v1/auth/register "{\"email\":\"$email\",\"password\":\"Chaos-Test-Passw0rd!\",
	\"firstName\":\"Chaos\",\"lastName\":\"Monkey\",\"company\":\"Chaos Ltd\"}" | jq -r .accessToken)
[[ -n $token && $token != null ]] || die "could not register a consultant"
new_asm() {
	api POST /v1/assessments "{\"clientName\":\"$1\",\"clientEmail\":\"client@example.com\",
		\"businessName\":\"Chaos Ltd\",\"assessmentType\":\"collaborative\"}" | jq -r .id
}
ids=
for i in {1..10}; do
	ids+="$(new_asm "pool $i") "
done
done_id=$(new_asm "complete")
api GET "/v1/questions?includeDisc=true" | jq -c '{isPartial: false, responses: [.questions[] |
	if .type == "multi_select" then {questionId: .id, selectedOptions: [.options[0].id]}
	else {questionId: .id, selectedOption: .options[0].id} end]}' >"$out/answers.json"
api POST "/v1/assessments/$done_id/responses" "$(cat "$out/answers.json")" |
	jq -e '.status == "completed"' >/dev/null || die "could not complete an assessment"
say "load: wrk -t2 -c$CONNS, scripts/chaos.lua (create, list, read, autosave) on $url"

# --- 1. kill -9 a FastCGI process.
say "1. kill -9 one of two assessments.fcgi processes under load"
before=$(fcgi_pids)
read -r victim _ <<<"$before"
[[ $before =~ ^[0-9]+\ [0-9]+$ ]] || die "expected two assessments.fcgi processes, found: $before"
load kill "$DURATION"
sleep 3
t_kill=$(now)
kill -KILL "$victim"
after=
for _ in {1..50}; do
	after=$(fcgi_pids)
	[[ $after =~ ^[0-9]+\ [0-9]+$ && " $after " != *" $victim "* ]] && break
	sleep 0.1
done
t_back=$(now)
load_wait kill
first=$(head -n1 "$out/kill.fails")
last=$(tail -n1 "$out/kill.fails")
say "  killed $victim; processes before: $before, after: $after (replaced" \
	"within $(secs "$t_back" "$t_kill") s)"
when=
[[ -z $first ]] || when="; from $(secs "$first" "$t_kill") to $(secs "$last" "$t_kill") s after the kill"
say "  requests: $requests; failed: $errors (bound: $CONNS in flight)$when"
check "kill: failures ($errors) <= requests in flight ($CONNS)" "$((errors > CONNS))"
check "kill: every failure within 1 s of the kill" \
	"$(if [[ -z $first ]] || { lt "$t_kill" "$first" 0.05 && lt "$last" "$t_kill" 1; }; then echo 0; else echo 1; fi)" \
	"first at $first, last at $last, kill at $t_kill"
new=$(comm -13 <(tr ' ' '\n' <<<"$before" | sort) <(tr ' ' '\n' <<<"$after" | sort) | grep . || true)
check "kill: lighttpd started a new assessments.fcgi" \
	"$([[ $after =~ ^[0-9]+\ [0-9]+$ && -n $new ]]; echo $?)" "processes now: $after"
check "kill: the new process $new serves" \
	"$(grep -qE "assessments\\[$new\\] info .* (200|201) " "$log"; echo $?)"
stored kill

# --- 2. PostgreSQL restarted under load.
say "2. PostgreSQL restarted (fast) under load"
procs() {
	{ pgrep -P "$lpid"; echo "$RISE_TEST_WORKER_PIDS $RISE_TEST_MAILER_PIDS" | tr ' ' '\n'; } |
		grep . | sort -n | paste -sd ' '
}
before=$(procs)
load pg "$((DURATION + 2))"
sleep 3
t_stop=$(now)
scripts/pg.sh stop "$var"
scripts/pg.sh start "$var"
t_up=$(now)
read -r probe _ <<<"$ids"
t_ok=
for _ in {1..100}; do
	if api GET "/v1/assessments/$probe" >/dev/null 2>&1; then
		t_ok=$(now)
		break
	fi
	sleep 0.05
done
load_wait pg
after=$(procs)
last=$(tail -n1 "$out/pg.fails")
when="never"
[[ -z $t_ok ]] || when="$(secs "$t_ok" "$t_up") s after PostgreSQL was back"
[[ -z $last ]] || when+="; last failure at $(secs "$last" "$t_up") s from then"
say "  stopped and started in $(secs "$t_up" "$t_stop") s; first success $when"
say "  requests: $requests; failed: $errors (while PostgreSQL was down)"
check "restart: a request succeeds within 5 s of PostgreSQL being back" \
	"$([[ -n $t_ok ]] && lt "$t_ok" "$t_up" 5; echo $?)"
check "restart: no failure later than 5 s after it was back" \
	"$([[ -z $last ]] || lt "$last" "$t_up" 5; echo $?)" "last failure at $last"
check "restart: the same FastCGI processes, report workers and mailers" \
	"$([[ $before == "$after" ]]; echo $?)" "before: $before; after: $after"
stored pg

# --- 3. A report worker killed while it holds a job.
say "3. a report worker killed while it holds a job, under load"
kill -STOP "$wa" "$wb"
load report 30
reports=()
for _ in {1..8}; do
	reports+=("$(api POST "/v1/reports/$done_id/generate" '{"reportType":"consultant"}' | jq -r .reportId)")
done
in_list=$(printf "'%s'," "${reports[@]}")
in_list=${in_list%,}
# Worker A alone takes the queue (a job takes 15 ms or more): let it run
# for 30 ms, freeze it and see whether it holds a job it has not stored;
# if it was between two jobs, let it go on a little and look again.
held=
for _ in {1..50}; do
	kill -CONT "$wa"
	sleep 0.03
	kill -STOP "$wa"
	held=$(sql -c "SELECT id, extract(epoch FROM lease_until) FROM reports
		WHERE id IN ($in_list) AND status = 'processing' AND lease_until > now()")
	[[ -n $held ]] && break
done
[[ -n $held ]] || die "worker $wa never held a job (reports: ${reports[*]})"
t_kill=$(now)
kill -KILL "$wa"
kill -CONT "$wa" "$wb" 2>/dev/null || true
IFS='|' read -r held_id lease <<<"$held"
say "  worker $wa killed holding $held_id (its lease ends in $(secs "$lease" "$t_kill") s); worker $wb goes on"
t_ready=
for _ in {1..300}; do
	if [[ $(sql -c "SELECT bool_and(status <> 'processing') FROM reports WHERE id IN ($in_list)") == t ]]; then
		t_ready=$(now)
		break
	fi
	sleep 0.1
done
kill "$loadpid" 2>/dev/null || true
wait "$loadpid" 2>/dev/null || true
loadpid=
cat "$out/report".[0-9]* | awk '$1 == "fail" { print $3 }' | sort | uniq -c >"$out/report.statuses"
say "  all eight done${t_ready:+ $(secs "$t_ready" "$t_kill") s after the kill}"
sql -c "SELECT id, status, attempts, pdf IS NOT NULL AND substr(pdf, 1, 5) = '%PDF-'::bytea,
	generated_at >= to_timestamp($lease) FROM reports WHERE id IN ($in_list) ORDER BY created_at" \
	>"$out/report.rows"
sed 's/^/    /' "$out/report.rows"
bad=$(awk -F'|' -v h="$held_id" '$2 != "ready" || $4 != "t" || ($1 == h) != ($3 == 2) ||
	($1 == h && $5 != "t")' "$out/report.rows" | wc -l)
check "report: eight reports ready with a PDF, the dead worker's on attempt 2 after its lease" \
	"$(( bad + (8 - $(wc -l <"$out/report.rows")) ))" "$(cat "$out/report.rows")"
dups=0
for id in "${reports[@]}"; do
	n=$(grep -c "rid=$id report ready" "$log" || true)
	((n == 1)) || { dups=$((dups + 1)); say "  $id: $n \"report ready\" lines"; }
done
check "report: each stored exactly once (one \"report ready\" each, none stored twice)" \
	"$((dups + $(sql -c "SELECT count(*) FROM reports WHERE assessment_id = '$done_id'") - 8))"
check "report: the API answered no error meanwhile" \
	"$([[ ! -s $out/report.statuses ]]; echo $?)" "$(cat "$out/report.statuses")"

echo "test-chaos.sh: $passed passed, $failed failed"
((failed == 0))
