//! JavaScript producers in Node.js, with the page's engine: `www/js-engine/node-main.mjs` runs
//! `harness.js` (and its stub SDKs) once, reading `{code, options}` on stdin.
//!
//! Finding the entry: the engine is several ES modules plus npm packages (acorn, buffer,
//! @noble/hashes, js-md5), so it cannot be one `include_str!` without a bundling step in
//! `build.rs`, which would make every `cargo build` need node and `npm ci`. The binary instead
//! looks in the checkout it was built from (`CARGO_MANIFEST_DIR`, fixed at compile time), or at
//! `SHARDLANE_JS_ENGINE` (the path of a `node-main.mjs`) when set, and says what to run when the
//! entry or its `node_modules` is missing. Only JavaScript input needs it; every other input works
//! from the binary alone.
//!
//! Containment: node starts with its permission model (reads only inside the checkout; no file
//! writes, child processes or native addons), and `node-main.mjs` removes Node's network and
//! process globals and refuses every import before the producer runs (Node 20's permission model
//! has no network switch). `--allow-worker` is for the module hook's own thread; the producer
//! cannot reach `worker_threads`.

use crate::CliResult;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Overrides where the engine's entry is.
const ENTRY_VARIABLE: &str = "SHARDLANE_JS_ENGINE";
const BUILT_FROM: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/www/js-engine/node-main.mjs");

pub fn command(code: &str, options_json: &str) -> CliResult<(Command, String)> {
    let entry =
        std::env::var_os(ENTRY_VARIABLE).map_or_else(|| PathBuf::from(BUILT_FROM), PathBuf::from);
    if !entry.is_file() {
        return Err(format!(
            "the JavaScript engine's entry {} is missing: run shardlane from its checkout, or set {ENTRY_VARIABLE} to a node-main.mjs",
            entry.display()
        ));
    }
    let root = packages_root(&entry).ok_or_else(|| {
        format!(
            "the JavaScript engine needs its npm packages: run `npm ci` in the checkout of {}",
            entry.display()
        )
    })?;
    let mut command = Command::new("node");
    command
        .arg("--experimental-permission")
        .arg(format!("--allow-fs-read={}", root.display()))
        .args(["--allow-worker", "--no-warnings"])
        .arg(&entry);
    let request = serde_json::json!({"code": code, "options": options_json});
    Ok((command, request.to_string()))
}

/// The nearest directory above the entry whose `node_modules` holds the engine's parser, as
/// Node's own resolution finds it.
fn packages_root(entry: &Path) -> Option<PathBuf> {
    let entry = entry.canonicalize().ok()?;
    entry
        .ancestors()
        .skip(1)
        .find(|directory| directory.join("node_modules/acorn/package.json").is_file())
        .map(Path::to_path_buf)
}
