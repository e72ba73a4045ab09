#!/usr/bin/env bash
# Trunk post-build hook: builds the Python engine (RustPython) for the Web Worker and adds it to
# the staged dist/ as python/ (wasm-bindgen --target web) plus www/python-engine-worker.js.
#
# Trunk's own rust pipeline cannot build it: the RustPython parser crates declare rust-version
# 1.96 yet build with 1.95, which needs cargo's --ignore-rust-version.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
target_dir=${CARGO_TARGET_DIR:-$root/target}
staging=${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}
cd "$root"
cargo build --locked --release --ignore-rust-version --target wasm32-unknown-unknown \
  -p shardlane-python --bin python-worker
wasm=$target_dir/wasm32-unknown-unknown/release/python-worker.wasm
out=$target_dir/python-worker-web
# wasm-opt takes a while on a 20 MB module: redo the glue and the optimisation only when it changed.
if [ ! -f "$out/python-worker_bg.wasm" ] || [ "$wasm" -nt "$out/python-worker_bg.wasm" ]; then
  rm -rf "$out"
  wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name python-worker "$wasm"
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$out/python-worker_bg.wasm" -o "$out/python-worker_bg.wasm"
fi
mkdir -p "$staging/python"
cp "$out"/python-worker.js "$out"/python-worker_bg.wasm "$staging/python/"
cp www/python-engine-worker.js "$staging/"
