#!/usr/bin/env bash
# Serves the playground on http://127.0.0.1:8080 with the default scenario (installs what it needs).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
setup_build
cd "$ROOT"
step "serving on http://127.0.0.1:${PORT:-8080}/"
exec trunk serve --release --no-autoreload --address 127.0.0.1 --port "${PORT:-8080}"
