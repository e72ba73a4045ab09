#!/usr/bin/env bash
# Fails when the project reads anything outside its checkout's own files: a clone alone in an
# empty directory must build, test and read every document it links. Also refuses committed
# Python bytecode (`__pycache__`, `*.pyc`): CPython runs with -B everywhere.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
status=0
# No tracked text file names a directory beside the checkout, relatively or by its absolute path
# (on a machine where the checkout has siblings; a lone clone has none to name).
here=$(basename "$PWD")
parent=$(cd .. && pwd)
patterns=()
for sibling in ../*/ ../.[!.]*/; do
  [ -d "$sibling" ] || continue
  name=$(basename "$sibling")
  [ "$name" = "$here" ] && continue
  patterns+=(-e "../$name/" -e "../$name\`" -e "$parent/$name/")
done
if [ ${#patterns[@]} -gt 0 ] && git ls-files -z | xargs -0 grep -nIF "${patterns[@]}" -- 2>/dev/null; then
  echo "error: the lines above name a directory beside the checkout; the project must stand alone" >&2
  status=1
fi
if git ls-files | grep -E '(^|/)__pycache__/|\.pyc$'; then
  echo "error: Python bytecode is committed (above); remove it" >&2
  status=1
fi
exit $status
