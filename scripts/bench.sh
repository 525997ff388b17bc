#!/usr/bin/env bash
# Release-mode benchmark. Prints documents per second, CPU per document and peak memory
#  1. for `reportgen package` on generated packages of 10, 100 and 1000 projects
#     (scripts/make-workload.py cycles the shipped examples), showing memory stays flat;
#  2. for `reportgen render --each` against docxtpl and the C floor with ../shared/bench's
#     harness, when docxtpl is installed in /tmp/peers-venv (see ../shared/bench/README.md).
# Usage: bash scripts/bench.sh [--no-peers]
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
work="${REPORTGEN_BENCH_DIR:-/tmp/reportgen-bench}"
mkdir -p "$work"

swift build -c release --product reportgen >/dev/null
bin="$root/.build/release/reportgen"

echo "## reportgen package (release, $(nproc) cores)"
printf '| projects | documents | wall s | docs/s | CPU ms/doc | peak RSS MB |\n|---:|---:|---:|---:|---:|---:|\n'
for n in 10 100 1000; do
  python3 scripts/make-workload.py --projects "$n" -o "$work/pkg-$n" >/dev/null
  rm -rf "$work/out-$n"
  /usr/bin/time -f "%e %U %S %M" -o "$work/time-$n" "$bin" package "$work/pkg-$n/package.json" -o "$work/out-$n" --quiet
  read -r wall user sys rss < "$work/time-$n"
  docs=$(find "$work/out-$n" -name '*.docx' | wc -l)
  python3 - "$n" "$docs" "$wall" "$user" "$sys" "$rss" <<'PY'
import sys
n, docs, wall, user, sys_, rss = sys.argv[1:]
docs = int(docs); wall = float(wall); cpu = float(user) + float(sys_)
print("| %s | %d | %.2f | %.0f | %.2f | %.0f |" % (n, docs, wall, docs / max(wall, 1e-9), 1000 * cpu / docs, int(rss) / 1024))
PY
done

if [ "${1:-}" != "--no-peers" ] && [ -x /tmp/peers-venv/bin/python ] && [ -d ../shared/bench ]; then
  echo
  echo "## render --each vs docxtpl and the C floor (../shared/bench/run_vs_reportgen.py)"
  (cd ../shared/bench && /tmp/peers-venv/bin/python run_vs_reportgen.py --reportgen "$bin" --repeat "${REPORTGEN_BENCH_REPEAT:-1}")
elif [ "${1:-}" != "--no-peers" ]; then
  echo
  echo "(docxtpl comparison skipped: python3 -m venv /tmp/peers-venv && /tmp/peers-venv/bin/pip install docxtpl==0.20.2 python-docx==1.2.0)"
fi
