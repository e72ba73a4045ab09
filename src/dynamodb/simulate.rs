//! Writes → item changes → stream records in shards → the event source mapping, and each
//! batch's Lambda event: the DynamoDB Streams pipeline, reusing the Kinesis mapping engine.
//!
//! The stages: run the calls on the table (`state`), number the changes and size their records,
//! place them in stream shards (`shards`, MODEL), then run the mapping engine over the shards'
//! layout (lineage: parents before children). A change's lane is MD5 of its partition-key value
//! modulo ParallelizationFactor (MODEL, as for Kinesis), so one item's changes stay in one lane.
//! The mapping's FilterCriteria are matched against each record of the Lambda event as a whole;
//! the records they drop are never the engine's entries. A discarded batch's on-failure document
//! is `on_failure_record`'s.

use super::attribute::{item_size, AttributeValue, Item};
use super::event::{lambda_dynamodb_event_json, serialized_len, DynamoDbEventRecord};
use super::shards::{place_writes, PlacedWrite, ShardModel, StreamShards};
use super::state::{run_calls, Change, TableRun, TimeToLive};
use super::table::TableDefinition;
use super::writes::WriteCall;
use crate::hash_key::HashKey;
use crate::layout::StreamLayout;
use crate::mapping::destination::{iso_timestamp_seconds, BatchInfo, InvocationRecord};
use crate::mapping::engine::{self, EntryRules, MappingRun, RecordFate, StreamEntry};
use crate::mapping::event::WindowFields;
use crate::mapping::failures::RecordView;
use crate::mapping::filter::FilterSource;
use crate::mapping::{EventSource, FailureRules, FunctionModel, MappingConfig};
use crate::simulation::on_failure::{invocation_record, DiscardedStream};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use md5::{Digest, Md5};

/// Everything a DynamoDB Streams simulation depends on.
#[derive(Clone, Copy, Debug)]
pub struct DynamoDbInput<'a> {
    pub table: &'a TableDefinition,
    pub calls: &'a [WriteCall],
    pub ttl: &'a TimeToLive,
    pub shards: &'a ShardModel,
    pub mapping: &'a MappingConfig,
    pub function: &'a FunctionModel,
    pub failures: &'a FailureRules,
    /// The region and the clock origin (the stream name is the table's).
    pub source: &'a EventSource,
}

/// One stream record: a change, where it went and what the mapping did with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamRecord {
    /// The partition-key value as text (S as is, N normalized, B in base64).
    pub partition_key: String,
    /// MD5 of the partition-key value's bytes: its table partition and its lane.
    pub partition_hash: HashKey,
    pub sequence_number: String,
    pub event_id: String,
    pub size_bytes: usize,
    /// Index into the layout's shards.
    pub shard: usize,
    pub lane: u32,
    /// Index into `mapping.batches` of the invocation that processed (or last received) it.
    pub batch: Option<usize>,
    /// The mapping's FilterCriteria matched none of its patterns: never delivered, not a failure
    /// (its `lane` is 0, `batch` none and `fate` `NotRead`, all meaningless then).
    pub filtered_out: bool,
    pub deliveries: u32,
    pub fate: RecordFate,
}

/// The result: the table's run (changes, refusals), one record per change, the shards and the
/// mapping's invocations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DynamoDbSimulation {
    pub table_run: TableRun,
    /// `records[i]` is the stream record of `table_run.changes[i]`.
    pub records: Vec<StreamRecord>,
    pub shards: StreamShards,
    pub layout: StreamLayout,
    /// The mapping's entries are the records its filters passed: `entry_record[entry]` is the
    /// index in `records` of the mapping's entry `entry`.
    pub mapping: MappingRun,
    pub entry_record: Vec<usize>,
    pub stream_arn: String,
}

/// The partition-key value as text and its bytes' MD5.
fn partition_key(table: &TableDefinition, keys: &Item) -> (String, HashKey) {
    let (text, bytes): (String, Vec<u8>) = match keys.get(&table.partition_key.name) {
        Some(AttributeValue::S(s)) => (s.clone(), s.as_bytes().to_vec()),
        Some(AttributeValue::N(n)) => (n.as_str().to_owned(), n.as_str().as_bytes().to_vec()),
        Some(AttributeValue::B(b)) => (STANDARD.encode(b), b.clone()),
        _ => (String::new(), Vec::new()),
    };
    let digest: [u8; 16] = Md5::digest(&bytes).into();
    (text, HashKey(u128::from_be_bytes(digest)))
}

/// MODEL: a sequence number, 28 digits, increasing with every record of the stream.
pub fn sequence_number(index: usize) -> String {
    format!("4{index:027}")
}

