//! The whole pipeline from produced records to invocations: validate, hash, route, throttle,
//! number, and run the event source mapping.
//!
//! [`simulate`] is a pure function of a [`SimulationInput`]; the CLI, the tests and the page all call
//! it. Records AWS would refuse (a bad request) or throttle stay in the output with their AWS error
//! and never reach a shard's sequence, exactly like failed entries of a real `PutRecords`.

use crate::diagnostic::AwsError;
use crate::hash_key::HashKey;
use crate::insights::{self, Insights};
use crate::layout::{sequence_number, StreamLayout};
use crate::limits::{self, ProducerLimits};
use crate::mapping::engine::{self, MappingRun, StreamEntry};
use crate::mapping::event::{lambda_event_json, serialized_len, EventSource, KinesisEventRecord};
use crate::mapping::{FunctionModel, MappingConfig};
use crate::record::ProducedRecord;
use crate::router::Router;

/// Everything a simulation depends on.
#[derive(Clone, Copy, Debug)]
pub struct SimulationInput<'a> {
    pub records: &'a [ProducedRecord],
    pub layout: &'a StreamLayout,
    pub mapping: &'a MappingConfig,
    pub function: &'a FunctionModel,
    pub limits: &'a ProducerLimits,
    pub source: &'a EventSource,
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
    pub error: Option<AwsError>,
    /// In the stream, but dropped by the mapping's FilterCriteria: never invoked.
    pub filtered_out: bool,
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

pub fn simulate(input: &SimulationInput<'_>) -> Simulation {
    let SimulationInput {
        records, layout, ..
    } = *input;
    let router = Router::new(layout);
    let request_errors = limits::validate_put_calls(records, input.limits);
    let mut outcomes: Vec<RecordOutcome> = records
        .iter()
        .zip(request_errors)
        .map(|(record, request_error)| {
            let partition_hash = HashKey::from_partition_key(&record.partition_key);
            let hash_key = limits::record_hash_key(record, partition_hash).ok();
            let mut outcome = RecordOutcome {
                hash_key,
                partition_hash,
                shard: None,
                sequence_number: None,
                lane: None,
                batch: None,
                error: request_error,
                filtered_out: false,
            };
            if outcome.error.is_none() {
                if let Some(key) = hash_key {
                    outcome.shard = router.route(key);
                    if outcome.shard.is_none() {
                        outcome.error = Some(AwsError {
                            code: "InternalFailure",
                            message: format!(
                                "no open shard holds hash key {key}: the layout has a gap"
                            ),
                        });
                    }
                }
            }
            outcome
        })
        .collect();

    let placed: Vec<Option<usize>> = outcomes
        .iter()
        .map(|o| o.shard.filter(|_| o.error.is_none()))
        .collect();
    for (i, throttled) in limits::predict_throttling(records, &placed)
        .into_iter()
        .enumerate()
    {
        if throttled {
            let shard = placed[i].expect("only placed records are throttled");
            outcomes[i].error = Some(limits::throttling_error(
                &layout.shards[shard].id,
                &records[i].stream,
            ));
        }
    }

    // Sequence numbers in arrival order within each shard.
    let mut delivered: Vec<usize> = (0..records.len())
        .filter(|&i| outcomes[i].shard.is_some() && outcomes[i].error.is_none())
        .collect();
    delivered.sort_by_key(|&i| records[i].arrival_ms);
    let mut next_in_shard = vec![0u64; layout.shards.len()];
    // `validate` refuses bad patterns before a simulation; here a bad one simply filters nothing.
    let filters = input.mapping.filters().unwrap_or_default();
    let mut invoked = Vec::with_capacity(delivered.len());
    let (stream_arn, role_arn) = (input.source.stream_arn(), input.source.role_arn());
    let mut entries = Vec::with_capacity(delivered.len());
    for &i in &delivered {
        let shard = outcomes[i].shard.expect("delivered records have a shard");
        let number = layout.shards[shard].number().unwrap_or(shard as u64);
        let sequence = sequence_number(number, next_in_shard[shard]);
        next_in_shard[shard] += 1;
        let event_bytes = serialized_len(&KinesisEventRecord {
            partition_key: &records[i].partition_key,
            sequence_number: &sequence,
            data: &records[i].data,
            arrival_ms: records[i].arrival_ms,
            shard_id: &layout.shards[shard].id,
            source: input.source,
            stream_arn: &stream_arn,
            role_arn: &role_arn,
        });
        if !filters.matches(&records[i].partition_key, &sequence, &records[i].data) {
            outcomes[i].sequence_number = Some(sequence);
            outcomes[i].filtered_out = true;
            continue;
        }
        outcomes[i].sequence_number = Some(sequence);
        invoked.push(i);
        entries.push(StreamEntry {
            shard,
            partition_hash: outcomes[i].partition_hash,
            arrival_ms: records[i].arrival_ms,
            event_bytes,
        });
    }
    let mapping = engine::run(layout, &entries, input.mapping, input.function);
    for (entry, &record) in invoked.iter().enumerate() {
        outcomes[record].lane = Some(mapping.lane_of[entry]);
        outcomes[record].batch = Some(mapping.batch_of[entry]);
    }
    let insights = insights::analyse(input, &outcomes, &mapping, &invoked);
    Simulation {
        outcomes,
        mapping,
        entry_record: invoked,
        insights,
    }
}

impl Simulation {
    /// The produced-record indices of a batch, in processing order.
    pub fn batch_records(&self, batch: usize) -> Vec<usize> {
        self.mapping.batches[batch]
            .records
            .iter()
            .map(|&entry| self.entry_record[entry])
            .collect()
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
        lambda_event_json(&event_records)
    }
}
