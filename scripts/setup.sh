# Installs what the playground and its tests need, idempotently. Sourced by serve.sh and test.sh.
#
# Tools go to a cache outside the clone (SHARDLANE_CACHE, default ~/.cache/shardlane) so a fresh
# clone on the same machine reuses them; a fresh machine installs them here. Trunk is told never to
# download anything (Trunk.toml: offline), so every tool it runs is installed below.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${SHARDLANE_CACHE:-$HOME/.cache/shardlane}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$CACHE/target}
export PATH="$CACHE/tools/bin:$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
TRUNK_VERSION=0.21.14

step() { printf '\n==> %s\n' "$*" >&2; }

# Runs a command and prints how long it took.
timed() {
  local label=$1 start=$SECONDS
  shift
  step "$label"
  "$@"
  printf '    %s: %ds\n' "$label" $((SECONDS - start)) >&2
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

wasm_bindgen_version() {
  # The exact version in Cargo.lock: the CLI must match the library byte for byte.
  awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/"/, "", $3); print $3 }' "$ROOT/Cargo.lock"
}

setup_build() {
  cd "$ROOT"
  rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
  if ! trunk --version 2>/dev/null | grep -qF "$TRUNK_VERSION"; then
    timed "install trunk $TRUNK_VERSION (about 12 minutes the first time)" \
      cargo install --locked "trunk@$TRUNK_VERSION" --root "$CACHE/tools"
  fi
  local bindgen
  bindgen=$(wasm_bindgen_version)
  if ! wasm-bindgen --version 2>/dev/null | grep -qF "$bindgen"; then
    # --locked fails for this version (a pinned dependency is missing from the registry).
    timed "install wasm-bindgen-cli $bindgen" cargo install "wasm-bindgen-cli@$bindgen" --root "$CACHE/tools"
  fi
  if [ ! -x node_modules/.bin/wasm-opt ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    timed "install npm packages (wasm-opt, esbuild, CodeMirror, acorn, playwright-core)" npm ci --no-audit --no-fund
  fi
}

setup_browser() {
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    timed "apt-get update" as_root apt-get update
    timed "install Debian chromium and chromium-driver" \
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
  fi
  export CHROMEDRIVER=/usr/bin/chromedriver
}