/// MODEL: eventID = MD5 hex of the stream ARN and the sequence number (32 hex digits, as AWS's).
fn event_id(stream_arn: &str, sequence: &str) -> String {
    let digest = Md5::new()
        .chain_update(stream_arn.as_bytes())
        .chain_update(b"/")
        .chain_update(sequence.as_bytes())
        .finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The record's SizeBytes: the sizes of the key and of the images its view includes (MODEL,
/// matches every sample AWS publishes).
fn size_bytes(change: &Change, table: &TableDefinition) -> usize {
    let view = table.stream_view_type;
    let image = |image: &Option<Item>, included: bool| {
        image.as_ref().filter(|_| included).map_or(0, item_size)
    };
    item_size(&change.keys)
        + image(&change.new_image, view.has_new_image())
        + image(&change.old_image, view.has_old_image())
}

/// Write units of a change: 1 per started KB of the larger image (DOC, on-demand WRUs).
fn write_units(change: &Change) -> u32 {
    let size = [&change.old_image, &change.new_image]
        .into_iter()
        .flatten()
        .map(item_size)
        .max()
        .unwrap_or(0);
    size.div_ceil(1024).max(1) as u32
}

/// Runs the whole pipeline.
pub fn simulate_dynamodb(input: &DynamoDbInput<'_>) -> DynamoDbSimulation {
    let table = input.table;
    let origin = input.source.clock_origin_ms;
    let table_run = run_calls(table, input.calls, input.ttl, origin);
    let stream_arn = table.stream_arn(&input.source.region);
    let keyed: Vec<(String, HashKey)> = table_run
        .changes
        .iter()
        .map(|c| partition_key(table, &c.keys))
        .collect();
    let placed: Vec<PlacedWrite> = table_run
        .changes
        .iter()
        .zip(&keyed)
        .map(|(change, (_, hash))| PlacedWrite {
            at_ms: change.at_ms,
            partition_hash: *hash,
            write_units: write_units(change),
        })
        .collect();
    let shards = place_writes(&placed, input.shards, origin);
    let layout = shards.layout(&table.name);
    // A pattern that does not parse filters nothing (callers validate the mapping first).
    let filters = input
        .mapping
        .filters_for(FilterSource::DynamoDb)
        .unwrap_or_default();
    let mut records: Vec<StreamRecord> = Vec::with_capacity(placed.len());
    let mut entries = Vec::with_capacity(placed.len());
    let mut entry_record = Vec::with_capacity(placed.len());
    for (index, (change, (key, hash))) in table_run.changes.iter().zip(keyed).enumerate() {
        let sequence = sequence_number(index);
        let id = event_id(&stream_arn, &sequence);
        let size = size_bytes(change, table);
        let shard = shards.shard_of[index];
        let event = event_record(
            change,
            table,
            input.source,
            &stream_arn,
            &id,
            &sequence,
            size,
        );
        let passes = filters.is_empty()
            || serde_json::to_value(event).is_ok_and(|record| filters.matches_record(&record));
        if passes {
            entry_record.push(index);
            entries.push(StreamEntry {
                shard,
                partition_hash: hash,
                arrival_ms: change.at_ms,
                event_bytes: serialized_len(&event),
                record_bytes: size,
            });
        }
        records.push(StreamRecord {
            partition_key: key,
            partition_hash: hash,
            sequence_number: sequence,
            event_id: id,
            size_bytes: size,
            shard,
            lane: 0,
            batch: None,
            filtered_out: !passes,
            deliveries: 0,
            fate: RecordFate::NotRead,
        });
    }
    let rules = entry_rules(input, &table_run, &records, &entry_record);
    let mapping = engine::run_with_failures(
        &layout,
        &entries,
        &input.mapping.on_dynamodb_stream(),
        input.function,
        &rules,
        origin,
    );
    for (entry, &index) in entry_record.iter().enumerate() {
        let record = &mut records[index];
        record.lane = mapping.lane_of[entry];
        record.batch = mapping.batch_of_entry(entry);
        record.deliveries = mapping.deliveries[entry];
        record.fate = mapping.fate[entry];
    }
    DynamoDbSimulation {
        table_run,
        records,
        shards,
        layout,
        mapping,
        entry_record,
        stream_arn,
    }
}

fn event_record<'a>(
    change: &'a Change,
    table: &TableDefinition,
    source: &'a EventSource,
    stream_arn: &'a str,
    event_id: &'a str,
    sequence: &'a str,
    size_bytes: usize,
) -> DynamoDbEventRecord<'a> {
    DynamoDbEventRecord {
        event_id,
        event_name: change.event_name,
        region: &source.region,
        unix_ms: source.clock_origin_ms.saturating_add(change.at_ms),
        keys: &change.keys,
        new_image: change.new_image.as_ref(),
        old_image: change.old_image.as_ref(),
        sequence_number: sequence,
        size_bytes,
        view: table.stream_view_type,
        stream_arn,
        by_ttl: change.by_ttl,
    }
}

