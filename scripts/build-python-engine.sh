#!/usr/bin/env bash
# Trunk post-build hook: stages the Python engine into dist/python-engine/: Pyodide's runtime
# (CPython in wasm) from the exact npm version in package-lock.json, its standard library trimmed to
# www/python-engine/stdlib-modules.txt and compiled to bytecode, harness.py and the worker. Nothing is downloaded: the page
# serves these files itself, so it works offline and under any sub-path.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
staging=${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}
cd "$root"
pyodide=node_modules/pyodide
locked=$(node -p "require('./package-lock.json').packages['node_modules/pyodide'].version")
installed=$(node -p "require('./$pyodide/package.json').version" 2>/dev/null || echo none)
if [ "$locked" != "$installed" ]; then
  echo "build-python-engine: package-lock.json has pyodide $locked, node_modules has $installed: run npm ci" >&2
  exit 1
fi
out=$staging/python-engine
mkdir -p "$out"
cp "$pyodide"/pyodide.mjs "$pyodide"/pyodide.mjs.map "$pyodide"/pyodide.asm.mjs "$pyodide"/pyodide.asm.wasm "$out/"
work=${CARGO_TARGET_DIR:-$root/target}/python-engine
mkdir -p "$work"
python3 scripts/trim-python-stdlib.py "$pyodide/python_stdlib.zip" www/python-engine/stdlib-modules.txt \
  "$work/python_stdlib.py.zip" "$pyodide/pyodide-lock.json" "$out/pyodide-lock.json"
# Compiling to bytecode starts Pyodide under node (seconds): done again only when the zip changed.
compiled=$work/python_stdlib.$(sha256sum "$work/python_stdlib.py.zip" | cut -c1-16).zip
if [ ! -f "$compiled" ]; then
  node scripts/compile-python-stdlib.mjs "$pyodide" "$work/python_stdlib.py.zip" "$compiled.tmp"
  mv "$compiled.tmp" "$compiled"
fi
cp "$compiled" "$out/python_stdlib.zip"
cp www/python-engine/harness.py www/python-engine/worker.js "$out/"
# The worker's progress total: the byte sizes of what it downloads (a server may send them gzipped,
# so Content-Length cannot tell).
{
  echo "// Written by scripts/build-python-engine.sh: pyodide $locked, and the sizes of its files in bytes."
  printf 'export const files = {'
  for name in pyodide.asm.wasm python_stdlib.zip; do
    printf ' "%s": %s,' "$name" "$(stat -c %s "$out/$name")"
  done
  echo ' };'
} > "$out/files.mjs"
