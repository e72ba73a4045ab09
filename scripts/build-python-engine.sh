#!/usr/bin/env bash
# Trunk post-build hook: stages the Python engine: dist/python-sandbox.html (the sandbox page the
# engine runs in, www/python-sandbox/) and dist/python-engine/: Pyodide's wasm (CPython, from the
# exact npm version in package-lock.json, its memory capped at MEMORY_MAX_PAGES), its standard library
# trimmed to www/python-engine/stdlib-modules.txt and compiled to bytecode, and engine.js (the
# worker: Pyodide's loader, harness.py and www/python-engine/worker.js), with files.json (their sizes
# in bytes: the page's download progress). Nothing is downloaded: the page serves these files
# itself, so it works offline and under any sub-path.
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
# 1 GiB: past it Python raises MemoryError (the page's record cap keeps honest runs far below).
MEMORY_MAX_PAGES=16384
out=$staging/python-engine
mkdir -p "$out"
python3 -B scripts/cap-wasm-memory.py "$pyodide/pyodide.asm.wasm" "$out/pyodide.asm.wasm" $MEMORY_MAX_PAGES
work=${CARGO_TARGET_DIR:-$root/target}/python-engine
mkdir -p "$work"
python3 -B scripts/trim-python-stdlib.py "$pyodide/python_stdlib.zip" www/python-engine/stdlib-modules.txt \
  "$work/python_stdlib.py.zip" "$pyodide/pyodide-lock.json" "$work/pyodide-lock.json"
# Compiling to bytecode starts Pyodide under node (seconds): done again only when the zip changed.
compiled=$work/python_stdlib.$(sha256sum "$work/python_stdlib.py.zip" | cut -c1-16).zip
if [ ! -f "$compiled" ]; then
  node scripts/compile-python-stdlib.mjs "$pyodide" "$work/python_stdlib.py.zip" "$compiled.tmp"
  mv "$compiled.tmp" "$compiled"
fi
cp "$compiled" "$out/python_stdlib.zip"
node scripts/bundle-python-engine.mjs "$pyodide" "$work/pyodide-lock.json" www/python-engine/harness.py \
  www/python-engine/dynamodb.py www/python-engine/worker.js "$out/engine.js"
node scripts/build-sandbox-page.mjs www/python-sandbox/sandbox.js "$staging/python-sandbox.html" "'wasm-unsafe-eval'"
# The page's progress total: the byte sizes of what it downloads (a server may send them gzipped,
# so Content-Length cannot tell).
printf '{"engine.js": %s, "pyodide.asm.wasm": %s, "python_stdlib.zip": %s}\n' \
  "$(stat -c %s "$out/engine.js")" "$(stat -c %s "$out/pyodide.asm.wasm")" "$(stat -c %s "$out/python_stdlib.zip")" \
  > "$out/files.json"
