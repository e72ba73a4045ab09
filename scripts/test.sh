#!/usr/bin/env bash
# Runs every test: formatting, lints, native tests, wasm tests in headless Chromium, the release
# build, and end-to-end tests of the built page. Installs what it needs first.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
total_start=$SECONDS
timed "set-up" setup_build
setup_browser
cd "$ROOT"
timed "the project stands alone (no sibling directories, no bytecode)" scripts/check-stands-alone.sh
timed "cargo fmt --check" cargo fmt --all -- --check
timed "clippy (native)" cargo clippy --locked --workspace --all-targets -- -D warnings
timed "clippy (wasm32 page)" cargo clippy --locked --target wasm32-unknown-unknown --lib --bins --test web -- -D warnings
timed "native tests (core, CLI with python3 and node, proptests, Python corpus against CPython)" \
  cargo test --locked --workspace
timed "service-model spec against kinesis.js and harness.py in Pyodide, SDK behaviour (node --test)" node --test tests/service_model/
timed "wasm tests in headless Chromium" cargo test --locked --target wasm32-unknown-unknown --test web
timed "trunk build --release" trunk build --release
timed "end-to-end tests" node --test tests/e2e/
printf '\nall tests passed in %ds\n' $((SECONDS - total_start)) >&2
