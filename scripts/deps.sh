#!/usr/bin/env bash
# deps.sh: install the Debian packages RISE Suite needs to build, run and test.
#
#   scripts/deps.sh
#
# Installs only what is missing (apt-get update runs only then) and is a quick
# no-op when nothing is.  Uses sudo when not root.  Add packages to PACKAGES.
set -euo pipefail

PACKAGES=(
	build-essential pkg-config
	libfcgi-dev libpq-dev libjson-c-dev libjwt-dev libgd-dev libhpdf-dev
	libcunit1-dev libargon2-dev libcurl4-openssl-dev libssl-dev
	postgresql lighttpd fonts-dejavu-core poppler-utils curl ca-certificates
	procps # ps: scripts/run.sh and scripts/test-api.sh check for leftover processes
	python3 # the API tests' SMTP sink (tests/smtp_sink.py)
	jq # scripts/test-hosts.sh reads the API's JSON
	chromium # the browser tests (scripts/test-browser.sh) drive /usr/bin/chromium
	apache2 libapache2-mod-fcgid # the API smoke tests also run behind Apache
	python3-jsonschema python3-yaml # the OpenAPI check of recorded responses
	wrk # steady load for the chaos tests (make test-hardening)
	clang # libFuzzer harnesses (make fuzz, fuzz-smoke in make test-hardening)
	valgrind # one FastCGI program under memcheck (make test-hardening)
)
# Node.js and npm for the browser tests: Debian's, unless the machine has them.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	PACKAGES+=(nodejs npm)
fi

command -v dpkg-query >/dev/null ||
	{ echo "deps.sh: not a Debian system; install: ${PACKAGES[*]}" >&2; exit 1; }

# dpkg-query lists the packages it knows; "ii" means installed.
mapfile -t installed < <(dpkg-query -W -f '${db:Status-Abbrev} ${Package}\n' \
	"${PACKAGES[@]}" 2>/dev/null | awk '$1 == "ii" { print $2 }')
missing=()
for pkg in "${PACKAGES[@]}"; do
	[[ " ${installed[*]} " == *" $pkg "* ]] || missing+=("$pkg")
done
((${#missing[@]} > 0)) || exit 0

sudo=()
((EUID == 0)) || sudo=(sudo)
echo "deps.sh: installing ${missing[*]}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { "${sudo[@]}" apt-get update -q &&
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -q --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
	cat "$log" >&2
	echo "deps.sh: installation failed" >&2
	exit 1
fi
