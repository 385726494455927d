#!/usr/bin/env bash
# test-browser.sh: the web UI tests, in headless Chromium, against a running
# stack (what scripts/test-api.sh runs after the API tests).
#
#   [RISE_SCREENSHOTS=dir] [RISE_TEST_RISECTL=bin/risectl] scripts/test-browser.sh URL
#
# URL is the stack's http://127.0.0.1:PORT.  bin/risectl must reach the same
# database (test-api.sh exports its RISE_* settings; for `make run`, run this
# from the repository root).  Against `make run`, start it with
# RISE_HTTP_TRUSTED_PROXIES=127.0.0.1 so that each browser context counts as
# its own client address for the rate limits (sign-in allows 5 per 15 min).
#
# Uses Debian's /usr/bin/chromium through playwright-core (tests/browser,
# never a downloaded browser).  `npm ci` runs only when tests/browser/
# node_modules is missing or package-lock.json changed, so later runs work
# offline.  With RISE_SCREENSHOTS set, every page the tests visit is also
# saved as <dir>/<page>-desktop.png and -phone.png (scripts/screenshots.sh).
# A failed step leaves a screenshot and the page's HTML in
# $RISE_BROWSER_FAILURES (build/browser-failures).  Everything runs under a
# time limit, and no Chromium process outlives the script.  Prints
# "N passed, N failed, N skipped" last and exits non-zero on any failure.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
dir=tests/browser
url=${1:-}
chromium=${RISE_CHROMIUM:-/usr/bin/chromium}
limit=${RISE_BROWSER_TIMEOUT:-600} # seconds for the whole suite
tmp=
tpid=

die() {
	echo "test-browser.sh: $*" >&2
	exit 1
}

# Processes (not zombies) whose command line names our private $tmp: the
# Chromium that playwright started with its profile under TMPDIR=$tmp.
# shellcheck disable=SC2317 # invoked by cleanup
leftovers() {
	local pid
	for pid in $(pgrep -f -- "$tmp/" || true); do
		[[ $pid != "$$" ]] || continue
		# shellcheck disable=SC2009 # pgrep cannot skip zombies
		ps -o stat= -p "$pid" 2>/dev/null | grep -qv Z && echo "$pid"
	done
	return 0
}

# Stops the tests (timeout runs them in a process group of its own, whose id
# is its pid) and then any browser they left, and removes $tmp.
# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() {
	local pids
	if [[ -n $tpid ]]; then
		kill -TERM -- "-$tpid" 2>/dev/null || true
		wait "$tpid" 2>/dev/null || true
		kill -KILL -- "-$tpid" 2>/dev/null || true
	fi
	[[ -n $tmp ]] || return 0
	pids=$(leftovers)
	if [[ -n $pids ]]; then
		echo "test-browser.sh: stopping leftover browser processes: ${pids//$'\n'/ }" >&2
		# shellcheck disable=SC2086 # a list of pids
		kill -TERM $pids 2>/dev/null || true
		for _ in {1..30}; do
			pids=$(leftovers)
			[[ -n $pids ]] || break
			sleep 0.1
		done
		# shellcheck disable=SC2086
		[[ -z $pids ]] || kill -KILL $pids 2>/dev/null || true
	fi
	rm -rf "$tmp"
}

[[ $url =~ ^http://127\.0\.0\.1:[0-9]+/?$ ]] ||
	die "usage: scripts/test-browser.sh http://127.0.0.1:PORT"
command -v node >/dev/null || die "node not found: run scripts/deps.sh"
command -v npm >/dev/null || die "npm not found: run scripts/deps.sh"
node -e 'process.exit(+process.versions.node.split(".")[0] >= 18 ? 0 : 1)' ||
	die "node $(node --version) is too old: 18 or later is needed"
[[ -x $chromium ]] || die "$chromium not found: run scripts/deps.sh"

# Install playwright-core from the lock file, only when needed: the stamp
# holds the hash of the lock file that node_modules was installed from.
stamp=$dir/node_modules/.rise-lock.sha256
want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
if [[ ! -d $dir/node_modules/playwright-core || "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
	echo "test-browser.sh: npm ci --prefix $dir"
	# Never let anything download a browser.
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 timeout 300 \
		npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error ||
		die "npm ci failed"
	echo "$want" >"$stamp"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rise-browser.XXXXXX")
trap 'cleanup' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export RISE_CHROMIUM=$chromium
export RISE_TEST_RISECTL=${RISE_TEST_RISECTL:-$root/bin/risectl}
export RISE_BROWSER_FAILURES=${RISE_BROWSER_FAILURES:-$root/build/browser-failures}
if [[ -n ${RISE_SCREENSHOTS:-} ]]; then
	mkdir -p "$RISE_SCREENSHOTS"
	RISE_SCREENSHOTS=$(realpath "$RISE_SCREENSHOTS")
	export RISE_SCREENSHOTS
fi
rm -f "$RISE_BROWSER_FAILURES"/*.png "$RISE_BROWSER_FAILURES"/*.html

# playwright puts the browser's fresh profile in TMPDIR, i.e. in $tmp.
rc=0
TMPDIR=$tmp timeout -k 10 "$limit" node "$dir/run.mjs" "${url%/}" &
tpid=$!
wait "$tpid" || rc=$?
if ((rc >= 124)); then
	echo "test-browser.sh: the browser tests were stopped (exit $rc; the limit is $limit s)" >&2
	echo "0 passed, 1 failed"
fi
exit "$rc"
