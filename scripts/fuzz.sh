#!/usr/bin/env bash
# libFuzzer campaigns over reportgen's three untrusted inputs (issue 11 item 9):
#   FuzzTemplate  bytes → a .docx main part (or a whole .docx) → template check → render
#   FuzzJSON      bytes → strict JSON reader → validate
#   FuzzArchive   bytes → zip archive → .docx package → every part parsed, written again
# Builds the harnesses (Fuzz/) with -sanitize=fuzzer,address into .build-fuzz, then runs each on a
# scratch copy of its committed seed corpus (Fuzz/corpus/*). Crashes are written to
# .build-fuzz/crashes/<harness>/; keep each as a regression test.
# Usage: bash scripts/fuzz.sh [SECONDS per harness, default 60] [harness ...]
#        RUNS=1000000 bash scripts/fuzz.sh 0 FuzzJSON   (a fixed number of executions instead)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
shift || true
HARNESSES=("${@:-FuzzTemplate FuzzJSON FuzzArchive}")
read -r -a HARNESSES <<< "${HARNESSES[*]}"
CONFIG=${CONFIG:-release}
for harness in "${HARNESSES[@]}"; do
    REPORTGEN_FUZZ=1 swift build -c "$CONFIG" --scratch-path .build-fuzz --product "$harness" \
        -Xswiftc -sanitize=fuzzer,address -Xlinker --export-dynamic 2>&1 | grep -E "error|Compiling|Build" | grep -v "Cannot export" || true
done
status=0
for harness in "${HARNESSES[@]}"; do
    case $harness in
        FuzzTemplate) seeds=Fuzz/corpus/template ;;
        FuzzJSON) seeds=Fuzz/corpus/json ;;
        FuzzArchive) seeds=Fuzz/corpus/archive ;;
    esac
    corpus=.build-fuzz/corpus/$harness; crashes=.build-fuzz/crashes/$harness
    mkdir -p "$corpus" "$crashes"
    cp -n "$seeds"/* "$corpus"/ 2>/dev/null || true
    limit=(-max_total_time="$SECONDS_EACH")
    [[ -n "${RUNS:-}" ]] && limit=(-runs="$RUNS")
    if [[ -n "${RUNS:-}" ]]; then echo "== $harness ($RUNS runs)"; else echo "== $harness ($SECONDS_EACH s)"; fi
    if ! ".build-fuzz/$CONFIG/$harness" "${limit[@]}" -max_len=65536 -rss_limit_mb=2048 -timeout=20 \
        -artifact_prefix="$crashes/" -print_final_stats=1 "$corpus" 2> ".build-fuzz/$harness.log"; then
        status=1
        echo "   FAILED: see .build-fuzz/$harness.log and $crashes/"
    fi
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb|Done|cov:" ".build-fuzz/$harness.log" | tail -4 | sed 's/^/   /' || true
done
exit $status
