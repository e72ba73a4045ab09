//! The whole pipeline from produced records to invocations, as the stages the crate doc draws:
//! validate, place (hash and route), throttle, number and filter, run the mapping, then insights.
//!
//! [`simulate`] is a pure function of a [`SimulationInput`]; the CLI, the tests and the page all call
//! it. Each stage is a function of its own so that `simulate` reads as the list of them. Records AWS
//! would refuse (a bad request) or throttle stay in the output with their AWS error and never reach
//! a shard's sequence, exactly like failed entries of a real `PutRecords`.
//!
//! The stages fill in one [`RecordOutcome`] per record rather than passing new collections along:
//! a simulation of 100,000 records must stay cheap, so every record is hashed (MD5) once, in
//! [`place`], and later stages only read that hash.

pub mod chunked;
pub mod insights;
pub mod lag;
pub(crate) mod on_failure;
pub mod put_answers;

use crate::diagnostic::AwsError;
use crate::hash_key::HashKey;
use crate::layout::{sequence_number, StreamLayout};
use crate::limits;
use crate::mapping::engine::{self, EntryRules, MappingRun, RecordFate, StreamEntry};
use crate::mapping::event::{
    lambda_event_json, lambda_window_event_json, placement_len, serialized_len_before_placement,
    EventSource, KinesisEventRecord, WindowFields,
};
use crate::mapping::failures::{FailureRules, RecordView};
use crate::mapping::{DiscardReason, FunctionModel, MappingConfig};
use crate::record::ProducedRecord;
use crate::router::Router;
pub use insights::Insights;
use std::sync::Arc;

/// Everything a simulation depends on. Build it with [`SimulationInput::new`]; the fields are
/// public for reading.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct SimulationInput<'a> {
    pub records: &'a [ProducedRecord],
    pub layout: &'a StreamLayout,
    pub mapping: &'a MappingConfig,
    pub function: &'a FunctionModel,
    pub source: &'a EventSource,
    /// How the function fails (none: the happy path).
    pub failures: &'a FailureRules,
    /// What an earlier simulation of the same records computed from them alone (see
    /// [`RecordKeys`]); `None`: computed afresh.
    pub keys: Option<&'a RecordKeys>,
}

static NO_FAILURES: FailureRules = FailureRules {
    rules: Vec::new(),
    random: None,
};

impl<'a> SimulationInput<'a> {
    /// A simulation of `records` on `layout` under AWS's default producer limits.
    pub fn new(
        records: &'a [ProducedRecord],
        layout: &'a StreamLayout,
        mapping: &'a MappingConfig,
        function: &'a FunctionModel,
        source: &'a EventSource,
    ) -> SimulationInput<'a> {
        SimulationInput {
            records,
            layout,
            mapping,
            function,
            source,
            failures: &NO_FAILURES,
            keys: None,
        }
    }

    /// The same input reusing `keys`, computed by [`RecordKeys::of`] for these very records
    /// (the caller pairs them; keys of another run, other limits or another source are ignored
    /// when that shows, but the records' identity is the caller's to keep).
    pub fn with_keys(self, keys: &'a RecordKeys) -> SimulationInput<'a> {
        SimulationInput {
            keys: Some(keys),
            ..self
        }
    }

    /// The same input with a function that fails as `failures` say.
    pub fn with_failures(self, failures: &'a FailureRules) -> SimulationInput<'a> {
        SimulationInput { failures, ..self }
    }
}

/// What happened to one produced record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordOutcome {
    /// The hash key it routes by (None when its ExplicitHashKey is invalid).
    pub hash_key: Option<HashKey>,
    /// MD5 of the partition key, which picks the lane even when an ExplicitHashKey routes.
    pub partition_hash: HashKey,
    /// Index into the layout's shards: where it routes (a throttled record keeps the shard that
    /// refused it).
    pub shard: Option<usize>,
    pub sequence_number: Option<String>,
    pub lane: Option<u32>,
    /// Index into `MappingRun::batches`.
    pub batch: Option<usize>,
    /// Why AWS did not accept it (the whole call refused, or the entry throttled).
    /// Shared: a burst's throttled records all hold their shard's one error.
    pub error: Option<Arc<AwsError>>,
    /// In the stream, but dropped by the mapping's FilterCriteria: never invoked.
    pub filtered_out: bool,
    /// How many invocations delivered it (more than one: a duplicate from a retry).
    pub deliveries: u32,
    /// What the mapping did with it; `None` when it never reached the mapping (refused,
    /// throttled or filtered out).
    pub fate: Option<RecordFate>,
}

