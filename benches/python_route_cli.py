"""What `shardlane route --shards N` does, as a Python script would do it with hashlib + bisect:
partition keys on stdin, one JSON line per key on stdout (the same bytes as the CLI's). The
baseline for the CLI's routing budget (≥ 10× this script): benches/route_cli_vs_python.sh runs both
on the same keys and compares their outputs.

Usage: python3 benches/python_route_cli.py SHARDS < keys.txt > routes.jsonl"""
import bisect
import hashlib
import json
import re
import sys

shards = int(sys.argv[1])
# CreateStream's uniform layout: shard i starts at i * floor(2^128 / N); the last ends at 2^128 - 1.
step = 2**128 // shards
starts = [i * step for i in range(shards)]
ids = [json.dumps("shardId-%012d" % i) for i in range(shards)]
# As fast as plain Python goes: no json.dumps unless the key needs escaping, output in blocks.
needs_escape = re.compile(r'[\x00-\x1f"\\]').search
md5 = hashlib.md5
from_bytes = int.from_bytes
bisect_right = bisect.bisect_right
lines = []
for line in sys.stdin:
    key = line.rstrip("\n")
    if key.endswith("\r"):
        key = key[:-1]
    h = from_bytes(md5(key.encode()).digest(), "big")
    quoted = json.dumps(key, ensure_ascii=False) if needs_escape(key) else f'"{key}"'
    lines.append(f'{{"partition_key":{quoted},"hash_key":"{h}","shard_id":{ids[bisect_right(starts, h) - 1]}}}\n')
    if len(lines) == 4096:
        sys.stdout.write("".join(lines))
        lines.clear()
sys.stdout.write("".join(lines))
