#!/usr/bin/env bash
# The CLI's routing budget (≥ 10× a Python hashlib + bisect script), side by side in one run:
# `shardlane route --shards 4` and benches/python_route_cli.py on the same 1 M keys
# (user-0 … user-999999), alternately three times each, outputs compared byte for byte.
# Reports wall and CPU (user + sys) seconds; on a shared machine CPU time is the steadier one.
# Usage: bash benches/route_cli_vs_python.sh [path/to/shardlane]   (a benchmark, not a test)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CLI=${1:-${CARGO_TARGET_DIR:-$ROOT/target}/release/shardlane}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 -c 'import sys; sys.stdout.write("".join("user-%d\n" % i for i in range(1_000_000)))' > "$WORK/keys"
measure() { # label, command...; prints "wall cpu"
  local label=$1
  shift
  /usr/bin/time -f "%e %U %S" -o "$WORK/time" "$@" < "$WORK/keys" > "$WORK/$label.out"
  awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' "$WORK/time"
}
for run in 1 2 3; do
  read -r py_wall py_cpu < <(measure python python3 "$ROOT/benches/python_route_cli.py" 4)
  read -r cli_wall cli_cpu < <(measure cli "$CLI" route --shards 4)
  cmp -s "$WORK/python.out" "$WORK/cli.out" || { echo "outputs differ" >&2; exit 1; }
  awk -v r="$run" -v pw="$py_wall" -v pc="$py_cpu" -v cw="$cli_wall" -v cc="$cli_cpu" 'BEGIN {
    printf "run %d, 1M keys, 4 shards: python %.2f s wall / %.2f s CPU, shardlane route %.2f s wall / %.2f s CPU: %.1f× wall, %.1f× CPU\n",
      r, pw, pc, cw, cc, pw / cw, pc / cc }'
done