impl RecordOutcome {
    /// Why the mapping discarded it, if it did.
    pub fn discard_reason(&self) -> Option<DiscardReason> {
        match self.fate {
            Some(RecordFate::Discarded(reason)) => Some(reason),
            _ => None,
        }
    }
}

/// The result of one simulation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Simulation {
    pub outcomes: Vec<RecordOutcome>,
    pub mapping: MappingRun,
    /// For each mapping entry, the produced record it came from.
    pub entry_record: Vec<usize>,
    pub insights: Insights,
}

/// What a simulation computes from the records alone, whatever the layout, mapping, function or
/// failures: each record's request error (AWS's per-call checks), the MD5 of its partition key,
/// the hash key it routes by, and the size of its Lambda event record before it has a shard and a
/// sequence number. The page keeps one per producer run (`page::derived`), so a change of layout
/// or mapping re-routes from these instead of validating and hashing 100,000 records again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordKeys {
    request_errors: Vec<Option<Arc<AwsError>>>,
    partition_hashes: Vec<HashKey>,
    /// Each record's partition key as a number: equal keys, equal numbers, from 0 in order of
    /// first appearance (the insights count distinct keys by number, not by hashing strings).
    key_ids: Vec<u32>,
    event_bytes_before_placement: Vec<usize>,
    /// What they were computed under.
    source: EventSource,
}

impl RecordKeys {
    /// The first stages, validate and hash, for `records` read from `source` (no layout or
    /// mapping plays a part).
    pub fn of(records: &[ProducedRecord], source: &EventSource) -> RecordKeys {
        let arns = (source.stream_arn(), source.role_arn());
        RecordKeys {
            request_errors: validate(records),
            partition_hashes: hash(records),
            key_ids: number_keys(records),
            event_bytes_before_placement: records
                .iter()
                .map(|record| event_bytes_before_placement(record, source, &arns))
                .collect(),
            source: source.clone(),
        }
    }

    /// Whether these keys can stand for `input`'s records.
    fn fit(&self, input: &SimulationInput<'_>) -> bool {
        self.partition_hashes.len() == input.records.len() && self.source == *input.source
    }
}

/// Runs the pipeline, one stage after the other (validate and hash only when the input brings no
/// [`RecordKeys`] for its records).
pub fn simulate(input: &SimulationInput<'_>) -> Simulation {
    let fresh;
    let keys = match input.keys.filter(|keys| keys.fit(input)) {
        Some(keys) => keys,
        None => {
            fresh = RecordKeys::of(input.records, input.source);
            &fresh
        }
    };
    let mut outcomes = place(input, keys);
    throttle(input, &mut outcomes);
    let stream = number_and_filter(input, keys, &mut outcomes);
    let mapping = run_mapping(input, &stream, &mut outcomes);
    let insights = insights::analyse(input, &keys.key_ids, &outcomes, &mapping, &stream.invoked);
    Simulation {
        outcomes,
        mapping,
        entry_record: stream.invoked,
        insights,
    }
}

/// The insights stage alone, for records another source placed and the mapping engine read
/// (DynamoDB Streams: `records[i]` and `outcomes[i]` are stream record `i`, and mapping entry `i`).
pub fn insights_of_placed(
    input: &SimulationInput<'_>,
    outcomes: &[RecordOutcome],
    mapping: &MappingRun,
) -> Insights {
    let key_ids = number_keys(input.records);
    let invoked: Vec<usize> = (0..input.records.len()).collect();
    insights::analyse(input, &key_ids, outcomes, mapping, &invoked)
}

