#!/usr/bin/env bash
# Fails when the project reads anything outside its checkout's own files: a clone without
# `../shared` beside it must build, test and read every document it links. Also refuses committed
# Python bytecode (`__pycache__`, `*.pyc`): CPython runs with -B everywhere.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
status=0
# Every tracked text file except this script, which has to name what it looks for.
if git ls-files -z | grep -zv '^scripts/check-stands-alone.sh$' \
    | xargs -0 grep -nIE '\.\./shared|/work/shared' -- 2>/dev/null; then
  echo "error: the lines above reference ../shared; the project must stand alone" >&2
  status=1
fi
if git ls-files | grep -E '(^|/)__pycache__/|\.pyc$'; then
  echo "error: Python bytecode is committed (above); remove it" >&2
  status=1
fi
exit $status
