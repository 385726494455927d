#!/usr/bin/env bash
# fuzz/run.sh [SECONDS]: builds the libFuzzer harnesses of fuzz/ into
# build/fuzz/ with clang (lib/ compiled with the same sanitizers) and runs
# each for SECONDS (default 60), FUZZ_JOBS at a time (default: the number
# of CPUs).  The committed seeds in fuzz/corpus/NAME/ are read, never
# written: what a run finds goes to build/fuzz/corpus/NAME/, crashes to
# build/fuzz/crashes/.  Exits 1 if any harness crashed, leaked, timed out
# or could not be built.
#
#   fuzz/run.sh 600                 ten minutes each
#   FUZZ_ONLY="json tmpl" fuzz/run.sh 30
#   build/fuzz/json build/fuzz/crashes/json-crash-...   replay one input
set -euo pipefail

cd "$(dirname "$0")/.."
secs=${1:-60}
[[ $secs =~ ^[0-9]+$ ]] || { echo "usage: fuzz/run.sh [SECONDS]" >&2; exit 2; }
out=build/fuzz
CLANG=${CLANG:-clang}
command -v "$CLANG" >/dev/null ||
	{ echo "fuzz/run.sh: $CLANG not found (apt-get install -y clang)" >&2; exit 2; }
names=${FUZZ_ONLY:-$(for f in fuzz/*.c; do basename "$f" .c; done)}
jobs=${FUZZ_JOBS:-$(nproc)}

pkgs="json-c libpq libjwt gdlib libargon2 fcgi libcrypto"
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
cflags="-g -O1 -fno-omit-frame-pointer -std=c11 -D_GNU_SOURCE -Ilib $(pkg-config --cflags $pkgs)"
libs="$(pkg-config --libs $pkgs) -lhpdf -lm"

# lib/ as an archive, so that a harness links only what it needs.
mkdir -p "$out/obj" "$out/crashes"
objs=()
for src in lib/*.c; do
	obj=$out/obj/$(basename "$src" .c).o
	objs+=("$obj")
	if [[ ! $obj -nt $src ]] || [[ -n $(find lib -name '*.h' -newer "$obj") ]]; then
		echo "  CC $src"
		$CLANG $cflags $san -fsanitize=fuzzer-no-link -c -o "$obj" "$src"
	fi
done
rm -f "$out/librise.a"
ar rcs "$out/librise.a" "${objs[@]}"
for n in $names; do
	echo "  LD $out/$n"
	$CLANG $cflags $san -fsanitize=fuzzer -Ifuzz -o "$out/$n" "fuzz/$n.c" \
	    "$out/librise.a" $libs
done
[[ $secs == 0 ]] && exit 0

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
run() {
	local n=$1 args=()
	mkdir -p "$out/corpus/$n" "fuzz/corpus/$n"
	[[ -f fuzz/$n.dict ]] && args+=("-dict=fuzz/$n.dict")
	"$out/$n" "${args[@]}" -max_total_time="$secs" -timeout=25 \
	    -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
	    -artifact_prefix="$out/crashes/$n-" \
	    "$out/corpus/$n" "fuzz/corpus/$n" >"$out/$n.log" 2>&1
}
running=0
for n in $names; do
	( run "$n"; echo $? >"$out/$n.rc" ) || true &
	running=$((running + 1))
	if ((running >= jobs)); then
		wait -n || true
		running=$((running - 1))
	fi
done
wait

rc=0
printf '%-8s %10s %8s %8s %6s  %s\n' harness execs exec/s cov ft result
for n in $names; do
	log=$out/$n.log
	st=$(cat "$out/$n.rc" 2>/dev/null || echo 1)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
	cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
	ft=$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
	res=ok
	if [[ $st != 0 ]]; then
		res="FAILED (exit $st, see $log)"
		rc=1
	fi
	printf '%-8s %10s %8s %8s %6s  %s\n' "$n" "${execs:--}" "${speed:--}" \
	    "${cov:--}" "${ft:--}" "$res"
done
exit $rc
