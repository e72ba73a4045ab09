#!/usr/bin/env bash
# Trunk post-build hook: bundles the page's JavaScript (npm packages, esbuild, no network) into the
# staged dist/: the CodeMirror editor (www/editor/) and the JavaScript engine (www/js-engine/),
# which goes into the engine's sandbox page, js-sandbox.html (scripts/build-sandbox-page.mjs).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
staging=${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}
cd "$root"
minify=--minify
[ "${TRUNK_PROFILE:-release}" = debug ] && minify=
bundle() {
  node_modules/.bin/esbuild "$1" --bundle --format="$2" --target=es2022 $minify \
    --legal-comments="$4" --log-level=warning --outfile="$3"
}
# The editor is an ES module split into chunks: the modes other than Python load on demand.
[ -f www/editor/main.js ] && node_modules/.bin/esbuild www/editor/main.js --bundle --format=esm \
  --splitting --target=es2022 $minify --legal-comments=linked --log-level=warning \
  --outdir="$staging" --entry-names=editor --chunk-names=editor-[name]-[hash]
if [ -f www/js-engine/worker.js ]; then
  # The engine is inlined in js-sandbox.html, its licence comments kept with it. A classic
  # script: an opaque origin cannot load a module worker from its own blob: URL (no CORS).
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  bundle www/js-engine/worker.js iife "$work/js-engine-worker.js" inline
  node scripts/build-sandbox-page.mjs www/js-sandbox/sandbox.js "$staging/js-sandbox.html" "'unsafe-eval'" "$work/js-engine-worker.js"
fi
exit 0
