//! Pasted producer input that the core reads itself: PutRecords/PutRecord JSON, JSON arrays,
//! NDJSON, partition keys one per line, ExplicitHashKeys (the CLI's `route`), and the language
//! detector that picks the reader. Every reader returns records or located diagnostics, with
//! arrival times at most `MAX_ARRIVAL_MS`. What the records cost downstream is fuzzed by
//! `harness_output`, which simulates records of any shape.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shardlane::producers;
use shardlane::record::MAX_ARRIVAL_MS;
use shardlane::HashKey;

fuzz_target!(|text: &str| {
    let _ = producers::detect_language(text);
    let json = producers::parse_json(text);
    assert!(json.records.iter().all(|r| r.arrival_ms <= MAX_ARRIVAL_MS));
    let keys = producers::parse_key_lines(text);
    assert_eq!(
        keys.records.len(),
        text.lines().filter(|l| !l.is_empty()).count()
    );
    for line in text.lines().take(8) {
        if let Ok(key) = HashKey::parse_explicit(line) {
            assert_eq!(HashKey::parse_explicit(&key.0.to_string()), Ok(key));
        }
    }
});
