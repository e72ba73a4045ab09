//! `simulate --source dynamodb --table FILE INPUT`: DynamoDB calls (JSON Lines) on a table from
//! `describe-table` JSON → one JSON line per stream record, in stream order.
//!
//! The lines are `simulate`'s (same fields) plus `event_name`, `keys` (DynamoDB JSON) and `line`
//! (the input line of the call, or of the `Sleep` during which TTL deleted the item). A write
//! that changes nothing writes no stream record and prints no line; a refused write prints its
//! AWS error on stderr, located by line, and the run goes on as DynamoDB's would.
//! `--on-failure-documents FILE` writes what the on-failure destination receives for each
//! discarded batch (`DDBStreamBatchInfo`), one compact JSON document per line, as for Kinesis.

use crate::args::SimulateArgs;
use crate::engines::Engine as CodeEngine;
use crate::output::write_line;
use crate::settings::{read_input, Simulate};
use crate::CliResult;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::Serialize;
use shardlane::dynamodb::aws_cli::calls_from_aws_cli;
use shardlane::dynamodb::{
    calls_from_harness_answer, parse_writes, simulate_dynamodb, DynamoDbInput, Item, ShardModel,
    TableDefinition, TimeToLive, WriteCall,
};
use shardlane::mapping::{DiscardReason, EventSource, RecordFate};
use shardlane::producers::harness::{harness_options_json, parse_harness_output};
use shardlane::producers::{Language, StopReason};
use shardlane::AwsError;
use std::io::Write;

/// The calls: JSON Lines, AWS CLI lines (`.sh`), or a Python or JavaScript producer run with the
/// page's harness and its stub DynamoDB (`www/python-engine/dynamodb.py`, `www/js-engine/dynamodb.js`).
fn read_calls(path: &str, settings: &Simulate) -> CliResult<Vec<WriteCall>> {
    let text = read_input(path)?;
    let language = settings.producer.language.unwrap_or_else(|| {
        if path.ends_with(".py") {
            Language::Python
        } else if [".js", ".mjs", ".cjs"].iter().any(|e| path.ends_with(e)) {
            Language::JavaScript
        } else if path.ends_with(".sh") || path.ends_with(".bash") {
            Language::AwsCli
        } else {
            Language::Json
        }
    });
    let engine = match language {
        Language::Python => CodeEngine::Python,
        Language::JavaScript => CodeEngine::Node,
        Language::AwsCli => {
            let (calls, warnings) =
                calls_from_aws_cli(&text).map_err(|d| format!("{path}: {d}"))?;
            for warning in warnings {
                eprintln!("shardlane: {path}: warning: {warning}");
            }
            return Ok(calls);
        }
        Language::Json => return parse_writes(&text).map_err(|d| format!("{path}: {d}")),
        other => {
            return Err(format!(
                "--source dynamodb reads JSON Lines of calls, AWS CLI lines, Python or JavaScript, not {}",
                other.id()
            ))
        }
    };
    let options = harness_options_json(&settings.layout, &settings.producer.options);
    let answer = engine.answer(&text, &options, settings.producer.time_limit)?;
    let run = parse_harness_output(&answer).map_err(|d| d.to_string())?;
    if !run.console.is_empty() {
        eprint!("{}", run.console);
    }
    if let Some(error) = &run.error {
        return Err(format!("{path}: {error}"));
    }
    if run.stopped == Some(StopReason::RecordCap) {
        eprintln!("shardlane: {path}: stopped at the record cap; the calls so far are simulated");
    }
    calls_from_harness_answer(&answer).map_err(|d| format!("{path}: {d}"))
}

/// One stream record.
#[derive(Serialize)]
struct DynamoDbRecordLine<'a> {
    /// Its index in the stream (write order).
    seq: usize,
    /// The item's partition-key value as text (N normalized, B in base64).
    partition_key: &'a str,
    explicit_hash_key: Option<&'a str>,
    /// MD5 of the partition-key value, in decimal: its table partition (a model).
    hash_key: String,
    shard_id: &'a str,
    /// `null` for a record the filters dropped.
    lane: Option<u32>,
    batch: Option<usize>,
    environment: Option<usize>,
    /// The record's `dynamodb` object as the Lambda event carries it, compact, in base64.
    data_base64: String,
    sequence_number: &'a str,
    arrival_ms: u64,
    error: Option<&'a AwsError>,
    filtered_out: bool,
    deliveries: u32,
    outcome: Option<&'static str>,
    discard_reason: Option<&'static str>,
    event_name: &'static str,
    keys: &'a Item,
    /// The input line of the call that made the change.
    line: usize,
}

