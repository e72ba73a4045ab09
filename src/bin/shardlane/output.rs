//! The JSON Lines contract, as types: one [`RouteLine`] per key of `route`, one [`RecordLine`] per
//! record of `simulate`, in put order. A field added or renamed here is a change of the CLI's
//! contract (tests/it/cli_contract.rs holds it); absent values are `null`, never missing.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::Serialize;
use shardlane::mapping::{DiscardReason, RecordFate};
use shardlane::{AwsError, HashKey, ProducedRecord, Simulation, StreamLayout};
use std::io::Write;

/// Where `route` sends one key.
#[derive(Serialize)]
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
    /// The line of record `seq` of a simulation.
    pub fn new(
        seq: usize,
        record: &'a ProducedRecord,
        layout: &'a StreamLayout,
        simulation: &'a Simulation,
    ) -> RecordLine<'a> {
        let outcome = &simulation.outcomes[seq];
        let batch = outcome.batch.map(|b| &simulation.mapping.batches[b]);
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
            error: outcome.error.as_ref(),
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
