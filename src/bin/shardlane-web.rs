//! The browser entry point; Trunk builds it to wasm (index.html names it with `data-bin`).

#[cfg(target_arch = "wasm32")]
fn main() {
    shardlane::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("shardlane-web runs in a browser: start it with `bash scripts/serve.sh`");
}
