#!/usr/bin/env bash
# Trunk post-build hook: bundles the page's JavaScript (npm packages, esbuild, no network) into the
# staged dist/: the CodeMirror editor (www/editor/) and the JavaScript engine's Web Worker
# (www/js-engine/).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
staging=${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}
cd "$root"
minify=--minify
[ "${TRUNK_PROFILE:-release}" = debug ] && minify=
bundle() {
  node_modules/.bin/esbuild "$1" --bundle --format="$2" --target=es2022 $minify \
    --legal-comments=linked --log-level=warning --outfile="$staging/$3"
}
[ -f www/editor/main.js ] && bundle www/editor/main.js iife editor.js
[ -f www/js-engine/worker.js ] && bundle www/js-engine/worker.js esm js-engine-worker.js
exit 0
