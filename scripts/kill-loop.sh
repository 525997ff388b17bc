#!/usr/bin/env bash
# Crash consistency: runs `reportgen package` N times (default 50), killing it with SIGKILL at a
# random moment of each run, alternating between two outputs (CSV in UTF-8 and in GB18030).
# After every kill the output folder must be one of the two complete packages (every file as its
# manifest lists it, nothing else); the next run must clean what the killed one left.
# Usage: [SPAN_MS=ms] bash scripts/kill-loop.sh [N] [reportgen binary]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-50}
BIN=${2:-.build/debug/reportgen}
PKG=examples/yanbian-2021/package.json
WORK=$(mktemp -d /tmp/reportgen-kill-loop.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
"$BIN" package "$PKG" -o "$WORK/ref-a" -q
"$BIN" package "$PKG" -o "$WORK/ref-b" -q --csv-encoding gb18030
cp -r "$WORK/ref-a" "$WORK/out"
# One uninterrupted run's duration bounds the random kill moment.
start=$(date +%s%N); "$BIN" package "$PKG" -o "$WORK/timing" -q; end=$(date +%s%N)
span_ms=$(( (end - start) / 1000000 + 20 ))
# On a busy machine one timing run can take ten times a typical one, and most kills would then land
# after the run finished: SPAN_MS fixes the window instead (e.g. SPAN_MS=1500).
span_ms=${SPAN_MS:-$span_ms}

same_as() { diff -rq "$WORK/out" "$1" >/dev/null 2>&1; }
complete=0; leftovers_seen=0; old=0; new=0
for i in $(seq 1 "$N"); do
    if (( i % 2 )); then extra=(--csv-encoding gb18030); else extra=(); fi
    "$BIN" package "$PKG" -o "$WORK/out" -q "${extra[@]}" 2>/dev/null &
    pid=$!
    delay_ms=$(( RANDOM % span_ms ))
    # seconds.milliseconds (the window can exceed one second)
    sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    if same_as "$WORK/ref-a" || same_as "$WORK/ref-b"; then
        complete=$((complete + 1))
        if (( i % 2 )); then same_as "$WORK/ref-b" && new=$((new + 1)) || old=$((old + 1)); else same_as "$WORK/ref-a" && new=$((new + 1)) || old=$((old + 1)); fi
    else
        echo "iteration $i (killed after ${delay_ms} ms): output folder is neither package" >&2
        ls -la "$WORK" >&2
    fi
    n=$(find "$WORK" -maxdepth 1 -name '.out.reportgen-staging-*' | wc -l)
    leftovers_seen=$((leftovers_seen + n))
done
# An uninterrupted run cleans whatever the killed ones left.
"$BIN" package "$PKG" -o "$WORK/out" -q
find "$WORK" -maxdepth 1 -name ".out.reportgen-*" >&2
remaining=$(find "$WORK" -maxdepth 1 -name '.out.reportgen-*' | wc -l)
echo "kill-loop: $N runs killed at random moments (0-${span_ms} ms); output complete after $complete of $N (old package $old, new package $new);"
echo "  staging folders seen right after kills: $leftovers_seen in total; left after the next clean run: $remaining"
[[ $complete -eq $N && $remaining -eq 0 ]]
