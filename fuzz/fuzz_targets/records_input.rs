//! Pasted producer input that the core reads itself: PutRecords/PutRecord JSON, JSON arrays,
//! NDJSON, partition keys one per line, ExplicitHashKeys (the CLI's `route`), and the language
//! detector that picks the reader. Every reader returns records or located diagnostics, and the
//! records go through the whole simulation.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use shardlane::producers::{self, Language};
use shardlane::HashKey;

fuzz_target!(|text: &str| {
    let language = producers::detect_language(text);
    let json = producers::parse_json(text);
    if json.error.is_none() {
        common::simulate_on_uniform(&json.records, 3, text.len());
    }
    let keys = producers::parse_key_lines(text);
    assert_eq!(
        keys.records.len(),
        text.lines().filter(|l| !l.is_empty()).count()
    );
    if language == Language::Keys && text.len() % 8 == 0 {
        common::simulate_on_uniform(&keys.records, 2, text.len() / 8);
    }
    for line in text.lines().take(8) {
        if let Ok(key) = HashKey::parse_explicit(line) {
            assert_eq!(HashKey::parse_explicit(&key.0.to_string()), Ok(key));
        }
    }
});