/// The failure rules matched against each record: its partition-key text, its sequence number
/// and, as data, its image's DynamoDB JSON (the new image, the old one for a REMOVE).
fn entry_rules(
    input: &DynamoDbInput<'_>,
    run: &TableRun,
    records: &[StreamRecord],
    entry_record: &[usize],
) -> EntryRules {
    EntryRules::of(input.failures, entry_record, |&number, rule_for| {
        let (change, record) = (&run.changes[number], &records[number]);
        let image = change.new_image.as_ref().or(change.old_image.as_ref());
        let data = serde_json::to_vec(&image).unwrap_or_default();
        rule_for(&RecordView {
            number,
            partition_key: &record.partition_key,
            sequence_number: &record.sequence_number,
            data: &data,
        })
    })
}

impl DynamoDbSimulation {
    /// The record indices (into `records`) of a batch, in processing order.
    pub fn batch_records(&self, batch: usize) -> Vec<usize> {
        self.mapping.batch_records(batch, &self.entry_record)
    }

    fn event_record<'s>(
        &'s self,
        input: &DynamoDbInput<'s>,
        record: usize,
    ) -> DynamoDbEventRecord<'s> {
        let stream_record = &self.records[record];
        event_record(
            &self.table_run.changes[record],
            input.table,
            input.source,
            &self.stream_arn,
            &stream_record.event_id,
            &stream_record.sequence_number,
            stream_record.size_bytes,
        )
    }

    /// One record of the Lambda event, compact, as the function receives it.
    pub fn event_record_json(&self, input: &DynamoDbInput<'_>, record: usize) -> String {
        serde_json::to_string(&self.event_record(input, record)).unwrap_or_default()
    }

    /// A record's `dynamodb` object, compact: the stream record a consumer reads.
    pub fn stream_record_json(&self, input: &DynamoDbInput<'_>, record: usize) -> String {
        super::event::stream_record_json(&self.event_record(input, record))
    }

    /// The exact Lambda event the function receives for a batch (pretty-printed).
    pub fn event_json(&self, input: &DynamoDbInput<'_>, batch: usize) -> String {
        let records: Vec<DynamoDbEventRecord<'_>> = self
            .batch_records(batch)
            .into_iter()
            .map(|i| self.event_record(input, i))
            .collect();
        let batch = &self.mapping.batches[batch];
        match batch.window {
            Some(window) => crate::mapping::event::lambda_window_event_json(
                &records,
                &WindowFields {
                    start_ms: window.start_ms,
                    end_ms: window.end_ms,
                    state: window.state,
                    shard_id: &self.layout.shards[batch.shard].id,
                    stream_arn: &self.stream_arn,
                    final_invoke: window.final_invoke,
                    terminated_early: window.terminated_early,
                },
            ),
            None => lambda_dynamodb_event_json(&records),
        }
    }
}

impl DynamoDbSimulation {
    /// The invocation record of discarded batch `discard` (an index into `mapping.discards`), as
    /// the on-failure destination receives it (`DDBStreamBatchInfo`, arrival times in whole
    /// seconds, DOC); `None` without an `OnFailure` destination.
    pub fn on_failure_record(
        &self,
        input: &DynamoDbInput<'_>,
        discard: usize,
    ) -> Option<InvocationRecord> {
        let shard_id = |shard: usize| self.layout.shards[shard].id.clone();
        invocation_record(
            &DiscardedStream {
                mapping: input.mapping,
                run: &self.mapping,
                source: input.source,
                shard_id: &shard_id,
                stream_arn: self.stream_arn.clone(),
                entry: |entry: usize| {
                    let record = self.entry_record[entry];
                    let at_ms = self.table_run.changes[record].at_ms;
                    (
                        self.records[record].sequence_number.clone(),
                        iso_timestamp_seconds(input.source.clock_origin_ms.saturating_add(at_ms)),
                    )
                },
                wrap: BatchInfo::DynamoDb,
            },
            discard,
        )
    }

    /// The document of discarded batch `discard`, pretty-printed, ready to copy.
    pub fn on_failure_document(&self, input: &DynamoDbInput<'_>, discard: usize) -> Option<String> {
        self.on_failure_record(input, discard)
            .map(|record| record.to_json_pretty())
    }

    /// Every record the on-failure destination receives, in the order the batches were
    /// discarded (empty without a destination).
    pub fn on_failure_records(&self, input: &DynamoDbInput<'_>) -> Vec<InvocationRecord> {
        (0..self.mapping.discards.len())
            .filter_map(|discard| self.on_failure_record(input, discard))
            .collect()
    }
}
