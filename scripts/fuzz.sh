#!/usr/bin/env bash
# libFuzzer campaigns over reportgen's three untrusted inputs (issue 11 item 9):
#   FuzzTemplate  bytes → a .docx main part (or a whole .docx) → template check → render
#   FuzzJSON      bytes → strict JSON reader → validate
#   FuzzArchive   bytes → zip archive → .docx package → every part parsed, written again
# Builds the harnesses (Fuzz/) with -sanitize=fuzzer,address into $FUZZ_SCRATCH (default
# .build-fuzz), then runs each on a scratch copy of its committed seed corpus (Fuzz/corpus/*).
# Any crash, leak, timeout or out-of-memory, or a harness that does not build, fails the script
# (exit 1) with the input's path; crashes are written to <scratch>/crashes/<harness>/ — keep each
# as a regression test. Prints each harness's executions, coverage and peak memory.
# Usage: bash scripts/fuzz.sh [SECONDS per harness, default 60] [harness ...]
#        RUNS=1000000 bash scripts/fuzz.sh 0 FuzzJSON   (a fixed number of executions instead)
#        CONFIG=debug bash scripts/fuzz.sh 20            (CI: the debug build compiles faster)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
shift || true
HARNESSES=("${@:-FuzzTemplate FuzzJSON FuzzArchive}")
read -r -a HARNESSES <<< "${HARNESSES[*]}"
CONFIG=${CONFIG:-release}
SCRATCH=${FUZZ_SCRATCH:-.build-fuzz}
mkdir -p "$SCRATCH"
start=$(date +%s)
for harness in "${HARNESSES[@]}"; do
    if ! REPORTGEN_FUZZ=1 swift build -c "$CONFIG" --scratch-path "$SCRATCH" --product "$harness" \
        -Xswiftc -sanitize=fuzzer,address -Xlinker --export-dynamic > "$SCRATCH/build-$harness.log" 2>&1; then
        grep -E "error" "$SCRATCH/build-$harness.log" | head -20 >&2 || tail -20 "$SCRATCH/build-$harness.log" >&2
        echo "模糊测试失败：测试桩 $harness 无法构建（$SCRATCH/build-$harness.log）" >&2
        exit 1
    fi
done
echo "== fuzz: $CONFIG build of ${HARNESSES[*]} in $(( $(date +%s) - start )) s (scratch $SCRATCH)"
status=0
for harness in "${HARNESSES[@]}"; do
    case $harness in
        FuzzTemplate) seeds=Fuzz/corpus/template ;;
        FuzzJSON) seeds=Fuzz/corpus/json ;;
        FuzzArchive) seeds=Fuzz/corpus/archive ;;
        *) echo "未知的测试桩：$harness" >&2; exit 2 ;;
    esac
    corpus=$SCRATCH/corpus/$harness; crashes=$SCRATCH/crashes/$harness; log=$SCRATCH/$harness.log
    mkdir -p "$corpus" "$crashes"
    cp -n "$seeds"/* "$corpus"/ 2>/dev/null || true
    limit=(-max_total_time="$SECONDS_EACH")
    [[ -n "${RUNS:-}" ]] && limit=(-runs="$RUNS")
    begun=$(date +%s)
    if "$SCRATCH/$CONFIG/$harness" "${limit[@]}" -max_len=65536 -rss_limit_mb=2048 -timeout=20 \
        -artifact_prefix="$crashes/" -print_final_stats=1 "$corpus" 2> "$log"; then rc=0; else rc=$?; fi
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
    coverage=$(grep -oE "cov: [0-9]+ ft: [0-9]+" "$log" | tail -1 || true)
    echo "== $harness: exit $rc, ${executions:-?} executions in $(( $(date +%s) - begun )) s, ${coverage:-cov: ?}, peak ${rss:-?} MB"
    if (( rc != 0 )); then
        status=1
        grep -E "^SUMMARY|^==[0-9]+==ERROR|Test unit written to" "$log" | head -5 | sed 's/^/   /' >&2 || true
        echo "模糊测试失败：$harness 发现问题（退出码 $rc），日志 $log，输入保存在 $crashes/" >&2
    fi
done
exit $status
