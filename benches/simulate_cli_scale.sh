#!/usr/bin/env bash
# The CLI at scale (issue 16, step 4): `shardlane simulate --shards 4` on a keys file (user-0 …,
# all arriving at 0, so all but 4,000 are throttled) and an NDJSON file ({"PartitionKey":
# "user-N", "Data": "eA==", "ArrivalMs": N/2}: 2,000 records a second, under the 4 shards' write
# limit, so every record reaches the mapping), of 1 M and 10 M records each, generated into a
# temporary directory. Reports wall and CPU (user + sys) seconds (on a shared machine CPU time is
# the steadier one), max RSS and max RSS per record, and checks the output has one line per record.
# Usage: bash benches/simulate_cli_scale.sh [path/to/shardlane] [sizes...]
#        (default sizes: 1000000 10000000; a benchmark, not a test)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CLI=${1:-${CARGO_TARGET_DIR:-$ROOT/target}/release/shardlane}
shift || true
SIZES=${*:-1000000 10000000}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for n in $SIZES; do
  python3 -c 'import sys
n = int(sys.argv[1])
out = sys.stdout
for start in range(0, n, 100000):
    out.write("".join("user-%d\n" % i for i in range(start, min(n, start + 100000))))' "$n" > "$WORK/keys-$n.txt"
  python3 -c 'import sys
n = int(sys.argv[1])
out = sys.stdout
for start in range(0, n, 100000):
    out.write("".join("{\"PartitionKey\": \"user-%d\", \"Data\": \"eA==\", \"ArrivalMs\": %d}\n" % (i, i // 2) for i in range(start, min(n, start + 100000))))' "$n" > "$WORK/records-$n.ndjson"
  for input in "keys-$n.txt" "records-$n.ndjson"; do
    /usr/bin/time -v -o "$WORK/time" "$CLI" simulate --shards 4 "$WORK/$input" > "$WORK/out"
    lines=$(wc -l < "$WORK/out")
    [ "$lines" -eq "$n" ] || { echo "$input: $lines lines, expected $n" >&2; exit 1; }
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$WORK/time")
    cpu=$(awk -F': ' '/User time|System time/ { t += $2 } END { print t }' "$WORK/time")
    rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$WORK/time")
    awk -v i="$input" -v n="$n" -v w="$wall" -v c="$cpu" -v r="$rss" -v s="$(stat -c %s "$WORK/$input")" 'BEGIN {
      printf "%s (%.0f MB): %s wall, %.1f s CPU, max RSS %.0f MB = %.0f bytes per record\n", i, s / 1e6, w, c, r / 1024, r * 1024 / n }'
    rm -f "$WORK/out"
  done
  rm -f "$WORK/keys-$n.txt" "$WORK/records-$n.ndjson"
done
