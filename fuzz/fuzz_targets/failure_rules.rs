//! The failure rules JSON (the CLI's `--failures` file): `FailureRules::from_json`, then
//! `compile`; rules that compile write back to JSON that reads the same, and drive the retry,
//! bisect, partial-response and discard engine over a few records.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use shardlane::mapping::FailureRules;
use shardlane::{ProducedRecord, StreamLayout};

fuzz_target!(|text: &str| {
    let Ok(rules) = FailureRules::from_json(text) else {
        return;
    };
    assert!(rules.compile().is_ok());
    let written = serde_json::to_string(&rules).expect("rules serialize");
    let again = FailureRules::from_json(&written).expect("their own JSON reads");
    assert_eq!(
        serde_json::to_string(&again).expect("rules serialize"),
        written
    );
    let records: Vec<ProducedRecord> = (0..8)
        .map(|i| {
            let data = format!(
                r#"{{"type": "{}", "n": {i}, "bad": {}}}"#,
                ["a", "b"][i % 2],
                i == 5
            );
            ProducedRecord::new(
                format!("{}-{i}", ["order", "slow", "a"][i % 3]),
                data.into_bytes(),
            )
        })
        .collect();
    let layout = StreamLayout::uniform(2).expect("two shards");
    common::simulate_records(
        &records,
        &layout,
        &common::mapping(text.len()),
        &Default::default(),
        &rules,
    );
});
