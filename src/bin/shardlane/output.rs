//! The JSON Lines contract, as types: one [`RouteLine`] per key of `route`, one [`RecordLine`] per
//! record of `simulate`, in put order. A field added or renamed here is a change of the CLI's
//! contract (tests/it/cli_contract.rs holds it); absent values are `null`, never missing.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::Serialize;
use shardlane::mapping::engine::Batch;
use shardlane::mapping::{DiscardReason, RecordFate};
use shardlane::simulation::RecordOutcome;
use shardlane::{AwsError, HashKey, ProducedRecord, StreamLayout};
use std::io::Write;

/// Where `route` sends one key (written by [`RouteLineWriter`], which the tests hold to these
/// fields).
#[derive(Serialize)]
#[cfg_attr(not(test), allow(dead_code))]
pub struct RouteLine<'a> {
    /// `null` when routing ExplicitHashKeys.
    pub partition_key: Option<&'a str>,
    /// Only with `--explicit-hash-key`: the key as read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explicit_hash_key: Option<&'a str>,
    /// The 128-bit hash key in decimal, as AWS writes `HashKeyRange`.
    pub hash_key: String,
    pub shard_id: &'a str,
}

/// Writes [`RouteLine`]s for one layout: the bytes `serde_json` writes for them, without its
/// per-field writer calls (`route` writes a million of these a second). The shard ids are
/// escaped once, and a hash key's decimal digits never need escaping.
pub struct RouteLineWriter {
    shard_ids: Vec<Vec<u8>>,
    decimal: itoa::Buffer,
}

impl RouteLineWriter {
    pub fn new(layout: &StreamLayout) -> RouteLineWriter {
        let shard_ids = layout
            .shards
            .iter()
            .map(|shard| {
                let mut id = Vec::new();
                json_string(&mut id, &shard.id);
                id
            })
            .collect();
        RouteLineWriter {
            shard_ids,
            decimal: itoa::Buffer::new(),
        }
    }

    /// Appends the line (and its `\n`) of a key read as a partition key, or as an
    /// ExplicitHashKey when `explicit`, that routes by `hash_key` to shard `shard` (an index into
    /// the layout's shards).
    pub fn write(
        &mut self,
        out: &mut Vec<u8>,
        key: &str,
        explicit: bool,
        hash_key: HashKey,
        shard: usize,
    ) {
        if explicit {
            out.extend_from_slice(b"{\"partition_key\":null,\"explicit_hash_key\":");
        } else {
            out.extend_from_slice(b"{\"partition_key\":");
        }
        json_string(out, key);
        out.extend_from_slice(b",\"hash_key\":\"");
        out.extend_from_slice(self.decimal.format(hash_key.0).as_bytes());
        out.extend_from_slice(b"\",\"shard_id\":");
        out.extend_from_slice(&self.shard_ids[shard]);
        out.extend_from_slice(b"}\n");
    }
}

/// A JSON string: copied as is when nothing in it needs escaping, else escaped by `serde_json`.
fn json_string(out: &mut Vec<u8>, text: &str) {
    if text.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    } else {
        serde_json::to_writer(out, text).expect("a string serializes");
    }
}

/// What became of one produced record.
#[derive(Serialize)]
pub struct RecordLine<'a> {
    /// Its index in put order.
    pub seq: usize,
    pub partition_key: &'a str,
    pub explicit_hash_key: Option<&'a str>,
    /// `null` when its ExplicitHashKey is invalid.
    pub hash_key: Option<String>,
    pub shard_id: Option<&'a str>,
    pub lane: Option<u32>,
    /// Numbered per shard and lane from 0 (each invocation, retries included): the invocation
    /// that processed it, or the last one that received it; `null` when never delivered.
    pub batch: Option<usize>,
    pub environment: Option<usize>,
    pub data_base64: String,
    /// Synthetic: increasing within a shard, its digits a model (`SEQUENCE_NUMBER_MODEL_LABEL`).
    pub sequence_number: Option<&'a str>,
    pub arrival_ms: u64,
    /// AWS's code and message when the request was refused or the record throttled.
    pub error: Option<&'a AwsError>,
    /// In the stream, but dropped by the mapping's FilterCriteria.
    pub filtered_out: bool,
    /// How many invocations received it (more than 1: duplicates from retries).
    pub deliveries: u32,
    /// `processed`, `discarded` or `not_read`; `null` when it never reached the mapping.
    pub outcome: Option<&'static str>,
    /// `RetryAttemptsExhausted` or `RecordAgeExceeded` when discarded.
    pub discard_reason: Option<&'static str>,
}

impl<'a> RecordLine<'a> {
    /// The line of record `seq`, whose outcome is `outcome` in a simulation that made `batches`.
    pub fn new(
        seq: usize,
        record: &'a ProducedRecord,
        layout: &'a StreamLayout,
        outcome: &'a RecordOutcome,
        batches: &[Batch],
    ) -> RecordLine<'a> {
        let batch = outcome.batch.map(|b| &batches[b]);
        RecordLine {
            seq,
            partition_key: &record.partition_key,
            explicit_hash_key: record.explicit_hash_key.as_deref(),
            hash_key: outcome.hash_key.map(|k: HashKey| k.to_string()),
            shard_id: outcome.shard.map(|s| layout.shards[s].id.as_str()),
            lane: outcome.lane,
            batch: batch.map(|b| b.number),
            environment: batch.map(|b| b.environment),
            data_base64: STANDARD.encode(&record.data),
            sequence_number: outcome.sequence_number.as_deref(),
            arrival_ms: record.arrival_ms,
            error: outcome.error.as_deref(),
            filtered_out: outcome.filtered_out,
            deliveries: outcome.deliveries,
            outcome: outcome.fate.map(|fate| match fate {
                RecordFate::Processed => "processed",
                RecordFate::Discarded(_) => "discarded",
                RecordFate::NotRead => "not_read",
            }),
            discard_reason: outcome.discard_reason().map(DiscardReason::as_str),
        }
    }
}

/// Writes one JSON object per line.
pub fn write_line(out: &mut impl Write, line: &impl Serialize) -> Result<(), String> {
    serde_json::to_writer(&mut *out, line).map_err(|e| e.to_string())?;
    out.write_all(b"\n").map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_lines_are_written_as_serde_json_writes_them() {
        let mut layout = StreamLayout::uniform(3).unwrap();
        layout.shards[2].id = "odd \"shard\" id".into();
        let mut writer = RouteLineWriter::new(&layout);
        let keys = [
            "user-1",
            "",
            "quote\"",
            "back\\slash",
            "tab\t",
            "\u{0}\u{1f}",
            "日本😀",
            "\u{7f}",
        ];
        for (i, key) in keys.into_iter().enumerate() {
            for explicit in [false, true] {
                let (hash_key, shard) = (HashKey(u128::MAX / (i as u128 + 1)), i % 3);
                let line = RouteLine {
                    partition_key: (!explicit).then_some(key),
                    explicit_hash_key: explicit.then_some(key),
                    hash_key: hash_key.to_string(),
                    shard_id: &layout.shards[shard].id,
                };
                let mut written = Vec::new();
                writer.write(&mut written, key, explicit, hash_key, shard);
                let mut expected = serde_json::to_vec(&line).unwrap();
                expected.push(b'\n');
                assert_eq!(
                    String::from_utf8(written).unwrap(),
                    String::from_utf8(expected).unwrap()
                );
            }
        }
    }
}
