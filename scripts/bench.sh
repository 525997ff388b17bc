#!/usr/bin/env bash
# Release-mode benchmark, one table per question (issue 12's figures come from here):
#  1. `reportgen package` on generated packages of 1 000 and 10 000 projects
#     (scripts/make-workload.py cycles the shipped examples): wall time, documents/s,
#     CPU ms per document, cores used ((user+sys)/wall), peak RSS; then `project --id`
#     on the same package (one project regenerated) — flat in package size is the goal;
#  2. `package --pdf` on the panzhihua example against one plain `soffice --convert-to pdf`
#     run over the same DOCX files (fresh LibreOffice profiles for both);
#  3. `reportgen render --each` against docxtpl and the C floor with ../shared/bench's
#     harness, when docxtpl is installed in /tmp/peers-venv (see ../shared/bench/README.md).
# Usage: bash scripts/bench.sh [--no-peers] [--no-pdf] [--sizes "1000 10000"]
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
work="${REPORTGEN_BENCH_DIR:-/tmp/reportgen-bench}"
mkdir -p "$work"
peers=1; pdf=1; sizes="1000 10000"
while [ $# -gt 0 ]; do
  case "$1" in
    --no-peers) peers=0 ;;
    --no-pdf) pdf=0 ;;
    --sizes) sizes="$2"; shift ;;
    *) echo "bench: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

swift build -c release --product reportgen >/dev/null
bin="$root/.build/release/reportgen"

# "wall user sys maxrss_kb" of a command, written to $work/time.
timed() { /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@"; }

echo "## reportgen package and project --id (release, $(nproc) cores)"
printf '| projects | documents | wall s | docs/s | CPU ms/doc | cores used | peak RSS MB | project --id s | its RSS MB |\n'
printf '|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for n in $sizes; do
  python3 scripts/make-workload.py --projects "$n" -o "$work/pkg-$n" >/dev/null
  rm -rf "$work/out-$n"
  timed "$bin" package "$work/pkg-$n/package.json" -o "$work/out-$n" --quiet
  read -r wall user sys rss < "$work/time"
  docs=$(find "$work/out-$n" -name '*.docx' | wc -l)
  id=$(ls "$work/pkg-$n/projects" | head -1); id="${id%.json}"
  timed "$bin" project "$work/pkg-$n/package.json" --id "$id" -o "$work/out-$n" --quiet
  read -r pwall puser psys prss < "$work/time"
  python3 - "$n" "$docs" "$wall" "$user" "$sys" "$rss" "$pwall" "$prss" <<'PY'
import sys
n, docs, wall, user, sys_, rss, pwall, prss = sys.argv[1:]
docs = int(docs); wall = float(wall); cpu = float(user) + float(sys_)
print("| %s | %d | %.2f | %.0f | %.2f | %.2f | %.0f | %.2f | %.0f |" % (
    n, docs, wall, docs / max(wall, 1e-9), 1000 * cpu / docs, cpu / max(wall, 1e-9), int(rss) / 1024,
    float(pwall), int(prss) / 1024))
PY
done

if [ "$pdf" = 1 ] && command -v soffice >/dev/null; then
  echo
  echo "## --pdf (panzhihua example) against one plain soffice run over the same files"
  rm -rf "$work/pdf" && mkdir -p "$work/pdf/in"
  "$bin" package examples/panzhihua-2021/package.json -o "$work/pdf/docx" --quiet
  i=0; for f in "$work/pdf/docx"/*.docx; do cp "$f" "$work/pdf/in/$i.docx"; i=$((i + 1)); done
  timed soffice "-env:UserInstallation=file://$work/pdf/profile" --headless --convert-to pdf --outdir "$work/pdf/plain" "$work/pdf/in"/*.docx
  read -r swall _ _ _ < "$work/time"
  timed "$bin" package examples/panzhihua-2021/package.json -o "$work/pdf/ours" --pdf --quiet
  read -r owall _ _ _ < "$work/time"
  python3 - "$i" "$swall" "$owall" <<'PY'
import sys
docs, plain, ours = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
print("| documents | plain soffice s | reportgen --pdf s (render + convert) | docs/s | speed-up |")
print("|---:|---:|---:|---:|---:|")
print("| %d | %.2f | %.2f | %.2f | %.2f× |" % (docs, plain, ours, docs / ours, plain / ours))
PY
fi

if [ "$peers" = 1 ] && [ -x /tmp/peers-venv/bin/python ] && [ -d ../shared/bench ]; then
  echo
  echo "## render --each vs docxtpl and the C floor (../shared/bench/run_vs_reportgen.py)"
  (cd ../shared/bench && /tmp/peers-venv/bin/python run_vs_reportgen.py --reportgen "$bin" --repeat "${REPORTGEN_BENCH_REPEAT:-1}")
elif [ "$peers" = 1 ]; then
  echo
  echo "(docxtpl comparison skipped: python3 -m venv /tmp/peers-venv && /tmp/peers-venv/bin/pip install docxtpl==0.20.2 python-docx==1.2.0)"
fi
