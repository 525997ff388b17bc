#!/usr/bin/env bash
# `swift test` under AddressSanitizer (with LeakSanitizer) and under ThreadSanitizer (issue 11
# item 9), each in its own scratch path so the normal .build is left alone. Includes the parallel
# renderer (`--jobs`), the staged output and the kill/lock tests, as every test runs.
# Usage: bash scripts/sanitize.sh [address|thread ...]   (default: both; extra `swift test`
#        arguments after `--`, e.g. `bash scripts/sanitize.sh thread -- --filter ParallelTests`)
# A cold build of one sanitizer takes ~25 min on a busy 2-core machine, so CI does not run this;
# see docs/安全与可靠性.md for measured durations.
set -euo pipefail
cd "$(dirname "$0")/.."
kinds=()
while (( $# )) && [[ $1 != -- ]]; do kinds+=("$1"); shift; done
[[ ${1:-} == -- ]] && shift
(( ${#kinds[@]} )) || kinds=(address thread)
# XCTest's own runner leaks a few objects at exit (XCTMainMisc, XCTestSuiteRun); those and
# nothing else are suppressed.
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan-suppressions.txt:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export TSAN_OPTIONS="halt_on_error=0:second_deadlock_stack=1${TSAN_OPTIONS:+:$TSAN_OPTIONS}"
status=0
for kind in "${kinds[@]}"; do
    case $kind in
        address) scratch=.build-asan ;;
        thread) scratch=.build-tsan ;;
        *) echo "未知的检查器：$kind（address 或 thread）" >&2; exit 2 ;;
    esac
    # Tests that cannot mean anything under a sanitizer skip themselves (MemoryBoundTests; under
    # thread, the ulimit -f test: the TSan runtime itself dies of SIGBUS then).
    export REPORTGEN_SANITIZER=$kind
    log=$scratch/sanitize.log
    mkdir -p "$scratch"
    start=$(date +%s)
    echo "== swift test --sanitize=$kind (scratch $scratch, log $log)"
    if nice -n 10 swift test --sanitize="$kind" --scratch-path "$scratch" "$@" > "$log" 2>&1; then rc=0; else rc=$?; fi
    # A sanitizer report fails the run even where the test process exits 0.
    if grep -qE "^(==[0-9]+==)?ERROR: (AddressSanitizer|LeakSanitizer)|^WARNING: ThreadSanitizer|SUMMARY: (AddressSanitizer|ThreadSanitizer)" "$log"; then
        (( rc != 0 )) || rc=1
        echo "   sanitizer report: grep -n -A30 'Sanitizer' $log"
    fi
    echo "   exit $rc, $(( $(date +%s) - start )) s; $(grep -E "^✔ Test run with|^✘ Test run with" "$log" | tail -1)"
    (( rc == 0 )) || status=1
done
exit $status