/// Validate: AWS's request checks per put call; an invalid entry refuses its whole call.
fn validate(records: &[ProducedRecord]) -> Vec<Option<Arc<AwsError>>> {
    limits::validate_put_calls(records)
        .into_iter()
        .map(|error| error.map(Arc::new))
        .collect()
}

/// Hash: one MD5 of each record's partition key (which also picks its lane later), several at a
/// time with the multi-buffer kernel.
fn hash(records: &[ProducedRecord]) -> Vec<HashKey> {
    HashKey::from_partition_keys_by(records.len(), |i| &records[i].partition_key)
}

/// Numbers the distinct partition keys (see [`RecordKeys`]).
fn number_keys(records: &[ProducedRecord]) -> Vec<u32> {
    let mut ids: rustc_hash::FxHashMap<&str, u32> = rustc_hash::FxHashMap::default();
    records
        .iter()
        .map(|record| {
            let next = ids.len() as u32;
            *ids.entry(record.partition_key.as_str()).or_insert(next)
        })
        .collect()
}

/// A record's Lambda event record size before it has a shard and a sequence number; `arns` are
/// `source`'s stream and role ARNs.
fn event_bytes_before_placement(
    record: &ProducedRecord,
    source: &EventSource,
    arns: &(String, String),
) -> usize {
    serialized_len_before_placement(&KinesisEventRecord {
        partition_key: &record.partition_key,
        sequence_number: "",
        data: &record.data,
        arrival_ms: record.arrival_ms,
        shard_id: "",
        source,
        stream_arn: &arns.0,
        role_arn: &arns.1,
    })
}

/// Place: route the records AWS accepts to the open shard holding their hash key (the explicit
/// one, when valid, else their partition key's MD5).
fn place(input: &SimulationInput<'_>, keys: &RecordKeys) -> Vec<RecordOutcome> {
    let router = Router::new(input.layout);
    input
        .records
        .iter()
        .zip(&keys.request_errors)
        .zip(&keys.partition_hashes)
        .map(|((record, request_error), &partition_hash)| {
            let hash_key = limits::record_hash_key(record, partition_hash).ok();
            let (shard, error) =
                place_record(&router, record, request_error.clone(), partition_hash);
            RecordOutcome {
                hash_key,
                partition_hash,
                shard,
                sequence_number: None,
                lane: None,
                batch: None,
                error,
                filtered_out: false,
                deliveries: 0,
                fate: None,
            }
        })
        .collect()
}

/// One record's placement: the shard holding its hash key when AWS accepts its call, and its
/// error (the call's, or a gap's).
fn place_record(
    router: &Router,
    record: &ProducedRecord,
    request_error: Option<Arc<AwsError>>,
    partition_hash: HashKey,
) -> (Option<usize>, Option<Arc<AwsError>>) {
    if request_error.is_some() {
        return (None, request_error);
    }
    match limits::record_hash_key(record, partition_hash) {
        Ok(key) => match router.route(key) {
            Some(shard) => (Some(shard), None),
            None => (None, Some(Arc::new(gap_error(key)))),
        },
        Err(_) => (None, None),
    }
}

/// A hash key no open shard holds: AWS never answers so for a valid stream, but a pasted layout
/// may have a gap, and the record must not silently vanish. It fails as AWS's per-entry internal
/// failure (the page's stream panel reports the gap itself).
fn gap_error(_key: HashKey) -> AwsError {
    AwsError {
        code: "InternalFailure",
        message: limits::INTERNAL_FAILURE_MESSAGE.to_owned(),
    }
}

