//! The Python engine as a wasm module for a Web Worker: `www/python-worker.js` imports
//! `run_producer` and calls it for each run; the page terminates the worker on timeout.

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn run_producer(code: &str, options_json: &str) -> String {
    match shardlane_python::run_harness(code, options_json) {
        Ok(json) => json,
        Err(internal) => serde_json::json!({ "internal_error": internal }).to_string(),
    }
}

fn main() {}
