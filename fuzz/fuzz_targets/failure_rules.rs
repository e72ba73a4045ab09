//! The failure rules JSON (the CLI's `--failures` file): `FailureRules::from_json`, then
//! `compile`; rules that compile write back to JSON that reads the same (floats to the last
//! bit), and drive the retry, bisect, partial-response and discard engine over a few records.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use shardlane::mapping::FailureRules;
use shardlane::{ProducedRecord, StreamLayout};

fuzz_target!(|text: &str| {
    let Ok(rules) = FailureRules::from_json(text) else {
        return;
    };
    assert!(rules.compile().is_ok());
    let written = serde_json::to_string(&rules).expect("rules serialize");
    let again = FailureRules::from_json(&written).expect("their own JSON reads");
    assert!(same(
        &serde_json::to_value(&rules).expect("rules serialize"),
        &serde_json::to_value(&again).expect("rules serialize"),
    ));
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

/// Equal JSON, except that floats may differ in their last bit: serde_json reads floats with
/// best-effort precision unless its `float_roundtrip` feature is on, which the crate leaves off.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => {
            let (x, y) = (
                x.as_f64().unwrap_or(f64::NAN),
                y.as_f64().unwrap_or(f64::NAN),
            );
            x == y || (x - y).abs() <= f64::EPSILON * x.abs().max(y.abs())
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}
