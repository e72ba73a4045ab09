//! What several targets share: records that came from untrusted input go through the whole
//! pipeline (validate, place, throttle, number and filter, the mapping with failures, insights,
//! the Lambda event and the on-failure documents), on a small stream so each run stays fast.
#![allow(dead_code)]

use shardlane::mapping::failures::{
    Attempts, FailureEffect, FailureRule, RandomFailures, RecordMatch,
};
use shardlane::mapping::{
    DestinationConfig, EventSource, FailureRules, FunctionModel, FunctionResponseType,
    MappingConfig,
};
use shardlane::{simulate, ProducedRecord, SimulationInput, StreamLayout};

/// Runs of more records than this are only read, not simulated (the reader is what is fuzzed).
pub const MAX_SIMULATED: usize = 16;

/// One of a few mapping set-ups, chosen by `pick`: AWS's defaults; a parallel, bisecting mapping
/// with partial responses and a destination; a mapping with bounded retries and record age.
pub fn mapping(pick: usize) -> MappingConfig {
    match pick % 3 {
        0 => MappingConfig::default(),
        1 => MappingConfig {
            batch_size: 3,
            parallelization_factor: 4,
            maximum_batching_window_seconds: 1,
            maximum_retry_attempts: 2,
            bisect_batch_on_function_error: true,
            function_response_types: vec![FunctionResponseType::ReportBatchItemFailures],
            destination_config: DestinationConfig::on_failure(
                "arn:aws:sqs:us-east-1:123456789012:dlq",
            ),
            ..MappingConfig::default()
        },
        _ => MappingConfig {
            batch_size: 2,
            maximum_retry_attempts: 1,
            maximum_record_age_seconds: 60,
            ..MappingConfig::default()
        },
    }
}

/// Failures for `pick`: none, or a transient error on keys starting with `a`, a timeout on record
/// 3 (a poison record when `mapping` gives up after at most 10 retries, else transient, so that
/// no run retries for a simulated day), partial failures on JSON data with `"bad": true`, and
/// random failures.
pub fn failures(pick: usize, mapping: &MappingConfig) -> FailureRules {
    if pick % 2 == 0 {
        return FailureRules::default();
    }
    FailureRules {
        rules: vec![
            FailureRule {
                effect: FailureEffect::Error,
                matches: RecordMatch::KeyPrefix("a".into()),
                attempts: Attempts::First(1),
            },
            FailureRule {
                effect: FailureEffect::Timeout,
                matches: RecordMatch::Record(3),
                attempts: if (0..=10).contains(&mapping.maximum_retry_attempts) {
                    Attempts::Always
                } else {
                    Attempts::First(2)
                },
            },
            FailureRule {
                effect: FailureEffect::Partial,
                matches: RecordMatch::Data(serde_json::json!({"bad": [true]})),
                attempts: Attempts::Always,
            },
        ],
        random: Some(RandomFailures {
            per_mille: 100,
            seed: pick as u64,
        }),
    }
}

/// Simulates `records` on `layout` with the set-up `pick` chooses, and reads every output a
/// person can ask for; checks the simulation's own promises.
pub fn simulate_records(
    records: &[ProducedRecord],
    layout: &StreamLayout,
    mapping: &MappingConfig,
    function: &FunctionModel,
    failures: &FailureRules,
) {
    if records.len() > MAX_SIMULATED || mapping.validate().is_err() || function.validate().is_err()
    {
        return;
    }
    let source = EventSource::default();
    let input =
        SimulationInput::new(records, layout, mapping, function, &source).with_failures(failures);
    let simulation = simulate(&input);
    assert_eq!(simulation.outcomes.len(), records.len());
    for outcome in &simulation.outcomes {
        // A record refused or throttled by AWS never enters a shard's sequence or a batch.
        if outcome.error.is_some() {
            assert!(outcome.sequence_number.is_none() && outcome.batch.is_none());
        }
    }
    for batch in 0..simulation.mapping.batches.len().min(4) {
        let _ = simulation.event_json(&input, batch);
    }
    let _ = simulation.on_failure_records(&input);
}

/// `simulate_records` on a uniform layout of `shards` shards, set-up chosen by `pick`.
pub fn simulate_on_uniform(records: &[ProducedRecord], shards: usize, pick: usize) {
    let layout = StreamLayout::uniform(shards).expect("a valid shard count");
    let mapping = mapping(pick);
    simulate_records(
        records,
        &layout,
        &mapping,
        &FunctionModel::default(),
        &failures(pick / 3, &mapping),
    );
}