pub fn simulate(mut args: SimulateArgs) -> CliResult<()> {
    let table_path = args
        .dynamodb
        .table
        .take()
        .ok_or("--source dynamodb needs --table FILE (aws dynamodb describe-table JSON)")?;
    if args.stream.shards.is_some() || args.stream.layout.is_some() {
        return Err("--shards and --layout describe a Kinesis stream; with --source dynamodb the table's --partitions set its stream shards".into());
    }
    let table = TableDefinition::from_describe_table_json(&read_input(&table_path)?)
        .map_err(|d| format!("{table_path}: {d}"))?;
    let shards = ShardModel {
        partitions: args.dynamodb.partitions,
        rollover_seconds: args.dynamodb.shard_rollover_seconds,
        split_write_units: args.dynamodb.split_write_units,
    };
    shards
        .validate()
        .map_err(|e| format!("--partitions: {e}"))?;
    let ttl = TimeToLive {
        attribute: args.dynamodb.ttl_attribute.take(),
        delay_seconds: args.dynamodb.ttl_delay_seconds,
    };
    let settings = Simulate::from_args(args)?;
    if settings.summary {
        return Err("--summary is not available with --source dynamodb yet".into());
    }
    let path = settings.input.as_str();
    let calls = read_calls(path, &settings)?;
    let source = EventSource {
        stream_name: table.name.clone(),
        ..EventSource::default()
    };
    let input = DynamoDbInput {
        table: &table,
        calls: &calls,
        ttl: &ttl,
        shards: &shards,
        mapping: &settings.mapping,
        function: &settings.function,
        failures: &settings.failures,
        source: &source,
    };
    let simulation = simulate_dynamodb(&input);
    for refusal in &simulation.table_run.refusals {
        eprintln!(
            "shardlane: {path}:{}: {}: {}",
            refusal.line, refusal.error.code, refusal.error.message
        );
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for (seq, (record, change)) in simulation
        .records
        .iter()
        .zip(&simulation.table_run.changes)
        .enumerate()
    {
        let batch = record.batch.map(|b| &simulation.mapping.batches[b]);
        let line = DynamoDbRecordLine {
            seq,
            partition_key: &record.partition_key,
            explicit_hash_key: None,
            hash_key: record.partition_hash.to_string(),
            shard_id: &simulation.layout.shards[record.shard].id,
            lane: (!record.filtered_out).then_some(record.lane),
            batch: batch.map(|b| b.number),
            environment: batch.map(|b| b.environment),
            data_base64: STANDARD.encode(simulation.stream_record_json(&input, seq)),
            sequence_number: &record.sequence_number,
            arrival_ms: change.at_ms,
            error: None,
            filtered_out: record.filtered_out,
            deliveries: record.deliveries,
            outcome: (!record.filtered_out).then_some(match record.fate {
                RecordFate::Processed => "processed",
                RecordFate::Discarded(_) => "discarded",
                RecordFate::NotRead => "not_read",
            }),
            discard_reason: match record.fate {
                RecordFate::Discarded(reason) => Some(DiscardReason::as_str(reason)),
                _ => None,
            },
            event_name: change.event_name.as_str(),
            keys: &change.keys,
            line: change.line,
        };
        write_line(&mut out, &line)?;
    }
    out.flush().map_err(|e| e.to_string())?;
    if let Some(path) = &settings.on_failure_documents {
        let mut text = Vec::new();
        for record in simulation.on_failure_records(&input) {
            write_line(&mut text, &record)?;
        }
        std::fs::write(path, text).map_err(|e| format!("{path}: {e}"))?;
    }
    Ok(())
}