/// Throttle: placed records beyond a shard's per-second limits get AWS's per-entry error and keep
/// the shard that refused them.
fn throttle(input: &SimulationInput<'_>, outcomes: &mut [RecordOutcome]) {
    let placed: Vec<Option<usize>> = outcomes
        .iter()
        .map(|o| o.shard.filter(|_| o.error.is_none()))
        .collect();
    let throttled = limits::predict_throttling(input.records, &placed);
    // A burst can throttle most of 100,000 records: each shard's message is written once (per
    // stream name) and shared, not formatted again or copied for every record.
    let mut messages: Vec<Option<(&str, Arc<AwsError>)>> = vec![None; input.layout.shards.len()];
    for (i, throttled) in throttled.into_iter().enumerate() {
        if throttled {
            let shard = placed[i].expect("only placed records are throttled");
            let stream = input.records[i].stream.as_str();
            let message = &mut messages[shard];
            if message
                .as_ref()
                .is_none_or(|(written_for, _)| *written_for != stream)
            {
                let error = limits::throttling_error(&input.layout.shards[shard].id, stream);
                *message = Some((stream, Arc::new(error)));
            }
            outcomes[i].error = message.as_ref().map(|(_, error)| error.clone());
        }
    }
}

/// The records in the stream that the mapping reads, in the order it reads them.
struct Stream {
    /// What the mapping engine needs of each record it invokes.
    entries: Vec<StreamEntry>,
    /// For each entry, the produced record it came from.
    invoked: Vec<usize>,
}

/// Number and filter: every accepted record gets its shard's next sequence number in arrival
/// order; those the mapping's FilterCriteria match become its entries, the others are marked
/// filtered out.
fn number_and_filter(
    input: &SimulationInput<'_>,
    keys: &RecordKeys,
    outcomes: &mut [RecordOutcome],
) -> Stream {
    let SimulationInput {
        records, layout, ..
    } = *input;
    let mut delivered: Vec<usize> = (0..records.len())
        .filter(|&i| outcomes[i].shard.is_some() && outcomes[i].error.is_none())
        .collect();
    delivered.sort_by_key(|&i| records[i].arrival_ms);
    let mut next_in_shard = vec![0u64; layout.shards.len()];
    // Per shard once, not per record: its number and what its id adds to an event record.
    let shard_numbers = shard_numbers(layout);
    let shard_id_bytes: Vec<usize> = (layout.shards.iter())
        .map(|shard| placement_len("", &shard.id))
        .collect();
    // `validate` refuses bad patterns before a simulation; here a bad one simply filters nothing.
    let filters = input.mapping.filters().unwrap_or_default();
    let mut stream = Stream {
        entries: Vec::with_capacity(delivered.len()),
        invoked: Vec::with_capacity(delivered.len()),
    };
    for i in delivered {
        let (record, outcome) = (&records[i], &mut outcomes[i]);
        let shard = outcome.shard.expect("delivered records have a shard");
        let sequence = sequence_number(shard_numbers[shard], next_in_shard[shard]);
        next_in_shard[shard] += 1;
        let event_bytes = keys.event_bytes_before_placement[i]
            + placement_len(&sequence, "")
            + shard_id_bytes[shard];
        let matches = filters.matches(&record.data);
        outcome.sequence_number = Some(sequence);
        if !matches {
            outcome.filtered_out = true;
            continue;
        }
        stream.invoked.push(i);
        stream.entries.push(StreamEntry {
            shard,
            partition_hash: outcome.partition_hash,
            arrival_ms: record.arrival_ms,
            event_bytes,
            record_bytes: record.size_bytes(),
        });
    }
    stream
}

/// Each shard's number, for its sequence numbers.
fn shard_numbers(layout: &StreamLayout) -> Vec<u64> {
    (0..layout.shards.len())
        .map(|shard| layout.shards[shard].number().unwrap_or(shard as u64))
        .collect()
}

/// Run the mapping: the event source mapping's lanes, batches, execution environments, retries
/// and discards over the stream's entries, written back into each invoked record's outcome.
fn run_mapping(
    input: &SimulationInput<'_>,
    stream: &Stream,
    outcomes: &mut [RecordOutcome],
) -> MappingRun {
    let rules = entry_rules(input, stream, outcomes);
    let mapping = engine::run_with_failures(
        input.layout,
        &stream.entries,
        input.mapping,
        input.function,
        &rules,
        input.source.clock_origin_ms,
    );
    for (entry, &record) in stream.invoked.iter().enumerate() {
        let outcome = &mut outcomes[record];
        outcome.lane = Some(mapping.lane_of[entry]);
        outcome.batch = mapping.batch_of_entry(entry);
        outcome.deliveries = mapping.deliveries[entry];
        outcome.fate = Some(mapping.fate[entry]);
    }
    mapping
}

