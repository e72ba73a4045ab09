//! What AWS's guides say happens when the function fails or falls behind, one scenario per
//! statement (quoted in each test's doc), and the on-failure document against AWS's example.

use shardlane::layout::StreamLayout;
use shardlane::mapping::failures::{Attempts, FailureEffect, FailureRule, RecordMatch};
use shardlane::mapping::{
    AttemptResult, DiscardReason, EventSource, FailureRules, FunctionModel, FunctionResponseType,
    MappingConfig, RecordFate,
};
use shardlane::record::ProducedRecord;
use shardlane::{simulate, Simulation, SimulationInput};

/// Records with the given keys, all put at time 0.
pub(crate) fn records(keys: &[&str]) -> Vec<ProducedRecord> {
    spaced(keys, 0)
}

/// Records with the given keys, `gap_ms` apart.
pub(crate) fn spaced(keys: &[&str], gap_ms: u64) -> Vec<ProducedRecord> {
    keys.iter()
        .enumerate()
        .map(|(i, key)| ProducedRecord {
            arrival_ms: i as u64 * gap_ms,
            put_call: i,
            ..ProducedRecord::new(*key, format!("{{\"n\": {i}}}").into_bytes())
        })
        .collect()
}

pub(crate) fn rule(effect: FailureEffect, key: &str, attempts: Attempts) -> FailureRules {
    FailureRules {
        rules: vec![FailureRule {
            effect,
            matches: RecordMatch::KeyEquals(key.into()),
            attempts,
        }],
        random: None,
    }
}

fn run(
    records: &[ProducedRecord],
    mapping: &MappingConfig,
    function: &FunctionModel,
    failures: &FailureRules,
) -> Simulation {
    let layout = StreamLayout::uniform(1).unwrap();
    let source = EventSource::default();
    simulate(
        &SimulationInput::new(records, &layout, mapping, function, &source).with_failures(failures),
    )
}

fn fates(simulation: &Simulation) -> Vec<RecordFate> {
    simulation
        .outcomes
        .iter()
        .map(|o| o.fate.unwrap())
        .collect()
}

/// Seed 001 (AWS Lambda FAQ): "If the invocation for one record times out, is throttled, or
/// encounters any other error, Lambda will retry until it succeeds (or the record reaches its
/// expiration) before moving on to the next record."
#[test]
fn a_failing_record_is_retried_until_it_succeeds_before_the_shard_moves_on() {
    let keys = ["a", "b", "c", "d"];
    let mapping = MappingConfig {
        batch_size: 2,
        ..MappingConfig::default()
    };
    for effect in [FailureEffect::Error, FailureEffect::Timeout] {
        let simulation = run(
            &records(&keys),
            &mapping,
            &FunctionModel::default(),
            &rule(effect, "b", Attempts::First(3)),
        );
        let batches = &simulation.mapping.batches;
        let expected = if effect == FailureEffect::Error {
            AttemptResult::Error
        } else {
            AttemptResult::Timeout
        };
        assert_eq!(
            batches.iter().map(|b| b.result).collect::<Vec<_>>(),
            [
                expected,
                expected,
                expected,
                AttemptResult::Ok,
                AttemptResult::Ok
            ]
        );
        // The next records wait for the retried batch's success.
        assert!(batches[4].start_ms >= batches[3].end_ms);
        assert_eq!(batches[4].records, [2, 3]);
        assert!(fates(&simulation)
            .iter()
            .all(|f| *f == RecordFate::Processed));
        if effect == FailureEffect::Timeout {
            assert_eq!(batches[0].end_ms - batches[0].start_ms, 3_000 + 300);
        }
    }
}

/// Seed 003 (Lambda guide, error handling): "If the function is throttled or the Lambda service
/// returns an error without invoking the function, Lambda retries until the records expire" and
/// the retry quota "doesn't apply to service errors or throttles where the batch didn't reach the
/// function".
#[test]
fn throttled_batches_wait_and_are_not_function_errors() {
    let layout = StreamLayout::uniform(4).unwrap();
    let records = records(&["a", "b", "e", "f", "g", "h", "i", "j"]);
    let mapping = MappingConfig {
        maximum_retry_attempts: 0,
        ..MappingConfig::default()
    };
    let function = FunctionModel {
        max_environments: Some(1),
        ..FunctionModel::default()
    };
    let source = EventSource::default();
    let simulation = simulate(&SimulationInput::new(
        &records, &layout, &mapping, &function, &source,
    ));
    let batches = &simulation.mapping.batches;
    assert!(batches.iter().any(|b| b.throttled));
    assert!(batches
        .iter()
        .all(|b| b.result == AttemptResult::Ok && b.retry == 0));
    assert!(simulation.mapping.discards.is_empty());
}

