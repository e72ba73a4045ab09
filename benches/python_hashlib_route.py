"""Routes the benchmark's 1 M keys (user-0 … user-999999) with hashlib + bisect, the way a Python
script would, and prints keys per second: the baseline for DESIGN.md's router budget."""
import bisect
import hashlib
import time

N = 1_000_000
SHARDS = 4
step = 2 ** 128 // SHARDS
starts = [i * step for i in range(SHARDS)]
keys = ["user-%d" % i for i in range(N)]

began = time.perf_counter()
checksum = 0
for key in keys:
    h = int.from_bytes(hashlib.md5(key.encode("utf-8")).digest(), "big")
    checksum += bisect.bisect_right(starts, h) - 1
elapsed = time.perf_counter() - began
print("python hashlib route: %d keys in %.3f s = %.0f keys/s (checksum %d)" % (N, elapsed, N / elapsed, checksum))