/// The first failure rule of each entry.
fn entry_rules(
    input: &SimulationInput<'_>,
    stream: &Stream,
    outcomes: &[RecordOutcome],
) -> EntryRules {
    EntryRules::of(input.failures, &stream.invoked, |&i, rule_for| {
        let record = &input.records[i];
        rule_for(&RecordView {
            number: i,
            partition_key: &record.partition_key,
            sequence_number: outcomes[i].sequence_number.as_deref().unwrap_or_default(),
            data: &record.data,
        })
    })
}

impl Simulation {
    /// The produced-record indices of a batch, in processing order.
    pub fn batch_records(&self, batch: usize) -> Vec<usize> {
        self.mapping.batch_records(batch, &self.entry_record)
    }

    /// The exact Lambda event the function receives for a batch (pretty-printed).
    pub fn event_json(&self, input: &SimulationInput<'_>, batch: usize) -> String {
        let (stream_arn, role_arn) = (input.source.stream_arn(), input.source.role_arn());
        let event_records: Vec<KinesisEventRecord<'_>> = self
            .batch_records(batch)
            .into_iter()
            .map(|i| {
                let record = &input.records[i];
                let outcome = &self.outcomes[i];
                KinesisEventRecord {
                    partition_key: &record.partition_key,
                    sequence_number: outcome.sequence_number.as_deref().unwrap_or_default(),
                    data: &record.data,
                    arrival_ms: record.arrival_ms,
                    shard_id: &input.layout.shards[outcome.shard.unwrap_or_default()].id,
                    source: input.source,
                    stream_arn: &stream_arn,
                    role_arn: &role_arn,
                }
            })
            .collect();
        let batch = &self.mapping.batches[batch];
        match batch.window {
            Some(window) => lambda_window_event_json(
                &event_records,
                &WindowFields {
                    start_ms: window.start_ms,
                    end_ms: window.end_ms,
                    state: window.state,
                    shard_id: &input.layout.shards[batch.shard].id,
                    stream_arn: &stream_arn,
                    final_invoke: window.final_invoke,
                    terminated_early: window.terminated_early,
                },
            ),
            None => lambda_event_json(&event_records),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_over_1_mib_is_refused_by_validation() {
        let records = [ProducedRecord::new("k", vec![0; 2 * limits::MIB])];
        let layout = StreamLayout::uniform(1).unwrap();
        let (mapping, function) = (MappingConfig::default(), FunctionModel::default());
        let source = EventSource::default();
        let input = SimulationInput::new(&records, &layout, &mapping, &function, &source);
        let error = simulate(&input).outcomes[0].error.clone().unwrap();
        assert_eq!(error.code, "ValidationException");
    }

    /// 1,001 records a second on one shard, in each of two seconds, put to two streams in turn:
    /// the 1,001st of each second is throttled, with its own stream in AWS's message.
    #[test]
    fn each_second_throttles_its_own_excess_and_names_the_record_s_stream() {
        let records: Vec<ProducedRecord> = (0..2_002_u64)
            .map(|i| ProducedRecord {
                stream: format!("stream-{}", i % 2),
                arrival_ms: if i < 1_001 { 10 } else { 1_500 },
                put_call: i as usize,
                ..ProducedRecord::new("k", Vec::new())
            })
            .collect();
        let layout = StreamLayout::uniform(1).unwrap();
        let (mapping, function) = (MappingConfig::default(), FunctionModel::default());
        let source = EventSource::default();
        let input = SimulationInput::new(&records, &layout, &mapping, &function, &source);
        let outcomes = simulate(&input).outcomes;
        let throttled: Vec<(usize, String)> = (outcomes.iter().enumerate())
            .filter_map(|(i, o)| Some((i, o.error.as_ref()?.message.clone())))
            .collect();
        let message =
            |stream: &str| limits::throttling_error("shardId-000000000000", stream).message;
        assert_eq!(
            throttled,
            [(1_000, message("stream-0")), (2_001, message("stream-1"))]
        );
    }
}
