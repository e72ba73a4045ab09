//! The harness protocol of both code engines: Python (`www/python-engine/harness.py`, in
//! RustPython or CPython) and JavaScript (`www/js-engine/harness.js`, in the browser's engine).
//!
//! A harness is given the open shards (so `put_record` can answer with a real ShardId), the
//! record cap, the random seed and the clock origin, and answers with JSON: records, console,
//! how it stopped and a located error. The JavaScript harness answers in exactly the Python one's
//! shape, so one reader serves both. This module builds that request and reads the answer; it
//! runs no code itself, so the core stays free of any interpreter.

use super::{api_from_name, ProducerRun, StopReason};
use crate::diagnostic::Diagnostic;
use crate::layout::StreamLayout;
use crate::record::{ProducedRecord, MAX_ARRIVAL_MS};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::Deserialize;
use serde_json::json;

/// The default and the largest record cap.
pub const DEFAULT_RECORD_CAP: usize = 10_000;
pub const MAX_RECORD_CAP: usize = 1_000_000;
/// The record caps a run accepts.
pub const RECORD_CAP: std::ops::RangeInclusive<usize> = 1..=MAX_RECORD_CAP;

/// How to run a producer script, in either engine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HarnessOptions {
    pub record_cap: usize,
    /// Seeds the script's randomness (Python's `random` and so `uuid.uuid4`; JavaScript's
    /// `Math.random` and `crypto.randomUUID`).
    pub seed: u64,
    /// Unix time in ms that the virtual clock starts at.
    pub clock_origin_ms: u64,
    pub region: String,
}

impl Default for HarnessOptions {
    fn default() -> Self {
        HarnessOptions {
            record_cap: DEFAULT_RECORD_CAP,
            seed: 42,
            clock_origin_ms: crate::mapping::EventSource::default().clock_origin_ms,
            region: crate::mapping::event::DEFAULT_REGION.into(),
        }
    }
}

impl HarnessOptions {
    pub fn validate(&self) -> Result<(), Diagnostic> {
        if !RECORD_CAP.contains(&self.record_cap) {
            return Err(Diagnostic::error(format!(
                "the record cap must be between 1 and {MAX_RECORD_CAP}, not {}",
                self.record_cap
            ))
            .in_field("record_cap"));
        }
        Ok(())
    }
}

/// The options JSON the harness's `run(code, options_json)` takes.
pub fn harness_options_json(layout: &StreamLayout, options: &HarnessOptions) -> String {
    let open = layout.open_shard_indices();
    let shards = open.iter().map(|&i| &layout.shards[i]);
    json!({
        "record_cap": options.record_cap,
        "seed": options.seed,
        "clock_origin_ms": options.clock_origin_ms,
        "region": options.region,
        "shard_starts": shards.clone().map(|s| s.range.start.to_string()).collect::<Vec<_>>(),
        "shard_ends": shards.clone().map(|s| s.range.end.to_string()).collect::<Vec<_>>(),
        "shard_ids": shards.map(|s| s.id.clone()).collect::<Vec<_>>(),
    })
    .to_string()
}

#[derive(Deserialize)]
struct HarnessOutput {
    records: Vec<HarnessRecord>,
    console: String,
    stopped: Option<StopReason>,
    error: Option<HarnessError>,
}

#[derive(Deserialize)]
struct HarnessRecord {
    stream: String,
    partition_key: String,
    explicit_hash_key: Option<String>,
    data_base64: String,
    arrival_ms: u64,
    put_call: usize,
    api: String,
    line: Option<usize>,
}

#[derive(Deserialize)]
struct HarnessError {
    message: String,
    line: Option<usize>,
    column: Option<usize>,
}

/// Reads the harness's answer (the JavaScript engine answers in the same shape). An `Err` means the answer itself is broken (a Shardlane bug).
pub fn parse_harness_output(text: &str) -> Result<ProducerRun, Diagnostic> {
    if let Ok(internal) = serde_json::from_str::<serde_json::Value>(text) {
        if let Some(message) = internal.get("internal_error").and_then(|m| m.as_str()) {
            return Err(Diagnostic::error(format!(
                "the code engine failed: {message}"
            )));
        }
    }
    let output: HarnessOutput = serde_json::from_str(text)
        .map_err(|e| Diagnostic::error(format!("the code engine answered unreadable JSON: {e}")))?;
    let mut records = Vec::with_capacity(output.records.len());
    for record in output.records {
        if record.arrival_ms > MAX_ARRIVAL_MS {
            return Err(Diagnostic::error(format!(
                "the code engine sent a record arriving at {} ms, past {MAX_ARRIVAL_MS} ms, the latest Shardlane simulates",
                record.arrival_ms
            )));
        }
        let data = STANDARD
            .decode(&record.data_base64)
            .map_err(|e| Diagnostic::error(format!("the code engine sent bad base64: {e}")))?;
        records.push(ProducedRecord {
            stream: record.stream,
            partition_key: record.partition_key,
            explicit_hash_key: record.explicit_hash_key,
            data,
            arrival_ms: record.arrival_ms,
            put_call: record.put_call,
            api: api_from_name(&record.api),
            source_line: record.line,
        });
    }
    let error = output.error.map(|e| {
        let mut diagnostic = Diagnostic::error(e.message);
        diagnostic.line = e.line;
        diagnostic.column = e.column.filter(|_| e.line.is_some());
        diagnostic
    });
    Ok(ProducerRun {
        records,
        console: output.console,
        stopped: output.stopped,
        error,
        warnings: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_carry_the_open_shards_in_hash_order() {
        let layout = StreamLayout::uniform(2)
            .unwrap()
            .split_in_half("shardId-000000000000")
            .unwrap();
        let options: serde_json::Value =
            serde_json::from_str(&harness_options_json(&layout, &HarnessOptions::default()))
                .unwrap();
        assert_eq!(
            options["shard_ids"],
            json!([
                "shardId-000000000002",
                "shardId-000000000003",
                "shardId-000000000001"
            ])
        );
        assert_eq!(options["shard_starts"][0], "0");
    }

    #[test]
    fn reads_records_errors_and_stops() {
        let text = r#"{"clock_ms": 0, "console": "hi\n", "stopped": "record_cap",
            "error": {"kind": "NameError", "message": "NameError: name 'x' is not defined", "line": 3, "column": null},
            "records": [{"api": "PutRecords", "arrival_ms": 5, "data_base64": "eA==", "explicit_hash_key": null,
                         "line": 7, "partition_key": "k", "put_call": 0, "stream": "s"}]}"#;
        let run = parse_harness_output(text).unwrap();
        assert_eq!(run.records[0].data, b"x");
        assert_eq!(run.records[0].source_line, Some(7));
        assert_eq!(run.stopped, Some(StopReason::RecordCap));
        assert_eq!(run.error.unwrap().line, Some(3));
        assert!(parse_harness_output(r#"{"internal_error": "boom"}"#).is_err());
        assert!(parse_harness_output("not json").is_err());
    }
}
