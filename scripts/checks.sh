# shellcheck shell=bash
# scripts/checks.sh: the PASS/FAIL tally of the check scripts (test-hosts,
# test-install, test-chaos, test-valgrind), sourced after they cd to the root.

passed=0
failed=0

# check NAME STATUS [DETAIL]: count and print one result; STATUS 0 passes.
check() {
	if (($2 == 0)); then
		passed=$((passed + 1))
		echo "PASS  $1"
	else
		failed=$((failed + 1))
		echo "FAIL  $1${3:+: $3}"
	fi
}
