#!/usr/bin/env bash
# Fuzzes the Storyline core with cargo-fuzz (libFuzzer + AddressSanitizer).
#
#   scripts/fuzz.sh [smoke|long] [SECONDS] [TARGET...]
#
# smoke: every target for SECONDS (default 5) one after the other; this is
#        what `./build.sh test` runs.
# long:  every target for SECONDS (default 600, the issue's minimum), at most
#        FUZZ_JOBS (default 2) at a time; this is `./build.sh fuzz`.
#
# cargo-fuzz is installed with `cargo install` when missing; if that is not
# possible (offline, no compiler) the run is skipped with a clear message and
# exit status 0, so a missing tool never fails the test build. Only the stable
# toolchain is needed: RUSTC_BOOTSTRAP=1 unlocks the -Z flags libFuzzer needs.
# When the AddressSanitizer runtime is missing the targets are built with
# --sanitizer none (panics and aborts are still caught; memory errors in
# unsafe code would not be).
#
# Figures per target (runs, execs/s, corpus size, crashes) go to stdout and
# to fuzz/logs/summary.md. Exit status 1 when any target crashed; the crash
# input is in fuzz/artifacts/TARGET/ (reproduce with
# `RUSTC_BOOTSTRAP=1 cargo fuzz run TARGET fuzz/artifacts/TARGET/crash-...`
# from the repository root, then add it to tests/regressions.rs).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-smoke}
case "$mode" in
    smoke) secs=${2:-5} ;;
    long) secs=${2:-600} ;;
    *) echo "usage: scripts/fuzz.sh [smoke|long] [SECONDS] [TARGET...]" >&2; exit 2 ;;
esac
shift $(( $# > 2 ? 2 : $# ))
jobs=${FUZZ_JOBS:-2}
# smoke: an unoptimised build compiles in about half the time and a few
# seconds of fuzzing do not need speed; long: optimised, debug assertions on.
profile=-O
if [ "$mode" = smoke ]; then
    jobs=1
    profile=--dev
fi

mkdir -p fuzz/logs
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz: cargo-fuzz is not installed; installing it (cargo install cargo-fuzz --locked)..."
    if ! cargo install cargo-fuzz --locked >fuzz/logs/install.log 2>&1; then
        echo "fuzz: SKIPPED: cargo-fuzz is not installed and could not be installed (see fuzz/logs/install.log)"
        exit 0
    fi
fi
export RUSTC_BOOTSTRAP=1

if [ $# -gt 0 ]; then
    targets="$*"
else
    targets=$(cargo fuzz list --fuzz-dir fuzz)
fi

sanitizer=address
sysroot=$(rustc --print sysroot)
if ! ls "$sysroot"/lib/rustlib/*/lib/librustc-*_rt.asan.a >/dev/null 2>&1; then
    echo "fuzz: no AddressSanitizer runtime in $sysroot; building with --sanitizer none"
    sanitizer=none
fi

echo "fuzz: building targets ($sanitizer sanitizer)..."
if ! cargo fuzz build "$profile" --sanitizer "$sanitizer" --fuzz-dir fuzz >fuzz/logs/build.log 2>&1; then
    if [ "$sanitizer" = address ] && cargo fuzz build "$profile" --sanitizer none --fuzz-dir fuzz >fuzz/logs/build.log 2>&1; then
        echo "fuzz: the address-sanitizer build failed; using --sanitizer none"
        sanitizer=none
    else
        echo "fuzz: build failed:" >&2
        tail -30 fuzz/logs/build.log >&2
        exit 1
    fi
fi

scripts/fuzz_seeds.sh >/dev/null

# One target: libFuzzer with a 10 s per-input timeout (a slow input is a bug:
# the extension has 16 ms per page) and 2 GB RSS cap; inputs up to 16 KB.
run_one() {
    local t=$1 log="fuzz/logs/$1.log"
    mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
    cargo fuzz run "$profile" --sanitizer "$sanitizer" --fuzz-dir fuzz "$t" "fuzz/corpus/$t" -- \
        -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
        -print_final_stats=1 >"$log" 2>&1 || true
}

summary=fuzz/logs/summary.md
stamp=fuzz/logs/.started
touch "$stamp"
{
    echo "fuzz $mode run ($profile), $(date -u +%Y-%m-%dT%H:%MZ), ${secs}s per target, sanitizer=$sanitizer, $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
    echo
    echo "| target | seconds | runs | execs/s | corpus files | corpus KB | peak RSS MB | crashes |"
    echo "|---|---|---|---|---|---|---|---|"
} >"$summary"

crashed=0
report() {
    local t=$1 log="fuzz/logs/$1.log" runs eps rss files kb crashes
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
    files=$(find "fuzz/corpus/$t" -type f | wc -l)
    kb=$(find "fuzz/corpus/$t" -type f -printf '%s\n' | awk '{s+=$1} END {printf "%d", s/1024}')
    crashes=$(find "fuzz/artifacts/$t" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) -newer "$stamp" | wc -l)
    if [ -z "$runs" ] || grep -q -E "ERROR: libFuzzer|panicked at|SUMMARY: " "$log"; then
        crashes=$(( crashes > 0 ? crashes : 1 ))
    fi
    echo "| $t | $secs | ${runs:-?} | ${eps:-?} | $files | $kb | ${rss:-?} | $crashes |" >>"$summary"
    if [ "$crashes" -gt 0 ]; then
        crashed=1
        echo "fuzz: $t FAILED; log: $log" >&2
        grep -m5 -E "panicked at|ERROR:|SUMMARY:|Test unit written" "$log" >&2 || true
    fi
}

set -- $targets
while [ $# -gt 0 ]; do
    batch=()
    for _ in $(seq "$jobs"); do
        [ $# -gt 0 ] || break
        batch+=("$1")
        shift
    done
    echo "fuzz: ${batch[*]} for ${secs}s..."
    pids=()
    for t in "${batch[@]}"; do
        run_one "$t" &
        pids+=($!)
    done
    wait "${pids[@]}"
    for t in "${batch[@]}"; do report "$t"; done
done

cat "$summary"
exit "$crashed"