/// Seed 003: "With the default settings, this means that a bad record can block processing on the
/// affected shard for up to one week." (with the stream's retention at 7 days)
#[test]
fn a_poison_record_blocks_its_shard_until_it_expires() {
    let keys: Vec<String> = (0..20).map(|i| format!("k{i}")).collect();
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    let mapping = MappingConfig {
        batch_size: 5,
        retention_period_hours: 168,
        ..MappingConfig::default()
    };
    let simulation = run(
        &records(&keys),
        &mapping,
        &FunctionModel::default(),
        &rule(FailureEffect::Error, "k7", Attempts::Always),
    );
    let blockage = &simulation.mapping.blockages[0];
    let week = 7 * 24 * 3_600_000;
    let blocked = blockage.to_ms - blockage.from_ms;
    assert!(
        (week - 120_000..=week + 120_000).contains(&blocked),
        "{blocked}"
    );
    assert_eq!(blockage.waiting_records, 10);
    let discard = &simulation.mapping.discards[0];
    assert_eq!(discard.reason, DiscardReason::RecordAgeExceeded);
    assert_eq!(discard.records, [5, 6, 7, 8, 9]);
    // The records behind it waited as long, so they expired too.
    assert_eq!(
        simulation.outcomes[10].discard_reason(),
        Some(DiscardReason::RecordAgeExceeded)
    );
    let finding = &simulation.insights.findings[0];
    assert!(
        finding.starts_with("5 failing records blocked shardId-000000000000 for "),
        "{finding}"
    );
    assert!(
        finding.ends_with("10 records waited behind them."),
        "{finding}"
    );
}

/// Seed 003: "For function errors, you can also configure the event source mapping to split a
/// failed batch into two batches. Retrying with smaller batches isolates bad records and works
/// around timeout issues. Splitting a batch does not count towards the retry quota."
#[test]
fn bisect_isolates_the_poison_record_without_spending_retries() {
    let keys = ["a", "b", "c", "d", "e", "poison", "g", "h"];
    let mapping = MappingConfig {
        batch_size: 8,
        maximum_retry_attempts: 2,
        bisect_batch_on_function_error: true,
        ..MappingConfig::default()
    };
    let simulation = run(
        &records(&keys),
        &mapping,
        &FunctionModel::default(),
        &rule(FailureEffect::Error, "poison", Attempts::Always),
    );
    let alone: Vec<_> = simulation
        .mapping
        .batches
        .iter()
        .filter(|b| b.records == [5])
        .collect();
    // 8 → 4 → 2 → 1 costs no retry; then the record alone gets its first try and 2 retries.
    assert_eq!(alone.iter().map(|b| b.retry).collect::<Vec<_>>(), [0, 1, 2]);
    assert_eq!(alone[0].bisect_depth, 3);
    let fate = fates(&simulation);
    assert_eq!(
        fate[5],
        RecordFate::Discarded(DiscardReason::RetryAttemptsExhausted)
    );
    assert!(fate
        .iter()
        .enumerate()
        .all(|(i, f)| i == 5 || *f == RecordFate::Processed));
    assert_eq!(simulation.mapping.blockages[0].bisect_depth, 3);
}

/// Seed 003: "Retry attempts – The maximum number of times that Lambda retries when the function
/// returns an error" and "Maximum age of record – The maximum age of a record that Lambda sends to
/// your function."
#[test]
fn retries_stop_at_the_quota_or_the_maximum_record_age() {
    let keys = ["a", "poison", "c"];
    let quota = MappingConfig {
        batch_size: 1,
        maximum_retry_attempts: 2,
        ..MappingConfig::default()
    };
    let poison = rule(FailureEffect::Error, "poison", Attempts::Always);
    let function = FunctionModel::default();
    let limited = run(&records(&keys), &quota, &function, &poison);
    assert_eq!(limited.outcomes[1].deliveries, 3);
    assert_eq!(
        limited.outcomes[1].discard_reason(),
        Some(DiscardReason::RetryAttemptsExhausted)
    );
    let aged = MappingConfig {
        batch_size: 1,
        maximum_record_age_seconds: 60,
        ..MappingConfig::default()
    };
    let expired = run(&spaced(&keys, 50_000), &aged, &function, &poison);
    assert_eq!(
        expired.outcomes[1].discard_reason(),
        Some(DiscardReason::RecordAgeExceeded)
    );
    let discard = &expired.mapping.discards[0];
    assert!(
        discard.at_ms > 110_000 && discard.at_ms < 170_000,
        "{}",
        discard.at_ms
    );
    assert_eq!(expired.outcomes[2].fate, Some(RecordFate::Processed));
}

