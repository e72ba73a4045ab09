#!/usr/bin/env bash
# The router budget in the browser (≥ 10× a Python hashlib + bisect script on 1 M keys), side by
# side in one run: benches/python_hashlib_route.py, then the wasm bench in headless Chromium
# (tests/web.rs, bench_route_one_million_keys_in_the_browser: scalar md-5 and the simd128 kernel),
# then the Python script again, since a shared machine's load drifts.
# Usage: source scripts/setup.sh; bash benches/route_wasm_vs_python.sh   (a benchmark, not a test)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
python3 benches/python_hashlib_route.py | sed -n 1p
cargo test --release --target wasm32-unknown-unknown --test web -- --include-ignored --nocapture \
  bench_route_one_million_keys_in_the_browser 2>&1 | grep 'wasm route'
python3 benches/python_hashlib_route.py | sed -n 1p
