#!/usr/bin/env bash
# Interruption at random moments on a generated workload (default 300 projects): `package` into
# a new folder, `package` again over the existing package, and `project --id` after a project
# was renamed (its old files are deleted), each stopped by SIGKILL (or, every fourth run, by
# SIGTERM or SIGINT) at a random moment of the run. After every stop:
#   - `package`: the folder is absent (new folder) or a complete package: every file listed in
#     manifest.json with its SHA-256, nothing else;
#   - `project --id`: the same, or an update still to finish (a staging folder holding a
#     committed `journal`, docs/安全与可靠性.md §3), which the next run must finish;
#   - no LibreOffice or reportgen left running (with PDF=1, `--pdf` on the package runs);
# and the next uninterrupted run succeeds, leaves a complete package and nothing beside it.
# Usage: [PDF=1] [SPAN_MS=ms] bash scripts/interrupt-loop.sh [N=24] [projects=300] [reportgen binary]
# Takes minutes (each run renders the whole workload): not part of CI; see kill-loop.sh for the quick one.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-24}
PROJECTS=${2:-300}
BIN=$(realpath "${3:-.build/debug/reportgen}")
WORK=$(mktemp -d /tmp/reportgen-interrupt-loop.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export XDG_CACHE_HOME=$WORK/cache
python3 scripts/make-workload.py --projects "$PROJECTS" -o "$WORK/pkg" >/dev/null
PKG=$WORK/pkg/package.json
pdf=(); [[ ${PDF:-0} == 1 ]] && pdf=(--pdf)

# complete DIR: 0 when DIR is a whole package (manifest lists every file, hashes match).
complete() {
    python3 - "$1" <<'EOF'
import hashlib, json, os, sys
d = sys.argv[1]
try:
    m = json.load(open(os.path.join(d, "manifest.json"), encoding="utf-8"))
except Exception as e:
    print(f"  no readable manifest.json: {e}"); sys.exit(1)
listed = {f["path"]: f["sha256"] for f in m["files"]}
present = set(os.listdir(d)) - {"manifest.json"}
bad = sorted(present ^ set(listed))
for p in sorted(present & set(listed)):
    if hashlib.sha256(open(os.path.join(d, p), "rb").read()).hexdigest() != listed[p]:
        bad.append(p + " (hash)")
if bad:
    print(f"  {len(bad)} files differ from the manifest, e.g. {bad[:3]}"); sys.exit(1)
EOF
}
pending_journal() { compgen -G "$WORK/.out.reportgen-staging-*/journal" >/dev/null; }
# LibreOffice of a SIGKILLed run gets SIGTERM from the parent-death signal, and SIGKILL 5 s later.
leftover_children() {
    for _ in $(seq 50); do
        pgrep -f "UserInstallation=file://$XDG_CACHE_HOME" >/dev/null || pgrep -f "^$BIN " >/dev/null || return 1
        sleep 0.2
    done
}

start=$(date +%s%N); "$BIN" package "$PKG" -o "$WORK/out" -q "${pdf[@]}"; end=$(date +%s%N)
span_ms=${SPAN_MS:-$(( (end - start) / 1000000 + 200 ))}
complete "$WORK/out"
project_file=$(python3 -c "import glob,sys; print(sorted(glob.glob(sys.argv[1] + '/projects/*.json'))[1])" "$WORK/pkg")
project=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1], encoding='utf-8'))['id'])" "$project_file")

failures=0; kinds=(new rerun project)
declare -A stopped=([old]=0 [new]=0 [absent]=0 [journal]=0)
for i in $(seq 1 "$N"); do
    kind=${kinds[$(( i % 3 ))]}
    signal=KILL; (( i % 4 == 0 )) && signal=$([[ $(( i % 8 )) == 0 ]] && echo INT || echo TERM)
    case $kind in
        new) rm -rf "$WORK/out"; cmd=(package "$PKG" -o "$WORK/out" -q "${pdf[@]}") ;;
        rerun) extra=(); (( i % 2 )) && extra=(--csv-encoding gb18030)
               cmd=(package "$PKG" -o "$WORK/out" -q "${extra[@]}" "${pdf[@]}") ;;
        project) # A new name each time: the old name's files must go, the new ones come.
                 python3 - "$project_file" "$i" <<'EOF'
import json, sys
p = json.load(open(sys.argv[1], encoding="utf-8")); p["name"] = f"改名的项目{sys.argv[2]}"
json.dump(p, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False, indent=2)
EOF
                 cmd=(project "$PKG" --id "$project" -o "$WORK/out" -q) ;;
    esac
    before=$( { cat "$WORK/out/manifest.json" 2>/dev/null || true; } | sha256sum)
    "$BIN" "${cmd[@]}" 2>"$WORK/stderr" &
    pid=$!
    delay_ms=$(( (RANDOM * 32768 + RANDOM) % span_ms ))
    sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
    kill -"$signal" "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null && rc=0 || rc=$?
    sleep 0.3
    state=""
    if [[ ! -e $WORK/out ]]; then
        [[ $kind == new ]] && state=absent || state="missing output folder"
    elif complete "$WORK/out" >/dev/null; then
        [[ $(cat "$WORK/out/manifest.json" | sha256sum) == "$before" ]] && state=old || state=new
    elif [[ $kind == project ]] && pending_journal; then
        state=journal
    else
        state="PARTIAL: $(complete "$WORK/out" || true)"
    fi
    if [[ $signal != KILL ]] && (( rc != 0 )) && ! grep -q "E-IO-016" "$WORK/stderr"; then
        state="$state; SIG$signal gave no E-IO-016 line (exit $rc)"
    fi
    if leftover_children; then state="$state; processes left running"; fi
    case $state in old|new|absent|journal) stopped[$state]=$(( ${stopped[$state]} + 1 )) ;;
        *) failures=$((failures + 1)); echo "run $i ($kind, SIG$signal after ${delay_ms} ms, exit $rc): $state" >&2 ;; esac
    # The next run (of the same kind; `project` re-run finishes a pending journal) must succeed.
    if (( i % 3 == 0 )) || [[ $state == journal ]]; then
        if ! "$BIN" "${cmd[@]}" 2>"$WORK/stderr"; then
            failures=$((failures + 1)); echo "run $i: the next run failed: $(head -3 "$WORK/stderr")" >&2
        elif ! complete "$WORK/out"; then
            failures=$((failures + 1)); echo "run $i: the next run left an incomplete package" >&2
        fi
    fi
done
"$BIN" package "$PKG" -o "$WORK/out" -q || failures=$((failures + 1))
complete "$WORK/out" || failures=$((failures + 1))
left=$(find "$WORK" -maxdepth 1 -name '.out.reportgen-*' | wc -l)
echo "interrupt-loop: $N runs of $PROJECTS projects stopped at random moments (0-${span_ms} ms): old package ${stopped[old]}, new package ${stopped[new]}, no folder yet ${stopped[absent]}, update to finish ${stopped[journal]}; failures $failures; left beside the folder after the last run: $left"
(( failures == 0 && left == 0 ))