/// Partial batch responses (Lambda guide): with ReportBatchItemFailures Lambda retries from the
/// lowest reported sequence number; records before it are checkpointed. Without it the response
/// is ignored and the batch counts as a success.
#[test]
fn partial_batch_responses_are_honoured_only_when_reported() {
    let keys = ["a", "b", "bad", "d", "e"];
    let failures = rule(FailureEffect::Partial, "bad", Attempts::First(1));
    let reporting = MappingConfig {
        batch_size: 5,
        function_response_types: vec![FunctionResponseType::ReportBatchItemFailures],
        ..MappingConfig::default()
    };
    let function = FunctionModel::default();
    let simulation = run(&records(&keys), &reporting, &function, &failures);
    let batches = &simulation.mapping.batches;
    assert_eq!(
        batches[0].result,
        AttemptResult::Partial {
            reported: 1,
            first: 2
        }
    );
    assert_eq!(batches[1].records, [2, 3, 4]);
    let deliveries: Vec<u32> = simulation.outcomes.iter().map(|o| o.deliveries).collect();
    assert_eq!(deliveries, [1, 1, 2, 2, 2]);
    let ignoring = MappingConfig {
        function_response_types: Vec::new(),
        ..reporting
    };
    let ignored = run(&records(&keys), &ignoring, &function, &failures);
    assert_eq!(ignored.mapping.batches.len(), 1);
    assert_eq!(ignored.mapping.batches[0].result, AttemptResult::Ok);
}

/// Seed 004: "Kinesis guarantees that every record is delivered “at least once”, but occasionally
/// messages are delivered more than once. This is caused by producers that retry messages,
/// network-related timeouts, and consumer retries".
#[test]
fn a_retried_batch_delivers_its_good_records_again() {
    let keys = ["a", "b", "flaky"];
    let simulation = run(
        &records(&keys),
        &MappingConfig::default(),
        &FunctionModel::default(),
        &rule(FailureEffect::Error, "flaky", Attempts::First(1)),
    );
    let deliveries: Vec<u32> = simulation.outcomes.iter().map(|o| o.deliveries).collect();
    assert_eq!(deliveries, [2, 2, 2]);
    assert_eq!(simulation.insights.lag.records_delivered_again, 3);
}

/// Seed 003: "Lambda emits the IteratorAge metric when your function finishes processing a batch
/// of records. The metric indicates how old the last record in the batch was when processing
/// finished." Seed 004: ParallelizationFactor "provides a way to increase Lambda throughout if the
/// IteratorAge metric is increasing".
#[test]
fn iterator_age_grows_with_a_slow_function_and_parallelization_brings_it_down() {
    let keys: Vec<String> = (0..400).map(|i| format!("user-{i}")).collect();
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    let slow = FunctionModel {
        per_record_ms: 25,
        ..FunctionModel::default()
    };
    let max_age = |factor| {
        let mapping = MappingConfig {
            batch_size: 10,
            parallelization_factor: factor,
            ..MappingConfig::default()
        };
        let simulation = run(
            &spaced(&keys, 10),
            &mapping,
            &slow,
            &FailureRules::default(),
        );
        for batch in &simulation.mapping.batches {
            let last = *batch.records.last().unwrap();
            let arrival = simulation.entry_record[last] as u64 * 10;
            assert_eq!(batch.iterator_age_ms, batch.end_ms - arrival);
        }
        simulation.insights.lag.max_iterator_age_ms[0]
    };
    let (one, four) = (max_age(1), max_age(4));
    assert!(one > 3 * four, "PF 1: {one} ms, PF 4: {four} ms");
}
