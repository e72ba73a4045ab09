"""Routes the benchmark's 1 M keys (user-0 … user-999999) with hashlib + bisect, the way a Python
script would, on the same 4- and 1000-shard layouts as benches/route.rs, and prints keys per second:
the baseline for DESIGN.md's router budget. The checksum (sum of shard indices) matches the Rust
bench's for the same layout."""
import bisect
import hashlib
import time

N = 1_000_000
keys = ["user-%d" % i for i in range(N)]

for shards in (4, 1000):
    step = 2 ** 128 // shards
    starts = [i * step for i in range(shards)]
    began = time.perf_counter()
    checksum = 0
    for key in keys:
        h = int.from_bytes(hashlib.md5(key.encode("utf-8")).digest(), "big")
        checksum += bisect.bisect_right(starts, h) - 1
    elapsed = time.perf_counter() - began
    print(
        "python hashlib route, %d shards: %d keys in %.3f s = %.0f keys/s (checksum %d)"
        % (shards, N, elapsed, N / elapsed, checksum)
    )
